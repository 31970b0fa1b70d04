//! The long-polling exchange: a [`Transmit`] as an HTTP request to the Faye endpoint, and its
//! reply read back as the bytes to feed to [`Session::handle_incoming`](super::Session).
use super::session::Transmit;
use crate::config::Config;
use crate::error::{TransportError, TransportErrorKind};
use crate::request::{Body, Header, Method, Request};
use crate::response::Response;

impl Transmit {
    /// The long-polling request for this batch: a JSON `POST` to the configuration's Faye URL.
    /// Drivers send it on their ordinary transport, without retries (the session reconnects).
    ///
    /// ```
    /// use stream_core::realtime::Transmit;
    /// use stream_core::{ApiSecret, Config};
    /// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
    /// let batch = Transmit { messages: Vec::new(), connect: false };
    /// let request = batch.long_poll_request(&config);
    /// assert_eq!(request.op, "realtime.poll");
    /// assert_eq!(request.url, config.urls().faye);
    /// # Ok::<(), stream_core::BuildError>(())
    /// ```
    pub fn long_poll_request(&self, config: &Config) -> Request {
        let url = config.urls().faye.clone();
        Request {
            method: Method::Post,
            path_end: url.len(),
            url,
            headers: vec![Header {
                name: "Content-Type",
                value: "application/json".to_owned(),
                sensitive: false,
            }],
            body: Some(Body::json(self.to_json())),
            op: "realtime.poll",
            idempotent: false,
        }
    }
}

/// Reads the reply to a long-polling request: its body on a 2xx, otherwise a transport error
/// (the session treats it as a lost connection and reconnects).
///
/// ```
/// use stream_core::Response;
/// use stream_core::realtime::read_long_poll;
/// assert_eq!(read_long_poll(Response::new(200, "[]")).unwrap(), b"[]");
/// assert!(read_long_poll(Response::new(502, "")).is_err());
/// ```
pub fn read_long_poll(response: Response) -> Result<Vec<u8>, TransportError> {
    if response.is_success() {
        Ok(response.body.to_vec())
    } else {
        Err(TransportError::new(
            TransportErrorKind::Other,
            format!("the realtime endpoint answered HTTP {}", response.status),
        ))
    }
}
