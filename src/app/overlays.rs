//! What lies over a screen: help and dialogs, as one stack whose front layer takes the keys
//! (as helix's compositor walks its layers front to back). Closing the front one shows what
//! was under it, as it was.

use super::Dialog;

/// One layer over the screen.
#[derive(Debug)]
pub enum Overlay {
    /// The help overlay, scrolled this many rows.
    Help { scroll: u16 },
    /// A confirmation or a form (boxed: forms hold editors, help holds a number).
    Dialog(Box<Dialog>),
}

/// The layers over the screen, front last.
#[derive(Debug, Default)]
pub struct Overlays(Vec<Overlay>);

impl Overlays {
    /// The help overlay's scroll, when help is the front layer.
    pub fn help(&self) -> Option<u16> {
        match self.0.last() {
            Some(Overlay::Help { scroll }) => Some(*scroll),
            _ => None,
        }
    }

    /// The front-most dialog (help may lie over it).
    pub fn dialog(&self) -> Option<&Dialog> {
        self.0.iter().rev().find_map(|o| match o {
            Overlay::Dialog(d) => Some(&**d),
            Overlay::Help { .. } => None,
        })
    }

    pub fn dialog_mut(&mut self) -> Option<&mut Dialog> {
        self.0.iter_mut().rev().find_map(|o| match o {
            Overlay::Dialog(d) => Some(&mut **d),
            Overlay::Help { .. } => None,
        })
    }

    /// Open help in front (once: asking again while it shows changes nothing).
    pub fn open_help(&mut self) {
        if self.help().is_none() {
            self.0.push(Overlay::Help { scroll: 0 });
        }
    }

    /// Scroll the help overlay by `rows` (negative is up), when it is in front, never past
    /// `max` (its last screenful), so the way back up is never longer than the way down.
    pub fn scroll_help(&mut self, rows: i32, max: u16) {
        if let Some(Overlay::Help { scroll }) = self.0.last_mut() {
            let to = (i32::from(*scroll) + rows).clamp(0, i32::from(max));
            *scroll = u16::try_from(to).unwrap_or(0);
        }
    }

    pub fn close_help(&mut self) {
        if self.help().is_some() {
            self.0.pop();
        }
    }

    /// Open `dialog` in front.
    pub fn open(&mut self, dialog: Dialog) {
        self.0.push(Overlay::Dialog(Box::new(dialog)));
    }

    /// Close the front-most dialog.
    pub fn close_dialog(&mut self) {
        if let Some(i) = self.0.iter().rposition(|o| matches!(o, Overlay::Dialog(_))) {
            self.0.remove(i);
        }
    }

    /// Every layer, back to front, for drawing.
    pub fn layers(&self) -> &[Overlay] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_front_layer_is_help_over_a_dialog_and_closing_it_shows_the_dialog() {
        let mut o = Overlays::default();
        o.open(Dialog::DiscardNote);
        assert!(o.help().is_none() && o.dialog().is_some());
        o.open_help();
        o.scroll_help(-3, 10);
        o.scroll_help(2, 10);
        assert_eq!(o.help(), Some(2));
        o.scroll_help(50, 10);
        assert_eq!(o.help(), Some(10), "never past the last screenful");
        assert!(o.dialog().is_some(), "the dialog waits under help");
        o.close_help();
        assert!(o.help().is_none());
        assert!(matches!(o.dialog(), Some(Dialog::DiscardNote)));
        o.close_dialog();
        assert!(o.layers().is_empty());
    }
}
