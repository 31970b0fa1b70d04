//! `stream-emulator` binary: `cargo run -p stream-emulator -- --port 8000 --api-key K --api-secret S`.

use std::net::IpAddr;
use std::time::Duration;

use stream_emulator::{AppCredentials, Emulator};
use stream_emulator::{DEFAULT_API_SECRET, SHUTDOWN_GRACE};

/// How long the final stop may take beyond the grace given to open connections.
const STOP_MARGIN: Duration = Duration::from_secs(5);

const USAGE: &str = "stream-emulator: a local Stream Feeds v1 server

USAGE: stream-emulator [--host 127.0.0.1] [--port 8000] [--api-key key123] [--api-secret secret456]
                       [--app-id 789] [--data FILE] [--rate-limit N/SECONDS]

  --data FILE              restore state from FILE at start (if present) and save it there on
                           changes and at exit (Ctrl-C or SIGTERM)
  --rate-limit N/SECONDS   answer 429 after N requests per app in a window of SECONDS
                           (e.g. 100/60); off by default";

struct Args {
    host: IpAddr,
    port: u16,
    creds: AppCredentials,
    data: Option<String>,
    rate_limit: Option<(u32, Duration)>,
}

/// Parses `N/SECONDS` (`100/60`, `5/0.5`).
fn parse_rate_limit(value: &str) -> Result<(u32, Duration), String> {
    let bad = || format!("bad --rate-limit {value:?} (expected N/SECONDS, e.g. 100/60)");
    let (n, secs) = value.split_once('/').ok_or_else(bad)?;
    let n: u32 = n.trim().parse().map_err(|_| bad())?;
    let secs: f64 = secs.trim().parse().map_err(|_| bad())?;
    if n == 0 || !secs.is_finite() || secs <= 0.0 || secs > 86_400.0 {
        return Err(bad());
    }
    Ok((n, Duration::from_secs_f64(secs)))
}

/// Resolves on Ctrl-C or (on unix) SIGTERM.
/// Installs the SIGTERM handler now (so a signal that arrives right after start-up is not fatal)
/// and returns a future that resolves on Ctrl-C or SIGTERM.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    async move {
        #[cfg(unix)]
        if let Some(mut term) = term {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        host: IpAddr::from([127, 0, 0, 1]),
        port: 8000,
        creds: AppCredentials::default(),
        data: None,
        rate_limit: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            return Err(String::new());
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--host" => args.host = value.parse().map_err(|_| format!("bad --host {value:?}"))?,
            "--port" => args.port = value.parse().map_err(|_| format!("bad --port {value:?}"))?,
            "--api-key" => args.creds.api_key = value,
            "--api-secret" => args.creds.api_secret = value,
            "--app-id" => args.creds.app_id = value,
            "--data" => args.data = Some(value),
            "--rate-limit" => args.rate_limit = Some(parse_rate_limit(&value)?),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(args)
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("error: {msg}\n");
            }
            eprintln!("{USAGE}");
            std::process::exit(if msg.is_empty() { 0 } else { 2 });
        }
    };
    let mut builder = Emulator::builder()
        .host(args.host)
        .port(args.port)
        .app(args.creds.clone());
    if let Some(d) = &args.data {
        builder = builder.data_file(d);
    }
    if let Some((n, window)) = args.rate_limit {
        builder = builder.rate_limit(n, window);
    }
    let emulator = match builder.start().await {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            std::process::exit(1);
        }
    };
    let stop_requested = shutdown_signal();
    println!("{}", emulator.base_url());
    // The default demo secret is public; any other secret stays off the terminal.
    let secret = if emulator.api_secret() == DEFAULT_API_SECRET {
        format!("api secret: {DEFAULT_API_SECRET} (the default demo secret)")
    } else {
        "(secret given with --api-secret)".to_owned()
    };
    println!(
        "api key: {}  app id: {}  {secret}",
        emulator.api_key(),
        emulator.app_id()
    );
    stop_requested.await;
    if !emulator.stop(SHUTDOWN_GRACE + STOP_MARGIN).await {
        eprintln!("warning: the emulator did not stop in time; the data file may be stale");
    }
}
