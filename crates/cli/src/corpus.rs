//! The corpus commands: `ingest`, `reports`, `findings`, `submissions`, `export`,
//! `bodies`, `worker`, `reparse`, and the store half of `check --db`. Each opens the store
//! and calls one library function; what is printed is decided here.

use anyhow::{Context as _, Result};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use xxgk_store::query::{FindingFilter, ReportFilter, ReportRow, Submission, SubmissionStatus};
use xxgk_store::{IngestOptions, Progress, Store};

/// The tokio runtime the store runs on.
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("无法启动异步运行时 / cannot start the async runtime")
}

/// Opens the store; a URL that cannot be opened is the one error the caller reports
/// (exit 2).
pub async fn open(url: &str) -> Result<Store> {
    Ok(Store::open(url).await?)
}

/// Opens the store, runs `f` on it in a runtime, and closes the store whatever `f` returns.
pub fn with_store<R>(url: &str, f: impl AsyncFnOnce(&Store) -> Result<R>) -> Result<R> {
    runtime()?.block_on(async {
        let store = open(url).await?;
        let out = f(&store).await;
        store.close().await;
        out
    })
}

/// Progress on stderr: a bar with rate and time left on a terminal, plain lines otherwise
/// (one at the start of a phase, one every ten seconds, one at its end).
pub struct Bar {
    state: Mutex<BarState>,
    terminal: bool,
}

struct BarState {
    bar: Option<ProgressBar>,
    name: String,
    total: u64,
    done: u64,
    started: Instant,
    last_line: Instant,
}

impl Bar {
    /// A bar when stderr is a terminal, plain lines otherwise.
    pub fn new() -> Self {
        Bar {
            state: Mutex::new(BarState {
                bar: None,
                name: String::new(),
                total: 0,
                done: 0,
                started: Instant::now(),
                last_line: Instant::now(),
            }),
            terminal: std::io::stderr().is_terminal(),
        }
    }
}

impl Progress for Bar {
    fn phase(&self, name: &str, total: u64) {
        let Ok(mut s) = self.state.lock() else { return };
        s.name = name.to_string();
        s.total = total;
        s.done = 0;
        s.started = Instant::now();
        s.last_line = Instant::now();
        if self.terminal {
            let bar = ProgressBar::new(total);
            if let Ok(style) = ProgressStyle::with_template(
                "{msg} [{bar:30}] {pos}/{len} {per_sec} 剩余/ETA {eta}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(name.to_string());
            s.bar = Some(bar);
        } else {
            eprintln!("xxgk: {name}: 0/{total}");
        }
    }
    fn advance(&self, n: u64) {
        let Ok(mut s) = self.state.lock() else { return };
        s.done += n;
        if let Some(bar) = &s.bar {
            bar.inc(n);
        } else if s.last_line.elapsed() >= Duration::from_secs(10) {
            s.last_line = Instant::now();
            let rate = s.done as f64 / s.started.elapsed().as_secs_f64().max(1e-3);
            eprintln!("xxgk: {}: {}/{} ({rate:.0}/s)", s.name, s.done, s.total);
        }
    }
    fn done(&self) {
        let Ok(mut s) = self.state.lock() else { return };
        if let Some(bar) = s.bar.take() {
            bar.finish_and_clear();
        }
        let secs = s.started.elapsed().as_secs_f64();
        eprintln!("xxgk: {}: {}/{} ({secs:.1} s)", s.name, s.done, s.total);
    }
}

/// `xxgk ingest`.
pub fn ingest(url: &str, paths: &[PathBuf], queue_only: bool) -> Result<ExitCode> {
    with_store(url, async |store| {
        let bar = Bar::new();
        let s = store
            .ingest(paths, &IngestOptions { queue_only }, &bar)
            .await?;
        for (file, reason) in &s.refused {
            eprintln!("xxgk: {file}: {reason}");
        }
        eprintln!(
            "xxgk: {} 个文件：新存储 {}，已存在 {}，未能存储 {}；处理 {}（其中 {} 个不是报告），跨报告检查 {} / {} files: {} stored, {} already stored, {} refused; {} processed ({} not reports), {} cross-checked",
            s.files,
            s.stored,
            s.known,
            s.refused.len(),
            s.processed,
            s.failed,
            s.cross_checked,
            s.files,
            s.stored,
            s.known,
            s.refused.len(),
            s.processed,
            s.failed,
            s.cross_checked,
        );
        if queue_only {
            eprintln!("xxgk: 已排队，由 `xxgk worker` 处理 / queued for `xxgk worker`");
        }
        Ok(if s.files == 0 {
            eprintln!("xxgk: 没有找到报告文件 / no report files found in the given paths");
            ExitCode::from(2)
        } else if s.refused.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        })
    })
}

/// `xxgk worker`.
pub fn worker(url: &str, drain: bool, idle: u64) -> Result<ExitCode> {
    with_store(url, async |store| {
        let bar = Bar::new();
        let work = store.work(&bar, drain, Duration::from_secs(idle.max(1)));
        let n = tokio::select! {
            n = work => n?,
            _ = tokio::signal::ctrl_c() => {
                eprintln!("xxgk: 停止 / stopping");
                0
            }
        };
        eprintln!("xxgk: 处理了 {n} 个文件 / processed {n} files");
        Ok(ExitCode::SUCCESS)
    })
}

/// `xxgk serve`.
pub fn serve(url: &str, addr: std::net::SocketAddr) -> Result<ExitCode> {
    let rt = runtime()?;
    rt.block_on(async {
        let store = open(url).await?;
        xxgk_server::serve(store, addr).await?;
        Ok(ExitCode::SUCCESS)
    })
}

/// `xxgk users add`: the password is the first line of standard input.
pub fn users_add(
    url: &str,
    name: &str,
    role: &str,
    region: Option<String>,
    body: Option<&str>,
) -> Result<ExitCode> {
    use xxgk_store::web::{NewUser, Role};
    let role = Role::from_key(role)
        .context("--role 须为 admin、reviewer 或 body / --role is admin, reviewer or body")?;
    let mut password = String::new();
    std::io::stdin()
        .read_line(&mut password)
        .context("无法读取口令 / cannot read the password")?;
    let password = password.trim_end_matches(['\r', '\n']).to_string();
    with_store(url, async |store| {
        let body_id = match body {
            Some(b) => Some(
                store
                    .body_id(b)
                    .await?
                    .with_context(|| format!("没有单位 / no body named {b}"))?,
            ),
            None => None,
        };
        let user = store
            .create_user(&NewUser {
                name: name.to_string(),
                password,
                role,
                region,
                body_id,
            })
            .await?;
        eprintln!(
            "xxgk: 已创建账号 / created the account {} ({})",
            user.name,
            user.role.key()
        );
        Ok(ExitCode::SUCCESS)
    })
}

/// `xxgk reparse`.
pub fn reparse(url: &str) -> Result<ExitCode> {
    with_store(url, async |store| {
        let n = store.reparse(&Bar::new()).await?;
        eprintln!("xxgk: 重新读取 {n} 个文件 / read {n} files again");
        Ok(ExitCode::SUCCESS)
    })
}

/// How `reports` and `submissions` print.
#[derive(Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
pub enum ListFormat {
    /// 表格 / a table for a person
    Table,
    /// JSON
    Json,
}

/// `xxgk reports`.
pub fn reports(url: &str, filter: ReportFilter, format: ListFormat) -> Result<ExitCode> {
    with_store(url, async |store| {
        let rows = store.reports(&filter).await?;
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        match format {
            ListFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?,
            ListFormat::Table => {
                let (reports, failed): (Vec<&ReportRow>, Vec<&ReportRow>) =
                    rows.iter().partition(|r| !r.failed);
                if filter.status != xxgk_store::query::Status::Failed || !reports.is_empty() {
                    write_report_table(&mut out, &reports)?;
                }
                if !failed.is_empty() {
                    writeln!(
                        out,
                        "\n不是报告的文件（S001）/ files that are not reports: {}",
                        failed.len()
                    )?;
                    for r in failed {
                        writeln!(out, "{:>6}  {}", r.id, r.file)?;
                    }
                }
                let unmatched: Vec<&&ReportRow> = reports
                    .iter()
                    .filter(|r| r.match_status == "unmatched" || r.match_status == "ambiguous")
                    .collect();
                if !unmatched.is_empty() {
                    writeln!(
                        out,
                        "\n未能确定单位，待人工指定 / reports not attached to a body: {}",
                        unmatched.len()
                    )?;
                    for r in unmatched {
                        let why = if r.match_status == "ambiguous" {
                            "多个单位同名 / several bodies match"
                        } else {
                            "组织机构中没有此单位 / no such body in the tree"
                        };
                        writeln!(
                            out,
                            "{:>6}  {}  {}  ({why})",
                            r.id,
                            r.agency.as_deref().unwrap_or("—"),
                            r.file
                        )?;
                    }
                }
            }
        }
        out.flush()?;
        Ok(ExitCode::SUCCESS)
    })
}

fn write_report_table(out: &mut impl Write, rows: &[&ReportRow]) -> Result<()> {
    writeln!(
        out,
        "{:>6}  {:<24}  {:<20}  {:>4}  {:<10}  {:>4} {:>4} {:>4}  文件 / file",
        "id", "单位 / body", "地区 / region", "年度", "发布日期", "错误", "警告", "提示"
    )?;
    for r in rows {
        let body = r.body.as_deref().or(r.agency.as_deref()).unwrap_or("—");
        let version = if r.current {
            ""
        } else {
            "  （旧版本 / replaced）"
        };
        writeln!(
            out,
            "{:>6}  {:<24}  {:<20}  {:>4}  {:<10}  {:>4} {:>4} {:>4}  {}{version}",
            r.id,
            body,
            r.region.as_deref().unwrap_or("—"),
            r.year.map_or("—".to_string(), |y| y.to_string()),
            r.published.as_deref().unwrap_or("—"),
            r.errors,
            r.warnings,
            r.infos,
            r.file
        )?;
    }
    writeln!(out, "共 {} 份报告 / {} reports", rows.len(), rows.len())?;
    Ok(())
}

/// How `findings` prints.
#[derive(Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
pub enum FindingsFormat {
    /// rustc 风格 / rustc-style
    Human,
    /// JSON 数组（含单位与年度）/ a JSON array, each with its body and year
    Json,
    /// SARIF 2.1.0
    Sarif,
}

/// `xxgk findings`.
pub fn findings(url: &str, filter: FindingFilter, format: FindingsFormat) -> Result<ExitCode> {
    with_store(url, async |store| {
        let rows = store.findings(&filter).await?;
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        match format {
            FindingsFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?,
            FindingsFormat::Sarif => {
                let list: Vec<_> = rows.iter().map(|r| r.finding.clone()).collect();
                writeln!(out, "{}", crate::sarif_of(&list))?;
            }
            FindingsFormat::Human => {
                let styled =
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                let mut tally = xxgk_render::Tally::default();
                let mut last: Option<i64> = None;
                for r in &rows {
                    if last != Some(r.report_id) {
                        last = Some(r.report_id);
                        tally.files += 1;
                        writeln!(
                            out,
                            "── {} {}（报告 {}）/ report {}",
                            r.body.as_deref().unwrap_or("—"),
                            r.year.map_or("—".to_string(), |y| format!("{y} 年度")),
                            r.report_id,
                            r.report_id
                        )?;
                    }
                    let one = std::slice::from_ref(&r.finding);
                    tally.add(one);
                    // the count of files is of reports, not of findings
                    tally.files -= 1;
                    write!(out, "{}", xxgk_render::human(one, |_, _| None, styled))?;
                }
                writeln!(out, "{}", xxgk_render::summary(&tally))?;
            }
        }
        out.flush()?;
        Ok(ExitCode::SUCCESS)
    })
}

/// `xxgk submissions`.
pub fn submissions(url: &str, year: i32, format: ListFormat) -> Result<ExitCode> {
    with_store(url, async |store| {
        let rows = store.submissions(year).await?;
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        match format {
            ListFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?,
            ListFormat::Table => write_submissions(&mut out, year, &rows)?,
        }
        out.flush()?;
        Ok(ExitCode::SUCCESS)
    })
}

fn write_submissions(out: &mut impl Write, year: i32, rows: &[Submission]) -> Result<()> {
    let count = |s: SubmissionStatus| rows.iter().filter(|r| r.status == s).count();
    writeln!(
        out,
        "{year} 年度：应报 {}，已提交 {}，逾期 {}，未提交 {} / {} must report: {} submitted, {} late, {} missing",
        rows.len(),
        count(SubmissionStatus::Submitted),
        count(SubmissionStatus::Late),
        count(SubmissionStatus::Missing),
        rows.len(),
        count(SubmissionStatus::Submitted),
        count(SubmissionStatus::Late),
        count(SubmissionStatus::Missing),
    )?;
    for r in rows {
        let when = match r.status {
            SubmissionStatus::Submitted => r.published.clone().unwrap_or_default(),
            SubmissionStatus::Late => format!(
                "{}（期限 / deadline {}）",
                r.published.as_deref().unwrap_or("—"),
                r.deadline.as_deref().unwrap_or("—")
            ),
            SubmissionStatus::Missing => String::new(),
        };
        writeln!(
            out,
            "{:<6}  {:<24}  {:<24}  {when}",
            r.status.name_zh(),
            r.body,
            r.region.as_deref().unwrap_or("—"),
        )?;
    }
    Ok(())
}

/// `xxgk export`.
pub fn export(
    url: &str,
    year: Option<i32>,
    format: xxgk_store::export::ExportFormat,
    out: &Path,
) -> Result<ExitCode> {
    with_store(url, async |store| {
        let s = store.export(year, format, out).await?;
        eprintln!(
            "xxgk: {} 份报告，{} 条问题 → {} / {} reports, {} findings",
            s.reports,
            s.findings,
            s.files.join(", "),
            s.reports,
            s.findings
        );
        Ok(ExitCode::SUCCESS)
    })
}

/// `xxgk bodies import`.
pub fn bodies_import(url: &str, file: &Path) -> Result<ExitCode> {
    let records = xxgk_store::bodies::read_tree(file)?;
    with_store(url, async |store| {
        let n = store.import_bodies(&records).await?;
        let matched = store.rematch().await?;
        eprintln!(
            "xxgk: 导入 {n} 个单位，重新匹配 {matched} 份报告 / imported {n} bodies, {matched} reports matched again"
        );
        Ok(ExitCode::SUCCESS)
    })
}

/// `xxgk bodies export`.
pub fn bodies_export(url: &str, xlsx: bool, out: &Path) -> Result<ExitCode> {
    let records = with_store(url, async |store| {
        let r = store.export_bodies().await?;
        anyhow::Ok(r)
    })?;
    let bytes = if xlsx {
        xxgk_store::bodies::write_tree_xlsx(&records)?
    } else {
        let mut v = Vec::new();
        xxgk_store::bodies::write_tree_csv(&records, &mut v)?;
        v
    };
    std::fs::write(out, bytes).with_context(|| format!("写入 / writing {}", out.display()))?;
    eprintln!(
        "xxgk: {} 个单位 → {} / {} bodies",
        records.len(),
        out.display(),
        records.len()
    );
    Ok(ExitCode::SUCCESS)
}
