//! Open Graph: the title, description and images of a page, as Stream scrapes them.
//!
//! ```text
//! cargo run -p stream-blocking --example og [URL]
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set. The
//! emulator has no network: the example registers the page it asks for first.
mod common;

use common::{Result, Setup, check, check_eq};
use stream_blocking::prelude::*;
use stream_emulator::og::OgData;

fn main() -> std::process::ExitCode {
    common::run_main("og", run)
}

fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let url = page_url();
    if let Some(emulator) = setup.emulator_handle() {
        emulator.register_og_page(
            url.as_str(),
            OgData::new("Stream", "Scalable feeds and chat APIs"),
        );
    }

    let page = client.send(client.og(url.as_str()))?;
    check(
        page.title.as_deref().is_some_and(|t| !t.is_empty()),
        "the page has a title",
    )?;
    if setup.is_emulator() {
        check_eq(
            page.title.as_deref(),
            Some("Stream"),
            "title of the registered page",
        )?;
        check_eq(
            page.description.as_deref(),
            Some("Scalable feeds and chat APIs"),
            "description of the registered page",
        )?;
    }
    println!("title: {}", page.title.as_deref().unwrap_or("-"));
    println!(
        "description: {}",
        page.description.as_deref().unwrap_or("-")
    );
    for image in &page.images {
        println!(
            "image: {}",
            image
                .image
                .as_deref()
                .or(image.url.as_deref())
                .unwrap_or("-")
        );
    }

    // A page that cannot be scraped is an API error carrying Stream's message.
    match client.send(client.og("https://unknown.example.invalid/")) {
        Err(stream_blocking::Error::Api(e)) => {
            println!("refused: {e}");
            check_eq(e.status, 400, "status of a page that cannot be scraped")?;
        }
        other => check(
            false,
            format_args!("scraping an unknown host gave {other:?}"),
        )?,
    }
    Ok(())
}

/// The page to scrape: the first command-line argument, or Stream's home page. (Under the test
/// harness the arguments are the harness's own, so the default is used.)
fn page_url() -> String {
    const DEFAULT: &str = "https://getstream.io/";
    if cfg!(test) {
        return DEFAULT.to_owned();
    }
    std::env::args()
        .nth(1)
        .unwrap_or_else(|| DEFAULT.to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs_against_the_emulator() {
        super::run(&super::Setup::emulator().expect("emulator")).expect("example runs");
    }
}
