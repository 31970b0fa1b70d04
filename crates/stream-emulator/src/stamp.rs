//! Timestamps and creation-ordered ids of the stored entities (reactions, users, collection
//! entries, files, audit entries). Stores never read a clock: handlers pass a [`Stamp`] in.

/// A moment in time, in microseconds since the Unix epoch (passed in: stores never read a clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Stamp(pub(crate) i64);

impl Stamp {
    /// The current wall-clock time.
    pub(crate) fn now() -> Self {
        let micros = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        Self(micros)
    }

    /// RFC 3339 with microseconds and `Z`, as the service writes `created_at` of reactions,
    /// users and collection entries: `2024-01-02T03:04:05.678900Z`.
    pub(crate) fn rfc3339(self) -> String {
        format!("{}Z", self.naive())
    }

    /// The same without the `Z`, as the service writes activity `time`s.
    pub(crate) fn naive(self) -> String {
        let secs = self.0.div_euclid(1_000_000);
        let micros = self.0.rem_euclid(1_000_000);
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{micros:06}",
            rem / 3600,
            (rem / 60) % 60,
            rem % 60
        )
    }
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A UUID-shaped id whose text order is creation order: the first 16 hex digits are the
/// time, the last 16 a per-store sequence number. Pagination by `id_lt`/`id_gt` with ids the
/// store never issued (`ffffffff-...`) then still means "older than"/"newer than".
pub(crate) fn ordered_id(now: Stamp, seq: u64) -> String {
    let t = now.0.max(0) as u64;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        t >> 32,
        (t >> 16) & 0xffff,
        t & 0xffff,
        (seq >> 48) & 0xffff,
        seq & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_times() {
        assert_eq!(Stamp(0).rfc3339(), "1970-01-01T00:00:00.000000Z");
        // 2024-01-02T03:04:05.678900Z
        assert_eq!(
            Stamp(1_704_164_645_678_900).rfc3339(),
            "2024-01-02T03:04:05.678900Z"
        );
        assert_eq!(
            Stamp(951_782_400_000_000).naive(),
            "2000-02-29T00:00:00.000000"
        );
    }

    #[test]
    fn ids_sort_by_time_then_sequence() {
        let a = ordered_id(Stamp(1_704_164_645_678_900), 1);
        let b = ordered_id(Stamp(1_704_164_645_678_900), 2);
        let c = ordered_id(Stamp(1_704_164_645_678_901), 0);
        assert!(a < b && b < c, "{a} {b} {c}");
        assert_eq!(a.len(), 36);
        assert!(c.as_str() < "ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee");
    }
}
