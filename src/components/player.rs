use leptos::html::Iframe;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::{ReplayStage, StatusBar, UrlBar};
use crate::controller::{Controller, PlayerSignals};
use crate::embed::{self, CommandListener};
use crate::source::Source;

/// A player for one recording: loads it, shows its first frame, answers the embedding contract.
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

    spawn_local(async move {
        embed::mark(embed::MARK_LOAD_START);
        let result = source.load(move |p| signals.progress.set(p)).await;
        match (result, frame.get_untracked()) {
            (Ok(loaded), Some(iframe)) => controller.open(loaded, iframe),
            (Ok(_), None) => {}
            (Err(e), _) => controller.fail(&e),
        }
    });

    view! {
        <div class="player" data-testid="player" data-state=move || signals.state.get().as_str() aria-label=format!("Replay of {title}")>
            <UrlBar signals=signals/>
            <ReplayStage signals=signals frame=frame/>
            <StatusBar signals=signals/>
        </div>
    }
}
