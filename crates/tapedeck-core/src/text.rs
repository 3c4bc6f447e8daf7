//! Shared text: a recorded string held once however often the recording repeats it.
//!
//! Recorders write the same long strings again and again: every full snapshot of a site carries
//! its inline style sheets, a canvas's bitmap as a `data:` URL, the same SVG paths. [`Text`] is
//! an immutable, reference-counted string; texts of [`SHARED_FROM`] bytes or more are looked up
//! in a table of the texts still alive, so equal ones share one allocation (the mirror's
//! checkpoints share them too, by cloning the handle).
//!
//! The table holds weak handles to a box of the text, so a text nobody holds any more is freed
//! at once (only its 32-byte handle waits for the next sweep). A bucket holds at most
//! [`BUCKET_MAX`] texts: a recording crafted so that many texts hash alike costs at most that
//! many comparisons a text, and the texts beyond it are simply not shared.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, Weak};

use serde::Deserialize;

/// Texts this long or longer are shared; shorter ones are cheaper to copy than to look up.
pub const SHARED_FROM: usize = 256;
/// Live texts kept per hash value.
pub const BUCKET_MAX: usize = 4;

/// Texts this short or shorter are held in the handle itself, with no allocation: as many
/// bytes as fit beside the length in a handle the size of the others (22 natively, 10 in
/// wasm32). Most attribute values and many texts of a recording are this short (`"0"`,
/// `"true"`, a number), and each would otherwise cost an allocation and its bookkeeping.
pub const INLINE: usize = 3 * std::mem::size_of::<usize>() - 2;

/// An immutable string, cheap to clone; long ones shared when equal.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    /// The first `len` bytes are a whole UTF-8 string (copied from one).
    Inline {
        len: u8,
        bytes: [u8; INLINE],
    },
    Short(Arc<str>),
    /// Boxed so that the table's weak handle does not keep the text's bytes alive.
    Long(Arc<Box<str>>),
}

#[derive(Default)]
struct Table {
    /// By hash of the content; equal hashes are told apart by comparing the text.
    texts: HashMap<u64, Vec<Weak<Box<str>>>>,
    /// Entries held at the last sweep: the table is swept again when it has doubled.
    swept_at: usize,
    entries: usize,
}

thread_local! {
    static TABLE: RefCell<Table> = RefCell::default();
}

/// FNV-1a over the whole text, eight bytes at a time.
fn hash_of(s: &str) -> u64 {
    let bytes = s.as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h = (h ^ u64::from_le_bytes(w.try_into().expect("eight bytes"))).wrapping_mul(0x0100_0000_01b3);
    }
    for &b in words.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl Table {
    fn share(&mut self, s: &str) -> Arc<Box<str>> {
        self.share_keyed(hash_of(s), s)
    }

    fn share_keyed(&mut self, key: u64, s: &str) -> Arc<Box<str>> {
        let list = self.texts.entry(key).or_default();
        if let Some(found) = list.iter().filter_map(Weak::upgrade).find(|t| ***t == *s) {
            return found;
        }
        let text: Arc<Box<str>> = Arc::new(Box::from(s));
        let before = list.len();
        list.retain(|w| w.strong_count() > 0);
        if list.len() < BUCKET_MAX {
            list.push(Arc::downgrade(&text));
        }
        self.entries = self.entries + list.len() - before;
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
    fn inline(s: &str) -> Option<Text> {
        let mut bytes = [0; INLINE];
        bytes.get_mut(..s.len())?.copy_from_slice(s.as_bytes());
        Some(Text(Repr::Inline {
            len: s.len() as u8,
            bytes,
        }))
    }

    pub fn new(s: &str) -> Text {
        if let Some(t) = Text::inline(s) {
            t
        } else if s.len() >= SHARED_FROM {
            Text(Repr::Long(TABLE.with(|t| t.borrow_mut().share(s))))
        } else {
            Text(Repr::Short(Arc::from(s)))
        }
    }

    /// A name (a tag, an attribute's or a canvas command's name): shared whatever its length,
    /// as a recording repeats the same few names hundreds of thousands of times.
    pub fn name(s: &str) -> Text {
        Text::inline(s).unwrap_or_else(|| Text(Repr::Long(TABLE.with(|t| t.borrow_mut().share(s)))))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline { len, bytes } => {
                // SAFETY: `Text::inline` copied a whole `&str` into the first `len` bytes, and
                // they are never written again.
                unsafe { std::str::from_utf8_unchecked(&bytes[..usize::from(*len)]) }
            }
            Repr::Short(s) => s,
            Repr::Long(s) => s,
        }
    }

    /// Both handles hold these bytes without a copy of their own: the same allocation, or
    /// (short texts) both in the handle, with no allocation at all (for tests and measures).
    pub fn same_allocation(&self, other: &Text) -> bool {
        match (&self.0, &other.0) {
            (Repr::Inline { .. }, Repr::Inline { .. }) => self.as_str() == other.as_str(),
            _ => std::ptr::eq(self.as_str().as_ptr(), other.as_str().as_ptr()),
        }
    }

    /// Whether the text is held in the handle, with no allocation.
    pub fn is_inline(&self) -> bool {
        matches!(self.0, Repr::Inline { .. })
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.same_allocation(other) && self.len() == other.len() || self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_str().hash(h)
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
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
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
        t.as_str().to_owned()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Reads a string into a [`Text`] made by `make` ([`Text::new`] or [`Text::name`]).
struct TextVisitor(fn(&str) -> Text);

impl serde::de::Visitor<'_> for TextVisitor {
    type Value = Text;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
        Ok((self.0)(v))
    }
}

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor(Text::new))
    }
}

/// `deserialize_with` for a name: see [`Text::name`].
pub fn de_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
    d.deserialize_str(TextVisitor(Text::name))
}

/// [`de_name`] for an optional name.
pub fn de_opt_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Text>, D::Error> {
    Ok(Option::<NameField>::deserialize(d)?.map(|n| n.0))
}

/// A name read with [`de_name`] (as a map key, say).
pub struct NameField(pub Text);

impl<'de> serde::Deserialize<'de> for NameField {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        de_name(d).map(NameField)
    }
}

/// Whether `text` holds `needle` (not empty) in any ASCII case, read in place: recorded texts
/// (style sheets, attribute lists) can be megabytes, and lower-cased copies of them cost more
/// than the search.
pub fn contains_ascii_ci(text: &str, needle: &[u8]) -> bool {
    let b = text.as_bytes();
    let first = needle[0].to_ascii_lowercase();
    (0..b.len()).any(|i| {
        b[i].to_ascii_lowercase() == first
            && b.get(i..i + needle.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

/// The first `max` characters of `s`, and whether anything was cut. Only the kept characters
/// are walked: recorded strings can be megabytes long.
pub fn head(s: &str, max: usize) -> (&str, bool) {
    match s.char_indices().nth(max) {
        Some((cut, _)) => (&s[..cut], true),
        None => (s, false),
    }
}

/// At most `max` characters of `s`, with "…" when cut: every shortened text the player shows.
pub fn clip(s: &str, max: usize) -> String {
    match head(s, max) {
        (kept, true) => format!("{kept}…"),
        (whole, false) => whole.to_owned(),
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
        // Under SHARED_FROM and longer than INLINE: each its own allocation.
        let medium = "x".repeat(INLINE + 1);
        let c = Text::new(&medium);
        let d = Text::new(&medium);
        assert!(!c.same_allocation(&d) && !c.is_inline());
        assert_eq!(c, d);
        // Same length, other content: not confused.
        let other = "b{color:red}".repeat(40);
        assert!(!Text::new(&other).same_allocation(&a));
        assert_eq!(Text::new(&other), *other);
    }

    #[test]
    fn names_are_shared_whatever_their_length() {
        let a = Text::name("div");
        assert!(a.same_allocation(&Text::name("div")));
        assert!(!a.same_allocation(&Text::name("span")));
        assert!(Text::name("").same_allocation(&Text::name("")));
        // Read from JSON as names: a recording's tags, attribute names, canvas commands.
        let node: crate::node::SerializedNode = serde_json::from_str(
            r#"{"type":2,"id":1,"tagName":"div","attributes":{"class":"x"},"childNodes":[{"type":2,"id":2,"tagName":"div","attributes":{"class":"y"},"childNodes":[]}]}"#,
        )
        .unwrap();
        let (crate::node::NodeKind::Element(outer), crate::node::NodeKind::Element(inner)) =
            (&node.kind, &node.children()[0].kind)
        else {
            panic!("two elements")
        };
        assert!(outer.tag.same_allocation(&inner.tag));
        assert!(outer.attributes[0].0.same_allocation(&inner.attributes[0].0));
        assert_eq!(inner.attributes[0].0, "class");
        let c: crate::event::CanvasMutation = serde_json::from_str(
            r#"{"id":1,"commands":[{"property":"fill","args":[]},{"property":"fill","args":[]}]}"#,
        )
        .unwrap();
        let cmds = c.command_list();
        assert!(cmds[0].property.same_allocation(&cmds[1].property));
        // A name that is not a string is an error, as it was.
        assert!(serde_json::from_str::<crate::event::CanvasMutation>(r#"{"id":1,"property":5}"#).is_err());
        let inline: crate::event::CanvasMutation = serde_json::from_str(r#"{"id":1,"property":null}"#).unwrap();
        assert!(inline.property.is_none());
    }

    #[test]
    fn short_texts_live_in_the_handle_which_is_no_bigger_for_it() {
        assert_eq!(std::mem::size_of::<Text>(), 3 * std::mem::size_of::<usize>());
        let (fits, full) = ("é".repeat(INLINE / 2), "x".repeat(INLINE));
        for s in ["", "0", "true", fits.as_str(), full.as_str()] {
            let t = Text::new(s);
            assert!(t.is_inline(), "{s:?}");
            assert_eq!(t, *s);
            assert_eq!(t.len(), s.len());
            assert_eq!(t.clone().as_str(), s);
            assert!(Text::name(s).is_inline());
        }
        for s in ["x".repeat(INLINE + 1), "é".repeat(INLINE / 2 + 1)] {
            assert!(!Text::new(&s).is_inline(), "{s:?}");
            assert_eq!(Text::new(&s), *s);
            // A long name is still shared through the table.
            assert!(Text::name(&s).same_allocation(&Text::name(&s)));
        }
        // Ordered and hashed by content, whatever the representation.
        let (a, b) = (Text::new("abc"), Text::new(&"abc".repeat(INLINE)));
        assert!(a < b);
        let set: std::collections::HashSet<Text> = [a.clone(), Text::from("abc".to_owned())].into();
        assert_eq!(set.len(), 1);
    }

    proptest::proptest! {
        #[test]
        fn any_string_reads_back_as_it_was_written(s in "\\PC{0,40}") {
            let t = Text::new(&s);
            proptest::prop_assert_eq!(t.as_str(), s.as_str());
            proptest::prop_assert_eq!(t.is_inline(), s.len() <= INLINE);
            let name = Text::name(&s);
            proptest::prop_assert_eq!(name.as_str(), s.as_str());
            let json = serde_json::to_string(&t).unwrap();
            proptest::prop_assert_eq!(serde_json::from_str::<Text>(&json).unwrap(), t);
        }
    }

    #[test]
    fn a_text_nobody_holds_is_freed_and_its_entry_swept() {
        let weak = {
            let t = Text::new(&"x".repeat(1000));
            let Repr::Long(arc) = &t.0 else {
                panic!("a long text is shared")
            };
            Arc::downgrade(arc)
        };
        // Its bytes are gone (only the handle's box pointer waits for the sweep).
        assert_eq!(weak.strong_count(), 0);
        assert!(weak.upgrade().is_none());
        // Thousands of texts come and go: the table does not keep their entries.
        for i in 0..10_000 {
            let _ = Text::new(&format!("{i:0>300}"));
        }
        let entries = TABLE.with(|t| t.borrow().texts.len());
        assert!(entries < 4_000, "{entries} entries left");
    }

    #[test]
    fn texts_that_hash_alike_cost_a_bounded_lookup() {
        // Many distinct long texts under one hash (as a crafted recording could make them):
        // the bucket keeps BUCKET_MAX, so a lookup compares at most that many; every text is
        // still itself, and one of those kept is still shared.
        let mut table = Table::default();
        let text = |i: usize| format!("{i:0>4}{}", "y".repeat(400));
        let held: Vec<Arc<Box<str>>> = (0..2_000).map(|i| table.share_keyed(42, &text(i))).collect();
        assert_eq!(table.texts[&42].len(), BUCKET_MAX);
        for (i, t) in held.iter().enumerate() {
            assert_eq!(***t, *text(i));
        }
        assert!(Arc::ptr_eq(&table.share_keyed(42, &text(1)), &held[1]));
        // Every byte counts in the hash: texts that differ in one byte anywhere differ in it.
        let a = "z".repeat(5_000);
        let mut b = a.clone().into_bytes();
        b[2_501] = b'q';
        assert_ne!(hash_of(&a), hash_of(std::str::from_utf8(&b).unwrap()));
    }

    #[test]
    fn reads_back_as_json_wrote_it() {
        let t: Text = serde_json::from_str(r#""caf\u00e9 \"quoted\"""#).unwrap();
        assert_eq!(t, "café \"quoted\"");
        assert_eq!(serde_json::to_string(&t).unwrap(), r#""café \"quoted\"""#);
        assert!(serde_json::from_str::<Text>("12").is_err());
    }

    #[test]
    fn clip_cuts_on_characters_and_says_so() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("abcd", 3), "abc…");
        assert_eq!(clip("é😀é", 2), "é😀…");
        assert_eq!(clip("", 0), "");
        assert_eq!(clip("a", 0), "…");
        assert_eq!(head("😀😀", 1), ("😀", true));
    }
}
