//! Text preparation for drawing: wrapping read-only text with textwrap, and making sure no
//! control character from a file or a paste ever reaches the terminal.

use std::borrow::Cow;

use crate::editor::wrap::{is_control, placeholder};

/// Replace control characters (which a terminal would obey) with visible placeholders.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_control(c) { placeholder(c) } else { c })
            .collect(),
    )
}

/// Wrap text to `width`, keeping blank lines between paragraphs.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let text = sanitize(text);
    let width = width.max(4);
    let mut out = Vec::new();
    for para in text.split('\n') {
        if para.trim().is_empty() {
            out.push(String::new());
            continue;
        }
        out.extend(textwrap::wrap(para, width).into_iter().map(Cow::into_owned));
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// `body` wrapped to hang after `label`: the first row goes beside the label, the rest are
/// indented to line up under it (by at most a third of `width`, so a long name cannot squeeze
/// the text away).
pub fn hanging(label: &str, body: &str, width: usize) -> Vec<String> {
    let lead = label.chars().count().min(width / 3);
    wrap(body, width.saturating_sub(lead).max(1))
        .into_iter()
        .enumerate()
        .map(|(n, l)| {
            if n == 0 {
                l
            } else {
                format!("{}{l}", " ".repeat(lead))
            }
        })
        .collect()
}
