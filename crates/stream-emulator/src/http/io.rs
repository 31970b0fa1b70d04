//! The connection's byte stream: closes it after a spell without traffic, holds its slot in the
//! connection limit while it lives (upgraded WebSockets too), and turns the bodiless errors the
//! HTTP parser writes itself (400, 414, 431) into Stream-format JSON.
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::http::StatusCode;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::OwnedSemaphorePermit;
use tokio::time::{Instant, Sleep};

use super::body::raw_error;

/// How many leading bytes of a request are kept to tell v1 from v2 paths.
const PREFIX: usize = 32;

/// A stream with an idle timeout and error rewriting.
pub(super) struct LimitedIo<S> {
    inner: S,
    idle: Duration,
    /// When the connection counts as idle, unless traffic moves it.
    deadline: Instant,
    timer: Pin<Box<Sleep>>,
    /// The first bytes read since the last response started (to pick the error format).
    prefix: Vec<u8>,
    /// Whether the next byte read starts a new request.
    fresh: bool,
    /// A rewritten error response still to be written, and how much of it is.
    pending: Option<(Vec<u8>, usize)>,
    _slot: OwnedSemaphorePermit,
}

impl<S> LimitedIo<S> {
    /// Wraps `inner`, which holds `slot` until it is dropped.
    pub(super) fn new(inner: S, idle: Duration, slot: OwnedSemaphorePermit) -> Self {
        let deadline = Instant::now() + idle;
        Self {
            inner,
            idle,
            deadline,
            timer: Box::pin(tokio::time::sleep_until(deadline)),
            prefix: Vec::with_capacity(PREFIX),
            fresh: true,
            pending: None,
            _slot: slot,
        }
    }

    fn touch(&mut self) {
        self.deadline = Instant::now() + self.idle;
    }

    /// Whether the idle deadline has passed (arming the timer to wake this task when it does).
    fn timed_out(&mut self, cx: &mut Context<'_>) -> bool {
        if self.timer.deadline() != self.deadline {
            self.timer.as_mut().reset(self.deadline);
        }
        self.timer.as_mut().poll(cx).is_ready()
    }

    /// The JSON replacement for a bodiless parser error head, if `head` is one.
    fn rewrite(&self, head: &[u8]) -> Option<Vec<u8>> {
        let (status, detail) = parser_error(head)?;
        let v2 = self.prefix.windows(8).any(|w| w == b"/api/v2/");
        Some(raw_error(v2, status, detail))
    }
}

/// Recognises the responses hyper writes on its own for requests it cannot parse: a 400, 414
/// or 431 head with `content-length: 0` and no content type (every answer of the router has
/// a JSON body).
fn parser_error(head: &[u8]) -> Option<(StatusCode, &'static str)> {
    let (status, detail) = if head.starts_with(b"HTTP/1.1 414 ") {
        (
            StatusCode::URI_TOO_LONG,
            "the URL is too long (at most 65,534 bytes are parsed)",
        )
    } else if head.starts_with(b"HTTP/1.1 431 ") {
        (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "the request headers are too large",
        )
    } else if head.starts_with(b"HTTP/1.1 400 ") {
        (StatusCode::BAD_REQUEST, "the request could not be parsed")
    } else {
        return None;
    };
    let end = head.windows(4).position(|w| w == b"\r\n\r\n")?;
    let lower = head[..end].to_ascii_lowercase();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    (has(b"\r\ncontent-length: 0") && !has(b"\r\ncontent-type:")).then_some((status, detail))
}

impl<S: AsyncRead + Unpin> AsyncRead for LimitedIo<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let read = &buf.filled()[before..];
                if !read.is_empty() {
                    if self.fresh {
                        self.prefix.clear();
                        self.fresh = false;
                    }
                    let room = PREFIX.saturating_sub(self.prefix.len());
                    let take = room.min(read.len());
                    let head = read[..take].to_vec();
                    self.prefix.extend_from_slice(&head);
                    self.touch();
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => {
                if self.timed_out(cx) {
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "connection idle for too long",
                    )));
                }
                Poll::Pending
            }
        }
    }
}

impl<S: AsyncWrite + Unpin> LimitedIo<S> {
    /// Writes what is left of a rewritten response.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, done)) = &mut self.pending {
            if *done >= bytes.len() {
                self.pending = None;
                break;
            }
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &bytes[*done..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *done += n;
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for LimitedIo<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        ready!(this.poll_pending(cx))?;
        if this.fresh || this.prefix.is_empty() {
            // Nothing was read for this response: not a parser error answer.
        } else if let Some(replacement) = this.rewrite(buf) {
            // The parser's own answer is replaced whole; the connection closes after it.
            this.pending = Some((replacement, 0));
            this.fresh = true;
            this.touch();
            ready!(this.poll_pending(cx))?;
            return Poll::Ready(Ok(buf.len()));
        }
        this.fresh = true;
        let n = ready!(Pin::new(&mut this.inner).poll_write(cx, buf))?;
        if n > 0 {
            this.touch();
        }
        Poll::Ready(Ok(n))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bodiless_parser_errors_are_rewritten() {
        let hyper_414 = b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
        assert_eq!(
            parser_error(hyper_414).map(|e| e.0),
            Some(StatusCode::URI_TOO_LONG)
        );
        let ours = b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\n\
                     content-length: 0\r\n\r\n";
        assert!(parser_error(ours).is_none());
        let ok = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n";
        assert!(parser_error(ok).is_none());
        let with_body =
            b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 5\r\n\r\n";
        assert!(parser_error(with_body).is_none());
    }
}
