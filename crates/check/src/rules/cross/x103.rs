//! X103: every table figure equals last year's.
use crate::context::{report_name, with_other};
use crate::{Context, Rule};
use xxgk_model::{
    AppealKind, AppealResult, Applicant, DecisionKind, DocumentKind, Finding, IssuedColumn, Report,
    RequestRow,
};

/// The equal figures must include at least this many that are not zero, not a total and
/// not a 现行有效 count (which rightly stays the same in a year without new documents):
/// a quiet body's all-zero tables repeated, or one request a year, is not evidence of
/// copying.
pub(crate) const MIN_NONZERO: usize = 5;

/// One figure of the tables: its value (the fee in 万元, parsed) and whether it counts
/// as evidence (not a total, not 现行有效).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Figure {
    value: Option<f64>,
    evidence: bool,
}

/// Every figure of tables two, three and four, in a fixed order (absent ones `None`).
fn figures(r: &Report) -> Vec<Figure> {
    let mut v = Vec::new();
    let mut push = |value: Option<i64>, evidence: bool| {
        v.push(Figure {
            value: value.map(|x| x as f64),
            evidence,
        })
    };
    let t2 = r.active_disclosure.as_ref();
    for k in DocumentKind::ALL {
        let row = t2.and_then(|t| match k {
            DocumentKind::Regulations => t.regulations,
            DocumentKind::NormativeDocuments => t.normative_documents,
        });
        for c in IssuedColumn::ALL {
            let x = row.and_then(|i| match c {
                IssuedColumn::Issued => i.issued,
                IssuedColumn::Repealed => i.repealed,
                IssuedColumn::InForce => i.in_force,
            });
            push(x, *c != IssuedColumn::InForce);
        }
    }
    for k in DecisionKind::ALL {
        let x = t2.and_then(|t| match k {
            DecisionKind::Licensing => t.licensing,
            DecisionKind::Penalty => t.penalty,
            DecisionKind::Coercion => t.coercion,
        });
        push(x, true);
    }
    let t3 = r.requests.as_ref();
    for row in RequestRow::ALL {
        for c in Applicant::ALL {
            let total = *row == RequestRow::Total || *c == Applicant::Total;
            push(t3.and_then(|t| t.get(*row, *c)), !total);
        }
    }
    for k in AppealKind::ALL {
        for res in AppealResult::ALL {
            let x = r.appeals.as_ref().and_then(|a| a.group(*k).get(*res));
            push(x, *res != AppealResult::Total);
        }
    }
    let fee = t2
        .and_then(|t| t.fees_wan_yuan.as_deref())
        .and_then(|f| f.trim().parse::<f64>().ok());
    v.push(Figure {
        value: fee,
        evidence: true,
    });
    v
}

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(last) = cx.last_year() else { return };
    let (now, then) = (figures(cx.report), figures(&last));
    let mut compared = 0usize;
    let mut nonzero = 0usize;
    for (a, b) in now.iter().zip(&then) {
        let (Some(x), Some(y)) = (a.value, b.value) else {
            continue;
        };
        if x != y {
            return;
        }
        compared += 1;
        if x != 0.0 && a.evidence {
            nonzero += 1;
        }
    }
    if nonzero < MIN_NONZERO {
        return;
    }
    let (name_zh, name_en) = report_name(&last);
    let f = rule
        .finding(
            format!("表二、表三、表四中两年都填写的 {compared} 个数字（其中 {nonzero} 个不为 0 的分项数字）与上年报告{name_zh}完全相同，疑似照搬上年数据"),
            format!("all {compared} figures of tables two, three and four given in both years ({nonzero} of them non-zero items) equal last year's report {name_en}: the figures look copied"),
        )
        .with("figures", compared as u64)
        .with("nonzero", nonzero as u64);
    out.push(with_other(f, &last));
}
