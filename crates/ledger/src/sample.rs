//! A deterministic generator of a year of requests, for tests, demonstrations and
//! benchmarks: the same seed gives the same ledger.

use crate::calendar::Calendar;
use crate::error::LedgerError;
use crate::fee::FeeMethod;
use crate::ledger::{Appeal, AppealDecision, Ledger};
use crate::request::{
    Applicant, ApplicantKind, Asked, Channel, Consulted, NewRequest, Receipt, Stamp,
};
use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz;
use xxgk_model::{AppealKind, AppealResult, RequestRow};

/// A small deterministic generator (xorshift64*).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    /// The next number below `n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
    /// True with probability `percent` %.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// A stamp at 09:00 Beijing time on `d`, by `who`.
pub fn stamp_on(who: &str, d: Date) -> Stamp {
    let at = tz::offset(8)
        .to_timestamp(d.at(9, 0, 0, 0))
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    Stamp::new(who, at)
}

const OUTCOMES: &[(RequestRow, u64)] = &[
    (RequestRow::Granted, 40),
    (RequestRow::PartiallyGranted, 8),
    (RequestRow::DeniedStateSecret, 1),
    (RequestRow::DeniedProhibitedByLaw, 1),
    (RequestRow::DeniedThreeSafeties, 1),
    (RequestRow::DeniedThirdParty, 2),
    (RequestRow::DeniedInternalAffairs, 2),
    (RequestRow::DeniedProcessInfo, 2),
    (RequestRow::DeniedEnforcementFile, 1),
    (RequestRow::DeniedQueryMatter, 1),
    (RequestRow::UnavailableNotHeld, 15),
    (RequestRow::UnavailableNeedsCreation, 3),
    (RequestRow::UnavailableStillUnclear, 2),
    (RequestRow::RejectedPetition, 3),
    (RequestRow::RejectedRepeated, 3),
    (RequestRow::RejectedPublication, 1),
    (RequestRow::RejectedExcessive, 1),
    (RequestRow::RejectedConfirmation, 1),
    (RequestRow::OtherOther, 2),
];

const KINDS: &[(ApplicantKind, u64)] = &[
    (ApplicantKind::NaturalPerson, 70),
    (ApplicantKind::Business, 15),
    (ApplicantKind::Research, 3),
    (ApplicantKind::Nonprofit, 3),
    (ApplicantKind::LegalService, 6),
    (ApplicantKind::OtherOrg, 3),
];

fn pick<T: Copy>(rng: &mut Rng, items: &[(T, u64)]) -> T {
    let total: u64 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.below(total);
    for (v, w) in items {
        if x < *w {
            return *v;
        }
        x -= w;
    }
    items[0].0
}

/// A legal basis for an outcome row, as an answer would state it.
pub fn basis_for(row: RequestRow) -> Option<String> {
    let art = match row {
        RequestRow::Granted | RequestRow::OtherOther => return None,
        RequestRow::PartiallyGranted => "第三十七条",
        RequestRow::DeniedStateSecret
        | RequestRow::DeniedProhibitedByLaw
        | RequestRow::DeniedThreeSafeties => "第十四条",
        RequestRow::DeniedThirdParty => "第十五条",
        RequestRow::DeniedInternalAffairs | RequestRow::DeniedProcessInfo => "第十六条",
        RequestRow::DeniedEnforcementFile => "第十六条第二款",
        RequestRow::DeniedQueryMatter | RequestRow::RejectedConfirmation => "第三十八条",
        RequestRow::UnavailableNotHeld | RequestRow::UnavailableNeedsCreation => {
            "第三十六条第（四）项、第三十八条"
        }
        RequestRow::UnavailableStillUnclear => "第三十六条第（五）项",
        RequestRow::RejectedPetition => "第三十九条第一款",
        RequestRow::RejectedRepeated => "第三十六条第（六）项",
        RequestRow::RejectedPublication => "第三十九条第二款",
        RequestRow::RejectedExcessive => "第三十五条",
        RequestRow::OtherNoCorrection => "第三十条",
        _ => "第三十六条",
    };
    Some(format!("《中华人民共和国政府信息公开条例》{art}"))
}

/// A year of `n` generated requests for `body`, as the ledger stands at the end of
/// 31 December of `year`: every kind of applicant and outcome, some 补正 (corrected or
/// lapsed), consultations, extensions and fees (paid or lapsed), some still open, and a few
/// reviews and lawsuits. Deterministic for a seed.
pub fn year(
    cal: &Calendar,
    body: &str,
    year: i16,
    n: usize,
    seed: u64,
) -> Result<Ledger, LedgerError> {
    let mut rng = Rng::new(seed);
    let mut ledger = Ledger::new(body);
    let start = Date::new(year, 1, 1).map_err(|_| crate::CalendarError::OutOfRange)?;
    let end = Date::new(year, 12, 31).map_err(|_| crate::CalendarError::OutOfRange)?;
    let clerk = "办理人员";
    let mut received: Vec<Date> = Vec::with_capacity(n);
    for _ in 0..n {
        let mut d = start
            .checked_add(i64::try_from(rng.below(365)).unwrap_or(0).days())
            .map_err(|_| crate::CalendarError::OutOfRange)?;
        while !cal.is_working_day(d)? {
            d = crate::calendar::next_day(d)?;
        }
        if d > end {
            d = end;
        }
        received.push(d);
    }
    received.sort();
    for (i, day) in received.into_iter().enumerate() {
        let channel = Channel::ALL[rng.below(Channel::ALL.len() as u64) as usize];
        let arrived = if channel.needs_confirmation() && day > start {
            day.yesterday().unwrap_or(day)
        } else {
            day
        };
        let kind = pick(&mut rng, KINDS);
        let new = NewRequest {
            applicant: Applicant {
                name: format!("申请人{:03}", i + 1),
                kind,
                id_document: Some("身份证".into()),
                contact: Some(format!("电话 010-{:08}", rng.below(100_000_000))),
            },
            asked: Asked {
                description: format!("关于第{}号事项的政府信息", rng.below(1000)),
                delivery: Some("电子邮件".into()),
            },
            receipt: Receipt {
                channel,
                arrived,
                confirmed: channel.needs_confirmation().then_some(day),
            },
        };
        let st = stamp_on(clerk, day);
        let number = ledger.register(new, end, &st)?.number.clone();
        let r = ledger.request_mut(&number)?;
        // 补正: 10 %
        if rng.chance(10) {
            let sent = cal.add_working_days(day, 1 + rng.below(6) as u32)?;
            let by = cal.add_working_days(sent, 15)?;
            r.send_correction_notice(
                cal,
                sent,
                vec!["请明确所需信息的名称、文号或者便于查询的其他特征性描述".into()],
                by,
                &stamp_on(clerk, sent),
            )?;
            if rng.chance(50) {
                let c = cal.add_working_days(sent, 1 + rng.below(10) as u32)?;
                if c <= end {
                    r.record_correction(c, &stamp_on(clerk, c))?;
                }
            }
        }
        // consultation: 10 %
        if rng.chance(10) && r.correction.is_none() {
            let sent = cal.add_working_days(day, 3)?;
            let who = if rng.chance(50) {
                Consulted::ThirdParty
            } else {
                Consulted::Agency
            };
            let idx = r.start_consultation(who, "相关第三方", sent, &stamp_on(clerk, sent))?;
            let a = cal.add_working_days(sent, 3 + rng.below(12) as u32)?;
            if a <= end {
                r.record_consultation_answer(idx, a, &stamp_on(clerk, a))?;
            }
        }
        // extension: 10 %
        if rng.chance(10) {
            let d = cal.add_working_days(day, 15)?;
            r.extend(
                d.min(end).max(day),
                1 + rng.below(20) as u32,
                "需要调取档案",
                &stamp_on(clerk, d),
            )?;
        }
        // fee: 5 %
        if rng.chance(5) && r.correction.is_none() {
            let sent = cal.add_working_days(day, 5)?;
            let method = if rng.chance(50) {
                FeeMethod::ByCount {
                    requests_in_month: 11 + rng.below(30) as u32,
                }
            } else {
                FeeMethod::ByVolume {
                    pages: 31 + rng.below(300) as u32,
                }
            };
            r.send_fee_notice(sent, method, &stamp_on(clerk, sent))?;
            if rng.chance(70) {
                let p = cal.add_working_days(sent, 1 + rng.below(15) as u32)?;
                if p <= end {
                    r.record_payment(p, &stamp_on(clerk, p))?;
                }
            }
        }
        // the answer: some days before the due date, unless that is after the year
        let s = r.schedule(cal)?;
        if let Some(due) = s.due {
            let answered = due
                .checked_sub((rng.below(10) as i64).days())
                .unwrap_or(due)
                .max(s.clock_start);
            if answered <= end {
                let row = pick(&mut rng, OUTCOMES);
                r.close(row, basis_for(row), answered, &stamp_on(clerk, answered))?;
            }
        }
    }
    ledger.apply_lapses(cal, end, &stamp_on("系统", end))?;
    // reviews and lawsuits about some closed requests
    let closed: Vec<(String, Date)> = ledger
        .requests
        .iter()
        .filter_map(|r| Some((r.number.clone(), r.outcome.as_ref()?.answered)))
        .collect();
    let results = [
        AppealResult::Upheld,
        AppealResult::Corrected,
        AppealResult::Other,
    ];
    for (i, (number, answered)) in closed.iter().enumerate() {
        if !rng.chance(4) {
            continue;
        }
        let kind = AppealKind::ALL[rng.below(3) as usize];
        let filed = answered.checked_add(10.days()).unwrap_or(*answered);
        if filed > end {
            continue;
        }
        let decided = filed.checked_add(60.days()).unwrap_or(filed);
        ledger.register_appeal(Appeal {
            number: format!("复{year}-{:03}", i + 1),
            request: Some(number.clone()),
            kind,
            filed,
            decision: (decided <= end).then(|| AppealDecision {
                result: results[rng.below(3) as usize],
                decided,
            }),
        })?;
    }
    Ok(ledger)
}
