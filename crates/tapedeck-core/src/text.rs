//! Shared text: a recorded string held once however often the recording repeats it.
//!
//! Recorders write the same long strings again and again: every full snapshot of a site carries
//! its inline style sheets, a canvas's bitmap as a `data:` URL, the same SVG paths. [`Text`] is
//! an immutable, reference-counted string; texts of [`SHARED_FROM`] bytes or more are looked up
//! in a table of the texts still alive, so equal ones share one allocation (the mirror's
//! checkpoints share them too, by cloning the handle). The table holds weak handles: a text
//! nobody holds any more is freed, and its entry dropped at the next sweep.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, Weak};

/// Texts this long or longer are shared; shorter ones are cheaper to copy than to look up.
pub const SHARED_FROM: usize = 256;

/// An immutable string, cheap to clone; long ones shared when equal.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Arc<str>);

#[derive(Default)]
struct Table {
    /// By hash of the content; equal hashes are told apart by comparing the text.
    texts: HashMap<u64, Vec<Weak<str>>>,
    /// Entries held at the last sweep: the table is swept again when it has doubled.
    swept_at: usize,
    entries: usize,
}

thread_local! {
    static TABLE: RefCell<Table> = RefCell::default();
}

/// FNV-1a over the length and at most 256 bytes spread over the text: equal texts hash alike,
/// and a hit is confirmed by comparing the whole text, so sampling costs no correctness.
fn hash_of(s: &str) -> u64 {
    let bytes = s.as_bytes();
    let step = (bytes.len() / 256).max(1);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in (bytes.len() as u64)
        .to_le_bytes()
        .into_iter()
        .chain(bytes.iter().step_by(step).copied())
    {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl Table {
    fn share(&mut self, s: &str) -> Arc<str> {
        let key = hash_of(s);
        let list = self.texts.entry(key).or_default();
        if let Some(found) = list.iter().filter_map(Weak::upgrade).find(|t| **t == *s) {
            return found;
        }
        let text: Arc<str> = Arc::from(s);
        list.retain(|w| w.strong_count() > 0);
        list.push(Arc::downgrade(&text));
        self.entries += 1;
        if self.entries > 2 * self.swept_at.max(1024) {
            self.sweep();
        }
        text
    }

    fn sweep(&mut self) {
        self.texts.retain(|_, list| {
            list.retain(|w| w.strong_count() > 0);
            !list.is_empty()
        });
        self.entries = self.texts.values().map(Vec::len).sum();
        self.swept_at = self.entries;
    }
}

impl Text {
    pub fn new(s: &str) -> Text {
        if s.len() >= SHARED_FROM {
            Text(TABLE.with(|t| t.borrow_mut().share(s)))
        } else {
            Text(Arc::from(s))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Both handles hold the same allocation (for tests and measures).
    pub fn same_allocation(&self, other: &Text) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::new("")
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::new(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::new(&s)
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text::new(s)
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0.to_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::new(v))
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_equal_texts_share_one_allocation_short_ones_do_not() {
        let long = "a{color:red}".repeat(40);
        let a = Text::new(&long);
        let b = Text::from(long.clone());
        assert!(a.same_allocation(&b));
        assert_eq!(a, b);
        assert_eq!(a, *long);
        let c = Text::new("div");
        let d = Text::new("div");
        assert!(!c.same_allocation(&d));
        assert_eq!(c, d);
        // Same length, other content: not confused.
        let other = "b{color:red}".repeat(40);
        assert!(!Text::new(&other).same_allocation(&a));
        assert_eq!(Text::new(&other), *other);
    }

    #[test]
    fn a_text_nobody_holds_is_freed_and_its_entry_swept() {
        let weak = {
            let t = Text::new(&"x".repeat(1000));
            Arc::downgrade(&t.0)
        };
        assert_eq!(weak.strong_count(), 0);
        // Thousands of texts come and go: the table does not keep their entries.
        for i in 0..10_000 {
            let _ = Text::new(&format!("{i:0>300}"));
        }
        let entries = TABLE.with(|t| t.borrow().texts.len());
        assert!(entries < 4_000, "{entries} entries left");
    }

    #[test]
    fn reads_back_as_json_wrote_it() {
        let t: Text = serde_json::from_str(r#""caf\u00e9 \"quoted\"""#).unwrap();
        assert_eq!(t, "café \"quoted\"");
        assert_eq!(serde_json::to_string(&t).unwrap(), r#""café \"quoted\"""#);
        assert!(serde_json::from_str::<Text>("12").is_err());
    }
}
