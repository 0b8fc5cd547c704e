//! A Polish installation through the pages: Polish dates, money, NIPs and local times;
//! date fields that are text in the page's format (never the browser's own date picker);
//! the installation language chosen at setup and by an admin, with its defaults; removing a
//! field that holds values; postal codes as the street is typed.

use axum::http::StatusCode;
use contacts_core::model::Language;
use contacts_core::postal::streets::read_file;

use crate::common::{Client, Harness, PASSWORD};

/// Anna, admin of a Polish installation, reading the pages in Polish.
async fn polish() -> (Harness, Client) {
    let h = Harness::new();
    let path = h.state.setup_path().unwrap_or_default();
    let v = h.visitor().await;
    let r = h
        .post(
            &v,
            &path,
            &[
                ("user", "anna"),
                ("password", PASSWORD),
                ("password2", PASSWORD),
                ("language", "pl"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let anna = h.login("anna").await;
    let r = h.post(&anna, "/settings/language", &[("lang", "pl")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    (h, anna)
}

#[tokio::test]
async fn setup_in_polish_gives_polish_defaults() {
    let (h, anna) = polish().await;
    assert_eq!(
        h.state.service().installation_language().ok(),
        Some(Language::Polish)
    );
    let form = h.get(&anna, "/contacts/new?book=business").await.text();
    for want in [
        "Aktywny klient",
        "Nieaktywny",
        "Potencjalny klient",
        "Rodzaj relacji",
        "Pole 1",
        "Pole 5",
        "konkurent",
    ] {
        assert!(form.contains(want), "{want} missing from the form");
    }
    let private = h.get(&anna, "/contacts/new?book=private").await.text();
    for want in ["Dom", "Osobiste", "Znajomi", "Rodzina"] {
        assert!(
            private.contains(want),
            "{want} missing from the private form"
        );
    }
    // An admin changes the installation's language; the defaults follow.
    let settings = h.get(&anna, "/settings").await.text();
    assert!(settings.contains("Język instalacji"), "{settings}");
    let r = h
        .post(&anna, "/settings/installation", &[("lang", "en")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let form = h.get(&anna, "/contacts/new?book=business").await.text();
    assert!(
        form.contains("Active client") && form.contains("Field 1"),
        "{form}"
    );
}

#[tokio::test]
async fn only_an_admin_sets_the_installation_language() {
    let (h, _anna, bob) = Harness::two_users().await;
    let r = h
        .post(&bob, "/settings/installation", &[("lang", "pl")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    assert!(!h
        .get(&bob, "/settings")
        .await
        .text()
        .contains("id=\"installation\""));
}

#[tokio::test]
async fn polish_pages_show_polish_dates_money_nip_and_local_times() {
    let (h, anna) = polish().await;
    let r = h
        .post(
            &anna,
            "/contacts",
            &[
                ("book", "business"),
                ("kind", "organisation"),
                ("org_name", "Papiernik"),
                ("nip", "1234563218"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let org: i64 = r
        .location()
        .trim_start_matches("/contacts/")
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .parse()
        .unwrap_or(0);
    let person = h
        .create(
            &anna,
            "business",
            &[
                ("given", "Łukasz"),
                ("family", "Żółć"),
                ("birthday", "18.10.1985"),
                ("nameday", "18.10"),
            ],
        )
        .await;
    let page = h.get(&anna, &format!("/contacts/{person}")).await.text();
    assert!(
        page.contains("18.10.1985"),
        "birthday typed and shown the Polish way"
    );
    let c = h
        .state
        .service()
        .get(
            &h.state
                .service()
                .actor_by_name("anna")
                .unwrap_or_else(|e| panic!("{e}")),
            contacts_core::ids::ContactId(person),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let created = h
        .state
        .service()
        .formatter(Language::Polish)
        .unwrap_or_else(|e| panic!("{e}"))
        .datetime(c.meta.created_at);
    assert!(
        page.contains(&created),
        "created time in the local zone, Polish: {created}"
    );
    let edit = h
        .get(&anna, &format!("/contacts/{person}/edit"))
        .await
        .text();
    assert!(
        edit.contains("value=\"18.10.1985\""),
        "the form gives the date back as typed"
    );
    assert!(edit.contains("value=\"18.10\""), "the name-day too");
    let org_page = h.get(&anna, &format!("/contacts/{org}")).await.text();
    assert!(org_page.contains("123-456-32-18"), "NIP grouped");

    // A case with a Polish deadline and an amount with a decimal comma.
    let r = h
        .post(
            &anna,
            "/cases",
            &[
                ("title", "Papier"),
                ("counterparty", &org.to_string()),
                ("deadline", "15.12.2030"),
                ("priority", "normal"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // (The address may carry the message key: `?done=...`.)
    let case = r
        .location()
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    let r = h
        .post(
            &anna,
            &format!("{case}/items"),
            &[
                ("article", "Papier A4"),
                ("quantity", "1"),
                ("unit_price", "3 249,97"),
                ("currency", "PLN"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = h.get(&anna, &case).await.text();
    assert!(page.contains("3 249,97 zł"), "{page}");
    assert!(page.contains("15.12.2030"), "deadline shown the Polish way");
    let edit = h.get(&anna, &format!("{case}/edit")).await.text();
    assert!(
        edit.contains("value=\"15.12.2030\"") && edit.contains("DD.MM.RRRR"),
        "{edit}"
    );
    for path in [
        case.clone(),
        format!("{case}/edit"),
        "/reports".into(),
        "/agenda".into(),
        "/meetings/new".into(),
        format!("/contacts/{person}"),
    ] {
        let html = h.get(&anna, &path).await.text();
        assert!(
            !html.contains("type=\"date\""),
            "{path} has a browser date picker"
        );
        assert!(
            !html.contains("datetime-local"),
            "{path} has a browser date-time picker"
        );
    }
    // The meeting form takes a Polish date and time, and marks a bad one in Polish.
    let form = h.get(&anna, "/meetings/new").await.text();
    assert!(
        form.contains("DD.MM.RRRR GG:MM") || form.contains("DD.MM.RRRR"),
        "{form}"
    );
    let r = h
        .post(
            &anna,
            "/meetings",
            &[
                ("title", "Narada"),
                ("start", "31.02.2030 10:00"),
                ("minutes", "30"),
                ("participant", "anna"),
                ("case", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let page = r.text();
    assert!(page.contains("id=\"meeting-start-error\""), "{page}");
    assert!(page.contains("aria-invalid=\"true\""), "{page}");
    assert!(page.contains("value=\"31.02.2030 10:00\""), "{page}");
    assert!(!page.contains("is not a date"), "{page}");
    // A bad date names the field and keeps what was typed.
    let r = h
        .post(
            &anna,
            "/contacts",
            &[
                ("book", "business"),
                ("kind", "person"),
                ("given", "Ewa"),
                ("birthday", "31.02.1990"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("31.02.1990"), "the typed date is kept");
    // A reminder at a Polish local time.
    let r = h
        .post(
            &anna,
            &format!("/contacts/{person}/reminders"),
            &[("at", "01.12.2030 10:00"), ("text", "Zadzwonić")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = h.get(&anna, &format!("/contacts/{person}")).await.text();
    assert!(page.contains("01.12.2030 10:00"), "{page}");
}

#[tokio::test]
async fn removing_a_field_with_values_asks_an_admin_and_says_how_many() {
    let (h, anna) = polish().await;
    let svc = h.state.service();
    let pole = svc.field("Pole 1").unwrap_or_else(|e| panic!("{e}"));
    let name = format!("custom_{}", pole.id);
    for given in ["Jan", "Ewa"] {
        h.create(
            &anna,
            "business",
            &[("given", given), (name.as_str(), "coś")],
        )
        .await;
    }
    let r = h
        .post(&anna, "/settings/fields/remove", &[("name", "Pole 1")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "asks first");
    let text = r.text();
    assert!(text.contains("id=\"value-count\">2<"), "{text}");
    assert!(svc.field("Pole 1").is_ok(), "nothing removed yet");
    let r = h
        .post(
            &anna,
            "/settings/fields/remove",
            &[("name", "Pole 1"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(svc.field("Pole 1").is_err());
    // An empty field goes at once.
    let r = h
        .post(&anna, "/settings/fields/remove", &[("name", "Pole 2")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_user_cannot_remove_a_field_that_holds_values() {
    let (h, anna, bob) = Harness::two_users().await;
    let svc = h.state.service();
    let admin = svc.actor_by_name("anna").unwrap_or_else(|e| panic!("{e}"));
    svc.add_field(&admin, "Źródło", contacts_core::store::FieldType::Text)
        .unwrap_or_else(|e| panic!("{e}"));
    let f = svc.field("Źródło").unwrap_or_else(|e| panic!("{e}"));
    h.create(
        &anna,
        "business",
        &[
            ("given", "Jan"),
            (format!("custom_{}", f.id).as_str(), "targi"),
        ],
    )
    .await;
    let r = h
        .post(
            &bob,
            "/settings/fields/remove",
            &[("name", "Źródło"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    assert!(r.text().contains("id=\"value-count\">1<"), "{}", r.text());
    assert!(svc.field("Źródło").is_ok());
}

#[tokio::test]
async fn the_contact_form_asks_for_postal_codes_as_the_street_is_typed() {
    let (h, anna) = polish().await;
    let svc = h.state.service();
    let admin = svc.actor_by_name("anna").unwrap_or_else(|e| panic!("{e}"));
    let rows = read_file(contacts_core::contract::polish::STREET_FILE.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    svc.import_postal_streets(&admin, rows)
        .unwrap_or_else(|e| panic!("{e}"));
    let form = h.get(&anna, "/contacts/new?book=business").await.text();
    assert!(
        form.contains("data-postal-row=\"0\"") && form.contains("list=\"postal-codes-0\""),
        "{form}"
    );
    let r = h
        .api(
            &anna,
            "GET",
            "/api/v1/postal-codes?locality=Pozna%C5%84&street=G%C5%82ogowska%2014",
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    assert_eq!(v["street_list"], true);
    assert_eq!(v["candidates"][0]["code"], "61-102");
    assert_eq!(v["candidates"].as_array().map(Vec::len), Some(1));
    let long = "x".repeat(101);
    let r = h
        .api(
            &anna,
            "GET",
            &format!("/api/v1/postal-codes?locality={long}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    // Saved without a code, the address gets its street's one code.
    let id = h
        .create(
            &anna,
            "business",
            &[
                ("given", "Jan"),
                ("adr_street", "ul. Głogowska 7"),
                ("adr_locality", "Poznań"),
            ],
        )
        .await;
    let page = h.get(&anna, &format!("/contacts/{id}")).await.text();
    assert!(page.contains("61-101"), "{page}");
}

/// A Polish installation's error pages and permission messages are in Polish for a user
/// with no language of their own and a browser that names none (the installation's
/// language), and for a visitor: not found, not allowed (with the core's reason), a failed
/// CSRF check, a wrong method, a throttled sign-in.
#[tokio::test]
async fn error_pages_of_a_polish_installation_have_no_english() {
    use contacts_web::i18n::{lookup, Lang};
    let (h, anna) = polish().await;
    let r = h
        .post(&anna, "/settings/users/add", &[("name", "bob")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let bob = h.follow_password_link(&r.text(), PASSWORD).await;
    let private = h
        .create(
            &anna,
            "private",
            &[("given", "Ukryta"), ("family", "Osoba")],
        )
        .await;
    let english: Vec<&str> = [
        "error.not_found",
        "error.forbidden",
        "error.conflict",
        "error.invalid",
        "error.bad_request",
        "error.internal",
        "error.unauthorized",
        "error.method",
        "error.too_many",
        "error.busy",
        "error.csrf",
        "error.back_to_form",
        "nav.home",
        "login.title",
        "login.failed",
        "login.wait",
    ]
    .iter()
    .map(|k| lookup(Lang::En, k).unwrap_or_else(|| panic!("no message {k}")))
    .chain([
        "Not Found",
        "Method Not Allowed",
        "Forbidden",
        "only an admin",
        "Something went wrong",
    ])
    .collect();
    let visitor = h.visitor().await;
    let mut pages = vec![
        (
            "unknown path",
            h.get(&bob, "/no-such-page").await,
            404,
            "Nie znaleziono",
        ),
        (
            "unknown path, signed out",
            h.get(&visitor, "/no-such-page").await,
            404,
            "Nie znaleziono",
        ),
        (
            "another user's private contact",
            h.get(&bob, &format!("/contacts/{private}")).await,
            404,
            "Nie znaleziono",
        ),
        (
            "an admin's page",
            h.get(&bob, "/settings/users").await,
            403,
            "Brak uprawnień",
        ),
        (
            "an admin's setting",
            h.post(&bob, "/settings/installation", &[("lang", "en")])
                .await,
            403,
            "język instalacji może zmienić tylko administrator",
        ),
        (
            "no CSRF token",
            h.post_raw(&bob, "/settings/language", "lang=en").await,
            403,
            "Formularz wygasł",
        ),
        (
            "a wrong method",
            h.get(&bob, "/logout").await,
            405,
            "nie przyjmuje takiego żądania",
        ),
        (
            "a sign-in without its session",
            h.post_raw(&Client::default(), "/login", "user=bob&password=x")
                .await,
            403,
            "Formularz wygasł",
        ),
    ];
    let mut last = None;
    for _ in 0..5 {
        last = Some(
            h.post(
                &visitor,
                "/login",
                &[("user", "bob"), ("password", "wrong-password")],
            )
            .await,
        );
    }
    if let Some(r) = last {
        pages.push(("a throttled sign-in", r, 429, "Zbyt wiele nieudanych prób"));
    }
    for (what, r, status, polish) in pages {
        let html = r.text();
        assert_eq!(r.status.as_u16(), status, "{what}: {html}");
        assert!(html.contains("lang=\"pl\""), "{what}: {html}");
        assert!(html.contains(polish), "{what}: no '{polish}' in {html}");
        for en in &english {
            assert!(!html.contains(en), "{what}: English '{en}' in {html}");
        }
    }
}
