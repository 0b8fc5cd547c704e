//! The README's tour ("Using it") runs as written, in order, on a new database: its ```sh
//! blocks are taken from README.md and run by `sh -e` with the built `contacts` first on
//! the PATH, in a temporary folder. And `contacts demo` creates no admin account.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{Env, NOW};

/// The shell blocks of the README's "Using it" section, in order.
fn tour() -> String {
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let text =
        std::fs::read_to_string(&readme).unwrap_or_else(|e| panic!("{}: {e}", readme.display()));
    let start = text
        .find("\n## Using it")
        .unwrap_or_else(|| panic!("README.md has no 'Using it' section"));
    let section = &text[start + 1..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let mut script = String::new();
    let mut inside = false;
    for line in section.lines() {
        match (inside, line.trim_end()) {
            (false, "```sh") => inside = true,
            (true, "```") => inside = false,
            (true, l) => {
                script.push_str(l);
                script.push('\n');
            }
            _ => {}
        }
    }
    assert!(
        script
            .lines()
            .filter(|l| l.trim_start().starts_with("contacts "))
            .count()
            > 20,
        "the tour lost its commands:\n{script}"
    );
    script
}

#[test]
fn the_readme_tour_runs_in_order_on_a_new_database() {
    let env = Env::new();
    let script = env.write("tour.sh", tour().as_bytes());
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_contacts"))
        .parent()
        .unwrap_or_else(|| panic!("the binary has no folder"))
        .to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap_or_else(|e| panic!("PATH: {e}"));
    let out = Command::new("sh")
        .arg("-ex")
        .arg(&script)
        .current_dir(env.dir())
        .env("PATH", path)
        .env_remove("CONTACTS_USER")
        .env("CONTACTS_DB", env.path("contacts.db"))
        .env("CONTACTS_NOW", NOW.replace("2024-05-01", "2026-11-23"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run sh: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the tour stopped ({}):\n--- stdout\n{stdout}\n--- stderr (the last command run is last)\n{stderr}",
        out.status
    );
    // What the tour promises along the way.
    // A failed command inside an `&&` list does not stop `sh -e`: no error may be printed.
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error")).collect();
    assert!(
        errors.is_empty(),
        "the tour printed errors: {errors:?}\n{stderr}"
    );
    for want in [
        "added user ewa",
        "2026/0001",
        "due 01.12.2026 10:00",
        "merged 6 into 1",
        "17.02, 22.04, 10.09, 18.10, 31.10",
    ] {
        assert!(stdout.contains(want), "'{want}' missing from:\n{stdout}");
    }
    for file in ["calendar.ics", "my-book.vcf", "contacts-backup.db"] {
        assert!(env.path(file).is_file(), "{file} was not written");
    }
}

#[test]
fn demo_data_creates_no_admin_account() {
    let env = Env::new();
    let mut cmd = env.command("anna", &["demo", "--count", "30"]);
    cmd.env_remove("CONTACTS_USER");
    let out = cmd.output().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let db = rusqlite::Connection::open(env.path("contacts.db")).unwrap_or_else(|e| panic!("{e}"));
    let admins: i64 = db
        .query_row("SELECT count(*) FROM users WHERE admin = 1", [], |r| {
            r.get(0)
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(admins, 0, "demo made an admin");
    let users: Vec<String> = db
        .prepare("SELECT name FROM users")
        .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(users, ["demo"]);
    drop(db);
    // The first person to use the database afterwards is its admin.
    assert_eq!(env.ok(&["user", "add", "ewa"]), "added user ewa");
}
