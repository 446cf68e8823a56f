//! Shared parts of the API endpoints: extractors whose rejections use the JSON error
//! envelope, paging, the list shape and the parsing of codes and ids.

use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use caunoi_core::org;
use caunoi_core::policy::Action;
use caunoi_core::school_year::SchoolYear;
use caunoi_db::{Db, Page, provinces};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::FluentArg;

/// The query string deserialised into `T`. A malformed query string, such as a
/// parameter given twice, is a 400 in the JSON envelope rather than axum's plain text.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Query(value) = Query::<T>::try_from_uri(&parts.uri).map_err(|_| AppError::bad_request("api-error-query"))?;
        Ok(ApiQuery(value))
    }
}

/// The one path segment of a route, as text, so that handlers parse it themselves.
/// A segment that is not valid UTF-8 cannot name anything, so it is "not found".
pub struct ApiPath(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ApiPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(segment) = Path::<String>::from_request_parts(parts, state).await.map_err(|_| AppError::NotFound)?;
        Ok(ApiPath(segment))
    }
}

/// One page of a list and the number of items in the whole list.
#[derive(Debug, Serialize, ToSchema)]
pub struct List<T> {
    pub items: Vec<T>,
    /// Number of items matching the request on all pages.
    pub total: i64,
}

impl<T> List<T> {
    /// Cuts one page out of a list loaded whole.
    pub fn page_of(all: Vec<T>, page: Page) -> List<T> {
        let total = all.len() as i64;
        let offset = usize::try_from(page.offset()).unwrap_or(usize::MAX);
        let size = usize::try_from(page.size).unwrap_or(usize::MAX);
        List { items: all.into_iter().skip(offset).take(size).collect(), total }
    }
}

/// Default number of items per page.
pub const DEFAULT_PER_PAGE: i64 = 50;

/// Paging parameters of every list. Both are read as text so that a bad value gets a
/// message naming the parameter.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page number, from 1.
    #[param(value_type = Option<i64>, minimum = 1, example = 1)]
    pub page: Option<String>,
    /// Items per page, from 1 to 500; 50 when absent.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 500, example = 50)]
    pub per_page: Option<String>,
}

impl PageQuery {
    /// Parses the paging parameters. A page past the end is not an error: it is empty.
    pub fn parse(&self) -> AppResult<Page> {
        let number = match present(&self.page) {
            None => 1,
            Some(raw) => raw.parse::<i64>().ok().filter(|n| *n >= 1).ok_or_else(|| bad_parameter("api-error-page", "page", raw))?,
        };
        let size = match present(&self.per_page) {
            None => DEFAULT_PER_PAGE,
            Some(raw) => raw
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=Page::MAX_SIZE).contains(n))
                .ok_or_else(|| bad_parameter("api-error-per-page", "per_page", raw))?,
        };
        // The offset must fit the database's 64-bit integers.
        if (number - 1).checked_mul(size).is_none() {
            return Err(bad_parameter("api-error-page", "page", present(&self.page).unwrap_or_default()));
        }
        Ok(Page::new(Some(number), Some(size)))
    }
}

/// Returns a parameter's trimmed value, treating an empty one as absent, as an empty
/// field of a GET form sends it.
pub fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Builds the 400 for a parameter with an invalid value, naming both.
pub fn bad_parameter(message_id: &'static str, name: &'static str, value: &str) -> AppError {
    AppError::BadRequest {
        message_id,
        args: vec![("name", FluentArg::Text(name.to_owned())), ("value", FluentArg::Text(value.to_owned()))],
    }
}

/// Parses a numeric id given as a parameter or a path segment.
pub fn parse_id(name: &'static str, raw: &str) -> AppResult<i64> {
    raw.trim().parse::<i64>().ok().filter(|id| *id >= 1).ok_or_else(|| bad_parameter("api-error-id", name, raw))
}

/// Parses a province code: `79`, and `1` or `01` for Hà Nội.
pub fn parse_province(name: &'static str, raw: &str) -> AppResult<String> {
    org::province_code(raw).ok_or_else(|| bad_parameter("api-error-province", name, raw))
}

/// Parses a five-digit commune code, with or without its leading zeros.
pub fn parse_commune(name: &'static str, raw: &str) -> AppResult<String> {
    org::commune_code(raw).ok_or_else(|| bad_parameter("api-error-commune", name, raw))
}

/// Parses the optional `year` parameter, such as `2025-2026`.
pub fn parse_year(raw: &Option<String>) -> AppResult<Option<SchoolYear>> {
    present(raw)
        .map(|raw| SchoolYear::parse(raw).ok_or_else(|| bad_parameter("api-error-year", "year", raw)))
        .transpose()
}

/// Returns the school year to show for a province: the requested one, else the year
/// the screens show by default.
pub async fn school_year(db: &Db, province: &str, requested: Option<SchoolYear>) -> AppResult<String> {
    match requested {
        Some(year) => Ok(year.to_string()),
        None => Ok(caunoi_db::clusters::current_year(db, province, crate::i18n::today()).await?),
    }
}

/// Resolves the province of a province-scoped list and checks that the caller may see
/// it. Without a `province` parameter it is the caller's only province, or, for a
/// deployment administrator without grants, the only department this deployment hosts.
pub async fn visible_province(db: &Db, user: &CurrentUser, raw: &Option<String>) -> AppResult<String> {
    let code = match present(raw) {
        Some(raw) => parse_province("province", raw)?,
        None => default_province(db, user).await?,
    };

    // An unknown province and one outside the caller's scope get the same 404.
    provinces::get(db, &code).await?;
    user.require(Action::ViewProvince { province: &code })?;
    Ok(code)
}

async fn default_province(db: &Db, user: &CurrentUser) -> AppResult<String> {
    let mut candidates = user.provinces();
    if candidates.is_empty() && user.actor.deployment_admin {
        candidates = provinces::departments(db).await?.into_iter().map(|d| d.province_code).collect();
    }
    match candidates.as_slice() {
        [only] => Ok(only.clone()),
        _ => Err(AppError::bad_request("api-error-province-required")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paging(page: Option<&str>, per_page: Option<&str>) -> AppResult<Page> {
        PageQuery { page: page.map(str::to_owned), per_page: per_page.map(str::to_owned) }.parse()
    }

    #[test]
    fn paging_defaults() {
        assert_eq!(paging(None, None).unwrap(), Page { number: 1, size: 50 });
        assert_eq!(paging(Some(""), Some(" ")).unwrap(), Page { number: 1, size: 50 });
        assert_eq!(paging(Some("3"), Some("500")).unwrap(), Page { number: 3, size: 500 });
    }

    #[test]
    fn paging_rejects_bad_values() {
        for (page, per_page) in [("abc", "10"), ("0", "10"), ("-1", "10"), ("1", "0"), ("1", "501"), ("1", "x")] {
            assert!(paging(Some(page), Some(per_page)).is_err(), "page={page} per_page={per_page}");
        }
        assert!(paging(Some(&i64::MAX.to_string()), Some("500")).is_err());
    }

    #[test]
    fn page_of_slices() {
        let list = List::page_of((1..=7).collect::<Vec<i32>>(), Page { number: 2, size: 3 });
        assert_eq!(list.items, vec![4, 5, 6]);
        assert_eq!(list.total, 7);
        let past_end = List::page_of((1..=7).collect::<Vec<i32>>(), Page { number: 9, size: 3 });
        assert!(past_end.items.is_empty());
    }
}
