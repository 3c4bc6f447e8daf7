//! Display formatting: times, sizes, dates.

pub use tapedeck_core::text::clip;

/// A count short enough for a tab's badge (five characters up to 99,999,999): "950", "9999",
/// "13.9k", "139k", "1.2M", "12M" (an hour's session counts tens of thousands of rows).
pub fn short_count(n: usize) -> String {
    match n {
        0..=9_999 => n.to_string(),
        10_000..=99_949 => format!("{:.1}k", n as f64 / 1e3),
        99_950..=999_499 => format!("{:.0}k", n as f64 / 1e3),
        999_500..=9_949_999 => format!("{:.1}M", n as f64 / 1e6),
        _ => format!("{:.0}M", n as f64 / 1e6),
    }
}

/// `m:ss` (or `h:mm:ss`) for a duration in milliseconds.
pub fn clock(ms: f64) -> String {
    let total = (ms.max(0.0) / 1000.0).floor() as u64;
    let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// "1.2 MB", "830 KB", "512 B".
pub fn bytes(n: u64) -> String {
    let n = n as f64;
    if n >= 1e6 {
        format!("{:.1} MB", n / 1e6)
    } else if n >= 1e3 {
        format!("{:.0} KB", n / 1e3)
    } else {
        format!("{n} B")
    }
}

/// A local date and time for an epoch-ms timestamp, e.g. "27 Nov 2026, 08:48".
/// `None` for a time no date can show (out of the Date's range: an index's field is any number).
pub fn date_time(epoch_ms: f64) -> Option<String> {
    let d = js_sys::Date::new(&epoch_ms.into());
    if d.get_time().is_nan() {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    Some(format!(
        "{} {} {}, {:02}:{:02}",
        d.get_date(),
        MONTHS[d.get_month() as usize % 12],
        d.get_full_year(),
        d.get_hours(),
        d.get_minutes()
    ))
}

/// A plural: "1 event", "3 events".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `m:ss.s` for a row's time offset.
pub fn offset(ms: f64) -> String {
    let ms = ms.max(0.0);
    let total = (ms / 100.0).floor() as u64;
    let (tenths, s, m) = (total % 10, (total / 10) % 60, total / 600);
    format!("{m}:{s:02}.{tenths}")
}

/// "120 ms", "1.4 s".
pub fn duration(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{} ms", ms.round())
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}
