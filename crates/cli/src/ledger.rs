//! `xxgk ledger …`: the request ledger's calculators and its spreadsheet import.

use anyhow::{Result, bail};
use clap::Subcommand;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use xxgk_ledger::{Calendar, Channel, FeeMethod, Receipt};

#[derive(Subcommand)]
pub enum LedgerAction {
    /// 答复期限：收到之日起第 20 个工作日（官方工作日历）/ the due date: the 20th working
    /// day after receipt, on the official calendar
    Deadline {
        /// 收到（递交、签收）日期 / the day it was handed in, signed for or arrived (YYYY-MM-DD)
        #[arg(long)]
        received: jiff::civil::Date,
        /// 渠道 / channel: 当面 (in_person), 挂号 (registered_post), 平邮 (ordinary_post),
        /// 网络 (online), 传真 (fax)
        #[arg(long, default_value = "当面")]
        channel: String,
        /// 平邮、网络、传真：双方确认之日，即收到日期（条例第三十一条）/ ordinary post,
        /// online, fax: the day of confirmation, which is the received date (Art. 31)
        #[arg(long)]
        confirmed: Option<jiff::civil::Date>,
        /// 延长的工作日数（至多 20）/ working days of an extension (at most 20)
        #[arg(long)]
        extension: Option<u32>,
    },
    /// 信息处理费（国办函〔2020〕109号，超额累进），单位：元 / the information processing
    /// fee in 元 (109号, progressive)
    Fee {
        /// 按件计收：同一申请人一个自然月内的申请件数 / by count: the applicant's requests
        /// in one natural month
        #[arg(long, conflicts_with = "pages", required_unless_present = "pages")]
        requests_in_month: Option<u32>,
        /// 按量计收：同一申请的页数 / by volume: the pages of one request
        #[arg(long)]
        pages: Option<u32>,
        /// 同时打印计算过程 / also print the computation
        #[arg(long)]
        explain: bool,
    },
    /// 导入电子表格台账（XLSX）：按常用列名对应，报告未能对应的列；有任何一行无法导入则
    /// 全部不导入。输出申请的 JSON / import a spreadsheet register (XLSX): columns mapped
    /// by the names offices use, the unmapped ones reported; all or nothing; prints the
    /// requests as JSON
    Import {
        /// XLSX 文件 / the XLSX file
        file: PathBuf,
        /// 写入此文件而非标准输出 / write the JSON here instead of standard output
        #[arg(long)]
        out: Option<PathBuf>,
        /// 台账所属单位 / the body the ledger belongs to
        #[arg(long, default_value = "")]
        body: String,
        /// 操作人（记入审计记录）/ who imports (in the audit trail)
        #[arg(long, env = "USER", default_value = "xxgk")]
        by: String,
        /// 存入此数据库中 --body 单位的台账（该单位须在机构树中），而非输出 JSON /
        /// store into the ledger of the --body in this database (the body must be in the
        /// organisation tree) instead of printing JSON
        #[arg(long)]
        db: Option<String>,
    },
}

use xxgk_ledger::today_in_china as today;

pub fn run(action: LedgerAction) -> Result<ExitCode> {
    match action {
        LedgerAction::Deadline {
            received,
            channel,
            confirmed,
            extension,
        } => deadline(received, &channel, confirmed, extension),
        LedgerAction::Import {
            file,
            out,
            body,
            by,
            db,
        } => import(&file, out.as_deref(), &body, &by, db.as_deref()),
        LedgerAction::Fee {
            requests_in_month,
            pages,
            explain,
        } => {
            let method = match (requests_in_month, pages) {
                (Some(n), None) => FeeMethod::ByCount {
                    requests_in_month: n,
                },
                (None, Some(p)) => FeeMethod::ByVolume { pages: p },
                _ => bail!(
                    "请给出 --requests-in-month 或 --pages 之一 / give one of --requests-in-month and --pages"
                ),
            };
            println!("{}", method.amount());
            if explain {
                println!("{}：{}", method.label(), method.breakdown());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn deadline(
    arrived: jiff::civil::Date,
    channel: &str,
    confirmed: Option<jiff::civil::Date>,
    extension: Option<u32>,
) -> Result<ExitCode> {
    let Some(channel) = Channel::parse(channel) else {
        bail!(
            "未知渠道 “{channel}” / unknown channel “{channel}”: 当面, 挂号, 平邮, 网络, 传真 (in_person, registered_post, ordinary_post, online, fax)"
        );
    };
    let receipt = Receipt {
        channel,
        arrived,
        confirmed,
    };
    let received = receipt.received()?;
    let today = today();
    if received > today || arrived > today {
        return Err(xxgk_ledger::LedgerError::FutureReceipt { received, today }.into());
    }
    let days = xxgk_ledger::ANSWER_DAYS
        + match extension {
            Some(d) if (1..=xxgk_ledger::MAX_EXTENSION_DAYS).contains(&d) => d,
            Some(d) => return Err(xxgk_ledger::LedgerError::ExtensionLength(d).into()),
            None => 0,
        };
    let due = Calendar::official().add_working_days(received, days)?;
    println!("{due}");
    Ok(ExitCode::SUCCESS)
}

fn import(
    file: &std::path::Path,
    out: Option<&std::path::Path>,
    body: &str,
    by: &str,
    db: Option<&str>,
) -> Result<ExitCode> {
    let bytes = std::fs::read(file)
        .map_err(|e| anyhow::anyhow!("无法读取 / cannot read {}: {e}", file.display()))?;
    let stamp = xxgk_ledger::Stamp::new(by, jiff::Timestamp::now());
    let cal = Calendar::official();
    match xxgk_ledger::import_xlsx(&bytes, body, &cal, today(), &stamp) {
        Ok(imported) => {
            eprint!("{}", imported.mapping);
            eprintln!(
                "已导入 {} 件申请 / {} request(s) imported",
                imported.ledger.requests.len(),
                imported.ledger.requests.len()
            );
            if let Some(url) = db {
                return match store(url, body, &imported.ledger, &cal, by) {
                    Ok(n) => {
                        eprintln!(
                            "已存入数据库中“{body}”的台账 {n} 件 / {n} request(s) stored in the ledger of {body}"
                        );
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(e) => {
                        eprintln!(
                            "xxgk: {}: 未存入任何申请 / nothing was stored: {e:#}",
                            file.display()
                        );
                        Ok(ExitCode::from(1))
                    }
                };
            }
            let json = serde_json::to_string_pretty(&imported.ledger)?;
            match out {
                Some(path) => std::fs::write(path, json + "\n").map_err(|e| {
                    anyhow::anyhow!("无法写入 / cannot write {}: {e}", path.display())
                })?,
                None => {
                    let mut o = std::io::stdout().lock();
                    writeln!(o, "{json}")?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            if e.mapping.header_row > 0 {
                eprint!("{}", e.mapping);
            }
            eprintln!("xxgk: {}: {e}", file.display());
            Ok(ExitCode::from(if e.unreadable { 2 } else { 1 }))
        }
    }
}

/// Stores imported requests into a body's ledger in the database, all or none (a register
/// number already there refuses the whole import).
fn store(
    url: &str,
    body: &str,
    ledger: &xxgk_ledger::Ledger,
    cal: &Calendar,
    by: &str,
) -> Result<usize> {
    let records = ledger
        .requests
        .iter()
        .map(|r| xxgk_store::ledger::LedgerRecord::of(r, cal))
        .collect::<Result<Vec<_>, _>>()?;
    crate::corpus::runtime()?.block_on(async {
        let store = crate::corpus::open(url).await?;
        let Some(body_id) = store.body_id(body).await? else {
            anyhow::bail!(
                "“{body}”不在机构树中，请先导入机构树（xxgk bodies import）/ {body} is not in the organisation tree: import it first (xxgk bodies import)"
            );
        };
        let ids = store.ledger_import(body_id, &records, by).await?;
        store.close().await;
        Ok(ids.len())
    })
}
