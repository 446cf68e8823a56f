//! Locales: every string on screen comes from the Fluent files in `locales/`.
//!
//! The locale is chosen from the `lang` cookie, then `Accept-Language`, then Vietnamese.

use std::borrow::Cow;
use std::collections::HashMap;
use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use chrono::{DateTime, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "vi",
        // Bidi isolation marks would end up inside HTML attributes and spreadsheets.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

pub static VIETNAMESE: LanguageIdentifier = langid!("vi");
pub static ENGLISH: LanguageIdentifier = langid!("en");

/// The name of the cookie that stores the chosen language.
pub const LANG_COOKIE: &str = "lang";

/// The display language of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    Vi,
    En,
}

impl Locale {
    pub fn code(self) -> &'static str {
        match self {
            Locale::Vi => "vi",
            Locale::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Locale> {
        match code.trim().to_ascii_lowercase().split(['-', '_']).next()? {
            "vi" => Some(Locale::Vi),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    fn langid(self) -> &'static LanguageIdentifier {
        match self {
            Locale::Vi => &VIETNAMESE,
            Locale::En => &ENGLISH,
        }
    }

    /// Picks the locale of a request from its cookie, then `Accept-Language`.
    pub fn from_headers(headers: &HeaderMap) -> Locale {
        let from_cookie = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LANG_COOKIE)
            .and_then(|(_, value)| Locale::parse(value));
        if let Some(locale) = from_cookie {
            return locale;
        }
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(',').find_map(|part| Locale::parse(part.split(';').next()?)))
            .unwrap_or(Locale::Vi)
    }

    /// Translates a message id.
    pub fn t(self, id: &str) -> String {
        LOCALES.lookup(self.langid(), id)
    }

    /// Translates a message id with named arguments.
    pub fn t_args(self, id: &str, args: &[(&str, FluentArg)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> =
            args.iter().map(|(name, value)| (Cow::Owned((*name).to_owned()), value.to_fluent())).collect();
        LOCALES.lookup_with_args(self.langid(), id, &args)
    }

    /// Translates a message id, or returns `None` when the locale has no such message.
    pub fn try_t(self, id: &str) -> Option<String> {
        LOCALES.try_lookup(self.langid(), id)
    }

    /// Translates the id `{prefix}-{key}`, such as `role-teacher` or `level-primary`.
    pub fn tp(self, prefix: &str, key: &str) -> String {
        self.t(&format!("{prefix}-{key}"))
    }

    /// Translates with one string argument; convenient in templates.
    pub fn t1(self, id: &str, name: &str, value: &str) -> String {
        self.t_args(id, &[(name, FluentArg::Text(value.to_owned()))])
    }

    /// Formats a whole number with `.` between thousands in Vietnamese (`1.234`).
    pub fn int(self, value: i64) -> String {
        let digits = value.unsigned_abs().to_string();
        let separator = match self {
            Locale::Vi => '.',
            Locale::En => ',',
        };
        let mut grouped = String::new();
        for (index, digit) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index) % 3 == 0 {
                grouped.push(separator);
            }
            grouped.push(digit);
        }
        if value < 0 { format!("-{grouped}") } else { grouped }
    }

    /// Formats a decimal number with a given number of decimals (`1.234,5` in Vietnamese).
    pub fn decimal(self, value: f64, decimals: usize) -> String {
        let rounded = format!("{:.*}", decimals, value.abs());
        let (whole, fraction) = rounded.split_once('.').unwrap_or((&rounded, ""));
        let whole = self.int(whole.parse().unwrap_or(0));
        let sign = if value < 0.0 && rounded.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
        match (fraction.is_empty(), self) {
            (true, _) => format!("{sign}{whole}"),
            (false, Locale::Vi) => format!("{sign}{whole},{fraction}"),
            (false, Locale::En) => format!("{sign}{whole}.{fraction}"),
        }
    }
}

/// A value passed to a Fluent message.
#[derive(Debug, Clone)]
pub enum FluentArg {
    Text(String),
    Number(i64),
}

impl FluentArg {
    fn to_fluent(&self) -> FluentValue<'static> {
        match self {
            FluentArg::Text(text) => FluentValue::from(text.clone()),
            FluentArg::Number(number) => FluentValue::from(*number),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Locale {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Locale::from_headers(&parts.headers))
    }
}

pub use caunoi_core::vietnam_time::offset as vietnam_offset;

/// Formats Unix milliseconds as RFC 3339 in Vietnam time, such as
/// `2026-12-20T17:00:00+07:00`, the form every API field of date and time uses.
pub fn rfc3339(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map(|instant| instant.with_timezone(&vietnam_offset()).to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
        .unwrap_or_default()
}

/// Formats Unix milliseconds as `dd/mm/yyyy HH:MM` in Asia/Ho_Chi_Minh.
pub fn datetime(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map(|instant| instant.with_timezone(&vietnam_offset()).format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_default()
}

/// Formats Unix milliseconds as `dd/mm/yyyy` in Asia/Ho_Chi_Minh.
pub fn date(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map(|instant| instant.with_timezone(&vietnam_offset()).format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

/// Returns today's date in Vietnam.
pub fn today() -> chrono::NaiveDate {
    Utc::now().with_timezone(&vietnam_offset()).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_use_vietnamese_separators() {
        assert_eq!(Locale::Vi.int(1_234_567), "1.234.567");
        assert_eq!(Locale::Vi.decimal(1234.5, 1), "1.234,5");
        assert_eq!(Locale::En.decimal(1234.5, 1), "1,234.5");
        assert_eq!(Locale::Vi.int(-45), "-45");
    }

    #[test]
    fn dates_use_vietnam_time() {
        // 2026-12-04T17:30:00Z is 05/12/2026 00:30 in Ho Chi Minh City.
        assert_eq!(datetime(1_796_405_400_000), "05/12/2026 00:30");
        assert_eq!(date(1_796_405_400_000), "05/12/2026");
    }

    #[test]
    fn locale_prefers_cookie() {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9".parse().unwrap());
        assert_eq!(Locale::from_headers(&headers), Locale::En);
        headers.insert(header::COOKIE, "a=b; lang=vi".parse().unwrap());
        assert_eq!(Locale::from_headers(&headers), Locale::Vi);
    }
}
