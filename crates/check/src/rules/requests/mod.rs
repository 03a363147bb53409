//! T3: table three.
pub(crate) mod t301;
pub(crate) mod t302;
pub(crate) mod t303;
pub(crate) mod t305;

use crate::context::place;
use crate::rules::{Balance, balance};
use crate::{Context, Rule};
use xxgk_model::{CellRef, Finding, TableId};

/// Reports one balance check; undecided ones are collected for a single summary.
#[allow(clippy::too_many_arguments)]
pub(crate) fn report_balance(
    rule: &Rule,
    out: &mut Vec<Finding>,
    undecided: &mut Vec<String>,
    lhs: &[Option<i64>],
    rhs: &[Option<i64>],
    what: impl FnOnce(&str, &str) -> (String, String),
    cx: &Context,
    cell: CellRef,
) {
    let b = balance(lhs, rhs);
    if b == Balance::Holds {
        return;
    }
    match b {
        Balance::Holds => {}
        Balance::Undecided => undecided.push(what("?", "?").0),
        Balance::Fails(l, r) => {
            let (zh, en) = what(&l.to_string(), &r.to_string());
            // the values compared: the stated total and the sum of its parts
            let f = rule.finding(zh, en).with("total", l).with("sum", r);
            out.push(place(f, cell, cx.at(cell)));
        }
    }
}

/// One `info` finding listing the checks that missing cells left open.
pub(crate) fn report_undecided(
    cx: &Context,
    rule: &Rule,
    out: &mut Vec<Finding>,
    undecided: Vec<String>,
    table: TableId,
) {
    if undecided.is_empty() {
        return;
    }
    let _ = cx;
    let list = undecided;
    let mut f = rule.undecided(
        format!(
            "有单元格缺失（null），{} 处无法核对：{}",
            list.len(),
            list.join("；")
        ),
        format!("{} check(s) left open by missing (null) cells", list.len()),
    );
    f.table = Some(table);
    f.section = Some(if table == TableId::Appeals { 4 } else { 3 });
    out.push(f);
}
