//! One searchable form of text: lowercase, accents and other marks set aside, ligatures and
//! ß spelt out, a word-final sigma as any other. `zurich` finds Zürich, `cafe` café,
//! `strasse` STRAẞE, `fine` ﬁne. Finding works on the text as written and gives back byte
//! ranges in it (always on character boundaries), however the lengths change on the way.

use std::ops::Range;

/// Whether `c` is a combining mark (the accents of decomposed text), set aside by folding.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// Whether `c` belongs inside a word (letters, digits and the marks on them).
pub fn in_word(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// The folded form of one already-lowercase character, pushed onto `out`.
fn fold_lower(l: char, out: &mut impl FnMut(char)) {
    match l {
        c if c.is_ascii() => out(c),
        c if is_mark(c) => {}
        'ς' => out('σ'),
        'ß' => {
            out('s');
            out('s');
        }
        'ﬀ' => "ff".chars().for_each(out),
        'ﬁ' => "fi".chars().for_each(out),
        'ﬂ' => "fl".chars().for_each(out),
        'ﬃ' => "ffi".chars().for_each(out),
        'ﬄ' => "ffl".chars().for_each(out),
        'ﬅ' | 'ﬆ' => "st".chars().for_each(out),
        'æ' => "ae".chars().for_each(out),
        'œ' => "oe".chars().for_each(out),
        'ø' => out('o'),
        'ł' => out('l'),
        'đ' | 'ð' => out('d'),
        'þ' => "th".chars().for_each(out),
        'ı' => out('i'),
        // Latin letters with accents: their base letter (ASCII's kin, lowercase).
        c if ('\u{c0}'..='\u{24f}').contains(&c) => {
            let kin = crate::text::ascii_kin(c);
            if kin.is_ascii_alphabetic() {
                out(kin.to_ascii_lowercase());
            } else {
                out(c);
            }
        }
        c => out(c),
    }
}

/// Each character of `c`'s folded form, in order (none for a mark).
pub fn fold_char(c: char, out: &mut impl FnMut(char)) {
    if c.is_ascii() {
        out(c.to_ascii_lowercase());
        return;
    }
    for l in c.to_lowercase() {
        fold_lower(l, out);
    }
}

/// `text` folded.
pub fn fold(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut |f| s.push(f));
    }
    s
}

/// Where `needle` (any case, any accents) first occurs in `hay`, compared folded: the byte
/// range in `hay`, which may be longer or shorter than `needle`. Always on char boundaries.
pub fn find_ci(hay: &str, needle: &str) -> Option<Range<usize>> {
    if needle.is_empty() {
        return Some(0..0);
    }
    if needle.is_ascii() && hay.is_ascii() {
        // All ASCII: the match is as long as the needle.
        let n = needle.as_bytes();
        return hay
            .as_bytes()
            .windows(n.len())
            .position(|w| w.eq_ignore_ascii_case(n))
            .map(|i| i..i + n.len());
    }
    let want: Vec<char> = fold(needle).chars().collect();
    let first = *want.first()?;
    hay.char_indices().find_map(|(i, c)| {
        let mut starts = false;
        let mut seen = false;
        fold_char(c, &mut |f| {
            if !seen {
                starts = f == first;
                seen = true;
            }
        });
        if !starts {
            return None;
        }
        matches_at(&hay[i..], &want).map(|len| i..i + len)
    })
}

/// Whether `hay` starts with text that folds to `want`; the matched length in `hay`. A mark
/// right after the match belongs to it (the accent on its last letter).
fn matches_at(hay: &str, want: &[char]) -> Option<usize> {
    let mut k = 0;
    let mut end = None;
    for (i, c) in hay.char_indices() {
        if let Some(e) = end {
            // The needle is done: marks on its last letter are part of the match.
            if is_mark(c) {
                end = Some(i + c.len_utf8());
                continue;
            }
            return Some(e);
        }
        let mut ok = true;
        let mut done_inside = false;
        fold_char(c, &mut |f| {
            if !ok || done_inside {
                return;
            }
            match want.get(k) {
                Some(&w) if w == f => k += 1,
                Some(_) => ok = false,
                // The needle ended inside this character's folded form: count it whole.
                None => done_inside = true,
            }
        });
        if !ok {
            return None;
        }
        if k == want.len() {
            end = Some(i + c.len_utf8());
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::{find_ci, fold};

    #[test]
    fn case_mappings_that_change_length_find_the_whole_word() {
        let hay = "Flights to İSTANBUL and STRAẞE";
        let m = find_ci(hay, "İSTANBUL").expect("found");
        assert_eq!(&hay[m], "İSTANBUL");
        let m = find_ci(hay, "STRAẞE").expect("found");
        assert_eq!(&hay[m], "STRAẞE");
        assert_eq!(find_ci(hay, "strasse").map(|m| &hay[m]), Some("STRAẞE"));
        assert_eq!(find_ci("ﬁne", "ﬁ"), Some(0..3));
        assert_eq!(find_ci("ﬁne", "fine"), Some(0.."ﬁne".len()));
        assert_eq!(find_ci("ΣΊΣΥΦΟΣ", "σίσυφοσ"), Some(0.."ΣΊΣΥΦΟΣ".len()));
        assert_eq!(find_ci("abc", "d"), None);
        assert_eq!(find_ci(hay, "istanbul").map(|m| &hay[m]), Some("İSTANBUL"));
        assert_eq!(find_ci("ΟΔΟΣ", "ΟΔΟΣ"), Some(0.."ΟΔΟΣ".len()));
    }

    #[test]
    fn accents_and_marks_are_set_aside() {
        assert_eq!(fold("Zürich Café ŒUVRE"), "zurich cafe oeuvre");
        let hay = "A week in Zürich, then the café";
        assert_eq!(find_ci(hay, "zurich").map(|m| &hay[m]), Some("Zürich"));
        assert_eq!(find_ci(hay, "CAFE").map(|m| &hay[m]), Some("café"));
        // Decomposed: e and a combining acute, the accent kept inside the match.
        let hay = "cafe\u{301} noir";
        assert_eq!(find_ci(hay, "café").map(|m| &hay[m]), Some("cafe\u{301}"));
        assert_eq!(find_ci(hay, "cafe").map(|m| &hay[m]), Some("cafe\u{301}"));
    }

    proptest::proptest! {
        #[test]
        fn any_text_and_any_query_never_panic_and_match_on_char_boundaries(
            hay in "\\PC{0,40}",
            needle in "\\PC{0,6}",
        ) {
            if let Some(m) = find_ci(&hay, &needle) {
                proptest::prop_assert!(hay.is_char_boundary(m.start) && hay.is_char_boundary(m.end));
                proptest::prop_assert!(m.start <= m.end);
            }
            // Any text is found in itself, whatever its case.
            let upper = hay.to_uppercase();
            proptest::prop_assert!(find_ci(&hay, &hay).is_some() || fold(&hay).is_empty());
            let _ = find_ci(&upper, &hay);
        }
    }
}
