//! The web crate's integration tests, in one binary (one link, one run): each module
//! drives the router (`common::Harness`) or a real server; `browser` drives Chromium.

mod common;

mod browser;
mod browser_cases;
mod browser_guide;
mod browser_mailing;
mod browser_print;
mod browser_walk;
mod case_forms;
mod duplicates;
mod forms;
mod gaps;
mod io;
mod limits;
mod mailing;
mod meetings;
mod openapi;
mod pages;
mod polish;
mod print;
mod refusals;
mod sqlite;
mod structure;
mod throttle;
mod web;
mod workflows;
