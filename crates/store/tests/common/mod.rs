//! The same suite against each database: an SQLite file in a temporary directory, and a
//! fresh PostgreSQL database on the server named by `XXGK_TEST_PG` (an admin URL such as
//! `postgres://postgres@127.0.0.1:54329/postgres`). Without that variable the PostgreSQL
//! half is skipped, unless `XXGK_REQUIRE_PG` is set (as `.ci/run` sets it): then it fails.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use xxgk_model::{Report, SECTION_HEADINGS, Section};
use xxgk_store::Store;

/// A database for one test, and the directory its files live in.
pub struct Db {
    pub url: String,
    pub dir: tempfile::TempDir,
}

impl Db {
    pub fn sqlite() -> Db {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("xxgk.db").display());
        Db { url, dir }
    }

    /// A new, empty PostgreSQL database, or `None` when no server is configured.
    pub async fn postgres() -> Option<Db> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let Ok(admin) = std::env::var("XXGK_TEST_PG") else {
            assert!(
                std::env::var_os("XXGK_REQUIRE_PG").is_none(),
                "XXGK_REQUIRE_PG is set but XXGK_TEST_PG is not"
            );
            eprintln!("XXGK_TEST_PG not set: the PostgreSQL half is skipped");
            return None;
        };
        let name = format!(
            "xxgk_t{}_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos())
        );
        let url = Store::create_database(&admin, &name)
            .await
            .expect("create database");
        let dir = tempfile::tempdir().expect("temp dir");
        Some(Db { url, dir })
    }

    pub async fn open(&self) -> Store {
        Store::open(&self.url).await.expect("open store")
    }

    /// A folder for report files.
    pub fn folder(&self, name: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::create_dir_all(&p).expect("folder");
        p
    }
}

/// Runs each test function against SQLite and against PostgreSQL.
#[macro_export]
macro_rules! both {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let db = super::common::Db::sqlite();
                    super::$name(&db).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if let Some(db) = super::common::Db::postgres().await {
                        super::$name(&db).await;
                    }
                }
            }
        )+
    };
}

/// A valid generated report of `agency` for `year`, published in time, with prose of its
/// own (generated reports share stock sentences, which X102 would rightly call copied).
pub fn report(seed: u64, agency: &str, year: i32) -> Report {
    let mut r = xxgk_testkit::generate(seed);
    retitle(&mut r, agency, year);
    let prose: Vec<String> = (0..6).map(|i| own_prose(seed * 8 + i, 6)).collect();
    let texts: [&str; 6] = std::array::from_fn(|i| prose[i].as_str());
    with_sections(r, texts)
}

/// The same report under another body and year.
pub fn retitle(r: &mut Report, agency: &str, year: i32) {
    r.agency = Some(agency.into());
    r.year = Some(year);
    r.title = Some(format!("{agency}{year}年政府信息公开工作年度报告"));
    r.published = xxgk_model::Date::new(year as i16 + 1, 1, 20).ok();
}

/// Writes a report as Markdown (the renderer's output reads back as the same report).
pub fn write(dir: &Path, file: &str, r: &Report) -> PathBuf {
    let p = dir.join(file);
    std::fs::write(&p, xxgk_render::markdown(r)).expect("write report");
    p
}

/// Section 五 of a town's report, the same for every town but its name and figures.
pub fn problems(town: &str, trainings: u32, items: u32) -> String {
    format!(
        "{town}政务公开工作虽取得一定成效，但仍存在一些不足：一是公开内容不够全面，部分领域信息更新不及时，全年仅更新{items}条；二是政策解读形式较为单一，图解、视频等解读方式运用不多；三是工作人员业务能力有待提高。\n下一步，{town}将组织政务公开专题培训{trainings}次，拓展解读形式，及时更新各领域信息，切实提升政务公开质量。"
    )
}

/// The opening paragraph every report shares.
pub const OPENING: &str = "根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求，编制本报告。";

/// The report with these six section texts instead of its own.
pub fn with_sections(mut r: Report, texts: [&str; 6]) -> Report {
    r.sections = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Section {
            number: i as u8 + 1,
            heading: SECTION_HEADINGS[i].into(),
            text: (*t).to_string(),
        })
        .collect();
    r
}

/// Prose unlike any other report's: `n` sentences drawn from a seed.
pub fn own_prose(seed: u64, n: usize) -> String {
    const WORDS: [&str; 24] = [
        "水利", "教育", "交通", "养老", "医疗", "住房", "就业", "环保", "农业", "文旅", "应急",
        "市场", "税务", "统计", "审计", "民政", "科技", "林业", "气象", "档案", "人防", "体育",
        "商务", "粮食",
    ];
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        WORDS[(x % WORDS.len() as u64) as usize]
    };
    (0..n)
        .map(|_| format!("{}{}{}，{}{}。", next(), next(), next(), next(), next()))
        .collect()
}
