//! Every recorded operation of the official clients, built by our endpoints and compared.
//! Each family lives in its own module.
mod feeds;
mod go2;
mod headers;
mod others;
mod support;
