//! The contact list's query (book, search words, filters, sort, page) and its conversion
//! to the core's list filter.

use crate::error::AppError;
use crate::forms::non_empty;
use crate::paths::TypedPath;
use crate::view::links::book_kind;
use crate::view::links::book_name;
use contacts_core::ids::LabelId;
use contacts_core::ids::UserId;
use contacts_core::service::BookKind;
use contacts_core::service::ListFilter;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize, Clone)]
pub struct ListParams {
    pub(crate) book: Option<String>,
    pub(crate) q: Option<String>,
    pub(crate) category: Option<String>,
    pub(crate) group: Option<String>,
    pub(crate) status: Option<String>,
    /// An account manager's user id (business book).
    pub(crate) manager: Option<String>,
    /// "Not contacted for N days" (business book).
    pub(crate) quiet: Option<String>,
    pub(crate) sort: Option<String>,
    pub(crate) page: Option<String>,
    /// How many contacts a bulk change just changed (shown once).
    pub(crate) changed: Option<String>,
}

impl ListParams {
    /// The link that opens a mailing to this list ("Wysyłka"), in the mailing's own
    /// parameters (`quiet` is its `not_contacted`); none when the list is filtered by a
    /// category, which a mailing audience cannot hold (the mailing would reach more).
    pub(crate) fn mailing_link(&self) -> Option<crate::paths::Link> {
        use crate::paths::QueryLink;
        if non_empty(&self.category).is_some() {
            return None;
        }
        let mut pairs = vec![(
            "book",
            book_name(book_kind(self.book.as_deref())).to_string(),
        )];
        for (k, v) in [
            ("q", &self.q),
            ("group", &self.group),
            ("status", &self.status),
            ("manager", &self.manager),
            ("not_contacted", &self.quiet),
        ] {
            if let Some(v) = non_empty(v) {
                pairs.push((k, v.to_string()));
            }
        }
        Some(crate::paths::MailingNew.with_query(pairs))
    }

    pub(crate) fn url(&self, sort: Option<&str>, page: Option<usize>) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("book", book_name(book_kind(self.book.as_deref())));
        for (k, v) in [
            ("q", &self.q),
            ("category", &self.category),
            ("group", &self.group),
            ("status", &self.status),
            ("manager", &self.manager),
            ("quiet", &self.quiet),
        ] {
            if let Some(v) = non_empty(v) {
                query.append_pair(k, v);
            }
        }
        if let Some(s) = sort.or(non_empty(&self.sort)) {
            query.append_pair("sort", s);
        }
        if let Some(p) = page {
            query.append_pair("page", &p.to_string());
        }
        format!("{}?{}", crate::paths::Contacts::PATH, query.finish())
    }
}

/// The most days "not contacted for" takes (about a hundred years).
pub(crate) const MAX_QUIET_DAYS: i64 = 36_500;

/// The filter the core understands, from the page's parameters. A "not contacted for"
/// that is not a number of days is an error naming the field.
pub(crate) fn list_filter(p: &ListParams, book: BookKind) -> Result<ListFilter, AppError> {
    let label = |v: &Option<String>| non_empty(v).and_then(|s| s.parse::<LabelId>().ok());
    let business = book == BookKind::Business;
    let quiet = match non_empty(&p.quiet).filter(|_| business) {
        None => None,
        Some(v) => match v.parse::<i64>() {
            Ok(n) if (0..=MAX_QUIET_DAYS).contains(&n) => Some(chrono::Duration::days(n)),
            _ => {
                return Err(AppError::Core(contacts_core::Error::invalid(
                    "not contacted for",
                    format!("'{v}' is not a number of days from 0 to {MAX_QUIET_DAYS}"),
                )))
            }
        },
    };
    Ok(ListFilter {
        book: Some(book),
        category: non_empty(&p.category)
            .and_then(|c| contacts_core::category::CategoryKey::parse(c).ok())
            .filter(|_| book == BookKind::Private),
        group: label(&p.group).filter(|_| business),
        status: label(&p.status).filter(|_| business),
        account_manager: non_empty(&p.manager)
            .and_then(|s| s.parse::<UserId>().ok())
            .filter(|_| business),
        not_contacted_for: quiet,
        ..ListFilter::default()
    })
}
