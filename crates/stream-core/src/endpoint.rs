//! The `Endpoint` trait: one value per operation that says what to send and how to read the answer.
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use stream_auth::Scope;

use crate::config::{Config, Credentials, Service};
use crate::encode::{push_path_segment, push_query_component};
use crate::error::{ApiError, BuildError, DecodeError, Error};
use crate::request::{Body, Header, Method, Request};
use crate::response::Response;

/// How a request is authorised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// A token with this scope, minted per call from the secret. A client holding a user token
    /// sends that token instead (client-side auth).
    Scoped(Scope),
    /// Like `Scoped`, but only with the secret: a user-token client gets [`BuildError::NeedsSecret`].
    ServerOnly(Scope),
    /// The v2 server token (`{"server":true}`); needs the secret.
    V2Server,
}

/// What an endpoint wants sent, before the client adds base URL, api key and auth headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// Stable operation name (`"feed.get"`).
    pub op: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Which service.
    pub service: Service,
    /// Path relative to the service base, already encoded (build it with [`Path`]).
    pub path: String,
    /// Query parameters (api key excluded), unencoded, in order.
    pub query: Vec<(&'static str, String)>,
    /// Body.
    pub body: Option<Body>,
    /// Authorisation.
    pub auth: Auth,
    /// Whether the request may be retried (defaults to the method's idempotency).
    pub idempotent: bool,
}

impl Spec {
    /// A spec with no query and no body.
    pub fn new(
        op: &'static str,
        method: Method,
        service: Service,
        path: String,
        auth: Auth,
    ) -> Self {
        Self {
            op,
            method,
            service,
            path,
            query: Vec::new(),
            body: None,
            auth,
            idempotent: method.is_idempotent(),
        }
    }

    /// Adds a query parameter.
    pub fn query(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.query.push((name, value.into()));
        self
    }

    /// Adds a query parameter when `value` is `Some`.
    pub fn query_opt(mut self, name: &'static str, value: Option<impl Into<String>>) -> Self {
        if let Some(v) = value {
            self.query.push((name, v.into()));
        }
        self
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self, BuildError> {
        let bytes = serde_json::to_vec(body).map_err(|e| BuildError::Serialize(e.to_string()))?;
        self.body = Some(Body::json(bytes));
        Ok(self)
    }

    /// Sets a raw body.
    pub fn body(mut self, body: Body) -> Self {
        self.body = Some(body);
        self
    }

    /// Overrides whether the request may be retried.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }
}

/// Builds an encoded relative path: literal parts as given, user values percent-encoded as one
/// segment each. Every path ends in `/` (as the service and the official clients expect) unless
/// [`Path::no_trailing_slash`] is used.
#[derive(Debug, Clone, Default)]
pub struct Path(String);

impl Path {
    /// An empty path.
    pub fn new() -> Self {
        Self(String::with_capacity(48))
    }

    /// Appends literal segments (`"feed"`, `"stats/follow"`), not encoded.
    pub fn lit(mut self, literal: &str) -> Self {
        self.0.push_str(literal.trim_matches('/'));
        self.0.push('/');
        self
    }

    /// Appends one user-supplied segment, percent-encoded so it can never escape its segment.
    pub fn seg(mut self, segment: &str) -> Self {
        push_path_segment(&mut self.0, segment);
        self.0.push('/');
        self
    }

    /// Appends one user-supplied segment with nothing kept safe (not even `:`), as the v2 API
    /// expects: `odd id:1/2` → `odd%20id%3A1%2F2`.
    pub fn seg_strict(mut self, segment: &str) -> Self {
        crate::encode::push_path_segment_strict(&mut self.0, segment);
        self.0.push('/');
        self
    }

    /// The path with its trailing slash.
    pub fn build(self) -> String {
        self.0
    }

    /// The path without a trailing slash (the v2 API and `moderation/flag`).
    pub fn no_trailing_slash(mut self) -> String {
        if self.0.ends_with('/') {
            self.0.pop();
        }
        self.0
    }
}

/// One operation of the API: builds its request and parses its response.
///
/// Implementations hold the operation's inputs (required ones in `new`, optional ones as
/// `mut self` setters) and contain no I/O.
///
/// Every endpoint value is `#[must_use]`: building one sends nothing, so dropping it unsent is
/// a warning (an error under `#![deny(unused_must_use)]`):
///
/// ```compile_fail
/// #![deny(unused_must_use)]
/// use stream_core::endpoints::feed::FeedRef;
/// fn forgot_to_send(feed: &FeedRef) {
///     feed.get().limit(5); // error: an endpoint does nothing until it is passed to `client.send`
/// }
/// ```
///
/// Passing it on (to `client.send`, or here to `let`) is what the lint asks for:
///
/// ```
/// #![deny(unused_must_use)]
/// use stream_core::endpoints::feed::FeedRef;
/// fn builds(feed: &FeedRef) {
///     let _read = feed.get().limit(5);
/// }
/// ```
pub trait Endpoint {
    /// What a successful call returns.
    type Output;

    /// What to send. Invalid input is reported here, before anything is built.
    fn spec(&self, config: &Config) -> Result<Spec, Error>;

    /// Reads a successful (2xx) response.
    fn parse(&self, response: Response) -> Result<Self::Output, Error>;

    /// For batch operations over the service's per-request limit: the compliant parts to send, in
    /// order, or `None` when this value goes out as one request (the default). [`crate::Call`]
    /// sends the parts one after another and combines their outputs with [`Endpoint::merge`], so
    /// an oversized batch is split by the SDK instead of being refused. The whole batch is
    /// validated before any part is sent; if a later part fails, earlier parts stay applied.
    fn split(&self) -> Result<Option<Vec<Self>>, Error>
    where
        Self: Sized,
    {
        Ok(None)
    }

    /// Combines the outputs of the parts from [`Endpoint::split`] (in order; never empty).
    /// The default keeps the last output.
    fn merge(outputs: Vec<Self::Output>) -> Result<Self::Output, Error>
    where
        Self: Sized,
    {
        outputs
            .into_iter()
            .last()
            .ok_or_else(|| BuildError::field("batch", "no parts were sent").into())
    }
}

/// An operation whose successful (2xx) answer is plain JSON of its output type. Implement this
/// instead of [`Endpoint`] to write only the request: the operation's name is given once, as
/// [`JsonEndpoint::OP`] (used in its [`Spec`] and in decode errors), and [`Endpoint::parse`] is
/// [`decode_json`]. Implement [`Endpoint`] directly for answers that need more than that (empty
/// bodies, redirects, batches split into parts).
///
/// ```
/// use stream_core::endpoint::{Auth, JsonEndpoint, Path, Spec};
/// use stream_core::{Action, Config, Endpoint, Error, FeedScope, Method, Resource, Response};
/// use stream_core::{Scope, Service};
///
/// #[derive(serde::Deserialize)]
/// struct Stats { followers: u64 }
///
/// struct GetStats(String);
/// impl JsonEndpoint for GetStats {
///     type Output = Stats;
///     const OP: &'static str = "example.stats";
///     fn spec(&self, _config: &Config) -> Result<Spec, Error> {
///         let path = Path::new().lit("stats").seg(&self.0).build();
///         let scope = Scope::new(Resource::Feed, Action::Read, FeedScope::All);
///         Ok(Spec::new(Self::OP, Method::Get, Service::Api, path, Auth::Scoped(scope)))
///     }
/// }
/// let stats = GetStats("alice".into()).parse(Response::new(200, r#"{"followers":3}"#))?;
/// assert_eq!(stats.followers, 3);
/// # Ok::<(), Error>(())
/// ```
pub trait JsonEndpoint {
    /// What a successful call returns, decoded from the JSON body.
    type Output: DeserializeOwned;

    /// The stable operation name (`"feed.get"`), for the [`Spec`] and for errors.
    const OP: &'static str;

    /// What to send. Invalid input is reported here, before anything is built.
    fn spec(&self, config: &Config) -> Result<Spec, Error>;
}

impl<T: JsonEndpoint> Endpoint for T {
    type Output = T::Output;

    fn spec(&self, config: &Config) -> Result<Spec, Error> {
        JsonEndpoint::spec(self, config)
    }

    fn parse(&self, response: Response) -> Result<Self::Output, Error> {
        decode_json(T::OP, &response)
    }
}

/// [`Endpoint::spec`] by another name, for unit tests in modules where [`JsonEndpoint`] is in
/// scope too (there `value.spec(..)` would be ambiguous).
#[cfg(test)]
pub(crate) trait SpecFor {
    fn spec_for(&self, config: &Config) -> Result<Spec, Error>;
}

#[cfg(test)]
impl<E: Endpoint> SpecFor for E {
    fn spec_for(&self, config: &Config) -> Result<Spec, Error> {
        self.spec(config)
    }
}

/// An endpoint whose output names the next page.
pub trait Paginated: Endpoint + Sized {
    /// The endpoint for the page after `last`, or `None` when `last` was the final page.
    fn next_page(&self, last: &Self::Output) -> Option<Self>;
}

/// Decodes a JSON body into `T`, reporting the JSON path where it failed.
pub fn decode_json<T: DeserializeOwned>(op: &'static str, response: &Response) -> Result<T, Error> {
    let body: &[u8] = if response.body.is_empty() {
        b"{}"
    } else {
        &response.body
    };
    // The fast path decodes without tracking where it is; only a body that fails is decoded a
    // second time with path tracking, so the error can name the JSON path that did not fit.
    // Checking UTF-8 once for the whole body lets serde_json skip checking every string in it
    // (a tenth of the decoding work on a feed page); a body that is not UTF-8 goes the slice
    // way, which reports where. The checked text is copied once into a shared buffer that the
    // decoded `Text`s and custom `Fields` point into, instead of each allocating its own.
    // Invariants this relies on: `with_source` makes `shared` the thread's source only while
    // serde_json parses exactly that string, so a `Text` slice of it can only come from
    // serde_json's own parser; `RawJson` therefore trusts a custom field's text that shares the
    // buffer (serde_json's raw-value token handed it over) as one valid JSON value, and checks
    // any other text first (see stream-models' `raw_json.rs`).
    let fast = match std::str::from_utf8(body) {
        Ok(text) => {
            let shared: Arc<str> = Arc::from(text);
            stream_models::text::with_source(&shared, |text| serde_json::from_str::<T>(text))
        }
        Err(_) => serde_json::from_slice::<T>(body),
    };
    fast.map_err(|fast| {
        let mut de = serde_json::Deserializer::from_slice(body);
        let (path, message) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
            Err(e) => (e.path().to_string(), e.inner().to_string()),
            // Only trailing bytes after a valid document get here.
            Ok(_) => (".".to_owned(), fast.to_string()),
        };
        Error::Decode(DecodeError {
            op,
            path,
            message,
            snippet: crate::error::snippet(&response.body),
        })
    })
}

impl Config {
    /// Builds the full request for `endpoint`: base URL, path, `api_key` first in the query, the
    /// endpoint's query, auth headers and body.
    pub fn build_request<E: Endpoint + ?Sized>(&self, endpoint: &E) -> Result<Request, Error> {
        let spec = endpoint.spec(self)?;
        self.build_spec(spec)
    }

    /// Turns a [`Spec`] into a [`Request`].
    pub fn build_spec(&self, spec: Spec) -> Result<Request, Error> {
        if let (Service::V2, Some(body)) = (spec.service, &spec.body) {
            crate::v2::limits::check_body(spec.op, body.bytes.len())?;
        }
        let token = match (&spec.auth, &self.credentials) {
            (Auth::Scoped(scope) | Auth::ServerOnly(scope), Credentials::Secret(signer)) => {
                self.tokens.get_or_mint(scope, || signer.scoped(scope))
            }
            (Auth::Scoped(_), Credentials::UserToken { token, .. }) => token.clone(),
            (Auth::V2Server, Credentials::Secret(signer)) => signer.server_token(),
            (Auth::ServerOnly(_) | Auth::V2Server, Credentials::UserToken { .. }) => {
                return Err(BuildError::NeedsSecret { op: spec.op }.into());
            }
        };
        let base = self.urls.get(spec.service);
        let mut url = String::with_capacity(base.len() + spec.path.len() + 64);
        url.push_str(base);
        url.push_str(spec.path.trim_start_matches('/'));
        let path_end = url.len();
        url.push_str("?api_key=");
        push_query_component(&mut url, &self.api_key);
        for (name, value) in &spec.query {
            url.push('&');
            url.push_str(name);
            url.push('=');
            push_query_component(&mut url, value);
        }
        let mut headers = Vec::with_capacity(6);
        headers.push(Header {
            name: "Authorization",
            value: token.into_string(),
            sensitive: true,
        });
        headers.push(Header {
            name: "stream-auth-type",
            value: "jwt".to_owned(),
            sensitive: false,
        });
        headers.push(Header {
            name: "X-Stream-Client",
            value: self.client_header.clone(),
            sensitive: false,
        });
        headers.push(Header {
            name: "User-Agent",
            value: self.user_agent.clone(),
            sensitive: false,
        });
        if let Some(body) = &spec.body {
            headers.push(Header {
                name: "Content-Type",
                value: body.content_type.clone(),
                sensitive: false,
            });
        }
        Ok(Request {
            method: spec.method,
            url,
            path_end,
            headers,
            body: spec.body,
            op: spec.op,
            idempotent: spec.idempotent,
        })
    }
}

/// Reads a response: 2xx → `endpoint.parse`, anything else → [`ApiError`].
pub fn read_response<E: Endpoint + ?Sized>(
    endpoint: &E,
    op: &'static str,
    response: Response,
) -> Result<E::Output, Error> {
    if response.is_success() {
        endpoint.parse(response)
    } else {
        Err(ApiError::from_response(op, &response).into())
    }
}
