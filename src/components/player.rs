use std::rc::Rc;

use leptos::html::Iframe;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::components::{Announcer, Controls, Notice, ReplayStage, SidePanel, UrlBar};
use crate::embed::CommandListener;
use crate::fetch::{Arrival, Finished, Progress, Sink};
use crate::hooks::{use_player_keys, use_theater};
use crate::player::{Controller, Panel, PlayState, PlayerSignals};
use crate::source::Source;

/// A player for one recording: loads it, plays it, shows what the code did beside it, answers
/// the keyboard, deep links (`?t=`, `?at=`, `&panel=`, `&play=1`, `&q=`) and the embedding contract.
#[component]
pub fn Player(source: Source, #[prop(into)] title: String) -> impl IntoView {
    // The request leaves first (a session's to its index): the download overlaps building the
    // player and its frame. The first frame is measured from the recording's own request.
    crate::warmup::stop();
    let opening = source.open();
    // The replay frame's page loads from the moment the frame is made.
    let page = crate::renderer::FramePage::new();
    let frame_page = page.as_ref().map(|p| (p.url().to_owned(), p.arrived()));
    let signals = PlayerSignals::new();
    // The session's short name, for the files it is exported to: its address's last part
    // (`/sessions/buggy-checkout`), else its title.
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    signals.name.set(match path.strip_prefix("/sessions/") {
        Some(id) if !id.is_empty() => id.trim_end_matches('/').to_owned(),
        _ => title.clone(),
    });
    // A session's index may name it better, once it has answered.
    let title = RwSignal::new(title);
    let config = use_context::<crate::config::Config>().unwrap_or_default();
    let controller = Controller::new(signals, config.click_options());
    controller.set_block_remote(config.block_remote_assets);
    let frame = NodeRef::<Iframe>::new();
    let query = crate::hooks::use_query();
    let location = use_location();
    let navigate = use_navigate();

    let listener = {
        let controller = controller.clone();
        CommandListener::new(move |cmd| controller.command(cmd))
    };
    StoredValue::new_local(listener);
    use_player_keys(controller.clone());
    let main = NodeRef::<leptos::html::Div>::new();
    use_theater(main, signals.theater);

    // Every deliberate jump becomes a history entry, so back and forward move between moments.
    controller.on_jump(Rc::new(move |ms: f64| {
        let search = query.with_untracked(|q| crate::components::copy_link::moment_search(q, ms, &signals));
        let path = location.pathname.get_untracked();
        navigate(
            &format!("{path}?{search}"),
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    }));

    // Back and forward: follow `?t=` when it changes under a loaded session.
    {
        let controller = controller.clone();
        Effect::new(move |_| {
            let t = query.with(|q| q.get("t"));
            let Some(t) = t.and_then(|t| tapedeck_core::deeplink::parse_seconds(&t)) else {
                return;
            };
            let ms = t * 1000.0;
            if signals.info.with_untracked(|i| i.is_some()) && (signals.time_ms.get_untracked() - ms).abs() > 150.0 {
                controller.pause();
                controller.seek(ms);
            }
        });
    }

    // `?window=`: which recorded window (tab, frame) to show, of a body that recorded several.
    let window = query.with_untracked(|q| q.get("window"));
    let sink = Rc::new(PlayerSink {
        controller: controller.clone(),
        frame,
        page: std::cell::RefCell::new(page),
        landing: std::cell::RefCell::new(Some(Landing::from_query(&query.get_untracked()))),
        opened_at: std::cell::Cell::new(None),
        memory_limit: config.memory_limit(),
    });
    // A link's moment is landed on once the first frame is shown (its page is built in slices:
    // a seek before that would be undone).
    {
        let sink = sink.clone();
        Effect::new(move |_| {
            if signals.settled() {
                sink.try_land(!signals.streaming.get_untracked());
            }
        });
    }
    // Leaving the player stops everything it started and lets go of the session.
    {
        let guard = StoredValue::new_local(Some(controller.clone()));
        on_cleanup(move || {
            if let Some(Some(c)) = guard.try_update_value(|g| g.take()) {
                c.dispose();
            }
        });
    }
    spawn_local(async move {
        let (reading, named) = opening.begun().await;
        if sink.cancelled() {
            return;
        }
        if let Some(named) = named {
            title.set(named);
        }
        let result = reading.load(window, &*sink).await;
        if sink.cancelled() {
            return;
        }
        match result {
            Ok(Finished::Whole(loaded)) => {
                if sink.start(loaded, false) {
                    sink.try_land(true);
                }
            }
            Ok(Finished::Rest(rest)) => {
                sink.controller.complete(rest);
                sink.try_land(true);
            }
            Err(e) => sink.controller.fail(&e),
        }
    });

    view! {
        <div class="player" data-testid="player" data-state=move || signals.state.get().as_str() data-indexed=move || signals.indexed.get().to_string() data-streaming=move || signals.streaming.get().to_string() aria-label=move || format!("Replay of {}", title.get())>
            <div class="player-main" class:theater=move || signals.theater.get() node_ref=main>
                <UrlBar signals=signals/>
                <div class="stage-wrap">
                    <ReplayStage signals=signals controller=controller.clone() frame=frame page=frame_page/>
                    <Notice signals=signals/>
                </div>
                <Controls signals=signals controller=controller.clone()/>
                <Announcer signals=signals/>
            </div>
            <SidePanel signals=signals controller=controller/>
        </div>
    }
}

/// Where a deep link asks to land, kept until the session has loaded far enough.
struct Landing {
    t: Option<String>,
    at: Option<String>,
    panel: Option<Panel>,
    play: bool,
    /// `node=`: a node to select in the Elements panel.
    node: Option<String>,
    /// `q=`: a Find query; lands on its result nearest `t`/`at` (or its first).
    q: Option<String>,
    /// `panel=` naming no panel, to say so.
    unknown_panel: Option<String>,
}

impl Landing {
    fn from_query(q: &tapedeck_core::deeplink::Query) -> Landing {
        // Other players' names for the same things; the player's own names win.
        let alias = tapedeck_core::deeplink::aliases(|name| q.get(name));
        let panel = q.get("panel").or(alias.panel);
        Landing {
            t: q.get("t").or(alias.t),
            at: q.get("at").or(alias.at),
            unknown_panel: panel.clone().filter(|p| Panel::parse(p).is_none()),
            panel: panel.and_then(|p| Panel::parse(&p)),
            play: q.get("play").is_some_and(|p| tapedeck_core::deeplink::wants_play(&p)),
            node: q.get("node"),
            q: q.get("q").filter(|q| !q.trim().is_empty()),
        }
    }
}

/// Takes a recording as it arrives: shows its first page at once, grows it, lands where the
/// link asks as soon as that moment has arrived.
struct PlayerSink {
    controller: Controller,
    frame: NodeRef<Iframe>,
    /// The replay frame's page, loading while the player is built and the recording downloads.
    page: std::cell::RefCell<Option<crate::renderer::FramePage>>,
    landing: std::cell::RefCell<Option<Landing>>,
    /// Where the playhead was when the session opened: moved since (a seek, playing), the
    /// viewer has taken over and a link's moment still waiting for its part is not landed.
    opened_at: std::cell::Cell<Option<f64>>,
    /// `max_memory_mb`, in bytes.
    memory_limit: usize,
}

impl PlayerSink {
    /// Opens the session in the frame; false when the player is gone.
    fn start(&self, loaded: tapedeck_core::load::Loaded, streaming: bool) -> bool {
        let Some(iframe) = self.frame.get_untracked() else {
            return false;
        };
        let page = self.page.borrow_mut().take();
        self.controller.open(loaded, iframe, page, streaming);
        self.opened_at
            .set(Some(self.controller.signals().time_ms.get_untracked()));
        if let Some(p) = self.landing.borrow().as_ref().and_then(|l| l.panel) {
            self.controller.signals().panel.set(p);
        }
        true
    }

    /// Lands when the link's moment has arrived (`last`: the whole body is in).
    fn try_land(&self, last: bool) {
        let signals = self.controller.signals();
        if signals.info.with_untracked(|i| i.is_none()) || signals.state.get_untracked() == PlayState::Loading {
            return;
        }
        let ready = {
            let landing = self.landing.borrow();
            let Some(l) = landing.as_ref() else { return };
            let arrived =
                |t: &str| tapedeck_core::deeplink::parse_seconds(t).is_some_and(|s| s * 1000.0 <= signals.duration());
            last || (l.at.is_none() && l.t.as_deref().is_none_or(arrived))
        };
        if ready {
            if let Some(l) = self.landing.borrow_mut().take() {
                if self.viewer_took_over() && (l.t.is_some() || l.at.is_some() || l.q.is_some() || l.node.is_some()) {
                    // Thrown back to the link's moment minutes into watching: no. Said instead.
                    signals.notice.set(Some(
                        "The link's moment has now loaded; the replay stays where you took it. Open the link again to go there."
                            .to_owned(),
                    ));
                    return;
                }
                self.controller.land(l.t.as_deref(), l.at.as_deref(), l.panel, l.play);
                // What each part of the link could not do, said together (each used to replace
                // the one before).
                let mut said: Vec<String> = signals.notice.get_untracked().into_iter().collect();
                if let Some(p) = l.unknown_panel.as_deref() {
                    said.push(format!(
                        "?panel={} is not a panel (console, network, errors, activity or elements).",
                        tapedeck_core::deeplink::shown(p)
                    ));
                }
                if let Some(node) = l.node.as_deref() {
                    signals.notice.set(None);
                    self.controller.land_on_node(node, l.panel.is_none());
                    said.extend(signals.notice.get_untracked());
                }
                if !said.is_empty() {
                    signals.notice.set(Some(said.join(" ")));
                }
                if let Some(q) = l.q.as_deref() {
                    let near = (l.t.is_some() || l.at.is_some()).then(|| signals.time_ms.get_untracked());
                    self.controller.find_from_link(q, near);
                }
            }
        }
    }
}

impl PlayerSink {
    /// Whether the playhead was moved or played since the session opened.
    fn viewer_took_over(&self) -> bool {
        self.opened_at.get().is_some_and(|at| self.controller.moved_since(at))
    }
}

impl Sink for PlayerSink {
    fn progress(&self, p: Progress) {
        if !self.cancelled() {
            self.controller.signals().progress.set(p);
        }
    }

    fn cancelled(&self) -> bool {
        self.controller.is_disposed()
    }

    fn memory_limit(&self) -> usize {
        self.memory_limit
    }

    fn arrive(&self, a: Arrival) {
        if self.cancelled() {
            return;
        }
        match a {
            Arrival::Start(loaded) => {
                if self.start(loaded, true) {
                    self.try_land(false);
                }
            }
            Arrival::More(events) => {
                self.controller.grow(events);
                self.try_land(false);
            }
        }
    }
}
