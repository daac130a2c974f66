//! What a search box's words ask for: words (each the start of a word somewhere in the
//! session), "quoted phrases" (those words together, in that order), and filters:
//! `tag:work`, `guide:value` (the start of a guide id), `client:alex`, `after:2026-03` and
//! `before:2026-06-15` (a year, a month or a day, in UTC). A word with a colon that is not one
//! of these is searched as words.

use jiff::civil::Date;

use super::words;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Every word to find, phrases' words included, folded.
    pub words: Vec<String>,
    /// Each phrase's words joined by one space, folded.
    pub phrases: Vec<String>,
    pub tags: Vec<String>,
    pub guides: Vec<String>,
    pub clients: Vec<String>,
    /// Sessions started at or after this second.
    pub after: Option<i64>,
    /// Sessions started before this second.
    pub before: Option<i64>,
}

impl Query {
    /// Whether it asks for nothing at all.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && !self.filters()
    }

    /// Whether any filter is set.
    pub fn filters(&self) -> bool {
        !self.tags.is_empty()
            || !self.guides.is_empty()
            || !self.clients.is_empty()
            || self.after.is_some()
            || self.before.is_some()
    }

    pub fn parse(text: &str) -> Query {
        let mut q = Query::default();
        let mut rest = text;
        while let Some(open) = rest.find('"') {
            let (before, after) = rest.split_at(open);
            q.plain(before);
            let after = &after[1..];
            let (phrase, next) = match after.find('"') {
                Some(close) => (&after[..close], &after[close + 1..]),
                None => (after, ""),
            };
            let ws: Vec<String> = words(phrase).collect();
            if ws.len() > 1 {
                q.phrases.push(ws.join(" "));
            }
            q.words.extend(ws);
            rest = next;
        }
        q.plain(rest);
        q
    }

    fn plain(&mut self, text: &str) {
        for token in text.split_whitespace() {
            if let Some((key, value)) = token.split_once(':')
                && !value.is_empty()
                && self.filter(&key.to_lowercase(), value)
            {
                continue;
            }
            self.words.extend(words(token));
        }
    }

    /// Take `key:value` as a filter; false when it is not one.
    fn filter(&mut self, key: &str, value: &str) -> bool {
        let folded = || super::fold(value);
        match key {
            "tag" => self.tags.push(folded()),
            "guide" => self.guides.push(folded()),
            "client" => self.clients.push(folded()),
            "after" | "since" => match period_start(value) {
                Some(start) => self.after = Some(start),
                None => return false,
            },
            "before" | "until" => match period_start(value) {
                Some(start) => self.before = Some(start),
                None => return false,
            },
            _ => return false,
        }
        true
    }
}

/// A year, month or day ("2026", "2026-03", "2026-03-15") as its first second, in UTC.
fn period_start(value: &str) -> Option<i64> {
    let mut parts = value.split('-');
    let year = parts.next()?.parse::<i16>().ok()?;
    let mut part = |default: i8| match parts.next() {
        Some(p) => p.parse::<i8>().ok(),
        None => Some(default),
    };
    let (month, day) = (part(1)?, part(1)?);
    if parts.next().is_some() {
        return None;
    }
    let date = Date::new(year, month, day).ok()?;
    Some(
        date.to_zoned(jiff::tz::TimeZone::UTC)
            .ok()?
            .timestamp()
            .as_second(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_phrases_and_filters() {
        let q = Query::parse(
            r#"Zürich "two WEEKS late" tag:Work guide:value after:2026-03 before:2027 note:x"#,
        );
        assert_eq!(q.words, ["zurich", "two", "weeks", "late", "note", "x"]);
        assert_eq!(q.phrases, ["two weeks late"]);
        assert_eq!(q.tags, ["work"]);
        assert_eq!(q.guides, ["value"]);
        assert_eq!(q.after, Some(1_772_323_200));
        assert_eq!(q.before, Some(1_798_761_600));
        assert!(Query::parse("   ").is_empty());
        assert!(!Query::parse("tag:x").is_empty());
        // A date that is not one is searched as words; an open quote runs to the end.
        assert_eq!(Query::parse("after:soon").words, ["after", "soon"]);
        assert_eq!(Query::parse("\"the end").phrases, ["the end"]);
    }
}
