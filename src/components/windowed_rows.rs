use leptos::prelude::*;

use crate::hooks::RowWindow;

/// The rendered rows of a long list, with how many rows before and after them are not rendered
/// (the window follows the playhead; filters narrow the list).
#[component]
pub fn WindowedRows(window: RowWindow, what: &'static str, children: Children) -> impl IntoView {
    let hidden = move |count: usize, when: &str| {
        (count > 0).then(|| {
            view! {
                <p class="rows-hidden" role="listitem" data-testid="rows-hidden">
                    {format!("{count} {when} {what} not shown — move the playhead or filter to see them")}
                </p>
            }
        })
    };
    view! {
        {hidden(window.before(), "earlier")}
        {children()}
        {hidden(window.after(), "later")}
    }
}
