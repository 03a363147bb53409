//! Each document the office issues carries the applicant, the request's number and its date.

use jiff::civil::date;
use std::io::Read;
use xxgk_ledger::sample::stamp_on;
use xxgk_ledger::{
    Applicant, ApplicantKind, Asked, Calendar, Channel, Consulted, DocKind, FeeMethod, Ledger,
    NewRequest, Receipt, document,
};
use xxgk_model::RequestRow;

fn document_xml(docx: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip package");
    let mut xml = String::new();
    z.by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .expect("utf-8");
    xml
}

#[test]
fn every_document_has_the_applicant_the_number_and_its_date() {
    let cal = Calendar::official();
    let body = "某市某区人民政府办公室";
    let mut l = Ledger::new(body);
    let st = stamp_on("李四", date(2025, 9, 26));
    let new = NewRequest {
        applicant: Applicant {
            name: "王小明".into(),
            kind: ApplicantKind::NaturalPerson,
            id_document: Some("身份证".into()),
            contact: Some("13800000000".into()),
        },
        asked: Asked {
            description: "本区2024年道路改造项目的招标文件".into(),
            delivery: Some("纸质".into()),
        },
        receipt: Receipt {
            channel: Channel::InPerson,
            arrived: date(2025, 9, 26),
            confirmed: None,
        },
    };
    let n = l
        .register(new, date(2025, 9, 26), &st)
        .expect("register")
        .number
        .clone();
    let r = l.request_mut(&n).expect("r");
    // before the events, their documents are refused
    assert!(document(body, r, DocKind::CorrectionNotice, &cal, date(2025, 9, 26)).is_err());
    assert!(document(body, r, DocKind::Answer, &cal, date(2025, 9, 26)).is_err());
    let mut expect = vec![
        (DocKind::Registration, "2025年10月30日"), // due date
        (DocKind::Receipt, "2025年10月30日"),
    ];
    for (kind, date_text) in &expect {
        let xml = document_xml(&document(body, r, *kind, &cal, date(2025, 9, 26)).expect("docx"));
        assert!(xml.contains("王小明"), "{kind:?}");
        assert!(xml.contains("2025-0001"), "{kind:?}");
        assert!(xml.contains(date_text), "{kind:?} lacks {date_text}");
        assert!(xml.contains(kind.title()), "{kind:?}");
    }
    r.send_correction_notice(
        &cal,
        date(2025, 9, 29),
        vec!["请写明文件名称或文号".into()],
        date(2025, 10, 17),
        &st,
    )
    .expect("notice");
    r.record_correction(date(2025, 10, 9), &st)
        .expect("corrected");
    // restarted on 9 October: the 20th working day is 6 November
    r.start_consultation(Consulted::ThirdParty, "某建设公司", date(2025, 10, 10), &st)
        .expect("consult");
    r.record_consultation_answer(0, date(2025, 10, 20), &st)
        .expect("answer");
    r.extend(date(2025, 11, 3), 10, "需要调取历史档案", &st)
        .expect("extend");
    r.send_fee_notice(date(2025, 11, 4), FeeMethod::ByVolume { pages: 250 }, &st)
        .expect("fee");
    r.record_payment(date(2025, 11, 6), &st).expect("paid");
    r.close(
        RequestRow::PartiallyGranted,
        Some("《中华人民共和国政府信息公开条例》第三十七条".into()),
        date(2025, 11, 20),
        &st,
    )
    .expect("close");
    expect = vec![
        (DocKind::CorrectionNotice, "2025年10月17日"), // time to correct
        // the third party's 15 working days (Saturday 11 October is a working day)
        (DocKind::Consultation, "2025年10月30日"),
        // the statutory date: 20 working days from 9 October, without the 7 working days
        // of the consultation and the 2 of the fee notice
        (DocKind::ExtensionNotice, "2025年11月18日"),
        // and 10 more
        (DocKind::ExtensionNotice, "2025年12月2日"),
        (DocKind::FeeNotice, "2025年12月2日"), // 20 working days to pay
        (DocKind::Answer, "2025年11月20日"),
    ];
    for (kind, date_text) in &expect {
        let bytes = document(body, r, *kind, &cal, date(2025, 11, 20)).expect("docx");
        let xml = document_xml(&bytes);
        assert!(xml.contains("王小明"), "{kind:?}");
        assert!(xml.contains("2025-0001"), "{kind:?}");
        assert!(xml.contains(date_text), "{kind:?} lacks {date_text}");
        assert!(xml.contains(body), "{kind:?}");
    }
    let fee =
        document_xml(&document(body, r, DocKind::FeeNotice, &cal, date(2025, 11, 4)).expect("fee"));
    assert!(fee.contains("4,700"));
    let answer = document_xml(
        &document(body, r, DocKind::Answer, &cal, date(2025, 11, 20)).expect("answer"),
    );
    assert!(answer.contains("部分公开"));
    assert!(answer.contains("第三十七条"));
    // issuing records the document with the request
    let before = r.audit.len();
    let bytes = r
        .issue(body, DocKind::Answer, &cal, date(2025, 11, 20), &st)
        .expect("issue");
    assert!(document_xml(&bytes).contains("王小明"));
    assert_eq!(r.documents.last().map(|d| d.kind), Some(DocKind::Answer));
    assert_eq!(r.audit.len(), before + 1);
    assert!(r.audit[before].what.contains("政府信息公开申请答复书"));
}
