//! N101: the prose gives a number of requests received that the table does not.
use crate::{Context, Rule};
use regex::Regex;
use std::sync::LazyLock;
use xxgk_model::{Applicant, Finding, RequestRow};

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:收到|受理|接收|接到)[^。；，,\d]{0,30}?申请[^。；，,\d]{0,8}?(\d+)\s*(?:件|个|条|份)|未(?:收到|受理|接到|接收)[^。；，,\d]{0,12}?申请").expect("static regex")
});

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(t) = &cx.report.requests else { return };
    let Some(new) = t.get(RequestRow::NewReceived, Applicant::Total) else {
        return;
    };
    let mut accepted = vec![new];
    if let Some(c) = t.get(RequestRow::CarriedOver, Applicant::Total) {
        accepted.push(new + c);
    }
    super::compare(
        rule,
        out,
        super::stated(cx, &RE),
        &accepted,
        RequestRow::NewReceived,
        ("收到申请", "requests received"),
    );
}
