//! N103: the prose gives a number carried forward that the table does not.
use crate::{Context, Rule};
use regex::Regex;
use std::sync::LazyLock;
use xxgk_model::{Applicant, Finding, RequestRow};

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"结转(?:至|到)?下(?:一)?年度?[^。；，,\d]{0,10}?(\d+)\s*件").expect("static regex")
});

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(t) = &cx.report.requests else { return };
    let Some(v) = t.get(RequestRow::CarriedForward, Applicant::Total) else {
        return;
    };
    super::compare(
        rule,
        out,
        super::stated(cx, &RE),
        &[v],
        RequestRow::CarriedForward,
        ("结转下年度继续办理", "carried forward"),
    );
}
