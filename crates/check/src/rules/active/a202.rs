//! A202: the fee is implausible for 万元.
use crate::context::place;
use crate::{Context, Rule};
use xxgk_model::{Finding, TableId};

super::super::rule!(
    "A202",
    Warning,
    "行政事业性收费金额按万元计不合理（疑似按元填写）",
    "table two: the fee is implausible for 万元 (looks like 元)",
    check
);

fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(fee) = cx
        .report
        .active_disclosure
        .as_ref()
        .and_then(|t| t.fees_wan_yuan.as_deref())
    else {
        return;
    };
    let decimals = fee.split_once('.').map(|(_, d)| d.len()).unwrap_or(0);
    let value: f64 = fee.parse().unwrap_or(0.0);
    if value >= 10_000.0 || decimals > 6 {
        out.push(place(
            rule.finding(
                format!("行政事业性收费金额 {fee} 万元不合理，疑似按“元”填写"),
                format!("the fee {fee} 万元 is implausible; it looks like it was typed in 元"),
            ),
            TableId::ActiveDisclosure,
            Some("fees_wan_yuan"),
            None,
            cx.at("active_disclosure.fees_wan_yuan"),
        ));
    }
}
