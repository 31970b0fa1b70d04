//! `xtask bench-memory <blocking|async> <base_url>`: reads 10,000 activities (100 pages of 100)
//! through a facade's paginator in this fresh process and prints its peak RSS at the start,
//! after 1,000 activities and after 10,000, as `memory <start> <after_1000> <after_10000>` (KiB).
use stream_async::StreamExt;
use stream_async::core::endpoints::feed::FeedRef;

use super::clients::{async_client, blocking_client};
use super::payloads::BIG_PAGE;
use super::procfs::peak_rss_kib;

/// Activities to read in total.
pub(crate) const TOTAL: usize = 10_000;
/// The early checkpoint.
pub(crate) const EARLY: usize = 1_000;
const PAGES: usize = TOTAL / BIG_PAGE;

/// Peak RSS checkpoints.
#[derive(Default)]
struct Checkpoints {
    seen: usize,
    early: Option<u64>,
}

impl Checkpoints {
    fn page(&mut self, len: usize) -> Result<(), String> {
        self.seen += len;
        if self.seen >= EARLY && self.early.is_none() {
            self.early = Some(peak_rss_kib()?);
        }
        Ok(())
    }

    fn finish(self, start: u64) -> Result<(), String> {
        if self.seen != TOTAL {
            return Err(format!("read {} activities, expected {TOTAL}", self.seen));
        }
        let early = self.early.ok_or("no early checkpoint")?;
        println!("memory {start} {early} {}", peak_rss_kib()?);
        Ok(())
    }
}

/// Runs the measurement named by `args`.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let (Some(facade), Some(base_url)) = (args.first(), args.get(1)) else {
        return Err("usage: xtask bench-memory <blocking|async> <base_url>".into());
    };
    let feed = FeedRef::new("user", "alice").map_err(|e| e.to_string())?;
    let first = feed.get().limit(BIG_PAGE as u32);
    match facade.as_str() {
        "blocking" => {
            let client = blocking_client(base_url)?;
            let start = peak_rss_kib()?;
            let mut marks = Checkpoints::default();
            for page in client.pages(first).take(PAGES) {
                let page = page.map_err(|e| format!("page: {e}"))?;
                marks.page(page.results.len())?;
            }
            marks.finish(start)
        }
        "async" => {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .map_err(|e| format!("runtime: {e}"))?;
            rt.block_on(async {
                let client = async_client(base_url)?;
                let start = peak_rss_kib()?;
                let mut marks = Checkpoints::default();
                let mut pages = client.pages(first).take(PAGES);
                while let Some(page) = pages.next().await {
                    let page = page.map_err(|e| format!("page: {e}"))?;
                    marks.page(page.results.len())?;
                }
                marks.finish(start)
            })
        }
        other => Err(format!("unknown facade {other:?}")),
    }
}
