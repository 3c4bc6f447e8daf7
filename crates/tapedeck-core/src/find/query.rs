//! The search box's language: plain words (all must match, case-insensitive), `"exact
//! phrases"`, and filters — `in:screen|console|network|pages|activity` (several widen),
//! `status:500` / `status:5xx`, `level:error`.

/// What a result is: where it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Screen,
    Console,
    Network,
    Pages,
    Activity,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Screen, Kind::Console, Kind::Network, Kind::Pages, Kind::Activity];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Screen => "screen",
            Kind::Console => "console",
            Kind::Network => "network",
            Kind::Pages => "pages",
            Kind::Activity => "activity",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Kind::Screen => "On screen",
            Kind::Console => "Console",
            Kind::Network => "Network",
            Kind::Pages => "Pages",
            Kind::Activity => "Activity",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.to_ascii_lowercase();
        let s = match s.as_str() {
            "page" | "url" | "urls" => "pages",
            "text" | "dom" => "screen",
            "net" | "request" | "requests" => "network",
            "log" | "logs" => "console",
            "clicks" | "click" => "activity",
            other => other,
        };
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// Queries are cut to this many bytes…
pub const MAX_QUERY_BYTES: usize = 1024;
/// …and this many words and phrases.
pub const MAX_TERMS: usize = 32;

/// A status filter: one code, or a class (`5xx`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Code(u16),
    Class(u16),
}

impl Status {
    pub fn matches(self, status: u16) -> bool {
        match self {
            Status::Code(c) => status == c,
            Status::Class(c) => status / 100 == c,
        }
    }
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// Lower-cased words and phrases; every one must be found in the same place.
    pub terms: Vec<String>,
    /// Kinds searched (empty: all).
    pub kinds: Vec<Kind>,
    pub status: Vec<Status>,
    /// Console levels (lower-case).
    pub levels: Vec<String>,
    /// Parts of the query that could not be read, with why (shown under the box).
    pub warnings: Vec<String>,
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let mut q = Query::default();
        // A query longer than anyone types (a pasted link of megabytes) is cut.
        let cut = (0..=text.len().min(MAX_QUERY_BYTES))
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        if cut < text.len() {
            q.warnings
                .push(format!("The query was cut to its first {MAX_QUERY_BYTES} bytes."));
        }
        let mut rest = &text[..cut];
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                break;
            }
            if let Some(after) = rest.strip_prefix('"') {
                let (phrase, next) = match after.find('"') {
                    Some(end) => (&after[..end], &after[end + 1..]),
                    None => (after, ""),
                };
                q.term(phrase);
                rest = next;
                continue;
            }
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let (token, next) = rest.split_at(end);
            rest = next;
            if let Some((name, value)) = token.split_once(':') {
                if q.filter(name, value) {
                    continue;
                }
            }
            q.term(token);
        }
        q
    }

    fn term(&mut self, s: &str) {
        if self.terms.len() >= MAX_TERMS {
            if !self.warnings.iter().any(|w| w.contains("words")) {
                self.warnings
                    .push(format!("Only the first {MAX_TERMS} words are searched."));
            }
            return;
        }
        let s: String = s.chars().filter(|&c| c != '\0').flat_map(char::to_lowercase).collect();
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if !s.is_empty() && !self.terms.contains(&s) {
            self.terms.push(s);
        }
    }

    /// A `name:value` filter: whether it was one (unknown names are words, `https://…` too).
    fn filter(&mut self, name: &str, value: &str) -> bool {
        match name.to_ascii_lowercase().as_str() {
            "in" | "is" => match Kind::parse(value) {
                Some(k) => {
                    if !self.kinds.contains(&k) {
                        self.kinds.push(k);
                    }
                }
                None => self.warnings.push(format!(
                    "“in:{value}” is not a place to search: use in:screen, in:console, in:network, in:pages or in:activity"
                )),
            },
            "status" => match parse_status(value) {
                Some(s) => self.status.push(s),
                None => self.warnings.push(format!("“status:{value}” is not a status: use a code (500) or a class (5xx)")),
            },
            "level" => {
                let l = value.to_ascii_lowercase();
                let l = if l == "warning" { "warn".to_owned() } else { l };
                if matches!(l.as_str(), "error" | "warn" | "info" | "log" | "debug" | "trace" | "assert") {
                    self.levels.push(l);
                } else {
                    self.warnings.push(format!(
                        "“level:{value}” is not a console level: use error, warn, info, log or debug"
                    ));
                }
            }
            _ => return false,
        }
        true
    }

    /// Nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.status.is_empty() && self.levels.is_empty() && self.kinds.is_empty()
    }

    /// Whether results of `kind` are wanted: named by `in:`, and not ruled out by a filter that
    /// only another kind has (`status:` is the network's, `level:` the console's).
    pub fn wants(&self, kind: Kind) -> bool {
        if !self.kinds.is_empty() && !self.kinds.contains(&kind) {
            return false;
        }
        (self.status.is_empty() || kind == Kind::Network) && (self.levels.is_empty() || kind == Kind::Console)
    }

    /// Whether `hay` (lower-cased) holds every term.
    pub fn matches(&self, hay: &str) -> bool {
        self.terms.iter().all(|t| hay.contains(t.as_str()))
    }
}

fn parse_status(v: &str) -> Option<Status> {
    let v = v.to_ascii_lowercase();
    if let Some(c) = v.strip_suffix("xx") {
        return match c.parse::<u16>() {
            Ok(c @ 1..=5) => Some(Status::Class(c)),
            _ => None,
        };
    }
    match v.as_str() {
        "failed" | "error" => Some(Status::Code(0)),
        _ => v.parse::<u16>().ok().filter(|&c| c < 1000).map(Status::Code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_phrases_and_filters() {
        let q = Query::parse(r#"  Payment "Card  Declined" in:console status:5xx level:Error https://x.io/a:b "#);
        assert_eq!(q.terms, ["payment", "card declined", "https://x.io/a:b"]);
        assert_eq!(q.kinds, [Kind::Console]);
        assert_eq!(q.status, [Status::Class(5)]);
        assert_eq!(q.levels, ["error"]);
        assert!(q.warnings.is_empty());
    }

    #[test]
    fn bad_filters_are_warned_and_unclosed_quotes_end_the_phrase() {
        let q = Query::parse("in:nowhere status:abc level:loud \"open phrase");
        assert_eq!(q.warnings.len(), 3);
        assert_eq!(q.terms, ["open phrase"]);
        assert!(Query::parse("   ").is_empty());
        assert!(Query::parse("\"\"").is_empty());
    }

    #[test]
    fn filters_choose_kinds() {
        let q = Query::parse("status:500");
        assert!(q.wants(Kind::Network) && !q.wants(Kind::Console) && !q.wants(Kind::Screen));
        let q = Query::parse("in:screen in:pages x");
        assert!(q.wants(Kind::Screen) && q.wants(Kind::Pages) && !q.wants(Kind::Activity));
        assert!(Status::Class(4).matches(404) && !Status::Class(4).matches(500) && Status::Code(0).matches(0));
    }

    #[test]
    fn non_ascii_is_lowered_as_unicode() {
        assert_eq!(Query::parse("ÉCHEC İstanbul").terms, ["échec", "i\u{307}stanbul"]);
    }
}
