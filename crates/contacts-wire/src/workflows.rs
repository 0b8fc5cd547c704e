//! Account managers, takeovers, occasion alerts, reminder counts, postal codes and the
//! signed-in user: the small records the business book's workflows answer with.

use contacts_core::postal::streets::Candidate;
use contacts_core::service::{self as core, PostalLookup};
use contacts_core::store::{self as store, OccasionAlertKind};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{utc, ContactRef, OccasionKind};

/// A user named by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct UserRef {
    pub id: i64,
    pub name: String,
}

/// A business contact's account manager and when it was last in touch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ClientFacts {
    /// The contact's id.
    pub contact: i64,
    pub account_manager: Option<UserRef>,
    /// The newest history entry's time. RFC 3339.
    #[schema(format = DateTime)]
    pub last_contact: Option<String>,
}

impl ClientFacts {
    pub fn new(contact: contacts_core::ids::ContactId, f: &core::ClientFacts) -> ClientFacts {
        ClientFacts {
            contact: contact.0,
            account_manager: f.manager.as_ref().map(|u| UserRef {
                id: u.id.0,
                name: u.name.clone(),
            }),
            last_contact: f.last_contact.map(utc),
        }
    }
}

/// A case named by id and number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CaseRef {
    pub id: i64,
    pub number: String,
}

/// What a takeover handed over from one user to another (or, as a dry run, would).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TakeoverReport {
    pub from: String,
    pub to: String,
    /// True: nothing moved, this is what would move.
    pub dry_run: bool,
    /// The open cases.
    pub cases: Vec<CaseRef>,
    /// The clients whose account manager changed.
    pub clients: Vec<ContactRef>,
    /// The reminders assigned anew (ids).
    pub reminders: Vec<i64>,
    /// How many clients' history got an entry about it.
    pub history_entries: usize,
}

impl TakeoverReport {
    /// The report with the clients' display names from `name`.
    pub fn new(
        r: &core::TakeoverReport,
        from: &str,
        to: &str,
        dry_run: bool,
        name: impl Fn(contacts_core::ids::ContactId) -> String,
    ) -> TakeoverReport {
        TakeoverReport {
            from: from.to_string(),
            to: to.to_string(),
            dry_run,
            cases: r
                .cases
                .iter()
                .map(|(id, n)| CaseRef {
                    id: id.0,
                    number: n.clone(),
                })
                .collect(),
            clients: r
                .clients
                .iter()
                .map(|c| ContactRef {
                    id: c.0,
                    name: name(*c),
                })
                .collect(),
            reminders: r.reminders.iter().map(|x| x.0).collect(),
            history_entries: r.history_entries.len(),
        }
    }
}

/// The user's own alert some days before a contact's birthday or name-day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OccasionAlert {
    pub contact_id: i64,
    pub kind: OccasionKind,
    /// 0 to 60; null when the alert was just removed.
    #[schema(minimum = 0, maximum = 60)]
    pub days_before: Option<u32>,
}

impl OccasionAlert {
    /// The alert on `contact` before its `kind`, or (`None`) its removal.
    pub fn new(
        contact: contacts_core::ids::ContactId,
        kind: OccasionAlertKind,
        days_before: Option<u32>,
    ) -> OccasionAlert {
        OccasionAlert {
            contact_id: contact.0,
            kind: match kind {
                OccasionAlertKind::Birthday => OccasionKind::Birthday,
                OccasionAlertKind::Nameday => OccasionKind::Nameday,
            },
            days_before,
        }
    }
}

impl From<&store::OccasionAlert> for OccasionAlert {
    fn from(a: &store::OccasionAlert) -> OccasionAlert {
        OccasionAlert::new(a.contact, a.kind, Some(a.days_before))
    }
}

/// How many of the user's open reminders are due today, and how many of those overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DueCounts {
    pub due: u64,
    pub overdue: u64,
}

impl From<&core::DueCounts> for DueCounts {
    fn from(c: &core::DueCounts) -> DueCounts {
        DueCounts {
            due: c.due,
            overdue: c.overdue,
        }
    }
}

/// A postal code for a street (and the house numbers it covers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PostalCode {
    pub code: String,
    pub street: String,
    /// The house numbers, as the list writes them; empty for the whole street.
    pub numbers: String,
}

impl From<&Candidate> for PostalCode {
    fn from(c: &Candidate) -> PostalCode {
        PostalCode {
            code: c.code.clone(),
            street: c.street.clone(),
            numbers: c.numbers.clone(),
        }
    }
}

/// The postal codes found for a locality, street and house number, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PostalCodes {
    /// Whether an admin has imported a street-level list.
    pub street_list: bool,
    pub candidates: Vec<PostalCode>,
}

impl From<&PostalLookup> for PostalCodes {
    fn from(p: &PostalLookup) -> PostalCodes {
        PostalCodes {
            street_list: p.street_list,
            candidates: p.candidates.iter().map(PostalCode::from).collect(),
        }
    }
}

/// The signed-in user (API `GET /me`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub name: String,
    pub admin: bool,
    /// For cookie clients; null with a bearer token.
    pub csrf_token: Option<String>,
}
