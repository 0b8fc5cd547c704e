//! HTTP tests of the dates and cases pages through `app(state).oneshot(request)`: every
//! route renders for a signed-in user, needs a session and a CSRF token, hides other
//! users' private contacts, and the iCalendar feed parses and holds only what its user
//! may see.

use crate::common;

use axum::http::StatusCode;
use common::{multipart, Client, Harness};

/// Page routes, with `{id}` for a business person, `{org}` for an organisation, `{case}`
/// for a case and `{file}` for a case file.
const GETS: &[&str] = &[
    "/agenda",
    "/agenda?date=2026-01-01&days=30",
    "/upcoming?days=7",
    "/upcoming?days=30&kind=namedays",
    "/namedays?name=Łukasz",
    "/namedays?name=lukasz",
    "/namedays?date=12-24",
    "/namedays",
    "/reminders",
    "/reminders?due=all&mine=1",
    "/calendar.ics",
    "/cases",
    "/cases?status=closed",
    "/cases?status=all",
    "/cases/new",
    "/cases/new?counterparty={org}",
    "/cases/{case}",
    "/cases/{case}/edit",
    "/cases/{case}/items/1",
    "/case-details/{file}",
    "/cases/{case}/items/1/remove",
    "/case-details/{file}/remove",
    "/settings/case-kinds",
    "/case-files/{file}",
    "/history-files/{hfile}",
    "/reports",
    "/reports?from=2020-01-01&to=2030-12-31",
    "/contacts/{id}",
    "/contacts/{org}",
];

/// Every new POST route.
const POSTS: &[&str] = &[
    "/reminders/{rem}/take",
    "/reminders/{rem}/done",
    "/contacts/{id}/reminders",
    "/contacts/{id}/history",
    "/contacts/{id}/nameday",
    "/cases",
    "/cases/{case}/items",
    "/cases/{case}/items/1/remove",
    "/cases/{case}/notes",
    "/cases/{case}/documents",
    "/cases/{case}/files",
    "/cases/{case}/close",
    "/cases/{case}/reopen",
    "/cases/{case}",
    "/case-details/{file}/remove",
    "/cases/{case}/items/1",
    "/case-details/{file}",
    "/settings/case-kinds/add",
    "/cases/{case}/reminders",
];

#[derive(Debug, Clone, Copy)]
struct Ids {
    id: i64,
    org: i64,
    case: i64,
    file: i64,
    hfile: i64,
    rem: i64,
}

fn fill(p: &str, ids: Ids) -> String {
    p.replace("{id}", &ids.id.to_string())
        .replace("{org}", &ids.org.to_string())
        .replace("{case}", &ids.case.to_string())
        .replace("{file}", &ids.file.to_string())
        .replace("{rem}", &ids.rem.to_string())
        .replace("{hfile}", &ids.hfile.to_string())
}

/// The first number after `prefix` in `html`.
fn number_after(html: &str, prefix: &str) -> i64 {
    let at = html
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix} in {html}"));
    html[at + prefix.len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or_else(|_| panic!("no number after {prefix}"))
}

fn today(h: &Harness) -> chrono::NaiveDate {
    h.state
        .service()
        .today()
        .unwrap_or_else(|e| panic!("today: {e}"))
}

async fn organisation(h: &Harness, c: &Client, name: &str) -> i64 {
    let r = h
        .post(
            c,
            "/contacts",
            &[
                ("book", "business"),
                ("kind", "organisation"),
                ("org_name", name),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    number_after(&r.location(), "/contacts/")
}

async fn set_reminder(h: &Harness, c: &Client, contact: i64, text: &str) -> i64 {
    let at = format!("{}T09:30", today(h));
    let path = format!("/contacts/{contact}/reminders");
    let r = h.post(c, &path, &[("at", &at), ("text", text)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = h.get(c, &format!("/contacts/{contact}")).await;
    assert!(page.text().contains(text), "{}", page.text());
    number_after(&page.text(), "/reminders/")
}

/// A business organisation with a case (items, note, document, file), a business person
/// with a birthday in two days, a reminder and a history entry, all made through the
/// pages by `c`.
async fn world(h: &Harness, c: &Client) -> Ids {
    let org = organisation(h, c, "Kowalski Sp. z o.o.").await;
    let soon = today(h) + chrono::Days::new(2);
    let birthday = format!("1980-{}", soon.format("%m-%d"));
    let id = h
        .create(
            c,
            "business",
            &[
                ("given", "Łukasz"),
                ("family", "Nowak"),
                ("birthday", &birthday),
            ],
        )
        .await;
    let rem = set_reminder(h, c, id, "Zadzwonić w sprawie oferty").await;
    let r = h
        .post_multipart(
            c,
            &format!("/contacts/{id}/history"),
            multipart(
                &[
                    ("_csrf", &c.csrf),
                    ("kind", "Telefon"),
                    ("text", "Rozmowa o cenach"),
                ],
                Some(("file", "notatka.txt", "text/plain", b"ceny")),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let deadline = today(h).to_string();
    let r = h
        .post(
            c,
            "/cases",
            &[
                ("title", "Dostawa biurek"),
                ("counterparty", &org.to_string()),
                ("deadline", &deadline),
                ("priority", "high"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let case = number_after(&r.location(), "/cases/");
    for (path, pairs) in [
        (
            "items",
            vec![
                ("article", "Biurko"),
                ("quantity", "3"),
                ("unit_price", "1200,50"),
                ("currency", "PLN"),
            ],
        ),
        (
            "notes",
            vec![("kind", "spotkanie"), ("text", "Uzgodniono rabat")],
        ),
        (
            "documents",
            vec![
                ("kind", "oferta"),
                ("symbol", "OF 7/2026"),
                ("content", "Oferta"),
            ],
        ),
    ] {
        let r = h.post(c, &format!("/cases/{case}/{path}"), &pairs).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.text());
    }
    let r = h
        .post_multipart(
            c,
            &format!("/cases/{case}/files"),
            multipart(
                &[("_csrf", &c.csrf), ("note", "rysunek")],
                Some(("file", "rysunek.txt", "text/plain", b"plan biura")),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = h.get(c, &format!("/cases/{case}")).await;
    let file = number_after(&page.text(), "/case-files/");
    let person = h.get(c, &format!("/contacts/{id}")).await;
    let hfile = number_after(&person.text(), "/history-files/");
    Ids {
        id,
        org,
        case,
        file,
        hfile,
        rem,
    }
}

#[tokio::test]
async fn every_new_page_renders_for_a_signed_in_user() {
    let (h, anna, bob) = Harness::two_users().await;
    let ids = world(&h, &anna).await;
    for who in [&anna, &bob] {
        for p in GETS {
            let path = fill(p, ids);
            let r = h.get(who, &path).await;
            assert_eq!(r.status, StatusCode::OK, "GET {path}: {}", r.text());
        }
    }
    let case = h.get(&anna, &format!("/cases/{}", ids.case)).await.text();
    for want in [
        "Dostawa biurek",
        "Kowalski Sp. z o.o.",
        "Biurko",
        "3601.50",
        "Uzgodniono rabat",
        "OF 7/2026",
        "rysunek.txt",
    ] {
        assert!(case.contains(want), "case page lacks {want}: {case}");
    }
    let person = h.get(&anna, &format!("/contacts/{}", ids.id)).await.text();
    for want in [
        "Rozmowa o cenach",
        "Telefon",
        "notatka.txt",
        "Zadzwonić",
        "nameday-effective",
    ] {
        assert!(person.contains(want), "contact page lacks {want}");
    }
    let agenda = h.get(&anna, "/agenda?days=7").await.text();
    for want in [
        "Zadzwonić w sprawie oferty",
        "Łukasz Nowak",
        "Dostawa biurek",
    ] {
        assert!(agenda.contains(want), "day plan lacks {want}: {agenda}");
    }
    let upcoming = h.get(&anna, "/upcoming?days=7").await.text();
    assert!(upcoming.contains("Łukasz Nowak"), "{upcoming}");
    let lookup = h.get(&anna, "/namedays?name=lukasz").await.text();
    assert!(lookup.contains("/namedays?date="), "{lookup}");
    let reports = h.get(&anna, "/reports").await.text();
    assert!(reports.contains("3601.50"), "{reports}");
    let org = h.get(&anna, &format!("/contacts/{}", ids.org)).await.text();
    assert!(
        org.contains("Dostawa biurek")
            && org.contains(&format!("/cases/new?counterparty={}", ids.org))
    );
    let hfile = h.get(&anna, &format!("/history-files/{}", ids.hfile)).await;
    assert_eq!(hfile.text(), "ceny");
    let file = h.get(&anna, &format!("/case-files/{}", ids.file)).await;
    assert_eq!(file.text(), "plan biura");
    assert!(file.header("content-disposition").starts_with("attachment"));
    // Polish.
    let anna_pl = Client {
        cookie: format!("{}; lang=pl", anna.cookie),
        csrf: anna.csrf.clone(),
    };
    let pl = h.get(&anna_pl, "/upcoming?days=7").await.text();
    assert!(pl.contains("Solenizanci"), "{pl}");
    let pl = h.get(&anna_pl, "/agenda").await.text();
    assert!(pl.contains("Plan dnia"), "{pl}");
}

#[tokio::test]
async fn reminders_are_taken_over_and_done_by_a_colleague() {
    let (h, anna, bob) = Harness::two_users().await;
    let ids = world(&h, &anna).await;
    let r = h
        .post(&bob, &format!("/reminders/{}/take", ids.rem), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.location(), "/reminders?done=reminder_taken");
    let page = h.get(&bob, &r.location()).await.text();
    assert!(page.contains("The reminder is yours now."), "{page}");
    let mine = h.get(&bob, "/reminders?mine=1").await.text();
    assert!(mine.contains("Zadzwonić w sprawie oferty"), "{mine}");
    let r = h
        .post(
            &bob,
            &format!("/reminders/{}/done", ids.rem),
            &[("back", "/agenda")],
        )
        .await;
    assert_eq!(r.location(), "/agenda?done=reminder_done");
    let all = h.get(&anna, "/reminders?due=all").await.text();
    assert!(all.contains("✔ bob"), "{all}");
    let open = h.get(&anna, "/reminders").await.text();
    assert!(!open.contains("Zadzwonić w sprawie oferty"), "{open}");
    // Closing and reopening a case.
    let r = h
        .post(&bob, &format!("/cases/{}/close", ids.case), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let closed = h.get(&anna, "/cases?status=closed").await.text();
    assert!(closed.contains("Dostawa biurek"), "{closed}");
    let r = h
        .post(
            &bob,
            &format!("/cases/{}/notes", ids.case),
            &[("text", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let r = h
        .post(&bob, &format!("/cases/{}/reopen", ids.case), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let open = h.get(&anna, "/cases").await.text();
    assert!(open.contains("Dostawa biurek"), "{open}");
}

#[tokio::test]
async fn new_routes_need_a_session_and_a_csrf_token() {
    let (h, anna, _bob) = Harness::two_users().await;
    let ids = world(&h, &anna).await;
    let anon = Client::default();
    for p in GETS {
        let path = fill(p, ids);
        let r = h.get(&anon, &path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "GET {path}");
        assert_eq!(r.location(), "/login", "GET {path}");
    }
    for p in POSTS {
        let path = fill(p, ids);
        let r = h.post_raw(&anon, &path, "text=x").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "POST {path}");
        assert_eq!(r.location(), "/login", "POST {path}");
        let r = h.post_raw(&anna, &path, "text=x&at=2026-01-01T10:00").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "POST {path} without CSRF");
        let r = h
            .post_multipart(
                &anna,
                &path,
                multipart(
                    &[("_csrf", "wrong")],
                    Some(("file", "a.txt", "text/plain", b"a")),
                ),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "POST {path} with a wrong CSRF"
        );
    }
    // Nothing was changed by the refused requests.
    let case = h.get(&anna, &format!("/cases/{}", ids.case)).await.text();
    assert!(case.contains("Biurko") && !case.contains("a.txt"));
}

#[tokio::test]
async fn another_users_private_contact_stays_hidden_on_the_new_routes() {
    let (h, anna, bob) = Harness::two_users().await;
    let ids = world(&h, &anna).await;
    let soon = today(&h) + chrono::Days::new(1);
    let secret = h
        .create(
            &anna,
            "private",
            &[
                ("given", "Zygfryd"),
                ("family", "Tajemniczy"),
                ("birthday", &format!("1970-{}", soon.format("%m-%d"))),
            ],
        )
        .await;
    let rem = set_reminder(&h, &anna, secret, "Sekretne spotkanie").await;
    let hidden = |body: &str| {
        !body.contains("Zygfryd") && !body.contains("Tajemniczy") && !body.contains("Sekretne")
    };
    let posts: Vec<(String, Vec<(&str, String)>)> = vec![
        (
            format!("/contacts/{secret}/reminders"),
            vec![("at", format!("{}T10:00", today(&h))), ("text", "x".into())],
        ),
        (format!("/reminders/{rem}/take"), vec![]),
        (format!("/reminders/{rem}/done"), vec![]),
        (
            "/cases".to_string(),
            vec![("title", "x".into()), ("counterparty", secret.to_string())],
        ),
        (
            "/cases".to_string(),
            vec![
                ("title", "x".into()),
                ("counterparty", ids.org.to_string()),
                ("person", secret.to_string()),
            ],
        ),
    ];
    for (path, pairs) in &posts {
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = h.post(&bob, path, &pairs).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "POST {path}: {}", r.text());
        assert!(hidden(&r.text()), "POST {path} leaks: {}", r.text());
    }
    let r = h
        .post(
            &bob,
            &format!("/contacts/{secret}/nameday"),
            &[("day", "05-05")],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "nameday: {}", r.text());
    assert!(hidden(&r.text()));
    let r = h
        .post_multipart(
            &bob,
            &format!("/contacts/{secret}/history"),
            multipart(&[("_csrf", &bob.csrf), ("kind", "x"), ("text", "x")], None),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "history: {}", r.text());
    assert!(hidden(&r.text()));
    // Private contacts have no history, for their owner too.
    let r = h
        .post_multipart(
            &anna,
            &format!("/contacts/{secret}/history"),
            multipart(&[("_csrf", &anna.csrf), ("kind", "x"), ("text", "x")], None),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());
    // Lists and the day plan show bob nothing of it; anna sees it.
    for p in [
        "/agenda?days=7",
        "/upcoming?days=7",
        "/reminders?due=all",
        "/calendar.ics",
        "/cases?status=all",
        "/reports",
    ] {
        let r = h.get(&bob, p).await;
        assert_eq!(r.status, StatusCode::OK, "{p}");
        assert!(hidden(&r.text()), "GET {p} leaks: {}", r.text());
    }
    for p in ["/agenda?days=7", "/upcoming?days=7", "/reminders"] {
        let r = h.get(&anna, p).await;
        assert!(
            r.text().contains("Zygfryd"),
            "{p} misses anna's own: {}",
            r.text()
        );
    }
    // The reminder is untouched.
    let page = h.get(&anna, &format!("/contacts/{secret}")).await.text();
    assert!(page.contains(&format!("/reminders/{rem}/done")), "{page}");
}

fn components(ics: &str) -> Vec<(String, String)> {
    use icalendar::parser::{read_calendar, unfold};
    let unfolded = unfold(ics);
    let cal = read_calendar(&unfolded).unwrap_or_else(|e| panic!("{e}\n{ics}"));
    cal.components
        .iter()
        .map(|c| {
            let summary = c
                .properties
                .iter()
                .find(|p| p.name.as_str() == "SUMMARY")
                .map(|p| p.val.to_string())
                .unwrap_or_default();
            (c.name.to_string(), summary)
        })
        .collect()
}

#[tokio::test]
async fn the_calendar_feed_parses_and_holds_only_what_its_user_may_see() {
    let (h, anna, bob) = Harness::two_users().await;
    world(&h, &anna).await;
    let secret = h
        .create(
            &anna,
            "private",
            &[
                ("given", "Zygfryd"),
                ("family", "Tajemniczy"),
                ("birthday", "1970-05-05"),
            ],
        )
        .await;
    set_reminder(&h, &anna, secret, "Sekretne spotkanie").await;
    let r = h.get(&anna, "/calendar.ics").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.header("content-type").starts_with("text/calendar"),
        "{}",
        r.header("content-type")
    );
    assert!(r.header("content-disposition").starts_with("attachment"));
    let typed: Result<icalendar::Calendar, _> = r.text().parse();
    assert!(typed.is_ok(), "{:?}", typed.err());
    let annas = components(&r.text());
    let has = |list: &[(String, String)], kind: &str, text: &str| {
        list.iter().any(|(k, s)| k == kind && s.contains(text))
    };
    assert!(has(&annas, "VEVENT", "Birthday: Łukasz Nowak"), "{annas:?}");
    assert!(has(&annas, "VEVENT", "Name-day: Łukasz Nowak"), "{annas:?}");
    assert!(
        has(&annas, "VEVENT", "Birthday: Zygfryd Tajemniczy"),
        "{annas:?}"
    );
    assert!(
        has(&annas, "VTODO", "Zadzwonić w sprawie oferty"),
        "{annas:?}"
    );
    assert!(has(&annas, "VTODO", "Sekretne spotkanie"), "{annas:?}");
    let r = h.get(&bob, "/calendar.ics").await;
    let bobs = components(&r.text());
    assert!(has(&bobs, "VEVENT", "Birthday: Łukasz Nowak"), "{bobs:?}");
    assert!(
        has(&bobs, "VTODO", "Zadzwonić w sprawie oferty"),
        "{bobs:?}"
    );
    assert!(
        !r.text().contains("Zygfryd")
            && !r.text().contains("Tajemniczy")
            && !r.text().contains("Sekretne"),
        "{}",
        r.text()
    );
}

#[tokio::test]
async fn a_name_with_several_days_gets_one_picked() {
    let (h, anna, _bob) = Harness::two_users().await;
    let id = h
        .create(
            &anna,
            "business",
            &[("given", "Jan"), ("family", "Wielodniowy")],
        )
        .await;
    let page = h.get(&anna, &format!("/contacts/{id}")).await.text();
    assert!(page.contains(&format!("/contacts/{id}/nameday")), "{page}");
    assert!(!page.contains("nameday-effective"), "{page}");
    let r = h
        .post(
            &anna,
            &format!("/contacts/{id}/nameday"),
            &[("day", "06-24")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = h.get(&anna, &format!("/contacts/{id}")).await.text();
    assert!(
        page.contains("nameday-effective") && page.contains("24 June"),
        "{page}"
    );
    let r = h
        .post(
            &anna,
            &format!("/contacts/{id}/nameday"),
            &[("day", "13-45")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_case_is_edited_without_losing_a_colleagues_change() {
    let (h, anna, bob) = Harness::two_users().await;
    let ids = world(&h, &anna).await;
    let edit = h
        .get(&anna, &format!("/cases/{}/edit", ids.case))
        .await
        .text();
    let version = number_after(&edit, "name=\"version\" value=\"");
    let form = |title: &'static str, v: String| {
        vec![
            ("title", title.to_string()),
            ("counterparty", ids.org.to_string()),
            ("responsible", "bob".to_string()),
            ("deadline", "2030-01-31".to_string()),
            ("priority", "low".to_string()),
            ("version", v),
        ]
    };
    let send = |c: &Client, pairs: Vec<(&'static str, String)>| {
        let path = format!("/cases/{}", ids.case);
        let c = Client {
            cookie: c.cookie.clone(),
            csrf: c.csrf.clone(),
        };
        let h = &h;
        async move {
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            h.post(&c, &path, &pairs).await
        }
    };
    let r = send(&bob, form("Dostawa krzeseł", version.to_string())).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = send(&anna, form("Dostawa stołów", version.to_string())).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    let page = h.get(&anna, &format!("/cases/{}", ids.case)).await.text();
    assert!(page.contains("Dostawa krzeseł") && !page.contains("Dostawa stołów"));
    assert!(
        page.contains("2030-01-31") && page.contains("Biurko"),
        "{page}"
    );
    let r = h
        .post(&anna, &format!("/case-details/{}/remove", ids.file), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = h.get(&anna, &format!("/cases/{}", ids.case)).await.text();
    assert!(!page.contains("rysunek.txt"), "{page}");
    let r = h.get(&anna, &format!("/case-files/{}", ids.file)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

/// Stored bytes never come back as active content: files (attachments, history and case
/// files) are downloads with a neutral type, `nosniff` and a sandbox policy, whatever type
/// they were uploaded with; a photo is served with the type detected from its bytes; a
/// photo that is not an image (a script or a page, as a vCard may claim) is never kept;
/// and pages let only the project's own script run.
#[tokio::test]
async fn stored_bytes_are_served_inert() {
    let (h, anna, _bob) = Harness::two_users().await;
    let ids = world(&h, &anna).await;
    let html: &[u8] = b"<html><script src=/static/app.js></script><script>alert(1)</script>";
    let r = h
        .post_multipart(
            &anna,
            &format!("/contacts/{}/attachments", ids.id),
            multipart(
                &[("_csrf", &anna.csrf), ("note", "strona")],
                Some(("file", "strona.html", "text/html", html)),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let list = h
        .api(
            &anna,
            "GET",
            &format!("/api/v1/contacts/{}/attachments", ids.id),
            None,
        )
        .await;
    let aid = list.json()[0]["id"].as_i64().unwrap_or(0);
    let r = h
        .post_multipart(
            &anna,
            &format!("/contacts/{}/photo", ids.id),
            multipart(
                &[("_csrf", &anna.csrf)],
                Some(("photo", "a.html", "text/html", common::PNG)),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let downloads = [
        format!("/attachments/{aid}"),
        format!("/api/v1/attachments/{aid}"),
        format!("/history-files/{}", ids.hfile),
        format!("/api/v1/history-files/{}", ids.hfile),
        format!("/case-files/{}", ids.file),
    ];
    for path in &downloads {
        let r = h.get(&anna, path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text());
        assert_eq!(
            r.header("content-type"),
            "application/octet-stream",
            "{path}"
        );
        assert!(
            r.header("content-disposition").starts_with("attachment;"),
            "{path}"
        );
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(
            r.header("content-security-policy"),
            "sandbox; default-src 'none'",
            "{path}"
        );
    }
    for path in [
        format!("/contacts/{}/photo", ids.id),
        format!("/api/v1/contacts/{}/photo", ids.id),
    ] {
        let r = h.get(&anna, &path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text());
        assert_eq!(r.header("content-type"), "image/png", "{path}");
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(
            r.header("content-security-policy"),
            "sandbox; default-src 'none'",
            "{path}"
        );
        assert_eq!(r.body, common::PNG, "{path}");
    }
    // A vCard whose "photos" are a script and a page: imported, but with no photo at all.
    use base64::Engine as _;
    let b64 = |s: &[u8]| base64::engine::general_purpose::STANDARD.encode(s);
    let card = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Skrypt;Jan;;;\r\nFN:Jan Skrypt\r\n\
         PHOTO;ENCODING=b;TYPE=text/javascript:{}\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:4.0\r\nN:Strona;Ewa;;;\r\nFN:Ewa Strona\r\n\
         PHOTO:data:text/html;base64,{}\r\nEND:VCARD\r\n",
        b64(b"fetch('/api/v1/contacts?book=private').then(r=>r.text())"),
        b64(html)
    );
    let req = axum::http::Request::post("/api/v1/import?book=business&format=vcf")
        .header(axum::http::header::COOKIE, &anna.cookie)
        .header("x-csrf-token", &anna.csrf)
        .header(axum::http::header::CONTENT_TYPE, "text/vcard")
        .body(axum::body::Body::from(card))
        .unwrap_or_default();
    let r = h.send(req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["imported"], 2, "{}", r.text());
    let found = h
        .api(&anna, "GET", "/api/v1/contacts?q=Skrypt", None)
        .await
        .json();
    let jan = found["items"][0]["id"].as_i64().unwrap_or(0);
    assert!(jan > 0, "{found}");
    let r = h.get(&anna, &format!("/contacts/{jan}/photo")).await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "{}",
        r.header("content-type")
    );
    // Pages: only the project's script, by hash, may run; never "any script of this site".
    let page = h.get(&anna, &format!("/contacts/{}", ids.id)).await;
    let csp = page.header("content-security-policy");
    let script_src = csp
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap_or_default();
    assert!(script_src.contains("'sha256-"), "{csp}");
    assert!(!script_src.contains("'self'"), "{csp}");
    let integrity = script_src
        .split('\'')
        .find(|w| w.starts_with("sha256-"))
        .unwrap_or_default();
    assert!(
        page.text().contains(&format!("integrity=\"{integrity}\"")),
        "{}",
        page.text()
    );
}
