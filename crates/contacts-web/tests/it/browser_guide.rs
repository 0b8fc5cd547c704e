//! The pictures of the user guide (`docs/PODRECZNIK.md`, issue 14 item 9) are the pages of
//! today: this test opens each page the guide shows, in Polish, in Chromium, and checks it
//! is a Polish page that answered. `CONTACTS_UPDATE_GUIDE=1` writes the screenshots into
//! `docs/img/`; without it they go to `target/screenshots/guide-*.png` only. Either way the
//! guide must show exactly these pictures, each present in `docs/img/` as a PNG.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::Datelike;
use contacts_core::case::{CaseData, CaseItem};
use contacts_core::memory::MemoryStore;
use contacts_core::model::{ContactData, Email, Language, Phone};
use contacts_core::money::Amount;
use contacts_core::password::NewPassword;
use contacts_core::service::{BookKind, Service};
use contacts_web::AppState;
use fantoccini::Locator;

use crate::browser::{
    browser_with, click, fill, programs_or_skip, serve_in_background, shot, start_driver,
    wait_text, PASSWORD,
};

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs")
}

/// The pictures the guide shows: `img/NAME.png` in `![…](img/NAME.png)`.
fn pictures_in_guide() -> BTreeSet<String> {
    let guide = ok(std::fs::read_to_string(docs().join("PODRECZNIK.md")));
    guide
        .split("](img/")
        .skip(1)
        .filter_map(|rest| rest.split_once(".png)").map(|(name, _)| name.to_string()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_guide_shows_todays_pages_in_polish() {
    let Some(programs) = programs_or_skip("the_guide_shows_todays_pages_in_polish") else {
        return;
    };
    let svc = Service::new(MemoryStore::default());
    let anna = ok(svc.local_actor("anna"));
    ok(svc.local_actor("bartek"));
    ok(svc.set_password_locally(
        "anna",
        &ok(NewPassword::new(PASSWORD).map_err(|e| format!("{e:?}"))),
    ));
    // The installation's and anna's language: the login page follows the browser's.
    ok(svc.set_installation_language(&anna, Language::Polish));
    ok(svc.set_language(&anna, Some(Language::Polish)));
    let today = ok(svc.today());
    let mut org = ContactData::organisation("Stolarnia Łąkowski i Synowie");
    org.emails = vec![ok(Email::new("work", "biuro@lakowski.example.pl"))];
    let org = ok(svc.create(&anna, BookKind::Business, org));
    let mut person = ContactData::person("Łucja", "Gęślarz");
    person.org_id = Some(org.id);
    person.job_title = "Kierowniczka zakupów".into();
    person.phones = vec![ok(Phone::new("mobile", "601 234 567"))];
    person.emails = vec![ok(Email::new("work", "lucja@lakowski.example.pl"))];
    let soon = today + chrono::Days::new(3);
    person.birthday = format!("1985-{:02}-{:02}", soon.month(), soon.day())
        .parse()
        .ok();
    let person = ok(svc.create(&anna, BookKind::Business, person));
    for (given, family) in [("Bartosz", "Bąk"), ("Lucyna", "Baran"), ("Łukasz", "Żak")] {
        ok(svc.create(
            &anna,
            BookKind::Business,
            ContactData::person(given, family),
        ));
    }
    ok(svc.create(
        &anna,
        BookKind::Private,
        ContactData::person("Zofia", "Prywatna"),
    ));
    ok(svc.remind(
        &anna,
        person.id,
        svc.now() + chrono::Duration::hours(2),
        "Zadzwonić w sprawie oferty na biurka",
        None,
    ));
    ok(svc.add_history(
        &anna,
        org.id,
        "telefon",
        "Klient prosi o ofertę na 12 biurek dębowych",
        None,
        Vec::new(),
    ));
    let mut data = CaseData::new("Dostawa biurek dębowych", org.id, anna.id(), today);
    for (article, qty, price) in [("Biurko dębowe", "12", "1249,99"), ("Montaż", "1", "600")] {
        data.items.push(CaseItem::new(
            article,
            ok(Amount::parse("q", qty)),
            ok(Amount::parse("p", price)),
        ));
    }
    let case = ok(svc.create_case(&anna, data));

    let pages: Vec<(&str, String)> = vec![
        ("strona-glowna", "/".into()),
        ("kontakty-firmowe", "/contacts?book=business".into()),
        ("karta-kontaktu", format!("/contacts/{}", person.id)),
        (
            "wyszukiwanie",
            "/contacts?book=business&q=%C5%82%C4%85k".into(),
        ),
        ("nowy-kontakt", "/contacts/new?book=business".into()),
        ("terminy", "/upcoming".into()),
        ("przypomnienia", "/reminders".into()),
        ("sprawa", format!("/cases/{}", case.id)),
        ("import", "/contacts/import".into()),
        ("wysylka", "/mailing/new?book=business".into()),
        ("uzytkownicy", "/settings/users".into()),
    ];

    let state = ok(AppState::new(svc));
    let base = serve_in_background(&state).await;
    let profiles = ok(tempfile::tempdir());
    let driver = start_driver(&programs).await;
    let c = browser_with(
        &driver,
        &programs.chromium,
        &profiles.path().join("guide"),
        "pl-PL",
        (1100, 760),
    )
    .await;
    let update = std::env::var_os("CONTACTS_UPDATE_GUIDE").is_some_and(|v| v == "1");
    let save = |name: String, png: Vec<u8>| {
        if update {
            let dir = docs().join("img");
            ok(std::fs::create_dir_all(&dir));
            ok(std::fs::write(dir.join(format!("{name}.png")), png));
        }
    };

    let mut shown = BTreeSet::new();
    ok(c.goto(&format!("{base}/login")).await);
    wait_text(&c, "h1", |t| !t.is_empty()).await;
    shot(&c, "guide-logowanie").await;
    save("logowanie".into(), ok(c.screenshot().await));
    shown.insert("logowanie".to_string());
    fill(&c, "input[name=user]", "anna").await;
    fill(&c, "input[name=password]", PASSWORD).await;
    click(&c, "button[type=submit]").await;
    wait_text(&c, "h1", |t| t.starts_with("Na dziś")).await;

    let mut wrong = Vec::new();
    for (name, path) in &pages {
        ok(c.goto(&format!("{base}{path}")).await);
        let heading = wait_text(&c, "h1", |t| !t.is_empty()).await;
        let lang = ok(c
            .execute("return document.documentElement.lang;", vec![])
            .await);
        if lang != "pl" || heading.starts_with("404") || heading.starts_with("500") {
            wrong.push(format!("{path}: lang {lang}, heading {heading}"));
        }
        let body = ok(ok(c.find(Locator::Css("main")).await).text().await);
        shot(&c, &format!("guide-{name}")).await;
        save((*name).to_string(), ok(c.screenshot().await));
        shown.insert((*name).to_string());
        // A picture of an empty page teaches nothing.
        let expected = match *name {
            "kontakty-firmowe" | "wyszukiwanie" => "Łąkowski",
            // The book's label words are said in Polish.
            "karta-kontaktu" => "Telefon (komórka)",
            "terminy" => "Gęślarz",
            "przypomnienia" => "Zadzwonić w sprawie oferty",
            "sprawa" => "Biurko dębowe",
            // Polish dates on the home page.
            "strona-glowna" => "Na dziś",
            _ => "",
        };
        if !body.contains(expected) {
            wrong.push(format!("{path} does not show {expected}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");

    let in_guide = pictures_in_guide();
    assert_eq!(
        in_guide, shown,
        "the guide must show exactly the pictures this test takes"
    );
    for name in &in_guide {
        let png = ok(std::fs::read(
            docs().join("img").join(format!("{name}.png")),
        ));
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 5_000,
            "docs/img/{name}.png is not a screenshot (run this test with CONTACTS_UPDATE_GUIDE=1)"
        );
    }
}
