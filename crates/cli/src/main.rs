//! `xxgk`: read, check and render 政府信息公开工作年度报告. Argument parsing and exit codes
//! only; the work is done by the library crates.

mod input;

use anyhow::{Context as _, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use xxgk_model::{Finding, Severity};

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
        /// 报告文件 / report files
        #[arg(required = true)]
        files: Vec<PathBuf>,
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
        Command::Parse { files, format } => parse(&files, format),
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
                let active = if r.active {
                    ""
                } else {
                    "  （需要报告库 / needs the store）"
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

fn parse(files: &[PathBuf], format: ParseFormat) -> Result<ExitCode> {
    let results: Vec<_> = files.par_iter().map(|f| input::load(f)).collect();
    let mut failed = false;
    let mut stdout = std::io::stdout().lock();
    for (path, res) in files.iter().zip(results) {
        match res {
            Ok(input::Loaded::Report { report, .. }) => match format {
                ParseFormat::Json if files.len() == 1 => {
                    writeln!(stdout, "{}", serde_json::to_string_pretty(&report)?)?
                }
                ParseFormat::Json => writeln!(stdout, "{}", serde_json::to_string(&report)?)?,
                ParseFormat::Table => writeln!(stdout, "{}", xxgk_render::table_view(&report))?,
            },
            Ok(input::Loaded::Unreadable { reason }) | Err(input::LoadError::Io(reason)) => {
                failed = true;
                eprintln!("xxgk: {}: {reason}", path.display());
            }
        }
    }
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn selected(f: &Finding, select: &[String], ignore: &[String]) -> bool {
    let m = |p: &String| f.code.starts_with(p.to_ascii_uppercase().as_str());
    (select.is_empty() || select.iter().any(m)) && !ignore.iter().any(m)
}

fn check(
    paths: &[PathBuf],
    format: CheckFormat,
    select: &[String],
    ignore: &[String],
) -> Result<ExitCode> {
    let files = input::expand(paths)?;
    if files.is_empty() {
        bail!("没有找到报告文件 / no report files found in the given paths");
    }
    let results: Vec<_> = files
        .par_iter()
        .map(|f| {
            let res = input::load(f);
            let mut findings = match &res {
                Ok(l) => l.findings(),
                Err(_) => Vec::new(),
            };
            for x in &mut findings {
                x.file = f.display().to_string();
            }
            (res, findings)
        })
        .collect();
    let mut io_failed = false;
    let mut all: Vec<Finding> = Vec::new();
    let mut sources: Vec<(String, String)> = Vec::new();
    for (path, (res, findings)) in files.iter().zip(results) {
        match res {
            Err(input::LoadError::Io(reason)) => {
                io_failed = true;
                eprintln!("xxgk: {}: {reason}", path.display());
            }
            Ok(l) => {
                if let input::Loaded::Report { text: Some(t), .. } = l {
                    sources.push((path.display().to_string(), t));
                }
                all.extend(findings.into_iter().filter(|f| selected(f, select, ignore)));
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
    match format {
        CheckFormat::Human => {
            let styled = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let line_of = |f: &Finding| {
                let (_, text) = sources.iter().find(|(p, _)| *p == f.file)?;
                text.split('\n')
                    .nth(f.location.line? as usize - 1)
                    .map(str::to_string)
            };
            write!(stdout, "{}", xxgk_render::human(&all, line_of, styled))?;
            writeln!(stdout, "{}", xxgk_render::summary(&all, files.len()))?;
        }
        CheckFormat::Json => writeln!(stdout, "{}", xxgk_render::json(&all))?,
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
            writeln!(stdout, "{}", xxgk_render::sarif(&all, &rules))?;
        }
    }
    Ok(if io_failed {
        ExitCode::from(2)
    } else if all.iter().any(|f| f.severity == Severity::Error) {
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
