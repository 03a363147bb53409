//! `xxgk serve` as a process: killed with SIGKILL in the middle of a batch upload, every
//! file it acknowledged is there after a restart and the processing resumes.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "serve-test-password";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn start(db: &str, port: u16) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(["serve", "--db", db, "--addr", &format!("127.0.0.1:{port}")])
        .env("XXGK_ADMIN_PASSWORD", PASSWORD)
        .env_remove("XXGK_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start xxgk serve");
    let t = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

/// One HTTP/1.1 request on its own connection.
fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).ok();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).expect("write");
    s.write_all(body).expect("write");
    let mut out = Vec::new();
    s.read_to_end(&mut out).expect("read");
    let text = String::from_utf8_lossy(&out).into_owned();
    let (headers, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = headers
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        headers: headers.to_string(),
        body: body.to_string(),
    }
}

/// Signs in: the cookie header and the CSRF token.
fn login(port: u16) -> (String, String) {
    let r = request(
        port,
        "POST",
        "/api/login",
        &[("Content-Type", "application/json")],
        format!(r#"{{"username":"admin","password":"{PASSWORD}"}}"#).as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let cookie = r
        .headers
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .expect("session cookie")
        .to_string();
    let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    (cookie, v["csrf"].as_str().expect("csrf").to_string())
}

fn multipart(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut b = format!(
        "--XXGKB\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/markdown\r\n\r\n"
    )
    .into_bytes();
    b.extend_from_slice(bytes);
    b.extend_from_slice(b"\r\n--XXGKB--\r\n");
    b
}

fn report(i: u64) -> Vec<u8> {
    let mut r = xxgk_testkit::generate(i);
    let agency = format!("测试县第{i}局");
    r.agency = Some(agency.clone());
    r.year = Some(2024);
    r.title = Some(format!("{agency}2024年政府信息公开工作年度报告"));
    xxgk_render::markdown(&r).into_bytes()
}

#[cfg(unix)]
#[test]
fn sigkill_mid_batch_loses_no_acknowledged_file_and_processing_resumes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite://{}", dir.path().join("xxgk.db").display());
    let port = free_port();
    let mut server = start(&db, port);
    let (cookie, csrf) = login(port);
    let headers = [
        ("Cookie", cookie.as_str()),
        ("X-CSRF-Token", csrf.as_str()),
        ("Content-Type", "multipart/form-data; boundary=XXGKB"),
    ];
    let mut acknowledged = Vec::new();
    for i in 0..24 {
        let r = request(
            port,
            "POST",
            "/api/reports",
            &headers,
            &multipart(&format!("r{i}.md"), &report(i)),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
        assert_eq!(v["files"][0]["status"], "stored");
        acknowledged.push(v["files"][0]["sha256"].as_str().expect("sha").to_string());
    }
    let r = request(port, "GET", "/api/queue", &[("Cookie", &cookie)], b"");
    eprintln!("at the kill: {}", r.body);
    // the next upload is half sent when the server dies
    let mut half = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let body = multipart("r24.md", &report(24));
    let _ = half.write_all(
        format!(
            "POST /api/reports HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nX-CSRF-Token: {csrf}\r\nContent-Type: multipart/form-data; boundary=XXGKB\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    );
    let _ = half.write_all(&body[..body.len() / 2]);
    server.kill().expect("SIGKILL");
    server.wait().expect("reaped");
    drop(half);

    let mut server = start(&db, port);
    let (cookie, _) = login(port);
    let t = Instant::now();
    loop {
        let r = request(port, "GET", "/api/queue", &[("Cookie", &cookie)], b"");
        let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
        if v["queued"] == 0 {
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(120),
            "processing did not resume"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let r = request(
        port,
        "GET",
        "/api/reports?status=all",
        &[("Cookie", &cookie)],
        b"",
    );
    let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    let stored: Vec<&str> = v["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .filter_map(|r| r["sha256"].as_str())
        .collect();
    for sha in &acknowledged {
        assert!(
            stored.contains(&sha.as_str()),
            "acknowledged file {sha} lost"
        );
    }
    server.kill().ok();
    server.wait().ok();
}

/// `xxgk users add` reads the password from standard input; a second account of the same
/// name is refused; the server still creates its first admin beside a reviewer.
#[cfg(unix)]
#[test]
fn users_add_then_serve_creates_the_admin_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite://{}", dir.path().join("xxgk.db").display());
    let add = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_xxgk"))
            .args(["users", "add", "chengdu", "--role", "reviewer"])
            .args(["--region", "/四川省/成都市", "--db", &db])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("xxgk users add");
        c.stdin
            .take()
            .expect("stdin")
            .write_all(b"reviewer-pass\n")
            .expect("password");
        c.wait().expect("exit").code()
    };
    assert_eq!(add(), Some(0));
    assert_eq!(add(), Some(2), "the name is taken");
    let port = free_port();
    let mut server = start(&db, port);
    login(port);
    let r = request(
        port,
        "POST",
        "/api/login",
        &[("Content-Type", "application/json")],
        br#"{"username":"chengdu","password":"reviewer-pass"}"#,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    server.kill().ok();
    server.wait().ok();
}
