//! The ledger engine against the official calendar: deadlines, fees, the year's tables.

use jiff::civil::{Date, date};
use xxgk_ledger::sample::{self, stamp_on};
use xxgk_ledger::{
    Applicant, ApplicantKind, Asked, Calendar, CalendarError, Channel, Clock, Consulted, FeeMethod,
    Ledger, LedgerError, NewRequest, Receipt, Reminder, Request, Status, due_date, fee_by_count,
    fee_by_volume,
};
use xxgk_model::{Applicant as Col, Report, RequestRow};

fn cal() -> Calendar {
    Calendar::official()
}

fn new_request(channel: Channel, arrived: Date, confirmed: Option<Date>) -> NewRequest {
    NewRequest {
        applicant: Applicant {
            name: "张三".into(),
            kind: ApplicantKind::NaturalPerson,
            id_document: Some("身份证 110101199001011234".into()),
            contact: Some("13800000000".into()),
        },
        asked: Asked {
            description: "2024年本区老旧小区改造项目清单".into(),
            delivery: Some("电子邮件".into()),
        },
        receipt: Receipt {
            channel,
            arrived,
            confirmed,
        },
    }
}

fn request(received: Date) -> Request {
    Request::new(
        "2025-0001",
        new_request(Channel::InPerson, received, None),
        date(2026, 12, 1),
        &stamp_on("李四", received),
    )
    .expect("request")
}

#[test]
fn received_friday_before_national_day_is_due_30_october() {
    // a Sunday make-up workday, the National Day week, a Saturday make-up workday
    assert_eq!(due_date(&cal(), date(2025, 9, 26)), Ok(date(2025, 10, 30)));
    let r = request(date(2025, 9, 26));
    let s = r.schedule(&cal()).expect("schedule");
    assert_eq!(s.due, Some(date(2025, 10, 30)));
    assert_eq!(s.clock, Clock::Running);
    assert_eq!(s.correction_notice_by, date(2025, 10, 13));
    assert_eq!(r.status(), Status::Open);
}

#[test]
fn received_date_follows_article_31_by_channel() {
    let today = date(2025, 12, 1);
    let st = stamp_on("李四", today);
    // registered post: the day the agency signs for it
    let r = Request::new(
        "1",
        new_request(Channel::RegisteredPost, date(2025, 9, 25), None),
        today,
        &st,
    )
    .expect("post");
    assert_eq!(r.received, date(2025, 9, 25));
    // online: the day both sides confirm, not the day it arrived
    let r = Request::new(
        "2",
        new_request(Channel::Online, date(2025, 9, 25), Some(date(2025, 9, 26))),
        today,
        &st,
    )
    .expect("online");
    assert_eq!(r.received, date(2025, 9, 26));
    assert_eq!(
        r.schedule(&cal()).expect("schedule").due,
        Some(date(2025, 10, 30))
    );
    // ordinary post without confirmation: no received date yet
    assert_eq!(
        Request::new(
            "3",
            new_request(Channel::OrdinaryPost, date(2025, 9, 25), None),
            today,
            &st
        ),
        Err(LedgerError::NeedsConfirmation(Channel::OrdinaryPost))
    );
    // a received date in the future is refused
    assert!(matches!(
        Request::new(
            "4",
            new_request(Channel::InPerson, date(2025, 12, 2), None),
            today,
            &st
        ),
        Err(LedgerError::FutureReceipt { .. })
    ));
}

#[test]
fn a_correction_restarts_the_clock() {
    let cal = cal();
    let mut r = request(date(2025, 9, 26));
    let st = stamp_on("李四", date(2025, 9, 30));
    // after the 7th working day (13 October) the notice is refused
    assert_eq!(
        r.send_correction_notice(
            &cal,
            date(2025, 10, 14),
            vec!["补充文号".into()],
            date(2025, 11, 1),
            &st
        ),
        Err(LedgerError::CorrectionTooLate {
            sent: date(2025, 10, 14),
            by: date(2025, 10, 13)
        })
    );
    r.send_correction_notice(
        &cal,
        date(2025, 9, 30),
        vec!["补充文号".into(), "明确年份".into()],
        date(2025, 10, 31),
        &st,
    )
    .expect("notice");
    assert_eq!(r.status(), Status::AwaitingCorrection);
    let s = r.schedule(&cal).expect("schedule");
    assert_eq!((s.clock, s.due), (Clock::AwaitingCorrection, None));
    // once only
    assert_eq!(
        r.send_correction_notice(
            &cal,
            date(2025, 9, 30),
            vec!["x".into()],
            date(2025, 10, 31),
            &st
        ),
        Err(LedgerError::Once("补正告知 / the 补正 notice"))
    );
    r.record_correction(date(2025, 11, 3), &st)
        .expect("corrected");
    let s = r.schedule(&cal).expect("schedule");
    assert_eq!(s.clock_start, date(2025, 11, 3));
    assert_eq!(s.due, Some(date(2025, 12, 1)));
    assert_eq!(r.status(), Status::Open);
}

#[test]
fn no_correction_by_the_notice_date_closes_as_other_1() {
    let cal = cal();
    let mut l = Ledger::new("某区人民政府办公室");
    let st = stamp_on("李四", date(2025, 9, 26));
    let n = l
        .register(
            new_request(Channel::InPerson, date(2025, 9, 26), None),
            date(2025, 9, 26),
            &st,
        )
        .expect("register")
        .number
        .clone();
    assert_eq!(n, "2025-0001");
    l.request_mut(&n)
        .expect("r")
        .send_correction_notice(
            &cal,
            date(2025, 9, 29),
            vec!["补充文号".into()],
            date(2025, 10, 20),
            &st,
        )
        .expect("notice");
    // on the last day nothing happens; the day after, it is closed
    assert!(
        l.apply_lapses(&cal, date(2025, 10, 20), &st)
            .expect("lapses")
            .is_empty()
    );
    assert_eq!(
        l.apply_lapses(&cal, date(2025, 10, 21), &st)
            .expect("lapses"),
        vec![n.clone()]
    );
    let r = l.request(&n).expect("r");
    let o = r.outcome.as_ref().expect("closed");
    assert_eq!(o.row, RequestRow::OtherNoCorrection);
    assert_eq!(r.status(), Status::Closed);
}

#[test]
fn a_consultation_pauses_the_clock() {
    let cal = cal();
    let mut r = request(date(2025, 11, 3));
    assert_eq!(r.schedule(&cal).expect("s").due, Some(date(2025, 12, 1)));
    let st = stamp_on("李四", date(2025, 11, 5));
    let i = r
        .start_consultation(Consulted::ThirdParty, "某公司", date(2025, 11, 5), &st)
        .expect("consult");
    let s = r.schedule(&cal).expect("s");
    assert_eq!((s.clock, s.due), (Clock::Paused, None));
    assert_eq!(r.status(), Status::Consulting);
    // the third party has 15 working days
    assert_eq!(s.consultation_answer_by, vec![Some(date(2025, 11, 26))]);
    r.record_consultation_answer(i, date(2025, 11, 12), &st)
        .expect("answer");
    // five working days (6, 7, 10, 11, 12 November) do not count
    let s = r.schedule(&cal).expect("s");
    assert_eq!(s.due, Some(date(2025, 12, 8)));
    assert_eq!(s.statutory_due, Some(date(2025, 12, 8)));
    assert_eq!(s.clock, Clock::Running);
}

#[test]
fn one_extension_of_at_most_twenty_days() {
    let mut r = request(date(2025, 9, 26));
    let st = stamp_on("王五", date(2025, 10, 20));
    assert_eq!(
        r.extend(date(2025, 10, 20), 21, "档案量大", &st),
        Err(LedgerError::ExtensionLength(21))
    );
    r.extend(date(2025, 10, 20), 20, "档案量大", &st)
        .expect("extend");
    let s = r.schedule(&cal()).expect("s");
    assert_eq!(s.statutory_due, Some(date(2025, 10, 30)));
    assert_eq!(s.due, Some(date(2025, 11, 27)));
    assert_eq!(
        r.extend(date(2025, 10, 21), 5, "再次", &st),
        Err(LedgerError::Once("延期 / the extension"))
    );
}

#[test]
fn a_custom_due_date_replaces_the_statutory_one() {
    let mut r = request(date(2025, 9, 26));
    r.set_custom_due(
        date(2026, 1, 15),
        "申请数量明显超过合理范围",
        &stamp_on("王五", date(2025, 10, 9)),
    )
    .expect("custom");
    let s = r.schedule(&cal()).expect("s");
    assert_eq!(s.due, Some(date(2026, 1, 15)));
    assert_eq!(s.statutory_due, Some(date(2025, 10, 30)));
}

#[test]
fn a_deadline_in_a_year_the_calendar_lacks_is_an_error() {
    // 15 working days are left in December 2026; the 20th falls in 2027
    assert_eq!(
        due_date(&cal(), date(2026, 12, 10)),
        Err(CalendarError::UnknownYear(2027))
    );
    let r = request(date(2026, 11, 30));
    assert_eq!(r.schedule(&cal()).expect("s").due, Some(date(2026, 12, 28)));
    let mut r = request(date(2026, 11, 30));
    r.extend(
        date(2026, 12, 1),
        20,
        "档案量大",
        &stamp_on("王五", date(2026, 12, 1)),
    )
    .expect("extend");
    assert_eq!(r.schedule(&cal()), Err(CalendarError::UnknownYear(2027)));
    // never a weekends-only guess: the reminder says so too
    assert_eq!(
        r.reminder(&cal(), date(2026, 12, 1)),
        Err(CalendarError::UnknownYear(2027))
    );
}

#[test]
fn the_fee_notice_has_a_payment_window_and_pauses_the_clock() {
    let cal = cal();
    let mut l = Ledger::new("某区人民政府办公室");
    let st = stamp_on("李四", date(2025, 9, 1));
    let n = l
        .register(
            new_request(Channel::InPerson, date(2025, 9, 1), None),
            date(2025, 9, 1),
            &st,
        )
        .expect("r")
        .number
        .clone();
    let r = l.request_mut(&n).expect("r");
    let amount = r
        .send_fee_notice(date(2025, 9, 26), FeeMethod::ByVolume { pages: 250 }, &st)
        .expect("fee");
    assert_eq!(amount, 4_700);
    let s = r.schedule(&cal).expect("s");
    assert_eq!(s.pay_by, Some(date(2025, 10, 30)));
    assert_eq!((s.clock, s.due), (Clock::Paused, None));
    assert_eq!(r.status(), Status::AwaitingPayment);
    assert!(
        l.apply_lapses(&cal, date(2025, 10, 30), &st)
            .expect("l")
            .is_empty()
    );
    assert_eq!(
        l.apply_lapses(&cal, date(2025, 10, 31), &st).expect("l"),
        vec![n.clone()]
    );
    let o = l
        .request(&n)
        .and_then(|r| r.outcome.clone())
        .expect("closed");
    assert_eq!(o.row, RequestRow::OtherFeeUnpaid);
    let fees = l.fee_totals(2025).expect("fees");
    assert_eq!((fees.notices, fees.noticed, fees.collected), (1, 4_700, 0));
}

#[test]
fn reminders_due_soon_and_overdue() {
    let cal = cal();
    let r = request(date(2025, 9, 26));
    assert_eq!(r.reminder(&cal, date(2025, 10, 9)), Ok(None));
    assert_eq!(
        r.reminder(&cal, date(2025, 10, 23)),
        Ok(Some(Reminder::DueSoon { days_left: 5 }))
    );
    assert_eq!(
        r.reminder(&cal, date(2025, 10, 30)),
        Ok(Some(Reminder::DueSoon { days_left: 0 }))
    );
    assert_eq!(
        r.reminder(&cal, date(2025, 11, 3)),
        Ok(Some(Reminder::Overdue { days_over: 2 }))
    );
}

#[test]
fn fees_are_progressive() {
    assert_eq!(fee_by_count(45), 5_500);
    assert_eq!(fee_by_volume(250), 4_700);
    assert_eq!(fee_by_count(10), 0);
    assert_eq!(fee_by_volume(30), 0);
}

#[test]
fn outcomes_are_table_three_rows_with_their_basis_and_every_change_is_audited() {
    let mut r = request(date(2025, 9, 26));
    let st = stamp_on("赵六", date(2025, 10, 20));
    assert!(matches!(
        r.close(RequestRow::NewReceived, None, date(2025, 10, 20), &st),
        Err(LedgerError::NotAnOutcome(_))
    ));
    assert!(matches!(
        r.close(RequestRow::DeniedThirdParty, None, date(2025, 10, 20), &st),
        Err(LedgerError::MissingBasis(_))
    ));
    r.close(
        RequestRow::DeniedThirdParty,
        Some("条例第十五条".into()),
        date(2025, 10, 20),
        &st,
    )
    .expect("close");
    assert!(matches!(
        r.close(RequestRow::Granted, None, date(2025, 10, 21), &st),
        Err(LedgerError::Closed(_))
    ));
    assert_eq!(r.audit.len(), 2);
    assert_eq!(r.audit[0].who, "李四");
    assert!(r.audit[0].what.contains("登记"), "{:?}", r.audit);
    assert_eq!(r.audit[1].who, "赵六");
    assert!(
        r.audit[1].what.contains("保护第三方合法权益"),
        "{:?}",
        r.audit
    );
    assert_eq!(r.audit[1].at, st.at);
    // 总计 is not an applicant type
    let mut bad = new_request(Channel::InPerson, date(2025, 9, 26), None);
    bad.applicant.kind = ApplicantKind::Total;
    assert_eq!(
        Request::new("x", bad, date(2025, 10, 1), &st),
        Err(LedgerError::ApplicantTotal)
    );
}

fn codes(r: &Report, history: Option<&Vec<Report>>) -> Vec<String> {
    let mut cx = xxgk_check::Context::new(r);
    if let Some(h) = history {
        cx = cx.with_history(h);
    }
    xxgk_check::check(&cx)
        .into_iter()
        .map(|f| format!("{} {:?} {}", f.code, f.severity, f.message))
        .collect()
}

#[test]
fn a_generated_year_gives_a_table_three_the_checker_accepts() {
    let cal = cal();
    let l = sample::year(&cal, "某市某区人民政府办公室", 2025, 400, 7).expect("year");
    let again = sample::year(&cal, "某市某区人民政府办公室", 2025, 400, 7).expect("year");
    assert_eq!(l, again, "the generator is deterministic");
    let report = l.draft_report(2025).expect("report");
    let t3 = report.requests.as_ref().expect("t3");
    assert_eq!(t3.get(RequestRow::NewReceived, Col::Total), Some(400));
    assert_eq!(t3.get(RequestRow::CarriedOver, Col::Total), Some(0));
    // the generated year has refusals, lapses and requests still open
    for row in [
        RequestRow::Granted,
        RequestRow::UnavailableNotHeld,
        RequestRow::OtherNoCorrection,
        RequestRow::CarriedForward,
    ] {
        assert!(t3.get(row, Col::Total).unwrap_or(0) > 0, "{row:?}");
    }
    let t4 = report.appeals.expect("t4");
    assert!(t4.review.total.unwrap_or(0) + t4.litigation_direct.total.unwrap_or(0) > 0);
    let found = codes(&report, None);
    let tables: Vec<&String> = found
        .iter()
        .filter(|c| c.starts_with("T3") || c.starts_with("T4"))
        .collect();
    assert!(tables.is_empty(), "{tables:#?}");
    // the narrative agrees with the tables
    let narrative: Vec<&String> = found.iter().filter(|c| c.starts_with('N')).collect();
    assert!(narrative.is_empty(), "{narrative:#?}");
    // the only finding left: table two, which the ledger does not hold
    let others: Vec<&String> = found.iter().filter(|c| !c.starts_with("S003")).collect();
    assert!(others.is_empty(), "{others:#?}");
    assert!(report.active_disclosure.is_none());
    // and a table with a wrong total would have been found
    let mut bad = l.draft_report(2025).expect("report");
    if let Some(t) = bad.requests.as_mut() {
        let v = t.get(RequestRow::Granted, Col::Total).unwrap_or(0);
        t.set(RequestRow::Granted, Col::Total, Some(v + 1));
    }
    assert!(codes(&bad, None).iter().any(|c| c.starts_with("T30")));
}

#[test]
fn a_request_open_on_31_december_is_carried_over_and_x101_holds() {
    let cal = cal();
    let body = "某市某区人民政府办公室";
    let mut l = sample::year(&cal, body, 2025, 300, 11).expect("year");
    let r2025 = l.draft_report(2025).expect("2025");
    let open: Vec<String> = l
        .requests
        .iter()
        .filter(|r| r.open_on(date(2025, 12, 31)))
        .map(|r| r.number.clone())
        .collect();
    assert!(!open.is_empty());
    let carried: Vec<String> = l
        .carried_over(2026)
        .expect("carried")
        .iter()
        .map(|r| r.number.clone())
        .collect();
    assert_eq!(carried, open);
    // 2026: the carried requests are answered in January, new ones arrive
    for n in &open {
        let r = l.request_mut(n).expect("r");
        if r.status() == Status::Closed {
            continue;
        }
        let st = stamp_on("李四", date(2026, 1, 9));
        let _ = r.record_payment(date(2026, 1, 5), &st);
        r.close(RequestRow::Granted, None, date(2026, 1, 9), &st)
            .expect("close");
    }
    let st = stamp_on("李四", date(2026, 2, 2));
    for _ in 0..3 {
        l.register(
            new_request(Channel::InPerson, date(2026, 2, 2), None),
            date(2026, 2, 2),
            &st,
        )
        .expect("2026");
    }
    let r2026 = l.draft_report(2026).expect("2026");
    let t25 = r2025.requests.as_ref().expect("t3");
    let t26 = r2026.requests.as_ref().expect("t3");
    assert_eq!(
        t26.row(RequestRow::CarriedOver),
        t25.row(RequestRow::CarriedForward)
    );
    assert_eq!(
        t26.get(RequestRow::CarriedOver, Col::Total),
        Some(open.len() as i64)
    );
    assert_eq!(t26.get(RequestRow::NewReceived, Col::Total), Some(3));
    let history = vec![r2025.clone()];
    let found = codes(&r2026, Some(&history));
    let bad: Vec<&String> = found
        .iter()
        .filter(|c| c.starts_with("X101") || c.starts_with("T3") || c.starts_with("T4"))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    // X101 does run: a wrong carry-over is found
    let mut wrong = r2026.clone();
    if let Some(t) = wrong.requests.as_mut() {
        let v = t
            .get(RequestRow::CarriedOver, Col::NaturalPerson)
            .unwrap_or(0);
        t.set(RequestRow::CarriedOver, Col::NaturalPerson, Some(v + 1));
    }
    assert!(
        codes(&wrong, Some(&history))
            .iter()
            .any(|c| c.starts_with("X101"))
    );
}

#[test]
fn the_ledger_round_trips_through_json() {
    let cal = cal();
    let l = sample::year(&cal, "某区", 2025, 50, 3).expect("year");
    let json = serde_json::to_string(&l).expect("json");
    assert!(json.contains("\"received\":\"2025-"), "{}", &json[..300]);
    let back: Ledger = serde_json::from_str(&json).expect("back");
    assert_eq!(back, l);
}

#[test]
fn the_review_and_litigation_register_gives_table_four() {
    use xxgk_ledger::{Appeal, AppealDecision};
    use xxgk_model::{AppealKind, AppealResult};
    let mut l = Ledger::new("某局");
    let st = stamp_on("李四", date(2025, 3, 3));
    let n = l
        .register(
            new_request(Channel::InPerson, date(2025, 3, 3), None),
            date(2025, 3, 3),
            &st,
        )
        .expect("r")
        .number
        .clone();
    let appeal = |number: &str, kind, filed, decision| Appeal {
        number: number.into(),
        request: Some(n.clone()),
        kind,
        filed,
        decision,
    };
    let decided = |result, d| Some(AppealDecision { result, decided: d });
    l.register_appeal(appeal(
        "复1",
        AppealKind::Review,
        date(2025, 4, 1),
        decided(AppealResult::Upheld, date(2025, 6, 1)),
    ))
    .expect("1");
    // decided next year: 尚未审结 in this year's table
    l.register_appeal(appeal(
        "复2",
        AppealKind::Review,
        date(2025, 11, 1),
        decided(AppealResult::Corrected, date(2026, 1, 20)),
    ))
    .expect("2");
    l.register_appeal(appeal(
        "诉1",
        AppealKind::LitigationAfterReview,
        date(2025, 7, 1),
        None,
    ))
    .expect("3");
    // filed last year: not this year's
    l.register_appeal(appeal(
        "诉0",
        AppealKind::LitigationDirect,
        date(2024, 12, 1),
        None,
    ))
    .expect("4");
    assert_eq!(
        l.register_appeal(appeal("复1", AppealKind::Review, date(2025, 4, 1), None)),
        Err(LedgerError::Duplicate("复1".into()))
    );
    assert!(
        l.register_appeal(appeal(
            "复9",
            AppealKind::Review,
            date(2025, 4, 1),
            decided(AppealResult::Total, date(2025, 5, 1))
        ))
        .is_err()
    );
    let t = l.table_four(2025).expect("t4");
    assert_eq!(
        (
            t.review.upheld,
            t.review.pending,
            t.review.corrected,
            t.review.total
        ),
        (Some(1), Some(1), Some(0), Some(2))
    );
    assert_eq!(t.litigation_after_review.pending, Some(1));
    assert_eq!(t.litigation_direct.total, Some(0));
    let next = l.table_four(2026).expect("t4");
    assert_eq!(next.review.total, Some(0));
    // the draft's section 四 states the same counts
    let r = l.draft_report(2025).expect("draft");
    let s4 = r.section(4).expect("section 4");
    assert!(s4.text.contains("行政复议2件，行政诉讼1件"), "{}", s4.text);
}
