//! Every rule page's example is run, as ruff runs its fixtures: the `report` block under
//! `## 示例` of `docs/rules/CODE.md` goes through the real pipeline (`read_bytes` →
//! `extract` → `check`) and must yield exactly the findings of the rule's code that the
//! page's `findings` block lists — severity, code, line:column, row.column keys and the
//! Chinese and English messages — and, when the block says `仅此 / nothing else`, no other
//! finding. `XXGK_BLESS=1` rewrites the `findings` blocks with what the pipeline yields (as
//! `cargo insta accept` does for snapshots): review the diff before committing it.
//!
//! The `findings` block has one finding a line, as `xxgk check` prints them, and its English
//! message on the next line after `/`:
//!
//! ```text
//! error[T301] 5:22 granted.total — “（一）予以公开”总计 15 ≠ 各类申请人之和 16
//!   / granted: total 15 ≠ sum of the applicant columns 16
//! ```
//!
//! `-` stands for a line or column the finding has not; the keys are left out when the
//! finding has none. A rule whose example cannot run on one report is listed in
//! [`NOT_RUNNABLE`] with the reason; every other rule must have a runnable example.

use xxgk_model::Finding;

/// Rules whose page shows an example that cannot run through the pipeline, and why.
const NOT_RUNNABLE: &[(&str, &str)] = &[
    (
        "A203",
        "compares with last year's report: needs the store (the rule is not active)",
    ),
    (
        "X101",
        "compares with last year's report: needs the store (the rule is not active)",
    ),
    (
        "X102",
        "compares with other bodies' reports: needs the store (the rule is not active)",
    ),
    (
        "X103",
        "compares with last year's report: needs the store (the rule is not active)",
    ),
];

const NOTHING_ELSE: &str = "仅此 / nothing else";

/// The example of a page.
#[derive(Debug)]
struct Example {
    report: String,
    findings: Vec<String>,
    nothing_else: bool,
}

/// The fenced block with this info string inside `section`.
fn block(section: &str, info: &str) -> Option<String> {
    let open = format!("```{info}\n");
    let start = section.find(&open)? + open.len();
    let end = section[start..].find("\n```")?;
    Some(section[start..start + end].to_string())
}

/// The text under `## 示例` up to the next `## ` heading.
fn example_section(doc: &str) -> Option<&str> {
    let start = doc.find("## 示例")?;
    let rest = &doc[start..];
    let body = &rest[rest.find('\n')? + 1..];
    Some(body.find("\n## ").map(|e| &body[..e]).unwrap_or(body))
}

fn example(doc: &str) -> Option<Example> {
    let section = example_section(doc)?;
    let report = block(section, "report")?;
    let listed = block(section, "findings")?;
    let mut findings: Vec<String> = Vec::new();
    let mut nothing_else = false;
    for line in listed.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line == NOTHING_ELSE {
            nothing_else = true;
        } else if let Some(en) = line.strip_prefix("/ ")
            && let Some(last) = findings.last_mut()
        {
            // the English message continues the finding above
            last.push_str("\n  / ");
            last.push_str(en);
        } else {
            findings.push(line.to_string());
        }
    }
    Some(Example {
        report: format!("{report}\n"),
        findings,
        nothing_else,
    })
}

/// A finding as the `findings` block writes it.
fn line_of(f: &Finding) -> String {
    let n = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_else(|| "-".into());
    let keys = match (&f.row, &f.column) {
        (Some(r), Some(c)) => format!(" {r}.{c}"),
        (Some(r), None) => format!(" {r}"),
        (None, Some(c)) => format!(" -.{c}"),
        (None, None) => String::new(),
    };
    format!(
        "{}[{}] {}:{}{keys} — {}\n  / {}",
        f.severity.name(),
        f.code,
        n(f.location.line),
        n(f.location.column),
        f.message,
        f.message_en
    )
}

fn run(text: &str) -> Vec<Finding> {
    let doc = xxgk_read::read_bytes("example.txt", text.as_bytes()).expect("readable");
    let ex = xxgk_extract::extract(&doc, "example.txt");
    xxgk_check::check(&xxgk_check::Context::extracted(&ex))
}

fn page(code: &str) -> String {
    let path = format!("{}/../../docs/rules/{code}.md", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// What is wrong with a page's example, if anything.
fn verify(code: &str, doc: &str) -> Result<(), String> {
    let ex = example(doc).ok_or("no `report` and `findings` blocks under ## 示例")?;
    if ex.findings.is_empty() {
        return Err("the `findings` block lists no finding".into());
    }
    let got = run(&ex.report);
    let own: Vec<String> = got.iter().filter(|f| f.code == code).map(line_of).collect();
    let others: Vec<String> = got.iter().filter(|f| f.code != code).map(line_of).collect();
    if own != ex.findings {
        return Err(format!(
            "the page lists\n  {}\nthe pipeline yields\n  {}\n(other findings: {others:?})",
            ex.findings.join("\n  "),
            own.join("\n  ")
        ));
    }
    if let Some(bad) = ex
        .findings
        .iter()
        .find(|l| !l.contains(&format!("[{code}]")))
    {
        return Err(format!("a listed finding of another rule: {bad}"));
    }
    if ex.nothing_else && !others.is_empty() {
        return Err(format!(
            "the page says {NOTHING_ELSE}, the pipeline also yields\n  {}",
            others.join("\n  ")
        ));
    }
    Ok(())
}

/// Rewrites the `findings` block of a page with what the pipeline yields.
fn bless(code: &str) {
    let path = format!("{}/../../docs/rules/{code}.md", env!("CARGO_MANIFEST_DIR"));
    let doc = page(code);
    let Some(ex) = example(&doc) else { return };
    let mut lines: Vec<String> = run(&ex.report)
        .iter()
        .filter(|f| f.code == code)
        .map(line_of)
        .collect();
    if ex.nothing_else {
        lines.push(NOTHING_ELSE.to_string());
    }
    let Some(start) = doc.find("## 示例") else {
        return;
    };
    let Some(open) = doc[start..].find("```findings\n").map(|i| start + i + 12) else {
        return;
    };
    let Some(close) = doc[open..].find("```").map(|i| open + i) else {
        return;
    };
    let new = format!("{}{}\n{}", &doc[..open], lines.join("\n"), &doc[close..]);
    std::fs::write(&path, new).unwrap_or_else(|e| panic!("{path}: {e}"));
}

#[test]
fn every_page_example_yields_what_the_page_shows() {
    let blessing = std::env::var_os("XXGK_BLESS").is_some();
    let mut failures = Vec::new();
    for r in xxgk_check::registry() {
        if NOT_RUNNABLE.iter().any(|(c, _)| *c == r.code) {
            continue;
        }
        if blessing {
            bless(r.code);
        }
        if let Err(e) = verify(r.code, &page(r.code)) {
            failures.push(format!("{}: {e}", r.code));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn every_rule_has_a_runnable_example_or_a_stated_reason() {
    let codes: Vec<&str> = xxgk_check::registry().iter().map(|r| r.code).collect();
    for (code, reason) in NOT_RUNNABLE {
        assert!(codes.contains(code), "{code} is not a rule");
        assert!(!reason.is_empty());
        // an exception is only for a rule that cannot run: keep the list honest
        let r = xxgk_check::rule(code).expect("listed rule");
        assert!(
            !r.active,
            "{code} is active: give its page a runnable example"
        );
        assert!(
            example(r.doc).is_none(),
            "{code} has a runnable example: take it off the list"
        );
        assert!(
            example_section(r.doc).is_some_and(|s| s.contains("```")),
            "{code} shows no example at all"
        );
    }
    for r in xxgk_check::registry() {
        if NOT_RUNNABLE.iter().any(|(c, _)| *c == r.code) {
            continue;
        }
        assert!(
            example(r.doc).is_some(),
            "{}: the page has no runnable example (`report` and `findings` blocks under \
             ## 示例); add one or list the rule in NOT_RUNNABLE with the reason",
            r.code
        );
    }
}

#[test]
fn the_embedded_pages_are_the_pages_on_disk() {
    for r in xxgk_check::registry() {
        assert_eq!(r.doc, page(r.code), "{}: rebuild", r.code);
    }
}

#[test]
fn a_wrong_expectation_fails() {
    // the check can fail: a page whose listed finding is not what the pipeline yields
    let doc = "## 示例\n\n```report\n（一）予以公开\t12\t3\t0\t0\t1\t0\t15\n```\n\n```findings\n\
               error[T301] 1:1 granted.total — 不是这条消息\n```\n\n## 修改方法\n";
    assert!(verify("T301", doc).is_err());
    // and a page that lists no finding of its own rule
    let doc =
        "## 示例\n\n```report\n（一）予以公开\t1\t0\t0\t0\t0\t0\t1\n```\n\n```findings\n```\n";
    assert!(verify("T301", doc).is_err());
    // and one without blocks
    assert!(verify("T301", "## 示例\n\n```text\nx\n```\n").is_err());
    // the real page passes; with its English message changed, or a finding of another
    // rule listed, or an expectation of nothing else that does not hold, it fails
    let real = page("T301");
    assert_eq!(verify("T301", &real), Ok(()));
    let en = real.find("\n  / ").expect("an English line");
    let mut wrong = real.clone();
    wrong.insert_str(en + 5, "not ");
    assert!(verify("T301", &wrong).is_err());
    let other = real.replacen("```findings\n", "```findings\ninfo[T306] 1:1 — x\n", 1);
    assert!(verify("T301", &other).is_err());
    let alone = real.replacen(
        "\n```\n\n某一列",
        &format!("\n{NOTHING_ELSE}\n```\n\n某一列"),
        1,
    );
    assert_ne!(alone, real);
    assert!(verify("T301", &alone).is_err());
}
