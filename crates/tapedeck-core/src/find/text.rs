//! Finding a lower-cased term in text as recorded, and cutting the context around it.

/// Where `term` (lower-cased) first occurs in `text`, compared lower-cased: a byte range of
/// `text`. Characters whose lower case is longer (`İ`) map back to the whole character.
pub fn locate(text: &str, term: &str) -> Option<(usize, usize)> {
    if term.is_empty() {
        return None;
    }
    let mut lower = String::with_capacity(text.len());
    // For each byte of `lower`, the start of the character of `text` it came from.
    let mut origin: Vec<usize> = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        for l in c.to_lowercase() {
            lower.push(l);
            origin.resize(lower.len(), i);
        }
    }
    let at = lower.find(term)?;
    let start = origin[at];
    let last = origin[at + term.len() - 1];
    let end = last + text[last..].chars().next().map_or(0, char::len_utf8);
    Some((start, end))
}

/// At most `radius` characters each side of `found` (the start of `text` when nothing is
/// found), on one line: every whitespace character becomes a space, and a cut end gets `…`.
/// Returns the context and where `found` is in it.
pub fn snippet(text: &str, found: Option<(usize, usize)>, radius: usize) -> (String, Option<(usize, usize)>) {
    let (a, b) = found.unwrap_or((0, 0));
    let start = text[..a]
        .char_indices()
        .rev()
        .nth(radius.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let tail = if found.is_some() { radius } else { radius * 2 };
    let end = text[b..].char_indices().nth(tail).map_or(text.len(), |(i, _)| b + i);
    let mut out = String::with_capacity(end - start + 8);
    if start > 0 {
        out.push('…');
    }
    let mut mark = None;
    let mut mark_start = 0;
    for (i, c) in text[start..end].char_indices() {
        let i = start + i;
        if found.is_some() && i == a {
            mark_start = out.len();
        }
        if found.is_some() && i == b {
            mark = Some((mark_start, out.len()));
        }
        out.push(if c.is_whitespace() { ' ' } else { c });
    }
    if found.is_some() && mark.is_none() {
        mark = Some((mark_start, out.len()));
    }
    if end < text.len() {
        out.push('…');
    }
    (out, mark.filter(|m| m.1 > m.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_case_insensitively_in_unicode() {
        assert_eq!(locate("Payment FAILED: try again", "failed"), Some((8, 14)));
        let t = "Straße İstanbul";
        let (a, b) = locate(t, "i\u{307}st").unwrap();
        assert_eq!(&t[a..b], "İst");
        assert_eq!(locate("abc", "x"), None);
        assert_eq!(locate("abc", ""), None);
    }

    #[test]
    fn snippets_cut_around_the_match_on_one_line() {
        let text = format!("{}needle\nhere{}", "a".repeat(100), "b".repeat(100));
        let found = locate(&text, "needle");
        let (s, m) = snippet(&text, found, 10);
        let (a, b) = m.unwrap();
        assert_eq!(&s[a..b], "needle");
        assert!(s.starts_with('…') && s.ends_with('…'));
        assert!(s.contains("needle here"));
        assert_eq!(s.chars().count(), 10 + 6 + 10 + 2);
        let (s, m) = snippet("short ünïcode text", locate("short ünïcode text", "text"), 60);
        assert_eq!(s, "short ünïcode text");
        assert_eq!(&s[m.unwrap().0..m.unwrap().1], "text");
        let (s, m) = snippet("no match here", None, 4);
        assert_eq!((s.as_str(), m), ("no match…", None));
    }
}
