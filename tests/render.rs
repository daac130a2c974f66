//! Screens rendered into a TestBackend: snapshots at 80x24 and at the smallest size, the
//! "make the window larger" message, and no panic at any size.

mod common;

use common::{at, chars, ctrl, in_session, key, leverage_guide, model, t0};
use leverage::app::{Model, Msg, update};
use leverage::session::Session;
use leverage::store::{Listing, SessionSummary, Unreadable};
use leverage::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

fn render(m: &mut Model, w: u16, h: u16) -> Terminal<TestBackend> {
    update(m, Msg::Resize(w, h));
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| ui::view(m, f)).unwrap();
    term
}

fn home_model() -> Model {
    let mut m = model();
    let mut s = Session::new(
        "2026-11-20T09-12-00-k3x9pq".into(),
        leverage_guide(),
        at(-86_400),
    );
    s.set_text(
        1,
        "The bakery I co-founded closed after two winters",
        at(-86_000),
    );
    s.go_to(4, at(0));
    let listing = Listing {
        sessions: vec![SessionSummary::of(&s.to_transcript())],
        unreadable: vec![Unreadable {
            name: "2026-10-01T10-00-00-broken.ron".into(),
            reason: "line 14, column 9: Expected comma".into(),
        }],
        partial_of: None,
    };
    update(&mut m, Msg::Listed(listing));
    m
}

fn text_step_model() -> Model {
    let mut m = in_session("/data/sessions/x.ron");
    update(&mut m, Msg::Key(key(KeyCode::Char('3'))));
    update(&mut m, Msg::Key(ctrl('n')));
    for k in chars("Our meal-kit launch flopped in six weeks") {
        update(&mut m, Msg::Key(k));
    }
    update(&mut m, Msg::Key(ctrl('n')));
    for k in chars("We built for a customer we imagined. I signed off the forecast.") {
        update(&mut m, Msg::Key(k));
    }
    m
}

fn current_id(m: &Model) -> String {
    match &m.screen {
        leverage::app::Screen::Session(s) => s.session.guide.steps[s.session.current].id.clone(),
        _ => String::new(),
    }
}

fn summary_model() -> Model {
    let mut m = text_step_model();
    // Through the rest (the statement keeps its draft, the rehearsal is left blank).
    while current_id(&m) != "check-out" {
        update(&mut m, Msg::Key(ctrl('n')));
    }
    update(&mut m, Msg::Key(key(KeyCode::Char('7'))));
    update(&mut m, Msg::Key(ctrl('n')));
    for k in chars("Tell Sam the statement on Friday.") {
        update(&mut m, Msg::Key(k));
    }
    update(&mut m, Msg::Key(ctrl('n')));
    let generation = match &m.screen {
        leverage::app::Screen::Session(s) => s.save.generation,
        _ => unreachable!(),
    };
    update(
        &mut m,
        Msg::Saved {
            generation,
            result: Ok(()),
        },
    );
    assert!(matches!(m.screen, leverage::app::Screen::Summary(_)));
    m
}

macro_rules! snap {
    ($name:ident, $model:expr) => {
        #[test]
        fn $name() {
            for (w, h) in [(80, 24), (ui::MIN_WIDTH, ui::MIN_HEIGHT)] {
                let mut m = $model;
                let term = render(&mut m, w, h);
                insta::assert_snapshot!(format!("{}_{w}x{h}", stringify!($name)), term.backend());
            }
        }
    };
}

snap!(home, home_model());
snap!(scale_step, in_session("/data/sessions/x.ron"));
snap!(text_step, text_step_model());
snap!(summary, summary_model());
fn at_step(guide: &str, step: &str, mode: Option<&str>) -> Model {
    let mut m = model();
    let g = leverage::content::Library::built_in()
        .find(guide)
        .cloned()
        .unwrap();
    let mut s = Session::new("2026-11-21T16-05-33-abcdef".into(), g.clone(), t0());
    if let Some(mode) = mode {
        s.set_mode(mode);
    }
    s.set_text(
        g.headline_step().unwrap(),
        "Our renewal rate collapses",
        t0(),
    );
    s.go_to(g.step_index(step).unwrap(), t0());
    update(
        &mut m,
        Msg::SessionReady {
            session: Box::new(s),
            location: "/data/x.ron".into(),
        },
    );
    m
}

snap!(choice_step, {
    let mut m = at_step("value-cycle", "rebound", Some("ahead"));
    update(&mut m, Msg::Key(key(KeyCode::Char('2'))));
    update(&mut m, Msg::Key(key(KeyCode::Down)));
    m
});
snap!(rehearsal_step, {
    let mut m = at_step("leverage", "rehearsal", None);
    for k in chars("We expanded on a forecast I backed.") {
        update(&mut m, Msg::Key(k));
    }
    update(&mut m, Msg::Tick(at(102)));
    m
});
snap!(choose_mode, {
    let mut m = model();
    update(
        &mut m,
        Msg::StartGuide {
            guide_id: "value-cycle".into(),
            mode: None,
            pair: None,
        },
    );
    m
});
snap!(help_overlay, {
    let mut m = text_step_model();
    update(&mut m, Msg::Key(key(KeyCode::F(1))));
    m
});

/// Help opens on the keys of the screen under it, the most specific first, with the rest
/// below: writing an answer shows the editor's keys first, home shows home's.
#[test]
fn help_opens_on_the_keys_of_the_screen_under_it() {
    for (mut m, first) in [
        (text_step_model(), "Writing an answer"),
        (home_model(), "Home"),
        (summary_model(), "At the end of a session"),
    ] {
        update(&mut m, Msg::Key(key(KeyCode::F(1))));
        let term = render(&mut m, 80, 24);
        let text = format!("{}", term.backend());
        let top = text.lines().nth(2).unwrap_or_default();
        assert!(top.contains(first), "{first}: {text}");
    }
}

/// On a wide screen the help keeps to a readable width and every line of it ends whole.
#[test]
fn help_overlay_on_a_wide_screen() {
    let mut m = text_step_model();
    update(&mut m, Msg::Key(key(KeyCode::F(1))));
    let term = render(&mut m, 200, 50);
    insta::assert_snapshot!("help_overlay_200x50", term.backend());
}

#[test]
fn a_small_terminal_asks_for_more_room() {
    let mut m = text_step_model();
    let term = render(&mut m, 40, 10);
    let text = format!("{}", term.backend());
    assert!(text.contains("Make the window larger"), "{text}");
    assert!(text.contains("40×10"));
}

#[test]
fn no_screen_panics_at_any_size() {
    let mut models = vec![
        home_model(),
        in_session("/data/sessions/x.ron"),
        text_step_model(),
        summary_model(),
    ];
    for m in &mut models {
        for w in (1..=130).step_by(7) {
            for h in (1..=50).step_by(3) {
                render(m, w, h);
            }
        }
    }
}

#[test]
fn the_cursor_sits_after_the_typed_text() {
    let mut m = text_step_model();
    let mut term = render(&mut m, 80, 24);
    let pos = term.get_cursor_position().unwrap();
    let line: String = (0..80)
        .map(|x| term.backend().buffer()[(x, pos.y)].symbol().to_string())
        .collect();
    assert!(line.contains("I signed off the forecast."), "{line}");
    let byte = line.find("forecast.").unwrap() + "forecast.".len();
    assert_eq!(pos.x as usize, line[..byte].chars().count());
}

#[test]
fn the_pinned_headline_is_styled_to_stand_out() {
    let mut m = text_step_model();
    let term = render(&mut m, 80, 24);
    let buf = term.backend().buffer();
    let y = (0..24)
        .find(|&y| {
            (0..80)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .contains("Setback:")
        })
        .expect("the headline is pinned");
    let x = (0..80).find(|&x| buf[(x, y)].symbol() == "O").unwrap();
    assert_eq!(
        buf[(x, y)].style().fg,
        leverage::ui::Theme::derive(m.no_color, m.presenting)
            .pinned
            .fg
    );
    assert!(
        buf[(x, y)]
            .style()
            .add_modifier
            .contains(ratatui::style::Modifier::BOLD)
    );
}

/// The answer box says when the answer goes on beyond it, and which way.
#[test]
fn the_answer_box_says_there_is_more_above_or_below() {
    let mut m = in_session("memory");
    update(&mut m, Msg::Resize(80, 24));
    update(&mut m, Msg::Key(ctrl('n'))); // the headline
    update(&mut m, Msg::Key(ctrl('n'))); // the story: many lines
    let long: String = (1..=40).map(|n| format!("line {n}\n")).collect();
    update(&mut m, Msg::Paste(long));
    let text = |m: &mut Model| {
        let term = render(m, 80, 24);
        let buf = term.backend().buffer().clone();
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let end = text(&mut m);
    assert!(
        end.contains("more above") && !end.contains("more below"),
        "{end}"
    );
    update(&mut m, Msg::Key(key(KeyCode::PageUp)));
    for _ in 0..10 {
        update(&mut m, Msg::Key(key(KeyCode::PageUp)));
    }
    let start = text(&mut m);
    assert!(
        start.contains("more below") && !start.contains("more above"),
        "{start}"
    );
}

/// At 200 columns the session's text is centred and no wider than about a hundred columns.
#[test]
fn a_wide_window_keeps_the_session_to_a_readable_width() {
    let mut m = in_session("memory");
    let term = render(&mut m, 200, 40);
    let buf = term.backend().buffer().clone();
    let widest = (0..buf.area.height - 2)
        .map(|y| {
            let row: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
            let first = row.iter().position(|c| *c != " ").unwrap_or(0);
            let last = row.iter().rposition(|c| *c != " ").unwrap_or(0);
            last.saturating_sub(first)
        })
        .max()
        .unwrap();
    assert!(widest <= 112, "{widest} columns");
}

/// Under a locale that is not UTF-8 (or `--ascii`) every cell drawn is ASCII, on every
/// screen, with the help open and with non-ASCII words typed; the words stay readable.
#[test]
fn an_ascii_terminal_gets_only_ascii() {
    let mut models = vec![home_model(), text_step_model(), summary_model()];
    let mut typed = text_step_model();
    for k in chars(" Café in Zürich — “closed” → next") {
        update(&mut typed, Msg::Key(k));
    }
    models.push(typed);
    let mut with_help = text_step_model();
    update(&mut with_help, Msg::Key(key(KeyCode::F(1))));
    models.push(with_help);
    for m in &mut models {
        m.ascii = true;
        for (w, h) in [(50, 15), (80, 24), (200, 50)] {
            let term = render(m, w, h);
            let cells = &term.backend().buffer().content;
            let bad: String = cells
                .iter()
                .map(|c| c.symbol())
                .filter(|s| !s.is_ascii())
                .collect();
            assert!(bad.is_empty(), "not ASCII at {w}x{h}: {bad:?}");
        }
    }
    let term = render(&mut models[3], 80, 24);
    let text = format!("{}", term.backend());
    assert!(
        text.contains("Cafe in") && text.contains("Zurich - \"closed\" > next"),
        "{text}"
    );
    // Without it, the same screen keeps its box drawing.
    models[3].ascii = false;
    let term = render(&mut models[3], 80, 24);
    assert!(format!("{}", term.backend()).contains('╭'));
}

/// The one-line headline's empty box says Enter moves on, as its title does (it said Enter
/// starts a new line).
#[test]
fn the_headline_box_says_enter_moves_on() {
    let mut m = model();
    let g = leverage::content::Library::built_in()
        .find("leverage")
        .cloned()
        .unwrap();
    let h = g.summary.headline.unwrap();
    let mut s = Session::new("2026-11-21T16-05-33-oneline".into(), g, t0());
    s.go_to(h, t0());
    update(
        &mut m,
        Msg::SessionReady {
            session: Box::new(s),
            location: "x".into(),
        },
    );
    let term = render(&mut m, 100, 30);
    let text = format!("{}", term.backend());
    assert!(text.contains("on one line. Enter moves on."), "{text}");
    assert!(!text.contains("Enter starts a new line"), "{text}");
}
