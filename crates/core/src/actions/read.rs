//! Reading one written action: who takes it on and by when, from the person's own words.
//!
//! Nothing is filled in a form: "Coach: send Alex the article by Friday" is the coach's, due
//! the coming Friday; "Say my statement to Marta on Thursday" is the client's, due Thursday.
//! The words are kept as written (only an owner's label in front is taken off); the owner
//! and the date are what leverage understood, shown back as the line is typed so a misreading
//! is corrected by rewording, never by a hidden field.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

use crate::transcript::{Action, Owner};

/// `line` as an action agreed on `today`, or `None` for an empty line.
pub fn read(line: &str, today: Date) -> Option<Action> {
    let line = line.trim();
    let (owner, text) = owner(line);
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    Some(Action {
        text: text.to_string(),
        owner,
        due: due(text, today),
    })
}

/// Every non-empty line of `answer` as an action.
pub fn read_all(answer: &str, today: Date) -> Vec<Action> {
    answer.lines().filter_map(|l| read(l, today)).collect()
}

/// A label in front ("Coach:", "Client:", "Me:"), taken off the words.
fn owner(line: &str) -> (Owner, &str) {
    let split = line.split_once(':').or_else(|| {
        [" - ", " – ", " — "]
            .iter()
            .find_map(|sep| line.split_once(sep))
    });
    let Some((head, rest)) = split else {
        return (Owner::Client, line);
    };
    match head.trim().to_lowercase().as_str() {
        "coach" | "for the coach" => (Owner::Coach, rest),
        "client" | "me" | "mine" | "you" => (Owner::Client, rest),
        _ => (Owner::Client, line),
    }
}

/// The last date the words name, read against `today`; dates already past are taken to mean
/// the next such day.
pub fn due(text: &str, today: Date) -> Option<Date> {
    let words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut found = None;
    for i in 0..words.len() {
        if let Some(d) = date_at(&words, i, today) {
            found = Some(d);
        }
    }
    found
}

/// A date starting at word `i`, if one does.
fn date_at(w: &[String], i: usize, today: Date) -> Option<Date> {
    let word = w[i].as_str();
    let before = i.checked_sub(1).map(|j| w[j].as_str());
    let after = w.get(i + 1).map(String::as_str);
    let said_when = matches!(
        before,
        Some("by" | "on" | "before" | "until" | "till" | "due" | "this" | "from")
    );
    match word {
        "today" | "tonight" if said_when => return Some(today),
        "tomorrow" => return today.checked_add(1.day()).ok(),
        "week" if matches!(before, Some("next")) => return today.checked_add(7.days()).ok(),
        "week" if matches!(before, Some("this")) || end_of(w, i) => {
            return on_or_after(today, Weekday::Friday);
        }
        "month" if end_of(w, i) => return Some(today.last_of_month()),
        _ => {}
    }
    if let Some(day) = weekday(word) {
        return after_today(today, day);
    }
    if let Ok(d) = word.parse::<Date>() {
        return Some(d);
    }
    // "3 Dec", "3rd December", "Dec 3", "December 3rd".
    let (day, month) = match (day_number(word), after.and_then(month)) {
        (Some(d), Some(m)) => (d, m),
        _ => match (month(word), after.and_then(day_number)) {
            (Some(m), Some(d)) => (d, m),
            _ => return None,
        },
    };
    let this_year = Date::new(today.year(), month, day).ok()?;
    if this_year >= today {
        Some(this_year)
    } else {
        Date::new(today.year().checked_add(1)?, month, day).ok()
    }
}

/// Whether word `i` follows "end of" ("the end of the week").
fn end_of(w: &[String], i: usize) -> bool {
    let back = |n: usize| i.checked_sub(n).map(|j| w[j].as_str());
    (back(1) == Some("of") && back(2) == Some("end"))
        || (back(1) == Some("the") && back(2) == Some("of") && back(3) == Some("end"))
}

fn weekday(word: &str) -> Option<Weekday> {
    use Weekday::*;
    Some(match word {
        "monday" | "mon" => Monday,
        "tuesday" | "tue" | "tues" => Tuesday,
        "wednesday" | "wed" => Wednesday,
        "thursday" | "thu" | "thur" | "thurs" => Thursday,
        "friday" | "fri" => Friday,
        "saturday" | "sat" => Saturday,
        "sunday" | "sun" => Sunday,
        _ => return None,
    })
}

fn month(word: &str) -> Option<i8> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let n = NAMES
        .iter()
        .position(|m| *m == word || (word.len() >= 3 && word.len() <= 4 && m.starts_with(word)))?;
    i8::try_from(n + 1).ok()
}

/// "3", "3rd", "21st".
fn day_number(word: &str) -> Option<i8> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.len() > 2 {
        return None;
    }
    digits.parse::<i8>().ok().filter(|d| (1..=31).contains(d))
}

/// The first `day` after `today` (a week on when today is that day).
fn after_today(today: Date, day: Weekday) -> Option<Date> {
    today
        .checked_add(1.day())
        .ok()
        .and_then(|d| on_or_after(d, day))
}

fn on_or_after(from: Date, day: Weekday) -> Option<Date> {
    let ahead =
        (day.to_monday_zero_offset() - from.weekday().to_monday_zero_offset()).rem_euclid(7);
    from.checked_add(i64::from(ahead).days()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    // A Wednesday.
    const TODAY: Date = date(2026, 12, 2);

    fn due_of(s: &str) -> Option<Date> {
        read(s, TODAY).and_then(|a| a.due)
    }

    #[test]
    fn dates_are_read_from_the_words() {
        assert_eq!(
            due_of("Say it to Marta on Thursday"),
            Some(date(2026, 12, 3))
        );
        assert_eq!(due_of("call Ana wed"), Some(date(2026, 12, 9)), "a week on");
        assert_eq!(due_of("Send it tomorrow"), Some(date(2026, 12, 3)));
        assert_eq!(due_of("done by today"), Some(TODAY));
        assert_eq!(
            due_of("what I found today"),
            None,
            "today alone is not a date"
        );
        assert_eq!(due_of("by the end of the week"), Some(date(2026, 12, 4)));
        assert_eq!(due_of("by the end of the month"), Some(date(2026, 12, 31)));
        assert_eq!(due_of("next week, with Ana"), Some(date(2026, 12, 9)));
        assert_eq!(due_of("before 12 Dec"), Some(date(2026, 12, 12)));
        assert_eq!(due_of("by December 3rd"), Some(date(2026, 12, 3)));
        assert_eq!(
            due_of("on 1 Dec"),
            Some(date(2027, 12, 1)),
            "past: next year"
        );
        assert_eq!(due_of("due 2027-01-15"), Some(date(2027, 1, 15)));
        assert_eq!(due_of("on 31 Feb"), None);
        assert_eq!(due_of("Talk to May about it"), None);
        assert_eq!(due_of("Write 300 words"), None);
        assert_eq!(
            due_of("Call Ana on Monday, or Tuesday at the latest"),
            Some(date(2026, 12, 8)),
            "the last date named"
        );
    }

    #[test]
    fn an_owner_label_in_front_is_read_and_taken_off() {
        let a = read("Coach: send Alex the article by Friday", TODAY).unwrap();
        assert_eq!(a.owner, Owner::Coach);
        assert_eq!(a.text, "send Alex the article by Friday");
        assert_eq!(a.due, Some(date(2026, 12, 4)));
        let b = read("Me - rewrite the opening", TODAY).unwrap();
        assert_eq!(
            (b.owner, b.text.as_str()),
            (Owner::Client, "rewrite the opening")
        );
        let c = read("Update: the deck, by Monday", TODAY).unwrap();
        assert_eq!(c.owner, Owner::Client);
        assert_eq!(
            c.text, "Update: the deck, by Monday",
            "only an owner's label is taken"
        );
        assert!(read("   ", TODAY).is_none());
        assert!(read("coach:", TODAY).is_none());
        assert_eq!(read_all("a\n\n coach: b \n", TODAY).len(), 2);
    }

    proptest::proptest! {
        #[test]
        fn any_words_read_without_panic(s in "\\PC{0,80}") {
            let _ = read_all(&s, TODAY);
            let _ = read_all(&s, date(9999, 12, 31));
        }
    }
}
