//! Small pieces of markup every area uses: links to a contact or a report, book names
//! and badges, an occasion in words, weekday names, URL-encoding of a query value.

use crate::i18n::Lang;
use crate::view::layout::Tab;
use chrono::NaiveDate;
use contacts_core::ids::CaseId;
use contacts_core::ids::ContactId;
use contacts_core::model::Book;
use contacts_core::model::ContactData;
use contacts_core::model::ContactKind;
use contacts_core::service::BookKind;
use contacts_core::service::Occasion;
use contacts_core::service::OccasionKind;
use maud::html;
use maud::Markup;
use percent_encoding::utf8_percent_encode;
use percent_encoding::NON_ALPHANUMERIC;

pub(crate) fn book_kind(s: Option<&str>) -> BookKind {
    match s {
        Some("private") => BookKind::Private,
        _ => BookKind::Business,
    }
}

pub(crate) fn book_name(b: BookKind) -> &'static str {
    match b {
        BookKind::Private => "private",
        BookKind::Business => "business",
    }
}

pub(crate) fn tab_of(b: BookKind) -> Tab {
    match b {
        BookKind::Private => Tab::Private,
        BookKind::Business => Tab::Business,
    }
}

pub(crate) fn enc(s: &str) -> String {
    utf8_percent_encode(s, NON_ALPHANUMERIC).to_string()
}

/// The icon a list shows: the private category's, else person or organisation.
pub fn icon(c: &ContactData) -> &'static str {
    match (c.category, c.kind) {
        (Some(cat), _) => cat.icon(),
        (None, ContactKind::Organisation) => "🏢",
        (None, ContactKind::Person) => "👤",
    }
}

pub(crate) fn contact_link(id: ContactId, name: &str) -> Markup {
    html! { a href=(crate::paths::Contact { id }) { (name) } }
}

pub(crate) fn occasion_text(l: Lang, o: &Occasion) -> Markup {
    html! {
        @match &o.kind {
            OccasionKind::Birthday { age } => {
                "🎂 " (l.t(msg!("upc.birthday")))
                @if let Some(a) = age { " · " (l.t(msg!("upc.age"))) " " (a) }
            }
            OccasionKind::Nameday { name } => { "💐 " (l.t(msg!("upc.nameday"))) " · " (name) }
        }
    }
}

pub(crate) fn weekday(l: Lang, d: NaiveDate) -> &'static str {
    use chrono::Datelike;
    const KEYS: [crate::i18n::Msg; 7] = [
        msg!("day.mon"),
        msg!("day.tue"),
        msg!("day.wed"),
        msg!("day.thu"),
        msg!("day.fri"),
        msg!("day.sat"),
        msg!("day.sun"),
    ];
    l.t(KEYS[d.weekday().num_days_from_monday() as usize])
}

/// "Name (#12)": how a contact is written in a party field and its suggestions.
pub(crate) fn party_label(c: &contacts_core::model::Contact) -> String {
    contacts_core::service::party_label(c)
}

/// The download links of a report section: CSV, PDF and the browser's print.
pub(crate) fn report_links(
    l: crate::i18n::Lang,
    name: &str,
    period: Option<crate::paths::Period>,
) -> maud::Markup {
    use crate::paths::QueryLink;
    let link = |ext: &str| {
        let file = crate::paths::Report {
            file: format!("{name}.{ext}"),
        };
        match &period {
            Some(p) => file.with_query(p),
            None => file.with_query(()),
        }
    };
    maud::html! {
        p.downloads.no-print {
            (l.t(msg!("rep.download"))) ": "
            a.report-csv href=(link("csv")) download { (l.t(msg!("rep.csv"))) }
            " · "
            a.report-pdf href=(link("pdf")) download { (l.t(msg!("rep.pdf"))) }
            " · "
            button.secondary.print-page type="button" { (l.t(msg!("print.print"))) }
        }
    }
}

/// The case page's PDF link and print button.
pub(crate) fn case_links(l: crate::i18n::Lang, id: CaseId) -> maud::Markup {
    maud::html! {
        a.button.secondary #case-pdf href=(crate::paths::CasePdf { id }) download { (l.t(msg!("case.pdf"))) }
        " "
        button.secondary.print-page type="button" { (l.t(msg!("print.print"))) }
    }
}

pub(crate) fn book_badge(l: Lang, b: Book) -> Markup {
    html! { span.badge { (l.t(if b.is_business() { msg!("book.business") } else { msg!("book.private") })) } }
}

/// A phone, e-mail, address or website label in the reader's language: the book's own
/// words (`mobile`, `work`, `home`, `fax`, `pager`, `other`: what `contacts_core::labels`
/// turns other programs' labels into) translated, any other word shown as written.
pub(crate) fn label_text(l: Lang, label: &str) -> String {
    label
        .split_whitespace()
        .map(|w| match w {
            "mobile" => l.t(msg!("lbl.mobile")),
            "work" => l.t(msg!("lbl.work")),
            "home" => l.t(msg!("lbl.home")),
            "fax" => l.t(msg!("lbl.fax")),
            "pager" => l.t(msg!("lbl.pager")),
            "other" => l.t(msg!("lbl.other")),
            _ => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}
