//! The v1 wire text of a [`Timestamp`](super::Timestamp): inline when short, on the heap otherwise.

/// Wire strings up to this long (every time the service sends: 26 bytes) are held inline, so
/// reading a page of activities makes no allocation per time.
pub(super) const INLINE: usize = 32;

/// The wire string: inline when short, on the heap otherwise.
#[derive(Clone)]
pub(super) enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl Repr {
    pub(super) fn new(s: &str) -> Self {
        match u8::try_from(s.len()) {
            Ok(len) if s.len() <= INLINE => {
                let mut bytes = [0u8; INLINE];
                bytes[..s.len()].copy_from_slice(s.as_bytes());
                Repr::Inline { len, bytes }
            }
            _ => Repr::Heap(s.into()),
        }
    }

    pub(super) fn from_string(s: String) -> Self {
        if s.len() <= INLINE {
            Self::new(&s)
        } else {
            Repr::Heap(s.into_boxed_str())
        }
    }

    pub(super) fn as_str(&self) -> &str {
        match self {
            // Always valid: the bytes were copied from a `str` of exactly `len` bytes.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Repr::Heap(s) => s,
        }
    }

    pub(super) fn into_string(self) -> String {
        match self {
            Repr::Heap(s) => s.into_string(),
            inline => inline.as_str().to_owned(),
        }
    }
}
