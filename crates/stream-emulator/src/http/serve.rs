//! The accept loop: a listener with a deep backlog, one task per connection within the
//! connection limit, hyper's HTTP/1 with a header timeout, and a graceful stop.
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::{Semaphore, mpsc, watch};

use super::HttpLimits;
use super::io::LimitedIo;

/// A bound listener with the configured backlog.
#[derive(Debug)]
pub(crate) struct Listener {
    inner: TcpListener,
    limits: HttpLimits,
}

impl Listener {
    /// Binds `addr` and listens with the backlog of `limits`.
    pub(crate) fn bind(addr: SocketAddr, limits: HttpLimits) -> std::io::Result<Self> {
        let socket = if addr.is_ipv4() {
            TcpSocket::new_v4()?
        } else {
            TcpSocket::new_v6()?
        };
        // As std and tokio do on Unix: a restarted server can bind its port again at once.
        #[cfg(unix)]
        socket.set_reuseaddr(true)?;
        socket.bind(addr)?;
        let inner = socket.listen(limits.backlog())?;
        Ok(Self { inner, limits })
    }

    /// The bound address.
    pub(crate) fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

/// What [`Listener::serve`] returns: the future that serves, and a way to wait for its
/// connections.
pub(crate) struct Served {
    /// Resolves once every connection served (not counting upgraded WebSockets) has ended.
    pub(crate) drained: mpsc::Receiver<()>,
}

/// Errors `accept` returns that say nothing about the listener (a connection reset before it
/// was accepted, no file descriptors left for a moment): keep accepting after a pause.
fn pause_after(e: &std::io::Error) -> Duration {
    use std::io::ErrorKind::*;
    match e.kind() {
        ConnectionAborted | ConnectionReset | ConnectionRefused | Interrupted => Duration::ZERO,
        _ => Duration::from_millis(10),
    }
}

/// Resolves once a stop is requested (or the stop signal is gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

impl Listener {
    /// Serves `app` until `stop` turns true, then asks open connections to finish their
    /// current request and close. The returned [`Served`] tells when they have.
    pub(crate) fn serve(
        self,
        app: axum::Router,
        mut stop: watch::Receiver<bool>,
    ) -> (impl Future<Output = ()> + Send, Served) {
        let limits = self.limits;
        let slots = Arc::new(Semaphore::new(limits.max_connections()));
        let (alive, drained) = mpsc::channel::<()>(1);
        let serve = async move {
            // Bounded by the stop signal: each turn accepts one connection.
            loop {
                let slot = tokio::select! {
                    () = stopped(&mut stop) => break,
                    slot = Arc::clone(&slots).acquire_owned() => match slot {
                        Ok(slot) => slot,
                        Err(_) => break,
                    },
                };
                let stream = tokio::select! {
                    () = stopped(&mut stop) => break,
                    accepted = self.inner.accept() => match accepted {
                        Ok((stream, _)) => stream,
                        Err(e) => {
                            tokio::time::sleep(pause_after(&e)).await;
                            continue;
                        }
                    },
                };
                let _ = stream.set_nodelay(true);
                let io = TokioIo::new(LimitedIo::new(stream, limits.idle_timeout(), slot));
                let service = TowerToHyperService::new(app.clone());
                let mut stop = stop.clone();
                let alive = alive.clone();
                tokio::spawn(async move {
                    let conn = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(limits.header_read_timeout())
                        .serve_connection(io, service)
                        .with_upgrades();
                    let mut conn = std::pin::pin!(conn);
                    tokio::select! {
                        _ = conn.as_mut() => {}
                        () = stopped(&mut stop) => {
                            conn.as_mut().graceful_shutdown();
                            let _ = conn.await;
                        }
                    }
                    drop(alive);
                });
            }
        };
        (serve, Served { drained })
    }
}
