//! Rehearsal: the questions asked of the chosen audience, one take per question (and every
//! earlier take kept), and a clock that runs only while the person is answering.

use std::borrow::Cow;

use jiff::Timestamp;

use super::{Session, Take, Timer, seconds_between};
use crate::guide::{Question, StepKind};
use crate::transcript::EarlierTake;

/// One rehearsal question's time, as the summary shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakeTime {
    pub ask: String,
    pub seconds: u32,
    pub target: u32,
    pub answered: bool,
    /// How many takes it had (the latest is timed).
    pub takes: usize,
}

impl Session {
    /// The questions rehearsal step `i` asks, for the audience chosen for the statement.
    /// Then any the coach added on the fly, in the order asked.
    pub fn questions(&self, i: usize) -> Cow<'_, [Question]> {
        match &self.guide.steps[i].kind {
            StepKind::Rehearsal(spec) => {
                spec.questions_with(self.audience_label(), &self.steps[i].added)
            }
            _ => Cow::Borrowed(&[]),
        }
    }

    /// Ask `ask` as one more question on rehearsal step `i` (a coach playing the panel adds
    /// the question a real one would ask); false when it is not a rehearsal step, the words
    /// are empty, or that question is already asked there.
    pub fn add_question(&mut self, i: usize, ask: &str, now: Timestamp) -> bool {
        let ask = crate::text::clean(ask.trim()).replace('\n', " ");
        if ask.is_empty()
            || !matches!(self.guide.steps[i].kind, StepKind::Rehearsal(_))
            || self.questions(i).iter().any(|q| q.ask == ask)
        {
            return false;
        }
        self.steps[i].added.push(ask);
        self.align_takes();
        self.touch(i, now);
        // Asked now: the step on screen goes to it.
        if i == self.current {
            self.stop_timer(now);
            self.question = self.question_count() - 1;
        }
        true
    }

    /// Every rehearsal question asked so far, for the summary: the question, the seconds its
    /// latest take took, its target, and whether it was answered.
    pub fn rehearsal_times(&self) -> Vec<TakeTime> {
        let mut out = Vec::new();
        for i in 0..self.steps.len() {
            if !self.is_active(i) {
                continue;
            }
            for (q, take) in self.questions(i).iter().zip(&self.steps[i].takes) {
                if take.has_content() {
                    out.push(TakeTime {
                        ask: q.ask.clone(),
                        seconds: take.seconds,
                        target: q.seconds,
                        answered: take.is_answered(),
                        takes: take.earlier.len() + 1,
                    });
                }
            }
        }
        out
    }

    /// The question on screen, on a rehearsal step.
    pub fn question_on_screen(&self) -> Option<Question> {
        self.questions(self.current).get(self.question).cloned()
    }

    /// Line each rehearsal step's takes up with the questions for the chosen audience. Takes of
    /// questions not asked now are set aside (and saved), and come back if the audience does.
    pub(super) fn align_takes(&mut self) {
        for i in 0..self.steps.len() {
            if !matches!(self.guide.steps[i].kind, StepKind::Rehearsal(_)) {
                continue;
            }
            let asks: Vec<String> = self.questions(i).iter().map(|q| q.ask.clone()).collect();
            let state = &mut self.steps[i];
            if state.takes.len() == asks.len()
                && state.takes.iter().zip(&asks).all(|(t, a)| t.question == *a)
            {
                continue;
            }
            let mut pool: Vec<Take> = state.takes.drain(..).collect();
            pool.append(&mut state.set_aside);
            for ask in asks {
                let take = match pool.iter().position(|t| t.question == ask) {
                    Some(at) => pool.remove(at),
                    None => Take {
                        question: ask,
                        ..Take::default()
                    },
                };
                state.takes.push(take);
            }
            state.set_aside = pool.into_iter().filter(Take::has_content).collect();
        }
        if self.question >= self.question_count() {
            self.question = self.question_count() - 1;
        }
    }

    /// The answer to rehearsal question `question` of step `index`. Typing on the question on
    /// screen starts its clock.
    pub fn set_take(&mut self, index: usize, question: usize, text: &str, now: Timestamp) {
        let Some(take) = self.steps[index].takes.get_mut(question) else {
            return;
        };
        if take.text != text {
            take.text = text.to_string();
            take.skipped = false;
            self.touch(index, now);
            if index == self.current && question == self.question {
                self.begin_answer(now);
            }
        }
    }

    /// Answer the question on screen again: the take so far is kept as an earlier one, and
    /// the new take starts empty with its clock at zero. False when there is nothing to keep.
    pub fn retake(&mut self, now: Timestamp) -> bool {
        self.stop_timer(now);
        let i = self.current;
        let Some(take) = self.steps[i].takes.get_mut(self.question) else {
            return false;
        };
        if take.text.trim().is_empty() {
            return false;
        }
        take.earlier.push(EarlierTake {
            answer: std::mem::take(&mut take.text),
            seconds: std::mem::take(&mut take.seconds),
        });
        take.skipped = false;
        self.touch(i, now);
        true
    }

    /// The person starts answering the question on screen: its clock runs from now.
    pub fn begin_answer(&mut self, now: Timestamp) {
        if self.timer.is_none() && matches!(self.kind(), StepKind::Rehearsal(_)) {
            self.timer = Some(Timer {
                step: self.current,
                question: self.question,
                since: now,
            });
        }
    }

    pub(super) fn stop_timer(&mut self, now: Timestamp) {
        if let Some(t) = self.timer.take()
            && let Some(take) = self.steps[t.step].takes.get_mut(t.question)
        {
            take.seconds = take.seconds.saturating_add(seconds_between(t.since, now));
        }
    }

    /// Whether the clock of the question on screen is running.
    pub fn timing(&self) -> bool {
        self.timer.is_some()
    }

    /// Bank the time on the question on screen (before a save), and keep the clock running.
    pub fn bank_time(&mut self, now: Timestamp) {
        if self.timer.is_some() {
            self.stop_timer(now);
            self.begin_answer(now);
        }
    }

    /// Seconds spent on the rehearsal question on screen, including time not yet banked.
    pub fn elapsed(&self, now: Timestamp) -> u32 {
        let banked = self.steps[self.current]
            .takes
            .get(self.question)
            .map_or(0, |t| t.seconds);
        let running = self
            .timer
            .filter(|t| t.step == self.current && t.question == self.question)
            .map_or(0, |t| seconds_between(t.since, now));
        banked.saturating_add(running)
    }
}

/// "5 answered, 4 within their target, 1 skipped": a rehearsal in one line.
pub fn rehearsal_line(times: &[TakeTime]) -> String {
    let answered = times.iter().filter(|t| t.answered).count();
    let within = times
        .iter()
        .filter(|t| t.answered && t.seconds <= t.target)
        .count();
    let passed = times.len() - answered;
    let mut line = format!("{answered} answered, {within} within their target");
    if passed > 0 {
        line.push_str(&format!(", {passed} skipped"));
    }
    line
}
