//! Time helpers, a leaf: the local time zone, and one style each for a clock time, a date
//! and a duration, used by every screen, command and export.

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// The local time zone, found quickly: through jiff when `TZ` is set, else `/etc/localtime`
/// read directly. jiff's own lookup also indexes the whole zoneinfo folder to name the zone,
/// about 1.5 ms at every start (measured on these machines), for a name leverage never shows.
pub fn local_zone() -> TimeZone {
    use std::sync::OnceLock;
    static ZONE: OnceLock<TimeZone> = OnceLock::new();
    ZONE.get_or_init(|| {
        if std::env::var_os("TZ").is_none()
            && let Ok(bytes) = std::fs::read("/etc/localtime")
            && let Ok(zone) = TimeZone::tzif("Local", &bytes)
        {
            return zone;
        }
        TimeZone::system()
    })
    .clone()
}

/// A clock time in `tz`: "16:21:07".
pub fn clock(ts: Timestamp, tz: &TimeZone) -> String {
    let dt = tz.to_datetime(ts);
    format!("{:02}:{:02}:{:02}", dt.hour(), dt.minute(), dt.second())
}

/// A date in `tz`: "Tue 1 Dec 2026".
pub fn date(ts: Timestamp, tz: &TimeZone) -> String {
    let mut s = date_time(ts, tz);
    s.truncate(s.rfind(' ').unwrap_or(s.len()));
    s
}

/// A date and time in `tz`: "Tue 1 Dec 2026 16:21".
pub fn date_time(ts: Timestamp, tz: &TimeZone) -> String {
    // Formatted by hand: `strftime` costs more than the rest of a 10,000-line `list`.
    let dt = tz.to_datetime(ts);
    format!("{} {:02}:{:02}", day(dt.date()), dt.hour(), dt.minute())
}

/// A calendar day: "Thu 3 Dec 2026".
pub fn day(d: jiff::civil::Date) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let name = DAYS[d.weekday().to_monday_zero_offset() as usize];
    let month = MONTHS[(d.month() - 1) as usize];
    format!("{name} {} {month} {}", d.day(), d.year())
}

/// When something is due, seen from `today`: "due today", "due tomorrow", "due Fri 4 Dec
/// 2026, in 2 days", "was due Mon 30 Nov 2026, 2 days ago".
pub fn due(on: jiff::civil::Date, today: jiff::civil::Date) -> String {
    let days = (on - today).get_days();
    let n = |d: i32| {
        if d.abs() == 1 {
            "1 day".to_string()
        } else {
            format!("{} days", d.abs())
        }
    };
    match days {
        0 => "due today".to_string(),
        1 => "due tomorrow".to_string(),
        -1 => "was due yesterday".to_string(),
        d if d > 0 => format!("due {}, in {}", day(on), n(d)),
        d => format!("was due {}, {} ago", day(on), n(d)),
    }
}

/// Today's date in `tz`.
pub fn today(now: Timestamp, tz: &TimeZone) -> jiff::civil::Date {
    tz.to_datetime(now).date()
}

/// A duration, the one style everywhere: minutes and seconds, or hours too once past an
/// hour: "03:07", "1:02:09".
pub fn duration(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// Whole seconds from `a` to `b`; zero when `b` is earlier (a clock set back never counts
/// negative time).
pub fn secs_between(a: Timestamp, b: Timestamp) -> u64 {
    u64::try_from(b.as_second().saturating_sub(a.as_second())).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_have_one_style() {
        assert_eq!(duration(0), "00:00");
        assert_eq!(duration(187), "03:07");
        assert_eq!(duration(3729), "1:02:09");
    }

    #[test]
    fn clock_and_date_read_in_the_given_zone() {
        let ts: Timestamp = "2026-12-01T16:21:07Z".parse().unwrap();
        assert_eq!(clock(ts, &TimeZone::UTC), "16:21:07");
        assert_eq!(date_time(ts, &TimeZone::UTC), "Tue 1 Dec 2026 16:21");
    }

    #[test]
    fn due_dates_say_how_far_off_they_are() {
        let today = jiff::civil::date(2026, 12, 2);
        let at = |d| due(jiff::civil::date(2026, 12, d), today);
        assert_eq!(at(2), "due today");
        assert_eq!(at(3), "due tomorrow");
        assert_eq!(at(4), "due Fri 4 Dec 2026, in 2 days");
        assert_eq!(at(1), "was due yesterday");
        assert_eq!(
            due(jiff::civil::date(2026, 11, 28), today),
            "was due Sat 28 Nov 2026, 4 days ago"
        );
    }

    #[test]
    fn time_never_runs_backwards() {
        let a: Timestamp = "2026-12-01T16:21:07Z".parse().unwrap();
        let b: Timestamp = "2026-12-01T16:20:07Z".parse().unwrap();
        assert_eq!(secs_between(a, b), 0);
        assert_eq!(secs_between(b, a), 60);
    }

    #[test]
    fn the_quick_local_zone_agrees_with_jiff_across_a_year() {
        let ours = local_zone();
        let jiffs = TimeZone::system();
        let start = Timestamp::from_second(1_767_225_600).unwrap(); // 2026-01-01
        for day in 0..365 {
            let t = start
                .checked_add(jiff::SignedDuration::from_hours(24 * day))
                .unwrap();
            assert_eq!(ours.to_offset(t), jiffs.to_offset(t), "day {day}");
        }
    }
}
