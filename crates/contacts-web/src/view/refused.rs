//! Nothing lost on a bad form: the one way a page form answers bad input.
//!
//! A handler that refuses a form builds a [`Refused`] (which form of the page, which field,
//! why, and what was typed) and renders the same page again with it, status 422
//! ([`unprocessable`]). The page asks [`Marks::of`] for each of its forms and draws every
//! field through it: the typed value comes back, and the refused field gets
//! `aria-invalid="true"`, the `invalid` class and its message beside it
//! (`<span class="field-error" id="FORM-FIELD-error">`, named by `aria-describedby`).
//!
//! Only input errors are answered in the page: a core `Invalid` or `Conflict`, or a web
//! rule ([`AppError::Invalid`]). Anything else (not found, forbidden, a storage error) stays
//! an error page.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use contacts_core::Error;
use maud::{html, Markup};

use crate::error::AppError;
use crate::i18n::Lang;

/// A refused form: which one, the field to mark, why, and what was typed.
#[derive(Debug, Clone)]
pub struct Refused {
    /// The form's name on its page (`photo`, `attachment`, `history`, `token`, or a row's
    /// form such as `rename-VIP`).
    pub form: String,
    /// The form field to mark (its `name`).
    pub field: String,
    pub message: String,
    typed: Vec<(String, String)>,
}

impl Refused {
    pub fn new(form: &str, field: &str, message: impl Into<String>) -> Refused {
        Refused {
            form: form.to_string(),
            field: field.to_string(),
            message: message.into(),
            typed: Vec::new(),
        }
    }

    /// The refusal of `form` for `err`, if `err` is about the input; `Err(err)` otherwise.
    /// `fields` maps the core's field names to the form's (a field the form has under the
    /// same name needs no entry); a field not found there marks `default`.
    pub fn of(
        form: &str,
        err: AppError,
        lang: Lang,
        fields: &[(&str, &str)],
        default: &str,
    ) -> Result<Refused, AppError> {
        let field = match &err {
            AppError::Core(Error::Invalid { field, .. }) => fields
                .iter()
                .find(|(core, _)| core == field)
                .map(|(_, form)| form.to_string())
                .or_else(|| {
                    fields
                        .iter()
                        .any(|(_, form)| form == field)
                        .then(|| field.clone())
                })
                .unwrap_or_else(|| default.to_string()),
            AppError::Core(Error::Conflict(_)) => default.to_string(),
            AppError::Invalid { field, .. } => {
                if fields.iter().any(|(_, f)| f == field) {
                    field.to_string()
                } else {
                    default.to_string()
                }
            }
            _ => return Err(err),
        };
        Ok(Refused::new(form, &field, message(&err, lang)))
    }

    /// Keeps a typed value to show again.
    pub fn keep(mut self, name: &str, value: &str) -> Refused {
        self.typed.push((name.to_string(), value.to_string()));
        self
    }

    /// Keeps several typed values.
    pub fn keep_all<'a>(mut self, values: impl IntoIterator<Item = (&'a str, &'a str)>) -> Refused {
        for (k, v) in values {
            self = self.keep(k, v);
        }
        self
    }
}

/// The message of an input error in the reader's language: the web layer's own texts come
/// from the catalogue; the core's "field: reason" gets the reason in the reader's language
/// where it is one of the core's usual shapes (empty, too long, too large).
pub fn message(err: &AppError, lang: Lang) -> String {
    match err {
        AppError::Core(Error::Invalid { reason, .. }) => reason_in(lang, reason),
        AppError::Core(Error::Conflict(msg)) => reason_in(lang, msg),
        other => other.message(lang),
    }
}

pub use crate::i18n::reasons::reason_in;

/// The core error `e` said of the form field `field` (a time or date parsed for one field).
pub fn on_field(e: Error, field: &str) -> Error {
    match e {
        Error::Invalid { reason, .. } => Error::Invalid {
            field: field.to_string(),
            reason,
        },
        other => other,
    }
}

/// A page answered because its form was refused.
pub fn unprocessable(page: Markup) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

/// What one form of a page shows of a refusal: nothing unless the refusal is this form's.
#[derive(Debug, Clone, Copy)]
pub struct Marks<'a> {
    form: &'a str,
    refused: Option<&'a Refused>,
}

impl<'a> Marks<'a> {
    pub fn of(refused: Option<&'a Refused>, form: &'a str) -> Marks<'a> {
        Marks {
            form,
            refused: refused.filter(|r| r.form == form),
        }
    }

    /// Whether this form was refused.
    pub fn refused(&self) -> bool {
        self.refused.is_some()
    }

    /// What was typed into `name`, if this form was refused.
    pub fn value(&self, name: &str) -> Option<&'a str> {
        self.refused?
            .typed
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Everything typed into `name` (ticked boxes of one name), if this form was refused.
    pub fn values(&self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.refused
            .into_iter()
            .flat_map(|r| r.typed.iter())
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// What was typed into `name`, else `default`.
    pub fn value_or<'b>(&self, name: &str, default: &'b str) -> &'b str
    where
        'a: 'b,
    {
        self.value(name).unwrap_or(default)
    }

    fn marked(&self, name: &str) -> bool {
        self.refused.is_some_and(|r| r.field == name)
    }

    /// `aria-invalid="true"` for the refused field.
    pub fn invalid(&self, name: &str) -> Option<&'static str> {
        self.marked(name).then_some("true")
    }

    /// The `invalid` class for the refused field.
    pub fn class(&self, name: &str) -> Option<&'static str> {
        self.marked(name).then_some("invalid")
    }

    /// The id of the refused field's message, for `aria-describedby`.
    pub fn described(&self, name: &str) -> Option<String> {
        self.marked(name).then(|| self.error_id(name))
    }

    fn error_id(&self, name: &str) -> String {
        let form: String = self
            .form
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        format!("{form}-{name}-error")
    }

    /// The message beside the refused field (nothing for the others).
    pub fn error(&self, name: &str) -> Markup {
        match self.refused.filter(|r| r.field == name) {
            Some(r) => {
                html! { span.field-error id=(self.error_id(name)) role="alert" { (r.message) } }
            }
            None => html! {},
        }
    }

    /// A one-line text field with its label, the typed value (else `value`) and, when
    /// refused, its mark and message. `max` is the core's limit in characters.
    pub fn text(&self, label: &str, name: &str, value: &str, max: usize, required: bool) -> Markup {
        html! {
            label {
                (label)
                input name=(name) value=(self.value_or(name, value)) maxlength=(max) required[required]
                    class=[self.class(name)] aria-invalid=[self.invalid(name)] aria-describedby=[self.described(name)];
                (self.error(name))
            }
        }
    }

    /// The same field without a visible label (toolbars): the label is its placeholder
    /// and accessible name.
    pub fn inline(
        &self,
        label: &str,
        name: &str,
        value: &str,
        max: usize,
        required: bool,
    ) -> Markup {
        html! {
            input name=(name) value=(self.value_or(name, value)) maxlength=(max) required[required]
                placeholder=(label) aria-label=(label)
                class=[self.class(name)] aria-invalid=[self.invalid(name)] aria-describedby=[self.described(name)];
            (self.error(name))
        }
    }

    /// A file field (its value cannot come back; the mark and the message do).
    pub fn file(&self, name: &str, label: &str, accept: Option<&str>, required: bool) -> Markup {
        html! {
            input type="file" name=(name) accept=[accept] required[required] aria-label=(label)
                class=[self.class(name)] aria-invalid=[self.invalid(name)] aria-describedby=[self.described(name)];
            (self.error(name))
        }
    }

    /// The message of the form as a whole, for a refusal without a field of its own.
    pub fn banner(&self) -> Markup {
        match self.refused {
            Some(r) if r.field.is_empty() => {
                html! { p.error id={(self.form) "-error"} role="alert" { (r.message) } }
            }
            _ => html! {},
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_refused_form_shows_the_mark_and_the_typed_value() {
        let r = Refused::of(
            "token",
            AppError::Core(Error::invalid("name", "is longer than 100 characters")),
            Lang::Pl,
            &[("token", "name")],
            "name",
        )
        .map(|r| r.keep("name", "abc<"))
        .ok();
        let m = Marks::of(r.as_ref(), "token");
        let html = m.inline("Nazwa", "name", "", 100, true).into_string();
        assert!(html.contains("aria-invalid=\"true\""), "{html}");
        assert!(html.contains("value=\"abc&lt;\""), "{html}");
        assert!(html.contains("id=\"token-name-error\""), "{html}");
        assert!(html.contains("dłuższe niż 100 znaków"), "{html}");
        let other = Marks::of(r.as_ref(), "photo");
        let html = other.inline("Nazwa", "name", "", 100, true).into_string();
        assert!(!html.contains("aria-invalid"), "{html}");
    }

    #[test]
    fn errors_not_about_the_input_stay_error_pages() {
        let e = AppError::Core(Error::not_found("contact"));
        assert!(Refused::of("x", e, Lang::En, &[], "name").is_err());
    }

    #[test]
    fn usual_core_reasons_are_said_in_polish() {
        for (en, pl) in [
            ("must not be empty", "nie może być puste"),
            ("is longer than 32 kB", "jest dłuższe niż 32 kB"),
            (
                "user 'nikt' does not exist",
                "użytkownik 'nikt' nie istnieje",
            ),
            (
                "'31.02.2026' is not a date such as 18.10.1985 or 1985-10-18",
                "'31.02.2026' to nie data, np. 18.10.1985",
            ),
            (
                "61 is not a number of days from 0 to 60",
                "61 to nie liczba dni od 0 do 60",
            ),
            (
                "a choice field needs at least one choice",
                "pole wyboru potrzebuje co najmniej jednej opcji",
            ),
            ("something new", "something new"),
        ] {
            assert_eq!(reason_in(Lang::Pl, en), pl);
            assert_eq!(reason_in(Lang::En, en), en);
        }
    }

    /// The reasons the core gives for refusing input, read from its sources: the text of
    /// every `Error::invalid(field, "...")`, `Error::invalid(field, format!("..."))` and
    /// `Error::Conflict(...)`, with `{}` for each value.
    fn core_reasons() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../contacts-core/src");
        let mut files = vec![root.clone()];
        let mut out = Vec::new();
        while let Some(p) = files.pop() {
            let name = p.to_string_lossy().to_string();
            // The contract stories are tests; postal street files are the CLI's import,
            // CardDAV sync answers in its own protocol.
            if name.contains("/contract") || name.contains("/postal") || name.ends_with("sync.rs") {
                continue;
            }
            if p.is_dir() {
                for e in std::fs::read_dir(&p).into_iter().flatten().flatten() {
                    files.push(e.path());
                }
                continue;
            }
            let Ok(src) = std::fs::read_to_string(&p) else {
                continue;
            };
            let src = src.split("#[cfg(test)]").next().unwrap_or("");
            for (at, call) in [("Error::invalid(", true), ("Error::Conflict(", false)]
                .iter()
                .flat_map(|(pat, inv)| {
                    src.match_indices(pat)
                        .map(move |(i, _)| (i + pat.len(), *inv))
                })
            {
                let args = top_level_args(&src[at..]);
                let arg = if call { args.get(1) } else { args.first() };
                if let Some(lit) = arg.and_then(|a| first_literal(a)) {
                    out.push((shape_of(&lit), name.clone()));
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// The arguments of a call whose `(` was just passed, split at top-level commas.
    fn top_level_args(s: &str) -> Vec<String> {
        let mut out = vec![String::new()];
        let mut depth = 0;
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => {
                    let cur = out.last_mut().expect("one argument");
                    cur.push('"');
                    while let Some(d) = chars.next() {
                        cur.push(d);
                        if d == '\\' {
                            if let Some(e) = chars.next() {
                                cur.push(e);
                            }
                        } else if d == '"' {
                            break;
                        }
                    }
                    continue;
                }
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => break,
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => {
                    out.push(String::new());
                    continue;
                }
                _ => {}
            }
            out.last_mut().expect("one argument").push(c);
        }
        out
    }

    /// The first string literal of an argument, unescaped.
    fn first_literal(arg: &str) -> Option<String> {
        let start = arg.find('"')? + 1;
        let mut out = String::new();
        let mut chars = arg[start..].chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => return Some(out),
                '\\' => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some(e) => out.push(e),
                    None => return None,
                },
                c => out.push(c),
            }
        }
        None
    }

    /// A format string with `{}` for each value (`{n}`, `{:?}`, `{}` alike).
    fn shape_of(lit: &str) -> String {
        let mut out = String::new();
        let mut in_hole = false;
        for c in lit.chars() {
            match (c, in_hole) {
                ('{', false) => {
                    in_hole = true;
                    out.push_str("{}");
                }
                ('}', true) => in_hole = false,
                (_, true) => {}
                (c, false) => out.push(c),
            }
        }
        out
    }

    /// Every reason the core gives for refused input is said in Polish to a Polish reader
    /// (issue 14 item 4): filled with sample values, each shape comes out changed.
    #[test]
    fn every_core_reason_has_polish() {
        let reasons = core_reasons();
        assert!(
            reasons.len() > 100,
            "the walk found {} reasons",
            reasons.len()
        );
        let mut missing = Vec::new();
        for (shape, file) in &reasons {
            if crate::i18n::reasons::composed(shape) {
                continue;
            }
            let sample = shape.replace("{}", "7");
            if reason_in(Lang::Pl, &sample) == sample {
                missing.push(format!("{file}: {shape}"));
            }
        }
        assert!(missing.is_empty(), "no Polish for:\n{}", missing.join("\n"));
    }

    #[test]
    fn sizes_keep_their_megabytes_in_polish() {
        assert_eq!(
            reason_in(Lang::Pl, "the file is 25.5 MB, over the limit of 25 MB"),
            "plik ma 25,5 MB, a limit to 25 MB"
        );
    }
}
