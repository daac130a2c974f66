//! Pattern recognition turned on one's own history: the lessons of every session laid side by
//! side for each leverage point, and the check-in and check-out values over time.

use jiff::Timestamp;

use crate::session::first_sentence;
use crate::transcript::{Answer, Transcript};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lesson {
    pub session: String,
    pub started: Timestamp,
    pub headline: String,
    pub text: String,
}

/// One session's check-in and check-out, for the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub session: String,
    pub started: Timestamp,
    pub check_in: Option<u8>,
    pub check_out: Option<u8>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Patterns {
    /// Each leverage point with its lessons, newest first; points in the order first met.
    pub points: Vec<(String, Vec<Lesson>)>,
    /// Sessions with a check-in, oldest first.
    pub series: Vec<Reading>,
}

/// Gather the patterns of `transcripts` (in any order). `point_of(guide, step)` names the
/// point of a step whose transcript predates points (from the guide as installed now).
pub fn gather(
    transcripts: &[Transcript],
    point_of: &dyn Fn(&str, &str) -> Option<String>,
) -> Patterns {
    let mut sorted: Vec<&Transcript> = transcripts.iter().collect();
    sorted.sort_by_key(|t| t.started);
    let mut out = Patterns::default();
    for t in &sorted {
        for step in &t.steps {
            let Some(point) = step
                .point
                .clone()
                .or_else(|| point_of(&t.guide.id, &step.id))
            else {
                continue;
            };
            let Answer::Text { text, .. } = &step.answer else {
                continue;
            };
            let lesson = Lesson {
                session: t.id.clone(),
                started: t.started,
                headline: t.headline.clone().unwrap_or_default(),
                text: first_sentence(text),
            };
            match out.points.iter_mut().find(|(p, _)| *p == point) {
                Some((_, lessons)) => lessons.push(lesson),
                None => out.points.push((point.clone(), vec![lesson])),
            }
        }
        if t.check_in.is_some() {
            out.series.push(Reading {
                session: t.id.clone(),
                started: t.started,
                check_in: t.check_in,
                check_out: t.check_out,
            });
        }
    }
    for (_, lessons) in &mut out.points {
        lessons.reverse();
    }
    out
}
