//! Groups llvm-cov's per-file summary by crate and renders the Markdown table.
use super::json::Value;

/// The name of the row that adds up every crate.
pub(crate) const WORKSPACE: &str = "workspace";

/// Covered and total counts of one kind (lines or regions).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Count {
    pub(crate) covered: u64,
    pub(crate) total: u64,
}

impl Count {
    fn add(&mut self, other: Count) {
        self.covered += other.covered;
        self.total += other.total;
    }

    /// Percent covered; an empty count is fully covered (nothing to miss).
    pub(crate) fn percent(self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            self.covered as f64 * 100.0 / self.total as f64
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Totals {
    pub(crate) name: String,
    pub(crate) lines: Count,
    pub(crate) regions: Count,
}

/// A minimum lines percentage for a crate (or [`WORKSPACE`]).
pub(crate) struct Goal {
    pub(crate) name: &'static str,
    pub(crate) lines_percent: f64,
}

/// One row per `crates/<name>/` (sorted by name), then the workspace total. Files outside
/// `crates/` and test code inside a crate (`tests/`, `benches/`, `examples/`, `fuzz/`) are skipped.
pub(crate) fn tabulate(root: &str, summary: &Value) -> Result<Vec<Totals>, String> {
    let prefix = format!("{}/", root.trim_end_matches('/'));
    let mut rows: Vec<Totals> = Vec::new();
    let data = summary.get("data").ok_or("summary has no `data`")?;
    for export in data.items() {
        for file in export.get("files").map(Value::items).unwrap_or_default() {
            let name = file
                .get("filename")
                .and_then(Value::as_str)
                .ok_or("file without a name")?;
            let Some(krate) = crate_of(name.strip_prefix(&prefix).unwrap_or(name)) else {
                continue;
            };
            let summary = file
                .get("summary")
                .ok_or_else(|| format!("{name}: no summary"))?;
            let lines = count(summary, "lines").map_err(|e| format!("{name}: {e}"))?;
            let regions = count(summary, "regions").map_err(|e| format!("{name}: {e}"))?;
            let row = match rows.iter_mut().position(|r| r.name == krate) {
                Some(i) => &mut rows[i],
                None => {
                    rows.push(Totals {
                        name: krate.to_owned(),
                        lines: Count::default(),
                        regions: Count::default(),
                    });
                    let last = rows.len() - 1;
                    &mut rows[last]
                }
            };
            row.lines.add(lines);
            row.regions.add(regions);
        }
    }
    if rows.is_empty() {
        return Err("the coverage summary lists no file under crates/".into());
    }
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    let mut total = Totals {
        name: WORKSPACE.to_owned(),
        lines: Count::default(),
        regions: Count::default(),
    };
    for r in &rows {
        total.lines.add(r.lines);
        total.regions.add(r.regions);
    }
    rows.push(total);
    Ok(rows)
}

/// `crates/<name>/<rest>` → `name`, unless `rest` is test or tooling code.
fn crate_of(rel: &str) -> Option<&str> {
    let mut parts = rel.split('/');
    if parts.next()? != "crates" {
        return None;
    }
    let name = parts.next()?;
    let first = parts.next()?;
    if matches!(first, "tests" | "benches" | "examples" | "fuzz") {
        return None;
    }
    Some(name)
}

fn count(summary: &Value, kind: &str) -> Result<Count, String> {
    let v = summary.get(kind).ok_or_else(|| format!("no `{kind}`"))?;
    let field = |k: &str| {
        v.get(k)
            .and_then(Value::as_count)
            .ok_or_else(|| format!("`{kind}.{k}` is not a count"))
    };
    let c = Count {
        covered: field("covered")?,
        total: field("count")?,
    };
    if c.covered > c.total {
        return Err(format!("`{kind}` covers more than it counts"));
    }
    Ok(c)
}

/// The Markdown table: crate, lines (covered/total, %), regions (covered/total, %).
pub(crate) fn render(rows: &[Totals]) -> String {
    let mut out = String::from(
        "| crate | lines | lines % | regions | regions % |\n|---|---:|---:|---:|---:|\n",
    );
    for r in rows {
        let name = if r.name == WORKSPACE {
            format!("**{WORKSPACE}**")
        } else {
            r.name.clone()
        };
        out.push_str(&format!(
            "| {name} | {}/{} | {:.1} | {}/{} | {:.1} |\n",
            r.lines.covered,
            r.lines.total,
            r.lines.percent(),
            r.regions.covered,
            r.regions.total,
            r.regions.percent()
        ));
    }
    out
}

/// A sentence for each goal whose row is missing or below its lines percentage.
pub(crate) fn missed_goals(rows: &[Totals], goals: &[Goal]) -> Vec<String> {
    goals
        .iter()
        .filter_map(|g| match rows.iter().find(|r| r.name == g.name) {
            None => Some(format!(
                "{}: not measured (goal {:.0} % lines)",
                g.name, g.lines_percent
            )),
            Some(r) if r.lines.percent() < g.lines_percent => Some(format!(
                "{}: {:.1} % lines, goal {:.0} %",
                g.name,
                r.lines.percent(),
                g.lines_percent
            )),
            Some(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::json::parse;
    use super::*;

    fn file(name: &str, lines: (u64, u64), regions: (u64, u64)) -> String {
        format!(
            r#"{{"filename":"{name}","summary":{{"lines":{{"count":{},"covered":{}}},"regions":{{"count":{},"covered":{}}}}}}}"#,
            lines.1, lines.0, regions.1, regions.0
        )
    }

    fn summary(files: &[String]) -> Value {
        parse(&format!(
            r#"{{"data":[{{"files":[{}]}}]}}"#,
            files.join(",")
        ))
        .expect("valid")
    }

    #[test]
    fn groups_by_crate_and_leaves_test_code_out_of_the_denominator() {
        let s = summary(&[
            file("/w/crates/b/src/lib.rs", (8, 10), (3, 4)),
            file("/w/crates/a/src/x.rs", (1, 2), (1, 1)),
            file("/w/crates/b/src/y/z.rs", (2, 10), (1, 4)),
            file("/w/crates/b/tests/t.rs", (0, 100), (0, 100)),
            file("/w/crates/b/examples/e.rs", (0, 100), (0, 100)),
            file("/w/tests/src/lib.rs", (0, 100), (0, 100)),
            file("/w/xtask/src/main.rs", (0, 100), (0, 100)),
        ]);
        let rows = tabulate("/w", &s).expect("tabulates");
        let names: Vec<_> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["a", "b", WORKSPACE]);
        assert_eq!(
            rows[1].lines,
            Count {
                covered: 10,
                total: 20
            }
        );
        assert_eq!(
            rows[1].regions,
            Count {
                covered: 4,
                total: 8
            }
        );
        assert_eq!(
            rows[2].lines,
            Count {
                covered: 11,
                total: 22
            }
        );
        let table = render(&rows);
        assert!(
            table.contains("| b | 10/20 | 50.0 | 4/8 | 50.0 |"),
            "{table}"
        );
        assert!(
            table.contains("| **workspace** | 11/22 | 50.0 | 5/9 | 55.6 |"),
            "{table}"
        );
    }

    #[test]
    fn goals_report_low_and_missing_crates() {
        let s = summary(&[file("/w/crates/a/src/x.rs", (94, 100), (1, 1))]);
        let rows = tabulate("/w/", &s).expect("tabulates");
        let goals = [
            Goal {
                name: "a",
                lines_percent: 95.0,
            },
            Goal {
                name: "gone",
                lines_percent: 95.0,
            },
            Goal {
                name: WORKSPACE,
                lines_percent: 90.0,
            },
        ];
        assert_eq!(
            missed_goals(&rows, &goals),
            [
                "a: 94.0 % lines, goal 95 %",
                "gone: not measured (goal 95 % lines)"
            ]
        );
    }

    #[test]
    fn malformed_summaries_are_errors() {
        assert!(tabulate("/w", &parse("{}").expect("json")).is_err());
        assert!(
            tabulate("/w", &summary(&[]))
                .unwrap_err()
                .contains("no file under crates/")
        );
        let over = summary(&[file("/w/crates/a/src/x.rs", (5, 4), (1, 1))]);
        assert!(
            tabulate("/w", &over)
                .unwrap_err()
                .contains("covers more than it counts")
        );
    }
}
