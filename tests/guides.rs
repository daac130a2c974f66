//! Guides: every built-in guide loads, and each kind of mistake is reported with its file,
//! line, column and reason.

use std::path::Path;

use leverage::content::{BUILT_IN, Library, read_guide_file};
use leverage::guide::{self, StepKind};

#[test]
fn every_built_in_guide_loads() {
    for (name, text) in BUILT_IN {
        let g = guide::parse(name, text).unwrap_or_else(|e| panic!("{e}"));
        assert!(!g.steps.is_empty());
        for step in &g.steps {
            assert!(
                !step.cue.trim().is_empty(),
                "{}: step {} has no cue",
                name,
                step.id
            );
            assert!(
                step.example.is_some(),
                "{}: step {} has no example",
                name,
                step.id
            );
        }
    }
    assert!(Library::built_in().errors.is_empty());
}

#[test]
fn the_leverage_guide_has_the_steps_the_session_needs() {
    let lib = Library::built_in();
    let g = lib.find("leverage").unwrap();
    let ids: Vec<_> = g.steps.iter().map(|s| s.id.as_str()).collect();
    for id in [
        "check-in",
        "headline",
        "story",
        "replay",
        "resilience",
        "patterns",
        "humility",
        "credibility",
        "innovation",
        "debrief",
        "statement",
        "check-out",
        "next-step",
    ] {
        assert!(ids.contains(&id), "missing step {id}");
    }
    let StepKind::Scale(scale) = &g.steps[g.summary.check_in.unwrap()].kind else {
        panic!("check-in is a scale")
    };
    assert_eq!((scale.min, scale.max), (0, 10));
    assert!(!scale.min_label.is_empty() && !scale.max_label.is_empty());
    assert!(g.summary.check_in.is_some() && g.summary.check_out.is_some());
    // A coach running it in a paired session has a facilitator's guide on every step.
    for step in &g.steps {
        let f = &step.facilitator;
        assert!(!f.purpose.is_empty(), "{}: no purpose", step.id);
        assert!(f.follow_ups.len() >= 2, "{}: follow-ups", step.id);
        assert!(!f.listen_for.is_empty(), "{}: listen for", step.id);
        assert!(f.minutes.is_some(), "{}: time box", step.id);
    }
}

/// (fixture, line, column, words the reason must contain)
const CASES: &[(&str, usize, usize, &str)] = &[
    ("unknown_field.ron", 9, 13, "field named `colour` in a step"),
    ("duplicate_id.ron", 15, 13, "duplicate step id \"one\""),
    ("empty_prompt.ron", 10, 13, "empty prompt"),
    ("bad_scale.ron", 8, 25, "min (10) must be below its max (0)"),
    (
        "unknown_reference.ron",
        9,
        60,
        "uses {nowhere}, but no step has that id",
    ),
    ("unknown_kind.ron", 8, 19, "variant named `Essay` in kind"),
    (
        "missing_id.ron",
        10,
        9,
        "missing field named `id` in a step",
    ),
    (
        "summary_reference.ron",
        3,
        15,
        "summary.check_in names step \"nowhere\"",
    ),
    ("syntax.ron", 7, 9, "Expected comma"),
    (
        "unknown_mode.ron",
        13,
        17,
        "wording for mode \"sideways\", which the guide does not have",
    ),
    (
        "duplicate_option.ron",
        8,
        26,
        "the option \"Yes\" appears twice",
    ),
    ("empty_rehearsal.ron", 8, 29, "a rehearsal needs questions"),
    ("zero_time_box.ron", 13, 17, "a time box of 0 minutes"),
    ("facilitator_typo.ron", 13, 17, "field named `follow_up`"),
    (
        "template_forward.ron",
        6,
        60,
        "uses {later}, which comes after it",
    ),
];

#[test]
fn each_kind_of_invalid_guide_names_file_position_and_reason() {
    for (file, line, col, words) in CASES {
        let path = Path::new("tests/fixtures/guides").join(file);
        let err = read_guide_file(&path).expect_err(file);
        assert!(err.file.ends_with(file), "{file}: {err}");
        assert!(
            err.reason.contains(words),
            "{file}: reason was {:?}",
            err.reason
        );
        assert_eq!((err.line, err.col), (*line, *col), "{file}: {err}");
        assert!(
            err.to_string()
                .starts_with(&format!("{}:{line}:{col}: ", path.display()))
        );
    }
}

#[test]
fn a_user_guide_with_a_built_in_id_replaces_it_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let text = BUILT_IN[0]
        .1
        .replace("title: \"Failure as leverage\"", "title: \"My leverage\"");
    std::fs::write(dir.path().join("mine.ron"), text).unwrap();
    std::fs::write(dir.path().join("broken.ron"), "(id: ").unwrap();
    let lib = Library::load(Some(dir.path()));
    assert_eq!(lib.find("leverage").unwrap().title, "My leverage");
    assert_eq!(lib.guides.len(), BUILT_IN.len());
    assert_eq!(lib.notices.len(), 1);
    assert_eq!(lib.errors.len(), 1);
    assert!(lib.errors[0].file.ends_with("broken.ron"));
}
