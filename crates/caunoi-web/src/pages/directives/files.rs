//! Files attached to a draft: upload and removal on the draft's page. The form of the
//! text holds no files, so a failed upload from a phone leaves the saved text intact.

use axum::extract::multipart::Multipart;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::directive::DirectiveStatus;
use caunoi_db::DbError;
use caunoi_db::attachments::OwnerKind;
use caunoi_db::directives;
use tracing::instrument;

use super::load_managed;
use super::show::show_page;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::pages::render;
use crate::pages::schools::parse_id;
use crate::state::AppState;
use crate::uploads;
use crate::view::Nav;

/// Stores the uploaded files and attaches them to a draft. A rejected file shows the
/// draft's page again with the reason; the other files of the form are not kept.
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn upload(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    multipart: Multipart,
) -> AppResult<Response> {
    let (_, directive) = load_managed(&state.db, &user, &raw_id).await?;
    if directive.status() != DirectiveStatus::Draft {
        return Err(AppError::conflict("directives-error-not-draft"));
    }

    let form = match uploads::read_multipart_keeping_fields(multipart, &state).await {
        Ok(form) => form,
        Err(rejection) if rejection.is_server_fault() => return Err(rejection.into()),
        Err(rejection) => {
            tracing::info!(directive.id = directive.id, "upload rejected: {}", rejection.message_id);
            let nav = Nav::new(locale, &user, Some(&directive.province_code), "directives", &uri);
            let notices = vec![rejection.message(locale)];
            let page = show_page(&state, locale, nav, &directive, None, notices).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
    };
    if form.files.is_empty() {
        let nav = Nav::new(locale, &user, Some(&directive.province_code), "directives", &uri);
        let notices = vec![locale.t("directives-error-no-file")];
        let page = show_page(&state, locale, nav, &directive, None, notices).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }

    let rows: Vec<_> = form
        .files
        .iter()
        .map(|file| file.attachment(&directive.province_code, OwnerKind::Directive, directive.id, None, user.id))
        .collect();
    if let Err(error) = directives::amend::attach_files(&state.db, directive.id, &rows, user.id).await {
        form.discard(&state.storage).await;
        return Err(match error {
            DbError::Invalid(_) => AppError::conflict("directives-error-not-draft"),
            other => other.into(),
        });
    }

    Ok(Redirect::to(&format!("/directives/{}#files", directive.id)).into_response())
}

/// Removes one file from a draft.
#[instrument(skip_all, fields(directive.id = %raw_id, attachment.id = %raw_file))]
pub async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((raw_id, raw_file)): Path<(String, String)>,
) -> AppResult<Response> {
    let (_, directive) = load_managed(&state.db, &user, &raw_id).await?;
    let file = parse_id(&raw_file)?;

    let storage_key = match directives::amend::detach_file(&state.db, directive.id, file, user.id).await {
        Ok(key) => key,
        Err(DbError::Invalid(_)) => return Err(AppError::conflict("directives-error-not-draft")),
        Err(other) => return Err(other.into()),
    };
    delete_stored(&state, &[storage_key]).await;

    Ok(Redirect::to(&format!("/directives/{}#files", directive.id)).into_response())
}

/// Deletes files whose rows are gone. A failure leaves an orphan file in the store,
/// which costs space but nothing else, so it is logged and not shown.
pub(super) async fn delete_stored(state: &AppState, storage_keys: &[String]) {
    for key in storage_keys {
        if let Err(error) = state.storage.delete(key).await {
            tracing::warn!(%error, storage.key = %key, "failed to delete the file of a removed attachment");
        }
    }
}
