//! HTTP tests of every route through `app(state).oneshot(request)`: set-up, sign-in,
//! CSRF, the isolation sweep, pages, uploads, conflicts, settings and the JSON API.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{multipart, Client, Harness, PASSWORD, PNG};
use serde_json::json;

/// Every page route, with `{id}` for a contact id and `{aid}` for an attachment id.
const PAGE_GETS: &[&str] = &[
    "/",
    "/mailing",
    "/mailing/new?book=business",
    "/mailing/settings",
    "/contacts?book=business",
    "/contacts?book=private",
    "/contacts/search?q=a&book=business",
    "/contacts/new?book=private",
    "/contacts/{id}",
    "/contacts/{id}/edit",
    "/contacts/{id}/photo",
    "/attachments/{aid}",
    "/settings",
    "/settings/categories",
    "/settings/lists/groups",
    "/settings/lists/statuses",
    "/settings/fields",
    "/settings/users",
    "/contacts/import?book=private",
    "/contacts/export?book=private",
    "/contacts/export?book=business&format=csv-google",
    "/contacts/export?ids={id}",
    "/contacts/{id}/delete",
    "/contacts/{id}/copy",
    "/contacts/{id}/photo/delete",
    "/attachments/{aid}/delete",
    "/trash",
    "/contacts/new?book=business&org={id}",
    "/settings/takeover",
    "/settings/takeover?from=bob&to=anna",
    "/agenda",
    "/meetings",
    "/meetings?all=1",
    "/meetings/new?contact={id}",
    "/meetings/{mtg}",
    "/duplicates?book=business",
    "/duplicates?book=private",
    "/duplicates/compare?keep={id}&other={id}",
    "/reports",
    "/reports/forecast.csv",
    "/reports/overdue.pdf",
    "/reports/activity.csv?from=2026-01-01&to=2026-12-31",
    "/cases/{case}/pdf",
    "/contacts/{id}/pdf",
    "/cases/{case}/close",
    "/cases/{case}/items/1/remove",
    "/settings/case-kinds",
    "/history/1/edit",
];

const PAGE_POSTS: &[&str] = &[
    "/logout",
    "/contacts",
    "/contacts/{id}",
    "/contacts/{id}/delete",
    "/contacts/{id}/copy",
    "/contacts/{id}/photo",
    "/contacts/{id}/photo/delete",
    "/contacts/{id}/attachments",
    "/attachments/{aid}/delete",
    "/settings/language",
    "/settings/installation",
    "/settings/password",
    "/settings/token",
    "/settings/tokens/1/revoke",
    "/settings/feed",
    "/settings/feed/revoke",
    "/settings/categories",
    "/settings/lists/groups/add",
    "/settings/lists/groups/rename",
    "/settings/lists/groups/remove",
    "/settings/fields/add",
    "/settings/fields/rename",
    "/settings/fields/remove",
    "/settings/users/add",
    "/settings/users/bob/disable",
    "/settings/users/bob/enable",
    "/settings/users/bob/reset",
    "/contacts/import",
    "/contacts/{id}/manager",
    "/contacts/managers",
    "/settings/takeover",
    "/meetings",
    "/meetings/{mtg}",
    "/meetings/{mtg}/delete",
    "/contacts/{id}/alerts",
    "/duplicates/merge",
    "/contacts/{id}/unmerge",
    "/mailing/new",
    "/mailing/settings",
    "/mailing/1",
    "/trash/empty",
    "/trash/1/restore",
    "/trash/1/purge",
    "/settings/case-kinds/add",
    "/settings/case-number-pattern",
    "/settings/case-kinds/1/rename",
    "/settings/case-kinds/1/remove",
    "/cases/{case}/items/1",
    "/case-details/1",
    "/case-details/1/content",
    "/cases/{case}/reminders",
    "/history/1/edit",
];

/// API routes: method and path.
const API: &[(&str, &str)] = &[
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/contacts"),
    ("POST", "/api/v1/contacts"),
    ("GET", "/api/v1/contacts/{id}"),
    ("PUT", "/api/v1/contacts/{id}"),
    ("DELETE", "/api/v1/contacts/{id}"),
    ("POST", "/api/v1/contacts/{id}/copy"),
    ("GET", "/api/v1/contacts/{id}/photo"),
    ("PUT", "/api/v1/contacts/{id}/photo"),
    ("DELETE", "/api/v1/contacts/{id}/photo"),
    ("GET", "/api/v1/contacts/{id}/attachments"),
    ("POST", "/api/v1/contacts/{id}/attachments?name=x.txt"),
    ("GET", "/api/v1/attachments/{aid}"),
    ("DELETE", "/api/v1/attachments/{aid}"),
    ("GET", "/api/v1/categories"),
    ("GET", "/api/v1/postal-codes?locality=Warszawa&street=G"),
    ("PUT", "/api/v1/categories/home"),
    ("GET", "/api/v1/lists/groups"),
    ("POST", "/api/v1/lists/groups"),
    ("PUT", "/api/v1/lists/groups/x"),
    ("DELETE", "/api/v1/lists/groups/x"),
    ("GET", "/api/v1/fields"),
    ("POST", "/api/v1/fields"),
    ("PUT", "/api/v1/fields/x"),
    ("DELETE", "/api/v1/fields/x"),
    ("GET", "/api/v1/users"),
    ("POST", "/api/v1/users"),
    ("PUT", "/api/v1/users/bob"),
    ("POST", "/api/v1/users/bob/reset"),
    ("POST", "/api/v1/import?book=private"),
    ("GET", "/api/v1/export?book=private"),
    ("GET", "/api/v1/export?ids={id}"),
    ("GET", "/api/v1/upcoming"),
    ("GET", "/api/v1/namedays?name=Jan"),
    ("GET", "/api/v1/agenda"),
    ("GET", "/api/v1/reminders"),
    ("GET", "/api/v1/reminders/{rem}"),
    ("POST", "/api/v1/reminders/{rem}/take"),
    ("POST", "/api/v1/reminders/{rem}/done"),
    ("GET", "/api/v1/contacts/{id}/reminders"),
    ("POST", "/api/v1/contacts/{id}/reminders"),
    ("GET", "/api/v1/cases"),
    ("POST", "/api/v1/cases"),
    ("GET", "/api/v1/cases/{case}"),
    ("PUT", "/api/v1/cases/{case}"),
    ("POST", "/api/v1/cases/{case}/close"),
    ("POST", "/api/v1/cases/{case}/reopen"),
    ("POST", "/api/v1/cases/{case}/items"),
    ("POST", "/api/v1/cases/{case}/notes"),
    ("POST", "/api/v1/cases/{case}/documents"),
    ("POST", "/api/v1/cases/{case}/files?name=x.txt"),
    ("GET", "/api/v1/cases/{case}/reminders"),
    ("POST", "/api/v1/cases/{case}/reminders"),
    ("PUT", "/api/v1/cases/{case}/items/1"),
    ("DELETE", "/api/v1/cases/{case}/items/1"),
    ("GET", "/api/v1/case-details/1"),
    ("PUT", "/api/v1/case-details/1"),
    ("DELETE", "/api/v1/case-details/1"),
    ("GET", "/api/v1/case-numbers/next"),
    ("PUT", "/api/v1/case-numbers/pattern"),
    ("GET", "/api/v1/case-parties?q=x"),
    ("GET", "/api/v1/case-parties?org={id}"),
    ("GET", "/api/v1/case-kinds"),
    ("POST", "/api/v1/case-kinds"),
    ("PUT", "/api/v1/case-kinds/x"),
    ("DELETE", "/api/v1/case-kinds/x"),
    ("GET", "/api/v1/contacts/{id}/people"),
    ("GET", "/api/v1/contacts/{id}/client"),
    ("PUT", "/api/v1/contacts/{id}/account-manager"),
    ("POST", "/api/v1/account-managers"),
    ("POST", "/api/v1/takeover"),
    ("GET", "/api/v1/me/due"),
    ("GET", "/api/v1/meetings"),
    ("POST", "/api/v1/meetings"),
    ("GET", "/api/v1/meetings/{mtg}"),
    ("PUT", "/api/v1/meetings/{mtg}"),
    ("DELETE", "/api/v1/meetings/{mtg}"),
    ("GET", "/api/v1/contacts/{id}/alerts"),
    ("PUT", "/api/v1/contacts/{id}/alerts/birthday"),
    ("GET", "/api/v1/duplicates"),
    ("POST", "/api/v1/duplicates/check"),
    ("POST", "/api/v1/duplicates/merge"),
    ("POST", "/api/v1/contacts/{id}/unmerge"),
    ("GET", "/api/v1/mailing/audience"),
    ("POST", "/api/v1/mailing/preview"),
    ("POST", "/api/v1/mailing/dry-run"),
    ("GET", "/api/v1/mailing/campaigns"),
    ("POST", "/api/v1/mailing/campaigns"),
    ("GET", "/api/v1/mailing/campaigns/1"),
    ("POST", "/api/v1/mailing/campaigns/1/send"),
    ("GET", "/api/v1/trash"),
    ("POST", "/api/v1/trash/empty"),
    ("POST", "/api/v1/trash/1/restore"),
    ("DELETE", "/api/v1/trash/1"),
    ("GET", "/api/v1/reports/forecast.csv"),
    ("GET", "/api/v1/reports/forecast.json"),
    ("GET", "/api/v1/cases/{case}/pdf"),
    ("GET", "/api/v1/contacts/{id}/pdf"),
    ("PUT", "/api/v1/case-details/1/content?version=1"),
    ("GET", "/api/v1/contacts/{id}/history"),
    ("POST", "/api/v1/contacts/{id}/history"),
    ("POST", "/api/v1/contacts/{id}/history/file?name=a.txt"),
    ("GET", "/api/v1/history/1"),
    ("PUT", "/api/v1/history/1"),
    ("DELETE", "/api/v1/history/1"),
    ("GET", "/api/v1/history-files/1"),
];

/// The ids a route list's placeholders stand for: a contact, its attachment and its
/// reminder. Cases belong to the business book, so `{case}` takes no part in the
/// isolation sweep (it only has to exist for the CSRF and sign-in sweeps).
#[derive(Debug, Clone, Copy)]
struct Ids {
    id: i64,
    aid: i64,
    rem: i64,
    /// A meeting on the contact.
    mtg: i64,
}

/// Placeholders for sweeps whose requests are refused before any id is looked at.
const ANY: Ids = Ids {
    id: 1,
    aid: 1,
    rem: 1,
    mtg: 1,
};

/// Whether a route names anna's private contact or something of it.
fn about_the_secret(path: &str) -> bool {
    ["{id}", "{aid}", "{rem}", "{mtg}"]
        .iter()
        .any(|p| path.contains(p))
}

fn fill(path: &str, ids: Ids) -> String {
    path.replace("{id}", &ids.id.to_string())
        .replace("{aid}", &ids.aid.to_string())
        .replace("{rem}", &ids.rem.to_string())
        .replace("{mtg}", &ids.mtg.to_string())
        .replace("{case}", "1")
}

/// A private contact of anna's with a photo, an attachment and a reminder.
async fn secret_of(h: &Harness, anna: &Client) -> Ids {
    let id = h
        .create(
            anna,
            "private",
            &[
                ("given", "Zygfryd"),
                ("family", "Tajemniczy"),
                ("notes", "sekret"),
            ],
        )
        .await;
    let r = h
        .post_multipart(
            anna,
            &format!("/contacts/{id}/photo"),
            multipart(
                &[("_csrf", &anna.csrf)],
                Some(("photo", "me.png", "image/png", PNG)),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = h
        .post_multipart(
            anna,
            &format!("/contacts/{id}/attachments"),
            multipart(
                &[("_csrf", &anna.csrf), ("note", "CV")],
                Some((
                    "file",
                    "Zygfryd-cv.txt",
                    "text/plain",
                    b"Zygfryd Tajemniczy CV",
                )),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let list = h
        .api(
            anna,
            "GET",
            &format!("/api/v1/contacts/{id}/attachments"),
            None,
        )
        .await;
    let aid = list.json()[0]["id"].as_i64().unwrap_or(0);
    assert!(aid > 0, "{}", list.text());
    let r = h
        .post(
            anna,
            &format!("/contacts/{id}/reminders"),
            &[("at", "2030-01-02T10:00"), ("text", "Sekretne spotkanie")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let list = h
        .api(
            anna,
            "GET",
            &format!("/api/v1/contacts/{id}/reminders"),
            None,
        )
        .await;
    let rem = list.json()[0]["id"].as_i64().unwrap_or(0);
    assert!(rem > 0, "{}", list.text());
    let m = h
        .api(
            anna,
            "POST",
            "/api/v1/meetings",
            Some(json!({"title": "Sekretne zebranie", "start": "2030-01-02 11:00", "contact_id": id, "place": "Tajemniczy pokój"})),
        )
        .await;
    assert_eq!(m.status, StatusCode::CREATED, "{}", m.text());
    let mtg = m.json()["id"].as_i64().unwrap_or(0);
    let r = h
        .post(
            anna,
            &format!("/contacts/{id}/alerts"),
            &[("birthday", "3"), ("nameday", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    Ids { id, aid, rem, mtg }
}

#[tokio::test]
async fn setup_link_creates_the_admin_once_and_nothing_else_is_open() {
    let h = Harness::new();
    let path = h.state.setup_path().unwrap_or_default();
    assert!(path.starts_with("/setup/") && path.len() == "/setup/".len() + 64);
    let anon = Client::default();
    for p in PAGE_GETS {
        let r = h.get(&anon, &fill(p, ANY)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{p}");
        assert_eq!(r.location(), "/login", "{p}");
    }
    assert_eq!(
        h.get(&anon, "/setup/wrong").await.status,
        StatusCode::NOT_FOUND
    );
    let page = h.get(&anon, &path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("name=\"_csrf\""));
    // Without a session the setup form is refused.
    let r = h
        .post_raw(&anon, &path, "user=x&password=12345678&password2=12345678")
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A too short password is refused with the form again.
    let v = h.visitor().await;
    let r = h
        .post(
            &v,
            &path,
            &[
                ("user", "anna"),
                ("password", "short"),
                ("password2", "short"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("8"));
    let anna = h.setup_admin("anna").await;
    assert!(h.state.setup_path().is_none());
    assert_eq!(h.get(&anon, &path).await.status, StatusCode::NOT_FOUND);
    let home = h.get(&anna, "/contacts?book=business").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.text().contains("anna"));
}

#[tokio::test]
async fn login_failures_are_slowed_and_logout_ends_the_session() {
    let (h, anna, _bob) = Harness::two_users().await;
    let v = h.visitor().await;
    for _ in 0..3 {
        let r = h
            .post(
                &v,
                "/login",
                &[("user", "bob"), ("password", "wrong-password")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.text().contains("Wrong user name or password"));
    }
    // Now even the right password must wait.
    let r = h
        .post(&v, "/login", &[("user", "bob"), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    // The address is slowed too, whichever account it tries next, once it has used the
    // address's allowance (bob's three failures count towards it).
    let mut checked = 0;
    for i in 0..contacts_web::auth::WIDE_FREE {
        let name = format!("nobody{i}");
        let r = h
            .post(&v, "/login", &[("user", &name), ("password", PASSWORD)])
            .await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        checked += 1;
    }
    assert_eq!(
        checked,
        contacts_web::auth::WIDE_FREE - contacts_web::auth::PAIR_FREE
    );
    // The session cookie is HttpOnly and SameSite=Lax; Secure behind TLS.
    let req = Request::get("/login")
        .header("x-forwarded-proto", "https")
        .body(Body::empty())
        .unwrap_or_default();
    let r = h.send(req).await;
    let set = r.header("set-cookie");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Secure"),
        "{set}"
    );
    let r = h.post(&anna, "/logout", &[]).await;
    assert_eq!(r.location(), "/login");
    assert_eq!(h.get(&anna, "/settings").await.location(), "/login");
}

#[tokio::test]
async fn every_post_needs_the_csrf_token_and_every_api_write_the_header() {
    let (h, anna, _bob) = Harness::two_users().await;
    let ids = secret_of(&h, &anna).await;
    let id = ids.id;
    for p in PAGE_POSTS {
        let path = fill(p, ids);
        let r = h.post_raw(&anna, &path, "given=x").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "missing token on {path}");
        let r = h.post_raw(&anna, &path, "_csrf=wrong&given=x").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "wrong token on {path}");
        let r = h
            .post_multipart(&anna, &path, multipart(&[("_csrf", "nope")], None))
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "wrong multipart token on {path}"
        );
    }
    let no_header = Client {
        cookie: anna.cookie.clone(),
        csrf: String::new(),
    };
    for (m, p) in API.iter().filter(|(m, _)| *m != "GET") {
        let r = h.api(&no_header, m, &fill(p, ids), Some(json!({}))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{m} {p}");
    }
    // Nothing happened: the contact is still there with its attachment.
    let r = h.get(&anna, &format!("/contacts/{id}")).await;
    assert!(r.text().contains("Zygfryd-cv.txt"));
    // The login form needs it too.
    let v = h.visitor().await;
    let r = h
        .post_raw(&v, "/login", &format!("user=anna&password={PASSWORD}"))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn unauthenticated_pages_redirect_and_api_answers_401() {
    let h = Harness::new();
    let _anna = h.setup_admin("anna").await;
    let anon = Client::default();
    for p in PAGE_POSTS {
        let r = h.post_raw(&anon, &fill(p, ANY), "a=b").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{p}");
        assert_eq!(r.location(), "/login", "{p}");
    }
    for (m, p) in API {
        let r = h.api(&anon, m, &fill(p, ANY), None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{m} {p}");
        assert_eq!(r.json()["error"], "unauthorized");
    }
    let req = Request::get("/api/v1/me")
        .header(header::AUTHORIZATION, "Bearer not-a-token")
        .body(Body::empty())
        .unwrap_or_default();
    assert_eq!(h.send(req).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn isolation_sweep_private_contacts_are_not_found_for_others() {
    let (h, anna, bob) = Harness::two_users().await;
    let ids = secret_of(&h, &anna).await;
    let id = ids.id;
    let hidden = |body: &str| {
        !body.contains("Zygfryd") && !body.contains("Tajemniczy") && !body.contains("Sekretne")
    };
    // Pages that take an id.
    for p in PAGE_GETS.iter().filter(|p| about_the_secret(p)) {
        let path = fill(p, ids);
        let r = h.get(&bob, &path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "GET {path}");
        assert!(hidden(&r.text()), "GET {path} leaks: {}", r.text());
    }
    for p in PAGE_POSTS.iter().filter(|p| about_the_secret(p)) {
        let path = fill(p, ids);
        let r = if p.ends_with("/photo") || p.ends_with("/attachments") {
            h.post_multipart(
                &bob,
                &path,
                multipart(
                    &[("_csrf", &bob.csrf)],
                    Some(("photo", "a.png", "image/png", PNG)),
                ),
            )
            .await
        } else {
            h.post(&bob, &path, &[("given", "Hacked"), ("version", "1")])
                .await
        };
        assert_eq!(r.status, StatusCode::NOT_FOUND, "POST {path}");
        assert!(hidden(&r.text()), "POST {path} leaks");
    }
    for (m, p) in API.iter().filter(|(_, p)| about_the_secret(p)) {
        let path = fill(p, ids);
        let body = json!({"version": 1, "contact": {"name": {"given": "Hacked"}}});
        let r = h.api(&bob, m, &path, Some(body)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{m} {path}");
        assert!(hidden(&r.text()), "{m} {path} leaks");
    }
    // Lists and searches do not show it either.
    for path in [
        "/contacts?book=private",
        "/contacts?book=business",
        "/contacts?book=private&q=zygfryd",
        "/contacts/search?q=zygfryd&book=private",
        "/api/v1/contacts?q=zygfryd",
        "/api/v1/contacts",
        "/api/v1/reminders?due=all",
        "/api/v1/agenda?date=2030-01-02",
        "/agenda?date=2030-01-02",
        "/api/v1/meetings",
        "/meetings?all=1",
        "/api/v1/me/due",
        "/api/v1/case-parties?q=zygfryd",
        "/api/v1/case-parties?q=tajemniczy",
        "/api/v1/upcoming?days=366",
        "/api/v1/mailing/audience?all=1",
        "/api/v1/mailing/audience?book=private&q=zygfryd",
        "/mailing/new",
        "/mailing/new?q=zygfryd",
        "/api/v1/export?book=private",
        "/api/v1/export?book=business",
        "/contacts/export?book=private",
        "/contacts/export?book=business",
        "/contacts/export?book=private&q=zygfryd",
        "/reports/overdue.csv",
        "/reports/forecast.csv",
        "/api/v1/reports/activity.csv?from=2020-01-01&to=2030-12-31",
    ] {
        let r = h.get(&bob, path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(hidden(&r.text()), "{path} leaks");
    }
    // An admin's private book is private too, the other way round.
    let bobs = h
        .create(
            &bob,
            "private",
            &[("given", "Bożena"), ("family", "Prywatna")],
        )
        .await;
    let r = h.get(&anna, &format!("/contacts/{bobs}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.text().contains("Bożena"));
    // And the owner still has everything, unchanged.
    let r = h.get(&anna, &format!("/contacts/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("Zygfryd") && !r.text().contains("Hacked"));
    assert!(r.text().contains("Zygfryd-cv.txt"));
    let photo = h.get(&anna, &format!("/contacts/{id}/photo")).await;
    assert_eq!(photo.status, StatusCode::OK);
    assert_eq!(photo.header("content-type"), "image/png");
    // Its reminder was neither taken nor done by bob's refused calls.
    let rem = h
        .api(
            &anna,
            "GET",
            &format!("/api/v1/reminders/{}", ids.rem),
            None,
        )
        .await
        .json();
    assert_eq!(rem["text"], "Sekretne spotkanie");
    assert_eq!(
        (rem["assignee"].is_null(), rem["done_by"].is_null()),
        (true, true)
    );
    let export = h.get(&anna, "/api/v1/export?book=private").await.text();
    assert!(
        export.contains("Zygfryd") && !export.contains("Hacked"),
        "{export}"
    );
}

#[tokio::test]
async fn contact_pages_create_view_list_search_edit_and_delete() {
    let (h, anna, bob) = Harness::two_users().await;
    let form = h.get(&anna, "/contacts/new?book=business").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text().contains("name=\"email_address\""));
    let id = h
        .create(
            &anna,
            "business",
            &[
                ("given", "Łukasz"),
                ("family", "Żółkiewski"),
                ("email_label", "work"),
                ("email_address", "lukasz@firma.pl"),
                ("email_label", ""),
                ("email_address", ""),
                ("phone_label", "mobile"),
                ("phone_number", "601 234 567"),
                ("adr_label", "work"),
                ("adr_street", "ul. Długa 5"),
                ("adr_postal", "00-238"),
                ("adr_locality", "Warszawa"),
                ("birthday", "--03-14"),
                ("notes", "<script>alert(1)</script>"),
            ],
        )
        .await;
    let view = h.get(&bob, &format!("/contacts/{id}")).await;
    assert_eq!(view.status, StatusCode::OK);
    let html = view.text();
    assert!(html.contains("Łukasz Żółkiewski"));
    // The core's map links, the same the CLI's `contacts map` prints.
    assert!(html.contains(
        "https://www.openstreetmap.org/search?query=ul.+D%C5%82uga+5%2C+00-238+Warszawa"
    ));
    assert!(html.contains(
        "https://www.google.com/maps/search/?api=1&amp;query=ul.+D%C5%82uga+5%2C+00-238+Warszawa"
    ));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "notes are escaped"
    );
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("--03-14"));
    // The list and the search fragment find it by a folded prefix.
    let list = h.get(&bob, "/contacts?book=business").await;
    assert!(list.text().contains("Łukasz Żółkiewski"));
    let frag = h.get(&bob, "/contacts/search?q=lukasz&book=business").await;
    assert_eq!(frag.status, StatusCode::OK);
    assert!(frag.text().starts_with("<tr>"));
    assert!(frag.text().contains(&format!("/contacts/{id}")));
    let none = h.get(&bob, "/contacts/search?q=lukasz&book=private").await;
    assert!(!none.text().contains("Łukasz"));
    // Bad input comes back with what was typed, and a reason.
    let r = h
        .post(
            &bob,
            &format!("/contacts/{id}"),
            &[
                ("version", "1"),
                ("given", "Łukasz"),
                ("email_address", "zły-adres"),
                ("phone_number", "601 234 567"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("zły-adres") && r.text().contains("email"));
    // Edit: the form shows every value; saving bumps the version.
    let edit = h.get(&bob, &format!("/contacts/{id}/edit")).await;
    assert!(edit.text().contains("value=\"lukasz@firma.pl\""));
    assert!(edit.text().contains("name=\"version\" value=\"1\""));
    let r = h
        .post(
            &bob,
            &format!("/contacts/{id}"),
            &[
                ("version", "1"),
                ("given", "Łukasz"),
                ("family", "Żółkiewski"),
                ("job_title", "Hetman"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let view = h.get(&anna, &format!("/contacts/{id}")).await;
    assert!(view.text().contains("Hetman"));
    assert!(view.text().contains("bob"), "changed by bob");
    // Sorting and paging links work.
    for extra in [
        "&sort=-name",
        "&sort=changed",
        "&page=2",
        "&status=1",
        "&group=9",
    ] {
        let r = h
            .get(&anna, &format!("/contacts?book=business{extra}"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{extra}");
    }
    // Delete.
    let r = h.post(&anna, &format!("/contacts/{id}/delete"), &[]).await;
    assert_eq!(r.location(), "/contacts?book=business&done=deleted");
    assert_eq!(
        h.get(&anna, &format!("/contacts/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn list_pages_sort_and_filter() {
    let (h, anna, _bob) = Harness::two_users().await;
    let mut ids = vec![];
    for (i, name) in ["Adam", "Bartosz", "Cezary"].iter().enumerate() {
        let cat = if i == 1 { "family" } else { "work" };
        ids.push(
            h.create(
                &anna,
                "private",
                &[("given", name), ("family", "Nowak"), ("category", cat)],
            )
            .await,
        );
    }
    // Recently changed first, by the store: Adam edited last comes first, then Cezary
    // (created last), then Bartosz.
    let r = h
        .post(
            &anna,
            &format!("/contacts/{}", ids[0]),
            &[
                ("version", "1"),
                ("given", "Adam"),
                ("family", "Nowak"),
                ("category", "work"),
                ("job_title", "Kierownik"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let changed = h
        .get(&anna, "/contacts?book=private&sort=changed")
        .await
        .text();
    let at = |n: &str| changed.find(n).unwrap_or(usize::MAX);
    assert!(
        at("Adam") < at("Cezary") && at("Cezary") < at("Bartosz"),
        "{changed}"
    );
    let asc = h.get(&anna, "/contacts?book=private").await.text();
    let desc = h
        .get(&anna, "/contacts?book=private&sort=-name")
        .await
        .text();
    let pos = |s: &str, n: &str| s.find(n).unwrap_or(usize::MAX);
    assert!(pos(&asc, "Adam") < pos(&asc, "Cezary"));
    assert!(pos(&desc, "Cezary") < pos(&desc, "Adam"));
    let fam = h
        .get(&anna, "/contacts?book=private&category=family")
        .await
        .text();
    assert!(fam.contains("Bartosz") && !fam.contains("Adam Nowak"));
    assert!(fam.contains("👪"), "category icon in the list");
}

#[tokio::test]
async fn a_stale_edit_shows_both_versions_and_overwrites_nothing() {
    let (h, anna, bob) = Harness::two_users().await;
    let id = h
        .create(
            &anna,
            "business",
            &[("given", "Jan"), ("family", "Kowalski")],
        )
        .await;
    let r = h
        .post(
            &anna,
            &format!("/contacts/{id}"),
            &[
                ("version", "1"),
                ("given", "Jan"),
                ("family", "Kowalski-Anny"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = h
        .post(
            &bob,
            &format!("/contacts/{id}"),
            &[
                ("version", "1"),
                ("given", "Jan"),
                ("family", "Kowalski-Boba"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let page = r.text();
    assert!(page.contains("Kowalski-Anny") && page.contains("Kowalski-Boba"));
    assert!(
        page.contains("name=\"version\" value=\"2\""),
        "the retry form is at the stored version"
    );
    let view = h.get(&anna, &format!("/contacts/{id}")).await.text();
    assert!(view.contains("Kowalski-Anny") && !view.contains("Kowalski-Boba"));
    // Saving again from the conflict page is a deliberate choice and works.
    let r = h
        .post(
            &bob,
            &format!("/contacts/{id}"),
            &[
                ("version", "2"),
                ("given", "Jan"),
                ("family", "Kowalski-Boba"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // A form without a version is refused.
    let r = h
        .post(&bob, &format!("/contacts/{id}"), &[("given", "Jan")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn photo_attachments_and_copy_to_business() {
    let (h, anna, bob) = Harness::two_users().await;
    let Ids { id, aid, .. } = secret_of(&h, &anna).await;
    let view = h.get(&anna, &format!("/contacts/{id}")).await.text();
    assert!(view.contains(&format!("/contacts/{id}/photo?v=")));
    let dl = h.get(&anna, &format!("/attachments/{aid}")).await;
    assert_eq!(dl.status, StatusCode::OK);
    assert_eq!(dl.body, b"Zygfryd Tajemniczy CV");
    assert_eq!(
        dl.header("content-disposition"),
        "attachment; filename=\"Zygfryd-cv.txt\"; filename*=UTF-8''Zygfryd%2Dcv%2Etxt"
    );
    assert_eq!(dl.header("content-type"), "application/octet-stream");
    // Not an image: refused by content, whatever the name says.
    let r = h
        .post_multipart(
            &anna,
            &format!("/contacts/{id}/photo"),
            multipart(
                &[("_csrf", &anna.csrf)],
                Some(("photo", "x.png", "image/png", b"GIF? no")),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // No file chosen.
    let r = h
        .post_multipart(
            &anna,
            &format!("/contacts/{id}/attachments"),
            multipart(&[("_csrf", &anna.csrf)], None),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Copy to the business book: bob sees the copy with photo and attachment.
    let r = h.post(&anna, &format!("/contacts/{id}/copy"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let copy = r.location();
    assert_ne!(copy, format!("/contacts/{id}"));
    let v = h.get(&bob, &copy).await;
    assert_eq!(v.status, StatusCode::OK);
    assert!(v.text().contains("Zygfryd") && v.text().contains("Zygfryd-cv.txt"));
    assert_eq!(
        h.get(&bob, &format!("{copy}/photo")).await.status,
        StatusCode::OK
    );
    // Remove photo and attachment.
    let r = h
        .post(&anna, &format!("/contacts/{id}/photo/delete"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        h.get(&anna, &format!("/contacts/{id}/photo")).await.status,
        StatusCode::NOT_FOUND
    );
    let r = h
        .post(&anna, &format!("/attachments/{aid}/delete"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        h.get(&anna, &format!("/attachments/{aid}")).await.status,
        StatusCode::NOT_FOUND
    );
    // An oversized body is refused before it reaches the core.
    let big = vec![b'x'; contacts_web::MAX_BODY_BYTES + 10];
    let r = h
        .post_multipart(
            &anna,
            &format!("/contacts/{id}/attachments"),
            multipart(
                &[("_csrf", &anna.csrf)],
                Some(("file", "big.bin", "application/octet-stream", &big)),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn settings_pages_manage_categories_lists_fields_and_users() {
    let (h, anna, bob) = Harness::two_users().await;
    for p in [
        "/settings",
        "/settings/categories",
        "/settings/lists/groups",
        "/settings/lists/statuses",
        "/settings/fields",
        "/settings/users",
    ] {
        assert_eq!(h.get(&anna, p).await.status, StatusCode::OK, "{p}");
    }
    assert_eq!(
        h.get(&bob, "/settings/users").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        h.get(&anna, "/settings/lists/nope").await.status,
        StatusCode::NOT_FOUND
    );
    // Categories: a user's own labels.
    let r = h
        .post(
            &bob,
            "/settings/categories",
            &[("key", "friends"), ("label", "Kumple")],
        )
        .await;
    assert_eq!(r.location(), "/settings/categories?saved=1");
    assert!(h
        .get(&bob, "/settings/categories")
        .await
        .text()
        .contains("value=\"Kumple\""));
    assert!(!h
        .get(&anna, "/settings/categories")
        .await
        .text()
        .contains("Kumple"));
    // Groups.
    h.post(
        &anna,
        "/settings/lists/groups/add",
        &[("name", "Hurtownie")],
    )
    .await;
    h.post(
        &anna,
        "/settings/lists/groups/rename",
        &[("old", "Hurtownie"), ("new", "Dostawcy")],
    )
    .await;
    let g = h.get(&anna, "/settings/lists/groups").await.text();
    assert!(g.contains("Dostawcy") && !g.contains("Hurtownie"));
    let r = h
        .post(&anna, "/settings/lists/groups/add", &[("name", "Dostawcy")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("id=\"add-name-error\""));
    h.post(
        &anna,
        "/settings/lists/groups/remove",
        &[("name", "Dostawcy")],
    )
    .await;
    assert!(!h
        .get(&anna, "/settings/lists/groups")
        .await
        .text()
        .contains("Dostawcy"));
    // Statuses start with the defaults.
    assert!(h
        .get(&anna, "/settings/lists/statuses")
        .await
        .text()
        .contains("Active client"));
    // Custom fields; a value survives renaming.
    h.post(
        &anna,
        "/settings/fields/add",
        &[("label", "Rabat"), ("type", "number")],
    )
    .await;
    h.post(
        &anna,
        "/settings/fields/add",
        &[
            ("label", "Branża"),
            ("type", "choice"),
            ("options", "IT, Handel"),
        ],
    )
    .await;
    let r = h
        .post(
            &anna,
            "/settings/fields/add",
            &[("label", "Zły"), ("type", "choice"), ("options", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let form = h.get(&anna, "/contacts/new?book=business").await.text();
    let fid = form
        .split("name=\"custom_")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or("")
        .to_string();
    let id = h
        .create(
            &anna,
            "business",
            &[("given", "Firma"), (&format!("custom_{fid}"), "12,5")],
        )
        .await;
    h.post(
        &anna,
        "/settings/fields/rename",
        &[("old", "Rabat"), ("new", "Upust")],
    )
    .await;
    let v = h.get(&anna, &format!("/contacts/{id}")).await.text();
    assert!(v.contains("Upust") && v.contains("12.5"), "{v}");
    // It holds a value: the admin is asked first and told how many go.
    let r = h
        .post(&anna, "/settings/fields/remove", &[("name", "Upust")])
        .await;
    assert!(r.text().contains("id=\"value-count\">1<"), "{}", r.text());
    h.post(
        &anna,
        "/settings/fields/remove",
        &[("name", "Upust"), ("confirm", "yes")],
    )
    .await;
    assert!(!h
        .get(&anna, "/settings/fields")
        .await
        .text()
        .contains("Upust"));
    // Users: reset (a link for bob, no password for the admin; bob is signed out and his
    // old password stops working), disable, enable.
    let r = h.post(&anna, "/settings/users/bob/reset", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(!r.text().contains("type=\"password\""), "{}", r.text());
    assert_eq!(h.get(&bob, "/settings").await.location(), "/login");
    let v = h.visitor().await;
    let old = h
        .post(&v, "/login", &[("user", "bob"), ("password", PASSWORD)])
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let link = Harness::<contacts_core::memory::MemoryStore>::password_link_of(&r.text());
    let bob = h.follow_password_link(&r.text(), "nowe-haslo-1").await;
    // The link works once.
    let again = h.get(&h.visitor().await, &link).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    // Bob is told what was done, once.
    let notices = h.get(&bob, "/account/notices").await.text();
    assert!(
        notices.contains("reset") && notices.contains("anna"),
        "{notices}"
    );
    h.post(&bob, "/account/notices", &[]).await;
    let r = h
        .post(
            &h.visitor().await,
            "/login",
            &[("user", "bob"), ("password", "nowe-haslo-1")],
        )
        .await;
    assert_eq!(r.location(), "/");
    let r = h.post(&anna, "/settings/users/bob/disable", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = h.post(&anna, "/settings/users/bob/disable", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let v = h.visitor().await;
    let r = h
        .post(
            &v,
            "/login",
            &[("user", "bob"), ("password", "nowe-haslo-1")],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNAUTHORIZED,
        "a disabled user cannot sign in"
    );
    h.post(&anna, "/settings/users/bob/enable", &[]).await;
    assert!(h.get(&anna, "/settings/users").await.text().contains("bob"));
    // The last admin cannot disable herself.
    let r = h.post(&anna, "/settings/users/anna/disable", &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Own password change needs the current one.
    let r = h
        .post(
            &anna,
            "/settings/password",
            &[
                ("current", "wrong"),
                ("password", "abcdefgh1"),
                ("password2", "abcdefgh1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = h
        .post(
            &anna,
            "/settings/password",
            &[
                ("current", PASSWORD),
                ("password", "abcdefgh1"),
                ("password2", "abcdefgh1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn language_follows_the_cookie_then_accept_language() {
    let (h, anna, _bob) = Harness::two_users().await;
    let req = Request::get("/contacts?book=business")
        .header(header::COOKIE, &anna.cookie)
        .header(header::ACCEPT_LANGUAGE, "pl-PL,pl;q=0.9,en;q=0.5")
        .body(Body::empty())
        .unwrap_or_default();
    let r = h.send(req).await;
    assert!(r.text().contains("Baza firmowa"));
    assert!(r.text().contains("lang=\"pl\""));
    let r = h.post(&anna, "/settings/language", &[("lang", "pl")]).await;
    let set = r.header("set-cookie");
    assert!(set.starts_with("lang=pl;"), "{set}");
    let c = Client {
        cookie: format!("{}; lang=pl", anna.cookie),
        csrf: anna.csrf.clone(),
    };
    let page = h.get(&c, "/settings").await.text();
    assert!(page.contains("Ustawienia") && page.contains("Wyloguj"));
    // Error pages too.
    let r = h.get(&c, "/contacts/999999").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.text().contains("Nie znaleziono"));
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let (h, anna, _bob) = Harness::two_users().await;
    let csp = "default-src 'self'; script-src 'sha256-";
    for p in [
        "/login",
        "/contacts?book=business",
        "/static/app.css",
        "/static/app.js",
        "/nope",
        "/api/v1/me",
        "/contacts/0",
    ] {
        let r = h.get(&anna, p).await;
        assert!(r.header("content-security-policy").starts_with(csp), "{p}");
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{p}");
    }
    // No inline script anywhere: the only script is the embedded file.
    let page = h.get(&anna, "/contacts?book=business").await.text();
    assert_eq!(page.matches("<script").count(), 1);
    assert!(page.contains("<script src=\"/static/app.js\" integrity=\"sha256-"));
    let js = h.get(&anna, "/static/app.js").await;
    assert!(js.text().contains("/contacts/search"));
    assert!(js.header("content-type").starts_with("text/javascript"));
    let r = h.get(&anna, "/definitely/not/here").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.text().contains("Not found"));
}

fn redact(mut v: serde_json::Value) -> serde_json::Value {
    for k in ["created_at", "updated_at"] {
        if v.get(k).is_some() {
            v[k] = json!("[time]");
        }
    }
    v
}

#[tokio::test]
async fn json_api_crud_conflict_search_and_tokens() {
    let (h, anna, bob) = Harness::two_users().await;
    let spec = h.api(&anna, "GET", "/api/v1/openapi.json", None).await;
    assert_eq!(spec.status, StatusCode::OK);
    assert_eq!(spec.json()["openapi"], "3.1.0");
    let me = h.api(&anna, "GET", "/api/v1/me", None).await.json();
    assert_eq!(me["name"], "anna");
    assert_eq!(me["csrf_token"], anna.csrf.as_str());
    let body = json!({"book": "business", "contact": {
        "name": {"given": "Łukasz", "family": "Żółć"},
        "emails": [{"label": "work", "value": "l.zolc@firma.pl"}],
        "phones": [{"label": "mobile", "value": "601 234 567"}],
        "addresses": [{"street": "Długa 5", "postal_code": "00-238", "locality": "Warszawa"}],
        "birthday": "1980-03-14",
        "notes": "Klient od 2010"
    }});
    let r = h.api(&anna, "POST", "/api/v1/contacts", Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let created = r.json();
    let id = created["id"].as_i64().unwrap_or(0);
    insta::assert_json_snapshot!("api_contact", redact(created.clone()));
    let r = h
        .api(
            &bob,
            "GET",
            "/api/v1/contacts?q=lukasz%20zol&book=business",
            None,
        )
        .await;
    assert_eq!(r.json()["items"][0]["id"], id);
    let r = h
        .api(&bob, "GET", "/api/v1/contacts?book=business&limit=10", None)
        .await;
    assert_eq!(r.json()["total"], 1);
    // Update at version 1, then a stale update gets 409 with the stored version.
    let mut data = created.clone();
    data["job_title"] = json!("Prezes");
    let r = h
        .api(
            &bob,
            "PUT",
            &format!("/api/v1/contacts/{id}"),
            Some(json!({"version": 1, "contact": data})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["version"], 2);
    let r = h
        .api(
            &anna,
            "PUT",
            &format!("/api/v1/contacts/{id}"),
            Some(json!({"version": 1, "contact": {"name": {"given": "X"}}})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["current"]["job_title"], "Prezes");
    // Bad values: 422 naming the problem.
    let r = h
        .api(
            &anna,
            "POST",
            "/api/v1/contacts",
            Some(json!({"book": "business", "contact": {"emails": [{"value": "nope"}]}})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["error"], "invalid");
    // Photo and attachments over the API.
    let req = Request::put(format!("/api/v1/contacts/{id}/photo"))
        .header(header::COOKIE, &anna.cookie)
        .header("x-csrf-token", &anna.csrf)
        .body(Body::from(PNG.to_vec()))
        .unwrap_or_default();
    assert_eq!(h.send(req).await.status, StatusCode::NO_CONTENT);
    let r = h
        .api(&bob, "GET", &format!("/api/v1/contacts/{id}/photo"), None)
        .await;
    assert_eq!(r.header("content-type"), "image/png");
    // Lists, fields, categories, users.
    let r = h
        .api(
            &anna,
            "POST",
            "/api/v1/lists/groups",
            Some(json!({"name": "VIP"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r = h
        .api(
            &anna,
            "POST",
            "/api/v1/fields",
            Some(json!({"label": "Branża", "type": "choice", "options": ["IT", "Handel"]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(
        h.api(&anna, "GET", "/api/v1/categories", None).await.json()[0]["key"],
        "home"
    );
    assert_eq!(
        h.api(&bob, "GET", "/api/v1/users", None).await.status,
        StatusCode::FORBIDDEN
    );
    // An admin never sets another user's password: a new user or a reset gets a link.
    let r = h
        .api(
            &anna,
            "POST",
            "/api/v1/users",
            Some(json!({"name": "celina", "password": "haslo-celiny"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let r = h
        .api(
            &anna,
            "POST",
            "/api/v1/users",
            Some(json!({"name": "celina"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let link = r.json()["password_link"].as_str().unwrap_or("").to_string();
    assert!(link.contains("/password/"), "{}", r.text());
    let r = h
        .api(
            &anna,
            "PUT",
            "/api/v1/users/bob",
            Some(json!({"password": "haslo-admina-zna"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let r = h
        .api(&anna, "POST", "/api/v1/users/celina/reset", None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_ne!(r.json()["password_link"].as_str(), Some(link.as_str()));
    // A personal bearer token works without cookie or CSRF header.
    let page = h
        .post(&bob, "/settings/token", &[("name", "skrypt")])
        .await
        .text();
    let token = page
        .split("id=\"api-token\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap_or("")
        .to_string();
    assert_eq!(token.len(), 64);
    let req = Request::delete(format!("/api/v1/contacts/{id}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap_or_default();
    assert_eq!(h.send(req).await.status, StatusCode::NO_CONTENT);
    assert_eq!(
        h.api(&anna, "GET", &format!("/api/v1/contacts/{id}"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

/// Whether an OpenAPI path template (`/lists/{list}/{name}`) matches a concrete path.
pub(crate) fn template_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(a, b)| (a.starts_with('{') && a.ends_with('}')) || a == b)
}

/// The OpenAPI document describes every API route the sweeps exercise, and nothing else.
#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let (h, anna, _bob) = Harness::two_users().await;
    let spec = h
        .api(&anna, "GET", "/api/v1/openapi.json", None)
        .await
        .json();
    let paths = spec["paths"].as_object().cloned().unwrap_or_default();
    assert!(paths.len() >= 30, "{spec}");
    let routes: Vec<(String, String)> = API
        .iter()
        .filter(|(_, p)| !p.ends_with("/openapi.json"))
        .map(|(m, p)| {
            let p = p.trim_start_matches("/api/v1");
            let p = p.split('?').next().unwrap_or(p);
            (m.to_ascii_lowercase(), fill(p, ANY))
        })
        .collect();
    for (m, p) in &routes {
        let found = paths
            .iter()
            .any(|(t, ops)| template_matches(t, p) && ops.get(m.as_str()).is_some());
        assert!(found, "{m} {p} is not in openapi.json");
    }
    for (t, ops) in &paths {
        for (m, op) in ops.as_object().cloned().unwrap_or_default() {
            if !["get", "put", "post", "delete", "patch"].contains(&m.as_str()) {
                continue;
            }
            assert!(
                routes
                    .iter()
                    .any(|(rm, rp)| *rm == m && template_matches(t, rp)),
                "openapi.json describes {m} {t}, which no sweep calls"
            );
            assert!(op["summary"].is_string(), "{m} {t} has no summary");
            assert!(op["responses"]["401"].is_object(), "{m} {t} lacks 401");
        }
    }
    // Every schema a document refers to exists.
    let text = spec.to_string();
    for part in text.split("#/components/schemas/").skip(1) {
        let name: String = part.chars().take_while(|c| c.is_alphanumeric()).collect();
        assert!(
            spec["components"]["schemas"][name.as_str()].is_object(),
            "no schema {name}"
        );
    }
}

// ---- persistent sessions, API tokens, the user's language -----------------------------

/// A fresh directory (kept alive by the caller) and a database path inside it.
fn db_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("contacts.db");
    (dir, path)
}

fn sqlite_store(path: &std::path::Path) -> contacts_store::SqliteStore {
    contacts_store::SqliteStore::open(path).unwrap_or_else(|e| panic!("{e}"))
}

/// A harness on a SQLite file; another harness over the same file is the server after a
/// restart.
fn sqlite_harness(path: &std::path::Path) -> Harness<contacts_store::SqliteStore> {
    Harness::on(sqlite_store(path))
}

/// What the database says about a session cookie, asked through a fresh handle on the
/// file (no web state involved): the signed-in user's name, if the session is live.
fn session_in_db(path: &std::path::Path, c: &Client) -> Option<String> {
    let id = c.cookie.trim_start_matches("contacts_session=");
    let store = contacts_store::SqliteStore::open(path).unwrap_or_else(|e| panic!("{e}"));
    contacts_core::service::Service::new(store)
        .session_actor(id)
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|a| a.name().to_string())
}

fn bearer(method: &str, path: &str, token: &str, body: Option<serde_json::Value>) -> Request<Body> {
    let mut b = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    let body = match body {
        Some(v) => {
            b = b.header(header::CONTENT_TYPE, "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    b.body(body).unwrap_or_default()
}

/// The token shown once on the page after making it.
fn shown_token(page: &str) -> String {
    page.split("id=\"api-token\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap_or("")
        .to_string()
}

/// The ids in the revoke buttons of the settings page, in order.
fn token_ids(page: &str) -> Vec<String> {
    page.split("action=\"/settings/tokens/")
        .skip(1)
        .filter_map(|s| s.split('/').next())
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn a_session_survives_a_restart_and_logout_ends_it_in_the_database() {
    let (_dir, path) = db_file();
    let (h, anna, bob) = Harness::two_users_on(sqlite_store(&path)).await;
    let id = h
        .create(
            &anna,
            "private",
            &[("given", "Zenon"), ("family", "Trwały")],
        )
        .await;
    assert_eq!(session_in_db(&path, &anna).as_deref(), Some("anna"));
    assert_eq!(session_in_db(&path, &bob).as_deref(), Some("bob"));
    // The server restarts: a new app over the same file.
    let h2 = sqlite_harness(&path);
    assert!(h2.state.setup_path().is_none());
    let page = h2.get(&anna, &format!("/contacts/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Trwały"));
    // The CSRF token is the same (derived from the session), so open forms still post.
    let settings = h2.get(&anna, "/settings").await.text();
    assert_eq!(common::csrf_of(&settings), anna.csrf);
    let r = h2.post(&anna, &format!("/contacts/{id}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = h2
        .post_raw(&anna, "/settings/language", "_csrf=wrong&lang=pl")
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Logout on the new server ends the session in the database: the old server (still
    // running over the same file) refuses the cookie too; bob stays signed in.
    let r = h2.post(&anna, "/logout", &[]).await;
    assert_eq!(r.location(), "/login");
    assert_eq!(session_in_db(&path, &anna), None);
    assert_eq!(h.get(&anna, "/settings").await.location(), "/login");
    assert_eq!(h2.get(&anna, "/settings").await.location(), "/login");
    let r = h.api(&anna, "GET", "/api/v1/me", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(h2.get(&bob, "/settings").await.status, StatusCode::OK);
    assert_eq!(session_in_db(&path, &bob).as_deref(), Some("bob"));
    // Signing in again makes a new session; the old id stays dead.
    let again = h2.login("anna").await;
    assert_ne!(again.cookie, anna.cookie);
    assert_eq!(session_in_db(&path, &again).as_deref(), Some("anna"));
}

#[tokio::test]
async fn new_passwords_and_disabling_end_sessions_in_the_database() {
    let (_dir, path) = db_file();
    let (h, anna, bob) = Harness::two_users_on(sqlite_store(&path)).await;
    let bob2 = h.login("bob").await;
    // An admin's reset ends every session of bob.
    let r = h.post(&anna, "/settings/users/bob/reset", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    for c in [&bob, &bob2] {
        assert_eq!(h.get(c, "/settings").await.location(), "/login");
        assert_eq!(session_in_db(&path, c), None);
    }
    h.follow_password_link(&r.text(), "nowe-haslo-bob").await;
    assert_eq!(h.get(&anna, "/settings").await.status, StatusCode::OK);
    // Changing one's own password ends one's other sessions and signs this browser in
    // afresh (a new cookie).
    let anna2 = h.login("anna").await;
    let r = h
        .post(
            &anna,
            "/settings/password",
            &[
                ("current", PASSWORD),
                ("password", "inne-haslo-anny"),
                ("password2", "inne-haslo-anny"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let fresh = Client {
        cookie: common::session_of(&r).unwrap_or_default(),
        csrf: String::new(),
    };
    assert!(!fresh.cookie.is_empty() && fresh.cookie != anna.cookie);
    assert_eq!(session_in_db(&path, &fresh).as_deref(), Some("anna"));
    assert_eq!(session_in_db(&path, &anna), None);
    assert_eq!(session_in_db(&path, &anna2), None);
    assert_eq!(h.get(&fresh, "/settings").await.status, StatusCode::OK);
    // Disabling ends the sessions of the disabled user.
    let v = h.visitor().await;
    let r = h
        .post(
            &v,
            "/login",
            &[("user", "bob"), ("password", "nowe-haslo-bob")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let bob3 = Client {
        cookie: common::session_of(&r).unwrap_or_default(),
        csrf: String::new(),
    };
    assert_eq!(session_in_db(&path, &bob3).as_deref(), Some("bob"));
    let mut admin = fresh.clone();
    admin.csrf = common::csrf_of(&h.get(&fresh, "/settings").await.text());
    let r = h.post(&admin, "/settings/users/bob/disable", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(session_in_db(&path, &bob3), None);
    assert_eq!(h.get(&bob3, "/settings").await.location(), "/login");
}

#[tokio::test]
async fn api_tokens_are_named_listed_revoked_and_survive_a_restart() {
    let (_dir, path) = db_file();
    let (h, anna, bob) = Harness::two_users_on(sqlite_store(&path)).await;
    let secret = h
        .create(
            &anna,
            "private",
            &[("given", "Zygfryd"), ("family", "Tajny")],
        )
        .await;
    // Bob makes two tokens; each is shown once, the page lists both by name.
    let page = h.post(&bob, "/settings/token", &[("name", "laptop")]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let laptop = shown_token(&page.text());
    assert_eq!(laptop.len(), 64);
    let ci = shown_token(
        &h.post(&bob, "/settings/token", &[("name", "ci")])
            .await
            .text(),
    );
    assert_eq!(ci.len(), 64);
    let dup = h.post(&bob, "/settings/token", &[("name", "laptop")]).await;
    // Refused in the page, the name kept beside its reason.
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(dup.text().contains("id=\"token-name-error\""));
    assert!(dup.text().contains("value=\"laptop\""));
    let empty = h.post(&bob, "/settings/token", &[("name", " ")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let settings = h.get(&bob, "/settings").await.text();
    assert!(
        settings.contains("laptop") && settings.contains(">ci<"),
        "{settings}"
    );
    assert!(!settings.contains(&laptop), "a token is shown only once");
    let ids = token_ids(&settings);
    assert_eq!(ids.len(), 2, "{settings}");
    assert!(!h.get(&anna, "/settings").await.text().contains("laptop"));
    // A token acts as bob, needs no CSRF header, and has bob's access only.
    let r = h.send(bearer("GET", "/api/v1/me", &laptop, None)).await;
    assert_eq!(r.json()["name"], "bob");
    assert_eq!(r.json()["csrf_token"], serde_json::Value::Null);
    let r = h
        .send(bearer(
            "GET",
            &format!("/api/v1/contacts/{secret}"),
            &laptop,
            None,
        ))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = h
        .send(bearer(
            "POST",
            "/api/v1/contacts",
            &laptop,
            Some(json!({"book": "private", "contact": {"name": {"given": "Przez", "family": "Token"}}})),
        ))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let bobs = r.json()["id"].as_i64().unwrap_or(0);
    // A wrong bearer token is 401 even with a good session cookie: no fallback.
    let req = Request::get("/api/v1/me")
        .header(header::COOKIE, &bob.cookie)
        .header(
            header::AUTHORIZATION,
            "Bearer 0000000000000000000000000000000000000000000000000000000000000000",
        )
        .body(Body::empty())
        .unwrap_or_default();
    assert_eq!(h.send(req).await.status, StatusCode::UNAUTHORIZED);
    // After a restart the tokens still work, and the use is listed.
    let h2 = sqlite_harness(&path);
    let r = h2
        .send(bearer(
            "GET",
            &format!("/api/v1/contacts/{bobs}"),
            &laptop,
            None,
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["name"]["family"], "Token");
    let settings = h2.get(&bob, "/settings").await.text();
    let laptop_row = settings
        .split("<td>laptop</td>")
        .nth(1)
        .and_then(|s| s.split("</tr>").next())
        .unwrap_or("");
    assert!(
        laptop_row.contains("<td class=\"muted\">20"),
        "laptop was used: {laptop_row}"
    );
    assert!(!laptop_row.contains("—"), "{laptop_row}");
    assert_eq!(
        settings.matches("<td class=\"muted\">—</td>").count(),
        1,
        "ci was not"
    );
    // Anna cannot revoke bob's token: not found, and it keeps working.
    let r = h2
        .post(&anna, &format!("/settings/tokens/{}/revoke", ids[0]), &[])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        h2.send(bearer("GET", "/api/v1/me", &laptop, None))
            .await
            .status,
        StatusCode::OK
    );
    // Bob revokes "laptop": 401 from then on, on both servers; "ci" still works.
    let r = h2
        .post(&bob, &format!("/settings/tokens/{}/revoke", ids[0]), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = h2.send(bearer("GET", "/api/v1/me", &laptop, None)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = h
        .send(bearer("GET", "/api/v1/contacts", &laptop, None))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        h.send(bearer("GET", "/api/v1/me", &ci, None)).await.json()["name"],
        "bob"
    );
    let settings = h2.get(&bob, "/settings").await.text();
    assert!(!settings.contains("laptop") && settings.contains(">ci<"));
    let r = h2
        .post(&bob, "/settings/tokens/not-a-number/revoke", &[])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Disabling bob revokes his tokens.
    let r = h2.post(&anna, "/settings/users/bob/disable", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = h2.post(&anna, "/settings/users/bob/enable", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        h2.send(bearer("GET", "/api/v1/me", &ci, None)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn language_follows_the_user_then_the_cookie_then_accept_language() {
    let (_dir, path) = db_file();
    let (h, anna, bob) = Harness::two_users_on(sqlite_store(&path)).await;
    let page = |c: &Client, accept: &str, extra_cookie: &str| {
        let cookie = if extra_cookie.is_empty() {
            c.cookie.clone()
        } else {
            format!("{}; {extra_cookie}", c.cookie)
        };
        Request::get("/contacts?book=business")
            .header(header::COOKIE, cookie)
            .header(header::ACCEPT_LANGUAGE, accept)
            .body(Body::empty())
            .unwrap_or_default()
    };
    let polish = |html: &str| html.contains("lang=\"pl\"") && html.contains("Baza firmowa");
    let english = |html: &str| html.contains("lang=\"en\"") && html.contains("Business book");
    // No setting: the cookie, else Accept-Language.
    assert!(polish(
        &h.send(page(&bob, "pl-PL,pl;q=0.9", "")).await.text()
    ));
    assert!(english(&h.send(page(&bob, "en", "")).await.text()));
    assert!(polish(&h.send(page(&bob, "en", "lang=pl")).await.text()));
    // Bob chooses Polish: kept with him, whatever the browser says.
    let r = h.post(&bob, "/settings/language", &[("lang", "pl")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.header("set-cookie").starts_with("lang=pl;"));
    assert!(polish(&h.send(page(&bob, "en", "")).await.text()));
    assert!(polish(&h.send(page(&bob, "en", "lang=en")).await.text()));
    // In another browser and after a restart too.
    let h2 = sqlite_harness(&path);
    let elsewhere = h2.login("bob").await;
    assert!(polish(
        &h2.send(page(&elsewhere, "en-GB,en", "")).await.text()
    ));
    // Anna's pages are not affected; the login page follows the browser.
    assert!(english(&h2.send(page(&anna, "en", "")).await.text()));
    let login = Request::get("/login")
        .header(header::ACCEPT_LANGUAGE, "en")
        .header(header::COOKIE, "lang=pl")
        .body(Body::empty())
        .unwrap_or_default();
    assert!(h2.send(login).await.text().contains("lang=\"pl\""));
    // Back to English.
    let r = h2
        .post(&elsewhere, "/settings/language", &[("lang", "en")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(english(&h2.send(page(&bob, "pl", "lang=pl")).await.text()));
}

/// The calendar subscription link from the settings page: shown once, works without a
/// password, a new one replaces it, revoking ends it; the page shows the CardDAV address.
#[tokio::test]
async fn calendar_link_from_the_settings_page() {
    let (h, anna, bob) = Harness::two_users().await;
    h.create(
        &anna,
        "private",
        &[
            ("given", "Zygfryd"),
            ("family", "Tajny"),
            ("birthday", "1970-03-04"),
        ],
    )
    .await;
    let settings = h.get(&anna, "/settings").await.text();
    assert!(settings.contains("/dav/</code>"), "{settings}");
    let page = h.post(&anna, "/settings/feed", &[]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let text = page.text();
    let url = text
        .split("id=\"feed-url\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap_or_else(|| panic!("no link shown: {text}"))
        .to_string();
    assert!(text.contains("webcal://"), "{text}");
    let path = url
        .split_once("/dav/")
        .map(|(_, p)| format!("/dav/{p}"))
        .unwrap_or_else(|| panic!("{url}"));
    let anon = Client::default();
    let feed = h.get(&anon, &path).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.text().contains("Zygfryd Tajny"), "{}", feed.text());
    let settings = h.get(&anna, "/settings").await.text();
    assert!(!settings.contains(&path), "the link is shown only once");
    assert!(!h
        .get(&bob, "/settings")
        .await
        .text()
        .contains("action=\"/settings/feed/revoke\""));
    // A new link replaces the old one; revoking ends it.
    let second = h.post(&anna, "/settings/feed", &[]).await.text();
    assert_eq!(h.get(&anon, &path).await.status, StatusCode::NOT_FOUND);
    let path2 = second
        .split("id=\"feed-url\">")
        .nth(1)
        .and_then(|r| r.split_once("/dav/"))
        .and_then(|(_, r)| r.split('<').next())
        .map(|p| format!("/dav/{p}"))
        .unwrap_or_else(|| panic!("{second}"));
    assert_eq!(h.get(&anon, &path2).await.status, StatusCode::OK);
    let r = h.post(&anna, "/settings/feed/revoke", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(h.get(&anon, &path2).await.status, StatusCode::NOT_FOUND);
}

// ---- everyday use: home page, messages, confirmation steps, trash -----------------------

#[tokio::test]
async fn the_home_page_shows_the_day_at_a_glance() {
    let (h, anna, _bob) = Harness::two_users().await;
    let id = h
        .create(
            &anna,
            "business",
            &[("given", "Jan"), ("family", "Solenizant")],
        )
        .await;
    let r = h
        .post(
            &anna,
            &format!("/contacts/{id}/reminders"),
            &[("at", "2020-01-02T10:00"), ("text", "Zaległy telefon")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = h.get(&anna, "/").await;
    assert_eq!(r.status, StatusCode::OK);
    let page = r.text();
    for section in [
        "home-agenda",
        "home-reminders",
        "home-namedays",
        "home-recent",
        "home-cases",
    ] {
        assert!(page.contains(&format!("id=\"{section}\"")), "{section}");
    }
    let reminders = page
        .split("id=\"home-reminders\"")
        .nth(1)
        .unwrap_or_default();
    assert!(reminders.contains("Zaległy telefon"), "{page}");
    let recent = page.split("id=\"home-recent\"").nth(1).unwrap_or_default();
    assert!(recent.contains("Jan Solenizant"), "{page}");
}

#[tokio::test]
async fn every_save_delete_and_copy_says_what_happened() {
    let (h, anna, _bob) = Harness::two_users().await;
    let r = h
        .post(
            &anna,
            "/contacts",
            &[("book", "private"), ("kind", "person"), ("given", "Ola")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().ends_with("?done=created"), "{}", r.location());
    let page = h.get(&anna, &r.location()).await.text();
    assert!(
        page.contains("id=\"flash\"") && page.contains("Contact added."),
        "{page}"
    );
    let id: i64 = r
        .location()
        .trim_start_matches("/contacts/")
        .split('?')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_default();
    let r = h
        .post(
            &anna,
            &format!("/contacts/{id}"),
            &[
                ("book", "private"),
                ("kind", "person"),
                ("given", "Ola"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(r.location(), format!("/contacts/{id}?done=saved"));
    // Only texts of the catalogue are shown: anything else in the address is ignored.
    let page = h
        .get(
            &anna,
            &format!("/contacts/{id}?done=%3Cscript%3Ealert(1)%3C/script%3E"),
        )
        .await
        .text();
    assert!(!page.contains("id=\"flash\"") && !page.contains("alert(1)"));
    let page = h
        .get(&anna, &format!("/contacts/{id}?done=saved"))
        .await
        .text();
    assert!(page.contains("Saved."));
    // Polish too.
    let r = h.post(&anna, "/settings/language", &[("lang", "pl")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = h
        .get(&anna, &format!("/contacts/{id}?done=saved"))
        .await
        .text();
    assert!(page.contains("Zapisano."), "{page}");
    let r = h.post(&anna, &format!("/contacts/{id}/copy"), &[]).await;
    assert!(r.location().ends_with("?done=copied"), "{}", r.location());
    assert!(h
        .get(&anna, &r.location())
        .await
        .text()
        .contains("Skopiowano do bazy firmowej."));
    let r = h.post(&anna, &format!("/contacts/{id}/delete"), &[]).await;
    assert_eq!(r.location(), "/contacts?book=private&done=deleted");
    assert!(h
        .get(&anna, &r.location())
        .await
        .text()
        .contains("przeniesiono do kosza"));
}

#[tokio::test]
async fn delete_and_copy_ask_first_and_say_what_everyone_will_see() {
    let (h, anna, _bob) = Harness::two_users().await;
    let ids = secret_of(&h, &anna).await;
    let id = ids.id;
    // The contact page links to the confirmation steps; nothing is deleted or copied by
    // opening them.
    let view = h.get(&anna, &format!("/contacts/{id}")).await.text();
    assert!(view.contains(&format!("href=\"/contacts/{id}/delete\"")));
    assert!(view.contains(&format!("href=\"/contacts/{id}/copy\"")));
    let r = h.get(&anna, &format!("/contacts/{id}/delete")).await;
    assert_eq!(r.status, StatusCode::OK);
    let page = r.text();
    assert!(page.contains("Move this contact to the trash?"), "{page}");
    assert!(page.contains("30 days"));
    assert!(page.contains(&format!("action=\"/contacts/{id}/delete\"")));
    let r = h.get(&anna, &format!("/contacts/{id}/copy")).await;
    let page = r.text();
    assert!(
        page.contains("Everyone in the office will see the copy"),
        "{page}"
    );
    assert!(
        page.contains("id=\"copy-notes\"") && page.contains("sekret"),
        "{page}"
    );
    assert!(
        page.contains("id=\"copy-files\"") && page.contains("Zygfryd-cv.txt"),
        "{page}"
    );
    assert_eq!(
        h.get(&anna, &format!("/contacts/{id}")).await.status,
        StatusCode::OK
    );
    let r = h.get(&anna, "/contacts?book=business").await;
    assert!(!r.text().contains("Zygfryd"), "nothing was copied");
}

#[tokio::test]
async fn a_deleted_contact_comes_back_from_the_trash_for_its_owner_only() {
    let (h, anna, bob) = Harness::two_users().await;
    let ids = secret_of(&h, &anna).await;
    let id = ids.id;
    let r = h.post(&anna, &format!("/contacts/{id}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        h.get(&anna, &format!("/contacts/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let trash = h.get(&anna, "/trash").await.text();
    assert!(trash.contains("Zygfryd Tajemniczy"), "{trash}");
    let list = h.api(&anna, "GET", "/api/v1/trash", None).await.json();
    let entry = list["items"][0]["id"].as_i64().unwrap_or(0);
    assert_eq!(list["items"][0]["contact_id"], id);
    assert!(entry > 0, "{list}");
    // For bob the entry does not exist.
    let theirs = h.get(&bob, "/trash").await.text();
    assert!(!theirs.contains("Zygfryd"), "{theirs}");
    assert_eq!(
        h.api(&bob, "GET", "/api/v1/trash", None).await.json()["items"],
        json!([])
    );
    for path in [
        format!("/trash/{entry}/restore"),
        format!("/trash/{entry}/purge"),
    ] {
        let r = h.post(&bob, &path, &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    let r = h
        .api(
            &bob,
            "POST",
            &format!("/api/v1/trash/{entry}/restore"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = h
        .api(&bob, "DELETE", &format!("/api/v1/trash/{entry}"), None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = h.post(&bob, "/trash/empty", &[]).await;
    assert_eq!(r.location(), "/trash?done=emptied");
    // Anna restores it with photo, attachment and reminder.
    let r = h.post(&anna, &format!("/trash/{entry}/restore"), &[]).await;
    assert_eq!(r.location(), format!("/contacts/{id}?done=restored"));
    let page = h.get(&anna, &r.location()).await.text();
    assert!(page.contains("Contact restored from the trash."));
    assert!(page.contains("Zygfryd-cv.txt"), "{page}");
    assert_eq!(
        h.get(&anna, &format!("/contacts/{id}/photo")).await.status,
        StatusCode::OK
    );
    let rems = h
        .api(
            &anna,
            "GET",
            &format!("/api/v1/contacts/{id}/reminders"),
            None,
        )
        .await
        .json();
    assert_eq!(rems[0]["text"], "Sekretne spotkanie", "{rems}");
    // Deleted again, then emptied explicitly: gone for good.
    let r = h
        .api(&anna, "DELETE", &format!("/api/v1/contacts/{id}"), None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = h.api(&anna, "POST", "/api/v1/trash/empty", None).await;
    assert_eq!(r.json()["deleted"], 1);
    assert!(h
        .get(&anna, "/trash")
        .await
        .text()
        .contains("The trash is empty."));
}

#[tokio::test]
async fn a_refused_new_user_keeps_the_form_with_the_field_marked() {
    let (h, anna, _bob) = Harness::two_users().await;
    for (name, admin) in [("bob", "1"), ("zła nazwa z spacjami i <b>", "")] {
        let r = h
            .post(
                &anna,
                "/settings/users/add",
                &[("name", name), ("admin", admin)],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let page = r.text();
        assert!(page.contains("id=\"user-name-error\""), "{page}");
        assert!(page.contains("aria-invalid=\"true\""), "{page}");
        let kept = name.replace('<', "&lt;").replace('>', "&gt;");
        assert!(page.contains(&format!("value=\"{kept}\"")), "{page}");
        assert_eq!(
            page.contains("name=\"admin\" value=\"1\" checked"),
            admin == "1",
            "{page}"
        );
        assert!(!page.contains("<b>"), "escaped");
    }
    // Files state their limits in MB.
    let id = h.create(&anna, "business", &[("given", "Ela")]).await;
    let page = h.get(&anna, &format!("/contacts/{id}")).await.text();
    assert!(
        page.contains("at most 5 MB") && page.contains("At most 25 MB"),
        "{page}"
    );
}
