//! N102: the prose gives a number of requests completed that the table does not.
use crate::{Context, Rule};
use regex::Regex;
use std::sync::LazyLock;
use xxgk_model::{Applicant, Finding, RequestRow};

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:已|共|全部)?办结[^。；，,\d]{0,10}?(\d+)\s*件").expect("static regex")
});

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(t) = &cx.report.requests else { return };
    let Some(total) = t.get(RequestRow::Total, Applicant::Total) else {
        return;
    };
    super::compare(
        rule,
        out,
        super::stated(cx, &RE),
        &[total],
        RequestRow::Total,
        ("办结", "requests completed"),
    );
}
