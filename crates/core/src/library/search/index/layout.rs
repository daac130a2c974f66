//! The search index's bytes, as saved and as held: a header, then sections read in place
//! (tables of strings and of session numbers, and fixed-width columns), so reading a saved
//! index is one read of the file and a check of its shape, with no value built per word.
//!
//! A table is two sections: its bytes, and where each entry ends in them (`u32`, little
//! endian). Session numbers are kept as the first number, then the gaps, each in LEB128.

use std::ops::Range;

const MAGIC: &[u8; 4] = b"LVSI";

/// The sections, in the order they are saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sec {
    /// Each session's file key (a 64-bit hash of its size and stamp), `u64` each.
    Keys,
    /// Each session's start, seconds since the epoch, `i64` each.
    Started,
    /// How many tags the sessions up to and including each have, `u32` each.
    TagCounts,
}

/// The tables, each two sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Table {
    Ids,
    Heads,
    /// Folded guide ids.
    Guides,
    /// Folded client names (empty: no client).
    Clients,
    /// Folded tags, every session's one after the other (see [`Sec::TagCounts`]).
    Tags,
    /// The vocabulary, sorted.
    Words,
    /// For each word, the sessions it is in.
    Posts,
    /// For each word, the sessions whose headline has it.
    HeadPosts,
}

const COLUMNS: usize = 3;
const TABLES: usize = 8;
pub(super) const SECTIONS: usize = COLUMNS + 2 * TABLES;

fn blob(t: Table) -> usize {
    COLUMNS + 2 * t as usize
}

fn ends(t: Table) -> usize {
    COLUMNS + 2 * t as usize + 1
}

/// Where each section lies in the bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Layout {
    pub version: u32,
    /// Sessions.
    pub n: usize,
    /// The sessions folder's stamp when the index was last known to match it (0: unknown).
    pub stamp: u128,
    secs: Vec<Range<usize>>,
}

impl Layout {
    /// The layout of `bytes`, if they are a whole index of a sound shape (a cut or garbled
    /// file is not).
    pub fn read(bytes: &[u8]) -> Option<Layout> {
        Layout::sections(bytes).filter(|l| l.sound(bytes))
    }

    /// The layout of bytes [`Writer::finish`] just made: where the sections are, without
    /// checking every table again (a merge would check the whole index each time). Checked
    /// all the same in debug builds.
    pub fn of_written(bytes: &[u8]) -> Option<Layout> {
        let layout = Layout::sections(bytes)?;
        debug_assert!(layout.sound(bytes), "an index written here is sound");
        Some(layout)
    }

    /// The header and where each section lies, if they fit the bytes exactly.
    fn sections(bytes: &[u8]) -> Option<Layout> {
        let mut at = 0usize;
        let mut take = |len: usize| -> Option<Range<usize>> {
            let end = at.checked_add(len)?;
            (end <= bytes.len()).then(|| {
                let r = at..end;
                at = end;
                r
            })
        };
        if bytes.get(take(4)?)? != MAGIC {
            return None;
        }
        let version = u32::from_le_bytes(bytes[take(4)?].try_into().ok()?);
        let n = u32::from_le_bytes(bytes[take(4)?].try_into().ok()?) as usize;
        let stamp = u128::from_le_bytes(bytes[take(16)?].try_into().ok()?);
        let mut lens = Vec::with_capacity(SECTIONS);
        for _ in 0..SECTIONS {
            let len = u64::from_le_bytes(bytes[take(8)?].try_into().ok()?);
            lens.push(usize::try_from(len).ok()?);
        }
        let mut secs = Vec::with_capacity(SECTIONS);
        for len in lens {
            secs.push(take(len)?);
        }
        (at == bytes.len()).then_some(Layout {
            version,
            n,
            stamp,
            secs,
        })
    }

    /// Whether every column has one entry per session, every table's ends rise within its
    /// bytes, every string table is text cut at character boundaries, and the vocabulary is
    /// sorted. (Session numbers are checked as they are read.)
    fn sound(&self, bytes: &[u8]) -> bool {
        let n = self.n;
        let len = |s: usize| self.secs[s].len();
        if len(Sec::Keys as usize) != 8 * n
            || len(Sec::Started as usize) != 8 * n
            || len(Sec::TagCounts as usize) != 4 * n
        {
            return false;
        }
        let view = View {
            bytes,
            layout: self,
        };
        let tags = if n == 0 {
            0
        } else {
            view.u32_at(Sec::TagCounts as usize, n - 1) as usize
        };
        let counts_rise = (1..n).all(|i| {
            view.u32_at(Sec::TagCounts as usize, i - 1) <= view.u32_at(Sec::TagCounts as usize, i)
        });
        let words = len(ends(Table::Words)) / 4;
        let rows = |t: Table| match t {
            Table::Ids | Table::Heads | Table::Guides | Table::Clients => n,
            Table::Tags => tags,
            Table::Words | Table::Posts | Table::HeadPosts => words,
        };
        let text = |t: Table| !matches!(t, Table::Posts | Table::HeadPosts);
        let tables = [
            Table::Ids,
            Table::Heads,
            Table::Guides,
            Table::Clients,
            Table::Tags,
            Table::Words,
            Table::Posts,
            Table::HeadPosts,
        ];
        counts_rise
            && len(ends(Table::Words)) % 4 == 0
            && tables.iter().all(|&t| {
                let rows = rows(t);
                if len(ends(t)) != 4 * rows {
                    return false;
                }
                let data = &bytes[self.secs[blob(t)].clone()];
                let mut last = 0usize;
                let rising = (0..rows).all(|i| {
                    let e = view.u32_at(ends(t), i) as usize;
                    let ok = e >= last && e <= data.len();
                    last = e;
                    ok
                });
                if !rising || last != data.len() {
                    return false;
                }
                !text(t)
                    || std::str::from_utf8(data).is_ok_and(|s| {
                        (0..rows).all(|i| s.is_char_boundary(view.u32_at(ends(t), i) as usize))
                    })
            })
            && (1..words).all(|i| view.str_of(Table::Words, i - 1) < view.str_of(Table::Words, i))
    }
}

/// An index's bytes seen through their layout.
#[derive(Clone, Copy)]
pub(super) struct View<'a> {
    pub bytes: &'a [u8],
    pub layout: &'a Layout,
}

impl<'a> View<'a> {
    fn sec(&self, s: usize) -> &'a [u8] {
        self.layout
            .secs
            .get(s)
            .and_then(|r| self.bytes.get(r.clone()))
            .unwrap_or(&[])
    }

    fn u32_at(&self, s: usize, i: usize) -> u32 {
        self.sec(s)
            .get(4 * i..4 * i + 4)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64_at(&self, s: Sec, i: usize) -> u64 {
        self.sec(s as usize)
            .get(8 * i..8 * i + 8)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u64::from_le_bytes)
    }

    pub fn key(&self, i: usize) -> u64 {
        self.u64_at(Sec::Keys, i)
    }

    pub fn started(&self, i: usize) -> i64 {
        self.u64_at(Sec::Started, i) as i64
    }

    /// Entries in a table.
    pub fn rows(&self, t: Table) -> usize {
        self.sec(ends(t)).len() / 4
    }

    /// Where entry `i` lies, from a section of running ends: from the end before it.
    fn span(&self, ends: usize, i: usize) -> std::ops::Range<usize> {
        let start = if i == 0 { 0 } else { self.u32_at(ends, i - 1) };
        start as usize..self.u32_at(ends, i) as usize
    }

    /// The bytes of entry `i` of table `t` (empty when out of range).
    fn entry(&self, t: Table, i: usize) -> &'a [u8] {
        self.sec(blob(t)).get(self.span(ends(t), i)).unwrap_or(&[])
    }

    /// Entry `i` of a string table (checked as text when the index was read).
    pub fn str_of(&self, t: Table, i: usize) -> &'a str {
        std::str::from_utf8(self.entry(t, i)).unwrap_or("")
    }

    /// The tags of session `i`.
    pub fn tags(&self, i: usize) -> impl Iterator<Item = &'a str> + 'a {
        let v = *self;
        self.span(Sec::TagCounts as usize, i)
            .map(move |k| v.str_of(Table::Tags, k))
    }

    /// The sessions of entry `i` of a table of session numbers, rising; a number past the
    /// last session ends the list (a damaged file never reaches past the sessions).
    pub fn docs(&self, t: Table, i: usize) -> Docs<'a> {
        Docs {
            bytes: self.entry(t, i),
            at: 0,
            last: None,
            n: self.layout.n as u32,
        }
    }
}

/// Session numbers read from their LEB128 gaps.
pub(super) struct Docs<'a> {
    bytes: &'a [u8],
    at: usize,
    last: Option<u32>,
    n: u32,
}

impl Iterator for Docs<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let mut v = 0u32;
        let mut shift = 0;
        loop {
            let b = *self.bytes.get(self.at)?;
            self.at += 1;
            v |= u32::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                break;
            }
            shift += 7;
            if shift > 28 {
                return None;
            }
        }
        let d = match self.last {
            None => v,
            Some(l) => l.checked_add(v).filter(|_| v > 0)?,
        };
        if d >= self.n {
            self.at = self.bytes.len();
            return None;
        }
        self.last = Some(d);
        Some(d)
    }
}

/// Writes an index's sections, then the whole.
pub(super) struct Writer {
    secs: Vec<Vec<u8>>,
}

impl Writer {
    pub fn new() -> Writer {
        Writer {
            secs: vec![Vec::new(); SECTIONS],
        }
    }

    fn end(&mut self, t: Table) {
        let len = self.secs[blob(t)].len() as u32;
        self.secs[ends(t)].extend(len.to_le_bytes());
    }

    pub fn push_str(&mut self, t: Table, s: &str) {
        self.secs[blob(t)].extend(s.as_bytes());
        self.end(t);
    }

    /// One entry of a table of session numbers, from numbers that rise.
    pub fn push_docs(&mut self, t: Table, docs: impl IntoIterator<Item = u32>) {
        let out = &mut self.secs[blob(t)];
        let mut last = None;
        for d in docs {
            let mut v = match last {
                None => d,
                Some(l) => d - l,
            };
            last = Some(d);
            loop {
                let b = (v & 0x7f) as u8;
                v >>= 7;
                if v == 0 {
                    out.push(b);
                    break;
                }
                out.push(b | 0x80);
            }
        }
        self.end(t);
    }

    /// An entry copied as it is from another index (its numbers unchanged).
    pub fn push_raw(&mut self, t: Table, from: &View, i: usize) {
        let bytes = from.entry(t, i);
        self.secs[blob(t)].extend(bytes);
        self.end(t);
    }

    /// One session's columns; its tags follow with [`Writer::push_str`] on [`Table::Tags`]
    /// before [`Writer::end_tags`].
    pub fn push_session(&mut self, key: u64, started: i64) {
        self.secs[Sec::Keys as usize].extend(key.to_le_bytes());
        self.secs[Sec::Started as usize].extend(started.to_le_bytes());
    }

    pub fn end_tags(&mut self) {
        let count = (self.secs[ends(Table::Tags)].len() / 4) as u32;
        self.secs[Sec::TagCounts as usize].extend(count.to_le_bytes());
    }

    pub fn finish(self, version: u32, n: usize, stamp: u128) -> Vec<u8> {
        let total: usize = self.secs.iter().map(|s| s.len() + 8).sum();
        let mut out = Vec::with_capacity(28 + total);
        out.extend(MAGIC);
        out.extend(version.to_le_bytes());
        out.extend((n as u32).to_le_bytes());
        out.extend(stamp.to_le_bytes());
        for s in &self.secs {
            out.extend((s.len() as u64).to_le_bytes());
        }
        for s in self.secs {
            out.extend(s);
        }
        out
    }
}
