//! A statement's draft: composed from earlier answers for the chosen audience, offered until
//! the person keeps or edits it, composed again while it is only an offer, and never touched
//! once it is theirs (though the session can say its sources have changed since).

use jiff::Timestamp;

use super::Session;
use super::compose::compose;
use crate::guide::StepKind;

impl Session {
    /// The draft of statement step `index` from the answers as they stand, for the audience
    /// chosen: sentences whose sources are empty or skipped are left out.
    pub fn draft_statement(&self, index: usize) -> String {
        let StepKind::Statement(spec) = &self.guide.steps[index].kind else {
            return String::new();
        };
        compose(spec.sentences(self.audience), |name| {
            let i = self.guide.step_index(name)?;
            self.answer_text(i)
        })
    }

    /// Offer a fresh draft on statement step `index`, unless the person has made it theirs.
    pub(super) fn refresh_draft(&mut self, index: usize) {
        if !matches!(
            self.guide.steps.get(index).map(|s| &s.kind),
            Some(StepKind::Statement(_))
        ) {
            return;
        }
        let state = &self.steps[index];
        let offered = state.draft.as_deref().is_some_and(|d| d == state.text);
        if state.own || !(offered || state.text.trim().is_empty()) {
            self.note_stale_draft();
            return;
        }
        let draft = self.draft_statement(index);
        let state = &mut self.steps[index];
        state.text = draft.clone();
        state.draft = Some(draft);
    }

    /// Whether statement step `index` shows a draft the person has neither kept nor edited.
    pub fn draft_untouched(&self, index: usize) -> bool {
        let s = &self.steps[index];
        s.draft.is_some() && !s.own
    }

    /// Keep the draft on statement step `index` as the person's answer. False when there is no
    /// untouched draft (or it is empty).
    pub fn accept_draft(&mut self, index: usize, now: Timestamp) -> bool {
        if !self.draft_untouched(index) || self.steps[index].text.trim().is_empty() {
            return false;
        }
        self.steps[index].own = true;
        self.touch(index, now);
        true
    }

    /// Whether the answers a kept or edited statement was drafted from have changed since.
    /// For the step on screen this is the answer worked out on arrival (drawn every frame).
    pub fn draft_sources_changed(&self, index: usize) -> bool {
        if index == self.current {
            return self.stale_draft == Some(index);
        }
        self.sources_changed(index)
    }

    fn sources_changed(&self, index: usize) -> bool {
        let s = &self.steps[index];
        s.own
            && s.draft
                .as_deref()
                .is_some_and(|d| d != self.draft_statement(index))
    }

    /// Work out again whether the statement on screen was drafted from answers since changed.
    pub(super) fn note_stale_draft(&mut self) {
        let i = self.current;
        let statement = matches!(self.guide.steps[i].kind, StepKind::Statement(_));
        self.stale_draft = (statement && self.sources_changed(i)).then_some(i);
    }
}
