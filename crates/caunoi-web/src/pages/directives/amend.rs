//! Amendment and withdrawal of a published directive.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_core::directive::DirectiveStatus;
use caunoi_db::directives::{self, Directive, DirectiveInput};
use caunoi_db::{DbError, Db};
use serde::Deserialize;
use tracing::instrument;

use super::form::{DirectiveForm, FieldErrors, FormContext, FormMode, FormPage};
use super::input::{self, MAX_NOTE, Problems};
use super::load_managed;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::pages::render;
use crate::state::AppState;
use crate::view::Nav;

/// Refuses to amend or withdraw a draft or a withdrawn directive.
fn require_published(directive: &Directive) -> AppResult<()> {
    if directive.status() != DirectiveStatus::Published {
        return Err(AppError::conflict("directives-error-not-published"));
    }
    Ok(())
}

fn amend_mode(locale: Locale, directive: &Directive) -> FormMode {
    FormMode {
        heading: locale.t1("directives-amend-title", "number", &directive.number_symbol),
        lead: locale.t1("directives-amend-lead", "version", &(directive.version + 1).to_string()),
        action: format!("/directives/{}/amend", directive.id),
        cancel: format!("/directives/{}", directive.id),
        submit_label: locale.t("directives-amend-submit"),
        show_audience: false,
        amend: true,
    }
}

/// Parses the amendment form: the content of the new version and its change note. The
/// audience stays as published.
fn parse_amendment(
    form: &DirectiveForm,
    directive: &Directive,
    problems: &mut Problems,
) -> Option<(DirectiveInput, String)> {
    let content = input::content(form.raw_content(), problems);
    let ack_deadline = input::deadline(&form.ack_date, &form.ack_time, problems);
    input::check_future(ack_deadline, caunoi_db::now_ms(), problems);
    let remind_before_min = input::remind_minutes(&form.remind_hours, problems);
    let note = input::paragraphs("change_note", &form.change_note, MAX_NOTE, true, problems);
    match content {
        Some(content) if problems.is_empty() => Some((
            DirectiveInput { ack_deadline, remind_before_min, audience: directive.audience(), ..content },
            note,
        )),
        _ => None,
    }
}

async fn form_page(db: &Db, locale: Locale, nav: Nav, directive: &Directive, values: DirectiveForm, errors: FieldErrors) -> AppResult<FormPage> {
    let context = FormContext::load(db, &directive.province_code, directive.cluster_id).await?;
    Ok(FormPage::new(nav, &context, amend_mode(locale, directive), values, errors))
}

/// Shows the amendment form, filled with the current version.
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn form(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
) -> AppResult<Response> {
    let (_, directive) = load_managed(&state.db, &user, &raw_id).await?;
    require_published(&directive)?;

    let values = DirectiveForm::from_directive(&state.db, &directive).await?;

    let nav = Nav::new(locale, &user, Some(&directive.province_code), "directives", &uri);
    render(&form_page(&state.db, locale, nav, &directive, values, FieldErrors::none()).await?)
}

/// Publishes a new version: every receiving school must read and acknowledge it again.
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn submit(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(form): Form<DirectiveForm>,
) -> AppResult<Response> {
    let (_, directive) = load_managed(&state.db, &user, &raw_id).await?;
    require_published(&directive)?;

    let mut problems = Problems::default();
    let Some((input, note)) = parse_amendment(&form, &directive, &mut problems) else {
        let nav = Nav::new(locale, &user, Some(&directive.province_code), "directives", &uri);
        let page = form_page(&state.db, locale, nav, &directive, form, FieldErrors::new(&problems, locale)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };

    match directives::amend::amend(&state.db, directive.id, &input, &note, user.id).await {
        Ok(_) => Ok(Redirect::to(&format!("/directives/{}", directive.id)).into_response()),
        Err(DbError::Invalid(_)) => Err(AppError::conflict("directives-error-not-published")),
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WithdrawForm {
    reason: String,
}

#[derive(Template)]
#[template(path = "directives/withdraw.html")]
struct WithdrawPage {
    nav: Nav,
    id: i64,
    number_symbol: String,
    title: String,
    reason: String,
    error: Option<String>,
}

/// Shows the withdrawal form with the reason field, which schools will read.
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn withdraw_form(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
) -> AppResult<Response> {
    let (_, directive) = load_managed(&state.db, &user, &raw_id).await?;
    require_published(&directive)?;

    let page = WithdrawPage {
        nav: Nav::new(locale, &user, Some(&directive.province_code), "directives", &uri),
        id: directive.id,
        number_symbol: directive.number_symbol,
        title: directive.title,
        reason: String::new(),
        error: None,
    };
    render(&page)
}

/// Withdraws a published directive: schools see it marked withdrawn and can no longer
/// acknowledge it.
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn withdraw(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(form): Form<WithdrawForm>,
) -> AppResult<Response> {
    let (_, directive) = load_managed(&state.db, &user, &raw_id).await?;
    require_published(&directive)?;

    let mut problems = Problems::default();
    let reason = input::paragraphs("reason", &form.reason, MAX_NOTE, true, &mut problems);
    if !problems.is_empty() {
        let page = WithdrawPage {
            nav: Nav::new(locale, &user, Some(&directive.province_code), "directives", &uri),
            id: directive.id,
            number_symbol: directive.number_symbol,
            title: directive.title,
            reason: form.reason,
            error: problems.message("reason", locale),
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }

    match directives::amend::withdraw(&state.db, directive.id, &reason, user.id).await {
        Ok(_) => Ok(Redirect::to(&format!("/directives/{}", directive.id)).into_response()),
        Err(DbError::Invalid(_)) => Err(AppError::conflict("directives-error-not-published")),
        Err(other) => Err(other.into()),
    }
}
