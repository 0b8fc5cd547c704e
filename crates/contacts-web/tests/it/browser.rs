//! The real pages in headless Chromium, driven through chromedriver (fantoccini).
//!
//! The test starts chromedriver on a free port and the server on 127.0.0.1 with an
//! in-memory store, creates the admin through the setup link, adds a contact with a
//! Polish name, finds it by typing "lukasz", edits it, uploads a photo, shows that a
//! second browser session sees a business-book change, and imports a vCard with a Polish
//! name through the import page. Screenshots of the main pages go to
//! `target/screenshots/`. Without chromium or chromedriver the test prints why it is
//! skipped and passes, unless `CONTACTS_REQUIRE_BROWSER=1` (set by `.ci/run`, which
//! installs them): then a missing browser is a failure.

use std::io::Write as _;
use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use contacts_core::memory::MemoryStore;
use contacts_core::service::Service;
use contacts_web::AppState;
use fantoccini::{Client, ClientBuilder, Locator};

pub(crate) const PASSWORD: &str = "haslo-admina-1";

/// chromedriver, killed when the test ends however it ends.
pub(crate) struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

pub(crate) fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port: {e}"))
}

/// Chromium and chromedriver, found on `PATH`.
#[derive(Debug)]
pub(crate) struct Programs {
    pub(crate) chromium: PathBuf,
    pub(crate) chromedriver: PathBuf,
}

/// The browser's programs; `None` (after saying why) when they are missing and the
/// environment does not demand them.
pub(crate) fn programs_or_skip(test: &str) -> Option<Programs> {
    let chromium = find_program(&["chromium", "chromium-browser"]);
    let chromedriver = find_program(&["chromedriver"]);
    if let (Some(chromium), Some(chromedriver)) = (chromium.clone(), chromedriver.clone()) {
        return Some(Programs {
            chromium,
            chromedriver,
        });
    }
    let missing: Vec<&str> = [("chromium", chromium), ("chromedriver", chromedriver)]
        .into_iter()
        .filter(|(_, p)| p.is_none())
        .map(|(n, _)| n)
        .collect();
    let reason = format!(
        "{} not found on PATH (apt-get install -y chromium chromium-driver)",
        missing.join(" and ")
    );
    if std::env::var("CONTACTS_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
        panic!("{test}: {reason}; CONTACTS_REQUIRE_BROWSER=1 makes this a failure");
    }
    // Straight to stderr, not through `eprintln!`, which the test harness would swallow
    // for a passing test.
    let _ = writeln!(
        std::io::stderr(),
        "skipped {test}: {reason} (CONTACTS_REQUIRE_BROWSER=1 makes this a failure)"
    );
    None
}

/// Serves `state` on a free loopback port in the background; the server's base address.
pub(crate) async fn serve_in_background<S: contacts_core::store::Store + 'static>(
    state: &AppState<S>,
) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind: {e}"));
    let base = format!(
        "http://{}",
        listener
            .local_addr()
            .unwrap_or_else(|e| panic!("addr: {e}"))
    );
    let server_state = state.clone();
    tokio::spawn(async move { contacts_web::serve_on(server_state, listener).await });
    base
}

/// Creates the admin `user` (password [`PASSWORD`]) through the setup link in `c`'s
/// browser, which signs in; the caller waits for the page it expects.
pub(crate) async fn set_up_admin(c: &Client, base: &str, setup: &str, user: &str) {
    c.goto(&format!("{base}{setup}"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    fill(c, "input[name=user]", user).await;
    fill(c, "input[name=password]", PASSWORD).await;
    fill(c, "input[name=password2]", PASSWORD).await;
    click(c, "button[type=submit]").await;
}

pub(crate) async fn start_driver(programs: &Programs) -> Driver {
    let exe = &programs.chromedriver;
    let port = free_port();
    let child = Command::new(exe)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start chromedriver: {e}"));
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    driver
}

/// A new browser with its own fresh profile.
pub(crate) async fn browser(driver: &Driver, chromium: &Path, profile: &Path) -> Client {
    browser_with(driver, chromium, profile, "en-GB", (1280, 900)).await
}

/// A new browser with its own fresh profile, a UI language and a window size.
pub(crate) async fn browser_with(
    driver: &Driver,
    chromium: &Path,
    profile: &Path,
    lang: &str,
    (width, height): (u32, u32),
) -> Client {
    let mut caps = serde_json::Map::new();
    let mut options = serde_json::json!({
        "binary": chromium,
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync",
            format!("--window-size={},{height}", width.max(500)), format!("--lang={lang}"),
            format!("--user-data-dir={}", profile.display()),
        ],
    });
    // A window is never narrower than 500 px, so a phone is emulated: its screen's width
    // is the page's viewport.
    if width < 500 {
        options["mobileEmulation"] = serde_json::json!({
            "deviceMetrics": { "width": width, "height": height, "pixelRatio": 2.0, "touch": true },
        });
    }
    caps.insert("goog:chromeOptions".into(), options);
    // chromedriver accepts connections a little before it answers them, and a loaded
    // machine (two browser tests at once) widens that gap: retry for a while.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&driver.url)
            .await
        {
            Ok(client) => return client,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(e) => panic!("cannot start a browser session: {e}"),
        }
    }
}

/// A new browser whose viewport is `width` × `height` (a phone below 500 px).
async fn browser_sized(
    driver: &Driver,
    chromium: &Path,
    profile: &Path,
    width: u32,
    height: u32,
) -> Client {
    browser_with(driver, chromium, profile, "en-GB", (width, height)).await
}

fn screenshots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

pub(crate) async fn shot(c: &Client, name: &str) {
    let png = c
        .screenshot()
        .await
        .unwrap_or_else(|e| panic!("screenshot {name}: {e}"));
    let path = screenshots_dir().join(format!("{name}.png"));
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

pub(crate) async fn fill(c: &Client, css: &str, text: &str) {
    let el = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"));
    el.clear()
        .await
        .unwrap_or_else(|e| panic!("clear {css}: {e}"));
    el.send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

pub(crate) async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

pub(crate) async fn text_of(c: &Client, css: &str) -> String {
    match c.find(Locator::Css(css)).await {
        Ok(el) => el.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Waits until the text of `css` satisfies `ok`; returns it.
pub(crate) async fn wait_text(c: &Client, css: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let t = text_of(c, css).await;
        if ok(&t) {
            return t;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting on {css}; last text: {t:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub(crate) async fn path_of(c: &Client) -> String {
    c.current_url()
        .await
        .map(|u| u.path().to_string())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_works_in_the_browser() {
    let Some(programs) = programs_or_skip("a_team_works_in_the_browser") else {
        return;
    };
    let driver = start_driver(&programs).await;

    // The server, on a temp (in-memory) store, with one extra business contact.
    let service = Service::new(MemoryStore::default());
    let state = AppState::new(service).unwrap_or_else(|e| panic!("{e}"));
    let setup = state.setup_path().unwrap_or_default();
    let base = serve_in_background(&state).await;

    let profiles = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let anna = browser(&driver, &programs.chromium, &profiles.path().join("anna")).await;

    // Nothing but the login page without signing in.
    anna.goto(&format!("{base}/contacts"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(path_of(&anna).await, "/login");
    shot(&anna, "login").await;

    // The setup link creates the admin and signs her in.
    set_up_admin(&anna, &base, &setup, "anna").await;
    wait_text(&anna, "h1", |t| t.starts_with("Today")).await;

    // A second user, made by the admin on the users page: the admin gets a one-time link
    // for bob, never a password.
    anna.goto(&format!("{base}/settings/users"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    fill(
        &anna,
        "form[action='/settings/users/add'] input[name=name]",
        "bob",
    )
    .await;
    click(
        &anna,
        "form[action='/settings/users/add'] button[type=submit]",
    )
    .await;
    wait_text(&anna, "#password-link", |t| t.contains("bob")).await;
    let bob_link = anna
        .find(Locator::Css("#password-link-url"))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .prop("value")
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_default();
    assert!(
        bob_link.starts_with(&format!("{base}/password/")),
        "{bob_link}"
    );
    shot(&anna, "settings-user-link").await;
    anna.goto(&format!("{base}/settings/users"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    wait_text(&anna, "table.list", |t| t.contains("bob")).await;
    shot(&anna, "settings-users").await;

    // Another contact, so that the search has something to leave out.
    anna.goto(&format!("{base}/contacts/new?book=business"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    fill(&anna, "input[name=given]", "Anna").await;
    fill(&anna, "input[name=family]", "Nowak").await;
    click(&anna, "#save").await;
    wait_text(&anna, "#contact-name", |t| t == "Anna Nowak").await;

    // A contact with a Polish name.
    anna.goto(&format!("{base}/contacts/new?book=business"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    fill(&anna, "input[name=given]", "Łukasz").await;
    fill(&anna, "input[name=family]", "Żółkiewski").await;
    fill(&anna, "input[name=email_address]", "lukasz@hetman.pl").await;
    fill(&anna, "input[name=phone_number]", "601 234 567").await;
    fill(&anna, "input[name=adr_street]", "ul. Długa 5").await;
    fill(&anna, "input[name=adr_postal]", "00-238").await;
    fill(&anna, "input[name=adr_locality]", "Warszawa").await;
    shot(&anna, "contact-new").await;
    click(&anna, "#save").await;
    wait_text(&anna, "#contact-name", |t| t == "Łukasz Żółkiewski").await;
    let contact_path = path_of(&anna).await;

    // Search as you type: "lukasz" finds "Łukasz" and leaves Anna out.
    anna.goto(&format!("{base}/contacts?book=business"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    wait_text(&anna, "#rows", |t| t.contains("Anna Nowak")).await;
    shot(&anna, "list-business").await;
    anna.find(Locator::Css("#q"))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .send_keys("lukasz")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let rows = wait_text(&anna, "#rows", |t| !t.contains("Anna Nowak")).await;
    assert!(rows.contains("Łukasz Żółkiewski"), "{rows}");
    shot(&anna, "search").await;
    click(&anna, "#rows a").await;
    wait_text(&anna, "#contact-name", |t| t == "Łukasz Żółkiewski").await;
    assert_eq!(path_of(&anna).await, contact_path);

    // Edit it.
    anna.goto(&format!("{base}{contact_path}/edit"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    fill(&anna, "input[name=job_title]", "Hetman wielki koronny").await;
    shot(&anna, "contact-edit").await;
    click(&anna, "#save").await;
    wait_text(&anna, ".contact-head", |t| {
        t.contains("Hetman wielki koronny")
    })
    .await;

    // Upload a photo.
    let photo = profiles.path().join("photo.png");
    std::fs::write(&photo, include_bytes!("../fixtures/photo.png"))
        .unwrap_or_else(|e| panic!("{e}"));
    anna.find(Locator::Css("#photo-file"))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .send_keys(&photo.display().to_string())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    click(&anna, "form[action$='/photo'] button[type=submit]").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while anna.find(Locator::Css("img.photo")).await.is_err() {
        assert!(Instant::now() < deadline, "the photo did not appear");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let loaded = anna
        .execute(
            "return document.querySelector('img.photo').naturalWidth;",
            vec![],
        )
        .await
        .unwrap_or_default();
    assert!(
        loaded.as_u64().unwrap_or(0) > 0,
        "the photo is served and decodes"
    );
    shot(&anna, "contact-view").await;

    // A second session (bob, another browser profile) sees the business book live.
    // Bob opens his link, sets his password, and is told who made his account.
    let bob = browser(&driver, &programs.chromium, &profiles.path().join("bob")).await;
    bob.goto(&bob_link).await.unwrap_or_else(|e| panic!("{e}"));
    wait_text(&bob, "#link-user", |t| t == "bob").await;
    fill(&bob, "input[name=password]", PASSWORD).await;
    fill(&bob, "input[name=password2]", PASSWORD).await;
    click(&bob, "button[type=submit]").await;
    wait_text(&bob, "#account-notices", |t| t.contains("anna")).await;
    shot(&bob, "account-notices").await;
    click(&bob, "form[action='/account/notices'] button[type=submit]").await;
    wait_text(&bob, "h1", |t| t.starts_with("Today")).await;
    bob.goto(&format!("{base}{contact_path}"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    wait_text(&bob, ".contact-head", |t| {
        t.contains("Hetman wielki koronny")
    })
    .await;

    anna.goto(&format!("{base}{contact_path}/edit"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    fill(&anna, "input[name=job_title]", "Kanclerz").await;
    click(&anna, "#save").await;
    wait_text(&anna, ".contact-head", |t| t.contains("Kanclerz")).await;

    bob.refresh().await.unwrap_or_else(|e| panic!("{e}"));
    wait_text(&bob, ".contact-head", |t| t.contains("Kanclerz")).await;
    shot(&bob, "second-session").await;

    // From the contact, in one step: a reminder and a history entry; then the day plan.
    anna.goto(&format!("{base}{contact_path}"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let reminders = format!("form[action='{contact_path}/reminders']");
    fill(
        &anna,
        &format!("{reminders} input[name=text]"),
        "Zadzwonić do hetmana",
    )
    .await;
    click(&anna, &format!("{reminders} button[type=submit]")).await;
    wait_text(&anna, "#reminders", |t| t.contains("Zadzwonić do hetmana")).await;
    let history = format!("form[action='{contact_path}/history']");
    fill(&anna, &format!("{history} input[name=kind]"), "Telefon").await;
    fill(
        &anna,
        &format!("{history} input[name=text]"),
        "Rozmowa o Cecorze",
    )
    .await;
    click(&anna, &format!("{history} button[type=submit]")).await;
    wait_text(&anna, "#history", |t| t.contains("Rozmowa o Cecorze")).await;
    shot(&anna, "contact-dates").await;
    anna.goto(&format!("{base}/agenda?days=7"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    wait_text(&anna, "main", |t| t.contains("Zadzwonić do hetmana")).await;
    shot(&anna, "day-plan").await;
    anna.goto(&format!("{base}/upcoming?days=7"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    shot(&anna, "upcoming").await;
    anna.goto(&format!("{base}/reminders"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    wait_text(&anna, "main", |t| t.contains("Zadzwonić do hetmana")).await;
    shot(&anna, "reminders").await;
    anna.goto(&format!("{base}/cases"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    shot(&anna, "cases").await;
    anna.goto(&format!("{base}/reports"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    shot(&anna, "reports").await;

    // Import a vCard with a Polish name into the private book through the import page.
    anna.goto(&format!("{base}/contacts?book=private"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    click(&anna, "#import-link").await;
    wait_text(&anna, "h1", |t| t == "Import contacts").await;
    let vcf = profiles.path().join("wizytówki.vcf");
    std::fs::write(
        &vcf,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zofia Żółtowska\r\nN:Żółtowska;Zofia;;;\r\n\
         EMAIL:zofia@example.pl\r\nEND:VCARD\r\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    anna.find(Locator::Css("#import-file"))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .send_keys(&vcf.display().to_string())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    shot(&anna, "import-form").await;
    click(&anna, "#import-submit").await;
    wait_text(&anna, "#imported", |t| t == "1").await;
    shot(&anna, "import-summary").await;

    // The remaining main pages, for the record.
    anna.goto(&format!("{base}/contacts?book=private"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    wait_text(&anna, "h1", |t| t == "Private book").await;
    wait_text(&anna, "#rows", |t| t.contains("Zofia Żółtowska")).await;
    shot(&anna, "list-private").await;
    anna.goto(&format!("{base}/settings"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    shot(&anna, "settings").await;

    let _ = bob.close().await;
    let _ = anna.close().await;
}

/// One HTTP/1.1 request with a bearer token (blocking, on a blocking thread); the status
/// and the body.
async fn http(
    base: &str,
    token: &str,
    method: &str,
    path: &str,
    ct: &str,
    body: &[u8],
) -> (u16, String) {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://").to_string();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    req.extend_from_slice(body);
    let text = tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(&addr).unwrap_or_else(|e| panic!("connect: {e}"));
        s.write_all(&req).unwrap_or_else(|e| panic!("write: {e}"));
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|x| x.1)
        .unwrap_or("")
        .to_string();
    (status, body)
}

/// The attack a security review made work: a colleague imports a vCard whose "photos" are
/// a script and a page that loads it (the card claims `text/javascript` and `text/html`),
/// or attaches such files; the victim opens the page; the script reads the victim's private
/// book through the API and copies it into the business book. Now a photo must be an
/// image (detected from its bytes), a stored file is a download that never renders in the
/// site's origin, and pages let only the project's own script run, so the same steps copy
/// nothing. The payload itself is shown to work when run as page script, so the test can
/// fail.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stored_bytes_cannot_steal_a_private_book() {
    use base64::Engine as _;
    use contacts_core::model::ContactData;
    use contacts_core::service::BookKind;

    let Some(programs) = programs_or_skip("stored_bytes_cannot_steal_a_private_book") else {
        return;
    };
    let driver = start_driver(&programs).await;
    let service = Service::new(MemoryStore::default());
    let state = AppState::new(service).unwrap_or_else(|e| panic!("{e}"));
    let setup = state.setup_path().unwrap_or_default();
    let base = serve_in_background(&state).await;
    let profiles = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let anna = browser(&driver, &programs.chromium, &profiles.path().join("victim")).await;
    set_up_admin(&anna, &base, &setup, "anna").await;
    wait_text(&anna, "h1", |t| t.starts_with("Today")).await;

    let svc = state.service();
    let victim = svc.actor_by_name("anna").unwrap_or_else(|e| panic!("{e}"));
    svc.create(
        &victim,
        BookKind::Private,
        ContactData::person("Zenon", "Tajny"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let attacker = svc.local_actor("mallory").unwrap_or_else(|e| panic!("{e}"));
    let token = "mallory-token-0123456789abcdef0123456789abcdef";
    svc.create_api_token(&attacker, "import", token)
        .unwrap_or_else(|e| panic!("{e}"));
    // The payload: read the private book, copy every contact into the business book.
    let payload = "fetch('/contacts?book=private').then(r => r.text()).then(html => {\n\
         const csrf = html.match(/name=\"_csrf\" value=\"([^\"]+)\"/)[1];\n\
         return fetch('/api/v1/contacts?book=private').then(r => r.json()).then(p =>\n\
           Promise.all(p.items.map(c => fetch('/api/v1/contacts/' + c.id + '/copy',\n\
             {method: 'POST', headers: {'x-csrf-token': csrf}}))));\n\
         }).then(() => { document.title = 'STOLEN'; });";
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let import = |card: String| {
        let base = base.clone();
        async move {
            let (status, body) = http(
                &base,
                token,
                "POST",
                "/api/v1/import?book=business&format=vcf",
                "text/vcard",
                card.as_bytes(),
            )
            .await;
            assert_eq!(status, 200, "{body}");
            assert!(body.contains("\"imported\":1"), "{body}");
        }
    };
    let id_of = |name: &str| {
        svc.search(&attacker, name, Some(BookKind::Business), 1)
            .unwrap_or_else(|e| panic!("{e}"))
            .first()
            .map(|c| c.id)
            .unwrap_or_else(|| panic!("{name} was not imported"))
    };
    // 1. Through vCard photos, as the review did it.
    import(format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Skrypt;Jan;;;\r\nFN:Jan Skrypt\r\n\
         PHOTO;ENCODING=b;TYPE=text/javascript:{}\r\nEND:VCARD\r\n",
        b64(payload.as_bytes())
    ))
    .await;
    let script = id_of("Skrypt");
    let page = format!(
        "<!DOCTYPE html><html><head><title>Oferta</title>\
         <script src=\"/contacts/{script}/photo\"></script></head><body>Oferta</body></html>"
    );
    import(format!(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nN:Strona;Ewa;;;\r\nFN:Ewa Strona\r\n\
         PHOTO:data:text/html;base64,{}\r\nEND:VCARD\r\n",
        b64(page.as_bytes())
    ))
    .await;
    let page_id = id_of("Strona");
    // 2. Through attachments.
    let bait = svc
        .create(
            &attacker,
            BookKind::Business,
            ContactData::person("Oferta", "Specjalna"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let js = svc
        .attach(
            &attacker,
            bait.id,
            "oferta.js",
            "text/javascript",
            payload.as_bytes().to_vec(),
            "",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let html = svc
        .attach(
            &attacker,
            bait.id,
            "oferta.html",
            "text/html",
            page.replace(
                &format!("/contacts/{script}/photo"),
                &format!("/attachments/{}", js.id),
            )
            .into_bytes(),
            "",
        )
        .unwrap_or_else(|e| panic!("{e}"));

    let stolen = || {
        svc.search(&victim, "Tajny", Some(BookKind::Business), 10)
            .unwrap_or_else(|e| panic!("{e}"))
            .len()
    };
    // The victim opens each planted page and script.
    for path in [
        format!("/contacts/{page_id}/photo"),
        format!("/contacts/{script}/photo"),
        format!("/attachments/{}", html.id),
        format!("/attachments/{}", js.id),
    ] {
        let _ = anna.goto(&format!("{base}{path}")).await;
        tokio::time::sleep(Duration::from_millis(1000)).await;
        assert_ne!(anna.title().await.unwrap_or_default(), "STOLEN", "{path}");
    }
    // A page of the site that loads the planted scripts (as an injected tag would).
    anna.goto(&format!("{base}/contacts/{}", bait.id))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    for src in [
        format!("/contacts/{script}/photo"),
        format!("/attachments/{}", js.id),
    ] {
        let _ = anna
            .execute(
                &format!(
                    "const s = document.createElement('script'); s.src = '{src}';\
                     document.head.appendChild(s); return 1;"
                ),
                vec![],
            )
            .await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_ne!(anna.title().await.unwrap_or_default(), "STOLEN");
    assert_eq!(
        stolen(),
        0,
        "the private contact was copied to the business book"
    );

    // The same payload, run as page script, does steal: the defence is what stopped it.
    let _ = anna.execute(payload, vec![]).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while stolen() == 0 {
        assert!(
            Instant::now() < deadline,
            "the payload did not work even as page script"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = anna.close().await;
}

/// Signs `user` in through the login form.
async fn sign_in(c: &Client, base: &str, user: &str) {
    c.goto(&format!("{base}/login"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    fill(c, "input[name=user]", user).await;
    fill(c, "input[name=password]", PASSWORD).await;
    click(c, "button[type=submit]").await;
    wait_text(c, "h1", |t| t.starts_with("Today")).await;
}

/// How wide the page is and how wide the window: `(scrollWidth, innerWidth)`.
async fn widths(c: &Client) -> (u64, u64) {
    let v = c
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("widths: {e}"));
    let n = |i: usize| v.get(i).and_then(|x| x.as_u64()).unwrap_or(u64::MAX);
    (n(0), n(1))
}

/// Every page of the signed-in UI, filled with data, at 375 px (a phone) and 1280 px:
/// a screenshot of each (`target/screenshots/w375-*.png`, `w1280-*.png`) and no page
/// wider than its window. On the phone the menu is behind a button and lists are cards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_fits_a_phone_and_a_desktop() {
    use contacts_core::case::CaseData;
    use contacts_core::model::{Address, ContactData, Email, Phone};
    use contacts_core::password::NewPassword;
    use contacts_core::service::BookKind;

    let Some(programs) = programs_or_skip("every_page_fits_a_phone_and_a_desktop") else {
        return;
    };
    let driver = start_driver(&programs).await;
    let service = Service::new(MemoryStore::default());
    let svc_anna = service
        .local_actor("anna")
        .unwrap_or_else(|e| panic!("{e}"));
    let pw = NewPassword::new(PASSWORD).unwrap_or_else(|e| panic!("{e:?}"));
    service
        .set_password_locally("anna", &pw)
        .unwrap_or_else(|e| panic!("{e}"));
    let svc = &service;
    let a = &svc_anna;
    // Data with long words, so that the pages have something to overflow with.
    let mut org = ContactData::organisation(
        "Przedsiębiorstwo Handlowo-Usługowe Łąkowski i Synowie Spółka Komandytowo-Akcyjna",
    );
    org.emails = vec![Email::new(
        "work",
        "biuro.handlowe.zamowienia@przedsiebiorstwo-lakowski-i-synowie.com.pl",
    )
    .unwrap_or_else(|e| panic!("{e}"))];
    org.addresses = vec![Address {
        label: "siedziba".into(),
        street: "ul. Generała Władysława Andersa-Pierwszego 123/456".into(),
        locality: "Konstantynów Łódzki".into(),
        postal_code: "95-050".into(),
        country: "Polska".into(),
        ..Address::default()
    }];
    org.notes = "Uwaga: dostawy tylko we wtorki; https://przyklad.example.com/bardzo/dluga/sciezka/do/zamowien/2026".into();
    let org = svc
        .create(a, BookKind::Business, org)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut person = ContactData::person("Łukasz", "Żółkiewski-Brzęczyszczykiewicz");
    person.org_id = Some(org.id);
    person.phones = vec![Phone::new("mobile", "601 234 567").unwrap_or_else(|e| panic!("{e}"))];
    person.birthday = "1985-10-18".parse().ok();
    let person = svc
        .create(a, BookKind::Business, person)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut private = ContactData::person("Zofia", "Prywatna");
    private.notes = "Prywatna notatka".into();
    let private = svc
        .create(a, BookKind::Private, private)
        .unwrap_or_else(|e| panic!("{e}"));
    svc.attach(
        a,
        org.id,
        "umowa-ramowa-na-dostawy-2026-podpisana-skan.pdf",
        "application/pdf",
        b"%PDF".to_vec(),
        "",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    svc.attach(
        a,
        private.id,
        "zdjecie.txt",
        "text/plain",
        b"x".to_vec(),
        "",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let due = svc.now() - chrono::Duration::hours(1);
    svc.remind(
        a,
        person.id,
        due,
        "Zadzwonić w sprawie oferty na rok 2027",
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    svc.add_history(
        a,
        org.id,
        "telefon",
        "Rozmowa o warunkach dostaw",
        None,
        vec![],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let today = svc.today().unwrap_or_else(|e| panic!("{e}"));
    let mut case = CaseData::new("Dostawa regałów magazynowych", org.id, a.id(), today);
    case.deadline = today.checked_add_days(chrono::Days::new(3));
    let case = svc.create_case(a, case).unwrap_or_else(|e| panic!("{e}"));
    let amount = |v: &str| {
        contacts_core::money::Amount::parse("amount", v).unwrap_or_else(|e| panic!("{e}"))
    };
    svc.add_case_item(
        a,
        case.id,
        contacts_core::case::CaseItem::new(
            "Regał magazynowy ocynkowany",
            amount("12"),
            amount("1249.99"),
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let note = svc
        .add_detail(
            a,
            case.id,
            None,
            contacts_core::service::DetailInput::Note {
                kind: "telefon".into(),
                text: "Klient prosi o montaż w sobotę".into(),
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
    svc.remind_on_case(a, case.id, due, "Potwierdzić termin montażu", None)
        .unwrap_or_else(|e| panic!("{e}"));
    svc.add_case_kind(a, "Proces klienta")
        .unwrap_or_else(|e| panic!("{e}"));
    let gone = svc
        .create(
            a,
            BookKind::Business,
            ContactData::person("Adam", "Usunięty"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    svc.delete(a, gone.id).unwrap_or_else(|e| panic!("{e}"));

    let state = AppState::new(service).unwrap_or_else(|e| panic!("{e}"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind: {e}"));
    let base = format!(
        "http://{}",
        listener
            .local_addr()
            .unwrap_or_else(|e| panic!("addr: {e}"))
    );
    tokio::spawn(async move { contacts_web::serve_on(state, listener).await });

    let pages: Vec<(String, String)> = [
        ("home", "/".to_string()),
        ("list-business", "/contacts?book=business".into()),
        ("list-private", "/contacts?book=private".into()),
        ("contact-new", "/contacts/new?book=business".into()),
        ("contact-org", format!("/contacts/{}", org.id)),
        ("contact-person", format!("/contacts/{}", person.id)),
        ("contact-edit", format!("/contacts/{}/edit", org.id)),
        ("contact-delete", format!("/contacts/{}/delete", person.id)),
        ("contact-copy", format!("/contacts/{}/copy", private.id)),
        ("saved-message", format!("/contacts/{}?done=saved", org.id)),
        ("import", "/contacts/import?book=private".into()),
        ("agenda", "/agenda?days=7".into()),
        ("upcoming", "/upcoming?days=30".into()),
        ("namedays", "/namedays".into()),
        ("reminders", "/reminders".into()),
        ("cases", "/cases".into()),
        ("case-new", "/cases/new".into()),
        ("case", format!("/cases/{}", case.id)),
        ("case-edit", format!("/cases/{}/edit", case.id)),
        ("case-item", format!("/cases/{}/items/1", case.id)),
        ("case-entry", format!("/case-details/{}", note.id)),
        ("settings-case-kinds", "/settings/case-kinds".into()),
        ("reports", "/reports".into()),
        ("trash", "/trash".into()),
        ("mailing", "/mailing".into()),
        ("mailing-new", "/mailing/new?book=business".into()),
        ("mailing-settings", "/mailing/settings".into()),
        ("settings", "/settings".into()),
        ("settings-categories", "/settings/categories".into()),
        ("settings-groups", "/settings/lists/groups".into()),
        ("settings-statuses", "/settings/lists/statuses".into()),
        ("settings-fields", "/settings/fields".into()),
        ("settings-users", "/settings/users".into()),
    ]
    .into_iter()
    .map(|(n, p)| (n.to_string(), p))
    .collect();

    let profiles = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut too_wide = Vec::new();
    for (width, height) in [(375u32, 812u32), (1280, 900)] {
        let c = browser_sized(
            &driver,
            &programs.chromium,
            &profiles.path().join(format!("w{width}")),
            width,
            height,
        )
        .await;
        // The login page, before signing in.
        c.goto(&format!("{base}/login"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let (page, window) = widths(&c).await;
        assert!(window <= u64::from(width), "window {window} for {width}");
        if page > window {
            too_wide.push(format!("{width}: /login is {page} px wide in {window}"));
        }
        shot(&c, &format!("w{width}-login")).await;
        sign_in(&c, &base, "anna").await;
        for (name, path) in &pages {
            c.goto(&format!("{base}{path}"))
                .await
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            let status = c
                .find(Locator::Css("h1"))
                .await
                .unwrap_or_else(|e| panic!("{path} has no heading: {e}"))
                .text()
                .await
                .unwrap_or_default();
            assert!(
                !status.starts_with("404") && !status.starts_with("500"),
                "{path}: {status}"
            );
            let (page, window) = widths(&c).await;
            if page > window {
                too_wide.push(format!("{width}: {path} is {page} px wide in {window}"));
            }
            shot(&c, &format!("w{width}-{name}")).await;
        }
        if width == 375 {
            // The menu is behind its button, and opens with it.
            c.goto(&format!("{base}/contacts?book=business"))
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let shown = |c: &Client| {
                let c = c.clone();
                async move {
                    c.execute(
                        "return getComputedStyle(document.getElementById('menu')).display !== 'none';",
                        vec![],
                    )
                    .await
                    .ok()
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false)
                }
            };
            assert!(!shown(&c).await, "the menu is collapsed on a phone");
            click(&c, "#menu-toggle").await;
            assert!(shown(&c).await, "the menu button opens the menu");
            shot(&c, "w375-menu-open").await;
            // Lists are cards: no header row, each cell labelled by its column.
            let cards = c
                .execute(
                    "const t = document.querySelector('table.list');\
                     const td = t.querySelector('tbody td[data-label]');\
                     return [getComputedStyle(t.querySelector('thead')).display,\
                             td ? td.dataset.label : ''];",
                    vec![],
                )
                .await
                .unwrap_or_default();
            assert_eq!(cards[0], "none", "{cards}");
            assert!(cards[1].as_str().is_some_and(|s| !s.is_empty()), "{cards}");
        } else {
            c.goto(&format!("{base}/contacts?book=business"))
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let toggle = c
                .execute(
                    "return getComputedStyle(document.getElementById('menu-toggle')).display;",
                    vec![],
                )
                .await
                .unwrap_or_default();
            assert_eq!(toggle, "none", "no menu button on a desktop");
        }
        let _ = c.close().await;
    }
    assert!(
        too_wide.is_empty(),
        "pages wider than the window:\n{}",
        too_wide.join("\n")
    );
}
