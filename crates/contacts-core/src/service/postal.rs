//! Postal codes by street: an admin imports the official street-level list
//! ([`crate::postal::streets`]); forms ask for the codes of a locality's street as it is
//! typed; a contact saved with a Polish address and no code gets the one code its street and
//! house number have (else, as before, its locality's only code).

use super::{Actor, Service};
use crate::error::{Error, Result};
use crate::model::{Address, ContactData};
use crate::postal::streets::{self, Candidate, StreetRow};
use crate::store::{Ops, Store};
use crate::text::fold;

/// The most candidates one lookup gives.
pub const MAX_CANDIDATES: usize = 50;
/// The most rows one lookup reads (a long street has a few dozen).
const MAX_ROWS_READ: usize = 500;
/// The longest locality, street or house number a lookup takes.
const MAX_QUERY: usize = 100;

/// What a lookup found: the candidates and whether the street-level list is there at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostalLookup {
    pub candidates: Vec<Candidate>,
    /// False until an admin imported a street-level list.
    pub street_list: bool,
}

fn lookup_rows(ops: &dyn Ops, locality: &str, street: &str) -> Result<Vec<StreetRow>> {
    let locality_key = fold(locality.trim());
    if locality_key.is_empty() {
        return Ok(vec![]);
    }
    ops.postal_streets(&locality_key, &streets::street_key(street), MAX_ROWS_READ)
}

/// The one code the list gives for an address's street and number, if exactly one.
fn code_by_street(ops: &dyn Ops, a: &Address) -> Result<Option<String>> {
    let (street, number) = streets::split_street(&a.street);
    if street.is_empty() || number.is_empty() {
        return Ok(None);
    }
    let key = streets::street_key(&street);
    let rows: Vec<StreetRow> = lookup_rows(ops, &a.locality, &street)?
        .into_iter()
        .filter(|r| r.street_key() == key)
        .collect();
    let mut codes: Vec<String> = streets::candidates(&rows, &number)
        .into_iter()
        .map(|c| c.code)
        .collect();
    codes.sort();
    codes.dedup();
    Ok(match codes.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    })
}

impl<S: Store> Service<S> {
    /// Replaces the street-level postal list with the rows of a file in the public layout
    /// ([`streets::read_file`]); gives how many rows it holds. Only an admin may.
    pub fn import_postal_streets(&self, actor: &Actor, rows: Vec<StreetRow>) -> Result<usize> {
        if !actor.admin {
            return Err(Error::Forbidden(
                "only an admin may import the postal code list".into(),
            ));
        }
        let n = rows.len();
        self.store
            .write_bulk(|ops| ops.replace_postal_streets(&rows))?;
        Ok(n)
    }

    /// The postal codes of a locality's streets starting with `street` (as typed, "ul." and
    /// case and diacritics ignored), for house `number` when one is given (odd/even sides
    /// and ranges); best first, at most [`MAX_CANDIDATES`]. Without a street-level list, the
    /// locality's codes from the compiled-in list. Any user may.
    pub fn postal_candidates(
        &self,
        locality: &str,
        street: &str,
        number: &str,
    ) -> Result<PostalLookup> {
        for (field, v) in [
            ("locality", locality),
            ("street", street),
            ("number", number),
        ] {
            if v.chars().count() > MAX_QUERY {
                return Err(Error::invalid(
                    field,
                    format!("is longer than {MAX_QUERY} characters"),
                ));
            }
        }
        let (typed_street, typed_number) = streets::split_street(street);
        let number = if number.trim().is_empty() {
            typed_number
        } else {
            number.trim().to_string()
        };
        let (rows, count) = self.store.read(|ops| {
            Ok((
                lookup_rows(ops, locality, &typed_street)?,
                ops.postal_street_count()?,
            ))
        })?;
        let mut candidates = if count > 0 {
            streets::candidates(&rows, &number)
        } else {
            Vec::new()
        };
        if count == 0 || (candidates.is_empty() && typed_street.trim().is_empty()) {
            candidates = crate::postal::codes_for(locality, "")
                .into_iter()
                .map(|c| Candidate {
                    code: c.to_string(),
                    street: String::new(),
                    numbers: String::new(),
                })
                .collect();
        }
        candidates.truncate(MAX_CANDIDATES);
        Ok(PostalLookup {
            candidates,
            street_list: count > 0,
        })
    }

    /// Fills in empty postal codes of Polish addresses from the street-level list (street
    /// and house number give exactly one code), before the locality-level rule runs.
    pub(super) fn complete_by_street(&self, data: &mut ContactData) -> Result<()> {
        let wanted = data.addresses.iter().any(|a| {
            a.postal_code.trim().is_empty()
                && !a.locality.trim().is_empty()
                && !a.street.trim().is_empty()
        });
        if !wanted {
            return Ok(());
        }
        self.store.read(|ops| {
            if ops.postal_street_count()? == 0 {
                return Ok(());
            }
            for a in &mut data.addresses {
                if a.postal_code.trim().is_empty() && crate::postal::is_poland(&a.country) {
                    if let Some(code) = code_by_street(ops, a)? {
                        a.postal_code = code;
                    }
                }
            }
            Ok(())
        })
    }
}
