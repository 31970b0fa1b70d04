//! The seam between core and the HTTP stack: one method, object-safe, pluggable.
use std::future::Future;
use std::pin::Pin;

use crate::error::TransportError;
use crate::request::Request;
use crate::response::Response;

/// A blocking HTTP transport. Closures `Fn(&Request) -> Result<Response, TransportError>`
/// implement it, so tests and users can plug in their own stack.
pub trait Transport: Send + Sync {
    /// Sends one request and returns the response (any status), or why none arrived.
    fn execute(&self, request: &Request) -> Result<Response, TransportError>;
}

impl<F> Transport for F
where
    F: Fn(&Request) -> Result<Response, TransportError> + Send + Sync,
{
    fn execute(&self, request: &Request) -> Result<Response, TransportError> {
        self(request)
    }
}

/// A boxed, `Send` future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An async HTTP transport.
pub trait AsyncTransport: Send + Sync {
    /// Sends one request and returns the response (any status), or why none arrived.
    fn execute<'a>(
        &'a self,
        request: &'a Request,
    ) -> BoxFuture<'a, Result<Response, TransportError>>;
}
