//! The audience of a mailing as query parameters (pages and API read the same shape).

use crate::forms::non_empty;
use contacts_core::ids::ContactId;
use contacts_core::ids::LabelId;
use contacts_core::ids::UserId;
use contacts_core::mailing::Audience;
use contacts_core::mailing::OccasionFilter;
use contacts_core::service::Actor;
use contacts_core::service::BookKind;
use contacts_core::service::Service;
use contacts_core::store::ListKind;
use contacts_core::store::Store;
use contacts_core::Error;
use serde::Deserialize;

/// An audience as pages and the API take it: the contact list's parameters (`book`, `q`,
/// `group`, `status` as label ids or names) and mailing's own (`not_contacted` days,
/// `upcoming` days with `kind`, `manager` user id or name, `field` "Label=Value", `ids`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AudienceParams {
    pub book: Option<String>,
    pub q: Option<String>,
    pub group: Option<String>,
    pub status: Option<String>,
    pub manager: Option<String>,
    pub field: Option<String>,
    pub not_contacted: Option<String>,
    pub upcoming: Option<String>,
    pub kind: Option<String>,
    pub ids: Option<String>,
}

impl AudienceParams {
    /// The pairs to carry the audience in a link or hidden fields.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("book", &self.book),
            ("q", &self.q),
            ("group", &self.group),
            ("status", &self.status),
            ("manager", &self.manager),
            ("field", &self.field),
            ("not_contacted", &self.not_contacted),
            ("upcoming", &self.upcoming),
            ("kind", &self.kind),
            ("ids", &self.ids),
        ]
        .into_iter()
        .filter_map(|(k, v)| non_empty(v).map(|v| (k, v.to_string())))
        .collect()
    }

    pub(crate) fn set(&mut self, key: &str, value: String) {
        let slot = match key {
            "book" => &mut self.book,
            "q" => &mut self.q,
            "group" => &mut self.group,
            "status" => &mut self.status,
            "manager" => &mut self.manager,
            "field" => &mut self.field,
            "not_contacted" => &mut self.not_contacted,
            "upcoming" => &mut self.upcoming,
            "kind" => &mut self.kind,
            "ids" => &mut self.ids,
            _ => return,
        };
        *slot = Some(value);
    }

    /// The core's audience; names are looked up, numbers checked.
    pub fn audience<S: Store>(&self, svc: &Service<S>, actor: &Actor) -> Result<Audience, Error> {
        let number = |field: &str, s: &str| -> Result<u32, Error> {
            s.parse::<u32>()
                .map_err(|_| Error::invalid(field, format!("'{s}' is not a number of days")))
        };
        let labels = |list: ListKind, v: &Option<String>| -> Result<Vec<LabelId>, Error> {
            let mut out = Vec::new();
            for part in non_empty(v).into_iter().flat_map(|s| s.split(',')) {
                let part = part.trim();
                if part.is_empty() {
                    continue;
                }
                match part.parse::<i64>() {
                    Ok(n) if svc.labels(list)?.iter().any(|l| l.id.0 == n) => out.push(LabelId(n)),
                    _ => out.push(svc.label(list, part)?.id),
                }
            }
            Ok(out)
        };
        let mut a = Audience {
            book: match non_empty(&self.book) {
                Some("private") => Some(BookKind::Private),
                Some("business") => Some(BookKind::Business),
                Some("all") | None => None,
                Some(other) => {
                    return Err(Error::invalid(
                        "book",
                        format!("'{other}' is not private, business or all"),
                    ))
                }
            },
            groups: labels(ListKind::Group, &self.group)?,
            statuses: labels(ListKind::Status, &self.status)?,
            words: non_empty(&self.q).unwrap_or_default().to_string(),
            ..Audience::default()
        };
        if let Some(m) = non_empty(&self.manager) {
            // A user's id (what the contact list's filter carries) or name, looked up in the
            // directory every signed-in user may read (the user list is for admins only).
            let by_id = m.parse::<i64>().ok().and_then(|id| {
                svc.user_directory(actor)
                    .ok()?
                    .into_iter()
                    .find(|u| u.id.0 == id)
            });
            let u = match by_id {
                Some(u) => u,
                None => svc.user_named(actor, "manager", m)?,
            };
            a.manager = Some(UserId(u.id.0));
        }
        if let Some(f) = non_empty(&self.field) {
            let (label, value) = f
                .split_once('=')
                .ok_or_else(|| Error::invalid("field", format!("'{f}' is not Label=Value")))?;
            a.field = Some((svc.field(label.trim())?.id, value.trim().to_string()));
        }
        if let Some(d) = non_empty(&self.not_contacted) {
            a.not_contacted_days = Some(number("not_contacted", d)?);
        }
        if let Some(d) = non_empty(&self.upcoming) {
            let (b, n) = match non_empty(&self.kind) {
                Some("birthdays") => (true, false),
                Some("namedays") => (false, true),
                _ => (true, true),
            };
            a.occasions = Some(OccasionFilter {
                days: number("upcoming", d)?,
                birthdays: b,
                namedays: n,
            });
        }
        for part in non_empty(&self.ids).into_iter().flat_map(|s| s.split(',')) {
            let part = part.trim();
            if !part.is_empty() {
                a.pick.push(part.parse::<ContactId>()?);
            }
        }
        Ok(a)
    }
}
