//! Contacts domain: the contact record and its rules, the access policy, and the storage
//! traits every backend implements.
//!
//! ```
//! use contacts_core::{memory::MemoryStore, model::ContactData, service::{BookKind, Service}};
//!
//! let contacts = Service::new(MemoryStore::default());
//! let anna = contacts.local_actor("anna")?;
//! let c = contacts.create(&anna, BookKind::Business, ContactData::person("Łukasz", "Żółć"))?;
//! let found = contacts.search(&anna, "lukasz zol", None, 10)?;
//! assert_eq!(found[0].id, c.id);
//!
//! // A private contact exists only for its owner.
//! let mine = contacts.create(&anna, BookKind::Private, ContactData::person("Ewa", "Nowak"))?;
//! let bob = contacts.local_actor("bob")?;
//! assert!(contacts.get(&bob, mine.id).is_err());
//! # Ok::<(), contacts_core::Error>(())
//! ```
pub mod case;
pub mod case_store;
pub mod category;
pub mod csvio;
pub mod date;
pub mod defaults;
pub mod error;
pub mod format;
pub mod ical;
pub mod ids;
pub mod labels;
pub mod mailing;
pub mod map;
pub mod memory;
pub mod model;
pub mod money;
pub mod nameday;
pub mod password;
pub mod postal;
pub mod read_ahead;
pub mod report;
pub mod search;
pub mod service;
pub mod store;
pub mod text;
pub mod time;
pub mod upcoming;
pub mod vcard;

#[cfg(any(test, feature = "testing"))]
pub mod contract;

pub use error::{Error, Result};
