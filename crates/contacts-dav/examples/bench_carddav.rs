//! CardDAV beside a peer: the same 10,000-card book in this server (real SQLite file, on
//! loopback) and in Radicale (PyPI, on loopback), measured in one run:
//!
//! 1. a first full sync by `vdirsyncer` against each (wall time of `vdirsyncer sync`);
//! 2. a refresh after 10 changes: `sync-collection` with the last token plus an
//!    `addressbook-multiget` of what it names (only those 10 cards must travel);
//! 3. `PROPFIND` depth 1 on the whole book (median of 5, the body read to the end).
//!
//! Needs `vdirsyncer` and `radicale` on PATH (`pip install vdirsyncer radicale`).
//!
//! ```text
//! cargo run --release -p contacts-dav --example bench_carddav [-- CARDS]
//! ```

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{Request, StatusCode};
use base64::Engine as _;
use contacts_core::model::{ContactData, Email, Phone};
use contacts_core::service::{BookKind, ExportSelection, Service};
use contacts_core::vcard::{self, VcardVersion};
use contacts_store::SqliteStore;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

type Http = Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>;

const TOKEN: &str = "benchbenchbenchbenchbenchbenchbenchbenchbenchbenchbenchbenchbench";

fn fail(msg: impl std::fmt::Display) -> ! {
    eprintln!("bench_carddav: {msg}");
    std::process::exit(1)
}

fn person(i: usize) -> ContactData {
    const GIVEN: [&str; 8] = [
        "Anna",
        "Łukasz",
        "Zofia",
        "Piotr",
        "Małgorzata",
        "Jan",
        "Ewa",
        "Grzegorz",
    ];
    const FAMILY: [&str; 8] = [
        "Nowak",
        "Kowalski",
        "Wiśniewska",
        "Wójcik",
        "Kamińska",
        "Lewandowski",
        "Zieliński",
        "Szymańska",
    ];
    let mut d = ContactData::person(GIVEN[i % 8], &format!("{}-{i}", FAMILY[i / 8 % 8]));
    d.org_name = format!("Firma {}", i % 97);
    d.job_title = "Specjalista".into();
    d.notes = format!("Kontakt numer {i} do testu synchronizacji.");
    if let Ok(e) = Email::new("work", &format!("osoba{i}@example.com")) {
        d.emails.push(e);
    }
    if let Ok(p) = Phone::new("cell", &format!("+48 6{:08}", i)) {
        d.phones.push(p);
    }
    d
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| fail(e))
}

fn wait_for(port: u16) {
    let until = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > until {
            fail(format!("nothing listens on port {port}"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn basic(user: &str, pass: &str) -> String {
    let raw = format!("{user}:{pass}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

async fn send(
    http: &Http,
    method: &str,
    url: &str,
    auth: &str,
    depth: &str,
    body: String,
) -> (StatusCode, Bytes) {
    let req = Request::builder()
        .method(method)
        .uri(url)
        .header("authorization", auth)
        .header("depth", depth)
        .header("content-type", "application/xml; charset=utf-8")
        .body(Full::new(Bytes::from(body)))
        .unwrap_or_else(|e| fail(e));
    let resp = http.request(req).await.unwrap_or_else(|e| fail(e));
    let status = resp.status();
    let bytes = resp
        .into_body()
        .collect()
        .await
        .unwrap_or_else(|e| fail(e))
        .to_bytes();
    (status, bytes)
}

fn all_of(body: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    body.split(&open)
        .skip(1)
        .filter_map(|p| p.split(&close).next().map(str::to_string))
        .collect()
}

/// A vdirsyncer pair syncing `url` (one address book) into a fresh folder.
fn vdirsyncer_config(dir: &Path, name: &str, url: &str, user: &str, pass: &str) -> PathBuf {
    let base = dir.join(name);
    let local = base.join("local");
    std::fs::create_dir_all(&local).unwrap_or_else(|e| fail(e));
    let config = base.join("config");
    let text = format!(
        "[general]\nstatus_path = \"{}\"\n\n[pair p]\na = \"l\"\nb = \"r\"\ncollections = null\n\n\
         [storage l]\ntype = \"filesystem\"\npath = \"{}\"\nfileext = \".vcf\"\n\n\
         [storage r]\ntype = \"carddav\"\nurl = \"{url}\"\nusername = \"{user}\"\npassword = \"{pass}\"\n",
        base.join("status").display(),
        local.display()
    );
    std::fs::write(&config, text).unwrap_or_else(|e| fail(e));
    config
}

fn vdirsyncer(config: &Path, args: &[&str]) -> Duration {
    let start = Instant::now();
    let out = Command::new("vdirsyncer")
        .arg("-c")
        .arg(config)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| fail(format!("vdirsyncer: {e}")));
    let took = start.elapsed();
    if !out.status.success() {
        fail(format!(
            "vdirsyncer {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    took
}

fn count_files(dir: &Path) -> usize {
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

struct Radicale(Child);

impl Drop for Radicale {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn propfind_body() -> String {
    "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:prop><d:getetag/><d:getcontenttype/></d:prop></d:propfind>".to_string()
}

fn sync_body(token: &str) -> String {
    format!(
        "<d:sync-collection xmlns:d=\"DAV:\"><d:sync-token>{token}</d:sync-token>\
         <d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"
    )
}

/// The peak resident set size of this process (VmHWM), in KB.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let cards: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap_or_else(|e| fail(e));
    let store = SqliteStore::open(&dir.path().join("contacts.db")).unwrap_or_else(|e| fail(e));
    let service = Service::new(store);
    let anna = service.local_actor("anna").unwrap_or_else(|e| fail(e));
    service
        .create_api_token(&anna, "bench", TOKEN)
        .unwrap_or_else(|e| fail(e));
    let started = Instant::now();
    service
        .create_each(&anna, BookKind::Business, (0..cards).map(person), |_, _| {})
        .unwrap_or_else(|e| fail(e));
    service.after_bulk_load(cards).unwrap_or_else(|e| fail(e));
    eprintln!("loaded {cards} contacts in {}", ms(started.elapsed()));

    // The same cards, as this server writes them, into Radicale's folder.
    let rad_root = dir.path().join("radicale");
    let rad_book = rad_root.join("collection-root").join("anna").join("book");
    std::fs::create_dir_all(&rad_book).unwrap_or_else(|e| fail(e));
    std::fs::write(
        rad_book.join(".Radicale.props"),
        "{\"tag\": \"VADDRESSBOOK\", \"D:displayname\": \"book\"}",
    )
    .unwrap_or_else(|e| fail(e));
    let exported = service
        .export_cards(&anna, &ExportSelection::Book(BookKind::Business))
        .unwrap_or_else(|e| fail(e));
    for (i, mut card) in exported.into_iter().enumerate() {
        card.uid = Some(format!("bench-{i}"));
        let mut text = String::new();
        vcard::write_card(&mut text, &card, VcardVersion::V3);
        std::fs::write(rad_book.join(format!("bench-{i}.vcf")), text).unwrap_or_else(|e| fail(e));
    }

    let state = contacts_web::AppState::new(service).unwrap_or_else(|e| fail(e));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| fail(e));
    let port = listener
        .local_addr()
        .map(|a| a.port())
        .unwrap_or_else(|e| fail(e));
    tokio::spawn(contacts_web::serve_on(state.clone(), listener));
    wait_for(port);

    let rport = free_port();
    let _radicale = Radicale(
        Command::new("radicale")
            .args([
                "--server-hosts",
                &format!("127.0.0.1:{rport}"),
                "--auth-type",
                "none",
                "--rights-type",
                "owner_only",
                "--storage-filesystem-folder",
                &rad_root.display().to_string(),
                "--logging-level",
                "warning",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| fail(format!("radicale: {e}"))),
    );
    wait_for(rport);

    let ours = format!("http://127.0.0.1:{port}/dav/books/{}/business/", anna.id());
    let theirs = format!("http://127.0.0.1:{rport}/anna/book/");

    // Memory of a whole-book PROPFIND (the server runs in this process): the peak resident
    // size before and after one, on a process that has done nothing bigger yet.
    {
        let http: Http = Client::builder(TokioExecutor::new()).build_http();
        let before = peak_rss_kb();
        let (_, body) = send(
            &http,
            "PROPFIND",
            &ours,
            &basic("anna", TOKEN),
            "1",
            propfind_body(),
        )
        .await;
        let after = peak_rss_kb();
        println!(
            "PROPFIND depth 1 memory: peak RSS {} MB before, {} MB after a {} KB response",
            before / 1024,
            after / 1024,
            body.len() / 1024
        );
    }

    // 1. First full sync by vdirsyncer.
    let mut first = Vec::new();
    for (name, url) in [("ours", &ours), ("radicale", &theirs)] {
        let config = vdirsyncer_config(dir.path(), name, url, "anna", TOKEN);
        vdirsyncer(&config, &["discover"]);
        let took = tokio::task::spawn_blocking(move || vdirsyncer(&config, &["sync"]))
            .await
            .unwrap_or_else(|e| fail(e));
        let n = count_files(&dir.path().join(name).join("local"));
        if n != cards {
            fail(format!("{name}: vdirsyncer synced {n} cards, not {cards}"));
        }
        first.push(took);
        println!("first vdirsyncer sync, {name}: {} ({n} cards)", ms(took));
    }
    println!(
        "first sync speed-up over Radicale: {:.1}x (target >= 5x)",
        first[1].as_secs_f64() / first[0].as_secs_f64()
    );

    // 3. PROPFIND depth 1 (before the changes, so both books are the same).
    let http: Http = Client::builder(TokioExecutor::new()).build_http();
    let auth = basic("anna", TOKEN);
    for (name, url) in [("ours", &ours), ("radicale", &theirs)] {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..5 {
            let start = Instant::now();
            let (status, body) = send(&http, "PROPFIND", url, &auth, "1", propfind_body()).await;
            times.push(start.elapsed());
            if status != StatusCode::MULTI_STATUS {
                fail(format!("{name} PROPFIND: {status}"));
            }
            size = body.len();
        }
        println!(
            "PROPFIND depth 1 on {cards} cards, {name}: median {} of 5 ({} KB){}",
            ms(median(times)),
            size / 1024,
            if name == "ours" {
                " (target <= 150 ms)"
            } else {
                ""
            }
        );
    }

    // The server's share of a first sync: the two requests vdirsyncer makes (PROPFIND
    // depth 1, then one addressbook-multiget of every card), timed from this client.
    let mut served = Vec::new();
    for (name, url) in [("ours", &ours), ("radicale", &theirs)] {
        let start = Instant::now();
        let (_, list) = send(&http, "PROPFIND", url, &auth, "1", propfind_body()).await;
        let list = String::from_utf8_lossy(&list).into_owned();
        let hrefs: Vec<String> = all_of(&list, "d:href")
            .into_iter()
            .chain(all_of(&list, "href"))
            .filter(|h| h.ends_with(".vcf"))
            .collect();
        let multiget = format!(
            "<card:addressbook-multiget xmlns:d=\"DAV:\" xmlns:card=\"urn:ietf:params:xml:ns:carddav\">\
             <d:prop><d:getetag/><card:address-data/></d:prop>{}</card:addressbook-multiget>",
            hrefs.iter().map(|h| format!("<d:href>{h}</d:href>")).collect::<String>()
        );
        let (status, body) = send(&http, "REPORT", url, &auth, "1", multiget).await;
        let took = start.elapsed();
        let got = String::from_utf8_lossy(&body)
            .matches("BEGIN:VCARD")
            .count();
        if got != cards {
            fail(format!(
                "{name}: multiget gave {got} cards ({status}), not {cards}"
            ));
        }
        served.push(took);
        println!(
            "server share of a first sync (PROPFIND + multiget of {got}), {name}: {}",
            ms(took)
        );
    }
    println!(
        "server share speed-up over Radicale: {:.1}x",
        served[1].as_secs_f64() / served[0].as_secs_f64()
    );
    // vdirsyncer's own part of the run with us is at least our run less our server's share;
    // no server, however fast, can make the client's run shorter than that.
    let client_floor = first[0].saturating_sub(served[0]);
    println!(
        "vdirsyncer's own work in the run with us: at least {}; the most any server could reach is {:.1}x faster than Radicale",
        ms(client_floor),
        first[1].as_secs_f64() / client_floor.as_secs_f64().max(1e-9)
    );

    // 2. Refresh after 10 changes with sync-collection.
    let (_, body) = send(&http, "REPORT", &ours, &auth, "1", sync_body("")).await;
    let token = all_of(&String::from_utf8_lossy(&body), "d:sync-token")
        .pop()
        .unwrap_or_else(|| fail("no sync token"));
    let ids: Vec<_> = state
        .service()
        .sync_entries(
            &anna,
            BookKind::Business,
            contacts_core::ids::ContactId(0),
            cards,
        )
        .unwrap_or_else(|e| fail(e))
        .into_iter()
        .step_by((cards / 10).max(1))
        .take(10)
        .map(|e| e.id)
        .collect();
    for id in &ids {
        state
            .service()
            .modify(&anna, *id, |d| {
                d.notes.push_str(" Zmienione.");
                Ok(())
            })
            .unwrap_or_else(|e| fail(e));
    }
    let mut times = Vec::new();
    let mut travelled = (0, 0);
    for _ in 0..5 {
        let start = Instant::now();
        let (_, body) = send(&http, "REPORT", &ours, &auth, "1", sync_body(&token)).await;
        let text = String::from_utf8_lossy(&body).into_owned();
        let hrefs = all_of(&text, "d:href");
        let multiget = format!(
            "<card:addressbook-multiget xmlns:d=\"DAV:\" xmlns:card=\"urn:ietf:params:xml:ns:carddav\">\
             <d:prop><d:getetag/><card:address-data/></d:prop>{}</card:addressbook-multiget>",
            hrefs.iter().map(|h| format!("<d:href>{h}</d:href>")).collect::<String>()
        );
        let (_, cards_body) = send(&http, "REPORT", &ours, &auth, "1", multiget).await;
        times.push(start.elapsed());
        let got = String::from_utf8_lossy(&cards_body)
            .matches("BEGIN:VCARD")
            .count();
        travelled = (hrefs.len(), got);
    }
    if travelled != (10, 10) {
        fail(format!(
            "the refresh sent {travelled:?} (hrefs, cards), not 10"
        ));
    }
    println!(
        "refresh after 10 changes (sync-collection + multiget of the 10): median {} of 5, {} hrefs, {} cards (target <= 50 ms)",
        ms(median(times)),
        travelled.0,
        travelled.1
    );
}
