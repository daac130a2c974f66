//! The home screen's choices: start a session from a guide, resume an unfinished one, or quit.

use super::{Effect, Model, Screen};
use crate::keymap::Action;

/// One line on the home screen that can be chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HomeItem {
    NewSession {
        guide_id: String,
    },
    Resume {
        id: String,
    },
    /// A finished session whose revisit date has come.
    Due {
        id: String,
    },
    /// An action agreed in a paired session, not settled since, and due within a week (or
    /// overdue): `n` in [`Model::open_actions`]. Enter opens the session it was agreed in.
    ActionDue {
        n: usize,
    },
    /// A session started on this day a year or more ago.
    OnThisDay {
        id: String,
    },
    /// "and N more": the rest of a kind too long to list here, in the library (filtered to
    /// them, when a filter says what they are).
    More {
        count: usize,
        what: &'static str,
        filter: Option<crate::library::Filter>,
    },
    Library,
    Quit,
}

/// The most of each kind of session (to resume, due) the home screen lists.
pub const HANDFUL: usize = 5;

/// The choices in the order they are drawn.
pub fn items(model: &Model) -> Vec<HomeItem> {
    let mut items: Vec<HomeItem> = model
        .library
        .guides
        .iter()
        .map(|g| HomeItem::NewSession {
            guide_id: g.id.clone(),
        })
        .collect();
    let unfinished: Vec<_> = model.listing.unfinished().collect();
    items.extend(
        unfinished
            .iter()
            .take(HANDFUL)
            .map(|s| HomeItem::Resume { id: s.id.clone() }),
    );
    if unfinished.len() > HANDFUL {
        items.push(HomeItem::More {
            count: unfinished.len() - HANDFUL,
            what: "unfinished",
            filter: Some(crate::library::Filter::Status(
                crate::transcript::Status::InProgress,
            )),
        });
    }
    let coming = coming_due(model);
    items.extend(
        coming
            .iter()
            .take(HANDFUL)
            .map(|&n| HomeItem::ActionDue { n }),
    );
    if coming.len() > HANDFUL {
        items.push(HomeItem::More {
            count: coming.len() - HANDFUL,
            what: "actions coming due (leverage clients lists them)",
            filter: None,
        });
    }
    let sessions = &model.listing.sessions;
    let due = crate::library::due_revisits(sessions, model.now);
    items.extend(
        due.iter()
            .take(HANDFUL)
            .map(|s| HomeItem::Due { id: s.id.clone() }),
    );
    if due.len() > HANDFUL {
        items.push(HomeItem::More {
            count: due.len() - HANDFUL,
            what: "due for a revisit",
            filter: Some(crate::library::Filter::Due(model.now)),
        });
    }
    let day = crate::library::on_this_day(sessions, model.now, &model.tz);
    items.extend(
        day.iter()
            .take(HANDFUL)
            .map(|s| HomeItem::OnThisDay { id: s.id.clone() }),
    );
    if day.len() > HANDFUL {
        let mut ids: Vec<String> = day.iter().map(|s| s.id.clone()).collect();
        ids.sort_unstable();
        items.push(HomeItem::More {
            count: day.len() - HANDFUL,
            what: "from this day in other years",
            filter: Some(crate::library::Filter::OnThisDay(ids)),
        });
    }
    items.push(HomeItem::Library);
    items.push(HomeItem::Quit);
    items
}

/// How far ahead the home screen looks for actions coming due.
pub const DUE_WITHIN_DAYS: i32 = 7;

/// The open actions due within a week or overdue, soonest first (by index into
/// [`Model::open_actions`]).
pub fn coming_due(model: &Model) -> Vec<usize> {
    let today = crate::time::today(model.now, &model.tz);
    let mut coming: Vec<(jiff::civil::Date, usize)> = model
        .open_actions
        .iter()
        .enumerate()
        .filter_map(|(n, (_, r))| {
            let due = r.due?;
            ((due - today).get_days() <= DUE_WITHIN_DAYS).then_some((due, n))
        })
        .collect();
    coming.sort();
    coming.into_iter().map(|(_, n)| n).collect()
}

pub fn on_action(model: &mut Model, action: Action) -> Vec<Effect> {
    let items = items(model);
    let session = match items.get(model.home_selected) {
        Some(HomeItem::Resume { id } | HomeItem::Due { id } | HomeItem::OnThisDay { id }) => {
            Some(id.clone())
        }
        _ => None,
    };
    if let Some(id) = session
        && let Some(effects) = super::browse::reminder(model, &id, action)
    {
        return effects;
    }
    match action {
        Action::OpenLibrary => super::browse::open_library(model),
        Action::StartPaired => {
            // The guide highlighted, or the first when something else is.
            let guide_id = match items.get(model.home_selected) {
                Some(HomeItem::NewSession { guide_id }) => Some(guide_id.clone()),
                _ => model.library.guides.first().map(|g| g.id.clone()),
            };
            if let Some(guide_id) = guide_id {
                model.overlays.open(super::Dialog::Pair {
                    guide_id,
                    fields: Default::default(),
                    consent: Default::default(),
                    focus: 0,
                });
            }
            Vec::new()
        }
        Action::Up => {
            model.home_selected = model
                .home_selected
                .checked_sub(1)
                .unwrap_or(items.len() - 1);
            Vec::new()
        }
        Action::Down => {
            model.home_selected = (model.home_selected + 1) % items.len();
            Vec::new()
        }
        Action::Activate => match items.get(model.home_selected) {
            Some(HomeItem::NewSession { guide_id }) => super::update(
                model,
                super::Msg::StartGuide {
                    guide_id: guide_id.clone(),
                    mode: None,
                    pair: None,
                },
            ),
            Some(HomeItem::Resume { id }) => vec![Effect::OpenSession { id: id.clone() }],
            Some(HomeItem::Due { id } | HomeItem::OnThisDay { id }) => {
                vec![Effect::LoadTranscript { id: id.clone() }]
            }
            Some(HomeItem::ActionDue { n }) => match model.open_actions.get(*n) {
                Some((_, r)) => vec![Effect::LoadTranscript { id: r.from.clone() }],
                None => Vec::new(),
            },
            Some(HomeItem::More { filter, .. }) => {
                let filter = filter.clone();
                let effects = super::browse::open_library(model);
                if let Screen::Library(lib) = &mut model.screen {
                    lib.filter = filter;
                }
                effects
            }
            Some(HomeItem::Library) => super::browse::open_library(model),
            Some(HomeItem::Quit) | None => {
                vec![Effect::Exit]
            }
        },
        _ => Vec::new(),
    }
}

impl Model {
    pub fn home_items(&self) -> Vec<HomeItem> {
        items(self)
    }
}

/// Keys while choosing how to run a guide with modes.
pub fn on_choose_mode(model: &mut Model, action: Action) -> Vec<Effect> {
    let Screen::ChooseMode {
        guide_id,
        selected,
        pair,
    } = &mut model.screen
    else {
        return Vec::new();
    };
    let modes = model
        .library
        .find(guide_id)
        .map(|g| g.modes.clone())
        .unwrap_or_default();
    let count = modes.len().max(1);
    match action {
        Action::Up => *selected = (*selected + count - 1) % count,
        Action::Down => *selected = (*selected + 1) % count,
        Action::Back => model.screen = Screen::Home,
        Action::Activate => {
            let mode = modes.get(*selected).map(|m| m.id.clone());
            return vec![Effect::CreateSession {
                guide_id: guide_id.clone(),
                mode,
                pair: pair.clone(),
            }];
        }
        _ => {}
    }
    Vec::new()
}

/// Keys on the end-of-session summary: back home, or set when to revisit.
pub fn on_summary(model: &mut Model, action: Action) -> Vec<Effect> {
    let Screen::Summary(summary) = &model.screen else {
        return Vec::new();
    };
    let days = match action {
        Action::Activate | Action::Back => {
            model.screen = Screen::Home;
            model.home_selected = 0;
            return vec![Effect::RefreshListing];
        }
        Action::RemindWeek => 7,
        Action::RemindMonth => 30,
        Action::RemindQuarter => 91,
        _ => return Vec::new(),
    };
    let due = model
        .now
        .checked_add(jiff::SignedDuration::from_hours(24 * days))
        .ok();
    vec![Effect::SetRevisitDue {
        id: summary.id.clone(),
        due,
    }]
}
