//! Saving text as a file the user downloads (a `blob:` URL and a link with `download`).

use wasm_bindgen::JsCast;

/// Offers `text` as a download named `name`. False when the browser refused.
pub fn save(name: &str, mime: &str, text: &str) -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let Some(a) = doc
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return false;
    };
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The browser has taken the file once the click's task is over.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    }
    true
}

/// A name safe in a file name: letters, digits, `-` and `_` (at most 60).
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let out = out.trim_matches('-').to_owned();
    if out.is_empty() {
        "session".to_owned()
    } else {
        out
    }
}

/// `0m23.4s` for an offset in ms (file names: no colons).
pub fn stamp(ms: f64) -> String {
    let tenths = (ms.max(0.0) / 100.0).round() as u64;
    format!("{}m{:02}.{}s", tenths / 600, (tenths / 10) % 60, tenths % 10)
}
