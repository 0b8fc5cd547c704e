//! Markup only: the page frame and its widgets ([`layout`]), in-page answers to refused
//! forms ([`refused`]). Nothing here reads a request or calls the service.

pub(crate) mod account;
pub mod layout;
pub mod links;
pub mod refused;
pub(crate) mod reminders;
pub(crate) mod settings;
pub(crate) mod stored;
