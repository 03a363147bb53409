//! The admin's page of accounts: `/admin/users` lists them and creates one.

use crate::AppState;
use crate::auth::PageUser;
use crate::error::{PageError, ServerError};
use crate::pages::Nav;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;
use xxgk_store::web::{BodyOption, NewUser, Role};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/admin/users", get(users_page).post(create))
}

/// One account as listed.
struct UserItem {
    name: String,
    role: &'static str,
    role_zh: &'static str,
    region: String,
    body: String,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    nav: Nav,
    users: Vec<UserItem>,
    regions: Vec<String>,
    bodies: Vec<BodyOption>,
    error: Option<String>,
    created: Option<String>,
    username: String,
    role: String,
    region: String,
    body_id: String,
}

/// The fields of the form.
#[derive(Debug, Default, Deserialize)]
struct UserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    body_id: String,
}

async fn render(
    state: &AppState,
    s: &crate::auth::Session,
    form: &UserForm,
    error: Option<String>,
    created: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let users = state
        .store
        .users()
        .await?
        .into_iter()
        .map(|a| UserItem {
            name: a.user.name,
            role: a.user.role.key(),
            role_zh: a.user.role.name_zh(),
            region: a.user.region.unwrap_or_default(),
            body: a
                .body
                .or_else(|| a.user.body_id.map(|id| format!("#{id}")))
                .unwrap_or_default(),
        })
        .collect();
    // after a success the form starts empty again
    let keep = created.is_none();
    let page = UsersPage {
        nav: Nav::new(s, "users"),
        users,
        regions: state
            .store
            .region_paths(&xxgk_store::web::Scope::All)
            .await?,
        bodies: state.store.body_options().await?,
        error,
        created,
        username: if keep {
            form.username.clone()
        } else {
            String::new()
        },
        role: if keep {
            form.role.clone()
        } else {
            String::new()
        },
        region: if keep {
            form.region.clone()
        } else {
            String::new()
        },
        body_id: if keep {
            form.body_id.clone()
        } else {
            String::new()
        },
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn users_page(
    State(state): State<AppState>,
    PageUser(s): PageUser,
) -> Result<Response, PageError> {
    s.admin()?;
    render(&state, &s, &UserForm::default(), None, None, StatusCode::OK).await
}

/// The account a form asks for, or why it cannot be made.
fn new_user(f: &UserForm) -> Result<NewUser, ServerError> {
    let role = Role::from_key(f.role.trim()).ok_or_else(|| {
        ServerError::BadRequest(
            "角色须为管理员、审核人员或报送单位 / role is admin, reviewer or body".into(),
        )
    })?;
    let body_id = match f.body_id.trim() {
        "" => None,
        id => Some(
            id.parse::<i64>()
                .map_err(|_| ServerError::BadRequest(format!("单位无效 / invalid body: {id}")))?,
        ),
    };
    Ok(NewUser {
        name: f.username.trim().to_string(),
        password: f.password.clone(),
        role,
        region: Some(f.region.trim().to_string()).filter(|r| !r.is_empty()),
        body_id,
    })
}

async fn create(
    State(state): State<AppState>,
    PageUser(s): PageUser,
    Form(f): Form<UserForm>,
) -> Result<Response, PageError> {
    s.check_csrf(Some(&f.csrf))?;
    s.admin()?;
    let made = match new_user(&f) {
        Ok(u) => {
            if let Some(id) = u.body_id
                && !state.store.body_options().await?.iter().any(|b| b.id == id)
            {
                Err(ServerError::BadRequest(format!(
                    "没有这个单位 / no such body: {id}"
                )))
            } else {
                state.store.create_user(&u).await.map_err(ServerError::from)
            }
        }
        Err(e) => Err(e),
    };
    match made {
        Ok(user) => render(&state, &s, &f, None, Some(user.name), StatusCode::OK).await,
        Err(e) if e.status() == StatusCode::BAD_REQUEST => {
            render(
                &state,
                &s,
                &f,
                Some(e.to_string()),
                None,
                StatusCode::BAD_REQUEST,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
