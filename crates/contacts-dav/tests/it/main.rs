//! The CardDAV crate's integration tests, in one binary: a real `contacts serve`-like app on
//! 127.0.0.1 driven by raw DAV requests (`dav`), and by the real vdirsyncer (`vdirsyncer`).

mod common;

mod dav;
mod vdirsyncer;
