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
    /// Each leverage point with its lessons, newest first; points in the order they first
    /// came up (the oldest session first, then step order).
    pub points: Vec<(String, Vec<Lesson>)>,
    /// Sessions with a check-in, oldest first.
    pub series: Vec<Reading>,
    /// The one client these are of, when they were gathered for one.
    pub client: Option<String>,
}

/// Gather the patterns of `transcripts` (in any order, read one at a time). `point_of(guide,
/// step)` names the point of a step whose transcript predates points (from the guide as
/// installed now).
pub fn gather(
    transcripts: impl IntoIterator<Item = Transcript>,
    point_of: &dyn Fn(&str, &str) -> Option<String>,
) -> Patterns {
    // For each point: where it first came up (started, step number), and its lessons.
    let mut points: Vec<((Timestamp, usize), String, Vec<Lesson>)> = Vec::new();
    let mut series = Vec::new();
    for t in transcripts {
        for (n, step) in t.steps.iter().enumerate() {
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
            let key = (t.started, n);
            match points.iter_mut().find(|(_, p, _)| *p == point) {
                Some((first, _, lessons)) => {
                    *first = (*first).min(key);
                    lessons.push(lesson);
                }
                None => points.push((key, point, vec![lesson])),
            }
        }
        if t.check_in.is_some() {
            series.push(Reading {
                session: t.id.clone(),
                started: t.started,
                check_in: t.check_in,
                check_out: t.check_out,
            });
        }
    }
    points.sort_by_key(|(first, _, _)| *first);
    for (_, _, lessons) in &mut points {
        lessons.sort_by(|a, b| {
            b.started
                .cmp(&a.started)
                .then_with(|| b.session.cmp(&a.session))
        });
    }
    series.sort_by(|a, b| {
        a.started
            .cmp(&b.started)
            .then_with(|| a.session.cmp(&b.session))
    });
    Patterns {
        client: None,
        points: points.into_iter().map(|(_, p, l)| (p, l)).collect(),
        series,
    }
}

/// What a row of the lessons list is, for its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Blank,
    /// A leverage point and how many lessons it has.
    Point,
    /// A lesson's words (its date in `lead` on the first row).
    Lesson,
    /// The session a lesson comes from.
    From,
}

/// One row of the lessons list at a width: a lead (the date, or its indent) and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    pub lead: String,
    pub text: String,
    /// The lesson the row belongs to, counted across every point (for selecting one).
    pub lesson: Option<usize>,
}

impl Patterns {
    /// Every lesson in the order the list shows them, across the points.
    pub fn lessons(&self) -> impl Iterator<Item = &Lesson> {
        self.points.iter().flat_map(|(_, l)| l.iter())
    }
}

/// The lessons list laid out for `width` columns: each point, then each lesson wrapped under
/// its date, with the session it comes from beneath it. Shared by the view (to draw) and the
/// app (to know where scrolling ends).
pub fn rows(p: &Patterns, width: usize, tz: &jiff::tz::TimeZone) -> Vec<Row> {
    let mut out = Vec::new();
    let mut n = 0usize;
    let row = |kind, lead: &str, text: String, lesson: Option<usize>| Row {
        kind,
        lead: lead.to_string(),
        text,
        lesson,
    };
    for (point, lessons) in &p.points {
        out.push(row(RowKind::Blank, "", String::new(), None));
        out.push(row(
            RowKind::Point,
            "",
            format!("{point} ({})", lessons.len()),
            None,
        ));
        for l in lessons {
            let lead = format!(
                "  {:<12} ",
                crate::time::date(l.started, tz)
                    .split_once(' ')
                    .map_or("", |(_, d)| d)
            );
            let pad = " ".repeat(lead.len());
            for (k, w) in crate::text::wrap(&l.text, width.saturating_sub(lead.len()))
                .into_iter()
                .enumerate()
            {
                out.push(row(
                    RowKind::Lesson,
                    if k == 0 { &lead } else { &pad },
                    w,
                    Some(n),
                ));
            }
            if !l.headline.trim().is_empty() {
                let from = crate::text::truncate(
                    &format!("from \u{201c}{}\u{201d}", l.headline.replace('\n', " ")),
                    width.saturating_sub(pad.len()),
                );
                out.push(row(RowKind::From, &pad, from, Some(n)));
            }
            n += 1;
        }
    }
    out
}

/// The series by calendar month in `tz`, oldest first: each month's first day's session time,
/// its average check-in and check-out (rounded; None when no session gave one), and how many
/// sessions it holds. For a chart with more sessions than it has room for.
pub fn monthly(series: &[Reading], tz: &jiff::tz::TimeZone) -> Vec<Month> {
    let mut out: Vec<Month> = Vec::new();
    let mut sums: Vec<(u32, u32, u32, u32)> = Vec::new();
    for r in series {
        let d = r.started.to_zoned(tz.clone());
        let key = (d.year(), d.month());
        if out.last().map(|m| m.key) != Some(key) {
            out.push(Month {
                key,
                started: r.started,
                check_in: None,
                check_out: None,
                sessions: 0,
            });
            sums.push((0, 0, 0, 0));
        }
        let (m, s) = (out.last_mut().unwrap(), sums.last_mut().unwrap());
        m.sessions += 1;
        if let Some(v) = r.check_in {
            s.0 += u32::from(v);
            s.1 += 1;
        }
        if let Some(v) = r.check_out {
            s.2 += u32::from(v);
            s.3 += 1;
        }
    }
    let avg =
        |sum: u32, n: u32| (n > 0).then(|| u8::try_from((sum + n / 2) / n).unwrap_or(u8::MAX));
    for (m, s) in out.iter_mut().zip(sums) {
        m.check_in = avg(s.0, s.1);
        m.check_out = avg(s.2, s.3);
    }
    out
}

/// One month of the series (see [`monthly`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month {
    pub key: (i16, i8),
    pub started: Timestamp,
    pub check_in: Option<u8>,
    pub check_out: Option<u8>,
    pub sessions: usize,
}

#[cfg(test)]
mod month_tests {
    use super::*;

    #[test]
    fn a_month_averages_its_sessions() {
        let at = |day: i64| Timestamp::from_second(1_767_225_600 + day * 86_400).unwrap(); // 1 Jan 2026
        let r = |day, i, o| Reading {
            session: String::new(),
            started: at(day),
            check_in: i,
            check_out: o,
        };
        let series = [
            r(0, Some(2), Some(6)),
            r(10, Some(5), None),
            r(40, None, Some(8)),
        ];
        let m = monthly(&series, &jiff::tz::TimeZone::UTC);
        assert_eq!(m.len(), 2);
        assert_eq!(
            (m[0].check_in, m[0].check_out, m[0].sessions),
            (Some(4), Some(6), 2)
        );
        assert_eq!(
            (m[1].check_in, m[1].check_out, m[1].sessions),
            (None, Some(8), 1)
        );
    }
}
