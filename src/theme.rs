//! The player's colours: the system's (`prefers-color-scheme`) until the user picks a theme,
//! which is then remembered (`localStorage`). The theme is `data-theme` on `<html>`; the
//! style sheet has one set of colours per value. The replayed page is never re-coloured: the
//! replay iframe keeps its own colour scheme whatever the player's.

use wasm_bindgen::JsCast;

const KEY: &str = "tapedeck-theme";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(s: &str) -> Option<Theme> {
        match s {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    pub fn other(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    // Storage may be switched off or throw (private modes, sandboxed embeds): then the choice
    // lasts as long as the page.
    web_sys::window()?.local_storage().ok().flatten()
}

/// The theme the user picked, if any.
pub fn stored() -> Option<Theme> {
    Theme::parse(&storage()?.get_item(KEY).ok().flatten()?)
}

/// The system's "I prefer light" query.
fn light_query() -> Option<web_sys::MediaQueryList> {
    web_sys::window()?
        .match_media("(prefers-color-scheme: light)")
        .ok()
        .flatten()
}

/// The system's preference.
pub fn system() -> Theme {
    let light = light_query().is_some_and(|m| m.matches());
    if light {
        Theme::Light
    } else {
        Theme::Dark
    }
}

/// The theme in force: the user's choice, else the system's.
pub fn current() -> Theme {
    stored().unwrap_or_else(system)
}

/// Colours the player with `theme`.
pub fn apply(theme: Theme) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-theme", theme.name());
    }
}

/// The user's choice: applied and remembered.
pub fn choose(theme: Theme) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, theme.name());
    }
    apply(theme);
}

/// At start: applies the theme in force, and follows the system while the user has not
/// chosen. `on_change` hears every change the system makes.
pub fn install(on_change: impl Fn(Theme) + 'static) {
    apply(current());
    let Some(query) = light_query() else { return };
    let cb = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        if stored().is_none() {
            let t = system();
            apply(t);
            on_change(t);
        }
    });
    query.set_onchange(Some(cb.as_ref().unchecked_ref()));
    // Lives as long as the page.
    cb.forget();
}
