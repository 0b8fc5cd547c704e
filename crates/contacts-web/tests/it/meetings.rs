//! HTTP tests of the due-reminder counter, the day plan's highlights, meetings (form, agenda
//! of each participant, calendar feed, API) and occasion alerts.

use crate::common;

use axum::http::StatusCode;
use common::{Client, Harness};
use serde_json::json;

fn today(h: &Harness) -> chrono::NaiveDate {
    h.state
        .service()
        .today()
        .unwrap_or_else(|e| panic!("today: {e}"))
}

async fn remind(h: &Harness, c: &Client, contact: i64, at: &str, text: &str) {
    let r = h
        .post(
            c,
            &format!("/contacts/{contact}/reminders"),
            &[("at", at), ("text", text)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
}

/// The text of the counter in the top bar of a page.
fn counter(page: &str) -> String {
    let at = page
        .find("id=\"due-counter\"")
        .unwrap_or_else(|| panic!("no counter in {page}"));
    let rest = &page[at..];
    let rest = &rest[rest.find('>').map_or(0, |i| i + 1)..];
    let end = rest.find("</a>").unwrap_or(rest.len());
    let mut out = String::new();
    let mut in_tag = false;
    for ch in rest[..end].chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn every_page_counts_my_due_reminders_and_the_agenda_highlights_them() {
    let (h, anna, bob) = Harness::two_users().await;
    let client = h
        .create(&anna, "business", &[("given", "Jan"), ("family", "Klient")])
        .await;
    let mine = h
        .create(&anna, "private", &[("given", "Ola"), ("family", "Moja")])
        .await;
    let yesterday = today(&h) - chrono::Days::new(1);
    remind(&h, &anna, client, &format!("{yesterday}T09:00"), "Zaległe").await;
    remind(
        &h,
        &anna,
        mine,
        &format!("{}T23:59", today(&h)),
        "Dziś prywatne",
    )
    .await;
    for path in ["/contacts?book=business", "/agenda", "/cases", "/settings"] {
        let page = h.get(&anna, path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(counter(&page.text()), "🔔 2 1 overdue", "{path}");
        assert_eq!(counter(&h.get(&bob, path).await.text()), "🔔 0", "{path}");
    }
    let agenda = h.get(&anna, "/agenda").await.text();
    assert!(agenda.contains("<li class=\"overdue\">"), "{agenda}");
    assert!(agenda.contains("<li class=\"due-today\">"), "{agenda}");
    // Take over is offered on the business reminder only, never on the private one.
    let takes = agenda.matches("/take\"").count();
    assert_eq!(takes, 1, "{agenda}");
    let own = h.get(&anna, &format!("/contacts/{mine}")).await.text();
    assert!(!own.contains("/take\""), "{own}");
    let api = h.api(&anna, "GET", "/api/v1/reminders", None).await.json();
    let can: Vec<(String, bool)> = api
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|r| {
            (
                r["text"].as_str().unwrap_or("").to_string(),
                r["can_take"].as_bool().unwrap_or(true),
            )
        })
        .collect();
    assert_eq!(
        can,
        [
            ("Zaległe".to_string(), true),
            ("Dziś prywatne".to_string(), false)
        ]
    );
    let due = h.api(&anna, "GET", "/api/v1/me/due", None).await.json();
    assert_eq!(due, json!({"due": 2, "overdue": 1}));
}

#[tokio::test]
async fn a_meeting_is_planned_on_the_form_and_shown_to_each_participant() {
    let (h, anna, bob) = Harness::two_users().await;
    let client = h
        .create(&anna, "business", &[("given", "Jan"), ("family", "Klient")])
        .await;
    let day = today(&h) + chrono::Days::new(1);
    let start = format!("{day}T10:30");
    // A bad value keeps what was typed and names the field.
    let r = h
        .post(
            &anna,
            "/meetings",
            &[
                ("title", "Omówienie oferty"),
                ("start", &start),
                ("minutes", "dużo"),
                ("place", "Sala 2"),
                ("contact", &client.to_string()),
                ("participant", "anna"),
                ("participant", "bob"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text();
    assert!(page.contains("id=\"meeting-minutes-error\""), "{page}");
    assert!(
        page.contains("aria-describedby=\"meeting-minutes-error\""),
        "{page}"
    );
    assert!(page.contains("value=\"Omówienie oferty\""), "{page}");
    assert!(page.contains("value=\"Sala 2\""), "{page}");
    let r = h
        .post(
            &anna,
            "/meetings",
            &[
                ("title", "Omówienie oferty"),
                ("start", &start),
                ("minutes", "45"),
                ("place", "Sala 2"),
                ("contact", &client.to_string()),
                ("participant", "anna"),
                ("participant", "bob"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(
        r.location(),
        format!("/contacts/{client}?done=saved#meetings")
    );
    let card = h.get(&bob, &format!("/contacts/{client}")).await.text();
    assert!(card.contains("Omówienie oferty"), "{card}");
    for who in [&anna, &bob] {
        let agenda = h.get(who, &format!("/agenda?date={day}")).await.text();
        assert!(agenda.contains("Omówienie oferty"), "{agenda}");
        assert!(agenda.contains("10:30"), "{agenda}");
        let ics = h.get(who, "/calendar.ics").await.text();
        assert!(ics.contains("SUMMARY:Omówienie oferty"), "{ics}");
        assert!(ics.contains("DURATION:PT45M"), "{ics}");
    }
    // Through the API: bob moves it and takes anna off it.
    let list = h
        .api(&bob, "GET", "/api/v1/meetings?mine=1", None)
        .await
        .json();
    let id = list[0]["id"].as_i64().unwrap_or(0);
    assert_eq!(list[0]["participants"], json!(["anna", "bob"]));
    let r = h
        .api(
            &bob,
            "PUT",
            &format!("/api/v1/meetings/{id}"),
            Some(json!({"version": 1, "participants": ["bob"], "start": format!("{day} 12:00")})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["start"], format!("{day} 12:00"));
    let stale = h
        .api(
            &bob,
            "PUT",
            &format!("/api/v1/meetings/{id}"),
            Some(json!({"version": 1, "title": "x"})),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text());
    let agenda = h.get(&anna, &format!("/agenda?date={day}")).await.text();
    assert!(!agenda.contains("Omówienie oferty"), "{agenda}");
    let bad = h
        .api(
            &anna,
            "POST",
            "/api/v1/meetings",
            Some(json!({"title": "x", "start": format!("{day} 10:00")})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["field"], "contact", "{}", bad.text());
    let r = h.post(&bob, &format!("/meetings/{id}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let gone = h
        .api(&bob, "GET", &format!("/api/v1/meetings/{id}"), None)
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_birthday_alert_comes_days_before_on_the_agenda_and_in_the_feed() {
    let (h, anna, bob) = Harness::two_users().await;
    let birthday = today(&h) + chrono::Days::new(5);
    let id = h
        .create(
            &anna,
            "business",
            &[
                ("given", "Klara"),
                ("family", "Urodzinowa"),
                ("birthday", &format!("1990-{}", birthday.format("%m-%d"))),
            ],
        )
        .await;
    let r = h
        .post(
            &anna,
            &format!("/contacts/{id}/alerts"),
            &[("birthday", "3"), ("nameday", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let card = h.get(&anna, &format!("/contacts/{id}")).await.text();
    assert!(
        card.contains("name=\"birthday\" min=\"0\" max=\"60\" value=\"3\""),
        "{card}"
    );
    let on = today(&h) + chrono::Days::new(2);
    let agenda = h.get(&anna, &format!("/agenda?date={on}")).await.text();
    assert!(agenda.contains("<li class=\"alert\">"), "{agenda}");
    assert!(
        agenda.contains(&birthday.format("%Y-%m-%d").to_string()),
        "{agenda}"
    );
    let theirs = h.get(&bob, &format!("/agenda?date={on}")).await.text();
    assert!(!theirs.contains("<li class=\"alert\">"), "{theirs}");
    let ics = h.get(&anna, "/calendar.ics").await.text();
    assert!(ics.contains("TRIGGER:-P3D"), "{ics}");
    let bad = h
        .post(
            &anna,
            &format!("/contacts/{id}/alerts"),
            &[("birthday", "trzy")],
        )
        .await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        bad.text()
    );
    let api = h
        .api(
            &anna,
            "PUT",
            &format!("/api/v1/contacts/{id}/alerts/nameday"),
            Some(json!({"days_before": 1})),
        )
        .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.text());
    let list = h
        .api(&anna, "GET", &format!("/api/v1/contacts/{id}/alerts"), None)
        .await
        .json();
    assert_eq!(
        list,
        json!([
            {"contact_id": id, "kind": "birthday", "days_before": 3},
            {"contact_id": id, "kind": "nameday", "days_before": 1}
        ])
    );
}
