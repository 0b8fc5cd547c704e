//! Runs the built `contacts` binary on a temporary database with a fixed clock.

#![allow(dead_code)]

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The fixed "now" of every test run.
pub const NOW: &str = "2024-05-01T12:00:00Z";

/// A temporary folder holding the database and any files a test writes.
pub struct Env {
    dir: tempfile::TempDir,
}

/// What one run printed and how it ended.
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl fmt::Display for Out {
    /// stdout, then stderr and the exit code when there is something to say.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.stdout)?;
        if !self.stderr.is_empty() {
            write!(f, "[stderr]\n{}", self.stderr)?;
        }
        if self.code != 0 {
            write!(f, "[exit {}]", self.code)?;
        }
        Ok(())
    }
}

impl Out {
    /// The trimmed stdout (an id, say).
    pub fn text(&self) -> &str {
        self.stdout.trim()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {self}"))
    }
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}")),
        }
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("write {name}: {e}"));
        p
    }

    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap_or_else(|e| panic!("read {name}: {e}"))
    }

    /// A command for `user`, run in the temp folder on its database.
    pub fn command(&self, user: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_contacts"));
        cmd.args(args)
            .current_dir(self.dir.path())
            .env_remove("CONTACTS_DB")
            .env_remove("CONTACTS_USER")
            .env_remove("CONTACTS_NOW")
            .env("CONTACTS_DB", self.path("contacts.db"))
            .env("CONTACTS_USER", user)
            .env("CONTACTS_NOW", NOW)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null());
        cmd
    }

    /// Runs `contacts ARGS` as `user`.
    pub fn run_as(&self, user: &str, args: &[&str]) -> Out {
        let out = self
            .command(user, args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run contacts: {e}"));
        Out {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs as "anna", the first user and so the admin.
    pub fn run(&self, args: &[&str]) -> Out {
        self.run_as("anna", args)
    }

    /// Runs and insists on success; gives the trimmed stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.code, 0, "contacts {args:?} failed:\n{out}");
        out.text().to_string()
    }

    pub fn ok_as(&self, user: &str, args: &[&str]) -> String {
        let out = self.run_as(user, args);
        assert_eq!(out.code, 0, "contacts {args:?} as {user} failed:\n{out}");
        out.text().to_string()
    }

    /// Everything anna can see, as JSON: used to show that a failed command wrote nothing.
    pub fn everything(&self) -> String {
        self.ok(&["--json", "list", "--limit", "10000"])
    }
}

/// The smallest file the photo check accepts as a PNG.
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDRfake-image";

/// Kills a server this test started when the test ends, pass or fail.
struct Killer(std::process::Child);

impl Drop for Killer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Env {
    /// Starts `contacts serve` on this database (same clock), gives `user` an API token
    /// and answers each `GET /api/v1{path}` of `paths` with its status and JSON body.
    pub fn api_get(&self, user: &str, paths: &[&str]) -> Vec<(u16, serde_json::Value)> {
        use std::io::{BufRead, BufReader, Read, Write};
        let token = "cli-test-token-0123456789abcdefghijklmnopq";
        {
            let store = contacts_store::SqliteStore::open(&self.path("contacts.db"))
                .unwrap_or_else(|e| panic!("open: {e}"));
            let s = contacts_core::service::Service::new(store);
            let actor = s.local_actor(user).unwrap_or_else(|e| panic!("actor: {e}"));
            s.create_api_token(&actor, &format!("test {}", paths.len()), token)
                .unwrap_or_else(|e| panic!("token: {e}"));
        }
        let child = self
            .command(user, &["serve", "--bind", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("serve: {e}"));
        let mut server = Killer(child);
        let stderr = server
            .0
            .stderr
            .take()
            .unwrap_or_else(|| panic!("no stderr"));
        let mut lines = BufReader::new(stderr).lines();
        let mut addr = None;
        for line in lines.by_ref().take(10) {
            let line = line.unwrap_or_default();
            if let Some(rest) = line.strip_prefix("Contacts web UI on http://") {
                addr = Some(rest.trim_end_matches('/').to_string());
                break;
            }
        }
        let addr = addr.unwrap_or_else(|| panic!("no address printed"));
        // The server logs every request to stderr: keep reading it, or it would stop.
        std::thread::spawn(move || lines.for_each(drop));
        paths
            .iter()
            .map(|path| {
                let mut s = std::net::TcpStream::connect(&addr)
                    .unwrap_or_else(|e| panic!("connect {addr}: {e}"));
                write!(
                    s,
                    "GET /api/v1{path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
                )
                .unwrap_or_else(|e| panic!("{e}"));
                let mut raw = String::new();
                s.read_to_string(&mut raw).unwrap_or_else(|e| panic!("{e}"));
                let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
                let status = head
                    .split(' ')
                    .nth(1)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                let json = serde_json::from_str(body)
                    .unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {raw}"));
                (status, json)
            })
            .collect()
    }
}
