//! Plain mode's way to keep most of a draft statement: the draft a sentence at a time, each
//! kept with an empty line, dropped with `-`, or replaced by what is typed, then anything to
//! add. A screen-reader user hears one sentence, answers it, and hears the next.

use std::io;

use jiff::Timestamp;

use super::{Io, Reply, Turn};
use crate::session::Session;

/// What a person types instead of an answer to go through the draft this way.
pub const EDIT_WORD: &str = "edit";

/// The draft's sentences, each with the paragraph it belongs to.
fn sentences(draft: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (para, line) in draft.split('\n').enumerate() {
        let mut start = 0;
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        for (k, &(at, c)) in chars.iter().enumerate() {
            let ends = matches!(c, '.' | '!' | '?')
                && chars.get(k + 1).is_some_and(|&(_, next)| next == ' ');
            if ends {
                let s = line[start..at + c.len_utf8()].trim();
                if !s.is_empty() {
                    out.push((para, s.to_string()));
                }
                start = at + c.len_utf8();
            }
        }
        let rest = line[start..].trim();
        if !rest.is_empty() {
            out.push((para, rest.to_string()));
        }
    }
    out
}

/// Sentences back into paragraphs: one space within a paragraph, a line between them.
fn join(kept: &[(usize, String)]) -> String {
    let mut text = String::new();
    let mut last = None;
    for (para, s) in kept {
        match last {
            Some(p) if p == *para => text.push(' '),
            Some(_) => text.push('\n'),
            None => {}
        }
        text.push_str(s);
        last = Some(*para);
    }
    text
}

/// Go through the draft on step `i` a sentence at a time and keep the result as the
/// person's own statement. Input that ends on the way keeps every sentence not reached.
pub fn edit_by_sentence(
    session: &mut Session,
    io: &mut Io,
    clock: &dyn Fn() -> Timestamp,
) -> io::Result<Turn> {
    let i = session.current;
    let pieces = sentences(&session.steps[i].text);
    io.wrapped(
        "One sentence at a time: an empty line keeps it, \"-\" drops it, anything else you \
         write replaces it.",
        "",
    )?;
    let mut kept = Vec::new();
    let mut ended = false;
    for (n, (para, sentence)) in pieces.iter().enumerate() {
        if ended {
            kept.push((*para, sentence.clone()));
            continue;
        }
        writeln!(io.out, "Sentence {} of {}:", n + 1, pieces.len())?;
        io.wrapped(sentence, "  ")?;
        match io.line()? {
            None => {
                ended = true;
                kept.push((*para, sentence.clone()));
            }
            Some(l) if l.trim().is_empty() => kept.push((*para, sentence.clone())),
            Some(l) if l.trim() == "-" => {}
            Some(l) => kept.push((*para, crate::editor::clean(l.trim()))),
        }
    }
    let mut text = join(&kept);
    if !ended {
        writeln!(
            io.out,
            "Anything to add at the end? (end with a line holding only \".\"; just \".\" adds nothing)"
        )?;
        let added = match io.answer()? {
            Reply::Lines(l) => l,
            Reply::Eof(l) => {
                ended = true;
                l
            }
            Reply::Skip | Reply::Back | Reply::Word => Vec::new(),
        };
        let added = crate::editor::clean(added.join("\n").trim());
        if !added.is_empty() {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&added);
        }
    }
    session.set_text(i, &text, clock());
    // Kept as it is now, even when nothing changed: the person went through it and chose it.
    session.accept_draft(i, clock());
    writeln!(io.out, "Your statement now:")?;
    io.wrapped(&text, "  ")?;
    if ended {
        session.bank_time(clock());
        return Ok(Turn::InputEnded);
    }
    Ok(Turn::Done {
        moved: session.advance(clock()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_and_join_back_as_they_were() {
        let draft = "Our launch flopped. I signed off the forecast!\nWhat I do now: test first.";
        let s = sentences(draft);
        assert_eq!(s.len(), 3);
        assert_eq!(s[1], (0, "I signed off the forecast!".to_string()));
        assert_eq!(join(&s), draft);
    }
}
