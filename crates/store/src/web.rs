//! What the web app keeps: accounts and their roles, sessions, login throttling, and the
//! reviewers' marks on findings.
//!
//! Passwords are stored as argon2id PHC strings. A session is found by the SHA-256 of its
//! cookie token (the token itself is never stored) and carries its own CSRF token. Every
//! login attempt is recorded; five failures for a user name or an address within fifteen
//! minutes refuse the next attempt. A mark is keyed by the file's SHA-256, the rule code
//! and the finding's stable key ([`finding_keys`]), so it survives `reparse` and any
//! re-check that replaces the findings rows.

use crate::query::{ReportFilter, ReportRow};
use crate::{Result, Store, StoreError};
use serde::Serialize;
use xxgk_model::Finding;

/// Failed attempts (per user name or per address) that refuse the next login.
pub const MAX_FAILURES: i64 = 5;
/// The window of those failures, in seconds.
pub const FAILURE_WINDOW: i64 = 15 * 60;
/// How long a session lasts, in seconds.
pub const SESSION_SECONDS: i64 = 12 * 3600;

/// What an account may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything, and the accounts.
    Admin,
    /// The reports of a region and of every region under it.
    Reviewer,
    /// Its own body's reports.
    Body,
}

impl Role {
    /// `admin`, `reviewer`, `body`.
    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Reviewer => "reviewer",
            Role::Body => "body",
        }
    }
    /// The role of a key.
    pub fn from_key(k: &str) -> Option<Role> {
        match k {
            "admin" => Some(Role::Admin),
            "reviewer" => Some(Role::Reviewer),
            "body" => Some(Role::Body),
            _ => None,
        }
    }
    /// 管理员, 审核人员, 报送单位.
    pub fn name_zh(self) -> &'static str {
        match self {
            Role::Admin => "管理员",
            Role::Reviewer => "审核人员",
            Role::Body => "报送单位",
        }
    }
}

/// A signed-in account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Stored id.
    pub id: i64,
    /// User name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Reviewer: the region path it reviews (`/四川省/成都市`).
    pub region: Option<String>,
    /// Body: the body whose reports it sees.
    pub body_id: Option<i64>,
}

/// Which reports a user may see, as a query condition.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Scope {
    /// Every report.
    #[default]
    All,
    /// The reports of bodies in this region or under it.
    Region(String),
    /// The reports of this body.
    Body(i64),
}

impl User {
    /// The reports this user may see.
    pub fn scope(&self) -> Scope {
        match self.role {
            Role::Admin => Scope::All,
            Role::Reviewer => Scope::Region(self.region.clone().unwrap_or_default()),
            Role::Body => Scope::Body(self.body_id.unwrap_or(-1)),
        }
    }
}

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// User name (unique).
    pub name: String,
    /// Password (stored hashed).
    pub password: String,
    /// Role.
    pub role: Role,
    /// Reviewer: its region path.
    pub region: Option<String>,
    /// Body: its body.
    pub body_id: Option<i64>,
}

/// A session just opened: the cookie token (given to the client once) and its CSRF token.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The cookie's value.
    pub token: String,
    /// The CSRF token of the session.
    pub csrf: String,
    /// Who.
    pub user: User,
}

/// How a login ended.
#[derive(Debug, Clone)]
pub enum Login {
    /// Signed in.
    Ok(NewSession),
    /// Wrong name or password.
    Refused,
    /// Too many failures lately: try again later.
    Throttled,
}

/// Whether a reviewer confirms or dismisses a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MarkKind {
    /// The finding is right.
    Confirmed,
    /// The finding is wrong or does not matter here.
    Dismissed,
}

impl MarkKind {
    /// `confirmed`, `dismissed`.
    pub fn key(self) -> &'static str {
        match self {
            MarkKind::Confirmed => "confirmed",
            MarkKind::Dismissed => "dismissed",
        }
    }
    /// The mark of a key.
    pub fn from_key(k: &str) -> Option<MarkKind> {
        match k {
            "confirmed" => Some(MarkKind::Confirmed),
            "dismissed" => Some(MarkKind::Dismissed),
            _ => None,
        }
    }
    /// 已确认, 已忽略.
    pub fn name_zh(self) -> &'static str {
        match self {
            MarkKind::Confirmed => "已确认",
            MarkKind::Dismissed => "已忽略",
        }
    }
}

/// A reviewer's mark on a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mark {
    /// Confirmed or dismissed.
    pub mark: MarkKind,
    /// Why.
    pub reason: String,
    /// Who marked it.
    pub by: Option<String>,
    /// When (Unix seconds).
    pub at: i64,
}

/// A finding of a report, with its stable key and the mark it carries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarkedFinding {
    /// Its place in the report's list, from 0 (the `N` of the page and the API).
    pub index: usize,
    /// The stable key its mark is stored under.
    pub key: String,
    /// The finding.
    pub finding: Finding,
    /// The reviewer's mark, if any.
    pub mark: Option<Mark>,
}

/// The stable key of each finding of a report, in order: the cell it names
/// (`requests/total/natural_person`), else its place in the text
/// (`s3/l12/c4/p2/t1r7c3`), with `#n` added when the same rule names the same place more
/// than once. It does not depend on the findings' row ids, which change on every re-check.
pub fn finding_keys(findings: &[Finding]) -> Vec<String> {
    let mut seen: std::collections::HashMap<(String, String), usize> = Default::default();
    findings
        .iter()
        .map(|f| {
            let base = match f.table {
                Some(t) => format!(
                    "{}/{}/{}",
                    serde_json::to_value(t)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    f.row.as_deref().unwrap_or(""),
                    f.column.as_deref().unwrap_or("")
                ),
                None => {
                    let l = &f.location;
                    let o = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
                    format!(
                        "s{}/l{}/c{}/p{}/t{}r{}c{}",
                        f.section.map(|s| s.to_string()).unwrap_or_default(),
                        o(l.line),
                        o(l.column),
                        o(l.page),
                        o(l.table),
                        o(l.row),
                        o(l.cell)
                    )
                }
            };
            let n = seen.entry((f.code.clone(), base.clone())).or_insert(0);
            *n += 1;
            if *n == 1 { base } else { format!("{base}#{n}") }
        })
        .collect()
}

/// An account as the admin lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    /// The account.
    #[serde(flatten)]
    pub user: User,
    /// Body accounts: the body's name.
    pub body: Option<String>,
    /// When it was created (Unix seconds).
    pub created_at: i64,
}

/// A body an account may be given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BodyOption {
    /// Stored id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its region path.
    pub region: Option<String>,
}

/// A report with findings a reviewer confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfirmedReport {
    /// The report as listed.
    #[serde(flatten)]
    pub row: ReportRow,
    /// How many of its findings are confirmed.
    pub confirmed: usize,
}

/// The report a finding compares with (X102's other report), as a user may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OtherReport {
    /// A stored report the user may see.
    Visible(Box<ReportRow>),
    /// A stored report outside the user's scope: nothing of it may be shown.
    Hidden,
    /// No stored report matches what the finding names (or it names none).
    Missing,
}

/// Unix seconds now.
fn unix_now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// A random token: 32 bytes from the operating system, as hex.
pub fn random_token() -> Result<String> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b)
        .map_err(|e| StoreError::Invalid(format!("无法生成随机数 / no random numbers: {e}")))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

fn token_hash(token: &str) -> String {
    xxgk_document::sha256_hex(token.as_bytes())
}

/// Hashes a password (argon2id, random salt).
pub fn hash_password(password: &str) -> Result<String> {
    use argon2::password_hash::PasswordHasher as _;
    argon2::Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| {
            StoreError::Invalid(format!("无法计算口令散列 / cannot hash the password: {e}"))
        })
}

/// Whether a password matches its stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::password_hash::PasswordVerifier as _;
    match argon2::password_hash::phc::PasswordHash::new(hash) {
        Ok(parsed) => argon2::Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

type UserRow = (i64, String, String, Option<String>, Option<i64>);

fn user_of(row: UserRow) -> Result<User> {
    let role = Role::from_key(&row.2)
        .ok_or_else(|| StoreError::Invalid(format!("未知角色 / unknown role: {}", row.2)))?;
    Ok(User {
        id: row.0,
        name: row.1,
        role,
        region: row.3,
        body_id: row.4,
    })
}

/// A region path as stored: `/四川省/成都市` (a leading `/`, none at the end).
pub fn region_path(region: &str) -> String {
    let parts: Vec<&str> = region
        .split('/')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    format!("/{}", parts.join("/"))
}

impl Store {
    /// How many accounts there are.
    pub async fn user_count(&self) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }

    /// Creates an account. A reviewer needs a region, a body account a body.
    pub async fn create_user(&self, u: &NewUser) -> Result<User> {
        let name = u.name.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(StoreError::Invalid(
                "用户名须为 1 到 64 个字符 / a user name is 1 to 64 characters".into(),
            ));
        }
        if u.password.chars().count() < 8 {
            return Err(StoreError::Invalid(
                "口令至少 8 个字符 / a password is at least 8 characters".into(),
            ));
        }
        let region = match (u.role, u.region.as_deref()) {
            (Role::Reviewer, Some(r)) if !r.trim().trim_matches('/').is_empty() => {
                Some(region_path(r))
            }
            (Role::Reviewer, _) => {
                return Err(StoreError::Invalid(
                    "审核人员须指定地区 / a reviewer needs a region".into(),
                ));
            }
            _ => None,
        };
        let body_id = match (u.role, u.body_id) {
            (Role::Body, Some(b)) => Some(b),
            (Role::Body, None) => {
                return Err(StoreError::Invalid(
                    "报送单位账号须指定单位 / a body account needs a body".into(),
                ));
            }
            _ => None,
        };
        let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        if exists.is_some() {
            return Err(StoreError::Invalid(format!(
                "用户名已存在 / the user name is taken: {name}"
            )));
        }
        let hash = hash_password(&u.password)?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO users (name, password_hash, role, region, body_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(name)
        .bind(hash)
        .bind(u.role.key())
        .bind(region.as_deref())
        .bind(body_id)
        .bind(unix_now())
        .fetch_one(&self.pool)
        .await?;
        Ok(User {
            id,
            name: name.to_string(),
            role: u.role,
            region,
            body_id,
        })
    }

    /// On a database without an admin account, creates the first admin (`admin`) with
    /// `password`, or with a generated one. Returns the generated password (to be shown once), if any.
    pub async fn ensure_admin(&self, password: Option<&str>) -> Result<Option<String>> {
        let (admins,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users WHERE role = 'admin'")
            .fetch_one(&self.pool)
            .await?;
        if admins > 0 {
            return Ok(None);
        }
        let (password, generated) = match password.filter(|p| !p.is_empty()) {
            Some(p) => (p.to_string(), false),
            None => (random_token()?[..20].to_string(), true),
        };
        self.create_user(&NewUser {
            name: "admin".into(),
            password: password.clone(),
            role: Role::Admin,
            region: None,
            body_id: None,
        })
        .await?;
        Ok(generated.then_some(password))
    }

    /// The id of the body with this exact name, if one.
    pub async fn body_id(&self, name: &str) -> Result<Option<i64>> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM bodies WHERE name = $1 ORDER BY id LIMIT 1")
                .bind(name.trim())
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(id,)| id))
    }

    /// Signs in: refused while five attempts for this name or address failed within
    /// fifteen minutes; every attempt is recorded.
    pub async fn login(&self, name: &str, password: &str, ip: Option<&str>) -> Result<Login> {
        let now = unix_now();
        let since = now - FAILURE_WINDOW;
        let (by_name,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM login_attempts WHERE name = $1 AND at > $2 AND ok = 0",
        )
        .bind(name)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        let by_ip = match ip {
            Some(ip) => {
                let (n,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM login_attempts WHERE ip = $1 AND at > $2 AND ok = 0",
                )
                .bind(ip)
                .bind(since)
                .fetch_one(&self.pool)
                .await?;
                n
            }
            None => 0,
        };
        if by_name >= MAX_FAILURES || by_ip >= MAX_FAILURES {
            return Ok(Login::Throttled);
        }
        let row: Option<(i64, String, String, Option<String>, Option<i64>, String)> =
            sqlx::query_as(
                "SELECT id, name, role, region, body_id, password_hash FROM users WHERE name = $1",
            )
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        // a missing user costs the same hashing as a wrong password
        static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let ok = match &row {
            Some(r) => verify_password(password, &r.5),
            None => {
                let dummy = DUMMY.get_or_init(|| hash_password("xxgk-dummy").unwrap_or_default());
                verify_password(password, dummy);
                false
            }
        };
        sqlx::query("INSERT INTO login_attempts (name, ip, at, ok) VALUES ($1, $2, $3, $4)")
            .bind(name)
            .bind(ip)
            .bind(now)
            .bind(i64::from(ok))
            .execute(&self.pool)
            .await?;
        let Some((id, uname, role, region, body_id, _)) = row.filter(|_| ok) else {
            return Ok(Login::Refused);
        };
        let user = user_of((id, uname, role, region, body_id))?;
        let token = random_token()?;
        let csrf = random_token()?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash(&token))
        .bind(user.id)
        .bind(&csrf)
        .bind(now)
        .bind(now + SESSION_SECONDS)
        .execute(&self.pool)
        .await?;
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(Login::Ok(NewSession { token, csrf, user }))
    }

    /// The user and CSRF token of a live session.
    pub async fn session(&self, token: &str) -> Result<Option<(User, String)>> {
        let row: Option<(i64, String, String, Option<String>, Option<i64>, String)> =
            sqlx::query_as(
                "SELECT u.id, u.name, u.role, u.region, u.body_id, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2",
            )
            .bind(token_hash(token))
            .bind(unix_now())
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some((id, name, role, region, body_id, csrf)) => {
                Ok(Some((user_of((id, name, role, region, body_id))?, csrf)))
            }
            None => Ok(None),
        }
    }

    /// Ends a session.
    pub async fn logout(&self, token: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash(token))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The listed row of a report, if `user` may see it (`None` either way: a report of
    /// another body is not told apart from a missing one).
    pub async fn report_for(&self, id: i64, user: &User) -> Result<Option<ReportRow>> {
        let filter = ReportFilter {
            id: Some(id),
            status: crate::query::Status::All,
            scope: user.scope(),
            ..ReportFilter::default()
        };
        Ok(self.reports(&filter).await?.into_iter().next())
    }

    /// The report to compare report `id` with, when `user` may see both: the report
    /// `with` when given, else the same body's current report of the year before. `None`
    /// when `id` or the other report is outside the user's scope, or there is none (a
    /// report outside the scope is not told apart from a missing one).
    pub async fn neighbour_for(
        &self,
        id: i64,
        with: Option<i64>,
        user: &User,
    ) -> Result<Option<ReportRow>> {
        if self.report_for(id, user).await?.is_none() {
            return Ok(None);
        }
        let other = match with {
            Some(w) => Some(w),
            None => self.same_body_year(id, -1).await?,
        };
        match other {
            Some(o) => self.report_for(o, user).await,
            None => Ok(None),
        }
    }

    /// The same body's current report of the year after report `id`, when `user` may see
    /// both.
    pub async fn year_after_for(&self, id: i64, user: &User) -> Result<Option<ReportRow>> {
        if self.report_for(id, user).await?.is_none() {
            return Ok(None);
        }
        match self.same_body_year(id, 1).await? {
            Some(o) => self.report_for(o, user).await,
            None => Ok(None),
        }
    }

    /// The id of the same body's current report `delta` years from report `id`'s year.
    async fn same_body_year(&self, id: i64, delta: i64) -> Result<Option<i64>> {
        let row: Option<(Option<i64>, Option<i64>)> =
            sqlx::query_as("SELECT body_id, year FROM reports WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        let Some((Some(body), Some(year))) = row else {
            return Ok(None);
        };
        let other: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM reports WHERE body_id = $1 AND year = $2 AND is_current = 1 AND failed = 0 AND id <> $3 ORDER BY id DESC LIMIT 1",
        )
        .bind(body)
        .bind(year + delta)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(other.map(|(o,)| o))
    }

    /// The other report a cross-report finding names (X102's copied text, X101's and
    /// X103's last year), as `user` may see it: found by the SHA-256 of its file
    /// (`values.other_sha256`), else, for a finding stored before that value was
    /// recorded, by its body's name and year (`other_agency`, `other_year`).
    pub async fn other_report_for(&self, finding: &Finding, user: &User) -> Result<OtherReport> {
        let v = &finding.values;
        let id: Option<(i64,)> = match v.get("other_sha256").and_then(|s| s.as_str()) {
            Some(sha) => {
                sqlx::query_as("SELECT id FROM reports WHERE sha256 = $1")
                    .bind(sha)
                    .fetch_optional(&self.pool)
                    .await?
            }
            None => {
                let agency = v.get("other_agency").and_then(|a| a.as_str());
                let year = v.get("other_year").and_then(serde_json::Value::as_i64);
                match (agency, year) {
                    (Some(a), Some(y)) => {
                        sqlx::query_as(
                            "SELECT r.id FROM reports r LEFT JOIN bodies b ON b.id = r.body_id \
                             WHERE (r.agency = $1 OR b.name = $1) AND r.year = $2 AND r.failed = 0 \
                             ORDER BY r.is_current DESC, r.id DESC LIMIT 1",
                        )
                        .bind(a)
                        .bind(y)
                        .fetch_optional(&self.pool)
                        .await?
                    }
                    _ => None,
                }
            }
        };
        let Some((id,)) = id else {
            return Ok(OtherReport::Missing);
        };
        Ok(match self.report_for(id, user).await? {
            Some(row) => OtherReport::Visible(Box::new(row)),
            None => OtherReport::Hidden,
        })
    }

    /// Whether `user` may download the file `sha256`: an admin any, others a file whose
    /// report they may see.
    pub async fn file_for(&self, sha256: &str, user: &User) -> Result<Option<(String, Vec<u8>)>> {
        let allowed = match user.role {
            Role::Admin => true,
            _ => {
                let filter = ReportFilter {
                    sha256: Some(sha256.to_string()),
                    status: crate::query::Status::All,
                    scope: user.scope(),
                    ..ReportFilter::default()
                };
                !self.reports(&filter).await?.is_empty()
            }
        };
        if !allowed {
            return Ok(None);
        }
        let row: Option<(String, Vec<u8>)> =
            sqlx::query_as("SELECT name, bytes FROM files WHERE sha256 = $1")
                .bind(sha256)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row)
    }

    /// The submissions of a year ([`Store::submissions`]) of the bodies this user may see.
    pub async fn submissions_for(
        &self,
        year: i32,
        user: &User,
    ) -> Result<Vec<crate::query::Submission>> {
        let all = self.submissions(year).await?;
        Ok(match user.scope() {
            Scope::All => all,
            Scope::Region(r) => {
                let r = region_path(&r);
                all.into_iter()
                    .filter(|s| {
                        s.region
                            .as_deref()
                            .is_some_and(|p| p == r || p.starts_with(&format!("{r}/")))
                    })
                    .collect()
            }
            Scope::Body(id) => all.into_iter().filter(|s| s.body_id == id).collect(),
        })
    }

    /// Every account, by name, with its body's name.
    pub async fn users(&self) -> Result<Vec<Account>> {
        let rows: Vec<(i64, String, String, Option<String>, Option<i64>, Option<String>, i64)> =
            sqlx::query_as(
                "SELECT u.id, u.name, u.role, u.region, u.body_id, b.name, u.created_at FROM users u LEFT JOIN bodies b ON b.id = u.body_id ORDER BY u.name",
            )
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|(id, name, role, region, body_id, body, created_at)| {
                Ok(Account {
                    user: user_of((id, name, role, region, body_id))?,
                    body,
                    created_at,
                })
            })
            .collect()
    }

    /// The region paths within a scope, in order: every region for an admin, a
    /// reviewer's region and those under it, a body's own region.
    pub async fn region_paths(&self, scope: &Scope) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = match scope {
            Scope::All => {
                sqlx::query_as("SELECT path FROM regions ORDER BY path")
                    .fetch_all(&self.pool)
                    .await?
            }
            Scope::Region(r) => {
                let r = region_path(r);
                sqlx::query_as(
                    "SELECT path FROM regions WHERE path = $1 OR path LIKE $2 ORDER BY path",
                )
                .bind(&r)
                .bind(format!("{}/%", r.replace(['%', '_'], "")))
                .fetch_all(&self.pool)
                .await?
            }
            Scope::Body(id) => sqlx::query_as(
                "SELECT g.path FROM bodies b JOIN regions g ON g.id = b.region_id WHERE b.id = $1",
            )
            .bind(*id)
            .fetch_all(&self.pool)
            .await?,
        };
        Ok(rows.into_iter().map(|(p,)| p).collect())
    }

    /// Every body, by region and name (the choices of a body account).
    pub async fn body_options(&self) -> Result<Vec<BodyOption>> {
        let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT b.id, b.name, g.path FROM bodies b LEFT JOIN regions g ON g.id = b.region_id ORDER BY g.path, b.name, b.id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, region)| BodyOption { id, name, region })
            .collect())
    }

    /// The findings of a report a reviewer confirmed, in stored order, each with its mark
    /// (and the mark's note as its reason).
    pub async fn confirmed_findings(&self, report: i64) -> Result<Vec<MarkedFinding>> {
        Ok(self
            .marked_findings(report)
            .await?
            .into_iter()
            .filter(|f| {
                f.mark
                    .as_ref()
                    .is_some_and(|m| m.mark == MarkKind::Confirmed)
            })
            .collect())
    }

    /// The reports of a filter (page aside) that have confirmed findings, each with how
    /// many. A mark left from an earlier check that names no finding any more is not
    /// counted.
    pub async fn confirmed_reports(&self, f: &ReportFilter) -> Result<Vec<ConfirmedReport>> {
        let filter = ReportFilter {
            confirmed: true,
            page: None,
            ..f.clone()
        };
        let mut out = Vec::new();
        for row in self.reports(&filter).await? {
            let confirmed = self.confirmed_findings(row.id).await?.len();
            if confirmed > 0 {
                out.push(ConfirmedReport { row, confirmed });
            }
        }
        Ok(out)
    }

    /// A report's findings in stored order, each with its stable key and its mark.
    pub async fn marked_findings(&self, report: i64) -> Result<Vec<MarkedFinding>> {
        let sha: Option<(String,)> = sqlx::query_as("SELECT sha256 FROM reports WHERE id = $1")
            .bind(report)
            .fetch_optional(&self.pool)
            .await?;
        let Some((sha,)) = sha else {
            return Ok(Vec::new());
        };
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT finding FROM findings WHERE report_id = $1 ORDER BY id")
                .bind(report)
                .fetch_all(&self.pool)
                .await?;
        let findings = rows
            .iter()
            .map(|(j,)| serde_json::from_str::<Finding>(j))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let keys = finding_keys(&findings);
        type MarkRow = (String, String, String, String, Option<String>, i64);
        let marks: Vec<MarkRow> = sqlx::query_as(
            "SELECT m.code, m.finding_key, m.mark, m.reason, u.name, m.marked_at FROM finding_marks m LEFT JOIN users u ON u.id = m.user_id WHERE m.sha256 = $1",
        )
        .bind(&sha)
        .fetch_all(&self.pool)
        .await?;
        Ok(findings
            .into_iter()
            .zip(keys)
            .enumerate()
            .map(|(index, (finding, key))| {
                let mark = marks
                    .iter()
                    .find(|m| m.0 == finding.code && m.1 == key)
                    .and_then(|m| {
                        Some(Mark {
                            mark: MarkKind::from_key(&m.2)?,
                            reason: m.3.clone(),
                            by: m.4.clone(),
                            at: m.5,
                        })
                    });
                MarkedFinding {
                    index,
                    key,
                    finding,
                    mark,
                }
            })
            .collect())
    }

    /// Marks finding `index` of a report. Returns the marked finding, or `None` when the
    /// report has no such finding.
    pub async fn mark_finding(
        &self,
        report: i64,
        index: usize,
        mark: MarkKind,
        reason: &str,
        user: &User,
    ) -> Result<Option<MarkedFinding>> {
        let findings = self.marked_findings(report).await?;
        let Some(f) = findings.into_iter().nth(index) else {
            return Ok(None);
        };
        let (sha,): (String,) = sqlx::query_as("SELECT sha256 FROM reports WHERE id = $1")
            .bind(report)
            .fetch_one(&self.pool)
            .await?;
        let reason: String = reason.trim().chars().take(2000).collect();
        let at = unix_now();
        sqlx::query(
            "INSERT INTO finding_marks (sha256, code, finding_key, mark, reason, user_id, marked_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (sha256, code, finding_key) DO UPDATE SET mark = excluded.mark, reason = excluded.reason, user_id = excluded.user_id, marked_at = excluded.marked_at",
        )
        .bind(&sha)
        .bind(&f.finding.code)
        .bind(&f.key)
        .bind(mark.key())
        .bind(&reason)
        .bind(user.id)
        .bind(at)
        .execute(&self.pool)
        .await?;
        Ok(Some(MarkedFinding {
            mark: Some(Mark {
                mark,
                reason,
                by: Some(user.name.clone()),
                at,
            }),
            ..f
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgk_model::{Location, Severity, TableId};

    #[test]
    fn finding_keys_name_the_cell_or_the_place() {
        let mut a = Finding::new("T302", Severity::Error, "x".into(), "x".into());
        a.table = Some(TableId::Requests);
        a.row = Some("total".into());
        a.column = Some("natural_person".into());
        let mut b = Finding::new("N101", Severity::Warning, "y".into(), "y".into());
        b.section = Some(3);
        b.location = Location::text(Some(12), Some(4));
        let keys = finding_keys(&[a.clone(), b, a]);
        assert_eq!(keys[0], "requests/total/natural_person");
        assert_eq!(keys[1], "s3/l12/c4/p/trc");
        assert_eq!(keys[2], "requests/total/natural_person#2");
    }

    #[test]
    fn passwords_verify_against_their_hash_only() {
        let h = hash_password("correct horse").expect("hash");
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong horse", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn region_paths_are_normalised() {
        assert_eq!(region_path("四川省/成都市/"), "/四川省/成都市");
        assert_eq!(region_path("/四川省"), "/四川省");
    }
}
