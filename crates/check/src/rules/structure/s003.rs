//! S003: a statutory table is missing.
use crate::{Context, Rule};
use xxgk_model::{Finding, TableId};

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let r = cx.report;
    let tables = [
        (
            // in the 2021 layout or the trial one of 2019
            !r.has_table_two(),
            TableId::ActiveDisclosure,
            2u8,
            "二、主动公开政府信息情况",
        ),
        (
            r.requests.is_none(),
            TableId::Requests,
            3,
            "三、收到和处理政府信息公开申请情况",
        ),
        (
            r.appeals.is_none(),
            TableId::Appeals,
            4,
            "四、政府信息公开行政复议、行政诉讼情况",
        ),
    ];
    for (missing, table, n, name) in tables {
        if missing {
            let mut f = rule.finding(
                format!("缺少“{name}”统计表（按 null 处理，相关规则未检查）"),
                format!("the table of section {n} is missing (null; its rules were not evaluated)"),
            );
            f.section = Some(n);
            f.table = Some(table);
            f.location = cx.heading_at(n);
            out.push(f);
        }
    }
}
