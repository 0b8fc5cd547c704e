//! The pages: one module per area of the web UI. A page module holds request handlers
//! (and the small forms they read); it never imports another page. Markup shared by
//! several areas lives in [`crate::view`], routes in [`crate::routes`].

pub mod account;
pub mod case_edit;
pub mod cases;
pub mod contacts;
pub mod dates;
pub mod duplicates;
pub mod home;
pub mod interchange;
pub mod mailing;
pub mod meetings;
pub mod print;
pub mod settings;
pub mod sign_in;
pub mod trash;
pub mod workflows;
