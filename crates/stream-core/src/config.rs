//! Client configuration: credentials, where the service is, timeouts and retries.
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use stream_auth::{ApiSecret, Signer, Token};

use crate::error::BuildError;
use crate::retry::RetryPolicy;
use crate::target::{Target, UrlSetting};
use crate::token_cache::TokenCache;

/// The SDK version, sent in `X-Stream-Client: stream-rust-client-<version>`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// How requests are authenticated.
#[derive(Clone)]
pub enum Credentials {
    /// Server side: the API secret; each request gets a narrowly scoped token minted for it.
    /// (Boxed: the prepared HMAC state is large and configs are moved around.)
    Secret(Box<Signer>),
    /// Client side: a user token (`{"user_id": ..}`) sent as is on every request.
    UserToken {
        /// The token.
        token: Token,
        /// The `user_id` claim read from it.
        user_id: String,
    },
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Secret(_) => f.write_str("Secret(<redacted>)"),
            Credentials::UserToken { user_id, .. } => {
                write!(f, "UserToken {{ user_id: {user_id:?}, token: <redacted> }}")
            }
        }
    }
}

/// Request and connect timeouts. Stream recommends 3 s per request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// The whole request, from connect to the last body byte.
    pub request: Duration,
    /// Establishing the connection (TCP + TLS).
    pub connect: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            request: Duration::from_secs(3),
            connect: Duration::from_secs(2),
        }
    }
}

/// Which Stream service a request goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    /// `/api/v1.0/`: feeds, reactions, collections, users, files.
    Api,
    /// `/personalization/v1.0/`.
    Personalization,
    /// `/analytics/v1.0/`.
    Analytics,
    /// `/api/v2/`: the v2 server-side API (users, video calls).
    V2,
}

/// The base URL of every service, each ending in `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrls {
    /// e.g. `https://us-east-api.stream-io-api.com/api/v1.0/`.
    pub api: String,
    /// e.g. `https://us-east-personalization.stream-io-api.com/personalization/v1.0/`.
    pub personalization: String,
    /// e.g. `https://us-east-analytics.stream-io-api.com/analytics/v1.0/`.
    pub analytics: String,
    /// e.g. `https://video.stream-io-api.com/api/v2/`.
    pub v2: String,
    /// Where analytics redirect URLs point (`https://analytics.stream-io-api.com/analytics/`).
    pub redirect: String,
    /// The Faye (realtime) endpoint.
    pub faye: String,
}

impl BaseUrls {
    /// The production URLs for `location` (`us-east`, `eu-west`, `singapore`, …; `None` = global).
    pub fn for_location(location: Option<&str>) -> Self {
        let host = |service: &str| match location {
            Some(loc) => format!("https://{loc}-{service}.stream-io-api.com"),
            None => format!("https://{service}.stream-io-api.com"),
        };
        Self {
            api: format!("{}/api/v1.0/", host("api")),
            personalization: format!("{}/personalization/v1.0/", host("personalization")),
            analytics: format!("{}/analytics/v1.0/", host("analytics")),
            v2: "https://video.stream-io-api.com/api/v2/".to_owned(),
            redirect: "https://analytics.stream-io-api.com/analytics/".to_owned(),
            faye: "https://faye-us-east.stream-io-api.com/faye".to_owned(),
        }
    }

    /// Every service under one origin (`http://127.0.0.1:8000`), as the emulator and proxies
    /// serve them: `<base>/api/v1.0/`, `<base>/personalization/v1.0/`, …, `<base>/faye`.
    pub fn for_base_url(base: &str) -> Self {
        let base = base.trim_end_matches('/');
        Self {
            api: format!("{base}/api/v1.0/"),
            personalization: format!("{base}/personalization/v1.0/"),
            analytics: format!("{base}/analytics/v1.0/"),
            v2: format!("{base}/api/v2/"),
            redirect: format!("{base}/analytics/"),
            faye: format!("{base}/faye"),
        }
    }

    /// The base URL of `service`.
    pub fn get(&self, service: Service) -> &str {
        match service {
            Service::Api => &self.api,
            Service::Personalization => &self.personalization,
            Service::Analytics => &self.analytics,
            Service::V2 => &self.v2,
        }
    }
}

/// The default cap on a (decompressed) response body: 16 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;

/// Everything a client needs to build requests. Cheap to clone; never prints secrets.
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) api_key: String,
    pub(crate) credentials: Credentials,
    pub(crate) urls: BaseUrls,
    /// Which setting chose the base URL (`Location` only applies to the region's hosts).
    pub(crate) url_setting: UrlSetting,
    pub(crate) app_id: Option<String>,
    pub(crate) timeouts: Timeouts,
    pub(crate) max_response_bytes: u64,
    pub(crate) retry: RetryPolicy,
    pub(crate) user_agent: String,
    pub(crate) client_header: String,
    /// Scoped tokens already minted (shared by clones).
    pub(crate) tokens: Arc<TokenCache>,
}

impl Config {
    /// Starts a server-side configuration with the API key and secret.
    pub fn builder(api_key: impl Into<String>, secret: ApiSecret) -> ConfigBuilder {
        ConfigBuilder::new(api_key.into(), CredentialsInput::Secret(secret))
    }

    /// Starts a client-side configuration with the API key and a user token.
    pub fn builder_with_user_token(api_key: impl Into<String>, token: Token) -> ConfigBuilder {
        ConfigBuilder::new(api_key.into(), CredentialsInput::UserToken(token))
    }

    /// The API key.
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// The credentials.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The signer, when the client holds the secret.
    pub fn signer(&self) -> Option<&Signer> {
        match &self.credentials {
            Credentials::Secret(s) => Some(s),
            Credentials::UserToken { .. } => None,
        }
    }

    /// The base URLs.
    pub fn urls(&self) -> &BaseUrls {
        &self.urls
    }

    /// Where a request to `url` goes (`host:port`) and which setting chose that address, for
    /// transport errors.
    ///
    /// ```
    /// # use stream_core::{ApiSecret, Config};
    /// let config = Config::builder("key", ApiSecret::new("secret")).base_url("http://[::1]:9").build()?;
    /// assert_eq!(config.target_of(&config.urls().api).to_string(), "[::1]:9 (set by base_url)");
    /// # Ok::<(), stream_core::BuildError>(())
    /// ```
    pub fn target_of(&self, url: &str) -> Target {
        Target::of_url(url, self.url_setting_of(url))
    }

    /// Which setting chose the address of `url` (no allocation; see [`Config::target_of`]).
    pub fn url_setting_of(&self, url: &str) -> UrlSetting {
        // The v2 and realtime hosts are the same for every region.
        let regional = !(url.starts_with(&self.urls.v2) || url.starts_with(&self.urls.faye));
        match self.url_setting {
            UrlSetting::Location | UrlSetting::LocationEnv if !regional => UrlSetting::Default,
            other => other,
        }
    }

    /// The app id (needed for realtime).
    pub fn app_id(&self) -> Option<&str> {
        self.app_id.as_deref()
    }

    /// The timeouts transports must apply.
    pub fn timeouts(&self) -> Timeouts {
        self.timeouts
    }

    /// The cap on a (decompressed) response body that the built-in transports apply.
    pub fn max_response_bytes(&self) -> u64 {
        self.max_response_bytes
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The `User-Agent` header value.
    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }
}

enum CredentialsInput {
    Secret(ApiSecret),
    UserToken(Token),
}

/// Builds a [`Config`]; validation happens in [`ConfigBuilder::build`].
pub struct ConfigBuilder {
    api_key: String,
    credentials: CredentialsInput,
    location: Option<String>,
    base_url: Option<String>,
    /// Which setting gave `location` and `base_url` (the builder method or a variable).
    pub(crate) location_from: UrlSetting,
    pub(crate) base_url_from: UrlSetting,
    app_id: Option<String>,
    timeouts: Timeouts,
    max_response_bytes: u64,
    retry: RetryPolicy,
    user_agent: Option<String>,
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("api_key", &self.api_key)
            .field("location", &self.location)
            .field("base_url", &self.base_url)
            .field("app_id", &self.app_id)
            .finish_non_exhaustive()
    }
}

impl ConfigBuilder {
    fn new(api_key: String, credentials: CredentialsInput) -> Self {
        Self {
            api_key,
            credentials,
            location: None,
            base_url: None,
            location_from: UrlSetting::Location,
            base_url_from: UrlSetting::BaseUrl,
            app_id: None,
            timeouts: Timeouts::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry: RetryPolicy::default(),
            user_agent: None,
        }
    }

    /// The region (`us-east`, `eu-west`, `singapore`, …).
    pub fn location(mut self, location: impl Into<String>) -> Self {
        self.location = Some(location.into());
        self.location_from = UrlSetting::Location;
        self
    }

    /// Sends every service to one origin instead (`http://127.0.0.1:8000` for the emulator).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self.base_url_from = UrlSetting::BaseUrl;
        self
    }

    /// The app id (needed for realtime subscriptions).
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.app_id = Some(app_id.into());
        self
    }

    /// Request and connect timeouts.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// The whole-request timeout (default 3 s).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.request = timeout;
        self
    }

    /// The connect timeout (default 2 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.connect = timeout;
        self
    }

    /// Caps the (decompressed) response body size (default [`DEFAULT_MAX_RESPONSE_BYTES`]);
    /// larger answers fail with
    /// [`TransportErrorKind::BodyTooLarge`](crate::TransportErrorKind::BodyTooLarge). The
    /// built-in transports apply it; a transport of your own enforces its own limits.
    pub fn max_response_bytes(mut self, max: u64) -> Self {
        self.max_response_bytes = max;
        self
    }

    /// The retry policy.
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Overrides the `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Validates and builds the configuration.
    pub fn build(self) -> Result<Config, BuildError> {
        if self.api_key.trim().is_empty() {
            return Err(BuildError::field("api_key", "must not be empty"));
        }
        let credentials = match self.credentials {
            CredentialsInput::Secret(secret) => {
                if secret.expose().is_empty() {
                    return Err(BuildError::field("api_secret", "must not be empty"));
                }
                Credentials::Secret(Box::new(Signer::new(&secret)))
            }
            CredentialsInput::UserToken(token) => {
                let claims = stream_auth::dangerous::decode_unverified(token.as_str())
                    .map_err(|e| BuildError::field("user_token", e.to_string()))?;
                let user_id = claims
                    .user_id()
                    .ok_or_else(|| BuildError::field("user_token", "has no user_id claim"))?
                    .to_owned();
                Credentials::UserToken { token, user_id }
            }
        };
        if let Some(loc) = &self.location {
            if loc.is_empty() || !loc.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(BuildError::field(
                    "location",
                    format!("{loc:?} is not a Stream region name"),
                ));
            }
        }
        let url_setting = match (&self.base_url, &self.location) {
            (Some(_), _) => self.base_url_from,
            (None, Some(_)) => self.location_from,
            (None, None) => UrlSetting::Default,
        };
        let urls = match &self.base_url {
            Some(base) => {
                if !(base.starts_with("http://") || base.starts_with("https://")) {
                    return Err(BuildError::field(
                        "base_url",
                        "must start with http:// or https://",
                    ));
                }
                if base.contains('?') || base.contains('#') || base.contains('@') {
                    return Err(BuildError::field(
                        "base_url",
                        "must be an origin (scheme, host, port, optional path)",
                    ));
                }
                BaseUrls::for_base_url(base)
            }
            None => BaseUrls::for_location(self.location.as_deref()),
        };
        if self.timeouts.request.is_zero() {
            return Err(BuildError::field(
                "request_timeout",
                "must be greater than zero",
            ));
        }
        if self.max_response_bytes == 0 {
            return Err(BuildError::field(
                "max_response_bytes",
                "must be greater than zero",
            ));
        }
        let client_header = format!("stream-rust-client-{VERSION}");
        Ok(Config {
            api_key: self.api_key,
            credentials,
            urls,
            url_setting,
            app_id: self.app_id,
            timeouts: self.timeouts,
            max_response_bytes: self.max_response_bytes,
            retry: self.retry,
            user_agent: self
                .user_agent
                .unwrap_or_else(|| format!("stream-rust-client/{VERSION}")),
            client_header,
            tokens: Arc::default(),
        })
    }
}

/// The parts of a Heroku-style `STREAM_URL` (`https://key:secret@us-east.stream-io-api.com/?app_id=1`).
///
/// A Stream host (`<location>.stream-io-api.com`, `<location>-api.stream-io-api.com`,
/// `<location>.getstream.io`) names the location; any other host (`http://127.0.0.1:8000`,
/// `localhost:8000`, a proxy's domain) becomes the base URL, as the Go/.NET clients read it.
#[derive(Clone, PartialEq, Eq)]
pub struct StreamUrl {
    /// API key.
    pub api_key: String,
    /// API secret.
    pub api_secret: ApiSecret,
    /// Region, when a Stream host names one.
    pub location: Option<String>,
    /// App id, from `?app_id=`.
    pub app_id: Option<String>,
    /// `scheme://host[:port]` when the host is not a Stream host (an emulator, a proxy).
    pub base_url: Option<String>,
}

impl fmt::Debug for StreamUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamUrl")
            .field("api_key", &self.api_key)
            .field("api_secret", &self.api_secret)
            .field("location", &self.location)
            .field("app_id", &self.app_id)
            .field("base_url", &self.base_url)
            .finish()
    }
}

impl StreamUrl {
    /// Parses `http(s)://<key>:<secret>@<host>[:<port>][/][?app_id=<digits>]`.
    ///
    /// On a Stream host the first label is the location (`us-east`, or `us-east-api` read as
    /// `us-east`); `api`, `getstream` and `stream-io-api` mean no location. Any other host is
    /// kept, with scheme and port, as the base URL. Anything else is a [`BuildError`].
    pub fn parse(url: &str) -> Result<Self, BuildError> {
        let bad = || {
            BuildError::field(
                "STREAM_URL",
                "must look like https://<key>:<secret>@<location>.stream-io-api.com/?app_id=<id> \
                 or http://<key>:<secret>@<host>:<port>/",
            )
        };
        let url = url.trim();
        let (scheme, rest) = if let Some(rest) = url.strip_prefix("https://") {
            ("https", rest)
        } else if let Some(rest) = url.strip_prefix("http://") {
            ("http", rest)
        } else {
            return Err(bad());
        };
        let (userinfo, hostpart) = rest.split_once('@').ok_or_else(bad)?;
        let (key, secret) = userinfo.split_once(':').ok_or_else(bad)?;
        let word =
            |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !word(key) || !word(secret) {
            return Err(bad());
        }
        let (authority, query) = match hostpart.split_once('?') {
            Some((h, q)) => (h, Some(q)),
            None => (hostpart, None),
        };
        // Anything after the host (`/`, a path) is ignored, as it was before.
        let authority = authority.split(['/', '#']).next().unwrap_or_default();
        let (host, port) = split_host_port(authority).ok_or_else(bad)?;
        // The scheme's own port on a Stream host changes nothing (`:443` is what Ruby writes).
        let default_port = matches!((scheme, port), ("https", Some(443)) | ("http", Some(80)));
        let (location, base_url) = match stream_location(host) {
            Some(location) if port.is_none() || default_port => {
                (location.map_err(|()| bad())?, None)
            }
            _ => {
                let port = port.map(|p| format!(":{p}")).unwrap_or_default();
                (None, Some(format!("{scheme}://{host}{port}")))
            }
        };
        let app_id = query.and_then(|q| {
            q.split(['&', '#'])
                .find_map(|kv| kv.strip_prefix("app_id="))
                .map(str::to_owned)
        });
        if let Some(id) = &app_id {
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
                return Err(bad());
            }
        }
        Ok(Self {
            api_key: key.to_owned(),
            api_secret: ApiSecret::new(secret),
            location,
            app_id,
            base_url,
        })
    }

    /// A config builder from these parts.
    pub fn into_builder(self) -> ConfigBuilder {
        let mut b = Config::builder(self.api_key, self.api_secret);
        if let Some(loc) = self.location {
            b = b.location(loc);
        }
        if let Some(base) = self.base_url {
            b = b.base_url(base);
        }
        if let Some(id) = self.app_id {
            b = b.app_id(id);
        }
        b
    }
}

/// Splits `host[:port]` (or `[v6]:port`); `None` when either part is malformed.
fn split_host_port(authority: &str) -> Option<(&str, Option<u16>)> {
    let (host, port) = if authority.starts_with('[') {
        let close = authority.find(']')?;
        let (host, rest) = authority.split_at(close + 1);
        let inner = &host[1..host.len() - 1];
        if inner.is_empty()
            || !inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return None;
        }
        match rest {
            "" => (host, None),
            _ => (host, Some(rest.strip_prefix(':')?)),
        }
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let port = match port {
        Some(p) if !p.is_empty() && p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit()) => {
            Some(p.parse::<u16>().ok().filter(|&p| p != 0)?)
        }
        Some(_) => return None,
        None => None,
    };
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if !host.starts_with('[') && !host.split('.').all(label_ok) {
        return None;
    }
    Some((host, port))
}

/// For a Stream host, `Some(Ok(location))` (`None` = the global host) or `Some(Err(()))` when its
/// subdomain is not a location; `None` for any other host.
fn stream_location(host: &str) -> Option<Result<Option<String>, ()>> {
    let lower = host.to_ascii_lowercase();
    let sub = ["stream-io-api.com", "getstream.io"]
        .iter()
        .find_map(|domain| {
            if lower == *domain {
                Some("")
            } else {
                lower.strip_suffix(domain)?.strip_suffix('.')
            }
        })?;
    // `us-east.api.stream-io-api.com` names its location first, as the official clients read it.
    let sub = sub.split('.').next().unwrap_or_default();
    let location = match sub {
        "" | "api" | "getstream" | "stream-io-api" => None,
        loc => {
            let loc = loc.strip_suffix("-api").unwrap_or(loc);
            if loc.is_empty() || !loc.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Some(Err(()));
            }
            Some(loc.to_owned())
        }
    };
    Some(Ok(location))
}

/// Builds a [`ConfigBuilder`] from environment-style variables read through `get`:
/// `STREAM_URL`, or `STREAM_API_KEY` + `STREAM_API_SECRET`; then `STREAM_LOCATION`,
/// `STREAM_BASE_URL` and `STREAM_APP_ID`. Facades pass `std::env::var`.
pub fn builder_from_vars(
    get: impl Fn(&str) -> Option<String>,
) -> Result<ConfigBuilder, BuildError> {
    let get = |k: &str| get(k).filter(|v| !v.trim().is_empty());
    let mut builder = match (
        get("STREAM_API_KEY"),
        get("STREAM_API_SECRET"),
        get("STREAM_URL"),
    ) {
        (Some(key), Some(secret), _) => Config::builder(key, ApiSecret::new(secret)),
        (_, _, Some(url)) => {
            let mut b = StreamUrl::parse(&url)?.into_builder();
            b.location_from = UrlSetting::StreamUrl;
            b.base_url_from = UrlSetting::StreamUrl;
            b
        }
        _ => {
            return Err(BuildError::MissingConfig(
                "set STREAM_API_KEY and STREAM_API_SECRET, or STREAM_URL",
            ));
        }
    };
    if let Some(loc) = get("STREAM_LOCATION") {
        builder = builder.location(loc);
        builder.location_from = UrlSetting::LocationEnv;
    }
    if let Some(base) = get("STREAM_BASE_URL") {
        builder = builder.base_url(base);
        builder.base_url_from = UrlSetting::BaseUrlEnv;
    }
    if let Some(app) = get("STREAM_APP_ID") {
        builder = builder.app_id(app);
    }
    Ok(builder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_and_base_urls() {
        let u = BaseUrls::for_location(Some("us-east"));
        assert_eq!(u.api, "https://us-east-api.stream-io-api.com/api/v1.0/");
        assert_eq!(
            u.personalization,
            "https://us-east-personalization.stream-io-api.com/personalization/v1.0/"
        );
        assert_eq!(
            BaseUrls::for_location(None).api,
            "https://api.stream-io-api.com/api/v1.0/"
        );
        assert_eq!(
            BaseUrls::for_base_url("http://127.0.0.1:9/").api,
            "http://127.0.0.1:9/api/v1.0/"
        );
    }

    #[test]
    fn parses_stream_url() {
        let u = StreamUrl::parse("https://key:secret@us-east.stream-io-api.com/?app_id=1").unwrap();
        assert_eq!(
            (
                u.api_key.as_str(),
                u.location.as_deref(),
                u.app_id.as_deref()
            ),
            ("key", Some("us-east"), Some("1"))
        );
        assert!(!format!("{u:?}").contains("secret\""));
        let u = StreamUrl::parse("https://key:secret@api.stream-io-api.com/?app_id=1").unwrap();
        assert_eq!(u.location, None);
        assert!(StreamUrl::parse("https://key@x.stream-io-api.com").is_err());
        assert!(StreamUrl::parse("nonsense").is_err());
    }

    #[test]
    fn config_debug_hides_secret() {
        let c = Config::builder("key123", ApiSecret::new("secret456"))
            .build()
            .unwrap();
        assert!(!format!("{c:?}").contains("secret456"));
    }
}
