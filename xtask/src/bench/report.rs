//! The bench report: machine, end-to-end table, ratios, paginator memory (markdown on stdout).
use std::time::Duration;

/// One measured phase.
pub(crate) struct Row {
    /// Who made the requests.
    pub(crate) client: String,
    /// What was requested.
    pub(crate) op: &'static str,
    /// Requests in flight at once.
    pub(crate) concurrency: usize,
    /// Requests timed.
    pub(crate) requests: u64,
    /// Wall time of the timed requests.
    pub(crate) wall: Duration,
    /// Client CPU seconds (user + system) of the timed requests.
    pub(crate) cpu: f64,
    /// TCP connections the server accepted during the phase (warm-up included).
    pub(crate) connections: Option<u64>,
}

impl Row {
    fn rps(&self) -> f64 {
        self.requests as f64 / self.wall.as_secs_f64().max(1e-9)
    }

    /// Client CPU seconds per 1,000 requests (= CPU milliseconds per request).
    fn cpu_per_1000(&self) -> f64 {
        self.cpu * 1000.0 / self.requests.max(1) as f64
    }
}

/// Peak RSS while paging, KiB.
pub(crate) struct Memory {
    /// `blocking` or `async`.
    pub(crate) facade: &'static str,
    /// Before the first page.
    pub(crate) start_kib: u64,
    /// After the early checkpoint.
    pub(crate) early_kib: u64,
    /// After all activities.
    pub(crate) late_kib: u64,
}

/// Everything printed.
pub(crate) struct Report<'a> {
    pub(crate) rows: &'a [Row],
    pub(crate) memory: &'a [Memory],
    pub(crate) node_note: Option<&'a str>,
    pub(crate) quick: bool,
    pub(crate) load: (&'a str, &'a str),
    pub(crate) early: usize,
    pub(crate) total: usize,
}

/// The official Node client's quoted figure (client CPU ms per 25-activity read), not measured here.
const QUOTED_NODE_MS: f64 = 1.0;
/// The official Python client's quoted figure, not measured here.
const QUOTED_PYTHON_MS: f64 = 3.0;
/// Untimed requests before each phase (connections counted over both).
pub(crate) const WARM_UP: u64 = 200;
/// The target: at least this many times less CPU per call than the Node client.
const TARGET_RATIO: f64 = 20.0;

fn find<'a>(rows: &'a [Row], client: &str, op: &str, concurrency: usize) -> Option<&'a Row> {
    rows.iter()
        .find(|r| r.client.starts_with(client) && r.op == op && r.concurrency == concurrency)
}

/// Prints the report.
pub(crate) fn print_report(r: &Report<'_>) {
    println!("## Machine\n");
    println!("- CPU: {} ({} logical CPUs)", cpu_model(), nproc());
    println!("- kernel: {}", read_trimmed("/proc/sys/kernel/osrelease"));
    println!(
        "- load average before / after: `{}` / `{}`",
        r.load.0, r.load.1
    );
    if r.quick {
        println!("- **--quick run: a tenth of the requests; figures are indicative only**");
    }
    println!("\n## End to end (loopback; server in a separate process)\n");
    println!(
        "| client | operation | concurrency | requests | req/s | client CPU s / 1,000 req | TCP connections |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|");
    for row in r.rows {
        println!(
            "| {} | {} | {} | {} | {:.0} | {:.3} | {} |",
            row.client,
            row.op,
            row.concurrency,
            row.requests,
            row.rps(),
            row.cpu_per_1000(),
            row.connections.map_or("-".into(), |c| c.to_string()),
        );
    }
    if let Some(note) = r.node_note {
        println!("\n_{note}_");
    }

    println!("\n## Ratios (client CPU per call; higher = ours cheaper)\n");
    println!("| ours | vs | their CPU ms / call | ours | ratio |");
    println!("|---|---|---:|---:|---:|");
    let ours = [
        ("stream-blocking", "feed read", 1),
        ("stream-blocking, 5-field items", "feed read", 1),
        ("stream-async", "feed read", 1),
        ("stream-async", "feed read", 16),
        ("stream-blocking", "add activity", 1),
    ];
    for (client, op, c) in ours {
        let Some(o) = find(r.rows, client, op, c) else {
            continue;
        };
        let mut vs: Vec<(String, f64)> = Vec::new();
        if let Some(n) = find(r.rows, "node getstream", op, c.min(16)) {
            vs.push((
                format!("node getstream, measured (c={})", n.concurrency),
                n.cpu_per_1000(),
            ));
        }
        if op == "feed read" {
            vs.push(("Node client, quoted".into(), QUOTED_NODE_MS));
            vs.push(("Python client, quoted".into(), QUOTED_PYTHON_MS));
        }
        for (name, theirs) in vs {
            let ratio = theirs / o.cpu_per_1000().max(1e-6);
            let mark = if name.starts_with("node") || name.starts_with("Node") {
                if ratio >= TARGET_RATIO {
                    " (≥ 20× target met)"
                } else {
                    " (**below 20× target**)"
                }
            } else {
                ""
            };
            println!(
                "| {client} {op} c={c} | {name} | {theirs:.3} | {:.3} | {ratio:.1}×{mark} |",
                o.cpu_per_1000()
            );
        }
    }
    if let (Some(sdk), Some(hand)) = (
        find(r.rows, "stream-blocking", "feed read", 1),
        find(r.rows, "hand-rolled ureq", "feed read", 1),
    ) {
        println!(
            "\nSDK cost over a hand-rolled ureq + `serde_json::Value` read: {:+.1} µs CPU per call.",
            (sdk.cpu_per_1000() - hand.cpu_per_1000()) * 1000.0
        );
    }
    if let (Some(sdk), Some(transport), Some(raw)) = (
        find(r.rows, "stream-blocking", "feed read", 1),
        find(r.rows, "SDK transport, no decode", "feed read", 1),
        find(r.rows, "raw TCP", "feed read", 1),
    ) {
        println!(
            "Where a blocking feed read's {:.1} µs go: {:.1} µs for the HTTP exchange through ureq \
             (of which {:.1} µs is the raw TCP floor), {:.1} µs for decoding and dropping the page.",
            sdk.cpu_per_1000() * 1000.0,
            transport.cpu_per_1000() * 1000.0,
            raw.cpu_per_1000() * 1000.0,
            (sdk.cpu_per_1000() - transport.cpu_per_1000()) * 1000.0
        );
        if let Some(node) = find(r.rows, "node getstream", "feed read", 1) {
            println!(
                "A 20× ratio against this run's Node read needs ≤ {:.1} µs per read.",
                node.cpu_per_1000() * 1000.0 / TARGET_RATIO
            );
        }
        if let Some(scan) = find(r.rows, "SDK transport + JSON scan", "feed read", 1) {
            println!(
                "The SDK's exchange plus a JSON scan of the page that builds nothing costs {:.1} µs: \
                 the floor of any decoding read through ureq and serde_json.",
                scan.cpu_per_1000() * 1000.0
            );
        }
    }
    if let (Some(sdk), Some(transport)) = (
        find(r.rows, "stream-async", "feed read", 16),
        find(r.rows, "plain reqwest, no decode", "feed read", 16),
    ) {
        println!(
            "An async read at 16 in flight: {:.1} µs, of which plain reqwest's exchange without \
             decoding is {:.1} µs.",
            sdk.cpu_per_1000() * 1000.0,
            transport.cpu_per_1000() * 1000.0,
        );
    }
    if let (Some(sdk), Some(hand)) = (
        find(r.rows, "stream-async", "feed read", 16),
        find(r.rows, "hand-rolled reqwest", "feed read", 16),
    ) {
        println!(
            "SDK cost over a hand-rolled reqwest + `serde_json::Value` read (c=16): {:+.1} µs CPU per call.",
            (sdk.cpu_per_1000() - hand.cpu_per_1000()) * 1000.0
        );
    }
    println!(
        "\nConnection reuse (TCP connections the server accepted per phase, warm-up included; \
         reused = at most one connection per 10 requests):"
    );
    for row in r.rows {
        if let Some(c) = row.connections {
            let total = row.requests + WARM_UP;
            let verdict = if c * 10 <= total {
                "reused"
            } else {
                "**NOT reused**"
            };
            println!(
                "- {} {} c={}: {c} connection(s) for {total} requests ({:.0} requests per connection): {verdict}",
                row.client,
                row.op,
                row.concurrency,
                total as f64 / c.max(1) as f64,
            );
        }
    }

    println!(
        "\n## Paginator memory ({} activities, pages of 100, fresh process each)\n",
        r.total
    );
    println!(
        "| facade | peak RSS before paging | after {} activities | after {} activities | growth |",
        r.early, r.total
    );
    println!("|---|---:|---:|---:|---:|");
    for m in r.memory {
        let growth = m.late_kib as i64 - m.early_kib as i64;
        println!(
            "| {} | {} KiB | {} KiB | {} KiB | {growth:+} KiB{} |",
            m.facade,
            m.start_kib,
            m.early_kib,
            m.late_kib,
            if growth <= 1024 {
                " (flat)"
            } else {
                " (**grows**)"
            }
        );
    }
}

fn nproc() -> usize {
    std::thread::available_parallelism().map_or(0, |n| n.get())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown".into())
}

fn read_trimmed(path: &str) -> String {
    std::fs::read_to_string(path)
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|_| "unknown".into())
}
