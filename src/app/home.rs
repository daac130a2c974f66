//! The home screen's choices: start a session from a guide, resume an unfinished one, or quit.

use super::{Effect, Model};
use crate::keymap::Action;

/// One line on the home screen that can be chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HomeItem {
    NewSession { guide_id: String },
    Resume { id: String },
    Quit,
}

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
    items.extend(
        model
            .listing
            .unfinished()
            .map(|s| HomeItem::Resume { id: s.id.clone() }),
    );
    items.push(HomeItem::Quit);
    items
}

pub fn on_action(model: &mut Model, action: Action) -> Vec<Effect> {
    let items = items(model);
    match action {
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
                },
            ),
            Some(HomeItem::Resume { id }) => vec![Effect::OpenSession { id: id.clone() }],
            Some(HomeItem::Quit) | None => {
                model.exit = true;
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
