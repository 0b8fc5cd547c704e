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
