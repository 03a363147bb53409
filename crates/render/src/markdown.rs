//! Reports → Markdown (official layout as pipe tables) and a plain table view.

use crate::outline::{Block, outline, trial_items};
use std::fmt::Write;
use xxgk_model::{AppealKind, AppealResult, Applicant, Report, RequestRow};

fn cell(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The report as Markdown in the official order: title, 统计期限, six sections, the three
/// tables as pipe tables, and the date. `xxgk-read` reads it back to the same report.
pub fn markdown(r: &Report) -> String {
    let mut s = String::new();
    for block in outline(r) {
        match block {
            Block::Title(t) => {
                let _ = writeln!(s, "# {t}\n");
            }
            Block::Period(p) => {
                let _ = writeln!(s, "{p}\n");
            }
            Block::Paragraph(p) => {
                let _ = writeln!(s, "{p}\n");
            }
            Block::Heading(h) => {
                let _ = writeln!(s, "## {h}\n");
            }
            Block::Table(2) => table_two(r, &mut s),
            Block::Table(3) => table_three(r, &mut s),
            Block::Table(_) => table_four(r, &mut s),
            Block::Signature { agency, date } => {
                if let Some(a) = agency {
                    let _ = writeln!(s, "{a}\n");
                }
                if let Some(d) = date {
                    let _ = writeln!(s, "{d}");
                }
            }
        }
    }
    s
}

/// Table two in the trial layout of 2019: one pipe table per 第二十条 item.
fn table_two_trial(r: &Report, s: &mut String) {
    let Some(t) = &r.active_disclosure_2019 else {
        return;
    };
    for item in trial_items(t) {
        let _ = writeln!(
            s,
            "| {} | {} |\n|---|{}",
            item.caption,
            item.columns.join(" | "),
            "---|".repeat(item.columns.len())
        );
        for (label, cells) in &item.rows {
            let _ = writeln!(s, "| {label} | {} |", cells.join(" | "));
        }
        s.push('\n');
    }
}

fn table_two(r: &Report, s: &mut String) {
    table_two_trial(r, s);
    let Some(t) = &r.active_disclosure else {
        return;
    };
    s.push_str(
        "| 第二十条第（一）项 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n",
    );
    for (label, v) in [
        ("规章", t.regulations),
        ("行政规范性文件", t.normative_documents),
    ] {
        if let Some(v) = v {
            let _ = writeln!(
                s,
                "| {label} | {} | {} | {} |",
                cell(v.issued),
                cell(v.repealed),
                cell(v.in_force)
            );
        }
    }
    s.push('\n');
    for (head, rows) in [
        ("第二十条第（五）项", vec![("行政许可", t.licensing)]),
        (
            "第二十条第（六）项",
            vec![("行政处罚", t.penalty), ("行政强制", t.coercion)],
        ),
    ] {
        let _ = writeln!(s, "| {head} | 本年处理决定数量 |\n|---|---|");
        for (label, v) in rows {
            let _ = writeln!(s, "| {label} | {} |", cell(v));
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "| 第二十条第（八）项 | 本年收费金额（单位：万元） |\n|---|---|\n| 行政事业性收费 | {} |\n",
        t.fees_wan_yuan.as_deref().unwrap_or("")
    );
}

fn table_three(r: &Report, s: &mut String) {
    let Some(t) = &r.requests else { return };
    s.push_str("| 项目 |");
    for c in Applicant::ALL {
        let _ = write!(s, " {} |", c.label());
    }
    s.push_str("\n|---|---|---|---|---|---|---|---|\n");
    for row in RequestRow::ALL {
        let Some(cells) = t.row(*row) else { continue };
        let _ = write!(s, "| {} |", row.full_label());
        for v in cells {
            let _ = write!(s, " {} |", cell(*v));
        }
        s.push('\n');
    }
    s.push('\n');
}

fn table_four(r: &Report, s: &mut String) {
    let Some(a) = &r.appeals else { return };
    s.push('|');
    for k in AppealKind::ALL {
        for res in AppealResult::ALL {
            let group = if *k == AppealKind::Review {
                "行政复议"
            } else {
                "行政诉讼"
            };
            let _ = write!(
                s,
                " {group} {} {} |",
                if *k == AppealKind::Review {
                    ""
                } else {
                    k.label()
                },
                res.label()
            );
        }
    }
    s.push_str("\n|");
    s.push_str(&"---|".repeat(15));
    s.push_str("\n|");
    for k in AppealKind::ALL {
        for res in AppealResult::ALL {
            let _ = write!(s, " {} |", cell(a.group(*k).get(*res)));
        }
    }
    s.push_str("\n\n");
}

/// A plain view of the tables for a person (`xxgk parse --format table`).
pub fn table_view(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}（{}年）  {}",
        r.agency.as_deref().unwrap_or("?"),
        r.year.map(|y| y.to_string()).unwrap_or_else(|| "?".into()),
        r.source.path
    );
    let dash = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_else(|| "—".into());
    if let Some(t) = &r.active_disclosure_2019 {
        s.push_str("表二 主动公开（2019 年试行格式）\n");
        for item in trial_items(t) {
            for (label, cells) in &item.rows {
                let _ = write!(s, "  {label:<12}");
                for (c, v) in item.columns.iter().zip(cells) {
                    let v = if v.is_empty() { "—" } else { v.as_str() };
                    let _ = write!(s, " {c} {v:>6}");
                }
                s.push('\n');
            }
        }
    }
    match &r.active_disclosure {
        None if r.active_disclosure_2019.is_some() => {}
        None => s.push_str("表二：缺失（null）\n"),
        Some(t) => {
            s.push_str("表二 主动公开\n");
            for (l, v) in [
                ("规章", t.regulations),
                ("行政规范性文件", t.normative_documents),
            ] {
                let v = v.unwrap_or_default();
                let _ = writeln!(
                    s,
                    "  {l:<12} 制发 {:>6} 废止 {:>6} 现行有效 {:>6}",
                    dash(v.issued),
                    dash(v.repealed),
                    dash(v.in_force)
                );
            }
            for (l, v) in [
                ("行政许可", t.licensing),
                ("行政处罚", t.penalty),
                ("行政强制", t.coercion),
            ] {
                let _ = writeln!(s, "  {l:<12} {:>8}", dash(v));
            }
            let _ = writeln!(
                s,
                "  {:<12} {:>8} 万元",
                "行政事业性收费",
                t.fees_wan_yuan.as_deref().unwrap_or("—")
            );
        }
    }
    match &r.requests {
        None => s.push_str("表三：缺失（null）\n"),
        Some(t) => {
            s.push_str(
                "表三 依申请公开            自然人 商业企业 科研机构 公益组织 法律服务 其他 总计\n",
            );
            for row in r.request_rows() {
                let _ = write!(s, "  {:<24}", row.key());
                for c in Applicant::ALL {
                    let _ = write!(s, " {:>6}", dash(t.get(*row, *c)));
                }
                s.push('\n');
            }
        }
    }
    match &r.appeals {
        None => s.push_str("表四：缺失（null）\n"),
        Some(a) => {
            s.push_str("表四 复议诉讼              维持   纠正   其他   未结   总计\n");
            for k in AppealKind::ALL {
                let _ = write!(s, "  {:<24}", k.key());
                for res in AppealResult::ALL {
                    let _ = write!(s, " {:>6}", dash(a.group(*k).get(*res)));
                }
                s.push('\n');
            }
        }
    }
    s
}
