//! The connection under the session: a WebSocket, or long-polling requests in flight.
use futures_util::{SinkExt, StreamExt};
use stream_core::realtime::{Transmit, read_long_poll};
use stream_core::{Config, StreamApi, TransportError, TransportErrorKind};
use tokio::net::TcpStream;
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::Client;

/// The realtime WebSocket.
pub(super) type WsConn = WebSocketStream<MaybeTlsStream<TcpStream>>;
type Ws = WsConn;

/// Why connecting a WebSocket failed.
pub(super) enum ConnectError {
    /// The server answered the upgrade with a plain HTTP response: try long-polling.
    Refused(u16),
    /// Anything else (connect, TLS, timeout): back off and retry.
    Transport(TransportError),
}

/// `http(s)://…/faye` → `ws(s)://…/faye`.
pub(super) fn ws_url(faye: &str) -> String {
    if let Some(rest) = faye.strip_prefix("https://") {
        format!("wss://{rest}")
    } else if let Some(rest) = faye.strip_prefix("http://") {
        format!("ws://{rest}")
    } else {
        faye.to_owned()
    }
}

/// Opens the WebSocket within the configured connect + request timeouts. Errors name the
/// address tried and, when the error chain says, why (refused, unknown host, TLS).
pub(super) async fn connect_ws(config: &Config) -> Result<Ws, ConnectError> {
    let faye = &config.urls().faye;
    let target = config.target_of(faye);
    let url = ws_url(faye);
    let limit = config.timeouts().connect + config.timeouts().request;
    let failed = |kind, message: &str| TransportError::new(kind, message).at(target.clone());
    match tokio::time::timeout(limit, tokio_tungstenite::connect_async(url.as_str())).await {
        Err(_) => Err(ConnectError::Transport(failed(
            TransportErrorKind::Timeout,
            "realtime WebSocket connect timed out",
        ))),
        Ok(Ok((ws, _))) => Ok(ws),
        Ok(Err(tokio_tungstenite::tungstenite::Error::Http(resp))) => {
            Err(ConnectError::Refused(resp.status().as_u16()))
        }
        Ok(Err(e)) => {
            let kind = match &e {
                tokio_tungstenite::tungstenite::Error::Tls(_) => TransportErrorKind::Tls,
                _ => TransportErrorKind::Io,
            };
            Err(ConnectError::Transport(
                failed(kind, "realtime WebSocket connect failed").with_source(e),
            ))
        }
    }
}

/// Sends one batch as a text frame (bounded by the request timeout).
pub(super) async fn send_ws(
    ws: &mut Ws,
    config: &Config,
    t: &Transmit,
) -> Result<(), TransportError> {
    let frame = WsMessage::text(t.to_json());
    match tokio::time::timeout(config.timeouts().request, ws.send(frame)).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(TransportError::new(
            TransportErrorKind::Io,
            format!("realtime WebSocket send: {e}"),
        )),
        Err(_) => Err(TransportError::new(
            TransportErrorKind::Timeout,
            "realtime WebSocket send timed out",
        )),
    }
}

/// The next text or binary frame's bytes; `Err` when the socket closed or failed.
pub(super) async fn recv_ws(ws: &mut Ws) -> Result<Vec<u8>, TransportError> {
    // Bounded by the caller's timeout; skips control frames.
    loop {
        match ws.next().await {
            Some(Ok(WsMessage::Text(t))) => return Ok(t.as_bytes().to_vec()),
            Some(Ok(WsMessage::Binary(b))) => return Ok(b.to_vec()),
            Some(Ok(WsMessage::Close(_))) | None => {
                return Err(TransportError::new(
                    TransportErrorKind::Io,
                    "the realtime server closed the WebSocket",
                ));
            }
            Some(Ok(_)) => continue,
            Some(Err(e)) => {
                return Err(TransportError::new(
                    TransportErrorKind::Io,
                    format!("realtime WebSocket: {e}"),
                ));
            }
        }
    }
}

/// Starts one long-polling exchange on the client's transport.
pub(super) fn spawn_poll(
    polls: &mut JoinSet<Result<Vec<u8>, TransportError>>,
    client: &Client,
    t: &Transmit,
) {
    let client = client.clone();
    let request = t.long_poll_request(client.config());
    polls.spawn(async move {
        let limit = client.config().timeouts().request + std::time::Duration::from_millis(100);
        let target = || client.config().target_of(&request.url);
        let response = tokio::time::timeout(limit, client.transport().execute(&request))
            .await
            .map_err(|_| {
                TransportError::new(TransportErrorKind::Timeout, "realtime poll timed out")
            })
            .and_then(|sent| sent)
            .map_err(|e| e.at(target()))?;
        read_long_poll(response)
    });
}
