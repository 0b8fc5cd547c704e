//! Markup only: the page frame and its widgets ([`layout`]), in-page answers to refused
//! forms ([`refused`]). Nothing here reads a request or calls the service.

pub mod layout;
pub mod refused;
