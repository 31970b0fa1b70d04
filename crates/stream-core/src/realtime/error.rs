//! What can go wrong with a realtime subscription.
use crate::error::{BuildError, TransportError};

/// A realtime failure. Delivered as an item of the subscription (never a panic); after
/// [`RealtimeError::Transport`] and [`RealtimeError::Handshake`] the driver reconnects by itself.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RealtimeError {
    /// The subscription could not be set up (e.g. the client has no app id).
    #[error("invalid realtime subscription: {0}")]
    Build(#[from] BuildError),
    /// The server refused the subscription (a token for another feed, a wrong api key).
    #[error("Stream refused the realtime subscription to {channel}: {message}")]
    Refused {
        /// The channel.
        channel: String,
        /// The Bayeux error code (`403`), when the error had one.
        code: Option<u16>,
        /// The server's error text.
        message: String,
    },
    /// The handshake failed; the session retries as the server's advice says.
    #[error("realtime handshake failed: {message}")]
    Handshake {
        /// The server's error text.
        message: String,
    },
    /// The connection failed or timed out; the session reconnects and resubscribes.
    #[error("realtime connection: {0}")]
    Transport(#[from] TransportError),
    /// Something arrived that is not Bayeux or not a feed update.
    #[error("could not decode a realtime message: {message}; starts with {snippet:?}")]
    Decode {
        /// What did not fit.
        message: String,
        /// The first characters of what arrived.
        snippet: String,
    },
    /// The session is over (the server advised `none`, or it was disconnected).
    #[error("realtime session closed: {reason}")]
    Closed {
        /// Why.
        reason: String,
    },
}

impl RealtimeError {
    /// Whether the session goes on after this error (it reconnects by itself).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            RealtimeError::Transport(_)
                | RealtimeError::Handshake { .. }
                | RealtimeError::Decode { .. }
        )
    }

    /// Whether this is a refused subscription.
    pub fn is_refused(&self) -> bool {
        matches!(self, RealtimeError::Refused { .. })
    }

    /// Builds a refusal from a Bayeux error string (`403:args:message`).
    pub(crate) fn refused(channel: &str, error: Option<&str>) -> Self {
        let raw = error.unwrap_or("subscription refused");
        let (code, message) = parse_bayeux_error(raw);
        RealtimeError::Refused {
            channel: channel.to_owned(),
            code,
            message,
        }
    }
}

/// Splits a Bayeux error `code:args:message` into its code and message; anything else is kept
/// whole as the message.
pub(crate) fn parse_bayeux_error(raw: &str) -> (Option<u16>, String) {
    let mut parts = raw.splitn(3, ':');
    match (parts.next(), parts.next(), parts.next()) {
        // Bayeux error codes are exactly three digits (`403::Forbidden`); `+12` is not one.
        (Some(code), Some(_args), Some(msg))
            if code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) =>
        {
            match code.parse() {
                Ok(c) => (
                    Some(c),
                    if msg.is_empty() {
                        raw.to_owned()
                    } else {
                        msg.to_owned()
                    },
                ),
                Err(_) => (None, raw.to_owned()),
            }
        }
        _ => (None, raw.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_bayeux_error;

    #[test]
    fn bayeux_errors_need_a_three_digit_code() {
        assert_eq!(
            parse_bayeux_error("403::Forbidden"),
            (Some(403), "Forbidden".to_owned())
        );
        assert_eq!(
            parse_bayeux_error("401:a,b:"),
            (Some(401), "401:a,b:".to_owned())
        );
        for raw in [
            "+12::x",
            "-12::x",
            "4a3::x",
            "4033::x",
            "",
            "nope",
            "403:x",
            "٤٠٣::x",
        ] {
            assert_eq!(parse_bayeux_error(raw), (None, raw.to_owned()), "{raw}");
        }
    }
}
