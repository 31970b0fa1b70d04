//! [`Text`]: an immutable string that can share the response body it was read from.
//!
//! Decoding a 25-activity page into owned `String`s made about seven allocations per activity for
//! its ids, verb, actor, object and feeds, and malloc plus free were a third of the decoding work.
//! A [`Text`] read while [`with_source`] runs points into the body instead: reading it allocates
//! nothing and cloning it costs a reference count. A JSON string with escapes (`\n`, `\u00e9`)
//! differs from its bytes in the body, so it gets its own buffer.
use std::borrow::Borrow;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};

/// An immutable string read from a response (or made from your own string).
///
/// It dereferences to `str`, compares, hashes and orders like one, and serializes as a JSON
/// string. Read from a response body, it shares that body's buffer: no allocation, and a clone is a
/// reference count. The price is that a `Text` keeps the whole body alive (a feed page is a few
/// KB); `String::from(text)` copies one out when you keep a single string for long.
///
/// ```
/// use stream_models::Text;
/// let verb = Text::from("post");
/// assert_eq!(verb, "post");
/// assert_eq!(verb.len(), 4);
/// let owned: String = verb.into();
/// assert_eq!(owned, "post");
/// ```
#[derive(Clone, Default)]
pub struct Text {
    /// The buffer the text lies in; `None` for the empty text.
    buf: Option<Arc<str>>,
    /// Byte range of the text in `buf` (always on char boundaries).
    start: usize,
    end: usize,
}

impl Text {
    /// The empty text (no allocation).
    ///
    /// ```
    /// assert!(stream_models::Text::new().is_empty());
    /// ```
    pub const fn new() -> Self {
        Text {
            buf: None,
            start: 0,
            end: 0,
        }
    }

    /// Its length in bytes.
    ///
    /// ```
    /// assert_eq!(stream_models::Text::from("é").len(), 2);
    /// ```
    // `Deref` gives `str::len` too; this one skips slicing the buffer.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// The text as a `&str`.
    ///
    /// ```
    /// assert_eq!(stream_models::Text::from("a").as_str(), "a");
    /// ```
    pub fn as_str(&self) -> &str {
        match &self.buf {
            // The range was taken from this buffer on char boundaries, so `get` never fails.
            Some(buf) => {
                let s = buf.get(self.start..self.end);
                debug_assert!(s.is_some(), "a Text range off its buffer's char boundaries");
                s.unwrap_or("")
            }
            None => "",
        }
    }

    /// Whether this text points into a larger buffer it shares (a response body) rather than
    /// holding only its own characters. Only [`with_source`] hands out such slices, and only of
    /// the string serde_json is parsing, so `RawJson` trusts a shared text as JSON that
    /// serde_json's parser produced.
    ///
    /// ```
    /// assert!(!stream_models::Text::from("alice").shares_buffer());
    /// ```
    pub fn shares_buffer(&self) -> bool {
        self.buf.as_ref().is_some_and(|b| self.len() != b.len())
    }

    /// The text in a buffer of its own (a copy when it shares a larger one), so keeping it
    /// does not keep a response body alive.
    ///
    /// ```
    /// let t = stream_models::Text::from("alice").detached();
    /// assert_eq!(t, "alice");
    /// ```
    pub fn detached(&self) -> Text {
        if self.shares_buffer() {
            Text::from(self.as_str())
        } else {
            self.clone()
        }
    }

    /// A text for `start..end` of `buf` (char boundaries, checked by the caller).
    fn slice(buf: &Arc<str>, start: usize, end: usize) -> Text {
        Text {
            buf: Some(Arc::clone(buf)),
            start,
            end,
        }
    }
}

thread_local! {
    /// The body being decoded on this thread, while [`with_source`] runs.
    static SOURCE: RefCell<Option<Arc<str>>> = const { RefCell::new(None) };
}

/// Decodes with `source` as the buffer [`Text`]s may share: `decode` gets the same string, and
/// every `Text` deserialized from a slice of it (a JSON string without escapes, read with
/// `serde_json::from_str`) points into `source` instead of copying. Nested calls restore the
/// outer source when they return, also on a panic.
///
/// ```
/// use std::sync::Arc;
/// use stream_models::Text;
/// let body: Arc<str> = Arc::from(r#"["user:alice"]"#);
/// let ids: Vec<Text> = stream_models::text::with_source(&body, |s| serde_json::from_str(s)).unwrap();
/// assert_eq!(ids[0], "user:alice");
/// assert!(ids[0].shares_buffer());
/// ```
pub fn with_source<R>(source: &Arc<str>, decode: impl FnOnce(&str) -> R) -> R {
    /// Puts the previous source back when dropped.
    struct Restore(Option<Arc<str>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            let _ = SOURCE.try_with(|s| *s.borrow_mut() = previous);
        }
    }
    let previous = SOURCE.with(|s| s.borrow_mut().replace(Arc::clone(source)));
    let _restore = Restore(previous);
    decode(source)
}

/// A text for `s`: a slice of the current source when `s` lies inside it, else a copy.
///
/// No char-boundary check is needed: `s` and the source are both valid UTF-8, so a slice of the
/// source holding exactly `s` starts and ends on char boundaries (and [`Text::as_str`] checks
/// again when reading).
pub(crate) fn text_from_borrowed(s: &str) -> Text {
    if s.is_empty() {
        return Text::new();
    }
    let shared = SOURCE.with(|source| {
        let source = source.borrow();
        let buf = source.as_ref()?;
        let start = (s.as_ptr() as usize).checked_sub(buf.as_ptr() as usize)?;
        let end = start + s.len();
        (end <= buf.len()).then(|| Text::slice(buf, start, end))
    });
    shared.unwrap_or_else(|| Text::from(s))
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        if s.is_empty() {
            return Text::new();
        }
        Text::from(Arc::<str>::from(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text::from(s.as_str())
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        Text::from(s.as_str())
    }
}

impl From<Arc<str>> for Text {
    /// Wraps the whole buffer, without copying it.
    fn from(buf: Arc<str>) -> Self {
        let len = buf.len();
        Text::slice(&buf, 0, len)
    }
}

impl From<Box<str>> for Text {
    fn from(s: Box<str>) -> Self {
        Text::from(&*s)
    }
}

impl From<std::borrow::Cow<'_, str>> for Text {
    fn from(s: std::borrow::Cow<'_, str>) -> Self {
        Text::from(&*s)
    }
}

impl std::str::FromStr for Text {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Text::from(s))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> Self {
        t.as_str().to_owned()
    }
}

impl From<&Text> for String {
    fn from(t: &Text) -> Self {
        t.as_str().to_owned()
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.len() == other.len() && self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor)
    }
}

/// Shares borrowed strings with the current source; copies the others.
struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text, E> {
        Ok(text_from_borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text::from(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text::from(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Text, E> {
        std::str::from_utf8(v)
            .map(Text::from)
            .map_err(|_| E::invalid_value(de::Unexpected::Bytes(v), &self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn decode<T: for<'de> Deserialize<'de>>(body: &str) -> (Arc<str>, T) {
        let body: Arc<str> = Arc::from(body);
        let value = with_source(&body, |s| serde_json::from_str(s)).unwrap();
        (body, value)
    }

    #[test]
    fn strings_without_escapes_share_the_source_and_escaped_ones_are_copied() {
        let (body, v) = decode::<Vec<Text>>(r#"["user:alice","é 🌍","a\nb",""]"#);
        assert_eq!(v, ["user:alice", "é 🌍", "a\nb", ""]);
        assert!(v[0].shares_buffer() && v[1].shares_buffer());
        assert!(!v[2].shares_buffer() && !v[3].shares_buffer());
        // One count for `body`, one per shared text.
        assert_eq!(Arc::strong_count(&body), 3);
        drop(v);
        assert_eq!(Arc::strong_count(&body), 1);
    }

    #[test]
    fn outside_a_source_or_from_another_buffer_texts_own_their_bytes() {
        let v: Vec<Text> = serde_json::from_str(r#"["a","b"]"#).unwrap();
        assert!(v.iter().all(|t| !t.shares_buffer()));
        let other: Arc<str> = Arc::from("unrelated");
        let v: Vec<Text> = with_source(&other, |_| serde_json::from_str(r#"["a"]"#)).unwrap();
        assert!(!v[0].shares_buffer());
        let v: Vec<Text> = serde_json::from_value(serde_json::json!(["x"])).unwrap();
        assert_eq!(v[0], "x");
    }

    #[test]
    fn nested_sources_restore_the_outer_one_even_after_a_panic() {
        let outer: Arc<str> = Arc::from(r#""outer""#);
        let inner: Arc<str> = Arc::from(r#""inner""#);
        let t: Text = with_source(&outer, |o| {
            let r = std::panic::catch_unwind(|| with_source(&inner, |_| panic!("boom")));
            assert!(r.is_err());
            serde_json::from_str(o).unwrap()
        });
        assert!(t.shares_buffer() || t.len() == outer.len() - 2);
        assert_eq!(t, "outer");
        assert_eq!(Arc::strong_count(&inner), 1);
        SOURCE.with(|s| assert!(s.borrow().is_none()));
    }

    #[test]
    fn texts_behave_like_strings() {
        let (_body, v) = decode::<Vec<Text>>(r#"["b","a","b"]"#);
        assert_eq!(v[0], v[2]);
        assert!(v[1] < v[0]);
        assert_eq!(format!("{} {:?}", v[0], v[1]), r#"b "a""#);
        let mut m = HashMap::new();
        m.insert(v[0].clone(), 1);
        assert_eq!(m.get("b"), Some(&1));
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"["b","a","b"]"#);
        assert_eq!(String::from(&v[0]), "b");
        assert_eq!(*"b", v[0]);
        assert_eq!("b".to_owned(), v[0]);
        let d = v[0].detached();
        assert!(!d.shares_buffer());
        assert_eq!(d, "b");
        assert_eq!(Text::new().as_str(), "");
        assert_eq!(Text::from(String::from("x")).detached(), "x");
        assert!(serde_json::from_str::<Text>("3").is_err());
        assert_eq!(Text::from(Box::<str>::from("x")), "x");
        let owned = String::from("y");
        let y = Text::from(&owned);
        assert_eq!(y, *"y");
        assert_eq!(*"y", y);
        assert_eq!(y, owned);
        assert_eq!(AsRef::<str>::as_ref(&y), "y");
        assert_eq!(Text::from(std::borrow::Cow::Borrowed("x")), "x");
        assert_eq!("x".parse::<Text>().unwrap(), "x");
        use serde::de::IntoDeserializer;
        let bytes: serde::de::value::BytesDeserializer<'_, serde::de::value::Error> =
            b"ok".as_slice().into_deserializer();
        assert_eq!(Text::deserialize(bytes).unwrap(), "ok");
        let bad: serde::de::value::BytesDeserializer<'_, serde::de::value::Error> =
            b"\xff".as_slice().into_deserializer();
        assert!(Text::deserialize(bad).is_err());
    }
}
