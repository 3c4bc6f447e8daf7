use leptos::html::Iframe;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::{Controls, ReplayStage, UrlBar};
use crate::embed::{self, CommandListener};
use crate::hooks::use_player_keys;
use crate::player::{Controller, PlayerSignals};
use crate::source::Source;

/// A player for one recording: loads it, plays it, answers the keyboard and the embedding
/// contract.
#[component]
pub fn Player(source: Source, #[prop(into)] title: String) -> impl IntoView {
    let signals = PlayerSignals::new();
    let controller = Controller::new(signals);
    let frame = NodeRef::<Iframe>::new();

    let listener = {
        let controller = controller.clone();
        CommandListener::new(move |cmd| controller.command(cmd))
    };
    StoredValue::new_local(listener);
    use_player_keys(controller.clone());

    let loader = controller.clone();
    spawn_local(async move {
        embed::mark(embed::MARK_LOAD_START);
        let result = source.load(move |p| signals.progress.set(p)).await;
        match (result, frame.get_untracked()) {
            (Ok(loaded), Some(iframe)) => loader.open(loaded, iframe),
            (Ok(_), None) => {}
            (Err(e), _) => loader.fail(&e),
        }
    });

    view! {
        <div class="player" data-testid="player" data-state=move || signals.state.get().as_str() data-indexed=move || signals.indexed.get().to_string() aria-label=format!("Replay of {title}")>
            <UrlBar signals=signals/>
            <ReplayStage signals=signals controller=controller.clone() frame=frame/>
            <Controls signals=signals controller=controller/>
        </div>
    }
}
