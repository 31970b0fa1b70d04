//! `stream-emulator` binary: `cargo run -p stream-emulator -- --port 8000 --api-key K --api-secret S`.

use std::net::IpAddr;

use stream_emulator::{AppCredentials, Emulator};

const USAGE: &str = "stream-emulator: a local Stream Feeds v1 server

USAGE: stream-emulator [--host 127.0.0.1] [--port 8000] [--api-key key123] [--api-secret secret456]
                       [--app-id 789] [--data FILE]

  --data FILE   restore state from FILE at start (if present) and save it there on changes and exit";

struct Args {
    host: IpAddr,
    port: u16,
    creds: AppCredentials,
    data: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        host: IpAddr::from([127, 0, 0, 1]),
        port: 8000,
        creds: AppCredentials::default(),
        data: None,
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
    let emulator = match builder.start().await {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            std::process::exit(1);
        }
    };
    println!("{}", emulator.base_url());
    println!(
        "api key: {}  app id: {}  (secret given with --api-secret)",
        emulator.api_key(),
        emulator.app_id()
    );
    let _ = tokio::signal::ctrl_c().await;
    emulator.shutdown(std::time::Duration::from_secs(5));
}
