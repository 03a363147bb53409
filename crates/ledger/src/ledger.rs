//! The ledger of one body: its requests and its review and litigation register, and what
//! the year's report computes from them (tables three and four, section 六's fees).

use crate::calendar::{Calendar, CalendarError};
use crate::error::LedgerError;
use crate::fee::yuan;
use crate::request::{NewRequest, Request, Stamp};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use xxgk_model::{
    AppealKind, AppealResult, Appeals, Applicant, Report, RequestRow, Requests, SECTION_HEADINGS,
    Section,
};

/// The decision on a review or a lawsuit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealDecision {
    /// 维持, 纠正 or 其他 (never 尚未审结 or 总计: an undecided case has no decision).
    pub result: AppealResult,
    /// The day of the decision or judgment.
    pub decided: Date,
}

/// A 行政复议 or 行政诉讼 about a disclosure decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appeal {
    /// The register number.
    pub number: String,
    /// The request it is about, if in this ledger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    /// Review; litigation without review; litigation after review.
    pub kind: AppealKind,
    /// The day it was filed (accepted).
    pub filed: Date,
    /// The decision, once made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<AppealDecision>,
}

impl Appeal {
    /// The result as it stood at the end of `date`: 尚未审结 until decided.
    pub fn result_on(&self, date: Date) -> AppealResult {
        match &self.decision {
            Some(d) if d.decided <= date => d.result,
            _ => AppealResult::Pending,
        }
    }
}

/// What section 六 states about the 信息处理费 of a year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeTotals {
    /// Fee notices sent in the year.
    pub notices: u32,
    /// Their total, in 元.
    pub noticed: u64,
    /// The amount actually collected in the year, in 元.
    pub collected: u64,
}

/// The ledger of one body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    /// The body, its name exactly as in its reports.
    pub body: String,
    /// Every request, in order of registration.
    #[serde(default)]
    pub requests: Vec<Request>,
    /// The review and litigation register.
    #[serde(default)]
    pub appeals: Vec<Appeal>,
}

fn first_day(year: i16) -> Result<Date, LedgerError> {
    Date::new(year, 1, 1).map_err(|_| CalendarError::OutOfRange.into())
}

fn last_day(year: i16) -> Result<Date, LedgerError> {
    Date::new(year, 12, 31).map_err(|_| CalendarError::OutOfRange.into())
}

impl Ledger {
    /// An empty ledger for a body.
    pub fn new(body: impl Into<String>) -> Ledger {
        Ledger {
            body: body.into(),
            requests: Vec::new(),
            appeals: Vec::new(),
        }
    }

    /// Registers a request, numbered `YYYY-NNNN` by its received year.
    pub fn register(
        &mut self,
        new: NewRequest,
        today: Date,
        stamp: &Stamp,
    ) -> Result<&mut Request, LedgerError> {
        let received = new.receipt.received()?;
        let prefix = format!("{}-", received.year());
        let next = self
            .requests
            .iter()
            .filter_map(|r| r.number.strip_prefix(&prefix)?.parse::<u32>().ok())
            .max()
            .unwrap_or(0)
            + 1;
        let r = Request::new(format!("{prefix}{next:04}"), new, today, stamp)?;
        self.insert(r)
    }

    /// Adds a request made elsewhere (an import), refusing a number used already.
    pub fn insert(&mut self, r: Request) -> Result<&mut Request, LedgerError> {
        if self.requests.iter().any(|x| x.number == r.number) {
            return Err(LedgerError::Duplicate(r.number));
        }
        self.requests.push(r);
        let last = self.requests.len() - 1;
        Ok(&mut self.requests[last])
    }

    /// The request with this number.
    pub fn request(&self, number: &str) -> Option<&Request> {
        self.requests.iter().find(|r| r.number == number)
    }

    /// The request with this number, to change it.
    pub fn request_mut(&mut self, number: &str) -> Result<&mut Request, LedgerError> {
        self.requests
            .iter_mut()
            .find(|r| r.number == number)
            .ok_or_else(|| LedgerError::NotFound(number.to_string()))
    }

    /// Registers a review or lawsuit.
    pub fn register_appeal(&mut self, a: Appeal) -> Result<(), LedgerError> {
        if self.appeals.iter().any(|x| x.number == a.number) {
            return Err(LedgerError::Duplicate(a.number));
        }
        if let Some(d) = &a.decision {
            if matches!(d.result, AppealResult::Pending | AppealResult::Total) {
                return Err(LedgerError::Invalid(
                    "复议、诉讼结果须为维持、纠正或其他 / a decision is 维持, 纠正 or 其他".into(),
                ));
            }
            if d.decided < a.filed {
                return Err(LedgerError::DateOrder {
                    what: "决定日期 / day of the decision",
                    date: d.decided,
                    before: a.filed,
                });
            }
        }
        if let Some(n) = &a.request
            && self.request(n).is_none()
        {
            return Err(LedgerError::NotFound(n.clone()));
        }
        self.appeals.push(a);
        Ok(())
    }

    /// Closes every open request whose 补正 or payment time ran out before `today`: no
    /// correction by the notice's date → 其他处理 1; the fee unpaid within 20 working days
    /// → 其他处理 2. Returns the numbers closed.
    pub fn apply_lapses(
        &mut self,
        cal: &Calendar,
        today: Date,
        stamp: &Stamp,
    ) -> Result<Vec<String>, LedgerError> {
        let mut closed = Vec::new();
        for r in self.requests.iter_mut().filter(|r| r.outcome.is_none()) {
            if let Some(c) = &r.correction
                && c.corrected.is_none()
                && today > c.respond_by
            {
                let day = c.respond_by;
                r.close(
                    RequestRow::OtherNoCorrection,
                    Some("《中华人民共和国政府信息公开条例》第三十条：申请人无正当理由逾期不补正的，视为放弃申请".into()),
                    day,
                    stamp,
                )?;
                closed.push(r.number.clone());
                continue;
            }
            if let Some(f) = &r.fee
                && f.paid.is_none()
            {
                let pay_by = cal.add_working_days(f.sent, crate::request::PAYMENT_DAYS)?;
                if today > pay_by {
                    r.close(
                        RequestRow::OtherFeeUnpaid,
                        Some("《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）：申请人逾期未缴纳信息处理费的，视为放弃申请".into()),
                        pay_by,
                        stamp,
                    )?;
                    closed.push(r.number.clone());
                }
            }
        }
        Ok(closed)
    }

    /// The requests open on 31 December of `year - 1`: next year's 上年结转.
    pub fn carried_over(&self, year: i16) -> Result<Vec<&Request>, LedgerError> {
        let before = first_day(year)?
            .yesterday()
            .map_err(|_| CalendarError::OutOfRange)?;
        Ok(self.requests.iter().filter(|r| r.open_on(before)).collect())
    }

    /// Table three of `year`: new requests received in the year, those carried over from
    /// the year before, the outcomes of those closed in the year, and those still open on
    /// 31 December (结转下年度继续办理). Every row is filled, zeros included.
    pub fn table_three(&self, year: i16) -> Result<Requests, LedgerError> {
        let (start, end) = (first_day(year)?, last_day(year)?);
        let mut t = Requests::default();
        for row in RequestRow::ROWS_2021 {
            *t.row_mut(*row) = Some([Some(0); 7]);
        }
        let add = |t: &mut Requests, row: RequestRow, col: Applicant| {
            for c in [col, Applicant::Total] {
                let v = t.get(row, c).unwrap_or(0);
                t.set(row, c, Some(v + 1));
            }
        };
        for r in &self.requests {
            let col = r.applicant.kind;
            let counted = if (start..=end).contains(&r.received) {
                add(&mut t, RequestRow::NewReceived, col);
                true
            } else if r.received < start && r.outcome.as_ref().is_none_or(|o| o.answered >= start) {
                add(&mut t, RequestRow::CarriedOver, col);
                true
            } else {
                false
            };
            if !counted {
                continue;
            }
            match &r.outcome {
                Some(o) if o.answered <= end => {
                    add(&mut t, o.row, col);
                    add(&mut t, RequestRow::Total, col);
                }
                _ => add(&mut t, RequestRow::CarriedForward, col),
            }
        }
        Ok(t)
    }

    /// Table four of `year`: the reviews and lawsuits filed in the year, by their result at
    /// 31 December.
    pub fn table_four(&self, year: i16) -> Result<Appeals, LedgerError> {
        let (start, end) = (first_day(year)?, last_day(year)?);
        let mut t = Appeals::default();
        for k in AppealKind::ALL {
            for r in AppealResult::ALL {
                t.group_mut(*k).set(*r, Some(0));
            }
        }
        for a in self
            .appeals
            .iter()
            .filter(|a| (start..=end).contains(&a.filed))
        {
            let g = t.group_mut(a.kind);
            for r in [a.result_on(end), AppealResult::Total] {
                g.set(r, Some(g.get(r).unwrap_or(0) + 1));
            }
        }
        Ok(t)
    }

    /// Section 六's fee figures for `year`: notices sent in the year and their total, and
    /// the amount paid in the year.
    pub fn fee_totals(&self, year: i16) -> Result<FeeTotals, LedgerError> {
        let (start, end) = (first_day(year)?, last_day(year)?);
        let mut t = FeeTotals::default();
        for f in self.requests.iter().filter_map(|r| r.fee.as_ref()) {
            if (start..=end).contains(&f.sent) {
                t.notices += 1;
                t.noticed += f.amount;
            }
            if f.paid.is_some_and(|p| (start..=end).contains(&p)) {
                t.collected += f.amount;
            }
        }
        Ok(t)
    }

    /// The draft annual report of `year`: tables three and four computed from the ledger,
    /// the six sections with the sentences the ledger can state (the figures of tables
    /// three and four, the fees of section 六) for the office to complete. Table two is
    /// left out (`null`): the ledger does not hold it.
    pub fn draft_report(&self, year: i16) -> Result<Report, LedgerError> {
        let t3 = self.table_three(year)?;
        let t4 = self.table_four(year)?;
        let fees = self.fee_totals(year)?;
        let cell = |row| t3.get(row, Applicant::Total).unwrap_or(0);
        let mut r = Report::empty();
        r.agency = Some(self.body.clone());
        r.year = Some(i32::from(year));
        r.title = Some(format!("{}{year}年政府信息公开工作年度报告", self.body));
        let texts = [
            format!(
                "{year}年，{}认真贯彻落实《中华人民共和国政府信息公开条例》，依法办理政府信息公开申请。",
                self.body
            ),
            "（由本机关填写 / to be completed by the office）".to_string(),
            format!(
                "本年度新收政府信息公开申请{}件，上年结转{}件；办结{}件，其中予以公开{}件、部分公开{}件；结转下年度继续办理{}件。",
                cell(RequestRow::NewReceived),
                cell(RequestRow::CarriedOver),
                cell(RequestRow::Total),
                cell(RequestRow::Granted),
                cell(RequestRow::PartiallyGranted),
                cell(RequestRow::CarriedForward),
            ),
            format!(
                "本年度发生政府信息公开行政复议{}件，行政诉讼{}件。",
                t4.review.total.unwrap_or(0),
                t4.litigation_direct.total.unwrap_or(0)
                    + t4.litigation_after_review.total.unwrap_or(0),
            ),
            "（由本机关填写存在的主要问题及改进情况 / to be completed by the office）".to_string(),
            format!(
                "本年度发出信息处理费收费通知{}件，金额共计{}元，实际收取信息处理费{}元。",
                fees.notices,
                yuan(fees.noticed),
                yuan(fees.collected)
            ),
        ];
        r.sections = SECTION_HEADINGS
            .iter()
            .zip(texts)
            .zip(1u8..)
            .map(|((h, text), number)| Section {
                number,
                heading: h.to_string(),
                text,
            })
            .collect();
        r.requests = Some(t3);
        r.appeals = Some(t4);
        Ok(r)
    }
}
