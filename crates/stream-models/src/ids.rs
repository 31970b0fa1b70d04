//! Validated identifiers: parsed once, then always valid.
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// The value is empty.
    #[error("{kind} must not be empty")]
    Empty {
        /// Which id.
        kind: &'static str,
    },
    /// The value is longer than the service accepts.
    #[error("{kind} is {len} bytes long; at most {max} are allowed")]
    TooLong {
        /// Which id.
        kind: &'static str,
        /// Its length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The value has a character the service refuses.
    #[error("{kind} {value:?} may only contain letters, digits, '_' and '-'")]
    InvalidChars {
        /// Which id.
        kind: &'static str,
        /// The value as given.
        value: String,
    },
    /// A feed id is not `slug:user`.
    #[error("feed id {value:?} must be `slug:user_id` with exactly one ':'")]
    BadFeedId {
        /// The value as given.
        value: String,
    },
}

/// The longest slug or user id we accept (the service's own limit for ids).
pub const MAX_ID_LEN: usize = 255;

/// `\w` (Unicode letters, digits, underscore) as Python's `re` reads it, plus `-`.
fn is_word_or_dash(c: char) -> bool {
    c == '_' || c == '-' || c.is_alphanumeric()
}

fn validate(kind: &'static str, value: &str) -> Result<(), IdError> {
    if value.is_empty() {
        return Err(IdError::Empty { kind });
    }
    if value.len() > MAX_ID_LEN {
        return Err(IdError::TooLong {
            kind,
            len: value.len(),
            max: MAX_ID_LEN,
        });
    }
    if !value.chars().all(is_word_or_dash) {
        return Err(IdError::InvalidChars {
            kind,
            value: value.to_owned(),
        });
    }
    Ok(())
}

macro_rules! word_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Validates `value` (letters, digits, `_`, `-`; 1 to 255 bytes).
            pub fn new(value: impl Into<String>) -> Result<Self, IdError> {
                let value = value.into();
                validate($kind, &value)?;
                Ok(Self(value))
            }

            /// The id as a string.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::new(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = IdError;
            fn try_from(s: &str) -> Result<Self, IdError> {
                Self::new(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                Self::new(s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::new(s).map_err(serde::de::Error::custom)
            }
        }
    };
}

word_id!(
    /// A feed group slug such as `user`, `timeline` or `notification`.
    FeedSlug,
    "feed slug"
);
word_id!(
    /// A user id as Stream accepts it in feed ids (`\w` and `-`).
    UserId,
    "user id"
);

/// A feed id `slug:user`, e.g. `user:alice`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FeedId {
    slug: FeedSlug,
    user: UserId,
}

impl FeedId {
    /// Builds a feed id from validated parts.
    pub fn new(slug: FeedSlug, user: UserId) -> Self {
        Self { slug, user }
    }

    /// Validates `slug` and `user` and builds the id.
    pub fn from_parts(slug: &str, user: &str) -> Result<Self, IdError> {
        Ok(Self {
            slug: FeedSlug::new(slug)?,
            user: UserId::new(user)?,
        })
    }

    /// Parses `slug:user`.
    pub fn parse(value: &str) -> Result<Self, IdError> {
        let mut parts = value.split(':');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(slug), Some(user), None) => Self::from_parts(slug, user),
            _ => Err(IdError::BadFeedId {
                value: value.to_owned(),
            }),
        }
    }

    /// The feed group slug.
    pub fn slug(&self) -> &FeedSlug {
        &self.slug
    }

    /// The user id part.
    pub fn user(&self) -> &UserId {
        &self.user
    }

    /// Slug and user id without the colon (`useralice`), as the `feed_id` token claim and the
    /// realtime channel spell it.
    pub fn without_colon(&self) -> String {
        let mut s = String::with_capacity(self.slug.0.len() + self.user.0.len());
        s.push_str(&self.slug.0);
        s.push_str(&self.user.0);
        s
    }
}

impl fmt::Display for FeedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.slug, self.user)
    }
}

impl std::str::FromStr for FeedId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for FeedId {
    type Error = IdError;
    fn try_from(s: &str) -> Result<Self, IdError> {
        Self::parse(s)
    }
}

impl Serialize for FeedId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FeedId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_ids_parse_and_render() {
        let f = FeedId::parse("user:alice-1").unwrap();
        assert_eq!(f.to_string(), "user:alice-1");
        assert_eq!(f.without_colon(), "useralice-1");
        assert!(FeedId::parse("user").is_err());
        assert!(FeedId::parse("a:b:c").is_err());
        assert!(FeedId::parse("user:al ice").is_err());
        assert!(FeedId::parse(":alice").is_err());
    }

    #[test]
    fn ids_reject_bad_values() {
        assert!(matches!(UserId::new(""), Err(IdError::Empty { .. })));
        assert!(matches!(
            UserId::new("a/b"),
            Err(IdError::InvalidChars { .. })
        ));
        assert!(matches!(
            UserId::new("x".repeat(256)),
            Err(IdError::TooLong { .. })
        ));
        assert!(UserId::new("ünïcode_ok-1").is_ok());
    }
}
