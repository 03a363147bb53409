//! A202: the fee is implausible for 万元.
use crate::BodyKind;
use crate::context::place;
use crate::{Context, Rule};
use xxgk_model::{CellRef, Finding};

/// From this amount (万元, i.e. 1 亿元) a department's, township's or street's fee looks
/// like 元 typed into the 万元 column.
pub(crate) const BODY_LIMIT: f64 = 1e4;
/// From this amount (万元, i.e. 1,000 亿元) even a government's whole-area total does:
/// ten times what the largest city plausibly collects (about 10^6 万元).
pub(crate) const GOVERNMENT_LIMIT: f64 = 1e7;
/// A change against the same body's previous year by this factor or more, either way
/// (about 10,000× is the factor between 元 and 万元), means the unit is wrong in one of the
/// years: real fees change by a few times a year.
pub(crate) const UNIT_JUMP: f64 = 1e3;

fn amount(fee: &str) -> Option<f64> {
    fee.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

pub(crate) fn check(cx: &Context, rule: &Rule, out: &mut Vec<Finding>) {
    let Some(fee) = cx
        .report
        .active_disclosure
        .as_ref()
        .and_then(|t| t.fees_wan_yuan.as_deref())
    else {
        return;
    };
    let Some(value) = amount(fee) else { return };
    let decimals = fee.split_once('.').map(|(_, d)| d.len()).unwrap_or(0);
    let kind = cx.body_kind();
    let last = cx.last_year().and_then(|r| {
        r.active_disclosure
            .and_then(|t| t.fees_wan_yuan)
            .and_then(|f| amount(&f))
    });
    // both years non-zero
    let jump = last
        .filter(|p| *p > 0.0 && value > 0.0)
        .map(|p| (p, value / p));
    let f = if decimals > 6 {
        Some(rule.finding(
            format!("行政事业性收费金额 {fee} 万元有 {decimals} 位小数（万元的第 6 位小数已是 1 分钱），疑似按“元”填写"),
            format!("the fee {fee} 万元 has {decimals} decimals (the 6th decimal of 万元 is one fen); it looks like it was typed in 元"),
        ))
    } else if let Some((p, ratio)) = jump.filter(|(_, x)| *x >= UNIT_JUMP) {
        Some(rule.finding(
            format!("行政事业性收费金额 {fee} 万元是上年 {p} 万元的约 {ratio:.0} 倍，疑似按“元”填写"),
            format!("the fee {fee} 万元 is about {ratio:.0} times last year's {p} 万元; it looks like it was typed in 元"),
        ))
    } else if let Some((p, ratio)) = jump.filter(|(_, x)| *x <= 1.0 / UNIT_JUMP) {
        let factor = 1.0 / ratio;
        Some(rule.finding(
            format!("行政事业性收费金额 {fee} 万元只有上年 {p} 万元的约 {factor:.0} 分之一，两年中有一年疑似按“元”填写"),
            format!("the fee {fee} 万元 is about 1/{factor:.0} of last year's {p} 万元; one of the two years looks typed in 元"),
        ))
    } else {
        match kind {
            BodyKind::Government if value >= GOVERNMENT_LIMIT => Some(rule.finding(
                format!("行政事业性收费金额 {fee} 万元（1,000 亿元以上）即使是全辖区汇总也不合理，疑似按“元”填写"),
                format!("the fee {fee} 万元 (100 billion yuan or more) is implausible even as a whole-area total; it looks like it was typed in 元"),
            )),
            BodyKind::Department | BodyKind::Township if value >= BODY_LIMIT => {
                Some(rule.finding(
                    format!("行政事业性收费金额 {fee} 万元对{}而言不合理（1 亿元以上），疑似按“元”填写", kind.name_zh()),
                    format!("the fee {fee} 万元 (100 million yuan or more) is implausible for a {}; it looks like it was typed in 元", kind.name()),
                ))
            }
            BodyKind::Unknown if value >= GOVERNMENT_LIMIT => Some(rule.finding(
                format!("行政事业性收费金额 {fee} 万元（1,000 亿元以上）不合理，疑似按“元”填写"),
                format!("the fee {fee} 万元 (100 billion yuan or more) is implausible; it looks like it was typed in 元"),
            )),
            BodyKind::Unknown if value >= BODY_LIMIT => Some(rule.undecided(
                format!("行政事业性收费金额 {fee} 万元对政府部门而言过大，对一级政府的全辖区汇总则可能合理，机关类别未能识别"),
                format!("the fee {fee} 万元 is too large for a department but plausible for a government's whole-area total; the kind of body is unknown"),
            )),
            _ => None,
        }
    };
    if let Some(mut f) = f {
        f = f.with("fee", fee);
        if let Some((p, _)) = jump {
            f = f.with("last_year", p);
            if let Some(last) = cx.last_year() {
                f = crate::context::with_other(f, &last);
            }
        }
        out.push(place(f, CellRef::Fee, cx.at(CellRef::Fee)));
    }
}

#[cfg(test)]
mod tests {
    use crate::Context;
    use xxgk_model::{ActiveDisclosure, Report, Severity};

    fn report(agency: &str, year: i32, fee: &str) -> Report {
        let mut r = Report::empty();
        r.agency = Some(agency.into());
        r.year = Some(year);
        r.active_disclosure = Some(ActiveDisclosure {
            fees_wan_yuan: Some(fee.into()),
            ..ActiveDisclosure::default()
        });
        r
    }

    fn a202(cx: &Context) -> Vec<(Severity, String)> {
        let mut out = Vec::new();
        (crate::rules::A202.check)(cx, &crate::rules::A202, &mut out);
        out.into_iter().map(|f| (f.severity, f.message)).collect()
    }

    #[test]
    fn a_city_wide_total_is_not_a_unit_error() {
        for fee in ["96171.6", "18651.06", "950000"] {
            let r = report("示例市人民政府", 2024, fee);
            assert!(a202(&Context::new(&r)).is_empty(), "{fee}");
        }
        let r = report("示例市人民政府", 2024, "961716000");
        assert_eq!(a202(&Context::new(&r)).len(), 1);
    }

    #[test]
    fn a_department_keeps_the_lower_limit() {
        let r = report("示例市人民政府办公室", 2024, "18651.06");
        let f = a202(&Context::new(&r));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, Severity::Warning);
        let r = report("青石镇人民政府", 2024, "38650");
        assert_eq!(a202(&Context::new(&r)).len(), 1);
        let r = report("示例市教育局", 2024, "9999.99");
        assert!(a202(&Context::new(&r)).is_empty());
    }

    #[test]
    fn an_unknown_body_between_the_limits_is_undecided() {
        let r = report("示例", 2024, "18651.06");
        let f = a202(&Context::new(&r));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, Severity::Info);
        assert!(f[0].1.starts_with("无法判定"));
    }

    #[test]
    fn too_many_decimals() {
        let r = report("示例市教育局", 2024, "0.1234567");
        assert_eq!(a202(&Context::new(&r)).len(), 1);
    }

    #[test]
    fn a_ten_thousandfold_jump_against_last_year() {
        let h = vec![
            report("东山县人民政府", 2023, "520.5"),
            report("东山县教育局", 2023, "0.35"),
            report("西河区人民政府", 2023, "480"),
        ];
        // a county government's 元 figure stays under the government limit: only the
        // history shows it
        let r = report("东山县人民政府", 2024, "5312000");
        assert!(a202(&Context::new(&r)).is_empty());
        let f = a202(&Context::new(&r).with_history(&h));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].1.contains("上年 520.5 万元"), "{}", f[0].1);
        // a department under the department limit
        let r = report("东山县教育局", 2024, "3600");
        assert!(a202(&Context::new(&r)).is_empty());
        assert_eq!(a202(&Context::new(&r).with_history(&h)).len(), 1);
        // an ordinary change is not a unit error
        let r = report("西河区人民政府", 2024, "530.25");
        assert!(a202(&Context::new(&r).with_history(&h)).is_empty());
        // a fall by 1,000 times or more: last year's was typed in 元
        let h2 = vec![report("南湖市司法局", 2023, "42000")];
        let r = report("南湖市司法局", 2024, "4.2");
        let f = a202(&Context::new(&r).with_history(&h2));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].1.contains("上年 42000 万元"), "{}", f[0].1);
        // a zero year is no jump
        let r = report("南湖市司法局", 2024, "0");
        assert!(a202(&Context::new(&r).with_history(&h2)).is_empty());
        // no report of the same body last year: the limits alone
        let r = report("北岭县人民政府", 2024, "5312000");
        assert!(a202(&Context::new(&r).with_history(&h)).is_empty());
    }
}
