use leptos::prelude::*;

use crate::hooks::RowWindow;

/// The rendered rows of a long list, with how many rows before and after them are not rendered
/// (the window follows the playhead; filters narrow the list). The counts follow `window` on
/// their own: a list growing around the same rows does not render them again.
#[component]
pub fn WindowedRows(window: Memo<RowWindow>, what: &'static str, children: Children) -> impl IntoView {
    let hidden = move |count: fn(&RowWindow) -> usize, when: &'static str| {
        move || {
            let count = window.with(count);
            (count > 0).then(|| {
                view! {
                    <p class="rows-hidden" role="listitem" data-testid="rows-hidden">
                        {format!("{count} {when} {what} not shown — move the playhead or filter to see them")}
                    </p>
                }
            })
        }
    };
    view! {
        {hidden(RowWindow::before, "earlier")}
        {children()}
        {hidden(RowWindow::after, "later")}
    }
}
