//! A persistent table from small integer keys to values: the mirror's node storage.
//!
//! A fixed-depth radix trie (4 levels of 64 slots, keys below 2^24) of shared (`Arc`) nodes.
//! Cloning is O(1); a write copies only the path to its key; comparing two versions skips every
//! subtree they still share. That makes checkpoints cheap (a clone) and seeks cheap (a diff that
//! costs what changed, not what exists).

use std::sync::Arc;

const BITS: u32 = 6;
const WIDTH: usize = 1 << BITS;
const LEVELS: u32 = 4;
/// Keys must be below this.
pub const KEY_LIMIT: u64 = 1 << (BITS * LEVELS);

enum Slot<T> {
    Branch(Arc<[Option<Slot<T>>; WIDTH]>),
    Leaf(Arc<T>),
}

impl<T> Clone for Slot<T> {
    fn clone(&self) -> Self {
        match self {
            Slot::Branch(b) => Slot::Branch(Arc::clone(b)),
            Slot::Leaf(l) => Slot::Leaf(Arc::clone(l)),
        }
    }
}

fn empty<T>() -> [Option<Slot<T>>; WIDTH] {
    std::array::from_fn(|_| None)
}

/// A persistent map from `u64` keys below [`KEY_LIMIT`] to `T`.
pub struct Table<T> {
    root: Arc<[Option<Slot<T>>; WIDTH]>,
    len: usize,
}

impl<T> Clone for Table<T> {
    fn clone(&self) -> Self {
        Table {
            root: Arc::clone(&self.root),
            len: self.len,
        }
    }
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            root: Arc::new(empty()),
            len: 0,
        }
    }
}

fn index(key: u64, level: u32) -> usize {
    ((key >> (BITS * (LEVELS - 1 - level))) as usize) & (WIDTH - 1)
}

impl<T: Clone> Table<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, key: u64) -> Option<&T> {
        self.get_arc(key).map(|v| &**v)
    }

    /// The shared value at `key` (for identity comparisons).
    pub fn get_arc(&self, key: u64) -> Option<&Arc<T>> {
        if key >= KEY_LIMIT {
            return None;
        }
        let mut node: &[Option<Slot<T>>; WIDTH] = &self.root;
        for level in 0..LEVELS {
            match node[index(key, level)].as_ref()? {
                Slot::Branch(b) => node = b,
                Slot::Leaf(v) => return Some(v),
            }
        }
        None
    }

    /// The slot for `key`, creating the path to it (copying shared nodes on the way).
    fn slot_mut(&mut self, key: u64) -> &mut Option<Slot<T>> {
        let mut node = Arc::make_mut(&mut self.root);
        for level in 0..LEVELS - 1 {
            let slot = &mut node[index(key, level)];
            if slot.is_none() {
                *slot = Some(Slot::Branch(Arc::new(empty())));
            }
            node = match slot {
                Some(Slot::Branch(b)) => Arc::make_mut(b),
                _ => unreachable!("branches above the leaf level"),
            };
        }
        &mut node[index(key, LEVELS - 1)]
    }

    /// Inserts or replaces; returns false when the key is out of range.
    pub fn insert(&mut self, key: u64, value: T) -> bool {
        if key >= KEY_LIMIT {
            return false;
        }
        let slot = self.slot_mut(key);
        let added = slot.is_none();
        *slot = Some(Slot::Leaf(Arc::new(value)));
        if added {
            self.len += 1;
        }
        true
    }

    /// Mutable access, copying the value first if a checkpoint still shares it.
    pub fn get_mut(&mut self, key: u64) -> Option<&mut T> {
        self.get(key)?;
        match self.slot_mut(key) {
            Some(Slot::Leaf(v)) => Some(Arc::make_mut(v)),
            _ => None,
        }
    }

    pub fn remove(&mut self, key: u64) -> Option<T> {
        self.get(key)?;
        let old = self.slot_mut(key).take();
        self.len -= 1;
        match old {
            Some(Slot::Leaf(v)) => Some(Arc::unwrap_or_clone(v)),
            _ => None,
        }
    }

    /// Calls `f(key, old, new)` for every key whose value differs between `old` and `new`
    /// (by identity: a value copied on write counts as changed). Shared subtrees are skipped.
    pub fn diff<'a, 'b>(old: &'a Table<T>, new: &'b Table<T>, f: &mut impl FnMut(u64, Option<&'a T>, Option<&'b T>)) {
        fn walk<'a, 'b, T>(
            a: Option<&'a [Option<Slot<T>>; WIDTH]>,
            b: Option<&'b [Option<Slot<T>>; WIDTH]>,
            prefix: u64,
            level: u32,
            f: &mut impl FnMut(u64, Option<&'a T>, Option<&'b T>),
        ) {
            if let (Some(a), Some(b)) = (a, b) {
                if std::ptr::eq(a as *const _ as *const u8, b as *const _ as *const u8) {
                    return;
                }
            }
            for i in 0..WIDTH {
                let sa = a.and_then(|n| n[i].as_ref());
                let sb = b.and_then(|n| n[i].as_ref());
                let key = (prefix << BITS) | i as u64;
                match (sa, sb) {
                    (None, None) => {}
                    (Some(Slot::Leaf(x)), Some(Slot::Leaf(y))) if !Arc::ptr_eq(x, y) => f(key, Some(x), Some(y)),
                    (Some(Slot::Leaf(_)), Some(Slot::Leaf(_))) => {}
                    (Some(Slot::Leaf(x)), None) => f(key, Some(x), None),
                    (None, Some(Slot::Leaf(y))) => f(key, None, Some(y)),
                    (sa, sb) if level + 1 < LEVELS => {
                        let ba = match sa {
                            Some(Slot::Branch(b)) => Some(&**b),
                            _ => None,
                        };
                        let bb = match sb {
                            Some(Slot::Branch(b)) => Some(&**b),
                            _ => None,
                        };
                        walk(ba, bb, key, level + 1, f);
                    }
                    _ => {}
                }
            }
        }
        walk(Some(&old.root), Some(&new.root), 0, 0, f);
    }

    /// Every (key, value), in key order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, &T)> {
        let mut out = Vec::with_capacity(self.len);
        let empty = Table::default();
        Table::diff(&empty, self, &mut |k, _, v| {
            if let Some(v) = v {
                out.push((k, v));
            }
        });
        out.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_get_remove() {
        let mut t = Table::default();
        for k in [0u64, 1, 63, 64, 4095, 4096, 262_143, KEY_LIMIT - 1] {
            assert!(t.insert(k, k * 2));
        }
        assert!(!t.insert(KEY_LIMIT, 1));
        assert_eq!(t.len(), 8);
        assert_eq!(t.get(4096), Some(&8192));
        assert_eq!(t.get(5), None);
        *t.get_mut(64).unwrap() = 7;
        assert_eq!(t.get(64), Some(&7));
        assert_eq!(t.remove(64), Some(7));
        assert_eq!(t.get(64), None);
        assert_eq!(t.len(), 7);
        assert_eq!(
            t.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            vec![0, 1, 63, 4095, 4096, 262_143, KEY_LIMIT - 1]
        );
    }

    #[test]
    fn clones_share_until_written_and_diff_finds_exactly_the_changes() {
        let mut a = Table::default();
        for k in 0..10_000u64 {
            a.insert(k, k);
        }
        let snapshot = a.clone();
        *a.get_mut(5).unwrap() = 50;
        a.remove(9_000);
        a.insert(20_000, 1);
        assert_eq!(snapshot.get(5), Some(&5));
        let mut changes = Vec::new();
        Table::diff(&snapshot, &a, &mut |k, o, n| changes.push((k, o.copied(), n.copied())));
        assert_eq!(
            changes,
            vec![
                (5, Some(5), Some(50)),
                (9_000, Some(9_000), None),
                (20_000, None, Some(1))
            ]
        );
        let mut none = 0;
        Table::diff(&a, &a.clone(), &mut |_, _, _| none += 1);
        assert_eq!(none, 0);
    }
}
