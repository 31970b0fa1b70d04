//! Reading RFC 3339 style times, and the civil-date arithmetic behind them (days from
//! 1970-01-01, proleptic Gregorian calendar), written out so the crate needs no date library.

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

/// A tiny cursor over ASCII bytes.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, n: usize, what: &'static str) -> Result<u32, &'static str> {
        let end = self.i + n;
        let part = self.b.get(self.i..end).ok_or(what)?;
        let mut v = 0u32;
        for &c in part {
            if !c.is_ascii_digit() {
                return Err(what);
            }
            v = v * 10 + u32::from(c - b'0');
        }
        self.i = end;
        Ok(v)
    }

    fn expect(&mut self, allowed: &[u8], what: &'static str) -> Result<u8, &'static str> {
        match self.b.get(self.i) {
            Some(c) if allowed.contains(c) => {
                self.i += 1;
                Ok(*c)
            }
            _ => Err(what),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
}

pub(crate) fn parse_unix(value: &str) -> Result<(i64, u32), &'static str> {
    let mut c = Cursor {
        b: value.trim().as_bytes(),
        i: 0,
    };
    let year = c.digits(4, "the year must have four digits")?;
    c.expect(b"-", "expected '-' after the year")?;
    let month = c.digits(2, "the month must have two digits")?;
    c.expect(b"-", "expected '-' after the month")?;
    let day = c.digits(2, "the day must have two digits")?;
    c.expect(b"Tt ", "expected 'T' between date and time")?;
    let hour = c.digits(2, "the hour must have two digits")?;
    c.expect(b":", "expected ':' after the hour")?;
    let minute = c.digits(2, "the minutes must have two digits")?;
    c.expect(b":", "expected ':' after the minutes")?;
    let second = c.digits(2, "the seconds must have two digits")?;
    let year = i64::from(year);
    if !(1..=12).contains(&month) {
        return Err("the month is out of range");
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err("the day is out of range");
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err("the time of day is out of range");
    }
    let mut nanos = 0u32;
    if c.peek() == Some(b'.') {
        c.i += 1;
        let mut n = 0;
        while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
            if n == 9 {
                return Err("at most nine fraction digits are allowed");
            }
            nanos = nanos * 10 + u32::from(d - b'0');
            n += 1;
            c.i += 1;
        }
        if n == 0 {
            return Err("expected digits after '.'");
        }
        nanos *= 10u32.pow(9 - n);
    }
    let mut offset = 0i64;
    match c.peek() {
        None => {}
        Some(b'Z' | b'z') => c.i += 1,
        Some(sign @ (b'+' | b'-')) => {
            c.i += 1;
            let oh = c.digits(2, "the offset hours must have two digits")?;
            if c.peek() == Some(b':') {
                c.i += 1;
            }
            let om = c.digits(2, "the offset minutes must have two digits")?;
            if oh > 23 || om > 59 {
                return Err("the offset is out of range");
            }
            offset = i64::from(oh * 3600 + om * 60);
            if sign == b'-' {
                offset = -offset;
            }
        }
        Some(_) => return Err("unexpected characters after the time"),
    }
    if c.i != c.b.len() {
        return Err("unexpected characters after the time");
    }
    let secs = days_from_civil(year, month, day) * 86_400
        + i64::from(hour * 3600 + minute * 60 + second)
        - offset;
    Ok((secs, nanos))
}
