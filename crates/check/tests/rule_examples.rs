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
//! finding has none. A page may show several examples, each a `report` block and the
//! `findings` block after it; `无 / none` in a `findings` block says the rule finds nothing
//! there. A `history` block before a `report` block is another report (last year's, or
//! another body's), read through the same pipeline, that the example's report is checked
//! against (an in-memory [`xxgk_check::History`]); ```` ```history 文件名.txt ```` names
//! its file. Every rule across reports ([`xxgk_check::history_rules`]) must show an example
//! with a history where it fires and one where it does not. A rule whose example cannot
//! run on one report is listed in [`NOT_RUNNABLE`] with the reason; every other rule must
//! have a runnable example.

use xxgk_model::Finding;

/// Rules whose page shows an example that cannot run through the pipeline, and why.
const NOT_RUNNABLE: &[(&str, &str)] = &[];

const NOTHING_ELSE: &str = "仅此 / nothing else";
const NONE: &str = "无 / none";

/// One example of a page.
#[derive(Debug, Default)]
struct Example {
    /// Other reports, as (file name, text).
    history: Vec<(String, String)>,
    report: String,
    findings: Vec<String>,
    nothing_else: bool,
    /// The `findings` block says `无 / none`.
    none: bool,
}

/// A fenced block: its info string, its text and the byte range of the text in the page.
struct Block {
    info: String,
    text: String,
    range: std::ops::Range<usize>,
}

/// The fenced blocks of `section` (at `offset` in the page), in order.
fn blocks(section: &str, offset: usize) -> Vec<Block> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = section[at..].find("```") {
        let open = at + open;
        let Some(nl) = section[open..].find('\n').map(|i| open + i) else {
            break;
        };
        let info = section[open + 3..nl].trim().to_string();
        let body = nl + 1;
        let Some(close) = section[body..].find("```").map(|i| body + i) else {
            break;
        };
        // the text ends before the newline that precedes the closing fence
        let end = if close > body { close - 1 } else { body };
        out.push(Block {
            info,
            text: section[body..end].to_string(),
            range: offset + body..offset + end,
        });
        at = close + 3;
    }
    out
}

/// The text under `## 示例` up to the next `## ` heading, and where it starts in `doc`.
fn example_section(doc: &str) -> Option<(&str, usize)> {
    let start = doc.find("## 示例")?;
    let rest = &doc[start..];
    let from = start + rest.find('\n')? + 1;
    let body = &doc[from..];
    Some((body.find("\n## ").map(|e| &body[..e]).unwrap_or(body), from))
}

/// The examples of a page, and the `findings` block of each.
fn examples_with_blocks(doc: &str) -> Vec<(Example, std::ops::Range<usize>)> {
    let Some((section, offset)) = example_section(doc) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut history = Vec::new();
    let mut current: Option<Example> = None;
    for b in blocks(section, offset) {
        if b.info == "history" || b.info.starts_with("history ") {
            let name = b.info["history".len()..].trim();
            let name = if name.is_empty() {
                format!("history{}.txt", history.len() + 1)
            } else {
                name.to_string()
            };
            history.push((name, format!("{}\n", b.text)));
        } else if b.info == "report" {
            current = Some(Example {
                history: std::mem::take(&mut history),
                report: format!("{}\n", b.text),
                ..Example::default()
            });
        } else if b.info == "findings"
            && let Some(mut ex) = current.take()
        {
            for line in b.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                if line == NOTHING_ELSE {
                    ex.nothing_else = true;
                } else if line == NONE {
                    ex.none = true;
                } else if let Some(en) = line.strip_prefix("/ ")
                    && let Some(last) = ex.findings.last_mut()
                {
                    // the English message continues the finding above
                    last.push_str("\n  / ");
                    last.push_str(en);
                } else {
                    ex.findings.push(line.to_string());
                }
            }
            out.push((ex, b.range));
        }
    }
    out
}

fn examples(doc: &str) -> Vec<Example> {
    examples_with_blocks(doc)
        .into_iter()
        .map(|(e, _)| e)
        .collect()
}

/// The first example of a page.
fn example(doc: &str) -> Option<Example> {
    examples(doc).into_iter().next()
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

fn extract(name: &str, text: &str) -> xxgk_extract::Extraction {
    let doc = xxgk_read::read_bytes(name, text.as_bytes()).expect("readable");
    xxgk_extract::extract(&doc, name)
}

fn run(ex: &Example) -> Vec<Finding> {
    let history: Vec<xxgk_model::Report> = ex
        .history
        .iter()
        .map(|(name, text)| extract(name, text).report)
        .collect();
    let report = extract("example.txt", &ex.report);
    let cx = xxgk_check::Context::extracted(&report);
    if ex.history.is_empty() {
        xxgk_check::check(&cx)
    } else {
        xxgk_check::check(&cx.with_history(&history))
    }
}

fn page(code: &str) -> String {
    let path = format!("{}/../../docs/rules/{code}.md", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// What is wrong with one example, if anything.
fn verify_one(code: &str, ex: &Example) -> Result<(), String> {
    if ex.findings.is_empty() && !ex.none {
        return Err(format!(
            "the `findings` block lists no finding (write `{NONE}` if there is none)"
        ));
    }
    if ex.none && !ex.findings.is_empty() {
        return Err(format!(
            "the `findings` block says `{NONE}` and lists findings"
        ));
    }
    let got = run(ex);
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

/// What is wrong with a page's examples, if anything.
fn verify(code: &str, doc: &str) -> Result<(), String> {
    let all = examples(doc);
    let first = all
        .first()
        .ok_or("no `report` and `findings` blocks under ## 示例")?;
    if first.findings.is_empty() {
        return Err("the first example's `findings` block lists no finding".into());
    }
    for (i, ex) in all.iter().enumerate() {
        verify_one(code, ex).map_err(|e| format!("example {}: {e}", i + 1))?;
    }
    if xxgk_check::history_rules().allows(code) {
        // a rule across reports shows, with a history, where it fires and where not
        let with = |fires: bool| {
            all.iter()
                .any(|e| !e.history.is_empty() && e.findings.is_empty() != fires)
        };
        if !with(true) || !with(false) {
            return Err(
                "a rule across reports needs an example with a `history` where it fires and \
                 one where it does not"
                    .into(),
            );
        }
    }
    Ok(())
}

/// Rewrites the `findings` blocks of a page with what the pipeline yields.
fn bless(code: &str) {
    let path = format!("{}/../../docs/rules/{code}.md", env!("CARGO_MANIFEST_DIR"));
    let mut doc = page(code);
    // from the last block, so that the ranges before stay valid
    for (ex, range) in examples_with_blocks(&doc.clone()).into_iter().rev() {
        let mut lines: Vec<String> = run(&ex)
            .iter()
            .filter(|f| f.code == code)
            .map(line_of)
            .collect();
        if lines.is_empty() {
            lines.push(NONE.to_string());
        }
        if ex.nothing_else {
            lines.push(NOTHING_ELSE.to_string());
        }
        let mut text = lines.join("\n");
        if range.is_empty() {
            // an empty block: its closing fence follows at once
            text.push('\n');
        }
        doc.replace_range(range, &text);
    }
    std::fs::write(&path, doc).unwrap_or_else(|e| panic!("{path}: {e}"));
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
            example_section(r.doc).is_some_and(|(s, _)| s.contains("```")),
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

#[test]
fn a_history_example_is_checked_against_its_history() {
    let real = page("X101");
    assert_eq!(verify("X101", &real), Ok(()));
    let all = examples(&real);
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].history.len(), 1);
    assert_eq!(all[0].history[0].0, "东山县2023.txt");
    assert!(!all[0].findings.is_empty() && all[1].none);
    // without its history the example finds nothing, and the page no longer holds
    let bare = real.replacen("```history 东山县2023.txt", "```text", 1);
    assert!(verify("X101", &bare).is_err());
    // a rule across reports must show where it does not fire
    let cut = real
        .find("本年“上年结转”逐列照录")
        .expect("the second example");
    let end = real.find("## 修改方法").expect("fix");
    let one = format!("{}{}", &real[..cut], &real[end..]);
    assert_eq!(examples(&one).len(), 1);
    assert!(verify("X101", &one).is_err());
    // `无 / none` where the rule fires fails
    let wrong = real.replacen(
        "```findings\nerror[X101]",
        "```findings\n无 / none\nerror[X101]",
        1,
    );
    assert!(verify("X101", &wrong).is_err());
}
