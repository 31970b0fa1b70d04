//! The two transports: a WebSocket (`GET /faye` upgrade) and long-polling (`POST /faye`).
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};

use super::engine::{Engine, HeldConnect, shared};
use super::registry::Shared;
use crate::state::SharedState;

/// Largest frame or body accepted.
const MAX_MESSAGE: usize = 1 << 20;

/// `GET` upgrades to a WebSocket; `POST` is one long-polling exchange.
pub(super) fn method_router(engine: Engine) -> MethodRouter<SharedState> {
    let ws_engine = engine.clone();
    get(move |ws: WebSocketUpgrade| {
        let engine = ws_engine.clone();
        async move {
            ws.max_message_size(MAX_MESSAGE)
                .on_upgrade(move |socket| serve_socket(engine, socket))
        }
    })
    .post(move |body: Bytes| {
        let engine = engine.clone();
        async move { long_poll(engine, body).await }
    })
}

/// A JSON array of already serialized messages.
fn json_array(values: &[Shared]) -> String {
    let mut out = String::with_capacity(2 + values.iter().map(|v| v.len() + 1).sum::<usize>());
    out.push('[');
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(v);
    }
    out.push(']');
    out
}

fn json_response(values: &[Shared]) -> Response {
    let body = json_array(values);
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// Waits for the held connect's messages (or its deadline) and returns them with its reply.
async fn finish_connect(engine: &Engine, held: &HeldConnect) -> Vec<Shared> {
    let deadline = tokio::time::Instant::now() + held.hold;
    let mut closed = engine.closed();
    let mut out = engine.drain(&held.client_id);
    // A wake-up may be stale (a permit left from an earlier delivery): wait again until
    // something is queued or the hold ends. Bounded by the deadline.
    while out.is_empty() && tokio::time::Instant::now() < deadline && engine.knows(&held.client_id)
    {
        let stop = tokio::time::timeout_at(deadline, async {
            tokio::select! {
                () = held.notify.notified() => false,
                () = stopped(&mut closed) => true,
            }
        })
        .await
        .unwrap_or(true);
        out = engine.drain(&held.client_id);
        if stop {
            break;
        }
    }
    out.push(shared(&Engine::connect_reply(held)));
    out
}

async fn long_poll(engine: Engine, body: Bytes) -> Response {
    let outcome = engine.handle(&body, 0);
    let mut replies: Vec<Shared> = outcome.replies.iter().map(shared).collect();
    if let Some(held) = outcome.connect {
        replies.extend(finish_connect(&engine, &held).await);
    }
    json_response(&replies)
}

async fn serve_socket(engine: Engine, mut socket: WebSocket) {
    let mut clients: Vec<String> = Vec::new();
    let mut held: Option<(HeldConnect, tokio::time::Instant)> = None;
    let mut closed = engine.closed();
    // Bounded by the peer: each turn handles one frame, one notification or one deadline.
    loop {
        let sleep_until = held.as_ref().map_or_else(
            || tokio::time::Instant::now() + Duration::from_secs(3600),
            |h| h.1,
        );
        let notify = held.as_ref().map(|h| h.0.notify.clone());
        tokio::select! {
            () = stopped(&mut closed) => break,
            frame = socket.recv() => {
                let text = match frame {
                    Some(Ok(WsMessage::Text(t))) => t.as_str().as_bytes().to_vec(),
                    Some(Ok(WsMessage::Binary(b))) => b.to_vec(),
                    Some(Ok(WsMessage::Ping(_) | WsMessage::Pong(_))) => continue,
                    Some(Ok(WsMessage::Close(_))) | Some(Err(_)) | None => break,
                };
                // Clients this socket made that were since forgotten no longer count.
                clients.retain(|c| engine.knows(c));
                let outcome = engine.handle(&text, clients.len());
                clients.extend(outcome.new_clients);
                let mut replies: Vec<Shared> = outcome.replies.iter().map(shared).collect();
                if let Some(h) = outcome.connect {
                    let queued = engine.drain(&h.client_id);
                    if queued.is_empty() {
                        let deadline = tokio::time::Instant::now() + h.hold;
                        held = Some((h, deadline));
                    } else {
                        replies.extend(queued);
                        replies.push(shared(&Engine::connect_reply(&h)));
                    }
                }
                if !replies.is_empty() && send(&mut socket, replies).await.is_err() {
                    break;
                }
            }
            _ = async { if let Some(n) = &notify { n.notified().await } else { std::future::pending().await } } => {
                // A stale wake-up (nothing queued) keeps the connect held.
                let queued = held.as_ref().map(|h| engine.drain(&h.0.client_id)).unwrap_or_default();
                if !queued.is_empty() {
                    if let Some((h, _)) = held.take() {
                        let mut out = queued;
                        out.push(shared(&Engine::connect_reply(&h)));
                        if send(&mut socket, out).await.is_err() {
                            break;
                        }
                    }
                }
            }
            _ = tokio::time::sleep_until(sleep_until), if held.is_some() => {
                if let Some((h, _)) = held.take() {
                    let mut out = engine.drain(&h.client_id);
                    out.push(shared(&Engine::connect_reply(&h)));
                    if send(&mut socket, out).await.is_err() {
                        break;
                    }
                }
            }
        }
    }
    for c in clients {
        engine.forget(&c);
    }
}

async fn send(socket: &mut WebSocket, values: Vec<Shared>) -> Result<(), axum::Error> {
    let text = json_array(&values);
    tokio::time::timeout(
        Duration::from_secs(5),
        socket.send(WsMessage::Text(text.into())),
    )
    .await
    .unwrap_or_else(|_| Err(axum::Error::new(std::io::Error::other("send timed out"))))
}

/// Resolves once the emulator has stopped (never, if the signal is gone first).
async fn stopped(rx: &mut tokio::sync::watch::Receiver<bool>) {
    // Bounded: each turn waits for a change of the flag.
    loop {
        if *rx.borrow_and_update() {
            return;
        }
        if rx.changed().await.is_err() {
            return std::future::pending().await;
        }
    }
}
