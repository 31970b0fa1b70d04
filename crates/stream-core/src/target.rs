//! Where a request went and why no answer came back: the address tried (`host:port`, never a
//! path, query or token), the setting that chose it, and the cause read from the HTTP stack's
//! error chain. Drivers hand their error to [`FailureCause::find`]; core attaches the
//! [`Target`] (see [`TransportError`](crate::TransportError)'s `Display`).
use std::error::Error as StdError;
use std::fmt;
use std::io;

/// Which setting chose the address requests go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UrlSetting {
    /// Nothing was set: Stream's production host.
    Default,
    /// `location(..)` on the client builder.
    Location,
    /// The `STREAM_LOCATION` environment variable.
    LocationEnv,
    /// `base_url(..)` on the client builder.
    BaseUrl,
    /// The `STREAM_BASE_URL` environment variable.
    BaseUrlEnv,
    /// The host of the `STREAM_URL` environment variable.
    StreamUrl,
}

impl UrlSetting {
    /// The setting's name as a user writes it (`"base_url"`, `"STREAM_BASE_URL"`, …); `None`
    /// for [`UrlSetting::Default`].
    ///
    /// ```
    /// use stream_core::target::UrlSetting;
    /// assert_eq!(UrlSetting::BaseUrlEnv.name(), Some("STREAM_BASE_URL"));
    /// ```
    pub fn name(self) -> Option<&'static str> {
        Some(match self {
            UrlSetting::Default => return None,
            UrlSetting::Location => "location",
            UrlSetting::LocationEnv => "STREAM_LOCATION",
            UrlSetting::BaseUrl => "base_url",
            UrlSetting::BaseUrlEnv => "STREAM_BASE_URL",
            UrlSetting::StreamUrl => "STREAM_URL",
        })
    }
}

impl fmt::Display for UrlSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "set by {name}"),
            None => f.write_str(
                "Stream's default host, since no base_url, STREAM_BASE_URL or location is set",
            ),
        }
    }
}

/// The address a request was sent to, and the setting that chose it.
///
/// ```
/// use stream_core::target::{Target, UrlSetting};
/// let t = Target::of_url("http://127.0.0.1:8000/api/v1.0/feed?api_key=k", UrlSetting::BaseUrl);
/// assert_eq!(t.address, "127.0.0.1:8000");
/// assert_eq!(t.to_string(), "127.0.0.1:8000 (set by base_url)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `host:port` (`[::1]:8000` for IPv6), with the scheme's port when the URL names none.
    pub address: String,
    /// The setting that chose it.
    pub setting: UrlSetting,
}

impl Target {
    /// The target of `url`: its host and port only (no user info, path, query or fragment).
    pub fn of_url(url: &str, setting: UrlSetting) -> Self {
        Self {
            address: host_port(url),
            setting,
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.address, self.setting)
    }
}

/// `host:port` of a `scheme://[userinfo@]host[:port][/path][?query]` URL; the port defaults to
/// the scheme's (443 for `https`/`wss`, 80 otherwise).
pub fn host_port(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority.rsplit('@').next().unwrap_or_default();
    let has_port = match authority.rfind(']') {
        Some(close) => authority[close..].contains(':'),
        None => authority.contains(':'),
    };
    if has_port {
        return authority.to_owned();
    }
    let port = match scheme.to_ascii_lowercase().as_str() {
        "https" | "wss" => 443,
        _ => 80,
    };
    format!("{authority}:{port}")
}

/// Why no connection (or no answer) came about, as read from the HTTP stack's error chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FailureCause {
    /// Nothing listens at the address.
    Refused,
    /// The host name could not be resolved.
    HostNotFound,
    /// A TLS handshake met a server that does not speak TLS (`https://` against plain HTTP).
    NotTls,
    /// The server's certificate was not accepted.
    Certificate,
    /// Another TLS failure.
    Tls,
    /// The connection was reset or closed early.
    Reset,
    /// No route to the network or host.
    Unreachable,
}

impl FailureCause {
    /// What happened, in words, with what to do when that is clear.
    pub fn describe(self) -> &'static str {
        match self {
            FailureCause::Refused => "connection refused (nothing is listening there)",
            FailureCause::HostNotFound => "failed to look up the host name",
            FailureCause::NotTls => {
                "the server does not speak TLS; use http:// for a plain-HTTP server such as the \
                 emulator"
            }
            FailureCause::Certificate => "the server's TLS certificate was not accepted",
            FailureCause::Tls => "the TLS handshake failed",
            FailureCause::Reset => "the connection was closed or reset",
            FailureCause::Unreachable => "the network or host is unreachable",
        }
    }

    /// Whether connecting again soon is unlikely to help (refused, unknown host, TLS).
    pub fn is_persistent(self) -> bool {
        !matches!(self, FailureCause::Reset | FailureCause::Unreachable)
    }

    /// Walks `error` and its `source()` chain (at most 16 links) and names the most specific
    /// cause any link states, from `std::io::ErrorKind`s and the texts of common HTTP, DNS and
    /// TLS stacks (OpenSSL's "wrong version number", rustls' "InvalidContentType", …).
    ///
    /// ```
    /// use stream_core::target::FailureCause;
    /// let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
    /// assert_eq!(FailureCause::find(&refused), Some(FailureCause::Refused));
    /// ```
    pub fn find(error: &(dyn StdError + 'static)) -> Option<Self> {
        let mut best: Option<Self> = None;
        let mut current = Some(error);
        for _ in 0..16 {
            let Some(err) = current else { break };
            if let Some(found) = Self::of_link(err) {
                if best.is_none_or(|b| rank(found) < rank(b)) {
                    best = Some(found);
                }
            }
            current = err.source();
        }
        best
    }

    fn of_link(err: &(dyn StdError + 'static)) -> Option<Self> {
        if let Some(io) = err.downcast_ref::<io::Error>() {
            match io.kind() {
                io::ErrorKind::ConnectionRefused => return Some(FailureCause::Refused),
                io::ErrorKind::ConnectionReset
                | io::ErrorKind::ConnectionAborted
                | io::ErrorKind::BrokenPipe
                | io::ErrorKind::UnexpectedEof => return Some(FailureCause::Reset),
                io::ErrorKind::HostUnreachable | io::ErrorKind::NetworkUnreachable => {
                    return Some(FailureCause::Unreachable);
                }
                _ => {}
            }
        }
        let text = err.to_string().to_ascii_lowercase();
        let has = |needles: &[&str]| needles.iter().any(|n| text.contains(n));
        if has(&["connection refused"]) {
            Some(FailureCause::Refused)
        } else if has(&[
            "failed to lookup address",
            "name or service not known",
            "nodename nor servname",
            "no such host",
            "name resolution",
            "dns error",
            "host not found",
            "no address associated",
        ]) {
            Some(FailureCause::HostNotFound)
        } else if has(&[
            "wrong version number",
            "invalidcontenttype",
            "invalid content type",
            "corrupt message",
            "record overflow",
            "packet length too long",
        ]) {
            Some(FailureCause::NotTls)
        } else if has(&["certificate", "unknownissuer", "unknown issuer"]) {
            Some(FailureCause::Certificate)
        } else if has(&["tls", "ssl"]) {
            // Not "handshake" alone: a WebSocket or Bayeux handshake is no TLS failure.
            Some(FailureCause::Tls)
        } else if has(&["connection reset", "broken pipe", "connection closed"]) {
            Some(FailureCause::Reset)
        } else if has(&["unreachable"]) {
            Some(FailureCause::Unreachable)
        } else {
            None
        }
    }
}

/// Lower is more specific: a specific TLS cause beats "TLS failed", anything beats a reset.
fn rank(cause: FailureCause) -> u8 {
    match cause {
        FailureCause::Refused => 0,
        FailureCause::HostNotFound => 1,
        FailureCause::NotTls => 2,
        FailureCause::Certificate => 3,
        FailureCause::Unreachable => 4,
        FailureCause::Tls => 5,
        FailureCause::Reset => 6,
    }
}

impl fmt::Display for FailureCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_port_keeps_only_the_address() {
        for (url, want) in [
            (
                "http://127.0.0.1:8000/api/v1.0/?api_key=k",
                "127.0.0.1:8000",
            ),
            (
                "https://api.stream-io-api.com/api/v1.0/",
                "api.stream-io-api.com:443",
            ),
            ("http://localhost/faye", "localhost:80"),
            (
                "wss://faye-us-east.stream-io-api.com/faye",
                "faye-us-east.stream-io-api.com:443",
            ),
            ("http://[::1]:9/x", "[::1]:9"),
            ("https://[::1]/x", "[::1]:443"),
            ("http://user:pw@host:1/x", "host:1"),
            ("http://host?token=t", "host:80"),
        ] {
            assert_eq!(host_port(url), want, "{url}");
        }
    }

    #[test]
    fn the_default_host_says_which_settings_would_change_it() {
        let t = Target::of_url(
            "https://api.stream-io-api.com/api/v1.0/",
            UrlSetting::Default,
        );
        assert_eq!(
            t.to_string(),
            "api.stream-io-api.com:443 (Stream's default host, since no base_url, \
             STREAM_BASE_URL or location is set)"
        );
        assert_eq!(
            Target::of_url(
                "https://eu-west-api.stream-io-api.com/",
                UrlSetting::LocationEnv
            )
            .to_string(),
            "eu-west-api.stream-io-api.com:443 (set by STREAM_LOCATION)"
        );
    }

    #[derive(Debug)]
    struct Wrap(&'static str, Option<io::Error>);
    impl fmt::Display for Wrap {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }
    impl StdError for Wrap {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            self.1.as_ref().map(|e| e as _)
        }
    }

    #[test]
    fn finds_the_most_specific_cause_in_the_chain() {
        let chain = Wrap(
            "client error (Connect)",
            Some(io::Error::other(
                "received corrupt message of type InvalidContentType",
            )),
        );
        assert_eq!(FailureCause::find(&chain), Some(FailureCause::NotTls));
        let tls = Wrap(
            "tls handshake eof",
            Some(io::Error::other("wrong version number")),
        );
        assert_eq!(FailureCause::find(&tls), Some(FailureCause::NotTls));
        let ws = Wrap("WebSocket protocol error: Handshake not finished", None);
        assert_eq!(FailureCause::find(&ws), None);
        let dns =
            io::Error::other("failed to lookup address information: Name or service not known");
        assert_eq!(FailureCause::find(&dns), Some(FailureCause::HostNotFound));
        assert_eq!(FailureCause::find(&Wrap("something else", None)), None);
    }
}
