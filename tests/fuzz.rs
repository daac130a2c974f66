//! Arbitrary Unicode against the parts that read text a person or a file gives: the guide
//! reader (its error positions), the viewer's find, and the statement composer. None may panic.

mod common;

use proptest::prelude::*;

use leverage::content::BUILT_IN;
use leverage::session::Session;

/// Characters whose case mapping changes their length, combining marks, wide and zero-width
/// ones, and the odd control character: the inputs that broke byte arithmetic before.
fn tricky() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("İ".to_string()),
            Just("ẞ".to_string()),
            Just("ﬁ".to_string()),
            Just("Σ".to_string()),
            Just("é".to_string()),
            Just("e\u{301}".to_string()),
            Just("日本".to_string()),
            Just("👩‍👩‍👧".to_string()),
            Just("\u{200b}".to_string()),
            Just("*/".to_string()),
            Just("/*".to_string()),
            Just("\"".to_string()),
            Just("{".to_string()),
            Just("}".to_string()),
            Just(":".to_string()),
            Just("\n".to_string()),
            "\\PC{0,3}",
        ],
        0..12,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A built-in guide with text of any kind put in a comment, or cut anywhere: parsed or
    /// refused with a position, never a panic.
    #[test]
    fn the_guide_reader_never_panics_on_any_text(
        which in 0usize..3,
        noise in tricky(),
        at in 0usize..40_000,
        cut in 0usize..40_000,
        style in 0usize..3,
    ) {
        let (_, text) = BUILT_IN[which % BUILT_IN.len()];
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) { at -= 1; }
        let inserted = match style {
            0 => format!("{}// {noise}\n{}", &text[..at], &text[at..]),
            1 => format!("{}/* {noise} */{}", &text[..at], &text[at..]),
            _ => format!("{}{noise}{}", &text[..at], &text[at..]),
        };
        let _ = leverage::guide::parse("fuzz.ron", &inserted);
        let mut cut = cut.min(inserted.len());
        while !inserted.is_char_boundary(cut) { cut -= 1; }
        if let Err(e) = leverage::guide::parse("fuzz.ron", &inserted[..cut]) {
            prop_assert!(e.line >= 1 && e.col >= 1);
        }
    }

    /// The viewer's find over a session of any words, for any query.
    #[test]
    fn finding_within_a_session_never_panics(words in tricky(), query in tricky()) {
        let mut s = Session::new("2026-11-21T16-05-33-fuzzzz".into(), common::leverage_guide(), common::t0());
        s.set_text(1, &words, common::at(1));
        s.set_text(2, &format!("{words} and {words}"), common::at(1));
        let t = s.to_transcript();
        for width in [1usize, 7, 40, 80] {
            let reading = leverage::library::reading::layout(&t, width, &jiff::tz::TimeZone::UTC);
            let _ = leverage::library::reading::find(&reading, query.to_lowercase().trim());
        }
    }

    /// The statement composer, for answers and slots of any words.
    #[test]
    fn composing_a_statement_never_panics(answer in tricky(), lead in tricky(), sentence in tricky()) {
        let slot = format!("{{a:{}}}", lead.replace(['{', '}'], ""));
        let sentences = vec![format!("{sentence} {slot}."), "{a}".to_string(), sentence.clone()];
        let out = leverage::session::compose::compose(&sentences, |_| Some(answer.clone()));
        let _ = leverage::session::compose::aloud(&out);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Text hung after a label of any display width fits the width on every row (the label
    /// counted on the first) and keeps every letter, in order.
    #[test]
    fn hanging_text_fits_under_a_label_of_any_width(
        label in prop::collection::vec(prop_oneof![Just("李"), Just("a"), Just("é"), Just(" ")], 0..40),
        words in prop::collection::vec("[a-z]{1,9}|日本", 0..30),
        width in 12usize..120,
    ) {
        let label = format!("{}: ", label.concat());
        let body = words.join(" ");
        let rows = leverage::text::hanging(&label, &body, width);
        let label_w = leverage::text::width(&label);
        for (n, r) in rows.iter().enumerate() {
            let used = leverage::text::width(r) + if n == 0 { label_w } else { 0 };
            // A label as wide as the row leaves its row to itself.
            let room = if n == 0 && label_w >= width { label_w } else { width };
            prop_assert!(used <= room, "row {n} {r:?} under {label:?} is {used} wide at {width}");
        }
        // Every letter, in order (a word longer than the room is broken, never dropped).
        let kept: String = rows.iter().flat_map(|r| r.split_whitespace()).collect();
        prop_assert_eq!(kept, words.concat());
    }
}
