//! Verifying the `X-Signature` of a webhook Stream delivers: HMAC-SHA256 of the raw request
//! body keyed with the API secret, as lowercase hex.
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::{ApiSecret, Signer};

/// The length of a hex HMAC-SHA256 signature (32 bytes).
const SIGNATURE_HEX_LEN: usize = 64;

/// Whether `signature` (the `X-Signature` header) is the HMAC-SHA256 of the raw `body` keyed with
/// `secret`, hex-encoded, as Stream signs every webhook it delivers. The tags are compared in
/// constant time; a signature that is not 64 hex digits is simply not valid. Pass the body
/// exactly as received: re-serialized JSON does not verify.
///
/// ```
/// use stream_auth::{ApiSecret, verify_webhook};
/// let body = br#"{"type":"call.created","call_cid":"default:call-123"}"#;
/// let signature = "d43d611567f088e9a6fd1fec7b2bb026d729ecb8a150aa7b69f91c146cef2faf";
/// assert!(verify_webhook(body, signature, &ApiSecret::new("secret456")));
/// assert!(!verify_webhook(b"{}", signature, &ApiSecret::new("secret456")));
/// ```
pub fn verify_webhook(body: &[u8], signature: &str, secret: &ApiSecret) -> bool {
    Signer::new(secret).verify_webhook(body, signature)
}

impl Signer {
    /// [`verify_webhook`] with this signer's secret (the key schedule is reused).
    ///
    /// ```
    /// use stream_auth::{ApiSecret, Signer};
    /// let signer = Signer::new(&ApiSecret::new("secret456"));
    /// assert!(!signer.verify_webhook(b"{}", "not hex"));
    /// ```
    pub fn verify_webhook(&self, body: &[u8], signature: &str) -> bool {
        let Some(tag) = decode_hex(signature.trim()) else {
            return false;
        };
        let mut mac: Hmac<Sha256> = self.mac().clone();
        mac.update(body);
        mac.verify_slice(&tag).is_ok()
    }

    /// The `X-Signature` Stream sends with a webhook `body`: HMAC-SHA256 of the raw body keyed
    /// with this signer's secret, as lowercase hex (what [`verify_webhook`] checks). For test
    /// servers that deliver webhooks, and for tests of a webhook handler.
    ///
    /// ```
    /// use stream_auth::{ApiSecret, Signer, verify_webhook};
    /// let signer = Signer::new(&ApiSecret::new("secret456"));
    /// let body = br#"{"type":"call.created","call_cid":"default:call-123"}"#;
    /// let signature = signer.sign_webhook(body);
    /// assert_eq!(signature, "d43d611567f088e9a6fd1fec7b2bb026d729ecb8a150aa7b69f91c146cef2faf");
    /// assert!(verify_webhook(body, &signature, &ApiSecret::new("secret456")));
    /// ```
    pub fn sign_webhook(&self, body: &[u8]) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut mac: Hmac<Sha256> = self.mac().clone();
        mac.update(body);
        let tag = mac.finalize().into_bytes();
        let mut out = String::with_capacity(SIGNATURE_HEX_LEN);
        for byte in tag {
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
        out
    }
}

/// 32 bytes from 64 hex digits (either case), or `None`.
fn decode_hex(s: &str) -> Option<[u8; 32]> {
    let bytes = s.as_bytes();
    if bytes.len() != SIGNATURE_HEX_LEN {
        return None;
    }
    let mut out = [0_u8; 32];
    for (slot, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        let hi = hex_value(pair[0])?;
        let lo = hex_value(pair[1])?;
        *slot = (hi << 4) | lo;
    }
    Some(out)
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Computed independently with Python:
    /// `hmac.new(b"secret456", body, hashlib.sha256).hexdigest()`.
    const BODY: &[u8] = br#"{"type":"call.created","call_cid":"default:call-123"}"#;
    const SIGNATURE: &str = "d43d611567f088e9a6fd1fec7b2bb026d729ecb8a150aa7b69f91c146cef2faf";

    fn secret() -> ApiSecret {
        ApiSecret::new("secret456")
    }

    #[test]
    fn accepts_the_signature_python_computes() {
        assert!(verify_webhook(BODY, SIGNATURE, &secret()));
        assert!(verify_webhook(BODY, &SIGNATURE.to_uppercase(), &secret()));
        assert!(verify_webhook(BODY, &format!(" {SIGNATURE}\n"), &secret()));
    }

    #[test]
    fn signs_what_python_signs() {
        let signer = Signer::new(&secret());
        assert_eq!(signer.sign_webhook(BODY), SIGNATURE);
        assert!(verify_webhook(b"", &signer.sign_webhook(b""), &secret()));
    }

    #[test]
    fn refuses_another_body_secret_or_signature() {
        assert!(!verify_webhook(b"{}", SIGNATURE, &secret()));
        let reformatted = br#"{"type": "call.created", "call_cid": "default:call-123"}"#;
        assert!(!verify_webhook(reformatted, SIGNATURE, &secret()));
        assert!(!verify_webhook(BODY, SIGNATURE, &ApiSecret::new("other")));
        let mut flipped = SIGNATURE.to_owned();
        flipped.replace_range(63.., "e");
        assert!(!verify_webhook(BODY, &flipped, &secret()));
    }

    #[test]
    fn refuses_malformed_signatures_without_panicking() {
        for bad in [
            "",
            "d43d",
            &SIGNATURE[..63],
            &format!("{SIGNATURE}00"),
            "zz",
            "é",
        ] {
            assert!(!verify_webhook(BODY, bad, &secret()), "{bad:?}");
        }
        let non_hex = format!("{}g", &SIGNATURE[..63]);
        assert!(!verify_webhook(BODY, &non_hex, &secret()));
        let multibyte = format!("{}é", &SIGNATURE[..62]);
        assert!(!verify_webhook(BODY, &multibyte, &secret()));
    }
}
