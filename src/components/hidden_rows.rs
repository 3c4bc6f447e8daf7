use leptos::prelude::*;

/// Says how many rows of a long panel are not rendered before or after its window (the window
/// follows the playhead; filters narrow the list).
#[component]
pub fn HiddenRows(count: usize, what: &'static str, later: bool) -> impl IntoView {
    (count > 0).then(|| {
        let when = if later { "later" } else { "earlier" };
        view! {
            <p class="rows-hidden" data-testid="rows-hidden">
                {format!("{count} {when} {what} not shown — move the playhead or filter to see them")}
            </p>
        }
    })
}
