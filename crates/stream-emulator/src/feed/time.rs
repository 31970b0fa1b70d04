//! Activity times: parsing what the clients send, the service's output format
//! (`2024-01-02T03:04:05.678900`, UTC, no zone) and the clock.

use std::sync::atomic::{AtomicI64, Ordering};

/// Microseconds since the Unix epoch, strictly increasing across calls in this process.
pub(crate) fn now_us() -> i64 {
    static LAST: AtomicI64 = AtomicI64::new(0);
    let wall = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or(0);
    let mut prev = LAST.load(Ordering::Relaxed);
    loop {
        let next = wall.max(prev + 1);
        match LAST.compare_exchange_weak(prev, next, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return next,
            Err(p) => prev = p,
        }
    }
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn num(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses `YYYY-MM-DD[(T| )HH:MM[:SS[.fraction]]][Z|±HH:MM|±HHMM]` into microseconds since the
/// epoch (UTC; no zone means UTC). Fractions beyond microseconds are truncated.
pub(crate) fn parse_time(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.len() > 16 && s.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
        return parse_js_date_string(s);
    }
    if s.len() < 10 || s.len() > 40 || !s.is_ascii() {
        return None;
    }
    let (date, rest) = s.split_at(10);
    let mut dp = date.split('-');
    let (y, m, d) = (num(dp.next()?)?, num(dp.next()?)?, num(dp.next()?)?);
    if date.as_bytes()[4] != b'-'
        || !(1..=12).contains(&m)
        || !(1..=31).contains(&d)
        || !(1..=9999).contains(&y)
    {
        return None;
    }
    let mut secs = days_from_civil(y, m, d) * 86_400;
    let mut micros = 0i64;
    if !rest.is_empty() {
        let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
        // split off the zone
        let (clock, zone) = match rest.find(['Z', 'z', '+', '-']) {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        let (hms, frac) = match clock.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (clock, None),
        };
        let mut parts = hms.split(':');
        let h = num(parts.next()?)?;
        let mi = num(parts.next()?)?;
        let se = match parts.next() {
            Some(p) => num(p)?,
            None => 0,
        };
        if parts.next().is_some() || h > 23 || mi > 59 || se > 60 {
            return None;
        }
        secs += h * 3600 + mi * 60 + se;
        if let Some(f) = frac {
            if f.is_empty() || f.len() > 9 || !f.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let mut digits: String = f.chars().take(6).collect();
            while digits.len() < 6 {
                digits.push('0');
            }
            micros = num(&digits)?;
        }
        match zone {
            "" | "Z" | "z" => {}
            z => {
                let sign = if z.starts_with('-') { -1 } else { 1 };
                let z = z[1..].replace(':', "");
                if z.len() != 4 {
                    return None;
                }
                let off = num(&z[..2])? * 3600 + num(&z[2..])? * 60;
                secs -= sign * off;
            }
        }
    }
    Some(secs * 1_000_000 + micros)
}

/// Parses JavaScript's `Date.prototype.toString()` form, which the JS client puts in
/// `timestamps=` (`Tue Jan 02 2024 03:04:05 GMT+0000 (Coordinated Universal Time)`).
fn parse_js_date_string(s: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut it = s.split_whitespace();
    let _weekday = it.next()?;
    let mon = it.next()?;
    let month = MONTHS.iter().position(|m| *m == mon)? + 1;
    let day = num(it.next()?)?;
    let year = num(it.next()?)?;
    let clock = it.next()?;
    let zone = it.next()?.strip_prefix("GMT")?;
    let (sign, zone) = match zone.as_bytes().first() {
        Some(b'-') => ("-", &zone[1..]),
        Some(b'+') => ("+", &zone[1..]),
        _ => ("+", "0000"),
    };
    // Four ASCII digits; `get` keeps a multi-byte character from splitting the string mid-char.
    if zone.len() != 4 || !zone.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    parse_time(&format!(
        "{year:04}-{month:02}-{day:02}T{clock}{sign}{}:{}",
        zone.get(..2)?,
        zone.get(2..)?
    ))
}

/// Formats microseconds since the epoch as the service does: `2024-01-02T03:04:05.678900`.
pub(crate) fn format_time(us: i64) -> String {
    let secs = us.div_euclid(1_000_000);
    let micros = us.rem_euclid(1_000_000);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let sod = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{micros:06}",
        sod / 3600,
        sod % 3600 / 60,
        sod % 60
    )
}

/// RFC 3339 with `Z` (for follow `created_at`/`updated_at`).
pub(crate) fn format_rfc3339(us: i64) -> String {
    format!("{}Z", format_time(us))
}

/// The day (`YYYY-MM-DD`) of a time.
pub(crate) fn day_of(us: i64) -> String {
    format_time(us)[..10].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_string_of_time_fragments_panics() {
        // Every sequence of five fragments, the empty one included: 248,832 strings.
        const PARTS: [&str; 12] = [
            "",
            "Tue Jan 02 2024 ",
            "03:04:05 ",
            "GMT+",
            "GMT-",
            "é",
            "🦀",
            "00",
            "2024-01-02",
            "T",
            ".5",
            "+01:00",
        ];
        let mut s = String::new();
        for n in 0..PARTS.len().pow(5) {
            s.clear();
            let mut k = n;
            for _ in 0..5 {
                s.push_str(PARTS[k % PARTS.len()]);
                k /= PARTS.len();
            }
            let _ = parse_time(&s);
        }
    }

    #[test]
    fn parses_client_formats() {
        let py = parse_time("2024-01-02T03:04:05.678900").unwrap();
        assert_eq!(parse_time("2024-01-02T03:04:05.678Z"), Some(py - 900));
        assert_eq!(parse_time("2024-01-02T03:04:05.6789"), Some(py));
        assert_eq!(parse_time("2024-01-02T04:04:05.6789+01:00"), Some(py));
        assert_eq!(parse_time("2024-01-02 03:04:05.678900123"), Some(py));
        assert_eq!(format_time(py), "2024-01-02T03:04:05.678900");
        assert_eq!(parse_time("2024-01-02"), parse_time("2024-01-02T00:00:00"));
        assert_eq!(format_time(0), "1970-01-01T00:00:00.000000");
        let js = parse_time("Tue Jan 02 2024 03:04:05 GMT+0000 (Coordinated Universal Time)");
        assert_eq!(js, parse_time("2024-01-02T03:04:05"));
        assert_eq!(parse_time("Tue Jan 02 2024 04:04:05 GMT+0100 (CET)"), js);
        for bad in [
            "",
            "x",
            "2024-13-01",
            "2024-01-02T25:00:00",
            "2024-01-02T03:04:05.",
            "Tue Jan 02 2024",
            "Tue Foo 02 2024 03:04:05 GMT+0000",
            // Multi-byte characters where the zone digits go must not split a character.
            "Tue Jan 02 2024 03:04:05 GMT+0é0",
            "Tue Jan 02 2024 03:04:05 GMT-é00",
            "Tue Jan 02 2024 03:04:05 GMT+ab12",
            "Tue Jan 02 2024 03:04:05 GMT+01000",
            "Tue Jan 02 2024 03:04:05 GMT+🦀",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }
}
