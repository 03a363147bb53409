//! `xxgk`: read, check and render 政府信息公开工作年度报告. Argument parsing and exit codes
//! only; the work is done by the library crates.

mod corpus;
mod input;
mod ledger;

/// A report allocates many small strings and vectors and frees them at once; mimalloc's
/// thread-local free lists take about a quarter of the time glibc's malloc did (perf, 20,000
/// text reports on one core).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{Context as _, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use xxgk_analyse::{Analysis, Options};
use xxgk_check::Selection;
use xxgk_model::Finding;

/// 政府信息公开工作年度报告的读取、核查与生成 / read, check and render government
/// information disclosure annual reports.
#[derive(Parser)]
#[command(name = "xxgk", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ParseFormat {
    /// xxgk/report@1 JSON (JSON Lines for several files)
    Json,
    /// 给人看的表格 / tables for a person
    Table,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum CheckFormat {
    /// rustc 风格，带源文本与定位 / rustc-style with source and caret
    Human,
    /// JSON 数组 / a JSON array of findings
    Json,
    /// SARIF 2.1.0
    Sarif,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum RenderTo {
    /// Markdown
    Md,
    /// HTML
    Html,
    /// DOCX
    Docx,
    /// XLSX
    Xlsx,
}

/// The database option every corpus command takes.
#[derive(clap::Args)]
struct Db {
    /// 数据库 / database: sqlite://xxgk.db (默认 / default) 或 / or postgres://…
    #[arg(long = "db", env = "XXGK_DB", default_value = xxgk_store::DEFAULT_URL)]
    url: String,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ExportAs {
    /// CSV（另有 .findings.csv）/ CSV, with a .findings.csv beside it
    Csv,
    /// XLSX：报告、问题两张表 / one workbook, sheets 报告 and 问题
    Xlsx,
    /// 每行一份规范报告 / one canonical report per line
    Jsonl,
}

#[derive(Subcommand)]
enum BodiesAction {
    /// 从 CSV 或 XLSX 导入 / import from CSV or XLSX
    Import {
        file: PathBuf,
        #[command(flatten)]
        db: Db,
    },
    /// 导出为 CSV 或 XLSX / export as CSV or XLSX
    Export {
        #[command(flatten)]
        db: Db,
        #[arg(long, value_enum, default_value = "csv")]
        format: TreeFormat,
        /// 输出文件 / output file
        #[arg(short = 'o', long)]
        output: PathBuf,
    },
}

#[derive(Subcommand)]
enum UsersAction {
    /// 新建账号，口令从标准输入的第一行读取 / create an account; the password is the first
    /// line of standard input
    Add {
        /// 用户名 / user name
        name: String,
        /// admin, reviewer, body
        #[arg(long)]
        role: String,
        /// 审核人员的地区 / a reviewer's region (/四川省/成都市)
        #[arg(long)]
        region: Option<String>,
        /// 报送单位账号的单位名称 / a body account's body (its exact name)
        #[arg(long)]
        body: Option<String>,
        #[command(flatten)]
        db: Db,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum TreeFormat {
    /// CSV (UTF-8 with BOM)
    Csv,
    /// XLSX
    Xlsx,
}

#[derive(Subcommand)]
enum Command {
    /// 读取报告，输出规范 JSON / read reports and print canonical JSON
    Parse {
        /// 文件或文件夹 / files or folders (recursive)
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "json")]
        format: ParseFormat,
    },
    /// 读取并核查报告（文件或文件夹）/ parse and check reports (files or folders)
    Check {
        /// 文件或文件夹 / files or folders (recursive)
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: CheckFormat,
        /// 只报告这些代码或前缀，逗号分隔 / only these codes or prefixes (T3,N101)
        #[arg(long, value_delimiter = ',')]
        select: Vec<String>,
        /// 忽略这些代码或前缀 / ignore these codes or prefixes
        #[arg(long, value_delimiter = ',')]
        ignore: Vec<String>,
        /// 同时对照报告库运行跨报告规则（不存储）/ also run the cross-report rules against
        /// this store (nothing is stored)
        #[arg(long, env = "XXGK_DB")]
        db: Option<String>,
    },
    /// 读取、核查并存入报告库 / parse, check and store reports
    Ingest {
        /// 文件或文件夹 / files or folders (recursive)
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        db: Db,
        /// 只存储并排队，由 `xxgk worker` 处理 / only store and queue; workers process
        #[arg(long)]
        queue: bool,
    },
    /// 列出已存储的报告 / list the stored reports
    Reports {
        #[command(flatten)]
        db: Db,
        /// 年度 / reporting year
        #[arg(long)]
        year: Option<i32>,
        /// 单位名称包含 / the body's name contains
        #[arg(long)]
        q: Option<String>,
        /// 地区（任一级）/ region, at any level
        #[arg(long)]
        region: Option<String>,
        /// 只列出不是报告的文件 / only the files that are not reports
        #[arg(long)]
        failed: bool,
        /// 含被更正版本替换的旧版本 / include versions a corrected report replaced
        #[arg(long)]
        all_versions: bool,
        #[arg(long, value_enum, default_value = "table")]
        format: corpus::ListFormat,
    },
    /// 列出已存储报告的问题（含跨报告规则）/ list the stored findings
    Findings {
        #[command(flatten)]
        db: Db,
        /// 年度 / reporting year
        #[arg(long)]
        year: Option<i32>,
        /// 单位名称包含 / the body's name contains
        #[arg(long)]
        body: Option<String>,
        /// 地区（任一级）/ region, at any level
        #[arg(long)]
        region: Option<String>,
        /// 只列出这些代码或前缀 / only these codes or prefixes (X1,T302)
        #[arg(long, value_delimiter = ',')]
        select: Vec<String>,
        /// 忽略这些代码或前缀 / ignore these codes or prefixes
        #[arg(long, value_delimiter = ',')]
        ignore: Vec<String>,
        #[arg(long, value_enum, default_value = "human")]
        format: corpus::FindingsFormat,
    },
    /// 某年度各单位的报送情况：已提交、逾期、未提交 / who submitted, late, missing
    Submissions {
        #[command(flatten)]
        db: Db,
        /// 年度 / reporting year
        #[arg(long)]
        year: i32,
        #[arg(long, value_enum, default_value = "table")]
        format: corpus::ListFormat,
    },
    /// 导出报告库：每份报告一行、每个数字一列，另附问题表 / export the corpus
    Export {
        #[command(flatten)]
        db: Db,
        /// 年度 / reporting year
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, value_enum)]
        format: ExportAs,
        /// 输出文件 / output file
        #[arg(short = 'o', long)]
        output: PathBuf,
    },
    /// 组织机构（地区、单位、别名、应报年度）/ the organisation tree
    Bodies {
        #[command(subcommand)]
        action: BodiesAction,
    },
    /// 处理排队的文件（PostgreSQL 上可多机多进程）/ process queued files
    Worker {
        #[command(flatten)]
        db: Db,
        /// 队列空时退出 / exit when the queue is empty
        #[arg(long)]
        drain: bool,
        /// 队列空时等待的秒数 / seconds to wait when the queue is empty
        #[arg(long, default_value_t = 2)]
        idle: u64,
    },
    /// 网页应用的账号 / accounts of the web app
    Users {
        #[command(subcommand)]
        action: UsersAction,
    },
    /// 网页应用 / the web app (XXGK_ADMIN_PASSWORD: the first admin's password;
    /// XXGK_MAX_UPLOAD: the largest file accepted)
    Serve {
        #[command(flatten)]
        db: Db,
        /// 监听地址 / address to listen on
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
    },
    /// 用当前版本重新读取全部已存储文件 / read every stored file again with this version
    Reparse {
        #[command(flatten)]
        db: Db,
    },
    /// 由规范 JSON（或同结构 TOML）生成标准格式报告 / write a standard-format report
    Render {
        /// canonical JSON or TOML
        file: PathBuf,
        #[arg(long, value_enum)]
        to: RenderTo,
        /// 输出文件 / output file
        #[arg(short = 'o', long)]
        output: PathBuf,
    },
    /// 打印 xxgk/report@1 的 JSON Schema / print the JSON Schema of xxgk/report@1
    Schema,
    /// 打印规则说明页 / print a rule's documentation page
    Rule {
        /// 规则代码 / rule code, e.g. T302
        code: String,
    },
    /// 列出全部规则 / list every rule
    Rules,
    /// 依申请公开台账：答复期限、信息处理费、导入 / the request ledger: due dates, fees,
    /// import
    Ledger {
        #[command(subcommand)]
        action: ledger::LedgerAction,
    },
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("xxgk: 错误 / error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { paths, format } => parse(&paths, format),
        Command::Check {
            paths,
            format,
            select,
            ignore,
            db,
        } => check(&paths, format, &select, &ignore, db.as_deref()),
        Command::Ingest { paths, db, queue } => corpus::ingest(&db.url, &paths, queue),
        Command::Reports {
            db,
            year,
            q,
            region,
            failed,
            all_versions,
            format,
        } => corpus::reports(
            &db.url,
            xxgk_store::query::ReportFilter {
                year,
                q,
                region,
                status: match (failed, all_versions) {
                    (true, false) => xxgk_store::query::Status::Failed,
                    (true, true) => xxgk_store::query::Status::All,
                    (false, true) => xxgk_store::query::Status::Versions,
                    (false, false) => xxgk_store::query::Status::Current,
                },
                ..Default::default()
            },
            format,
        ),
        Command::Findings {
            db,
            year,
            body,
            region,
            select,
            ignore,
            format,
        } => corpus::findings(
            &db.url,
            xxgk_store::query::FindingFilter {
                year,
                body,
                region,
                selection: Selection::new(&select, &ignore)?,
            },
            format,
        ),
        Command::Submissions { db, year, format } => corpus::submissions(&db.url, year, format),
        Command::Export {
            db,
            year,
            format,
            output,
        } => {
            use xxgk_store::export::ExportFormat;
            let format = match format {
                ExportAs::Csv => ExportFormat::Csv,
                ExportAs::Xlsx => ExportFormat::Xlsx,
                ExportAs::Jsonl => ExportFormat::Jsonl,
            };
            corpus::export(&db.url, year, format, &output)
        }
        Command::Bodies { action } => match action {
            BodiesAction::Import { file, db } => corpus::bodies_import(&db.url, &file),
            BodiesAction::Export { db, format, output } => {
                corpus::bodies_export(&db.url, format == TreeFormat::Xlsx, &output)
            }
        },
        Command::Worker { db, drain, idle } => corpus::worker(&db.url, drain, idle),
        Command::Reparse { db } => corpus::reparse(&db.url),
        Command::Serve { db, addr } => corpus::serve(&db.url, addr),
        Command::Users {
            action:
                UsersAction::Add {
                    name,
                    role,
                    region,
                    body,
                    db,
                },
        } => corpus::users_add(&db.url, &name, &role, region, body.as_deref()),
        Command::Render { file, to, output } => render(&file, to, &output),
        Command::Ledger { action } => ledger::run(action),
        Command::Schema => {
            println!("{}", xxgk_model::report_schema());
            Ok(ExitCode::SUCCESS)
        }
        Command::Rule { code } => match xxgk_check::rule(&code) {
            Some(r) => {
                print!("{}", r.doc);
                Ok(ExitCode::SUCCESS)
            }
            None => bail!("没有规则 {code} / no rule {code}; 见 / see `xxgk rules`"),
        },
        Command::Rules => {
            for r in xxgk_check::registry() {
                let across = xxgk_check::history_rules();
                let active = if !r.active {
                    "  （未启用 / inactive）"
                } else if across.allows(r.code) {
                    "  （与其他报告比较时需要报告库 / needs the store to compare with other reports）"
                } else {
                    ""
                };
                println!(
                    "{}  {:<7} {} / {}{active}",
                    r.code,
                    r.severity.name(),
                    r.title,
                    r.title_en
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Reads every file, streaming results in input order; `emit` gets each analysis.
/// Returns whether some file could not be opened or read as a report.
fn run_batch(
    paths: &[PathBuf],
    options: &Options,
    mut emit: impl FnMut(&Analysis) -> Result<()>,
) -> Result<bool> {
    let files = xxgk_analyse::expand(paths);
    if files.is_empty() {
        bail!("没有找到报告文件 / no report files found in the given paths");
    }
    let mut failed = false;
    xxgk_analyse::for_each_ordered(
        &files,
        |f| xxgk_analyse::analyse_path(f, options),
        |_, res| match res {
            Ok(a) => emit(&a),
            Err(e) => {
                failed = true;
                eprintln!("xxgk: {e}");
                Ok(())
            }
        },
    )?;
    Ok(failed)
}

fn parse(paths: &[PathBuf], format: ParseFormat) -> Result<ExitCode> {
    let one = paths.len() == 1 && !paths[0].is_dir();
    let options = Options {
        // parsing runs no rule
        selection: Selection::none(),
    };
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut unreadable = false;
    let failed = run_batch(paths, &options, |a| {
        match (a.report(), &a.error) {
            (Some(report), _) => match format {
                ParseFormat::Json if one => {
                    writeln!(stdout, "{}", serde_json::to_string_pretty(report)?)?
                }
                ParseFormat::Json => writeln!(stdout, "{}", serde_json::to_string(report)?)?,
                ParseFormat::Table => writeln!(stdout, "{}", xxgk_render::table_view(report))?,
            },
            (None, Some(e)) => {
                unreadable = true;
                eprintln!("xxgk: {}: {e}", a.name);
            }
            (None, None) => {}
        }
        Ok(())
    })?;
    stdout.flush()?;
    Ok(if failed || unreadable {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn check(
    paths: &[PathBuf],
    format: CheckFormat,
    select: &[String],
    ignore: &[String],
    db: Option<&str>,
) -> Result<ExitCode> {
    let options = Options {
        selection: Selection::new(select, ignore)?,
    };
    // with a store, the cross-report rules run against the reports it holds
    let store = match db {
        Some(url) => {
            let rt = corpus::runtime()?;
            let store = rt.block_on(corpus::open(url))?;
            Some((rt, store))
        }
        None => None,
    };
    let styled = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut tally = xxgk_render::Tally::default();
    // SARIF is one document: its results are kept until the end
    let mut sarif: Vec<Finding> = Vec::new();
    // the JSON array is opened with its first finding, so that a batch that fails before
    // any output (no files) prints nothing
    let mut first = true;
    let failed = run_batch(paths, &options, |a| {
        let mut a = std::borrow::Cow::Borrowed(a);
        if let (Some((rt, store)), Some(ex)) = (&store, &a.extraction) {
            let cross = rt.block_on(store.cross_check(ex))?;
            let cross: Vec<Finding> = cross
                .into_iter()
                .filter(|f| options.selection.allows(&f.code))
                .map(|mut f| {
                    f.file.clone_from(&a.name);
                    f
                })
                .collect();
            // the rules across reports run again with the store's history and replace
            // what they found on the report alone (A202's single-report limits included)
            let across = xxgk_check::history_rules();
            let owned = a.to_mut();
            owned.findings.retain(|f| !across.allows(&f.code));
            owned.findings.extend(cross);
            owned.findings.sort_by_key(|f| f.text_at);
        }
        let a = a.as_ref();
        tally.add(&a.findings);
        match format {
            CheckFormat::Human => {
                let line_of = |_: &Finding, n: u32| a.source_line(n).map(str::to_string);
                write!(
                    stdout,
                    "{}",
                    xxgk_render::human(&a.findings, line_of, styled)
                )?;
            }
            CheckFormat::Json => {
                for f in &a.findings {
                    let sep = if first { "[\n" } else { ",\n" };
                    first = false;
                    write!(stdout, "{sep}{}", serde_json::to_string(f)?)?;
                }
            }
            CheckFormat::Sarif => sarif.extend(a.findings.iter().cloned()),
        }
        Ok(())
    })?;
    match format {
        CheckFormat::Human => writeln!(stdout, "{}", xxgk_render::summary(&tally))?,
        CheckFormat::Json => writeln!(stdout, "{}]", if first { "[" } else { "\n" })?,
        CheckFormat::Sarif => writeln!(stdout, "{}", sarif_of(&sarif))?,
    }
    stdout.flush()?;
    Ok(if failed {
        ExitCode::from(2)
    } else if tally.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A SARIF 2.1.0 document of findings, naming every rule with its page.
fn sarif_of(findings: &[Finding]) -> String {
    let rules: Vec<(String, String, String)> = xxgk_check::registry()
        .iter()
        .map(|r| {
            (
                r.code.to_string(),
                format!("{} / {}", r.title, r.title_en),
                format!("docs/rules/{}.md", r.code),
            )
        })
        .collect();
    xxgk_render::sarif(findings, &rules)
}

fn render(file: &std::path::Path, to: RenderTo, output: &std::path::Path) -> Result<ExitCode> {
    let report = input::load_canonical(file)?;
    let bytes = match to {
        RenderTo::Md => xxgk_render::markdown(&report).into_bytes(),
        RenderTo::Html => xxgk_render::html(&report).into_bytes(),
        RenderTo::Docx => xxgk_render::docx(&report)?,
        RenderTo::Xlsx => xxgk_render::xlsx(&report)?,
    };
    std::fs::write(output, bytes)
        .with_context(|| format!("写入 / writing {}", output.display()))?;
    Ok(ExitCode::SUCCESS)
}
