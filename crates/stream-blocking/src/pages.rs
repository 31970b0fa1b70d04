//! [`Pages`]: a lazy iterator over a paginated operation.
use std::fmt;

use stream_core::{CallOptions, Error, Paginated};

use crate::client::Client;

/// The pages of a paginated operation, fetched one request per [`Iterator::next`].
/// Created by [`Client::pages`]. After an error it yields nothing more.
///
/// ```no_run
/// use stream_blocking::prelude::*;
/// # fn demo<E: stream_blocking::Paginated>(client: &stream_blocking::Client, first: E) -> Result<(), stream_blocking::Error> {
/// let pages: Vec<_> = client.pages(first).take(3).collect::<Result<_, _>>()?;
/// # let _ = pages; Ok(()) }
/// ```
pub struct Pages<E: Paginated> {
    client: Client,
    next: Option<E>,
}

impl<E: Paginated> Pages<E> {
    pub(crate) fn new(client: Client, first: E) -> Self {
        Self {
            client,
            next: Some(first),
        }
    }
}

impl<E: Paginated> fmt::Debug for Pages<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("done", &self.next.is_none())
            .finish_non_exhaustive()
    }
}

impl<E: Paginated> Iterator for Pages<E> {
    type Item = Result<E::Output, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let endpoint = self.next.take()?;
        match self.client.execute(&endpoint, &CallOptions::default()) {
            Ok(page) => {
                self.next = endpoint.next_page(&page);
                Some(Ok(page))
            }
            Err(e) => Some(Err(e)),
        }
    }
}

impl<E: Paginated> std::iter::FusedIterator for Pages<E> {}
