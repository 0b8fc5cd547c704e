//! Contacts domain: types, rules, the access policy and storage traits.
pub mod date;
pub mod error;

pub use error::{Error, Result};
pub mod ical;
pub mod nameday;
pub mod text;
pub mod upcoming;
