//! The web crate's integration tests, in one binary (one link, one run): each module
//! drives the router (`common::Harness`) or a real server; `browser` drives Chromium.

mod common;

mod browser;
mod io;
mod limits;
mod meetings;
mod pages;
mod sqlite;
mod throttle;
mod web;
