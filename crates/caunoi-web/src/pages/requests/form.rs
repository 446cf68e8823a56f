//! Reading the forms that may carry files: multipart from the pages, or urlencoded
//! from clients without files. Handlers read the body only after authorising, so a
//! stranger gets the same 404 whatever they send.

use axum::Form;
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use caunoi_db::requests::FileToAttach;

use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::state::AppState;
use crate::uploads::{self, UploadedFile};

/// The fields and stored files of a submitted form.
#[derive(Debug, Default)]
pub(crate) struct Submitted {
    fields: Vec<(String, String)>,
    files: Vec<UploadedFile>,
    /// Message explaining why the files were not kept, in the reader's language. The
    /// text fields are kept.
    pub file_error: Option<String>,
}

impl Submitted {
    /// Returns a text field, or an empty string when it was not sent.
    pub(crate) fn text(&self, name: &str) -> String {
        self.fields.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone()).unwrap_or_default()
    }

    /// Returns the stored files, to attach once the text is accepted.
    pub(crate) fn files(&self) -> Vec<FileToAttach> {
        self.files.iter().map(|file| FileToAttach { file_name: file.file_name.clone(), file: file.stored.clone() }).collect()
    }

    /// Returns whether files came with the form. They are dropped when its text is rejected.
    pub(crate) fn has_files(&self) -> bool {
        !self.files.is_empty()
    }

    /// Deletes the stored files of a form that was rejected or failed to save.
    pub(crate) async fn discard(&self, state: &AppState) {
        let form = uploads::UploadForm { fields: Vec::new(), files: self.files.clone() };
        form.discard(&state.storage).await;
    }
}

/// Reads a form with files (`multipart/form-data`) or without (urlencoded).
pub(crate) async fn read(state: &AppState, locale: Locale, request: Request) -> AppResult<Submitted> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("multipart/form-data"));
    if !multipart {
        // The route lifts axum's body limit for uploads, so a form without files is
        // bounded here instead.
        let (parts, body) = request.into_parts();
        let bytes = axum::body::to_bytes(body, uploads::MAX_TEXT_BYTES)
            .await
            .map_err(|_| AppError::bad_request("requests-error-form-too-long"))?;
        let request = Request::from_parts(parts, Body::from(bytes));
        let Form(fields) = Form::<Vec<(String, String)>>::from_request(request, state)
            .await
            .map_err(|_| AppError::bad_request("uploads-error-malformed"))?;
        return Ok(Submitted { fields, ..Submitted::default() });
    }

    let multipart = Multipart::from_request(request, state).await.map_err(|_| AppError::bad_request("uploads-error-malformed"))?;
    match uploads::read_multipart_keeping_fields(multipart, state).await {
        Ok(form) => Ok(Submitted { fields: form.fields, files: form.files, file_error: None }),
        Err(rejection) if rejection.is_server_fault() => Err(rejection.into()),
        Err(rejection) => {
            let file_error = Some(rejection.message(locale));
            Ok(Submitted { fields: rejection.form.fields, files: Vec::new(), file_error })
        }
    }
}
