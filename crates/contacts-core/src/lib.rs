//! Contacts domain.
