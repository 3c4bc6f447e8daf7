//! Rule edits of a style sheet (`insertRule`, `deleteRule`, declaration changes) that cost
//! what they change, not what the sheet holds.
//!
//! A page that builds its styles as it goes (CSS-in-JS: emotion, styled-components) inserts
//! rule after rule into one `<style>` for as long as the session lasts. Kept as one text, each
//! insert would split, edit and sanitise the whole sheet again, and each checkpoint would hold
//! a copy of it. So a `<style>` whose rules are edited holds its text as *chunks*: text children
//! of about [`CHUNK_BYTES`], each a run of whole top-level rules sanitised (and closed at its end)
//! on its own, their rule counts kept beside them ([`EditedStyle`]). An edit rewrites and
//! sanitises the one chunk that holds its index; checkpoints share every other. A constructed
//! sheet is a list of rules, each sanitised alone: an edit touches one of them.

use std::sync::Arc;

use super::{css, Mirror, Place, VKind};
use crate::event::NodeId;
use crate::sanitize::Policy;
use crate::text::Text;

/// A chunk holds about this many bytes of rules; one that an edit grows past twice this is
/// split in two.
pub const CHUNK_BYTES: usize = 8 * 1024;

/// A `<style>` whose rules were edited.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EditedStyle {
    /// The recorded texts of its text children before the first edit. A later change of its
    /// text brings those back, as the browser drops rule edits when a style's text changes.
    pub recorded: Vec<(NodeId, Text)>,
    /// The text children holding its rules, in order, with how many top-level rules each holds
    /// (empty until the first rule edit splits its text).
    pub chunks: Vec<(NodeId, u32)>,
}

/// One edit of a sheet's rules, at an index path whose first index is the top-level rule.
#[derive(Clone, Copy)]
pub(super) enum Op<'a> {
    /// `insertRule`; no path inserts at the end of the top level.
    Insert(Option<&'a [u32]>, &'a str),
    /// `deleteRule`.
    Delete(&'a [u32]),
    /// A declaration change of the style rule at the path.
    Declare(&'a [u32], &'a dyn Fn(&str) -> String),
}

impl Op<'_> {
    fn path(&self) -> Option<&[u32]> {
        match *self {
            Op::Insert(p, _) => p,
            Op::Delete(p) | Op::Declare(p, _) => Some(p),
        }
    }

    /// The top-level index it edits (`None`: the end, for an insert).
    fn first(&self) -> Result<Option<u32>, String> {
        match self.path() {
            None => Ok(None),
            Some([]) => Err("empty rule index".to_owned()),
            Some(p) => Ok(Some(p[0])),
        }
    }

    /// Whether it adds a rule to the top level (whose index may then be the end).
    fn top_insert(&self) -> bool {
        matches!(self, Op::Insert(p, _) if p.is_none_or(|p| p.len() == 1))
    }

    /// Applies it to `text`, a run of whole top-level rules, as if its top-level index were
    /// `local`.
    fn apply(&self, text: &str, local: u32) -> Result<String, String> {
        let path = |p: &[u32]| {
            let mut p = p.to_vec();
            if let Some(first) = p.first_mut() {
                *first = local;
            }
            p
        };
        match *self {
            Op::Insert(p, rule) => css::insert_rule(text, Some(&path(p.unwrap_or(&[0]))), rule),
            Op::Delete(p) => css::delete_rule(text, &path(p)),
            Op::Declare(p, f) => css::edit_declarations(text, &path(p), f),
        }
    }
}

/// The chunk holding top-level rule `index` (of chunks holding `counts` rules) and the rule's
/// index in it. An insert may go one past a chunk's last rule; at or past the end of the sheet
/// (or with no index) it goes at the end of the last chunk.
fn locate(counts: impl Iterator<Item = u32>, index: Option<u32>, insert: bool) -> Option<(usize, u32)> {
    let mut start = 0u64;
    let mut last = None;
    for (c, n) in counts.enumerate() {
        if let Some(i) = index {
            if u64::from(i) < start + u64::from(n) {
                return Some((c, (u64::from(i) - start) as u32));
            }
        }
        start += u64::from(n);
        last = Some((c, n));
    }
    if insert {
        last
    } else {
        None
    }
}

fn no_rule(op: &Op) -> String {
    match op.first() {
        Ok(Some(i)) if matches!(op, Op::Delete([_])) => format!("no rule at index {i} to delete"),
        Ok(Some(i)) => format!("no rule at index {i}"),
        Ok(None) => "no rule to edit".to_owned(),
        Err(e) => e,
    }
}

/// Applies `op` to a constructed sheet: its rules, each sanitised on its own.
pub(super) fn edit_constructed(rules: &mut Vec<Text>, op: Op, policy: &Policy) -> Result<(), String> {
    let first = op.first()?;
    match op {
        Op::Insert(_, rule) if op.top_insert() => {
            let at = first.map_or(rules.len(), |i| (i as usize).min(rules.len()));
            rules.insert(at, policy.style_sheet(&css::one_rule(rule)?).into());
        }
        Op::Delete([i]) => {
            let i = *i as usize;
            if i >= rules.len() {
                return Err(no_rule(&op));
            }
            rules.remove(i);
        }
        _ => {
            let i = first.map_or(usize::MAX, |i| i as usize);
            let rule = rules.get(i).ok_or_else(|| no_rule(&op))?;
            let new = op.apply(rule, 0)?;
            rules[i] = policy.style_sheet(&new).into();
        }
    }
    Ok(())
}

impl Mirror {
    /// Applies `op` to the rules of `<style>` `id`, rewriting only the chunk of its text that
    /// holds the rule.
    pub(super) fn edit_style(&mut self, id: NodeId, op: Op) -> Result<(), String> {
        let first = op.first()?;
        self.chunk_style(id)?;
        let chunks = self.chunks(id);
        let (c, local) = locate(chunks.iter().map(|c| c.1), first, op.top_insert()).ok_or_else(|| no_rule(&op))?;
        let node = chunks[c].0;
        let text = match self.node(node) {
            Some(n) if n.parent == Some(id) => match &n.kind {
                VKind::Text(t) => t.clone(),
                _ => return Err(format!("text {node} of the sheet is gone")),
            },
            _ => return Err(format!("text {node} of the sheet is gone")),
        };
        let new = op.apply(&text, local)?;
        self.set_chunk(id, c, &new);
        Ok(())
    }

    fn chunks(&self, id: NodeId) -> Vec<(NodeId, u32)> {
        self.edited.get(&id).map(|s| s.chunks.clone()).unwrap_or_default()
    }

    fn chunks_mut(&mut self, id: NodeId) -> &mut Vec<(NodeId, u32)> {
        &mut Arc::make_mut(&mut self.edited).entry(id).or_default().chunks
    }

    /// Before the first rule edit of `<style>` `id` (or the first since its text changed):
    /// keeps its recorded texts and splits its text into chunks, each sanitised alone.
    fn chunk_style(&mut self, id: NodeId) -> Result<(), String> {
        if self.edited.get(&id).is_some_and(|s| !s.chunks.is_empty()) {
            return Ok(());
        }
        let text = self
            .sheet_text(id)
            .ok_or_else(|| format!("style sheet change on unknown node {id}"))?;
        self.keep_recorded_texts(id);
        let mut pieces = vec![String::new()];
        for rule in css::split_rules(&text) {
            let cur = pieces.last_mut().expect("never empty");
            // A rule and the player's marked copy after it stay together (sanitised apart,
            // the first would be given a second copy).
            if !cur.is_empty() && cur.len() + rule.len() > CHUNK_BYTES && !css::is_marked_copy(&rule) {
                pieces.push(rule);
            } else {
                cur.push_str(&rule);
            }
        }
        let mut slots = self.children_where(id, |k| matches!(k, VKind::Text(_))).into_iter();
        let mut chunks = Vec::with_capacity(pieces.len());
        for piece in pieces {
            let clean = self.policy.style_sheet(&piece);
            let count = css::rule_count(&clean) as u32;
            let node = match slots.next() {
                Some(n) => {
                    self.put_text(n, clean.into());
                    n
                }
                None => {
                    let place = chunks.last().map_or(Place::End, |(prev, _)| Place::After(*prev));
                    self.add_synthetic_text_at(id, clean, place)
                }
            };
            chunks.push((node, count));
        }
        for rest in slots {
            self.put_text(rest, Text::default());
        }
        *self.chunks_mut(id) = chunks;
        Ok(())
    }

    /// Sets chunk `c` of `<style>` `id` to `text`, sanitised; splits it in two when it has
    /// grown past twice [`CHUNK_BYTES`].
    fn set_chunk(&mut self, id: NodeId, c: usize, text: &str) {
        let clean = self.policy.style_sheet(text);
        let node = self.chunks(id)[c].0;
        let rules = css::split_rules(&clean);
        if clean.len() <= 2 * CHUNK_BYTES || rules.len() < 2 {
            self.put_text(node, clean.into());
            self.chunks_mut(id)[c].1 = rules.len() as u32;
            return;
        }
        let mut bytes = 0;
        let mut half = rules
            .iter()
            .position(|r| {
                bytes += r.len();
                bytes * 2 >= clean.len()
            })
            .map_or(1, |i| i + 1)
            .clamp(1, rules.len() - 1);
        while half < rules.len() - 1 && css::is_marked_copy(&rules[half]) {
            half += 1;
        }
        if css::is_marked_copy(&rules[half]) {
            self.put_text(node, clean.into());
            self.chunks_mut(id)[c].1 = rules.len() as u32;
            return;
        }
        let a = self.policy.style_sheet(&css::join_rules(&rules[..half]));
        let b = self.policy.style_sheet(&css::join_rules(&rules[half..]));
        let (na, nb) = (css::rule_count(&a) as u32, css::rule_count(&b) as u32);
        self.put_text(node, a.into());
        let second = self.add_synthetic_text_at(id, b, Place::After(node));
        let chunks = self.chunks_mut(id);
        chunks[c].1 = na;
        chunks.insert(c + 1, (second, nb));
    }

    /// Sets the text of text node `id`.
    pub(super) fn put_text(&mut self, id: NodeId, text: Text) {
        if let Some(VKind::Text(t)) = self.node_mut(id).map(|n| &mut n.kind) {
            *t = text;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_rules_across_chunks_empty_ones_skipped() {
        let counts = [2u32, 0, 3];
        let at = |i, insert| locate(counts.iter().copied(), i, insert);
        assert_eq!(at(Some(0), false), Some((0, 0)));
        assert_eq!(at(Some(1), false), Some((0, 1)));
        assert_eq!(at(Some(2), false), Some((2, 0)));
        assert_eq!(at(Some(4), false), Some((2, 2)));
        assert_eq!(at(Some(5), false), None);
        assert_eq!(at(Some(5), true), Some((2, 3)));
        assert_eq!(at(Some(u32::MAX), true), Some((2, 3)));
        assert_eq!(at(None, true), Some((2, 3)));
        assert_eq!(locate(std::iter::empty(), Some(0), true), None);
    }
}
