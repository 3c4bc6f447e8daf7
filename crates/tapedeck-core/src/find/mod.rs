//! Find: one query over everything a session holds — the text that was on screen (with the span
//! it was there), console messages, requests, pages and activity.
//!
//! The screen's text is indexed while the session loads ([`ScreenIndex`]); the panels' rows are
//! lower-cased once per analysis ([`Finder`]). A query is then one pass over each.

mod query;
mod screen;
mod text;

pub use query::{Kind, Query, Status};
pub use screen::{collapse, Appearance, ScreenIndex, Source, MAX_TEXT_BYTES, SCREEN_ATTRIBUTES};
pub use text::{locate, snippet};

use crate::analysis::{Activity, ActivityKind, Analysis, ConsoleEntry, NetworkEntry};
use crate::event::NodeId;
use crate::order::{sort_by_time, sort_by_whole};
use crate::session::Session;

/// Results of one kind listed at most (the rest are counted).
pub const MAX_HITS_PER_KIND: usize = 200;

/// A panel field (a body, say) is searched in its first this many bytes.
pub const MAX_FIELD_BYTES: usize = 256 * 1024;

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub kind: Kind,
    /// The moment it jumps to: offset ms from the session start.
    pub t: f64,
    /// Screen text: when it disappeared (offset ms); `None` while it was there until the end.
    pub until: Option<f64>,
    /// What matched: `text`, `placeholder`, `console.error`, `POST 500`, `click`…
    pub label: String,
    /// The text around the match.
    pub context: String,
    /// Each term's first match in `context` (byte ranges, in order, not overlapping).
    pub marks: Vec<(usize, usize)>,
    /// The element to outline (screen text) or acted on (activity), on page `page`.
    pub node: Option<NodeId>,
    pub page: usize,
    /// The row of its panel (console, network, activity).
    pub row: Option<usize>,
}

/// What a query found: hits grouped by kind (in [`Kind::ALL`] order), each group in time order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// How many each kind found (more than listed when past [`MAX_HITS_PER_KIND`]).
    pub counts: Vec<(Kind, usize)>,
    pub warnings: Vec<String>,
}

impl Results {
    /// No hits yet: only what reading `q` warned of.
    pub fn of_warnings(q: &Query) -> Results {
        Results {
            warnings: q.warnings.clone(),
            ..Results::default()
        }
    }

    pub fn total(&self) -> usize {
        self.counts.iter().map(|c| c.1).sum()
    }

    /// The hit nearest to `t` (offset ms): the one at or after it, else the last before.
    pub fn nearest(&self, t: f64) -> Option<usize> {
        (0..self.hits.len()).min_by(|&a, &b| {
            let d = |i: usize| (self.hits[i].t - t).abs();
            d(a).total_cmp(&d(b)).then(a.cmp(&b))
        })
    }

    /// Hit indices in time order (stepping with Enter / n walks the session, not the groups).
    pub fn in_time_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.hits.len()).collect();
        sort_by_time(&mut order, |&i| self.hits[i].t);
        order
    }
}

/// A panel row's searchable fields: label, the text lower-cased, and as recorded when that
/// differs (bodies and URLs are mostly lower-case already: kept once).
struct Field {
    name: &'static str,
    lower: String,
    original: Option<String>,
}

impl Field {
    fn text(&self) -> &str {
        self.original.as_deref().unwrap_or(&self.lower)
    }
}

struct Row {
    kind: Kind,
    t: f64,
    label: String,
    page: usize,
    row: Option<usize>,
    node: Option<NodeId>,
    status: Option<u16>,
    level: Option<String>,
    fields: Vec<Field>,
}

/// The panels' rows made searchable (built again when the analysis is). Built at once
/// ([`Finder::new`]) or a budget at a time ([`Finder::empty`], then [`Finder::extend`]).
pub struct Finder {
    rows: Vec<Row>,
    /// The pages' rows: made last, and again when the screen's index has more titles.
    pages: Vec<Row>,
    start: f64,
    /// The next row to make: the console's, the network's, the activity's, then done.
    next: (Stage, usize),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Stage {
    Console,
    Network,
    Activity,
    Done,
}

/// What making a row costs [`Finder::extend`]'s budget beside its text's bytes.
const ROW_COST: usize = 64;

impl Finder {
    /// Every row made at once.
    pub fn new(session: &Session, analysis: &Analysis, screen: &ScreenIndex) -> Finder {
        let mut finder = Finder::empty(session);
        finder.extend(session, analysis, screen, usize::MAX);
        finder
    }

    /// No row made yet: [`Finder::extend`] makes them.
    pub fn empty(session: &Session) -> Finder {
        Finder {
            rows: Vec::new(),
            pages: Vec::new(),
            start: session.start,
            next: (Stage::Console, 0),
        }
    }

    /// Every row is made (only then does [`Finder::search`] see them all).
    pub fn is_whole(&self) -> bool {
        self.next.0 == Stage::Done
    }

    /// Makes rows until about `budget` bytes of their text are lower-cased (each row counts a
    /// little more): whether every row is made. `analysis` must be the one the rows made so
    /// far came from.
    pub fn extend(&mut self, session: &Session, analysis: &Analysis, screen: &ScreenIndex, budget: usize) -> bool {
        // At least one row a call, whatever the budget: every call makes progress.
        let mut spent = 0usize;
        loop {
            let (stage, i) = self.next;
            let row = match stage {
                Stage::Console => analysis.console.get(i).map(|c| console_row(i, c)),
                Stage::Network => analysis.network.get(i).map(|n| network_row(i, n)),
                Stage::Activity => analysis.activity.get(i).map(|a| activity_row(session, i, a)),
                Stage::Done => return true,
            };
            let Some(row) = row else {
                self.next = match stage {
                    Stage::Console => (Stage::Network, 0),
                    Stage::Network => (Stage::Activity, 0),
                    _ => {
                        self.retitle(session, screen);
                        (Stage::Done, 0)
                    }
                };
                continue;
            };
            spent = spent.saturating_add(ROW_COST + row.fields.iter().map(|f| f.lower.len()).sum::<usize>());
            self.rows.push(row);
            self.next.1 += 1;
            if spent >= budget {
                return false;
            }
        }
    }

    /// Makes the pages' rows again, with the titles `screen` holds now.
    pub fn retitle(&mut self, session: &Session, screen: &ScreenIndex) {
        self.pages = session
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut fields = vec![field("url", p.href.clone())];
                for (_, _, title) in screen.titles.iter().filter(|t| t.1 as usize == i) {
                    fields.push(field("title", title.clone()));
                }
                Row {
                    kind: Kind::Pages,
                    t: p.time - session.start,
                    label: format!("page {}", i + 1),
                    page: i,
                    row: None,
                    node: None,
                    status: None,
                    level: None,
                    fields,
                }
            })
            .collect();
    }

    /// Bytes the rows hold, roughly.
    pub fn memory(&self) -> usize {
        self.rows
            .iter()
            .chain(&self.pages)
            .map(|r| {
                std::mem::size_of::<Row>()
                    + r.label.capacity()
                    + r.fields
                        .iter()
                        .map(|f| {
                            std::mem::size_of::<Field>()
                                + f.lower.capacity()
                                + f.original.as_ref().map_or(0, String::capacity)
                        })
                        .sum::<usize>()
            })
            .sum()
    }

    /// Runs `q` over the screen's text and the panels.
    pub fn search(&self, screen: &ScreenIndex, q: &Query) -> Results {
        let mut results = Results::of_warnings(q);
        if q.is_empty() {
            return results;
        }
        for kind in Kind::ALL {
            if !q.wants(kind) {
                continue;
            }
            let before = results.hits.len();
            let count = if kind == Kind::Screen {
                self.search_screen(screen, q, &mut results.hits)
            } else {
                self.search_rows(kind, q, &mut results.hits)
            };
            sort_by_time(&mut results.hits[before..], |h| h.t);
            if count > 0 {
                results.counts.push((kind, count));
            }
        }
        results
    }

    fn search_rows(&self, kind: Kind, q: &Query, out: &mut Vec<Hit>) -> usize {
        // Filters alone list their rows; a bare `in:` lists every row of the kind but the screen.
        let mut count = 0;
        for r in self.rows.iter().chain(&self.pages).filter(|r| r.kind == kind) {
            if !q.status.is_empty() && !r.status.is_some_and(|s| q.status.iter().any(|f| f.matches(s))) {
                continue;
            }
            if !q.levels.is_empty() && !r.level.as_ref().is_some_and(|l| q.levels.contains(l)) {
                continue;
            }
            if !q
                .terms
                .iter()
                .all(|t| r.fields.iter().any(|f| f.lower.contains(t.as_str())))
            {
                continue;
            }
            count += 1;
            if count > MAX_HITS_PER_KIND {
                continue;
            }
            // The field the first term is in, else the row's first field.
            let f = q
                .terms
                .first()
                .and_then(|t| r.fields.iter().find(|f| f.lower.contains(t.as_str())))
                .unwrap_or(&r.fields[0]);
            let (context, marks) = field_context(f, &q.terms);
            let label = if f.name == r.fields[0].name || kind == Kind::Activity {
                r.label.clone()
            } else {
                format!("{} · {}", r.label, f.name)
            };
            out.push(Hit {
                kind,
                t: r.t,
                until: None,
                label,
                context,
                marks,
                node: r.node,
                page: r.page,
                row: r.row,
            });
        }
        count
    }

    fn search_screen(&self, screen: &ScreenIndex, q: &Query, out: &mut Vec<Hit>) -> usize {
        // Screen text is searched for words only: a bare `in:screen` lists nothing.
        let Some(longest) = q.terms.iter().max_by_key(|t| t.len()) else {
            return 0;
        };
        let (lower, at) = screen.lower();
        let mut matching = vec![false; screen.texts()];
        let mut from = 0;
        while let Some(i) = lower[from..].find(longest.as_str()) {
            let pos = from + i;
            // The text this match is in; then on to the next text.
            let id = at.partition_point(|&s| s as usize <= pos) - 1;
            let (a, b) = (at[id] as usize, at[id + 1] as usize);
            if q.matches(&lower[a..b]) {
                matching[id] = true;
            }
            from = b;
            if from >= lower.len() {
                break;
            }
        }
        let mut count = 0;
        for ap in screen.appearances.iter().filter(|a| matching[a.text as usize]) {
            count += 1;
            if count > MAX_HITS_PER_KIND {
                continue;
            }
            let (context, marks) = context_of(screen.text(ap.text), &q.terms);
            out.push(Hit {
                kind: Kind::Screen,
                t: ap.from - self.start,
                until: ap.to.is_finite().then_some(ap.to - self.start),
                label: ap.source.label().to_owned(),
                context,
                marks,
                node: Some(ap.element),
                page: ap.page as usize,
                row: None,
            });
        }
        count
    }
}

fn console_row(i: usize, c: &ConsoleEntry) -> Row {
    let mut fields = vec![field("message", c.message())];
    if !c.trace.is_empty() {
        fields.push(field("stack", c.trace.join("\n")));
    }
    Row {
        kind: Kind::Console,
        t: c.t,
        label: format!("console.{}", c.level),
        page: c.page,
        row: Some(i),
        node: None,
        status: None,
        level: Some(c.level.to_ascii_lowercase()),
        fields,
    }
}

fn network_row(i: usize, n: &NetworkEntry) -> Row {
    let mut fields = vec![
        field("url", n.url.to_string()),
        field("method", n.method.to_string()),
        field("status", n.status.to_string()),
    ];
    let headers = |h: &[(String, String)]| {
        h.iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if !n.request_headers.is_empty() {
        fields.push(field("request headers", headers(&n.request_headers)));
    }
    if let Some(b) = &n.request_body {
        fields.push(field("request body", b.to_string()));
    }
    if !n.response_headers.is_empty() {
        fields.push(field("response headers", headers(&n.response_headers)));
    }
    if let Some(b) = &n.response_body {
        fields.push(field("response body", b.to_string()));
    }
    let status = if n.status == 0 {
        "failed".to_owned()
    } else {
        n.status.to_string()
    };
    Row {
        kind: Kind::Network,
        t: n.t,
        label: format!("{} {status}", n.method),
        page: n.page,
        row: Some(i),
        node: None,
        status: Some(n.status),
        level: None,
        fields,
    }
}

fn activity_row(session: &Session, i: usize, a: &Activity) -> Row {
    let (label, text) = match &a.kind {
        ActivityKind::Navigation { href } => ("navigation", href.clone()),
        ActivityKind::Click { target } => ("click", target.to_string()),
        ActivityKind::RageClick { count, target } => ("rage click", format!("{target} ×{count}")),
        ActivityKind::DeadClick { target } => ("dead click", target.to_string()),
        ActivityKind::Input { target } => ("typing", target.to_string()),
        ActivityKind::Error { message } => ("error", message.to_string()),
    };
    let page = session
        .pages
        .iter()
        .rposition(|p| p.time - session.start <= a.t)
        .unwrap_or(0);
    Row {
        kind: Kind::Activity,
        t: a.t,
        label: label.to_owned(),
        page,
        row: Some(i),
        node: a.node,
        status: None,
        level: None,
        fields: vec![field(label, text)],
    }
}

fn field(name: &'static str, mut text: String) -> Field {
    if text.len() > MAX_FIELD_BYTES {
        let cut = (0..=MAX_FIELD_BYTES)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        text.truncate(cut);
    }
    let lower: String = text.chars().flat_map(char::to_lowercase).collect();
    let original = (lower != text).then_some(text);
    Field { name, lower, original }
}

/// [`context_of`] a field, without lower-casing it again when its case maps byte for byte (a
/// match in the lower-cased text is then at the same place in the original).
fn field_context(f: &Field, terms: &[String]) -> (String, Vec<(usize, usize)>) {
    let text = f.text();
    let found = terms.first().and_then(|t| {
        if text.len() != f.lower.len() {
            return locate(text, t);
        }
        let i = f.lower.find(t.as_str())?;
        let j = i + t.len();
        (text.is_char_boundary(i) && text.is_char_boundary(j)).then_some((i, j))
    });
    context_around(text, found, terms)
}

/// The text around the first term's first match in `text`, and where each term is in it.
fn context_of(text: &str, terms: &[String]) -> (String, Vec<(usize, usize)>) {
    let found = terms.first().and_then(|t| locate(text, t));
    context_around(text, found, terms)
}

fn context_around(text: &str, found: Option<(usize, usize)>, terms: &[String]) -> (String, Vec<(usize, usize)>) {
    let (context, first) = snippet(text, found, 60);
    let mut marks: Vec<(usize, usize)> = first.into_iter().collect();
    marks.extend(terms.iter().skip(1).filter_map(|t| locate(&context, t)));
    // By start: of marks starting together, the merge below keeps the farthest end.
    sort_by_whole(&mut marks, |m| m.0 as i64);
    // Overlapping marks (`pay` and `payment`) become one.
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(marks.len());
    for (a, b) in marks {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    (context, merged)
}
