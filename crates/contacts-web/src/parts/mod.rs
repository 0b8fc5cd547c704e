//! Parts of pages that more than one page shows: the sections of a contact's card, the
//! reminder and deadline lists, a case's tasks. A part reads through the service for the
//! signed-in user and draws with [`crate::view`]; parts never import a page, so pages
//! can share them without importing each other.

pub(crate) mod cases;
pub(crate) mod contact;
pub(crate) mod dates;
pub(crate) mod duplicates;
pub(crate) mod interchange;
pub(crate) mod mailing;
pub(crate) mod meetings;
pub(crate) mod workflows;
