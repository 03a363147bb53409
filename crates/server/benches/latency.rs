//! The web app's latency under load (README, Performance): the report list's and the report
//! view's p50 / p95 / p99 with 10,000 reports stored, measured by a local load generator.
//!
//! ```sh
//! cargo bench -p xxgk-server --bench latency
//! # another size, or another database (an empty one is filled first):
//! XXGK_BENCH_REPORTS=2000 cargo bench -p xxgk-server --bench latency
//! XXGK_BENCH_DB=postgres://postgres@127.0.0.1:54329/bench cargo bench -p xxgk-server --bench latency
//! ```
//!
//! The corpus (two years of generated reports per body, as in the store's benchmark) is
//! ingested once into `target/tmp/latency-N.db` and kept for the next run. The server runs
//! in this process on its own two-thread runtime, over TCP on 127.0.0.1, as `xxgk serve`
//! does; the load generator runs on another thread with `XXGK_BENCH_CONNECTIONS`
//! (default 4) keep-alive connections, each sending its next request as soon as the last is
//! answered, `XXGK_BENCH_REQUESTS` (default 2,000) requests per scenario after 100 warm-up
//! requests. Both share the machine's cores, so the figures include the generator's cost.
//!
//! Scenarios:
//! * `list`: the report list page, a random page of 50 of the whole corpus, in turn plain,
//!   searched by a body name (`q`), filtered by year and sorted by errors, filtered by rule;
//! * `view`: the report view page of a random report (tables drawn, findings, marks);
//! * `api-list`, `api-view`: the same through the JSON API.

use axum::body::Bytes;
use axum::http::{Request, header};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use xxgk_store::{IngestOptions, Silent, Store};

const PASSWORD: &str = "bench-password-1";

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A small deterministic generator for the random pages and ids.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// Opens the corpus, ingesting `n` generated reports first when it holds none.
async fn corpus(url: &str, n: u64) -> Store {
    let store = Store::open(url).await.expect("open the database");
    let (have,): (i64,) = sqlx_count(&store).await;
    if have == 0 {
        let dir = tempfile::tempdir().expect("tmp");
        eprintln!("generating and ingesting {n} reports into {url} (once)…");
        for i in 0..n {
            let md = xxgk_render::markdown(&xxgk_testkit::corpus_report(i));
            std::fs::write(dir.path().join(format!("report-{i:06}.md")), md).expect("write");
        }
        let t = Instant::now();
        store
            .ingest(
                &[dir.path().to_path_buf()],
                &IngestOptions::default(),
                &Silent,
            )
            .await
            .expect("ingest");
        eprintln!("ingested in {:.1} s", t.elapsed().as_secs_f64());
    } else {
        eprintln!("{have} reports already in {url}");
    }
    store
}

async fn sqlx_count(store: &Store) -> (i64,) {
    let n = store
        .report_count(&xxgk_store::query::ReportFilter {
            status: xxgk_store::query::Status::All,
            ..Default::default()
        })
        .await
        .expect("count");
    (n,)
}

type Http = Client<HttpConnector, Full<Bytes>>;

async fn send(client: &Http, method: &str, url: &str, cookie: &str, body: &str) -> (u16, Bytes) {
    let req = Request::builder()
        .method(method)
        .uri(url)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
        .expect("request");
    let res = client.request(req).await.expect("response");
    let status = res.status().as_u16();
    let body = res
        .into_body()
        .collect()
        .await
        .expect("response body")
        .to_bytes();
    (status, body)
}

/// Signs in as the admin; returns the session cookie.
async fn login(client: &Http, base: &str) -> String {
    let req = Request::post(format!("{base}/api/login"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(format!(
            r#"{{"username":"admin","password":"{PASSWORD}"}}"#
        ))))
        .expect("request");
    let res = client.request(req).await.expect("login");
    assert!(res.status().is_success(), "login: {}", res.status());
    let cookie = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("xxgk_session="))
        .and_then(|v| v.split(';').next())
        .expect("session cookie")
        .to_string();
    let _ = res.into_body().collect().await;
    cookie
}

struct Summary {
    name: &'static str,
    n: usize,
    p50: Duration,
    p95: Duration,
    p99: Duration,
    max: Duration,
    rate: f64,
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

/// Sends `requests` requests made by `url` over `connections` connections at once.
async fn scenario(
    name: &'static str,
    client: &Http,
    cookie: &str,
    connections: usize,
    requests: usize,
    url: Arc<dyn Fn(&mut XorShift) -> String + Send + Sync>,
) -> Summary {
    let warm = 100.min(requests);
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..warm {
        let (status, _) = send(client, "GET", &url(&mut rng), cookie, "").await;
        assert_eq!(status, 200, "{name} warm-up");
    }
    let start = Instant::now();
    let per = requests.div_ceil(connections);
    let mut tasks = tokio::task::JoinSet::new();
    for c in 0..connections {
        let (client, cookie, url) = (client.clone(), cookie.to_string(), url.clone());
        tasks.spawn(async move {
            let mut rng = XorShift(0x2545_F491_4F6C_DD1D ^ (c as u64 + 1).wrapping_mul(0x9E37));
            let mut times = Vec::with_capacity(per);
            for _ in 0..per {
                let u = url(&mut rng);
                let t = Instant::now();
                let (status, body) = send(&client, "GET", &u, &cookie, "").await;
                times.push(t.elapsed());
                assert_eq!(status, 200, "{u}: {}", String::from_utf8_lossy(&body));
            }
            times
        });
    }
    let mut times: Vec<Duration> = tasks.join_all().await.into_iter().flatten().collect();
    let wall = start.elapsed();
    times.sort();
    Summary {
        name,
        n: times.len(),
        p50: pct(&times, 0.50),
        p95: pct(&times, 0.95),
        p99: pct(&times, 0.99),
        max: times.last().copied().unwrap_or_default(),
        rate: times.len() as f64 / wall.as_secs_f64(),
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs it too: only a real
    // benchmark run measures
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let n = env_num("XXGK_BENCH_REPORTS", 10_000) as u64;
    let connections = env_num("XXGK_BENCH_CONNECTIONS", 4).max(1);
    let requests = env_num("XXGK_BENCH_REQUESTS", 2_000).max(1);
    let url = std::env::var("XXGK_BENCH_DB").unwrap_or_else(|_| {
        let p = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("latency-{n}.db"));
        format!("sqlite://{}", p.display())
    });

    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (store, addr) = server_rt.block_on(async {
        let store = corpus(&url, n).await;
        let app = xxgk_server::app(
            store.clone(),
            xxgk_server::Config {
                admin_password: Some(PASSWORD.into()),
                ..Default::default()
            },
        )
        .await
        .expect("app");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("listen");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await
            .expect("serve");
        });
        (store, addr)
    });
    let ids: Vec<i64> = server_rt.block_on(async {
        store
            .reports(&xxgk_store::query::ReportFilter::default())
            .await
            .expect("reports")
            .into_iter()
            .map(|r| r.id)
            .collect()
    });
    assert!(!ids.is_empty(), "no reports to view");
    let stored = ids.len();

    let base = format!("http://{addr}");
    let client_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let results = std::thread::scope(|s| {
        s.spawn(|| {
            client_rt.block_on(async {
                let mut http = HttpConnector::new();
                http.set_nodelay(true);
                let client: Http = Client::builder(TokioExecutor::new())
                    .pool_max_idle_per_host(connections)
                    .build(http);
                let cookie = login(&client, &base).await;
                let pages = (stored as u64).div_ceil(50);
                let ids = Arc::new(ids.clone());
                let list =
                    |kind: &'static str| -> Arc<dyn Fn(&mut XorShift) -> String + Send + Sync> {
                        let base = base.clone();
                        Arc::new(move |rng: &mut XorShift| {
                            let page = rng.below(pages) + 1;
                            match rng.below(4) {
                                0 => format!("{base}{kind}?page={page}"),
                                // 示例NNNNN: one body's two reports
                                1 => format!(
                                    "{base}{kind}?q=%E7%A4%BA%E4%BE%8B{:05}",
                                    rng.below(stored as u64 / 2)
                                ),
                                2 => format!(
                                    "{base}{kind}?year=2024&sort=errors&page={}",
                                    page / 2 + 1
                                ),
                                _ => format!("{base}{kind}?rule=T3&page={}", page / 4 + 1),
                            }
                        })
                    };
                let view =
                    |kind: &'static str| -> Arc<dyn Fn(&mut XorShift) -> String + Send + Sync> {
                        let (base, ids) = (base.clone(), ids.clone());
                        Arc::new(move |rng: &mut XorShift| {
                            let id = ids[rng.below(ids.len() as u64) as usize];
                            format!("{base}{kind}/{id}")
                        })
                    };
                let mut out = Vec::new();
                for (name, url) in [
                    ("list", list("/reports")),
                    ("view", view("/reports")),
                    ("api-list", list("/api/reports")),
                    ("api-view", view("/api/reports")),
                ] {
                    out.push(scenario(name, &client, &cookie, connections, requests, url).await);
                }
                out
            })
        })
        .join()
        .expect("load generator")
    });
    println!(
        "\n{stored} reports in {url}; {connections} connections, {requests} requests per scenario"
    );
    println!(
        "{:<10} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "scenario", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s"
    );
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    for r in &results {
        println!(
            "{:<10} {:>6} {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>9.0}",
            r.name,
            r.n,
            ms(r.p50),
            ms(r.p95),
            ms(r.p99),
            ms(r.max),
            r.rate
        );
    }
}
