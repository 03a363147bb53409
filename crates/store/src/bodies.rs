//! Bodies and regions: the organisation tree (province → city → county → bodies), how a
//! report is matched to its body, and the tree as CSV or XLSX.
//!
//! A tree file has one row per body, with these columns (Chinese or English headers):
//!
//! | 地区 / region | 单位 / body | 类别 / kind | 别名 / aliases | 起始年度 / from_year | 截止年度 / to_year |
//! |---|---|---|---|---|---|
//! | 四川省/成都市/武侯区 | 成都市武侯区应急管理局 | department | 武侯区应急局；区应急管理局 | 2019 | |
//!
//! `kind` is `government` (人民政府, whole area), `department`, `township` (乡镇、街道) or
//! empty (then told from the name); aliases are separated by `；`, `;` or `|`; the years
//! bound the years the body must report (empty: open).

use crate::{Result, Store, StoreError};
use unicode_normalization::UnicodeNormalization;
use xxgk_check::BodyKind;

/// A name as matched: NFKC (full-width and half-width alike), without spaces and
/// punctuation, 人民政府 → 政府 and 政府办公室 → 政府办, so that 县人民政府办公室 and 县政府办
/// are one name.
pub fn normalise(name: &str) -> String {
    let s: String = name
        .nfkc()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    s.replace("人民政府", "政府")
        .replace("政府办公室", "政府办")
        .replace("政府办公厅", "政府办")
}

/// The stored key of a body kind.
pub fn kind_key(k: BodyKind) -> &'static str {
    match k {
        BodyKind::Government => "government",
        BodyKind::Department => "department",
        BodyKind::Township => "township",
        BodyKind::Unknown => "unknown",
    }
}

fn kind_from_key(s: &str, name: &str) -> Result<&'static str> {
    Ok(match s.trim() {
        "" => kind_key(BodyKind::of_name(name)),
        "government" | "政府" | "人民政府" => "government",
        "department" | "部门" => "department",
        "township" | "乡镇" | "街道" | "乡镇街道" | "乡镇（街道）" => "township",
        "unknown" | "未知" => "unknown",
        other => {
            return Err(StoreError::Invalid(format!(
                "单位 {name} 的类别 {other} 无法识别（应为 government、department、township）/ unknown kind {other} for {name}"
            )));
        }
    })
}

/// One body of the tree, as imported or exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyRecord {
    /// Region names from the root: `["四川省", "成都市", "武侯区"]`.
    pub region: Vec<String>,
    /// The body's name.
    pub name: String,
    /// `government`, `department`, `township` or `unknown`.
    pub kind: String,
    /// Other names it publishes under.
    pub aliases: Vec<String>,
    /// First year it must report.
    pub from_year: Option<i32>,
    /// Last year it must report.
    pub to_year: Option<i32>,
}

const HEADERS: [(&str, &str); 6] = [
    ("地区", "region"),
    ("单位", "body"),
    ("类别", "kind"),
    ("别名", "aliases"),
    ("起始年度", "from_year"),
    ("截止年度", "to_year"),
];

/// Reads a tree from CSV (UTF-8, with or without BOM) or XLSX/XLS (first sheet). The whole
/// file is refused, naming the row, if any row cannot be read.
pub fn read_tree(path: &std::path::Path) -> Result<Vec<BodyRecord>> {
    let io = |source| StoreError::Io {
        path: path.display().to_string(),
        source,
    };
    let bytes = std::fs::read(path).map_err(io)?;
    let rows: Vec<Vec<String>> = if bytes.starts_with(b"PK") || bytes.starts_with(&[0xD0, 0xCF]) {
        use calamine::Reader;
        let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
            .map_err(|e| StoreError::Invalid(format!("{}: {e}", path.display())))?;
        let range = book
            .worksheet_range_at(0)
            .ok_or_else(|| {
                StoreError::Invalid(format!("{}: 没有工作表 / no sheet", path.display()))
            })?
            .map_err(|e| StoreError::Invalid(format!("{}: {e}", path.display())))?;
        range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    } else {
        let text = String::from_utf8(bytes).map_err(|_| {
            StoreError::Invalid(format!(
                "{}: 不是 UTF-8 编码的 CSV / not UTF-8 CSV",
                path.display()
            ))
        })?;
        let mut rd = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let mut rows = Vec::new();
        for r in rd.records() {
            let r = r.map_err(|e| StoreError::Invalid(format!("{}: {e}", path.display())))?;
            rows.push(r.iter().map(str::to_string).collect());
        }
        rows
    };
    parse_rows(&rows).map_err(|e| StoreError::Invalid(format!("{}: {e}", path.display())))
}

fn parse_rows(rows: &[Vec<String>]) -> std::result::Result<Vec<BodyRecord>, String> {
    let Some((head, body)) = rows.split_first() else {
        return Err("文件为空 / empty file".into());
    };
    let col = |i: usize| {
        let (zh, en) = HEADERS[i];
        head.iter().position(|h| {
            let h = h.trim();
            h.contains(zh) || h.eq_ignore_ascii_case(en)
        })
    };
    let (Some(region), Some(name)) = (col(0), col(1)) else {
        return Err("缺少“地区”或“单位”列 / the region and body columns are required".into());
    };
    let (kind, aliases, from, to) = (col(2), col(3), col(4), col(5));
    let mut out = Vec::new();
    for (i, r) in body.iter().enumerate() {
        let line = i + 2;
        let cell = |c: Option<usize>| c.and_then(|c| r.get(c)).map(|s| s.trim()).unwrap_or("");
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let body_name = cell(Some(name)).to_string();
        if body_name.is_empty() {
            return Err(format!(
                "第 {line} 行没有单位名称 / row {line}: no body name"
            ));
        }
        let year = |c| -> std::result::Result<Option<i32>, String> {
            let s = cell(c);
            if s.is_empty() {
                return Ok(None);
            }
            let s = s.trim_end_matches(".0");
            s.parse::<i32>()
                .map(Some)
                .ok()
                .filter(|y| y.is_some_and(|y| (2000..=2100).contains(&y)))
                .ok_or_else(|| {
                    format!("第 {line} 行的年度 {s} 无法识别 / row {line}: year {s} not understood")
                })
        };
        out.push(BodyRecord {
            region: cell(Some(region))
                .split(['/', '／', '>', '＞'])
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            kind: kind_from_key(cell(kind), &body_name)
                .map_err(|e| format!("第 {line} 行 / row {line}: {e}"))?
                .to_string(),
            aliases: cell(aliases)
                .split(['；', ';', '|', '、'])
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            from_year: year(from)?,
            to_year: year(to)?,
            name: body_name,
        });
    }
    Ok(out)
}

fn record_cells(b: &BodyRecord) -> [String; 6] {
    [
        b.region.join("/"),
        b.name.clone(),
        b.kind.clone(),
        b.aliases.join("；"),
        b.from_year.map(|y| y.to_string()).unwrap_or_default(),
        b.to_year.map(|y| y.to_string()).unwrap_or_default(),
    ]
}

fn header_cells() -> [String; 6] {
    HEADERS.map(|(zh, en)| format!("{zh}/{en}"))
}

/// Writes a tree as CSV (UTF-8 with BOM, so that Excel opens it as such).
pub fn write_tree_csv(bodies: &[BodyRecord], out: &mut impl std::io::Write) -> Result<()> {
    let invalid = |e: csv::Error| StoreError::Invalid(e.to_string());
    out.write_all("\u{feff}".as_bytes())
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header_cells()).map_err(invalid)?;
    for b in bodies {
        w.write_record(record_cells(b)).map_err(invalid)?;
    }
    w.flush().map_err(|e| StoreError::Invalid(e.to_string()))
}

/// Writes a tree as XLSX.
pub fn write_tree_xlsx(bodies: &[BodyRecord]) -> Result<Vec<u8>> {
    let x = |e: rust_xlsxwriter::XlsxError| StoreError::Invalid(e.to_string());
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("单位").map_err(x)?;
    for (c, h) in header_cells().iter().enumerate() {
        sheet.write_string(0, c as u16, h).map_err(x)?;
    }
    for (r, b) in bodies.iter().enumerate() {
        for (c, v) in record_cells(b).iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, v).map_err(x)?;
        }
    }
    book.save_to_buffer().map_err(x)
}

/// How a report's body was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// One body has this name (or alias) in the report's region.
    Body(i64),
    /// No body of the tree has this name: listed for the reviewer.
    Unmatched,
    /// Several bodies have it: listed with the candidates, never attached to a guess.
    Ambiguous(Vec<i64>),
    /// The report names no body.
    NoName,
}

impl Store {
    /// Imports a tree: regions are created as needed; a body already present (same name
    /// in the same region) is updated. Returns how many bodies were read.
    pub async fn import_bodies(&self, records: &[BodyRecord]) -> Result<usize> {
        let mut tx = self.write_tx().await?;
        for b in records {
            let mut parent: Option<i64> = None;
            let mut path = String::new();
            for (depth, name) in b.region.iter().enumerate() {
                path.push('/');
                path.push_str(name);
                let found: Option<(i64,)> =
                    sqlx::query_as("SELECT id FROM regions WHERE path = $1")
                        .bind(&path)
                        .fetch_optional(&mut *tx)
                        .await?;
                parent = Some(match found {
                    Some((id,)) => id,
                    None => {
                        let (id,): (i64,) = sqlx::query_as(
                            "INSERT INTO regions (parent_id, name, path, level) VALUES ($1, $2, $3, $4) RETURNING id",
                        )
                        .bind(parent)
                        .bind(name)
                        .bind(&path)
                        .bind(depth as i64 + 1)
                        .fetch_one(&mut *tx)
                        .await?;
                        id
                    }
                });
            }
            let existing: Option<(i64,)> = sqlx::query_as(
                "SELECT id FROM bodies WHERE name = $1 AND ((region_id IS NULL AND $2 IS NULL) OR region_id = $2)",
            )
            .bind(&b.name)
            .bind(parent)
            .fetch_optional(&mut *tx)
            .await?;
            let aliases = serde_json::to_string(&b.aliases)?;
            let id = match existing {
                Some((id,)) => {
                    sqlx::query("UPDATE bodies SET kind = $1, aliases = $2, from_year = $3, to_year = $4, origin = 'tree' WHERE id = $5")
                        .bind(&b.kind)
                        .bind(&aliases)
                        .bind(b.from_year.map(i64::from))
                        .bind(b.to_year.map(i64::from))
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("DELETE FROM body_names WHERE body_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    id
                }
                None => {
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO bodies (name, region_id, kind, aliases, from_year, to_year, origin) VALUES ($1, $2, $3, $4, $5, $6, 'tree') RETURNING id",
                    )
                    .bind(&b.name)
                    .bind(parent)
                    .bind(&b.kind)
                    .bind(&aliases)
                    .bind(b.from_year.map(i64::from))
                    .bind(b.to_year.map(i64::from))
                    .fetch_one(&mut *tx)
                    .await?;
                    id
                }
            };
            let mut names: Vec<String> = std::iter::once(&b.name)
                .chain(&b.aliases)
                .map(|n| normalise(n))
                .filter(|n| !n.is_empty())
                .collect();
            names.sort();
            names.dedup();
            for n in names {
                sqlx::query(
                    "INSERT INTO body_names (norm, body_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
                .bind(n)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        // reports that matched nothing (or several) may match now
        self.rematch().await?;
        Ok(records.len())
    }

    /// The whole tree, regions in path order.
    pub async fn export_bodies(&self) -> Result<Vec<BodyRecord>> {
        let rows: Vec<(String, String, String, Option<i64>, Option<i64>, Option<String>)> =
            sqlx::query_as(
                "SELECT b.name, b.kind, b.aliases, b.from_year, b.to_year, r.path FROM bodies b LEFT JOIN regions r ON r.id = b.region_id ORDER BY r.path, b.name",
            )
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|(name, kind, aliases, from, to, path)| {
                Ok(BodyRecord {
                    region: path
                        .unwrap_or_default()
                        .split('/')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                    name,
                    kind,
                    aliases: serde_json::from_str(&aliases)?,
                    from_year: from.and_then(|y| i32::try_from(y).ok()),
                    to_year: to.and_then(|y| i32::try_from(y).ok()),
                })
            })
            .collect()
    }

    /// Whether the tree was imported (then unknown names are listed, not created).
    pub(crate) async fn has_tree<'c, E>(&self, ex: E) -> Result<bool>
    where
        E: sqlx::Executor<'c, Database = sqlx::Any>,
    {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bodies WHERE origin = 'tree'")
            .fetch_one(ex)
            .await?;
        Ok(n > 0)
    }

    /// Finds the body of a report by its name (normalised, aliases included); where
    /// several bodies share the name, the one whose region names appear in the report's
    /// name or title.
    pub(crate) async fn match_body(
        &self,
        tx: &mut sqlx::AnyConnection,
        agency: Option<&str>,
        title: Option<&str>,
        create: bool,
    ) -> Result<Match> {
        let Some(agency) = agency.filter(|a| !a.trim().is_empty()) else {
            return Ok(Match::NoName);
        };
        let norm = normalise(agency);
        let ids: Vec<(i64, Option<String>)> = sqlx::query_as(
            "SELECT DISTINCT n.body_id, r.path FROM body_names n JOIN bodies b ON b.id = n.body_id LEFT JOIN regions r ON r.id = b.region_id WHERE n.norm = $1 ORDER BY n.body_id",
        )
        .bind(&norm)
        .fetch_all(&mut *tx)
        .await?;
        match ids.len() {
            0 => {
                // the body's name after the names of its regions (南山县西山镇人民政府 for
                // 西山镇人民政府 of 南山县): only against a tree, whose names are short
                if self.has_tree(&mut *tx).await? {
                    let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
                        "SELECT n.body_id, n.norm, r.path FROM body_names n JOIN bodies b ON b.id = n.body_id LEFT JOIN regions r ON r.id = b.region_id WHERE $1 LIKE '%' || n.norm AND n.norm <> $1 ORDER BY n.body_id",
                    )
                    .bind(&norm)
                    .fetch_all(&mut *tx)
                    .await?;
                    let mut hits: Vec<i64> = rows
                        .iter()
                        .filter(|(_, n, path)| {
                            let prefix = &norm[..norm.len() - n.len()];
                            path.as_deref().is_some_and(|p| regions_cover(prefix, p))
                        })
                        .map(|(id, _, _)| *id)
                        .collect();
                    hits.dedup();
                    match hits.as_slice() {
                        [] => {}
                        [one] => return Ok(Match::Body(*one)),
                        _ => return Ok(Match::Ambiguous(hits)),
                    }
                }
            }
            1 => return Ok(Match::Body(ids[0].0)),
            _ => {
                // the region decides: every region name on the path in the report's words
                let words = format!("{agency}{}", title.unwrap_or_default());
                let inside: Vec<i64> = ids
                    .iter()
                    .filter(|(_, path)| {
                        path.as_deref().is_some_and(|p| {
                            p.split('/')
                                .filter(|s| !s.is_empty())
                                .any(|r| words.contains(r) || words.contains(short_region(r)))
                        })
                    })
                    .map(|(id, _)| *id)
                    .collect();
                return Ok(match inside.as_slice() {
                    [one] => Match::Body(*one),
                    _ => Match::Ambiguous(ids.iter().map(|(id, _)| *id).collect()),
                });
            }
        }
        if !create || self.has_tree(&mut *tx).await? {
            return Ok(Match::Unmatched);
        }
        // no tree: the body is created from the report
        let kind = kind_key(BodyKind::of_name(agency));
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO bodies (name, kind, origin) VALUES ($1, $2, 'report') RETURNING id",
        )
        .bind(agency)
        .bind(kind)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO body_names (norm, body_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(&norm)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        Ok(Match::Body(id))
    }

    /// Matches again the reports that matched no body or several (after a tree import).
    pub async fn rematch(&self) -> Result<usize> {
        let pending: Vec<(i64, Option<String>, Option<String>, Option<i64>)> = sqlx::query_as(
            "SELECT id, agency, title, year FROM reports WHERE match_status IN ('unmatched', 'ambiguous')",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut n = 0;
        for (id, agency, title, year) in pending {
            let mut tx = self.write_tx().await?;
            let m = self
                .match_body(&mut tx, agency.as_deref(), title.as_deref(), true)
                .await?;
            if let Match::Body(body) = m {
                crate::ingest::attach(&mut tx, id, body, year).await?;
                n += 1;
            }
            tx.commit().await?;
        }
        Ok(n)
    }
}

/// A region's name without its level word (成都市 → 成都, 武侯区 → 武侯), as names often
/// carry it shortened.
/// Whether `prefix` (normalised) is made of names of regions on `path`, full or short
/// (`南山县`, `南山`, `示例市南山县`).
fn regions_cover(prefix: &str, path: &str) -> bool {
    let names: Vec<(String, String)> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|r| (normalise(r), normalise(short_region(r))))
        .collect();
    let mut rest = prefix;
    while !rest.is_empty() {
        // the longest name that starts the rest (示例市 before 示例 of 示例省)
        let longest = names
            .iter()
            .flat_map(|(full, short)| [full, short])
            .filter(|n| !n.is_empty() && rest.starts_with(n.as_str()))
            .map(String::len)
            .max();
        match longest {
            Some(n) => rest = &rest[n..],
            None => return false,
        }
    }
    !prefix.is_empty()
}

fn short_region(r: &str) -> &str {
    for suffix in ["自治州", "自治县", "省", "市", "区", "县", "州", "旗", "盟"] {
        if let Some(s) = r.strip_suffix(suffix)
            && s.chars().count() >= 2
        {
            return s;
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_may_start_with_its_regions() {
        let path = "/示例省/示例市/南山县";
        assert!(regions_cover(&normalise("南山县"), path));
        assert!(regions_cover(&normalise("示例市南山县"), path));
        assert!(regions_cover(&normalise("南山"), path));
        assert!(!regions_cover(&normalise("东山县"), path));
        assert!(!regions_cover("", path));
    }

    #[test]
    fn names_match_across_widths_and_abbreviations() {
        assert_eq!(normalise("东山县人民政府办公室"), normalise("东山县政府办"));
        assert_eq!(
            normalise("东山县 应急管理局"),
            normalise("东山县应急管理局")
        );
        assert_eq!(normalise("（东山县）ＡＢ局"), normalise("(东山县)ab局"));
        assert_ne!(normalise("东山县应急管理局"), normalise("西山县应急管理局"));
    }

    #[test]
    fn a_tree_reads_chinese_or_english_headers_and_refuses_bad_rows() {
        let rows = |v: &[&[&str]]| -> Vec<Vec<String>> {
            v.iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect()
        };
        let ok = parse_rows(&rows(&[
            &[
                "地区/region",
                "单位/body",
                "类别/kind",
                "别名/aliases",
                "起始年度/from_year",
                "截止年度/to_year",
            ],
            &[
                "某省/某市/东山县",
                "东山县应急管理局",
                "",
                "东山县应急局；县应急管理局",
                "2019",
                "",
            ],
        ]))
        .expect("reads");
        assert_eq!(ok[0].region, ["某省", "某市", "东山县"]);
        assert_eq!(ok[0].kind, "department");
        assert_eq!(ok[0].aliases.len(), 2);
        assert_eq!(ok[0].from_year, Some(2019));
        let bad = parse_rows(&rows(&[
            &["region", "body", "from_year"],
            &["x", "y", "去年"],
        ]));
        assert!(bad.expect_err("refused").contains("row 2"));
        assert!(parse_rows(&rows(&[&["name"], &["y"]])).is_err());
    }

    #[test]
    fn region_names_are_shortened_for_matching() {
        assert_eq!(short_region("成都市"), "成都");
        assert_eq!(short_region("武侯区"), "武侯");
        assert_eq!(short_region("市"), "市");
    }
}
