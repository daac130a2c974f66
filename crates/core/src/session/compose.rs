//! Composing a statement draft from a person's answers: whole template sentences, each slot
//! taking one sentence of an answer, read so that the result can be said aloud.
//!
//! A slot is `{step}` (the answer's first sentence) or `{step:My part|I}` (its first sentence
//! that starts with one of those lead-ins, tried in order; a lead-in followed by a colon is
//! dropped, so "My part: I pushed" gives "I pushed"). A sentence whose slot finds nothing is
//! left out whole, never shown with a placeholder. After a lead-in the slot's first word is
//! lowered ("what I learned: measure first"), unless it is "I", an acronym or a name the
//! person wrote with a capital mid-sentence.

use std::collections::HashSet;

use crate::guide::{Piece, pieces, placeholders, slot_leads, slot_name};

/// The draft for `sentences`, with `answer(step)` giving each step's words (None when
/// unanswered or skipped).
pub fn compose(sentences: &[String], answer: impl Fn(&str) -> Option<String>) -> String {
    let sources: Vec<String> = sentences
        .iter()
        .flat_map(|s| placeholders(s))
        .filter_map(|slot| answer(slot_name(slot)))
        .collect();
    let names = proper_words(&sources);
    let mut out = String::new();
    for sentence in sentences {
        if let Some(filled) = fill_sentence(sentence, &answer, &names) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&filled);
        }
    }
    out
}

/// About how long `text` takes to say aloud, at a calm 150 words a minute.
pub fn speaking_seconds(text: &str) -> u32 {
    let words = text.split_whitespace().count() as u32;
    (words * 60).div_ceil(150)
}

/// "about 40 seconds aloud", "about 1 min 10 s aloud": how long `text` takes to say.
pub fn aloud(text: &str) -> String {
    match speaking_seconds(text) {
        0 => "nothing to say yet".to_string(),
        s if s < 60 => format!("about {} seconds aloud", s.div_ceil(5) * 5),
        s => format!("about {} min {} s aloud", s / 60, s % 60 / 5 * 5),
    }
}

fn fill_sentence(
    template: &str,
    answer: &impl Fn(&str) -> Option<String>,
    names: &HashSet<String>,
) -> Option<String> {
    let mut out = String::with_capacity(template.len() * 2);
    // A question keeps its mark; the template's full stop after it is dropped.
    let mut after_question = false;
    for piece in pieces(template) {
        match piece {
            Piece::Text(text) => {
                let text = match text.strip_prefix('.') {
                    Some(rest) if after_question => rest,
                    _ => text,
                };
                out.push_str(text);
                after_question = false;
            }
            Piece::Slot(slot) => {
                let text = answer(slot_name(slot))?;
                let clause = pick(&text, &slot_leads(slot))?;
                let clause = if at_sentence_start(&out) {
                    capitalise(&clause)
                } else {
                    lower_first(&clause, names)
                };
                after_question = clause.ends_with('?');
                out.push_str(&clause);
            }
        }
    }
    let out = out.trim().to_string();
    (!out.is_empty()).then_some(out)
}

/// The sentence of `text` a slot takes, without its closing full stop.
fn pick(text: &str, leads: &[&str]) -> Option<String> {
    let sentences = sentences(text);
    let chosen = if leads.is_empty() {
        sentences.first().map(|s| s.to_string())
    } else {
        leads.iter().find_map(|lead| {
            sentences
                .iter()
                .find_map(|s| after_lead(s, lead).map(|rest| rest.to_string()))
        })
    }?;
    let clause = chosen
        .trim()
        .trim_end_matches(['.', '!', ',', ';', ':'])
        .trim();
    (!clause.is_empty()).then(|| clause.to_string())
}

/// `s` when it starts with the word(s) `lead` (any case): the whole sentence, or what follows
/// the lead-in when a colon or dash sets it apart ("My part: I pushed" gives "I pushed").
fn after_lead<'a>(s: &'a str, lead: &str) -> Option<&'a str> {
    let mut chars = s.char_indices();
    for l in lead.chars() {
        let (_, c) = chars.next()?;
        if !c.to_lowercase().eq(l.to_lowercase()) {
            return None;
        }
    }
    let end = chars.next().map_or(s.len(), |(i, _)| i);
    let rest = &s[end..];
    // The lead-in must end where a word ends: "My part" is not the start of "My partner".
    if lead.ends_with(char::is_alphanumeric) && rest.starts_with(char::is_alphanumeric) {
        return None;
    }
    let trimmed = rest.trim_start();
    match trimmed.chars().next() {
        Some(c @ (':' | '-' | '\u{2013}' | '\u{2014}')) => {
            let r = trimmed[c.len_utf8()..].trim_start();
            (!r.is_empty()).then_some(r)
        }
        _ => Some(s),
    }
}

/// The sentences of an answer, across its lines and paragraphs, each with its own mark.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut start = 0;
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if matches!(c, '.' | '!' | '?') && chars.peek().is_none_or(|&(_, n)| n.is_whitespace())
            {
                let s = line[start..i + c.len_utf8()].trim();
                if !s.is_empty() {
                    out.push(s);
                }
                start = i + c.len_utf8();
            }
        }
        let s = line[start..].trim();
        if !s.is_empty() {
            out.push(s);
        }
    }
    out
}

/// Whether text written so far ends a sentence (or is nothing yet), so the next word opens one.
fn at_sentence_start(before: &str) -> bool {
    let t = before
        .trim_end()
        .trim_end_matches(['"', '\u{201c}', '\'', '(']);
    t.is_empty() || t.ends_with(['.', '!', '?'])
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

/// Lower the first letter after a lead-in, unless the first word is "I", an acronym or a
/// name (a word the person capitalised somewhere mid-sentence).
fn lower_first(s: &str, names: &HashSet<String>) -> String {
    let word = first_word(s);
    let keep = word == "I"
        || word.starts_with("I'")
        || word.starts_with("I\u{2019}")
        || word.chars().skip(1).any(char::is_uppercase)
        || names.contains(word);
    if keep {
        return s.to_string();
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => c.to_lowercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

fn first_word(s: &str) -> &str {
    let s = s.trim_start();
    let end = s
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}' || c == '-'))
        .map_or(s.len(), |(i, _)| i);
    &s[..end]
}

/// Words written with a capital somewhere other than at a sentence's start: names.
fn proper_words(texts: &[String]) -> HashSet<String> {
    let mut out = HashSet::new();
    for text in texts {
        for sentence in sentences(text) {
            for word in sentence.split_whitespace().skip(1) {
                let w = first_word(word.trim_start_matches(['"', '\u{201c}', '(', '\'']));
                if w.chars().next().is_some_and(char::is_uppercase) {
                    out.insert(w.to_string());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn lead_ins_pick_the_fitting_sentence_and_drop_a_colon() {
        let story = "We opened in three cities. My part: I pushed the schedule.";
        assert_eq!(pick(story, &["My part"]).unwrap(), "I pushed the schedule");
        assert_eq!(pick(story, &[]).unwrap(), "We opened in three cities");
        assert_eq!(pick("My partner left.", &["My part"]), None);
        assert_eq!(
            pick("My part was the forecast.", &["My part"]).unwrap(),
            "My part was the forecast"
        );
    }

    #[test]
    fn a_sentence_with_nothing_for_its_slot_is_left_out() {
        let out = compose(&s(&["{a}.", "I learned {b}."]), |n| {
            (n == "a").then(|| "It closed.".to_string())
        });
        assert_eq!(out, "It closed.");
    }

    #[test]
    fn case_follows_the_place_of_the_slot() {
        let out = compose(&s(&["What I took from it: {b}."]), |_| {
            Some("Measure before you scale. Marta said so and Ines agreed.".into())
        });
        assert_eq!(out, "What I took from it: measure before you scale.");
        let out = compose(&s(&["What I took from it: {b}."]), |_| {
            Some("Ines taught me. Then Ines left.".into())
        });
        assert_eq!(out, "What I took from it: Ines taught me.");
        let out = compose(&s(&["Lesson: {b}."]), |_| Some("I measure now.".into()));
        assert_eq!(out, "Lesson: I measure now.");
    }

    #[test]
    fn odd_text_never_panics() {
        for t in ["", "İ", ":", "My part:", "ß. ẞ! ﬁ?", "\u{301}x"] {
            let _ = compose(&s(&["{a:My part|İ}.", "x {a}"]), |_| Some(t.to_string()));
        }
    }
}
