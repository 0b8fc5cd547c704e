//! Forms refused inside their page (issue 14 item 6): the bulk account-manager form of the
//! list, removing a used group or status, the mailing forms; and the core's reasons said
//! in Polish to a Polish reader (item 4).

use crate::common;

use axum::http::StatusCode;
use common::{multipart, Client, Harness};

/// The opening tag of the element holding `needle` (an attribute such as `name="user"`).
fn tag_of<'a>(html: &'a str, needle: &str) -> &'a str {
    let at = html
        .find(needle)
        .unwrap_or_else(|| panic!("no {needle} in {html}"));
    let start = html[..at].rfind('<').unwrap_or(0);
    let end = at + html[at..].find('>').unwrap_or(0);
    &html[start..end]
}

/// Whether the element holding `needle` is marked as refused, with its message tied to it.
fn marked(html: &str, needle: &str) -> bool {
    let tag = tag_of(html, needle);
    let Some(id) = tag
        .split("aria-describedby=\"")
        .nth(1)
        .and_then(|v| v.split('"').next())
    else {
        return false;
    };
    let class = tag
        .split("class=\"")
        .nth(1)
        .and_then(|v| v.split('"').next())
        .unwrap_or("");
    tag.contains("aria-invalid=\"true\"")
        && class.split(' ').any(|c| c == "invalid")
        && html.contains(&format!("id=\"{id}\""))
}

async fn bob_id<S: contacts_core::store::Store + 'static>(h: &Harness<S>, c: &Client) -> i64 {
    let users = h.api(c, "GET", "/api/v1/users", None).await.json();
    users
        .as_array()
        .and_then(|a| a.iter().find(|u| u["name"] == "bob"))
        .and_then(|u| u["id"].as_i64())
        .unwrap_or(0)
}

/// The bulk account-manager form of the business list answers bad input inside the list:
/// 422, the field at fault marked, the ticks and the chosen user kept.
#[tokio::test]
async fn the_bulk_manager_form_is_refused_inside_the_list() {
    let (h, anna, _bob) = Harness::two_users().await;
    let jan = h
        .create(&anna, "business", &[("given", "Jan"), ("family", "Nowak")])
        .await;
    let adam = h
        .create(
            &anna,
            "business",
            &[("given", "Adam"), ("family", "Kowalski")],
        )
        .await;
    let bob = bob_id(&h, &anna).await;
    let back = "%2Fcontacts%3Fbook%3Dbusiness%26sort%3Dchanged";
    // No contact ticked: the ticks' field is marked, bob stays chosen.
    let r = h
        .post_raw(
            &anna,
            "/contacts/managers",
            &format!("_csrf={}&user={bob}&back={back}", anna.csrf),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let page = r.text();
    assert!(page.contains("id=\"bulk-form\""), "{page}");
    assert!(marked(&page, "id=\"bulk-id\""), "{page}");
    assert!(!marked(&page, "name=\"user\""), "{page}");
    assert!(page.contains("pick at least one contact"), "{page}");
    assert!(
        page.contains(&format!("<option value=\"{bob}\" selected>")),
        "{page}"
    );
    // In Polish, the core's reason too.
    let pl = Client {
        cookie: format!("{}; lang=pl", anna.cookie),
        ..anna.clone()
    };
    let r = h
        .post_raw(
            &pl,
            "/contacts/managers",
            &format!("_csrf={}&user={bob}&back={back}", anna.csrf),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(
        r.text().contains("zaznacz co najmniej jeden kontakt"),
        "{}",
        r.text()
    );
    // The list's own choices (sort by last change) are kept.
    assert!(
        page.contains("<option value=\"changed\" selected>"),
        "{page}"
    );
    // An unknown user: the user field is marked, both ticks kept, nothing changed.
    let r = h
        .post_raw(
            &anna,
            "/contacts/managers",
            &format!(
                "_csrf={}&id={jan}&id={adam}&user=999&back={back}",
                anna.csrf
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let page = r.text();
    assert!(marked(&page, "name=\"user\""), "{page}");
    for id in [jan, adam] {
        let tag = tag_of(&page, &format!("name=\"id\" value=\"{id}\""));
        assert!(tag.contains("checked"), "{tag}");
    }
    // Not a user id at all.
    let r = h
        .post_raw(
            &anna,
            "/contacts/managers",
            &format!("_csrf={}&id={jan}&user=x&back={back}", anna.csrf),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(marked(&r.text(), "name=\"user\""), "{}", r.text());
    // More ids than one change may hold.
    let many = format!("id={jan}&").repeat(contacts_core::service::MAX_BULK + 1);
    let r = h
        .post_raw(
            &anna,
            "/contacts/managers",
            &format!("_csrf={}&{many}user={bob}&back={back}", anna.csrf),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(marked(&r.text(), "id=\"bulk-id\""));
    assert!(r.text().contains("more than the limit"), "{}", r.text());
    let list = h
        .get(&anna, &format!("/contacts?book=business&manager={bob}"))
        .await
        .text();
    assert!(!list.contains("Jan Nowak"), "{list}");
    // A right form still works.
    let r = h
        .post_raw(
            &anna,
            "/contacts/managers",
            &format!("_csrf={}&id={jan}&user={bob}&back={back}", anna.csrf),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
}

/// Removing a group or a status that contacts hold is refused in its row of the settings
/// page (422), saying how many hold it; only an admin is offered, and may ask for, its
/// removal from them all; an unused one goes at once.
#[tokio::test]
async fn a_used_group_or_status_is_kept_and_the_row_says_how_many_hold_it() {
    let (h, anna, bob) = Harness::two_users().await;
    for (list, name) in [("groups", "VIP"), ("statuses", "Stały klient")] {
        let r = h
            .api(
                &anna,
                "POST",
                &format!("/api/v1/lists/{list}"),
                Some(serde_json::json!({ "name": name })),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let id = r.json()["id"].as_i64().unwrap_or(0).to_string();
        let field = if list == "groups" { "group" } else { "status" };
        for given in ["Jan", "Adam"] {
            h.create(
                &anna,
                "business",
                &[("given", given), ("family", "Nowak"), (field, &id)],
            )
            .await;
        }
        let path = format!("/settings/lists/{list}/remove");
        // bob: refused, the row marked, no offer to remove it from the contacts.
        let r = h.post(&bob, &path, &[("name", name)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
        let page = r.text();
        let row = format!("remove-{name}-name-error");
        let row_id = row.replace(' ', "-");
        assert!(page.contains(&format!("id=\"{row_id}\"")), "{page}");
        assert!(
            page.contains(&format!("aria-describedby=\"{row_id}\"")),
            "{page}"
        );
        assert!(page.contains("2 contact(s) hold this entry"), "{page}");
        assert!(!page.contains("name=\"even_if_used\""), "{page}");
        // bob cannot force it either.
        let r = h
            .post(&bob, &path, &[("name", name), ("even_if_used", "1")])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
        // anna (admin) is offered the removal from every contact, in Polish too.
        let pl = Client {
            cookie: format!("{}; lang=pl", anna.cookie),
            ..anna.clone()
        };
        let r = h.post(&pl, &path, &[("name", name)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
        let page = r.text();
        assert!(page.contains("Ten wpis ma kontaktów: 2"), "{page}");
        assert!(page.contains("name=\"even_if_used\""), "{page}");
        let still = h
            .get(&anna, &format!("/settings/lists/{list}"))
            .await
            .text();
        assert!(still.contains(name), "{still}");
        let r = h
            .post(&anna, &path, &[("name", name), ("even_if_used", "1")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let gone = h
            .get(&anna, &format!("/settings/lists/{list}"))
            .await
            .text();
        assert!(!gone.contains(&format!("value=\"{name}\"")), "{gone}");
    }
    // The API removes by the same rule: a used entry is refused (422, how many hold it)
    // unless an admin asks `?force=true` (anyone else: 403).
    let r = h
        .api(
            &anna,
            "POST",
            "/api/v1/lists/groups",
            Some(serde_json::json!({ "name": "Targi" })),
        )
        .await;
    let id = r.json()["id"].as_i64().unwrap_or(0).to_string();
    let jan = h
        .create(
            &anna,
            "business",
            &[("given", "Jan"), ("family", "Targowy"), ("group", &id)],
        )
        .await;
    for (who, path, status) in [
        (
            &bob,
            "/api/v1/lists/groups/Targi",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            &anna,
            "/api/v1/lists/groups/Targi",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            &anna,
            "/api/v1/lists/groups/Targi?force=false",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            &bob,
            "/api/v1/lists/groups/Targi?force=true",
            StatusCode::FORBIDDEN,
        ),
    ] {
        let r = h.api(who, "DELETE", path, None).await;
        assert_eq!(r.status, status, "{path}: {}", r.text());
        assert!(r.text().contains("held by 1 contact"), "{}", r.text());
    }
    let groups = |card: serde_json::Value| card["groups"].clone();
    let card = h
        .api(&anna, "GET", &format!("/api/v1/contacts/{jan}"), None)
        .await;
    assert_eq!(
        groups(card.json()),
        serde_json::json!([id.parse::<i64>().unwrap_or(0)])
    );
    let r = h
        .api(
            &anna,
            "DELETE",
            "/api/v1/lists/groups/Targi?force=true",
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let card = h
        .api(&anna, "GET", &format!("/api/v1/contacts/{jan}"), None)
        .await;
    assert_eq!(groups(card.json()), serde_json::json!([]));
    // An unused entry goes at once, for anyone.
    h.api(
        &anna,
        "POST",
        "/api/v1/lists/groups",
        Some(serde_json::json!({ "name": "Pusta" })),
    )
    .await;
    let r = h
        .post(&bob, "/settings/lists/groups/remove", &[("name", "Pusta")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
}

/// The mail settings forms and the compose form mark the one field at fault (422,
/// `aria-invalid`, the `invalid` class, the message tied by `aria-describedby`) and keep
/// what was typed.
#[tokio::test]
async fn the_mailing_forms_mark_the_field_at_fault_and_keep_the_input() {
    let (h, anna, _bob) = Harness::two_users().await;
    h.create(
        &anna,
        "business",
        &[
            ("given", "Jan"),
            ("family", "Kowalski"),
            ("email_label", "work"),
            ("email_address", "jan@example.pl"),
        ],
    )
    .await;
    // SMTP: a port that is not one.
    let smtp = [
        ("part", "smtp"),
        ("host", "poczta.firma.pl"),
        ("port", "dwa"),
        ("security", "tls"),
        ("from", "biuro@firma.pl"),
        ("from_name", "Biuro Rachunkowe"),
        ("rate", "0"),
    ];
    let r = h.post(&anna, "/mailing/settings", &smtp).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let page = r.text();
    assert!(marked(&page, "name=\"port\""), "{page}");
    assert!(!marked(&page, "name=\"host\""), "{page}");
    assert!(
        tag_of(&page, "name=\"port\"").contains("value=\"dwa\""),
        "{page}"
    );
    assert!(
        tag_of(&page, "name=\"from_name\"").contains("value=\"Biuro Rachunkowe\""),
        "{page}"
    );
    assert!(page.contains("<option value=\"tls\" selected>"), "{page}");
    // A sender address no server accepts: that field, the others kept.
    let mut bad = smtp;
    bad[2] = ("port", "587");
    bad[4] = ("from", "biuro(at)firma");
    let r = h.post(&anna, "/mailing/settings", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(marked(&r.text(), "name=\"from\""), "{}", r.text());
    assert!(!marked(&r.text(), "name=\"port\""), "{}", r.text());
    // The profile: a wrong address; the signature typed is kept.
    let r = h
        .post(
            &anna,
            "/mailing/settings",
            &[
                ("part", "profile"),
                ("name", "Anna Nowak"),
                ("address", "anna-bez-malpy"),
                ("signature", "Pozdrawiam, Anna"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let page = r.text();
    assert!(marked(&page, "name=\"address\""), "{page}");
    assert!(page.contains("Pozdrawiam, Anna</textarea>"), "{page}");
    assert!(
        tag_of(&page, "name=\"name\" maxlength").contains("value=\"Anna Nowak\""),
        "{page}"
    );
    // Compose: no subject; the subject is marked and the text kept.
    let body = multipart(
        &[
            ("_csrf", anna.csrf.as_str()),
            ("book", "business"),
            ("subject", ""),
            ("text", "Dzień dobry, zapraszamy"),
            ("action", "preview"),
        ],
        None,
    );
    let r = h.post_multipart(&anna, "/mailing/new", body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let page = r.text();
    assert!(marked(&page, "name=\"subject\""), "{page}");
    assert!(!marked(&page, "name=\"text\""), "{page}");
    assert!(
        page.contains("Dzień dobry, zapraszamy</textarea>"),
        "{page}"
    );
}
