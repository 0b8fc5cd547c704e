//! The core's integration tests, in one binary (one link, one run): each module is a
//! file beside this one.

mod csv;
mod vcard;
mod vcard_props;
