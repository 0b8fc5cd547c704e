//! The real pages in headless Chromium, driven through chromedriver (fantoccini).
//!
//! The test starts chromedriver on a free port and the server on 127.0.0.1 with an
//! in-memory store, creates the admin through the setup link, adds a contact with a
//! Polish name, finds it by typing "lukasz", edits it, uploads a photo, shows that a
//! second browser session sees a business-book change, and imports a vCard with a Polish
//! name through the import page. Screenshots of the main pages go to
//! `target/screenshots/`. Without chromium or chromedriver it fails: CI installs them
//! (`.ci/run`).

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use contacts_core::memory::MemoryStore;
use contacts_core::service::Service;
use contacts_web::AppState;
use fantoccini::{Client, ClientBuilder, Locator};

const PASSWORD: &str = "haslo-admina-1";

/// chromedriver, killed when the test ends however it ends.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port: {e}"))
}

async fn start_driver() -> Driver {
    let exe = find_program(&["chromedriver"]).unwrap_or_else(|| {
        panic!("chromedriver is not installed: apt-get install -y chromium chromium-driver")
    });
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
async fn browser(driver: &Driver, profile: &Path) -> Client {
    let chromium = find_program(&["chromium", "chromium-browser"])
        .unwrap_or_else(|| panic!("chromium is not installed: apt-get install -y chromium"));
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--lang=en-GB",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .unwrap_or_else(|e| panic!("cannot start a browser session: {e}"))
}

fn screenshots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

async fn shot(c: &Client, name: &str) {
    let png = c
        .screenshot()
        .await
        .unwrap_or_else(|e| panic!("screenshot {name}: {e}"));
    let path = screenshots_dir().join(format!("{name}.png"));
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

async fn fill(c: &Client, css: &str, text: &str) {
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

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

async fn text_of(c: &Client, css: &str) -> String {
    match c.find(Locator::Css(css)).await {
        Ok(el) => el.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Waits until the text of `css` satisfies `ok`; returns it.
async fn wait_text(c: &Client, css: &str, ok: impl Fn(&str) -> bool) -> String {
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

async fn path_of(c: &Client) -> String {
    c.current_url()
        .await
        .map(|u| u.path().to_string())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_works_in_the_browser() {
    let driver = start_driver().await;

    // The server, on a temp (in-memory) store, with one extra business contact.
    let service = Service::new(MemoryStore::default());
    let state = AppState::new(service).unwrap_or_else(|e| panic!("{e}"));
    let setup = state.setup_path().unwrap_or_default();
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

    let profiles = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let anna = browser(&driver, &profiles.path().join("anna")).await;

    // Nothing but the login page without signing in.
    anna.goto(&format!("{base}/contacts"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(path_of(&anna).await, "/login");
    shot(&anna, "login").await;

    // The setup link creates the admin and signs her in.
    anna.goto(&format!("{base}{setup}"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    fill(&anna, "input[name=user]", "anna").await;
    fill(&anna, "input[name=password]", PASSWORD).await;
    fill(&anna, "input[name=password2]", PASSWORD).await;
    click(&anna, "button[type=submit]").await;
    wait_text(&anna, "h1", |t| t == "Business book").await;

    // A second user, made by the admin on the users page.
    anna.goto(&format!("{base}/settings/users"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    fill(
        &anna,
        "form[action='/settings/users/add'] input[name=name]",
        "bob",
    )
    .await;
    fill(
        &anna,
        "form[action='/settings/users/add'] input[name=password]",
        PASSWORD,
    )
    .await;
    fill(
        &anna,
        "form[action='/settings/users/add'] input[name=password2]",
        PASSWORD,
    )
    .await;
    click(
        &anna,
        "form[action='/settings/users/add'] button[type=submit]",
    )
    .await;
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
    std::fs::write(&photo, include_bytes!("fixtures/photo.png")).unwrap_or_else(|e| panic!("{e}"));
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
    let bob = browser(&driver, &profiles.path().join("bob")).await;
    bob.goto(&format!("{base}/login"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    fill(&bob, "input[name=user]", "bob").await;
    fill(&bob, "input[name=password]", PASSWORD).await;
    click(&bob, "button[type=submit]").await;
    wait_text(&bob, "h1", |t| t == "Business book").await;
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
