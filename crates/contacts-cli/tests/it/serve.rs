//! `contacts serve` starts the web UI on the same database and prints the setup link.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

/// Kills the server when the test ends, pass or fail.
struct Killer(std::process::Child);

impl Drop for Killer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap_or_else(|e| panic!("{e}"));
    out
}

#[test]
fn serve_prints_a_setup_link_after_cli_use_and_answers_on_the_port() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = dir.path().join("c.db");
    let bin = env!("CARGO_BIN_EXE_contacts");
    // A local CLI user (an admin without a password) exists before the server starts.
    let st = Command::new(bin)
        .args(["--db"])
        .arg(&db)
        .args(["--user", "root", "demo", "--count", "10"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let child = Command::new(bin)
        .args(["--db"])
        .arg(&db)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut server = Killer(child);
    let stderr = server
        .0
        .stderr
        .take()
        .unwrap_or_else(|| panic!("no stderr"));
    let mut lines = BufReader::new(stderr).lines();
    let mut setup = None;
    let mut addr = None;
    for line in lines.by_ref().take(5) {
        let line = line.unwrap_or_default();
        if let Some(url) = line
            .trim()
            .strip_prefix("http://")
            .filter(|u| u.contains("/setup/"))
        {
            setup = Some(url.to_string());
        }
        if let Some(rest) = line.strip_prefix("Contacts web UI on http://") {
            addr = Some(rest.trim_end_matches('/').to_string());
            break;
        }
    }
    let addr = addr.unwrap_or_else(|| panic!("no address printed"));
    let setup = setup.unwrap_or_else(|| panic!("no setup link printed"));
    let path = &setup[setup.find('/').unwrap_or(0)..];
    assert!(
        get(&addr, "/contacts").starts_with("HTTP/1.1 303"),
        "pages need a login"
    );
    let page = get(&addr, path);
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("<form"), "the setup page has a form");
}
