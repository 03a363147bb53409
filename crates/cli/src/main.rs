//! `xxgk`: read, check and render 政府信息公开工作年度报告. Argument parsing and exit codes
//! only; the work is done by the library crates.

mod input;

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
        } => check(&paths, format, &select, &ignore),
        Command::Render { file, to, output } => render(&file, to, &output),
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
) -> Result<ExitCode> {
    let options = Options {
        selection: Selection::new(select, ignore)?,
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
        CheckFormat::Sarif => {
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
            writeln!(stdout, "{}", xxgk_render::sarif(&sarif, &rules))?;
        }
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
