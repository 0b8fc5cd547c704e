//! Flood benchmark of `contacts serve` (issue 10, items 3 and 4): runs a real server on
//! 127.0.0.1 with a fresh database per case and prints its peak resident memory (VmHWM)
//! after each case.
//!
//! ```sh
//! cargo build -p contacts-cli && cargo run -p contacts-web --example bench_flood
//! CONTACTS_BIN=/path/to/contacts CLIENTS=120 SLOW=3000 HOLD=15 \
//!     cargo run -p contacts-web --example bench_flood [flood|slow|uploads|imports|mixed]
//! ```
//!
//! Cases (all by default):
//! - `flood`: `CLIENTS` anonymous clients at once, each POSTing a 26 MB body (half to
//!   `/api/v1/import`, half to `/contacts/import` as multipart, a few to `/login`).
//! - `slow`: `SLOW` connections that send half a request head and then nothing, held for
//!   `HOLD` seconds; prints how many the server still keeps open, its open descriptors,
//!   and how long a normal request takes meanwhile.
//! - `uploads`: `UPLOADERS` signed-in clients (API token) attaching 20 MB files at once.
//! - `imports`: `IMPORTERS` signed-in dry-run imports of `IMPORT_MB` MB vCard files at
//!   once, and one 2 MB CSV of empty rows (`EMPTY_CSV=0` leaves it out).
//! - `mixed`: all of them at once.
//!
//! Loopback only, every loop bounded.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const MB: usize = 1024 * 1024;

/// The sampled peaks of the current case: (RssAnon, RssFile) in MB.
static PEAK: std::sync::Mutex<(usize, usize)> = std::sync::Mutex::new((0, 0));

fn note_peak(p: (usize, usize)) {
    if let Ok(mut g) = PEAK.lock() {
        g.0 = g.0.max(p.0);
        g.1 = g.1.max(p.1);
    }
}

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Server {
    child: std::process::Child,
    addr: String,
    setup: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(bin: &str) -> Server {
        use std::io::BufRead;
        let dir = tempfile::tempdir().expect("temp dir");
        let mut child = std::process::Command::new(bin)
            .arg("--db")
            .arg(dir.path().join("bench.db"))
            .args(["serve", "--bind", "127.0.0.1:0"])
            .env("CONTACTS_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin}: {e}"));
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = std::io::BufReader::new(stderr).lines();
        let (mut addr, mut setup) = (String::new(), String::new());
        for line in lines.by_ref().take(20) {
            let line = line.unwrap_or_default();
            if let Some(url) = line.trim().strip_prefix("http://") {
                setup = url[url.find('/').unwrap_or(0)..].to_string();
            }
            if let Some(rest) = line.strip_prefix("Contacts web UI on http://") {
                addr = rest.trim_end_matches('/').to_string();
                break;
            }
        }
        assert!(!addr.is_empty(), "the server printed no address");
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines.by_ref() {});
        Server {
            child,
            addr,
            setup,
            _dir: dir,
        }
    }

    fn status(&self, key: &str) -> usize {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default()
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(0)
    }

    fn peak_mb(&self) -> usize {
        self.status("VmHWM:") / 1024
    }

    fn rss_mb(&self) -> usize {
        self.status("VmRSS:") / 1024
    }

    fn open_fds(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.child.id()))
            .map(|d| d.count())
            .unwrap_or(0)
    }
}

/// Sends `head` and then `body_len` bytes of `fill` (unless the server closes first), and
/// returns the response's status (0 when there was none) and the time it took.
async fn post(addr: &str, head: String, body_len: usize, fill: u8) -> (u16, Duration) {
    let start = Instant::now();
    let Ok(mut s) = TcpStream::connect(addr).await else {
        return (0, start.elapsed());
    };
    if s.write_all(head.as_bytes()).await.is_err() {
        return (0, start.elapsed());
    }
    let (mut r, mut w) = s.split();
    let chunk = vec![fill; 64 * 1024];
    let write = async {
        let mut sent = 0;
        while sent < body_len {
            let n = chunk.len().min(body_len - sent);
            if w.write_all(&chunk[..n]).await.is_err() {
                break;
            }
            sent += n;
        }
        // Then wait for the answer without sending more.
        std::future::pending::<()>().await;
    };
    let read = async {
        let mut buf = vec![0u8; 4096];
        let mut got = Vec::new();
        loop {
            match r.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    got.extend_from_slice(&buf[..n]);
                    if got.windows(4).any(|w| w == b"\r\n\r\n") || got.len() > 64 * 1024 {
                        break;
                    }
                }
            }
        }
        status_of(&got)
    };
    let status = tokio::select! {
        s = read => s,
        _ = write => 0,
        _ = tokio::time::sleep(Duration::from_secs(120)) => 0,
    };
    (status, start.elapsed())
}

fn status_of(raw: &[u8]) -> u16 {
    String::from_utf8_lossy(raw)
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// A small request with `Connection: close`: status and the whole response text.
async fn simple(addr: &str, req: String) -> (u16, String) {
    let Ok(mut s) = TcpStream::connect(addr).await else {
        return (0, String::new());
    };
    if s.write_all(req.as_bytes()).await.is_err() {
        return (0, String::new());
    }
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(60), s.read_to_end(&mut out)).await;
    let text = String::from_utf8_lossy(&out).into_owned();
    (status_of(&out), text)
}

fn between(text: &str, start: &str, end: &str) -> String {
    text.find(start)
        .map(|i| {
            let rest = &text[i + start.len()..];
            rest[..rest.find(end).unwrap_or(rest.len())].to_string()
        })
        .unwrap_or_default()
}

fn cookie_of(text: &str) -> String {
    between(text, "set-cookie: ", ";")
}

/// Makes the admin through the setup link and returns an API token.
async fn token(server: &Server) -> String {
    let addr = &server.addr;
    let get = |path: &str, cookie: &str| {
        format!(
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
        )
    };
    let postf = |path: &str, cookie: &str, body: &str| {
        format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let (_, page) = simple(addr, get(&server.setup, "")).await;
    let anon = cookie_of(&page);
    let csrf = between(&page, "name=\"_csrf\" value=\"", "\"");
    let body =
        format!("_csrf={csrf}&user=bench&password=bench-password-1&password2=bench-password-1");
    let (status, page) = simple(addr, postf(&server.setup, &anon, &body)).await;
    assert_eq!(status, 303, "set-up failed: {page}");
    let session = cookie_of(&page);
    let (_, page) = simple(addr, get("/settings", &session)).await;
    let csrf = between(&page, "name=\"_csrf\" value=\"", "\"");
    let (_, page) = simple(
        addr,
        postf(
            "/settings/token",
            &session,
            &format!("_csrf={csrf}&name=bench"),
        ),
    )
    .await;
    let token = between(&page, "id=\"api-token\">", "<");
    assert_eq!(token.len(), 64, "no token: {page}");
    token
}

async fn flood(addr: String, clients: usize) -> String {
    let size = 26 * MB;
    let mut tasks = Vec::new();
    for i in 0..clients {
        let addr = addr.clone();
        let head = match i % 5 {
            0 => format!("POST /login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {size}\r\n\r\n"),
            1 | 2 => format!("POST /api/v1/import HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/csv\r\nContent-Length: {size}\r\n\r\n"),
            _ => format!("POST /contacts/import HTTP/1.1\r\nHost: {addr}\r\nContent-Type: multipart/form-data; boundary=XbenchX\r\nContent-Length: {size}\r\n\r\n"),
        };
        tasks.push(tokio::spawn(
            async move { post(&addr, head, size, b'a').await },
        ));
    }
    summarize("flood", tasks).await
}

async fn uploads(addr: String, token: String, clients: usize) -> String {
    let size = 20 * MB;
    // One contact to attach to.
    let body = r#"{"book":"business","contact":{"kind":"organisation","org_name":"Bench"}}"#;
    let (_, text) = simple(
        &addr,
        format!("POST /api/v1/contacts HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()),
    )
    .await;
    let id = between(&text, "\"id\":", ",");
    let mut tasks = Vec::new();
    for i in 0..clients {
        let addr = addr.clone();
        let head = format!("POST /api/v1/contacts/{id}/attachments?name=f{i}.bin HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/octet-stream\r\nContent-Length: {size}\r\n\r\n");
        tasks.push(tokio::spawn(
            async move { post(&addr, head, size, b'z').await },
        ));
    }
    summarize("uploads", tasks).await
}

/// `clients` signed-in dry-run imports at once: vCard files of `mb` MB, and one CSV of
/// empty rows (2 MB), the import memory cases of issue 10 item 3.
async fn imports(addr: String, token: String, clients: usize, mb: usize) -> String {
    let mut vcf = String::new();
    let mut i = 0;
    while vcf.len() < mb * MB {
        vcf.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Kowalski{i};Jan;;;\r\nFN:Jan Kowalski{i}\r\nEMAIL:jan{i}@example.pl\r\nTEL:+48 601 {:03} {:03}\r\nEND:VCARD\r\n",
            i % 1000,
            (i / 1000) % 1000
        ));
        i += 1;
    }
    let csv = format!("First Name,Last Name\r\n{}", ",\r\n".repeat(2 * MB / 3));
    let mut tasks = Vec::new();
    let with_csv = env_num("EMPTY_CSV", 1) > 0;
    for n in 0..clients + usize::from(with_csv) {
        let addr = addr.clone();
        let (body, ct) = if n == clients {
            (csv.clone(), "text/csv")
        } else {
            (vcf.clone(), "text/vcard")
        };
        let head = format!(
            "POST /api/v1/import?book=business&dry_run=true HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        tasks.push(tokio::spawn(async move {
            let start = Instant::now();
            let Ok(mut s) = TcpStream::connect(&addr).await else {
                return (0, start.elapsed());
            };
            let _ = s.write_all(head.as_bytes()).await;
            let _ = s.write_all(body.as_bytes()).await;
            let mut got = Vec::new();
            let mut buf = vec![0u8; 4096];
            let read = async {
                while let Ok(n) = s.read(&mut buf).await {
                    if n == 0 {
                        break;
                    }
                    got.extend_from_slice(&buf[..n]);
                    if got.windows(4).any(|w| w == b"\r\n\r\n") {
                        break;
                    }
                }
            };
            let _ = tokio::time::timeout(Duration::from_secs(600), read).await;
            (status_of(&got), start.elapsed())
        }));
    }
    let csv_note = if with_csv {
        ", 1 × 2 MB CSV of empty rows"
    } else {
        ""
    };
    summarize(
        &format!("imports ({clients} × {mb} MB vCard{csv_note})"),
        tasks,
    )
    .await
}

async fn summarize(name: &str, tasks: Vec<tokio::task::JoinHandle<(u16, Duration)>>) -> String {
    let mut by_status = std::collections::BTreeMap::<u16, (usize, Duration)>::new();
    for t in tasks {
        if let Ok((status, took)) = t.await {
            let e = by_status.entry(status).or_default();
            e.0 += 1;
            e.1 = e.1.max(took);
        }
    }
    let parts: Vec<String> = by_status
        .iter()
        .map(|(s, (n, t))| format!("{n}×{s} (slowest {:.1} s)", t.as_secs_f64()))
        .collect();
    format!("{name}: {}", parts.join(", "))
}

async fn slow(
    server_addr: String,
    clients: usize,
    hold: Duration,
    fds: impl Fn() -> usize,
) -> String {
    let mut conns = Vec::new();
    for _ in 0..clients {
        if let Ok(Ok(mut s)) =
            tokio::time::timeout(Duration::from_secs(2), TcpStream::connect(&server_addr)).await
        {
            let _ = s
                .write_all(
                    format!("GET /login HTTP/1.1\r\nHost: {server_addr}\r\nX-Slow: ").as_bytes(),
                )
                .await;
            conns.push(s);
        }
    }
    let opened = conns.len();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let fds_early = fds();
    let t = Instant::now();
    let (status, _) = tokio::time::timeout(
        Duration::from_secs(60),
        simple(
            &server_addr,
            format!("GET /login HTTP/1.1\r\nHost: {server_addr}\r\nConnection: close\r\n\r\n"),
        ),
    )
    .await
    .unwrap_or((0, String::new()));
    let normal = t.elapsed();
    tokio::time::sleep(hold.saturating_sub(Duration::from_secs(1))).await;
    let fds_late = fds();
    // Which connections has the server closed? A closed one reads EOF (or an error) at once.
    let mut still_open = 0;
    for s in &mut conns {
        let mut b = [0u8; 256];
        match tokio::time::timeout(Duration::from_millis(2), s.read(&mut b)).await {
            Err(_) => still_open += 1,
            Ok(Ok(n)) if n > 0 => {}
            Ok(_) => {}
        }
    }
    format!(
        "slow: {opened} half-sent requests opened; server descriptors after 1 s: {fds_early}, \
         after {} s: {fds_late}; still open then: {still_open}; a normal GET /login meanwhile: \
         {status} in {:.2} s",
        hold.as_secs(),
        normal.as_secs_f64()
    )
}

#[tokio::main]
async fn main() {
    let bin = std::env::var("CONTACTS_BIN").unwrap_or_else(|_| "target/debug/contacts".into());
    let clients = env_num("CLIENTS", 120);
    let slow_n = env_num("SLOW", 3000);
    let hold = Duration::from_secs(env_num("HOLD", 15) as u64);
    let uploaders = env_num("UPLOADERS", 12);
    let importers = env_num("IMPORTERS", 4);
    let import_mb = env_num("IMPORT_MB", 5);
    let cases: Vec<String> = std::env::args().skip(1).collect();
    let all = ["flood", "slow", "uploads", "imports", "mixed"];
    let cases: Vec<&str> = if cases.is_empty() {
        all.to_vec()
    } else {
        all.iter()
            .copied()
            .filter(|c| cases.iter().any(|a| a == c))
            .collect()
    };
    println!("server: {bin}");
    for case in cases {
        let server = Server::start(&bin);
        let addr = server.addr.clone();
        let start = Instant::now();
        let pid = server.child.id();
        let fds = move || {
            std::fs::read_dir(format!("/proc/{pid}/fd"))
                .map(|d| d.count())
                .unwrap_or(0)
        };
        // Samples the anonymous part of the resident set (the heap: what requests hold)
        // apart from file pages (SQLite's memory map of the database), every 50 ms.
        let sampler = {
            let status = format!("/proc/{pid}/status");
            tokio::spawn(async move {
                let mut peak = (0usize, 0usize);
                loop {
                    let text = std::fs::read_to_string(&status).unwrap_or_default();
                    let kb = |key: &str| {
                        text.lines()
                            .find(|l| l.starts_with(key))
                            .and_then(|l| l.split_whitespace().nth(1))
                            .and_then(|v| v.parse::<usize>().ok())
                            .unwrap_or(0)
                    };
                    peak.0 = peak.0.max(kb("RssAnon:") / 1024);
                    peak.1 = peak.1.max(kb("RssFile:") / 1024);
                    note_peak(peak);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            })
        };
        let line = match case {
            "flood" => flood(addr, clients).await,
            "slow" => slow(addr, slow_n, hold, fds).await,
            "uploads" => {
                let token = token(&server).await;
                uploads(addr, token, uploaders).await
            }
            "imports" => {
                let token = token(&server).await;
                imports(addr, token, importers, import_mb).await
            }
            _ => {
                let token = token(&server).await;
                let (a, b, c, d) = tokio::join!(
                    flood(addr.clone(), clients),
                    slow(addr.clone(), slow_n, hold, fds),
                    uploads(addr.clone(), token.clone(), uploaders),
                    imports(addr.clone(), token, importers, import_mb)
                );
                format!("{a}\n  {b}\n  {c}\n  {d}")
            }
        };
        sampler.abort();
        let (anon, file) = PEAK.lock().map(|p| *p).unwrap_or_default();
        println!(
            "[{case}] {line}\n  took {:.1} s; server peak RSS (VmHWM) {} MB (sampled peaks: heap \
             RssAnon {anon} MB, file pages RssFile {file} MB), RSS now {} MB, open descriptors now {}",
            start.elapsed().as_secs_f64(),
            server.peak_mb(),
            server.rss_mb(),
            server.open_fds()
        );
        if let Ok(mut p) = PEAK.lock() {
            *p = (0, 0);
        }
    }
}
