//! Wire forms and their conversion to and from the core's types: what a browser sends,
//! read into what the service takes. No markup beyond a form's own fields, no service
//! calls.

use contacts_core::Error;

pub mod contact;
pub(crate) mod ids;
pub(crate) mod upload;

/// A form field's value, trimmed; `None` when it was left out or left blank.
pub(crate) fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A form field's value as typed, to draw it again ("" when it was left out).
pub(crate) fn typed(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}
pub(crate) mod cases;
pub(crate) mod list;

/// An optional user id from a form ("" clears), said of `field`.
pub(crate) fn user_field(
    s: &str,
    field: &str,
) -> Result<Option<contacts_core::ids::UserId>, crate::error::AppError> {
    match s.trim() {
        "" => Ok(None),
        v => v.parse().map(Some).map_err(|_| {
            crate::error::AppError::Core(Error::invalid(field, format!("'{v}' is not a user")))
        }),
    }
}

/// A yes/no parameter: absent or empty is no.
pub fn flag(field: &str, s: Option<&str>) -> Result<bool, Error> {
    match s.map(str::trim).unwrap_or("").to_ascii_lowercase().as_str() {
        "" | "0" | "false" | "no" | "off" => Ok(false),
        "1" | "true" | "yes" | "on" => Ok(true),
        other => Err(Error::invalid(
            field,
            format!("'{other}' is not true or false"),
        )),
    }
}
pub(crate) mod mailing;
