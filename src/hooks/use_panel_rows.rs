//! The rows a panel renders, made again only when they differ: a session growing while it
//! downloads publishes a new analysis every few hundred ms, and each used to rebuild the 100
//! rows of every panel, the hidden ones too (tens of ms each on an hour's session).

use leptos::prelude::*;

/// `rows` picks the panel's rows (it reads the window and the analysis). While the panel is not
/// `shown` they are neither picked nor rendered again: a panel never shown renders none (its
/// first rows are made when it is first shown), a hidden one keeps what it had. Rows equal to
/// the last ones render nothing again.
pub fn use_panel_rows<T>(shown: Signal<bool>, rows: impl Fn() -> T + Send + Sync + 'static) -> Memo<T>
where
    T: Default + PartialEq + Send + Sync + 'static,
{
    Memo::new_owning(move |prev: Option<T>| {
        if !shown.get() {
            let changed = prev.is_none();
            return (prev.unwrap_or_default(), changed);
        }
        let next = rows();
        let changed = prev.as_ref() != Some(&next);
        (next, changed)
    })
}
