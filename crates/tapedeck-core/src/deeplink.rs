//! Deep links: `?t=<seconds>` (offset from the session start) and `?at=<epoch ms | ISO 8601>`
//! (an absolute moment, what an error dashboard knows), resolved against a session.

/// Where a link lands, and what was wrong with it (to tell the user).
#[derive(Debug, Clone, PartialEq)]
pub struct Landing {
    /// Offset from the session start, ms, within the session.
    pub ms: f64,
    /// Set when the link was malformed or out of range: what was done instead.
    pub notice: Option<String>,
}

/// Resolves `t` (seconds, decimals allowed) or `at` (epoch ms or ISO 8601) against a session
/// that starts at `start` (epoch ms) and lasts `duration` ms. `at` wins when both are given.
pub fn resolve(t: Option<&str>, at: Option<&str>, start: f64, duration: f64) -> Option<Landing> {
    let (raw, name, ms) = match (at, t) {
        (Some(a), _) => (a, "at", parse_moment(a).map(|epoch| epoch - start)),
        (None, Some(t)) => (t, "t", parse_seconds(t).map(|s| s * 1000.0)),
        (None, None) => return None,
    };
    // Finite or not a moment (no NaN slips past the range checks below).
    let ms = ms.filter(|ms| ms.is_finite());
    let raw = &shown(raw);
    Some(match ms {
        None => Landing {
            ms: 0.0,
            notice: Some(format!(
                "?{name}={raw} is not a {}; showing the start of the session.",
                if name == "t" {
                    "time in seconds"
                } else {
                    "moment (epoch milliseconds or ISO 8601)"
                }
            )),
        },
        Some(ms) if ms < 0.0 => Landing {
            ms: 0.0,
            notice: Some(format!(
                "?{name}={raw} is before the session started; showing its start."
            )),
        },
        Some(ms) if ms > duration => Landing {
            ms: duration,
            notice: Some(format!("?{name}={raw} is after the session ended; showing its end.")),
        },
        Some(ms) => Landing { ms, notice: None },
    })
}

/// A link's value as quoted back in a notice: at most 40 characters.
pub fn shown(raw: &str) -> String {
    shown_within(raw, 40)
}

/// What a stranger's link or file gave, as quoted back in a message: at most `max` characters,
/// neither controls nor bidi overrides (which would turn the rest of the message around).
pub fn shown_within(raw: &str, max: usize) -> String {
    let bidi = |c: &char| matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    let mut out: String = raw.chars().filter(|c| !c.is_control() && !bidi(c)).take(max).collect();
    if raw.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// Whether `&play=` asks to start playing: `1` or `true` (any case, spaces around ignored).
pub fn wants_play(value: &str) -> bool {
    let v = value.trim();
    v == "1" || v.eq_ignore_ascii_case("true")
}

/// A link's time and panel under the names other players use, for the links their users
/// already have: `ts` (Highlight: seconds), `jumpto` (OpenReplay: ms from the start, or epoch
/// ms), `tsAbs` (Highlight) and `event_t` (Sentry: epoch ms or seconds, or ISO 8601) as `at`,
/// and `t_main` (Sentry's tab: `console`, `network`, `errors`, `breadcrumbs`) as `panel`.
/// Values come back as this module's own parameters (`t` in seconds, `at`, a panel name).
#[derive(Debug, Default, PartialEq)]
pub struct Aliases {
    pub t: Option<String>,
    pub at: Option<String>,
    pub panel: Option<String>,
}

/// Above this, a number is epoch ms (1973), not an offset from the session start.
const EPOCH_MS: f64 = 1e11;

pub fn aliases(get: impl Fn(&str) -> Option<String>) -> Aliases {
    let number = |s: &str| s.trim().parse::<f64>().ok().filter(|n| n.is_finite());
    let mut out = Aliases {
        t: get("ts"),
        ..Aliases::default()
    };
    if let Some(j) = get("jumpto") {
        match number(&j) {
            Some(n) if n > EPOCH_MS => out.at = Some(j),
            Some(n) => out.t = out.t.or(Some((n / 1000.0).to_string())),
            // Not a number: quoted back in the notice, like any bad `t`.
            None => out.t = out.t.or(Some(j)),
        }
    }
    let absolute = get("tsAbs").or_else(|| {
        get("event_t").map(|e| match number(&e) {
            Some(n) if n < 1e10 => (n * 1000.0).to_string(),
            _ => e,
        })
    });
    out.at = out.at.or(absolute);
    out.panel = get("t_main").and_then(|p| match p.trim().to_ascii_lowercase().as_str() {
        "breadcrumbs" => Some("activity".to_owned()),
        name @ ("console" | "network" | "errors") => Some(name.to_owned()),
        _ => None,
    });
    out
}

/// A short title for a recording at `src` (a URL or path): its last path segment, without
/// query or fragment, at most 80 characters; "recording" when it has none.
pub fn title_of_src(src: &str) -> String {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    let last = path.rsplit('/').find(|s| !s.trim().is_empty()).unwrap_or("");
    let mut out: String = last.chars().filter(|c| !c.is_control()).take(80).collect();
    if out.trim().is_empty() {
        out = "recording".to_owned();
    }
    out
}

/// Seconds: `12`, `12.5`, `1e1`. Not NaN or infinite.
pub fn parse_seconds(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// An absolute moment in epoch ms: digits (epoch ms), or ISO 8601
/// (`2026-11-27T06:49:47.744Z`, with `+hh:mm` offsets, or no zone = UTC).
pub fn parse_moment(s: &str) -> Option<f64> {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return s.parse::<f64>().ok().filter(|v| v.is_finite());
    }
    parse_iso(s)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    // Howard Hinnant's algorithm: days since 1970-01-01 in the proleptic Gregorian calendar.
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn parse_iso(s: &str) -> Option<f64> {
    let (date, rest) = s.split_once(['T', ' ']).unwrap_or((s, ""));
    let mut d = date.split('-');
    let (y, mo, day): (i64, i64, i64) = (
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
    );
    // Years as JavaScript dates have them (±275,760): no overflow in the day count.
    if d.next().is_some() || !(1..=12).contains(&mo) || !(1..=31).contains(&day) || y.abs() > 275_760 {
        return None;
    }
    // Split the zone off the time. A `+` typed into a link unencoded arrives as a space (a
    // query is form-decoded): a space before the zone is a `+`.
    let (time, zone_ms) = if let Some(t) = rest.strip_suffix('Z').or_else(|| rest.strip_suffix('z')) {
        (t, 0.0)
    } else if let Some(i) = rest.rfind(['+', '-', ' ']).filter(|i| *i > 0) {
        let (t, z) = rest.split_at(i);
        let sign = if z.starts_with('-') { -1.0 } else { 1.0 };
        // `06:49:47 +0100`: a space may part the time from its zone.
        (t.trim_end(), sign * zone_offset(&z[1..])?)
    } else {
        (rest, 0.0)
    };
    let mut parts = time.split(':');
    let h: f64 = parts
        .next()
        .filter(|p| !p.is_empty())
        .map_or(Some(0.0), |p| p.parse().ok())?;
    let mi: f64 = parts.next().map_or(Some(0.0), |p| p.parse().ok())?;
    let sec: f64 = parts.next().map_or(Some(0.0), |p| p.parse().ok())?;
    if parts.next().is_some() || !(0.0..24.0).contains(&h) || !(0.0..60.0).contains(&mi) || !(0.0..61.0).contains(&sec)
    {
        return None;
    }
    let days = days_from_civil(y, mo, day) as f64;
    Some(days * 86_400_000.0 + h * 3_600_000.0 + mi * 60_000.0 + sec * 1000.0 - zone_ms)
}

/// A zone's offset in ms: `hh:mm`, `hhmm` or `hh` (or `h`), in ASCII digits, at most 23:59.
fn zone_offset(z: &str) -> Option<f64> {
    let (h, m) = match z.split_once(':') {
        Some(hm) => hm,
        // `split_at_checked` keeps a non-ASCII zone from being cut mid-character.
        None if z.len() == 4 => z.split_at_checked(2)?,
        None => (z, "00"),
    };
    // Hours in one or two digits, minutes in two.
    let number = |s: &str, digits: std::ops::RangeInclusive<usize>, max: u32| {
        (digits.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
            .filter(|n| *n <= max)
    };
    let (h, m) = (number(h, 1..=2, 23)?, number(m, 2..=2, 59)?);
    Some(f64::from(h) * 3_600_000.0 + f64::from(m) * 60_000.0)
}

/// A link's query (`?a=1&b=2`, with or without its `?`), each value decoded once, as browsers
/// decode it (`application/x-www-form-urlencoded`: `+` is a space, `%2B` a plus, a broken
/// escape kept as typed). A name given twice: its last value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query(Vec<(String, String)>);

impl Query {
    pub fn parse(search: &str) -> Query {
        let search = search.strip_prefix('?').unwrap_or(search);
        Query(url::form_urlencoded::parse(search.as_bytes()).into_owned().collect())
    }

    /// The value of `name` (its last, when given several times).
    pub fn get(&self, name: &str) -> Option<String> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    /// Every name and value but those named in `names`, in order.
    pub fn without(&self, names: &[&str]) -> Vec<(String, String)> {
        self.0
            .iter()
            .filter(|(k, _)| !names.contains(&k.as_str()))
            .cloned()
            .collect()
    }
}

/// What a link to a moment (a jump's history entry, a copied link) replaces of the address it
/// is made from: the moment under every name a link may give it (this player's and other
/// players', see [`aliases`]), the panel, `play` and the selected node. Left behind, an old
/// `?event_t=` would win over the new `?t=`.
pub const MOMENT_PARAMS: &[&str] = &[
    "t", "at", "ts", "jumpto", "tsAbs", "event_t", "play", "panel", "t_main", "node",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_moments() {
        assert_eq!(parse_moment("1795762187744"), Some(1_795_762_187_744.0));
        // 1795762187744 ms = 2026-11-27T06:49:47.744Z
        assert_eq!(parse_moment("2026-11-27T06:49:47.744Z"), Some(1_795_762_187_744.0));
        assert_eq!(parse_moment("2026-11-27T07:49:47.744+01:00"), Some(1_795_762_187_744.0));
        assert_eq!(parse_moment("2026-11-27T06:49:47.744"), Some(1_795_762_187_744.0));
        assert_eq!(parse_moment("1970-01-01"), Some(0.0));
        assert_eq!(parse_moment("yesterday"), None);
        assert_eq!(parse_moment("2026-13-01T00:00:00Z"), None);
    }

    #[test]
    fn zones_are_digits_within_a_day_and_a_plus_may_arrive_as_a_space() {
        let utc = parse_moment("2026-11-27T06:49:47.744Z");
        assert!(utc.is_some());
        // `?at=…+01:00` pasted unencoded: the query's decoding made the `+` a space.
        assert_eq!(parse_moment("2026-11-27T07:49:47.744 01:00"), utc);
        assert_eq!(parse_moment("2026-11-27T07:49:47.744 0100"), utc);
        assert_eq!(parse_moment("2026-11-27T06:49:47.744+00:00"), utc);
        assert_eq!(parse_moment("2026-11-27 06:49:47.744 00:00"), utc);
        assert_eq!(parse_moment("2026-11-27T05:49:47.744-01"), utc);
        assert_eq!(parse_moment("2026-11-27 07:49:47.744 +0100"), utc);
        assert_eq!(parse_moment("2026-11-27T12:19:47.744+05:30"), utc);
        assert_eq!(parse_moment("2026-11-27T20:49:47.744+14:00"), utc);
        for bad in [
            "+nan:00",
            "+inf",
            "+1e1:00",
            "+24:00",
            "+01:60",
            "+01:5",
            "+001:00",
            "+ab",
            "+01:00:00",
            "+",
        ] {
            assert_eq!(parse_moment(&format!("2026-11-27T06:49{bad}")), None, "{bad}");
        }
        let nan = resolve(None, Some("2026-11-27T06:49+nan:00"), 0.0, 10.0).unwrap();
        assert_eq!(nan.ms, 0.0);
        assert!(nan.notice.unwrap().contains("is not a moment"));
    }

    #[test]
    fn a_query_is_decoded_once() {
        // A signed URL in `src`, encoded once by the link: its own escapes survive.
        let src = "https://b.example/r.json?X-Amz-Security-Token=ab%2Bcd%3D&n=1#x";
        let link = format!(
            "?src={}&t=5",
            url::form_urlencoded::byte_serialize(src.as_bytes()).collect::<String>()
        );
        let q = Query::parse(&link);
        assert_eq!(q.get("src").as_deref(), Some(src));
        assert_eq!(q.get("t").as_deref(), Some("5"));
        assert_eq!(Query::parse("a=1+2&a=%2B3&b=%zz&c").get("a").as_deref(), Some("+3"));
        assert_eq!(Query::parse("a=1+2").get("a").as_deref(), Some("1 2"));
        assert_eq!(Query::parse("b=%zz").get("b").as_deref(), Some("%zz"));
        assert_eq!(Query::parse("?c").get("c").as_deref(), Some(""));
        assert_eq!(Query::parse("d=%FF").get("d").as_deref(), Some("\u{fffd}"));
        assert_eq!(Query::parse("").get("a"), None);
        let kept = Query::parse("?id=7&event_t=1796110661.873&t=3&t_main=console&node=9&q=x").without(MOMENT_PARAMS);
        assert_eq!(
            kept,
            vec![("id".to_owned(), "7".to_owned()), ("q".to_owned(), "x".to_owned())]
        );
    }

    #[test]
    fn resolves_links_with_notices() {
        let start = 1_000_000.0;
        assert_eq!(
            resolve(Some("12.5"), None, start, 60_000.0),
            Some(Landing {
                ms: 12_500.0,
                notice: None
            })
        );
        assert_eq!(resolve(None, Some("1010000"), start, 60_000.0).unwrap().ms, 10_000.0);
        let late = resolve(Some("999"), None, start, 60_000.0).unwrap();
        assert_eq!(late.ms, 60_000.0);
        assert!(late.notice.unwrap().contains("after the session ended"));
        let bad = resolve(Some("abc"), None, start, 60_000.0).unwrap();
        assert_eq!(bad.ms, 0.0);
        assert!(bad.notice.unwrap().contains("not a time"));
        assert!(resolve(Some("NaN"), None, start, 1.0).unwrap().notice.is_some());
        assert!(resolve(Some("-5"), None, start, 1.0)
            .unwrap()
            .notice
            .unwrap()
            .contains("before"));
        assert_eq!(resolve(None, None, start, 1.0), None);
    }

    #[test]
    fn odd_links_give_notices_not_panics() {
        // A pasted link with a non-ASCII zone once sliced a string mid-character.
        assert_eq!(parse_moment("2026-11-27T06:49-aé"), None);
        assert_eq!(parse_moment("2026-11-27T06:49+é"), None);
        assert_eq!(parse_moment("2026-11-27T06:49+0130"), parse_moment("2026-11-27T05:19Z"));
        let r = resolve(None, Some("2026-11-27T06:49-aé"), 0.0, 10.0).unwrap();
        assert_eq!(r.ms, 0.0);
        assert!(r.notice.unwrap().contains("-aé"));
        let long = "9".repeat(10_000);
        let r = resolve(Some(&long), None, 0.0, 10.0).unwrap();
        assert!(r.notice.unwrap().len() < 200, "a notice quotes at most 40 characters");
        assert_eq!(shown_within("ab\u{202e}c\u{7}d", 3), "abc…");
        assert_eq!(shown_within("abc", 3), "abc");
        assert_eq!(shown_within("", 3), "");
        assert!(wants_play("1") && wants_play(" TRUE ") && !wants_play("yes") && !wants_play(""));
        assert_eq!(title_of_src("https://x/a/b.json?sig=1#x"), "b.json");
        assert_eq!(title_of_src("https://x/a/b/"), "b");
        assert_eq!(title_of_src("///"), "recording");
    }

    #[test]
    fn other_players_link_names() {
        let link = |pairs: &'static [(&'static str, &'static str)]| {
            aliases(move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned()))
        };
        assert_eq!(link(&[("ts", "12.5")]).t.as_deref(), Some("12.5"));
        assert_eq!(link(&[("jumpto", "12500")]).t.as_deref(), Some("12.5"));
        assert_eq!(
            link(&[("jumpto", "1796110661873")]).at.as_deref(),
            Some("1796110661873")
        );
        assert_eq!(link(&[("jumpto", "soon")]).t.as_deref(), Some("soon"));
        assert_eq!(link(&[("tsAbs", "1796110661873")]).at.as_deref(), Some("1796110661873"));
        assert_eq!(
            link(&[("event_t", "1796110661.873")]).at.as_deref(),
            Some("1796110661873")
        );
        assert_eq!(
            link(&[("event_t", "2026-12-01T07:39:06Z")]).at.as_deref(),
            Some("2026-12-01T07:39:06Z")
        );
        assert_eq!(link(&[("t_main", "Breadcrumbs")]).panel.as_deref(), Some("activity"));
        assert_eq!(link(&[("t_main", "network")]).panel.as_deref(), Some("network"));
        assert_eq!(link(&[("t_main", "memory")]).panel, None);
        assert_eq!(link(&[]), Aliases::default());
        // What they say resolves like the module's own names.
        let a = link(&[("event_t", "1796110661.873")]);
        let r = resolve(a.t.as_deref(), a.at.as_deref(), 1_796_110_660_000.0, 10_000.0).unwrap();
        assert_eq!(r.ms, 1_873.0);
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn any_link_lands_inside_the_session(
                t in proptest::option::of(".*"),
                at in proptest::option::of(".*"),
                start in -1e13f64..1e13,
                duration in 0f64..1e10,
            ) {
                if let Some(l) = resolve(t.as_deref(), at.as_deref(), start, duration) {
                    prop_assert!(l.ms.is_finite() && l.ms >= 0.0 && l.ms <= duration);
                    if let Some(n) = l.notice {
                        prop_assert!(n.chars().count() < 200);
                    }
                }
            }

            #[test]
            fn iso_like_strings_never_panic(s in "[0-9Tt:+\\-.Zz é\u{1F600}\u{0}naif]{0,40}") {
                if let Some(ms) = parse_moment(&s) {
                    prop_assert!(ms.is_finite());
                }
                let _ = parse_seconds(&s);
            }

            #[test]
            fn any_alias_lands_inside_the_session(v in ".*", name in 0usize..5) {
                let names = ["ts", "jumpto", "tsAbs", "event_t", "t_main"];
                let a = aliases(|k| (k == names[name]).then(|| v.clone()));
                if let Some(l) = resolve(a.t.as_deref(), a.at.as_deref(), 1e12, 60_000.0) {
                    prop_assert!(l.ms.is_finite() && (0.0..=60_000.0).contains(&l.ms));
                }
            }

            #[test]
            fn any_src_has_a_short_title(s in ".*") {
                let t = title_of_src(&s);
                prop_assert!(!t.trim().is_empty() && t.chars().count() <= 80);
                let _ = wants_play(&s);
            }
        }
    }
}
