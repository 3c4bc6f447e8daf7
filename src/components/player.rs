use std::rc::Rc;

use leptos::html::Iframe;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::components::{Controls, Notice, ReplayStage, SidePanel, UrlBar};
use crate::embed::{self, CommandListener};
use crate::hooks::use_player_keys;
use crate::player::{Controller, Panel, PlayerSignals};
use crate::source::Source;

/// A player for one recording: loads it, plays it, shows what the code did beside it, answers
/// the keyboard, deep links (`?t=`, `?at=`, `&panel=`, `&play=1`) and the embedding contract.
#[component]
pub fn Player(source: Source, #[prop(into)] title: String) -> impl IntoView {
    let signals = PlayerSignals::new();
    let click_options = use_context::<crate::config::Config>()
        .map(|c| c.click_options())
        .unwrap_or_default();
    let controller = Controller::new(signals, click_options);
    let frame = NodeRef::<Iframe>::new();
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();

    let listener = {
        let controller = controller.clone();
        CommandListener::new(move |cmd| controller.command(cmd))
    };
    StoredValue::new_local(listener);
    use_player_keys(controller.clone());

    // Every deliberate jump becomes a history entry, so back and forward move between moments.
    controller.on_jump(Rc::new(move |ms: f64| {
        let mut params: Vec<(String, String)> = query
            .with_untracked(|q| q.clone())
            .into_iter()
            .filter(|(k, _)| !matches!(k.as_ref(), "t" | "at" | "play" | "panel"))
            .map(|(k, v)| (k.into_owned(), v))
            .collect();
        params.push(("t".to_owned(), ((ms / 100.0).round() / 10.0).to_string()));
        params.push(("panel".to_owned(), signals.panel.get_untracked().name().to_owned()));
        let search: String = params
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}={}",
                    crate::config::encode_component(k),
                    crate::config::encode_component(v)
                )
            })
            .collect::<Vec<_>>()
            .join("&");
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

    let loader = controller.clone();
    spawn_local(async move {
        embed::mark(embed::MARK_LOAD_START);
        let result = source.load(move |p| signals.progress.set(p)).await;
        match (result, frame.get_untracked()) {
            (Ok(loaded), Some(iframe)) => {
                loader.open(loaded, iframe);
                let q = query.get_untracked();
                if let Some(p) = q.get("panel").and_then(|p| Panel::parse(&p)) {
                    signals.panel.set(p);
                }
                let play = q.get("play").is_some_and(|p| p == "1" || p == "true");
                loader.land(q.get("t").as_deref(), q.get("at").as_deref(), play);
            }
            (Ok(_), None) => {}
            (Err(e), _) => loader.fail(&e),
        }
    });

    view! {
        <div class="player" data-testid="player" data-state=move || signals.state.get().as_str() data-indexed=move || signals.indexed.get().to_string() aria-label=format!("Replay of {title}")>
            <div class="player-main">
                <UrlBar signals=signals/>
                <div class="stage-wrap">
                    <ReplayStage signals=signals controller=controller.clone() frame=frame/>
                    <Notice signals=signals/>
                </div>
                <Controls signals=signals controller=controller.clone()/>
            </div>
            <SidePanel signals=signals controller=controller/>
        </div>
    }
}
