//! `xxgk ledger …`: the calculators and the import, run as a binary.

use std::process::{Command, Output};

fn xxgk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run xxgk")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn deadline_prints_the_due_date() {
    let o = xxgk(&["ledger", "deadline", "--received", "2025-09-26"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "2025-10-30\n");
    // online: the day of confirmation is day 0
    let o = xxgk(&[
        "ledger",
        "deadline",
        "--received",
        "2025-09-25",
        "--channel",
        "网络",
        "--confirmed",
        "2025-09-26",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "2025-10-30\n");
    let o = xxgk(&[
        "ledger",
        "deadline",
        "--received",
        "2025-09-26",
        "--channel",
        "registered_post",
        "--extension",
        "20",
    ]);
    assert_eq!(stdout(&o), "2025-11-27\n", "{}", stderr(&o));
}

#[test]
fn deadline_refuses_what_it_cannot_know() {
    // a year the calendar does not hold (it starts with 2023)
    let o = xxgk(&["ledger", "deadline", "--received", "2022-12-20"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("没有 2022 年"), "{}", stderr(&o));
    // online without the day of confirmation
    let o = xxgk(&[
        "ledger",
        "deadline",
        "--received",
        "2025-09-26",
        "--channel",
        "网络",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("第三十一条"), "{}", stderr(&o));
    // the future
    let o = xxgk(&["ledger", "deadline", "--received", "2099-01-05"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("晚于今天"), "{}", stderr(&o));
    // not a date, an unknown channel, an extension too long: usage errors
    for args in [
        &["ledger", "deadline", "--received", "2025-02-30"][..],
        &[
            "ledger",
            "deadline",
            "--received",
            "2025-09-26",
            "--channel",
            "信鸽",
        ],
        &[
            "ledger",
            "deadline",
            "--received",
            "2025-09-26",
            "--extension",
            "21",
        ],
    ] {
        let o = xxgk(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stdout(&o).is_empty(), "{args:?}");
    }
}

#[test]
fn fee_prints_yuan() {
    let o = xxgk(&["ledger", "fee", "--requests-in-month", "45"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "5500\n");
    let o = xxgk(&["ledger", "fee", "--pages", "250"]);
    assert_eq!(stdout(&o), "4700\n");
    let o = xxgk(&["ledger", "fee", "--pages", "250", "--explain"]);
    assert_eq!(
        stdout(&o),
        "4700\n按量计收：70×10 + 100×20 + 50×40 = 4,700 元\n"
    );
    let o = xxgk(&["ledger", "fee", "--requests-in-month", "10"]);
    assert_eq!(stdout(&o), "0\n");
    // one method per request, never both; and one is needed
    let o = xxgk(&[
        "ledger",
        "fee",
        "--requests-in-month",
        "45",
        "--pages",
        "250",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = xxgk(&["ledger", "fee"]);
    assert_eq!(o.status.code(), Some(2));
    let o = xxgk(&["ledger", "fee", "--pages", "-3"]);
    assert_eq!(o.status.code(), Some(2));
}
