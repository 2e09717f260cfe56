//! Reading and setting cookies: the session's, and the double-submit tokens of the forms
//! sent before a session exists.

use axum::http::{HeaderMap, HeaderValue, header};

/// The value of cookie `name`, if the request sent it.
pub(crate) fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, for the whole site; `max_age` 0 clears it.
pub(crate) fn set_cookie(
    name: &str,
    value: &str,
    secure: bool,
    max_age: Option<i64>,
) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let max_age = max_age.map_or(String::new(), |s| format!("; Max-Age={s}"));
    HeaderValue::try_from(format!(
        "{name}={value}; HttpOnly; SameSite=Lax; Path=/{secure}{max_age}"
    ))
    .expect("cookie names and hex tokens are valid header text")
}
