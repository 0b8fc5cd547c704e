//! The `contacts` binary's integration tests, in one test binary (one link, one run):
//! each module runs the real binary on a real SQLite file through `common::Env`.

mod common;

mod cases;
mod commands;
mod dates;
mod errors;
mod interchange;
mod isolation;
mod mail;
mod meetings;
mod readme_tour;
mod serve;
mod serve_logs;
mod wire;
mod workflows;
