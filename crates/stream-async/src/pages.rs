//! [`Pages`]: a lazy stream over a paginated operation.
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::stream::BoxStream;
use stream_core::{CallOptions, Error, Paginated};

use crate::client::Client;

/// The pages of a paginated operation, fetched one request per item. Created by
/// [`Client::pages`]. After an error it yields nothing more.
///
/// ```no_run
/// use stream_async::prelude::*;
/// use stream_async::StreamExt;
/// # async fn demo<E>(client: &stream_async::Client, first: E) -> Result<(), stream_async::Error>
/// # where E: stream_async::Paginated + Send + Sync + 'static, E::Output: Send + 'static {
/// let pages: Vec<_> = client.pages(first).take(3).collect().await;
/// # let _ = pages; Ok(()) }
/// ```
pub struct Pages<E: Paginated> {
    inner: BoxStream<'static, Result<E::Output, Error>>,
}

impl<E> Pages<E>
where
    E: Paginated + Send + Sync + 'static,
    E::Output: Send + 'static,
{
    pub(crate) fn new(client: Client, first: E) -> Self {
        let inner =
            futures_util::stream::unfold((client, Some(first)), |(client, next)| async move {
                let endpoint = next?;
                match client.execute(&endpoint, &CallOptions::default()).await {
                    Ok(page) => {
                        let following = endpoint.next_page(&page);
                        Some((Ok(page), (client, following)))
                    }
                    Err(e) => Some((Err(e), (client, None))),
                }
            });
        Self {
            inner: Box::pin(inner),
        }
    }
}

impl<E: Paginated> fmt::Debug for Pages<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

impl<E: Paginated> Stream for Pages<E> {
    type Item = Result<E::Output, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}
