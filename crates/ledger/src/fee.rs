//! 信息处理费 (国办函〔2020〕109号): 按件计收 and 按量计收, 超额累进 — only the part above
//! each threshold pays the higher rate.

use serde::{Deserialize, Serialize};

/// How a fee is charged: one method per request, never both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "method")]
pub enum FeeMethod {
    /// 按件计收: the applicant's requests in one natural month.
    ByCount {
        /// Requests of the applicant in the month, this one included.
        requests_in_month: u32,
    },
    /// 按量计收: the pages of this request.
    ByVolume {
        /// Pages provided.
        pages: u32,
    },
}

impl FeeMethod {
    /// The fee in 元.
    pub fn amount(self) -> u64 {
        match self {
            FeeMethod::ByCount { requests_in_month } => fee_by_count(requests_in_month),
            FeeMethod::ByVolume { pages } => fee_by_volume(pages),
        }
    }

    /// The method's name: 按件计收 / 按量计收.
    pub fn label(self) -> &'static str {
        match self {
            FeeMethod::ByCount { .. } => "按件计收",
            FeeMethod::ByVolume { .. } => "按量计收",
        }
    }

    /// The computation, e.g. `20×100 + 10×200 + 5×300 = 5,500 元`; `免费` when free.
    pub fn breakdown(self) -> String {
        let parts: Vec<(u64, u64)> = match self {
            FeeMethod::ByCount { requests_in_month } => match count_tiers(requests_in_month) {
                Some(t) => t,
                None => return format!("{} 元", yuan(self.amount())),
            },
            FeeMethod::ByVolume { pages } => volume_tiers(pages),
        };
        let parts: Vec<String> = parts
            .into_iter()
            .filter(|(n, rate)| *n > 0 && *rate > 0)
            .map(|(n, rate)| format!("{n}×{rate}"))
            .collect();
        if parts.is_empty() {
            "0 元（免费 / free）".to_string()
        } else {
            format!("{} = {} 元", parts.join(" + "), yuan(self.amount()))
        }
    }
}

/// (how many, rate) for each tier of 按件计收 (for showing the computation; at most 12
/// tiers are listed, `None` beyond).
fn count_tiers(n: u32) -> Option<Vec<(u64, u64)>> {
    let n = u64::from(n);
    if n > 120 {
        return None;
    }
    let mut out = vec![(n.min(10), 0), (n.clamp(10, 30) - 10, 100)];
    // 31–40: 200 元; each further block of 10 adds 100 元
    let mut lo = 30;
    let mut rate = 200;
    while n > lo {
        out.push(((n - lo).min(10), rate));
        lo += 10;
        rate += 100;
    }
    Some(out)
}

/// (how many, rate) for each tier of 按量计收.
fn volume_tiers(pages: u32) -> Vec<(u64, u64)> {
    let p = u64::from(pages);
    vec![
        (p.min(30), 0),
        (p.clamp(30, 100) - 30, 10),
        (p.clamp(100, 200) - 100, 20),
        (p.max(200) - 200, 40),
    ]
}

/// 按件计收: the fee in 元 for the `n`th request of one applicant in one natural month
/// and all before it: 1–10 free, 11–30 100 元 each, 31–40 200 元, 41–50 300 元, ….
pub fn fee_by_count(requests_in_month: u32) -> u64 {
    let n = u128::from(requests_in_month);
    let mut fee = (n.clamp(10, 30) - 10) * 100;
    if n > 30 {
        // full blocks of ten above 30 at 200, 300, … 元, then the rest of the last block
        let (full, rest) = ((n - 30) / 10, (n - 30) % 10);
        fee += 10 * (200 * full + 100 * full * full.saturating_sub(1) / 2);
        fee += rest * (200 + 100 * full);
    }
    u64::try_from(fee).unwrap_or(u64::MAX)
}

/// 按量计收: the fee in 元 for the pages of one request: 1–30 free, 31–100 10 元 a page,
/// 101–200 20 元, 201 and more 40 元.
pub fn fee_by_volume(pages: u32) -> u64 {
    volume_tiers(pages)
        .into_iter()
        .map(|(n, rate)| n * rate)
        .sum()
}

/// An amount in 元 with thousands separators: `5,500`.
pub fn yuan(amount: u64) -> String {
    let digits = amount.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_count_is_progressive() {
        assert_eq!(fee_by_count(0), 0);
        assert_eq!(fee_by_count(10), 0);
        assert_eq!(fee_by_count(11), 100);
        assert_eq!(fee_by_count(30), 2_000);
        assert_eq!(fee_by_count(31), 2_200);
        assert_eq!(fee_by_count(40), 4_000);
        assert_eq!(fee_by_count(45), 5_500);
        assert_eq!(fee_by_count(50), 7_000);
        assert_eq!(fee_by_count(51), 7_400);
        // the closed form agrees with the tiers
        for n in 0..=120 {
            let tiers: u64 = count_tiers(n)
                .expect("tiers")
                .iter()
                .map(|(k, r)| k * r)
                .sum();
            assert_eq!(fee_by_count(n), tiers, "{n}");
        }
        assert!(fee_by_count(u32::MAX) > 0);
    }

    #[test]
    fn by_volume_is_progressive() {
        assert_eq!(fee_by_volume(30), 0);
        assert_eq!(fee_by_volume(31), 10);
        assert_eq!(fee_by_volume(100), 700);
        assert_eq!(fee_by_volume(200), 2_700);
        assert_eq!(fee_by_volume(250), 4_700);
    }

    #[test]
    fn breakdown_and_thousands() {
        assert_eq!(
            FeeMethod::ByCount {
                requests_in_month: 45
            }
            .breakdown(),
            "20×100 + 10×200 + 5×300 = 5,500 元"
        );
        assert_eq!(
            FeeMethod::ByVolume { pages: 250 }.breakdown(),
            "70×10 + 100×20 + 50×40 = 4,700 元"
        );
        assert_eq!(yuan(1_234_567), "1,234,567");
        assert_eq!(yuan(999), "999");
    }
}
