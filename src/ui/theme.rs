//! Styles in one place. With `NO_COLOR` set, meaning is carried by weight and reversal alone.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub title: Style,
    pub muted: Style,
    pub cue: Style,
    pub prompt: Style,
    pub key: Style,
    pub accent: Style,
    pub selected: Style,
    pub error: Style,
    pub ok: Style,
    pub border: Style,
    pub pinned: Style,
    /// The client's name and answer box in a paired session.
    pub client: Style,
    /// The coach's name and composer.
    pub coach: Style,
    /// Set when `NO_COLOR` asked for no colour, so switching layouts keeps it off.
    pub no_color: bool,
}

impl Theme {
    pub fn color() -> Self {
        Theme {
            title: Style::new().add_modifier(Modifier::BOLD),
            muted: Style::new().fg(Color::DarkGray),
            cue: Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::ITALIC),
            prompt: Style::new().add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            accent: Style::new().fg(Color::Cyan),
            selected: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            ok: Style::new().fg(Color::Green),
            border: Style::new().fg(Color::DarkGray),
            pinned: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            client: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            coach: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            no_color: false,
        }
    }

    /// For a shared screen: strong contrast, nothing dim. Without colour, weight does the work.
    pub fn high_contrast(no_color: bool) -> Self {
        let base = if no_color {
            Theme::plain()
        } else {
            Theme::color()
        };
        let bold = Style::new().add_modifier(Modifier::BOLD);
        if no_color {
            return Theme {
                muted: Style::new(),
                cue: bold,
                ..base
            };
        }
        Theme {
            title: bold.fg(Color::White),
            muted: Style::new().fg(Color::White),
            cue: bold.fg(Color::LightYellow),
            prompt: bold.fg(Color::White),
            key: bold.fg(Color::LightCyan),
            accent: bold.fg(Color::LightCyan),
            border: Style::new().fg(Color::White),
            pinned: bold.fg(Color::LightMagenta),
            client: bold.fg(Color::LightCyan),
            coach: bold.fg(Color::LightYellow),
            ..base
        }
    }

    pub fn plain() -> Self {
        let none = Style::new();
        Theme {
            title: none.add_modifier(Modifier::BOLD),
            muted: none,
            cue: none.add_modifier(Modifier::ITALIC),
            prompt: none.add_modifier(Modifier::BOLD),
            key: none.add_modifier(Modifier::BOLD),
            accent: none,
            selected: none.add_modifier(Modifier::REVERSED),
            error: none.add_modifier(Modifier::BOLD),
            ok: none,
            border: none,
            pinned: none.add_modifier(Modifier::BOLD),
            client: none.add_modifier(Modifier::BOLD),
            coach: none.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            no_color: true,
        }
    }

    /// The theme a screen is drawn in, derived each frame from what the model keeps: whether
    /// colour is off (`NO_COLOR`) and whether the presentation layout is on.
    /// Colours and weights changed in the config file are applied on top.
    pub fn derive(no_color: bool, presenting: bool) -> Self {
        let theme = match (presenting, no_color) {
            (true, no_color) => Theme::high_contrast(no_color),
            (false, true) => Theme::plain(),
            (false, false) => Theme::color(),
        };
        let config = crate::config::Config::current();
        let changes = if presenting {
            &config.presentation_theme
        } else {
            &config.theme
        };
        theme.changed(changes)
    }

    /// This theme with `changes` on top (colours only when colour is on).
    pub fn changed(mut self, changes: &crate::config::ThemeOverride) -> Self {
        if *changes == crate::config::ThemeOverride::default() {
            return self;
        }
        let colour = !self.no_color;
        let c = changes;
        for (change, style) in [
            (&c.title, &mut self.title),
            (&c.muted, &mut self.muted),
            (&c.cue, &mut self.cue),
            (&c.prompt, &mut self.prompt),
            (&c.key, &mut self.key),
            (&c.accent, &mut self.accent),
            (&c.selected, &mut self.selected),
            (&c.error, &mut self.error),
            (&c.ok, &mut self.ok),
            (&c.border, &mut self.border),
            (&c.pinned, &mut self.pinned),
            (&c.client, &mut self.client),
            (&c.coach, &mut self.coach),
        ] {
            if let Some(change) = change {
                *style = change.apply(*style, colour);
            }
        }
        self
    }
}
