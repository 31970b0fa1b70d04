//! The async client's WebSocket → long-polling fallback, through a proxy in front of the
//! emulator that refuses every WebSocket upgrade (as some corporate proxies do) and forwards
//! everything else.
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use stream_async::models::activity::NewActivity;
use stream_async::realtime::RealtimeTransport;
use stream_async::{Client, StreamExt};
use stream_emulator::Emulator;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Largest request head the proxy reads before deciding.
const MAX_HEAD: usize = 64 * 1024;
/// No proxied connection outlives this.
const CONNECTION_LIFETIME: Duration = Duration::from_secs(30);

/// Starts the proxy in front of `upstream` (`host:port`); returns its base URL and the count of
/// refused upgrades.
async fn start_proxy(upstream: String) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let refused = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&refused);
    tokio::spawn(async move {
        // Bounded: the test's runtime ends with the test.
        while let Ok((conn, _)) = listener.accept().await {
            let (upstream, count) = (upstream.clone(), Arc::clone(&count));
            tokio::spawn(async move {
                let _ =
                    tokio::time::timeout(CONNECTION_LIFETIME, proxy(conn, &upstream, &count)).await;
            });
        }
    });
    (format!("http://{addr}"), refused)
}

/// Reads the first request head; refuses it if it asks for a WebSocket, else forwards the
/// connection both ways.
async fn proxy(mut conn: TcpStream, upstream: &str, refused: &AtomicUsize) -> std::io::Result<()> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = conn.read(&mut buf).await?;
        if n == 0 || head.len() > MAX_HEAD {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    if String::from_utf8_lossy(&head)
        .to_ascii_lowercase()
        .contains("upgrade: websocket")
    {
        refused.fetch_add(1, Ordering::Relaxed);
        conn.write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            .await?;
        return Ok(());
    }
    let mut up = TcpStream::connect(upstream).await?;
    up.write_all(&head).await?;
    tokio::io::copy_bidirectional(&mut conn, &mut up).await?;
    Ok(())
}

fn client(base_url: &str, emu: &Emulator) -> Client {
    Client::builder(emu.api_key(), emu.api_secret())
        .base_url(base_url)
        .app_id(emu.app_id())
        .request_timeout(Duration::from_millis(1500))
        .build()
        .expect("client")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_websocket_falls_back_to_long_polling() {
    let emu = Emulator::start().await.unwrap();
    let upstream = emu.base_url().trim_start_matches("http://").to_owned();
    let (base, refused) = start_proxy(upstream).await;
    let client = client(&base, &emu);
    client.set_realtime_transport(RealtimeTransport::Auto);
    let alice = client.feed("user", "alice").unwrap();
    let mut updates = tokio::time::timeout(Duration::from_secs(10), client.subscribe(&alice))
        .await
        .expect("subscribe finished in time")
        .expect("subscribed over long-polling");
    assert!(refused.load(Ordering::Relaxed) >= 1, "no upgrade was tried");
    let added = client
        .send(alice.add_activity(NewActivity::new("alice", "post", "post:1")))
        .await
        .expect("add");
    let message = tokio::time::timeout(Duration::from_secs(5), updates.next())
        .await
        .expect("a message within 5 s")
        .expect("the stream is open")
        .expect("no realtime error");
    assert_eq!(message.new[0].id, added.activity.id);
    // Fallback is for good: later subscriptions do not try the upgrade again.
    let before = refused.load(Ordering::Relaxed);
    let bob = client.feed("user", "bob").unwrap();
    let _bob_updates = tokio::time::timeout(Duration::from_secs(10), client.subscribe(&bob))
        .await
        .expect("second subscribe finished in time")
        .expect("second subscription");
    assert_eq!(refused.load(Ordering::Relaxed), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn websocket_only_reports_the_refusal_instead_of_falling_back() {
    let emu = Emulator::start().await.unwrap();
    let upstream = emu.base_url().trim_start_matches("http://").to_owned();
    let (base, refused) = start_proxy(upstream).await;
    let client = client(&base, &emu);
    client.set_realtime_transport(RealtimeTransport::WebSocket);
    let alice = client.feed("user", "alice").unwrap();
    let result = tokio::time::timeout(Duration::from_secs(10), client.subscribe(&alice))
        .await
        .expect("subscribe finished in time");
    let err = match result {
        Ok(_) => panic!("a WebSocket-only client subscribed through a proxy that refuses upgrades"),
        Err(e) => e,
    };
    assert!(err.to_string().contains("403"), "{err}");
    assert!(refused.load(Ordering::Relaxed) >= 1);
}
