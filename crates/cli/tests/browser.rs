//! The reviewer's pages in a real browser: Debian's headless Chromium, driven over WebDriver
//! (chromedriver) with fantoccini, against `xxgk serve` started as a process.
//!
//! Log in, upload the five seed reports through the upload page, open the report whose
//! （七）总计 is wrong and see its cells highlighted, open a finding's rule page, dismiss a
//! finding with a reason, re-check the corpus and see the mark again, open the submissions
//! and the dashboard (its charts drawn); confirm a finding and find its review letter on the
//! exports page; compare two reports (the changed figures marked); then, as an agency's clerk
//! whose account the admin makes on the accounts page, register a request in the ledger,
//! issue a 补正告知书, record the correction, close the request, and build, check and publish
//! the year's report.
//! Screenshots of each step go to `target/tmp/screenshots/` (CARGO_TARGET_TMPDIR).
//!
//! Chromium and chromedriver come from Debian (`apt-get install chromium chromium-driver`,
//! as `.ci/run` does). Without them the test says so and passes, unless
//! `XXGK_REQUIRE_BROWSER=1` (CI), where their absence fails it.

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "browser-test-password";

/// Kills the child when the test ends, however it ends.
struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn wait_for_port(port: u16, what: &str) {
    let t = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "{what} did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|n| {
        std::env::split_paths(&path)
            .map(|d| d.join(n))
            .find(|p| p.is_file())
    })
}

fn seeds() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "the five seed reports");
    files
        .into_iter()
        .map(|p| p.canonicalize().expect("seed path"))
        .collect()
}

struct Shots {
    dir: PathBuf,
    n: usize,
}

impl Shots {
    async fn take(&mut self, c: &Client, name: &str) {
        self.n += 1;
        let png = c.screenshot().await.expect("screenshot");
        // a PNG, and not an empty one
        assert!(png.starts_with(b"\x89PNG") && png.len() > 5_000, "{name}");
        let path = self.dir.join(format!("{:02}-{name}.png", self.n));
        std::fs::write(&path, png).expect("write screenshot");
    }
}

/// Calls the JSON API from inside the page, with the session's cookie and the CSRF token
/// of the page's forms.
async fn api(c: &Client, method: &str, path: &str) -> Value {
    let script = r#"
        const [method, path, done] = arguments;
        const csrf = document.querySelector('input[name="csrf"]');
        fetch(path, { method, headers: csrf ? { 'X-CSRF-Token': csrf.value } : {} })
          .then(r => r.text().then(t => done({ status: r.status, body: t })))
          .catch(e => done({ status: 0, body: String(e) }));
    "#;
    let out = c
        .execute_async(script, vec![json!(method), json!(path)])
        .await
        .expect("fetch in the page");
    let status = out["status"].as_u64().unwrap_or(0);
    let body = out["body"].as_str().unwrap_or_default();
    assert!(
        (200..300).contains(&status),
        "{method} {path}: {status} {body}"
    );
    serde_json::from_str(body).unwrap_or(Value::Null)
}

/// Scrolls the first element `css` selects to the middle of the window, for the screenshot.
async fn scroll_to(c: &Client, css: &str) {
    c.execute(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
        vec![json!(css)],
    )
    .await
    .expect("scroll");
}

/// Waits until the background processing has emptied the queue.
async fn drained(c: &Client) {
    let t = Instant::now();
    loop {
        let q = api(c, "GET", "/api/queue").await;
        if q["queued"].as_i64() == Some(0) {
            return;
        }
        assert!(
            t.elapsed() < Duration::from_secs(120),
            "the queue did not drain: {q}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The stored id of the current report read from the seed file `stem`.
async fn report_id(c: &Client, stem: &str) -> i64 {
    let list = api(c, "GET", "/api/reports?status=all").await;
    list["reports"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["current"].as_bool() != Some(false))
        .find(|r| r["file"].as_str().is_some_and(|f| f.contains(stem)))
        .and_then(|r| r["id"].as_i64())
        .unwrap_or_else(|| panic!("no report from {stem}: {list}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reviewer_works_through_the_seeds_in_chromium() {
    let required = std::env::var_os("XXGK_REQUIRE_BROWSER").is_some_and(|v| v == "1");
    let (Some(chromium), Some(driver)) = (
        which(&["chromium", "chromium-browser"]),
        which(&["chromedriver"]),
    ) else {
        assert!(
            !required,
            "XXGK_REQUIRE_BROWSER=1 but chromium or chromedriver is missing"
        );
        eprintln!("chromium/chromedriver not installed: the browser test is skipped");
        return;
    };

    let tmp = tempfile::tempdir().expect("tmp");
    let port = free_port();
    let _server = Kill(
        Command::new(env!("CARGO_BIN_EXE_xxgk"))
            .args([
                "serve",
                "--db",
                &format!("sqlite://{}", tmp.path().join("xxgk.db").display()),
                "--addr",
                &format!("127.0.0.1:{port}"),
            ])
            .env("XXGK_ADMIN_PASSWORD", PASSWORD)
            .env_remove("XXGK_DB")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start xxgk serve"),
    );
    wait_for_port(port, "xxgk serve");
    let dport = free_port();
    let _driver = Kill(
        Command::new(&driver)
            .arg(format!("--port={dport}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    wait_for_port(dport, "chromedriver");

    let profile = tmp.path().join("profile");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{dport}"))
        .await
        .expect("a WebDriver session in Chromium");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    let mut shots = Shots { dir, n: 0 };
    let base = format!("http://127.0.0.1:{port}");

    // anonymous: the login page
    c.goto(&format!("{base}/reports")).await.expect("goto");
    let form = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("login-form"))
        .await
        .expect("redirected to the login form");
    form.find(Locator::Css("input[name=username]"))
        .await
        .expect("user field")
        .send_keys("admin")
        .await
        .expect("type");
    form.find(Locator::Css("input[name=password]"))
        .await
        .expect("password field")
        .send_keys(PASSWORD)
        .await
        .expect("type");
    shots.take(&c, "login").await;
    form.find(Locator::Css("button[type=submit]"))
        .await
        .expect("login button")
        .click()
        .await
        .expect("log in");
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("report-list"))
        .await
        .expect("the report list after logging in");

    // the five seeds through the upload page, one request each with its progress bar
    c.goto(&format!("{base}/upload")).await.expect("goto");
    let input = c
        .wait()
        .for_element(Locator::Css("#upload-form input[type=file]"))
        .await
        .expect("file input");
    let files: Vec<String> = seeds().iter().map(|p| p.display().to_string()).collect();
    input
        .send_keys(&files.join("\n"))
        .await
        .expect("choose files");
    c.find(Locator::Css("#upload-form button[type=submit]"))
        .await
        .expect("upload button")
        .click()
        .await
        .expect("upload");
    let t = Instant::now();
    loop {
        let done = c
            .find_all(Locator::Css("#upload-result li.status-stored"))
            .await
            .expect("results");
        if done.len() == 5 {
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "{} of 5 uploads acknowledged",
            done.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    shots.take(&c, "upload").await;
    drained(&c).await;

    // the list: five reports, each a link
    c.goto(&format!("{base}/reports")).await.expect("goto");
    let links = c
        .find_all(Locator::Css("#report-list a.report-link"))
        .await
        .expect("links");
    assert_eq!(links.len(), 5, "five reports listed");
    shots.take(&c, "reports").await;

    // seed 001: （七）总计 counts requests no outcome row has: T302, in red cells
    let id = report_id(&c, "001_").await;
    c.goto(&format!("{base}/reports/{id}")).await.expect("goto");
    let cells = c
        .find_all(Locator::Css("#report td.cell-error"))
        .await
        .expect("cells");
    assert!(!cells.is_empty(), "highlighted error cells");
    let n = cells[0]
        .attr("data-finding")
        .await
        .expect("attr")
        .expect("a highlighted cell names its finding");
    let finding = c
        .find(Locator::Id(&format!("finding-{n}")))
        .await
        .expect("the finding the cell names");
    let t302 = c
        .find(Locator::XPath(
            "//ol[@id='findings']/li[.//a[@class='code' and text()='T302']]",
        ))
        .await
        .expect("a T302 finding on seed 001");
    assert!(!finding.text().await.expect("text").is_empty());
    scroll_to(&c, "#report td.cell-error").await;
    shots.take(&c, "report").await;

    // its rule page, one click away
    let finding_id = t302.attr("id").await.expect("attr").expect("finding id");
    t302.find(Locator::Css("a.code"))
        .await
        .expect("code link")
        .click()
        .await
        .expect("open the rule");
    let h1 = c
        .wait()
        .for_element(Locator::Id("rule"))
        .await
        .expect("the rule page");
    assert!(h1.text().await.expect("text").contains("T302"));
    shots.take(&c, "rule").await;

    // dismiss the T302 finding with a reason
    c.goto(&format!("{base}/reports/{id}")).await.expect("goto");
    let li = c
        .find(Locator::Id(&finding_id))
        .await
        .expect("the finding again");
    li.find(Locator::Css("select[name=mark]"))
        .await
        .expect("mark select")
        .select_by_value("dismissed")
        .await
        .expect("choose dismissed");
    li.find(Locator::Css("input[name=reason]"))
        .await
        .expect("reason field")
        .send_keys("已与单位核实 / checked with the body")
        .await
        .expect("type the reason");
    li.find(Locator::Css("button[type=submit]"))
        .await
        .expect("mark button")
        .click()
        .await
        .expect("mark");
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(&format!("#{finding_id} span.mark-dismissed")))
        .await
        .expect("the mark shown");

    // a re-check reads every file again (new ids): the mark is still there
    api(&c, "POST", "/api/recheck").await;
    drained(&c).await;
    let id = report_id(&c, "001_").await;
    c.goto(&format!("{base}/reports/{id}")).await.expect("goto");
    let mark = c
        .find(Locator::XPath(
            "//ol[@id='findings']/li[.//a[@class='code' and text()='T302']]//span[contains(@class,'mark-dismissed')]",
        ))
        .await
        .expect("the dismissal survives the re-check");
    assert!(
        mark.text().await.expect("text").contains("已与单位核实"),
        "the reason is kept"
    );
    scroll_to(&c, "#findings span.mark-dismissed").await;
    shots.take(&c, "marked-after-recheck").await;

    // submissions for a year
    c.goto(&format!("{base}/submissions")).await.expect("goto");
    c.wait()
        .for_element(Locator::Id("submission-counts"))
        .await
        .expect("the submissions page");
    shots.take(&c, "submissions").await;

    // the dashboard: every chart drawn by the embedded ECharts from the table under it
    c.goto(&format!("{base}/dashboard?year=all"))
        .await
        .expect("goto");
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#chart-by-rule .chart.chart-drawn canvas"))
        .await
        .expect("the findings chart drawn in a canvas");
    let rule_rows = c
        .find_all(Locator::Css("#table-by-rule tbody th"))
        .await
        .expect("the table behind the chart");
    let mut codes = Vec::new();
    for th in rule_rows {
        codes.push(th.text().await.expect("text"));
    }
    assert!(
        codes.iter().any(|c| c == "T302"),
        "seed 001's T302 counted: {codes:?}"
    );
    c.find(Locator::Css("#chart-by-year .chart.chart-drawn"))
        .await
        .expect("the trend drawn");
    shots.take(&c, "dashboard").await;
    compare_steps(&c, &base, &mut shots).await;

    exports_steps(&c, &base, &mut shots).await;
    ledger_steps(&c, &base, &mut shots).await;

    c.close().await.expect("close the session");
}

/// Confirms a finding of seed 001 (the flow only dismissed one), opens the exports page,
/// finds the report's letter listed and downloads it, and the ZIP of all letters.
async fn exports_steps(c: &Client, base: &str, shots: &mut Shots) {
    let id = report_id(c, "001_").await;
    c.goto(&format!("{base}/reports/{id}")).await.expect("goto");
    let li = c
        .find(Locator::XPath(
            "//ol[@id='findings']/li[not(.//span[contains(@class,'mark-')])]",
        ))
        .await
        .expect("a finding not marked yet");
    let finding_id = li.attr("id").await.expect("attr").expect("finding id");
    li.find(Locator::Css("select[name=mark]"))
        .await
        .expect("mark select")
        .select_by_value("confirmed")
        .await
        .expect("choose confirmed");
    li.find(Locator::Css("input[name=reason]"))
        .await
        .expect("reason field")
        .send_keys("请核实后修改 / please correct")
        .await
        .expect("type the note");
    li.find(Locator::Css("button[type=submit]"))
        .await
        .expect("mark button")
        .click()
        .await
        .expect("mark");
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(&format!("#{finding_id} span.mark-confirmed")))
        .await
        .expect("the confirmation shown");
    c.find(Locator::Id("letter-link"))
        .await
        .expect("the report links its letter");

    // the exports page: the nav link, the letters form, the report's letter listed
    c.find(Locator::Css("header.top a[href='/exports']"))
        .await
        .expect("the nav link")
        .click()
        .await
        .expect("open the exports");
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("section#exports form#letters-form"))
        .await
        .expect("the exports page");
    let links = c
        .find_all(Locator::Css("#letter-list a.letter-link"))
        .await
        .expect("letter links");
    assert_eq!(
        links.len(),
        1,
        "seed 001's letter, the one report confirmed"
    );
    let href = links[0].attr("href").await.expect("attr").expect("href");
    assert_eq!(href, format!("/reports/{id}/letter.docx"));
    c.find(Locator::Css("form#corpus-form"))
        .await
        .expect("the corpus form");
    shots.take(c, "exports").await;

    // the files come as attachments (fetched in the page: a download leaves no page)
    let script = r#"
        const [path, done] = arguments;
        fetch(path).then(r => r.arrayBuffer().then(b => done({
            status: r.status,
            disposition: r.headers.get('content-disposition') || '',
            size: b.byteLength,
        }))).catch(e => done({ status: 0, disposition: String(e), size: 0 }));
    "#;
    for path in [href.clone(), "/exports/letters.zip".to_string()] {
        let out = c
            .execute_async(script, vec![json!(path)])
            .await
            .expect("fetch in the page");
        assert_eq!(out["status"], 200, "{path}: {out}");
        assert!(
            out["disposition"]
                .as_str()
                .is_some_and(|d| d.starts_with("attachment") && d.contains("filename*=UTF-8''")),
            "{path}: {out}"
        );
        assert!(out["size"].as_u64() > Some(1000), "{path}: {out}");
    }
}

/// Seed 001 has no other year (`#no-previous`); compared with seed 002 its changed
/// figures are marked and counted, and the section diff shows what differs.
async fn compare_steps(c: &Client, base: &str, shots: &mut Shots) {
    let (one, two) = (report_id(c, "001_").await, report_id(c, "002_").await);
    c.goto(&format!("{base}/reports/{one}/compare"))
        .await
        .expect("goto");
    c.wait()
        .for_element(Locator::Id("no-previous"))
        .await
        .expect("no other year of seed 001's body");
    c.goto(&format!("{base}/reports/{one}/compare?with={two}"))
        .await
        .expect("goto");
    let count = c
        .wait()
        .for_element(Locator::Id("changed-count"))
        .await
        .expect("the comparison")
        .text()
        .await
        .expect("text");
    let changed = c
        .find_all(Locator::Css("#compare-figures td.changed"))
        .await
        .expect("changed cells");
    assert!(!changed.is_empty(), "two bodies' figures differ");
    assert_eq!(
        count,
        changed.len().to_string(),
        "every changed cell counted"
    );
    c.find(Locator::Css("#section-diff ins"))
        .await
        .expect("text only in seed 001");
    scroll_to(c, "#compare-figures td.changed").await;
    shots.take(c, "compare").await;
}

/// Sets form fields by CSS selector (date inputs take ISO dates this way in any locale).
async fn fill(c: &Client, fields: &[(&str, &str)]) {
    for (css, v) in fields {
        c.execute(
            "const e = document.querySelector(arguments[0]); e.value = arguments[1];",
            vec![json!(css), json!(v)],
        )
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    }
}

/// Clicks the submit button of the form `css`.
async fn submit(c: &Client, css: &str) {
    c.find(Locator::Css(&format!("{css} button[type=submit]")))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("submit {css}: {e}"));
}

/// An agency's clerk: the admin makes a body's account on the accounts page; the clerk
/// registers a request received on Friday 2025-09-26 (due 2025-10-30), issues a 补正告知书,
/// records the correction, closes the request, and builds the year's report: table two and
/// the problems section written, checked without errors, published.
async fn ledger_steps(c: &Client, base: &str, shots: &mut Shots) {
    c.goto(&format!("{base}/admin/users")).await.expect("goto");
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("user-form"))
        .await
        .expect("the accounts page");
    let body_id = c
        .execute(
            "return document.querySelector('#user-form select[name=body_id] option:not([value=\"\"])').value;",
            vec![],
        )
        .await
        .expect("a body to give the account");
    let body_id = body_id.as_str().expect("an id").to_string();
    fill(
        c,
        &[
            ("#user-form [name=username]", "clerk"),
            ("#user-form [name=password]", "clerk-password-1"),
            ("#user-form [name=role]", "body"),
            ("#user-form [name=body_id]", &body_id),
        ],
    )
    .await;
    submit(c, "#user-form").await;
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("user-created"))
        .await
        .expect("the account created");
    c.find(Locator::Css("form.logout button"))
        .await
        .expect("sign out")
        .click()
        .await
        .expect("sign out");
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("login-form"))
        .await
        .expect("the login page");
    fill(
        c,
        &[
            ("#login-form [name=username]", "clerk"),
            ("#login-form [name=password]", "clerk-password-1"),
        ],
    )
    .await;
    submit(c, "#login-form").await;
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("ledger-link"))
        .await
        .expect("a body's account has its ledger")
        .click()
        .await
        .expect("open the ledger");

    // register
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("request-form"))
        .await
        .expect("the register");
    fill(
        c,
        &[
            ("#request-form [name=applicant]", "张三"),
            (
                "#request-form [name=description]",
                "某路段改造工程的批复文件",
            ),
            ("#request-form [name=arrived]", "2025-09-26"),
        ],
    )
    .await;
    submit(c, "#request-form").await;
    let facts = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("request-facts"))
        .await
        .expect("the request's page")
        .text()
        .await
        .expect("text");
    assert!(
        facts.contains("2025-10-30"),
        "due the 20th working day: {facts}"
    );

    // the 补正告知书: the clock stops
    fill(
        c,
        &[
            ("#correction-form [name=date]", "2025-09-29"),
            ("#correction-form [name=until]", "2025-10-20"),
            ("#correction-form [name=text]", "请明确所需文件的名称"),
        ],
    )
    .await;
    submit(c, "#correction-form").await;
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("a.document-link[data-kind=correction_notice]"))
        .await
        .expect("the 补正告知书 issued");
    let status = c
        .find(Locator::Id("request-status"))
        .await
        .expect("status")
        .text()
        .await
        .expect("text");
    assert!(status.contains("待补正"), "{status}");
    scroll_to(c, "#documents").await;
    shots.take(c, "ledger-correction").await;

    // the correction arrives, then the answer closes it
    fill(c, &[("#corrected-form [name=date]", "2025-10-09")]).await;
    submit(c, "#corrected-form").await;
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath(
            "//ol[@id='timeline']/li[contains(., '收到补正')]",
        ))
        .await
        .expect("the correction on the timeline");
    fill(
        c,
        &[
            ("#close-form [name=outcome]", "granted"),
            ("#close-form [name=date]", "2025-10-20"),
        ],
    )
    .await;
    submit(c, "#close-form").await;
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#request-status.status-closed"))
        .await
        .expect("closed");
    c.find(Locator::Css("a.document-link[data-kind=answer]"))
        .await
        .expect("the 答复书 issued");

    // the year's report: table two and section 五 written, checked, published
    c.goto(&format!("{base}/ledger/report?year=2025"))
        .await
        .expect("goto");
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("draft-form"))
        .await
        .expect("the report builder");
    let table_two: Vec<(String, &str)> = [
        ("reg_issued", "0"),
        ("reg_repealed", "0"),
        ("reg_in_force", "0"),
        ("norm_issued", "2"),
        ("norm_repealed", "0"),
        ("norm_in_force", "9"),
        ("licensing", "120"),
        ("penalty", "8"),
        ("coercion", "0"),
        ("fees", "0"),
    ]
    .iter()
    .map(|(k, v)| (format!("#draft-form [name={k}]"), *v))
    .collect();
    let mut fields: Vec<(&str, &str)> = table_two.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    fields.push((
        "#draft-form [name=section4]",
        "本年度依申请公开办理流程仍需规范，已制定改进措施。",
    ));
    fill(c, &fields).await;
    submit(c, "#draft-form").await;
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("draft-saved"))
        .await
        .expect("the draft saved");
    let tables = c
        .find(Locator::Id("ledger-tables"))
        .await
        .expect("tables")
        .text()
        .await
        .expect("text");
    assert!(tables.contains("予以公开"), "table three drawn: {tables}");
    assert!(
        c.find_all(Locator::Css("#ledger-findings li.sev-error"))
            .await
            .expect("findings")
            .is_empty(),
        "the draft has no error"
    );
    submit(c, "#publish-form").await;
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("report-published"))
        .await
        .expect("published");
    shots.take(c, "ledger-report").await;
}
