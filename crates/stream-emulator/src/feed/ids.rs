//! Activity ids: time-based (v1 layout) UUIDs. With a foreign id the id is the backend's
//! deterministic function of (foreign_id, time truncated to ms) (reference §5.1); without one the
//! node is derived from the activity's content, so the same content at the same time dedupes.

/// 100-ns intervals between 1582-10-15 and the Unix epoch.
const UUID_EPOCH_OFFSET: u64 = 122_192_928_000_000_000;

/// MurmurHash3 x86 32-bit.
pub(crate) fn murmur3_32(data: &[u8], seed: u32) -> u32 {
    const C1: u32 = 0xcc9e_2d51;
    const C2: u32 = 0x1b87_3593;
    let mut h = seed;
    let mut chunks = data.chunks_exact(4);
    for c in &mut chunks {
        let mut k = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        k = k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
        h ^= k;
        h = h.rotate_left(13).wrapping_mul(5).wrapping_add(0xe654_6b64);
    }
    let tail = chunks.remainder();
    let mut k: u32 = 0;
    for (i, b) in tail.iter().enumerate() {
        k |= u32::from(*b) << (8 * i);
    }
    if !tail.is_empty() {
        k = k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
        h ^= k;
    }
    h ^= data.len() as u32;
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

fn node_for(key: &str) -> u64 {
    let s = murmur3_32(key.as_bytes(), 0) as i32;
    let v: u64 = if s > 0 {
        (s as u64) | 0x1_0000_0000
    } else {
        u64::from(s.unsigned_abs())
    };
    (v | 0x8000_0000_0000) & 0xffff_ffff_ffff
}

fn uuid_v1(t: u64, clock_seq: u16, node: u64) -> String {
    let time_low = t & 0xffff_ffff;
    let time_mid = (t >> 32) & 0xffff;
    let time_hi = 0x1000 | ((t >> 48) & 0x0fff);
    format!("{time_low:08x}-{time_mid:04x}-{time_hi:04x}-{clock_seq:04x}-{node:012x}")
}

fn uuid_time(us: i64) -> u64 {
    (us.max(0) as u64)
        .saturating_mul(10)
        .saturating_add(UUID_EPOCH_OFFSET)
}

/// The id of an activity with a foreign id (time truncated to milliseconds, as the backend does).
pub(crate) fn id_for_foreign_id(foreign_id: &str, time_us: i64) -> String {
    let ms = time_us.div_euclid(1000);
    uuid_v1(uuid_time(ms * 1000), 0x8080, node_for(foreign_id))
}

/// The id of an activity without a foreign id: full-precision time, node from `content`.
pub(crate) fn id_for_content(content: &str, time_us: i64) -> String {
    uuid_v1(uuid_time(time_us), 0x8080, node_for(content))
}

/// Microseconds since the epoch encoded in a v1 UUID, if `id` is one.
pub(crate) fn time_of_uuid(id: &str) -> Option<i64> {
    let parts: Vec<&str> = id.split('-').collect();
    if parts.len() != 5 || parts.iter().map(|p| p.len()).ne([8, 4, 4, 4, 12]) {
        return None;
    }
    let low = u64::from_str_radix(parts[0], 16).ok()?;
    let mid = u64::from_str_radix(parts[1], 16).ok()?;
    let hi = u64::from_str_radix(parts[2], 16).ok()?;
    if hi >> 12 != 1 {
        return None;
    }
    let t = ((hi & 0x0fff) << 48) | (mid << 32) | low;
    Some((t.checked_sub(UUID_EPOCH_OFFSET)? / 10) as i64)
}

/// A stable UUID-shaped id for a string (aggregated group ids).
pub(crate) fn hashed_id(key: &str) -> String {
    let b = key.as_bytes();
    let (a, b2, c, d) = (
        murmur3_32(b, 0),
        murmur3_32(b, 1),
        murmur3_32(b, 2),
        murmur3_32(b, 3),
    );
    format!(
        "{a:08x}-{:04x}-{:04x}-{:04x}-{:04x}{d:08x}",
        b2 >> 16,
        b2 & 0xffff,
        c >> 16,
        c & 0xffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_vectors() {
        let s = 1_000_000i64;
        assert_eq!(
            id_for_foreign_id("123sdsd333}}}", 1451260800 * s),
            "f01c0000-acf5-11e5-8080-80006a8b5bc2"
        );
        assert_eq!(
            id_for_foreign_id("6621934", 1452862482 * s),
            "24f9d500-bb87-11e5-8080-80012ce3cc51"
        );
        assert_eq!(
            id_for_foreign_id(
                "top_issues_summary_557dc1d9e46fea0a4c000002",
                1463914800 * s
            ),
            "53dbf800-200c-11e6-8080-800023ec2877"
        );
        assert_eq!(
            id_for_foreign_id("UserPrediction:11127278", 1480174117 * s),
            "00000080-b3ed-11e6-8080-8000444ef374"
        );
    }

    #[test]
    fn uuid_time_round_trips() {
        let t = 1_700_000_000_123_456;
        assert_eq!(time_of_uuid(&id_for_content("x", t)), Some(t));
        assert_eq!(time_of_uuid("not-a-uuid"), None);
        assert_eq!(hashed_id("a").len(), 36);
    }
}
