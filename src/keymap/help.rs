//! The help overlay's rows, laid out for one width: the keys of the screen under it first,
//! each description wrapped under its own column, so nothing is cut at any width. The app
//! scrolls by these rows and the view draws them, so the two always agree on the length.

use super::{Action, Context, Keymap};

/// The help overlay's outer width on a terminal this wide (a readable column at most).
pub fn outer_width(term_width: u16) -> u16 {
    term_width.saturating_sub(4).min(76)
}

/// The width inside the overlay's frame.
pub fn inner_width(term_width: u16) -> usize {
    usize::from(outer_width(term_width).saturating_sub(2))
}

/// One row of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Blank,
    /// A section's title.
    Title(&'static str),
    /// The keys column (empty on a continuation row) and the words beside it.
    Binding {
        keys: String,
        what: String,
    },
    /// The closing sentence.
    Footer(String),
}

/// The key column's width inside `inner` columns.
fn key_column(inner: usize) -> usize {
    30.min(inner / 2)
}

/// Every row of help for `here` (the contexts under the overlay, most specific first) at
/// `inner` columns. The console's keys are left out: the console shows them.
pub fn rows(keymap: &Keymap, here: &[Context], inner: usize) -> Vec<Row> {
    build(keymap, here, inner, |ctx| ctx != Context::Console)
}

/// The rows of the sections of `here` only, in its order: the console's help, which has no
/// other screens.
pub fn rows_only(keymap: &Keymap, here: &[Context], inner: usize) -> Vec<Row> {
    build(keymap, here, inner, |ctx| here.contains(&ctx))
}

fn build(
    keymap: &Keymap,
    here: &[Context],
    inner: usize,
    keep: impl Fn(Context) -> bool,
) -> Vec<Row> {
    let inner = inner.max(8);
    let col = key_column(inner);
    let mut rows = Vec::new();
    for (ctx, bindings) in keymap.help_sections_from(here) {
        if !keep(ctx) {
            continue;
        }
        if !rows.is_empty() {
            rows.push(Row::Blank);
        }
        rows.push(Row::Title(ctx.title()));
        for (keys, what) in bindings {
            let keys = format!("  {keys}");
            // Keys too long for their column get a row of their own.
            let mut key_rows = if crate::text::width(&keys) + 2 > col {
                crate::text::wrap(&keys, inner)
            } else {
                Vec::new()
            };
            let what_rows = crate::text::wrap(what, inner - col);
            let first = if key_rows.is_empty() {
                keys
            } else {
                let last = key_rows.pop().unwrap_or_default();
                for k in key_rows {
                    rows.push(Row::Binding {
                        keys: k,
                        what: String::new(),
                    });
                }
                rows.push(Row::Binding {
                    keys: last,
                    what: String::new(),
                });
                String::new()
            };
            for (n, w) in what_rows.into_iter().enumerate() {
                rows.push(Row::Binding {
                    keys: if n == 0 { first.clone() } else { String::new() },
                    what: w,
                });
            }
        }
    }
    rows.push(Row::Blank);
    let footer = format!(
        "While you write an answer, plain keys are always text. Up/Down, PgUp/PgDn scroll; {} closes.",
        keymap.label(&[Context::Help], Action::Back)
    );
    rows.extend(
        crate::text::wrap(&footer, inner)
            .into_iter()
            .map(Row::Footer),
    );
    rows
}

/// The key column's width for rows laid out at `inner` columns (the view pads keys to it).
pub fn column(inner: usize) -> usize {
    key_column(inner.max(8))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Not one row is wider than the overlay, at any width from the smallest up.
    #[test]
    fn no_row_is_wider_than_the_overlay() {
        let keymap = Keymap::default_keymap().unwrap();
        for term in [50u16, 60, 80, 100, 200] {
            let inner = inner_width(term);
            let col = column(inner);
            for row in rows(&keymap, &[Context::Editor], inner) {
                let w = match &row {
                    Row::Blank => 0,
                    Row::Title(t) => crate::text::width(t),
                    Row::Binding { keys, what } if what.is_empty() => crate::text::width(keys),
                    Row::Binding { what, .. } => col + crate::text::width(what),
                    Row::Footer(f) => crate::text::width(f),
                };
                assert!(w <= inner, "{term}: {row:?}");
            }
        }
    }
}
