//! base64url without padding, the JWT alphabet.
//!
//! Encoding is hand-written (it is on the minting hot path and appends straight into the token
//! buffer); decoding uses the `base64` crate, which rejects padding, other alphabets and
//! non-canonical trailing bits.
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The length of the unpadded base64url encoding of `n` bytes.
pub(crate) const fn encoded_len(n: usize) -> usize {
    n / 3 * 4 + (n % 3 * 4).div_ceil(3)
}

fn sym(n: u32) -> u8 {
    ALPHABET[(n & 63) as usize]
}

/// The two symbols of every 12-bit value, so a 3-byte group takes two lookups.
static PAIRS: [[u8; 2]; 4096] = {
    let mut t = [[0u8; 2]; 4096];
    let mut i = 0;
    while i < 4096 {
        t[i] = [ALPHABET[i >> 6], ALPHABET[i & 63]];
        i += 1;
    }
    t
};

fn pair(n: u32) -> [u8; 2] {
    PAIRS[(n & 0xfff) as usize]
}

/// Appends the base64url (no padding) encoding of `bytes` to `out`.
pub(crate) fn encode_into(bytes: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    out.resize(start + encoded_len(bytes.len()), 0);
    let dst = &mut out[start..];
    let whole = bytes.len() / 3;
    let (body, tail) = dst.split_at_mut(whole * 4);
    for (src, dst) in bytes.chunks_exact(3).zip(body.chunks_exact_mut(4)) {
        let n = u32::from(src[0]) << 16 | u32::from(src[1]) << 8 | u32::from(src[2]);
        let ([a, b], [c, d]) = (pair(n >> 12), pair(n));
        dst.copy_from_slice(&[a, b, c, d]);
    }
    match (&bytes[whole * 3..], tail) {
        (&[a], [d0, d1]) => {
            let n = u32::from(a) << 16;
            (*d0, *d1) = (sym(n >> 18), sym(n >> 12));
        }
        (&[a, b], [d0, d1, d2]) => {
            let n = u32::from(a) << 16 | u32::from(b) << 8;
            (*d0, *d1, *d2) = (sym(n >> 18), sym(n >> 12), sym(n >> 6));
        }
        _ => {}
    }
}

/// Raw bytes gathered before encoding; a multiple of 3 so flushes never split a group.
const CHUNK: usize = 192;

/// A streaming base64url encoder appending to a buffer: bytes pushed in any pieces come out as
/// the encoding of their concatenation. Lets claims JSON be written straight into the token,
/// gathering small pieces on the stack and encoding them in bulk.
pub(crate) struct Encoder<'a> {
    out: &'a mut Vec<u8>,
    buf: [u8; CHUNK],
    len: usize,
}

impl<'a> Encoder<'a> {
    /// Starts encoding at the end of `out`.
    pub(crate) fn new(out: &'a mut Vec<u8>) -> Self {
        Self {
            out,
            buf: [0; CHUNK],
            len: 0,
        }
    }

    /// Encodes `bytes` (held back until a whole chunk is gathered, or `finish`).
    pub(crate) fn push(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let n = bytes.len().min(CHUNK - self.len);
            self.buf[self.len..self.len + n].copy_from_slice(&bytes[..n]);
            self.len += n;
            bytes = &bytes[n..];
            if self.len == CHUNK {
                encode_into(&self.buf, self.out);
                self.len = 0;
            }
        }
    }

    /// Encodes what is held back.
    pub(crate) fn finish(self) {
        encode_into(&self.buf[..self.len], self.out);
    }
}

/// Decodes base64url without padding; any other alphabet or padding is an error.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text.as_bytes()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_base64_crate() {
        let data: Vec<u8> = (0..=255u8).collect();
        for len in 0..data.len() {
            let mut ours = Vec::new();
            encode_into(&data[..len], &mut ours);
            assert_eq!(ours, URL_SAFE_NO_PAD.encode(&data[..len]).into_bytes());
            assert_eq!(ours.len(), encoded_len(len));
        }
    }

    #[test]
    fn streaming_matches_one_shot_for_any_split() {
        let data: Vec<u8> = (0..=255u8)
            .cycle()
            .take(450)
            .map(|b| b.wrapping_mul(37))
            .collect();
        for a in (0..data.len()).step_by(7) {
            for b in (a..data.len()).step_by(5) {
                let mut out = b"x.".to_vec();
                let mut enc = Encoder::new(&mut out);
                enc.push(&data[..a]);
                enc.push(&[]);
                enc.push(&data[a..b]);
                enc.push(&data[b..]);
                enc.finish();
                let mut want = b"x.".to_vec();
                encode_into(&data, &mut want);
                assert_eq!(out, want, "{a} {b}");
            }
        }
    }
}
