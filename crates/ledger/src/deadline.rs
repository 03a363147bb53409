//! The deadline engine: a request's time limits on the official calendar.
//!
//! Day 0 is the received date; the answer is due on the 20th working day after it
//! (Art. 33). A 补正 restarts the clock on the day the corrected request arrives; a
//! consultation and an unpaid fee pause it from the day after sending to the day of the
//! answer or payment; the one extension adds at most 20 working days; a date set under
//! Art. 35 replaces the due date. A date that falls in a year the calendar does not hold
//! is an error, never a guess.

use crate::calendar::{Calendar, CalendarError};
use crate::request::{
    ANSWER_DAYS, CORRECTION_NOTICE_DAYS, Consulted, PAYMENT_DAYS, Request, THIRD_PARTY_DAYS,
};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The clock of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    /// Running towards `due`.
    Running,
    /// Stopped until the corrected request arrives.
    AwaitingCorrection,
    /// Paused by a consultation or an unpaid fee that reached it before the due date.
    Paused,
    /// The request is closed.
    Stopped,
}

/// A request's dates, computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// Day 0: the received date, or the day the corrected request arrived.
    pub clock_start: Date,
    /// The clock's state.
    pub clock: Clock,
    /// The last day for a 补正 notice (7 working days after receipt).
    pub correction_notice_by: Date,
    /// The 20th working day, pauses not counted (before any extension or Art. 35 date);
    /// `None` while the clock is stopped or paused.
    pub statutory_due: Option<Date>,
    /// The due date in force: Art. 35's date, else the statutory one plus the extension.
    pub due: Option<Date>,
    /// For each consultation of a third party, the end of its 15 working days.
    pub consultation_answer_by: Vec<Option<Date>>,
    /// The last day to pay a fee notice.
    pub pay_by: Option<Date>,
}

/// A reminder for a request that is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Reminder {
    /// Due in at most 5 working days.
    DueSoon {
        /// Working days left (0: due today).
        days_left: u32,
    },
    /// Past the due date.
    Overdue {
        /// Working days since the due date.
        days_over: u32,
    },
}

/// The statutory due date for a request received on `received`, with nothing else
/// happening: the 20th working day after it.
pub fn due_date(cal: &Calendar, received: Date) -> Result<Date, CalendarError> {
    cal.add_working_days(received, ANSWER_DAYS)
}

/// A pause: days after `from` up to `to` (inclusive; open-ended when `None`) do not count.
#[derive(Debug, Clone, Copy)]
struct Pause {
    from: Date,
    to: Option<Date>,
}

impl Pause {
    fn covers(&self, d: Date) -> bool {
        d > self.from && self.to.is_none_or(|t| d <= t)
    }
}

/// The `n`th counted working day after `start`; `None` when an open-ended pause is reached
/// first.
fn count(
    cal: &Calendar,
    start: Date,
    n: u32,
    pauses: &[Pause],
) -> Result<Option<Date>, CalendarError> {
    let mut d = start;
    let mut left = n;
    while left > 0 {
        d = crate::calendar::next_day(d)?;
        if pauses.iter().any(|p| p.to.is_none() && p.covers(d)) {
            return Ok(None);
        }
        if cal.is_working_day(d)? && !pauses.iter().any(|p| p.covers(d)) {
            left -= 1;
        }
    }
    Ok(Some(d))
}

impl Request {
    /// The request's dates on the calendar.
    pub fn schedule(&self, cal: &Calendar) -> Result<Schedule, CalendarError> {
        let correction_notice_by = cal.add_working_days(self.received, CORRECTION_NOTICE_DAYS)?;
        let consultation_answer_by = self
            .consultations
            .iter()
            .map(|c| match c.consulted {
                Consulted::ThirdParty => cal.add_working_days(c.sent, THIRD_PARTY_DAYS).map(Some),
                Consulted::Agency => Ok(None),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let pay_by = match &self.fee {
            Some(f) => Some(cal.add_working_days(f.sent, PAYMENT_DAYS)?),
            None => None,
        };
        let mut s = Schedule {
            clock_start: self.received,
            clock: Clock::Running,
            correction_notice_by,
            statutory_due: None,
            due: None,
            consultation_answer_by,
            pay_by,
        };
        if let Some(c) = &self.correction {
            match c.corrected {
                Some(d) => s.clock_start = d,
                None => {
                    s.clock = if self.outcome.is_some() {
                        Clock::Stopped
                    } else {
                        Clock::AwaitingCorrection
                    };
                    return Ok(s);
                }
            }
        }
        let mut pauses: Vec<Pause> = self
            .consultations
            .iter()
            .map(|c| Pause {
                from: c.sent,
                to: c.answered,
            })
            .collect();
        if let Some(f) = &self.fee {
            pauses.push(Pause {
                from: f.sent,
                to: f.paid,
            });
        }
        // a request closed: an open-ended pause ends with the answer
        if let Some(o) = &self.outcome {
            for p in pauses.iter_mut().filter(|p| p.to.is_none()) {
                p.to = Some(o.answered);
            }
        }
        // only pauses after day 0 count
        pauses.retain(|p| p.to.is_none_or(|t| t > s.clock_start));
        for p in &mut pauses {
            p.from = p.from.max(s.clock_start);
        }
        s.statutory_due = count(cal, s.clock_start, ANSWER_DAYS, &pauses)?;
        let extension = self.extension.as_ref().map_or(0, |e| e.days);
        s.due = match &self.custom_due {
            Some(c) => Some(c.due),
            None => count(cal, s.clock_start, ANSWER_DAYS + extension, &pauses)?,
        };
        if s.due.is_none() {
            s.clock = Clock::Paused;
        }
        if self.outcome.is_some() {
            s.clock = Clock::Stopped;
        }
        Ok(s)
    }

    /// A reminder on `today` for an open request: due in ≤ 5 working days, or overdue.
    pub fn reminder(&self, cal: &Calendar, today: Date) -> Result<Option<Reminder>, CalendarError> {
        if self.outcome.is_some() {
            return Ok(None);
        }
        let s = self.schedule(cal)?;
        let Some(due) = s.due else { return Ok(None) };
        if today > due {
            let days_over = cal.working_days_between(due, today)?;
            return Ok(Some(Reminder::Overdue { days_over }));
        }
        let days_left = cal.working_days_between(today, due)?;
        Ok((days_left <= 5).then_some(Reminder::DueSoon { days_left }))
    }
}
