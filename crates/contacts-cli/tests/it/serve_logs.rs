//! `contacts serve` writes log lines to stderr: one per request, failed sign-ins, admin
//! actions and server errors with their cause; never a password, token, cookie value,
//! setup link or query string.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Killer(std::process::Child);

impl Drop for Killer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Http {
    status: u16,
    cookies: Vec<String>,
    body: String,
}

/// One request on its own connection (`Connection: close`).
fn request(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Http {
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() {
        head.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    s.write_all(head.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let cookies = head
        .lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("set-cookie")
                .then(|| v.trim().split(';').next().unwrap_or("").to_string())
        })
        .collect();
    Http {
        status,
        cookies,
        body: body.to_string(),
    }
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let i = text
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in {text}"))
        + start.len();
    let rest = &text[i..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

fn csrf(page: &str) -> String {
    between(page, "name=\"_csrf\" value=\"", "\"").to_string()
}

#[test]
fn serve_logs_requests_failures_and_errors_but_no_secrets() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = dir.path().join("c.db");
    let bin = env!("CARGO_BIN_EXE_contacts");
    let child = Command::new(bin)
        .arg("--db")
        .arg(&db)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("CONTACTS_LOG", "info")
        .env_remove("RUST_LOG")
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
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    {
        let lines = Arc::clone(&lines);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line.clone());
                lines.lock().unwrap_or_else(|e| e.into_inner()).push(line);
            }
        });
    }
    let mut setup = None;
    let mut addr = None;
    while addr.is_none() {
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|e| panic!("server printed no address: {e}"));
        if let Some(url) = line.trim().strip_prefix("http://") {
            setup = Some(url[url.find('/').unwrap_or(0)..].to_string());
        }
        if let Some(rest) = line.strip_prefix("Contacts web UI on http://") {
            addr = Some(rest.trim_end_matches('/').to_string());
        }
    }
    let (addr, setup) = (
        addr.unwrap_or_default(),
        setup.unwrap_or_else(|| panic!("no setup link")),
    );
    let setup_token = setup.trim_start_matches("/setup/").to_string();
    let password = "Correct-Horse-7431";
    let wrong = "Wrong-Guess-5519";

    // Set-up makes the admin and signs them in.
    let page = request(&addr, "GET", &setup, &[], "");
    let anon = page.cookies[0].clone();
    let r = request(
        &addr,
        "POST",
        &setup,
        &[("Cookie", &anon)],
        &form(&[
            ("_csrf", &csrf(&page.body)),
            ("user", "anna"),
            ("password", password),
            ("password2", password),
        ]),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let admin_cookie = r.cookies[0].clone();
    let settings = request(&addr, "GET", "/settings", &[("Cookie", &admin_cookie)], "");
    let admin_csrf = csrf(&settings.body);

    // A failed sign-in and a good one.
    let page = request(&addr, "GET", "/login", &[], "");
    let visitor = page.cookies[0].clone();
    let login_csrf = csrf(&page.body);
    let r = request(
        &addr,
        "POST",
        "/login",
        &[("Cookie", &visitor)],
        &form(&[
            ("_csrf", &login_csrf),
            ("user", "anna"),
            ("password", wrong),
        ]),
    );
    assert_eq!(r.status, 401);
    let r = request(
        &addr,
        "POST",
        "/login",
        &[("Cookie", &visitor)],
        &form(&[
            ("_csrf", &login_csrf),
            ("user", "anna"),
            ("password", password),
        ]),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let user_cookie = r.cookies[0].clone();

    // An admin action and an API token, used with a query string.
    let r = request(
        &addr,
        "POST",
        "/settings/users/add",
        &[("Cookie", &admin_cookie)],
        &form(&[("_csrf", &admin_csrf), ("name", "bob")]),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    // The admin is shown bob's one-time password link; opening it is logged without it.
    let link_secret = between(&r.body, "/password/", "\"").to_string();
    assert_eq!(link_secret.len(), 64, "{}", r.body);
    let r = request(&addr, "GET", &format!("/password/{link_secret}"), &[], "");
    assert_eq!(r.status, 200, "{}", r.body);
    let r = request(
        &addr,
        "POST",
        "/settings/token",
        &[("Cookie", &admin_cookie)],
        &form(&[("_csrf", &admin_csrf), ("name", "script")]),
    );
    let token = between(&r.body, "id=\"api-token\">", "<").to_string();
    assert_eq!(token.len(), 64, "{}", r.body);
    let bearer = format!("Bearer {token}");
    let r = request(
        &addr,
        "GET",
        "/api/v1/contacts?q=Zygfryd-secret-query",
        &[("Authorization", &bearer)],
        "",
    );
    assert_eq!(r.status, 200, "{}", r.body);

    // Guessing on: after three more wrong passwords the next try must wait.
    let statuses: Vec<u16> = (0..4)
        .map(|_| {
            request(
                &addr,
                "POST",
                "/login",
                &[("Cookie", &visitor)],
                &form(&[
                    ("_csrf", &login_csrf),
                    ("user", "anna"),
                    ("password", wrong),
                ]),
            )
            .status
        })
        .collect();
    assert_eq!(statuses, [401, 401, 401, 429]);

    // A storage failure: the reminders table is gone under the running server.
    let conn = rusqlite::Connection::open(&db).unwrap_or_else(|e| panic!("{e}"));
    conn.execute_batch("DROP TABLE reminders")
        .unwrap_or_else(|e| panic!("{e}"));
    drop(conn);
    let r = request(
        &addr,
        "GET",
        "/api/v1/reminders",
        &[("Authorization", &bearer)],
        "",
    );
    assert_eq!(r.status, 500, "{}", r.body);

    // Wait for the last request's line, then stop the server.
    let deadline = Instant::now() + Duration::from_secs(10);
    let log = loop {
        let all = lines.lock().unwrap_or_else(|e| e.into_inner()).join("\n");
        if all.contains("/api/v1/reminders") || Instant::now() > deadline {
            break all;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    drop(server);

    let session_values = |c: &str| {
        c.split_once('=')
            .map(|(_, v)| v.to_string())
            .unwrap_or_default()
    };
    let secrets = [
        password.to_string(),
        wrong.to_string(),
        token.clone(),
        session_values(&anon),
        session_values(&visitor),
        session_values(&admin_cookie),
        session_values(&user_cookie),
        admin_csrf.clone(),
        login_csrf.clone(),
        "Zygfryd-secret-query".to_string(),
        link_secret.clone(),
    ];
    // The setup link is printed once on purpose (how the admin gets it); no log line
    // repeats it.
    let after_start = log
        .split_once("Contacts web UI on")
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    for s in &secrets {
        assert!(!s.is_empty());
        assert!(
            !log.contains(s.as_str()),
            "a secret {s:?} is in the log:\n{log}"
        );
    }
    assert!(!after_start.contains(&setup_token), "{log}");

    let has = |parts: &[&str]| log.lines().any(|l| parts.iter().all(|p| l.contains(p)));
    assert!(
        has(&["request", "method=POST", "path=/setup/…", "status=303"]),
        "{log}"
    );
    assert!(
        has(&["failed sign-in", "user=\"anna\"", "addr=127.0.0.1"]),
        "{log}"
    );
    assert!(
        has(&["method=POST", "path=/login", "status=401", "user=-"]),
        "{log}"
    );
    assert!(
        has(&["sign-in throttled", "user=\"anna\"", "addr=127.0.0.1"]),
        "{log}"
    );
    assert!(
        has(&["admin action", "path=/settings/users/add", "admin=1"]),
        "{log}"
    );
    assert!(
        has(&[
            "method=GET",
            "path=/api/v1/contacts ",
            "status=200",
            "user=1"
        ]),
        "{log}"
    );
    assert!(has(&["storage error", "reminders"]), "{log}");
    assert!(
        has(&[
            "request failed on the server",
            "path=/api/v1/reminders",
            "status=500"
        ]),
        "{log}"
    );
}
