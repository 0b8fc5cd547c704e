//! The mailing pages and API ("Wysyłka"): the button on the list and on "Solenizanci +7
//! dni", recipients with skips, preview, the dry run as a zip of .eml files, template
//! errors shown on the page, the right to send, private books, and a campaign sent through
//! the API to a real SMTP server (aiosmtpd; skipped with a reason without it, failed under
//! CI).

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{self, multipart, Harness};
use axum::http::StatusCode;
use serde_json::json;

async fn office() -> (Harness, common::Client, common::Client) {
    let (h, anna, bob) = Harness::two_users().await;
    for fields in [
        vec![
            ("given", "Żaneta"),
            ("family", "Łęcka"),
            ("gender", "F"),
            ("email_label", "work"),
            ("email_address", "zaneta@example.pl"),
        ],
        vec![
            ("given", "Jan"),
            ("family", "Kowalski"),
            ("gender", "M"),
            ("job_title", "Prezes"),
            ("email_label", "work"),
            ("email_address", "jan@example.pl"),
        ],
        vec![
            ("given", "Adam"),
            ("family", "Wypisany"),
            ("email_label", "work"),
            ("email_address", "adam@example.pl"),
            ("no_mailing", "1"),
        ],
        vec![("given", "Bez"), ("family", "Adresu")],
    ] {
        h.create(&anna, "business", &fields).await;
    }
    h.create(
        &anna,
        "private",
        &[
            ("given", "Zygfryd"),
            ("family", "Tajemniczy"),
            ("email_label", "home"),
            ("email_address", "zygfryd@example.pl"),
        ],
    )
    .await;
    let r = h
        .post(
            &anna,
            "/mailing/settings",
            &[
                ("part", "smtp"),
                ("host", "127.0.0.1"),
                ("port", "2525"),
                ("security", "none"),
                ("from", "biuro@firma.pl"),
                ("from_name", "Biuro"),
                ("rate", "0"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    (h, anna, bob)
}

fn compose(csrf: &str, action: &str, text: &str) -> Vec<u8> {
    multipart(
        &[
            ("_csrf", csrf),
            ("book", "business"),
            ("subject", "Oferta dla {{ given_name }}"),
            ("text", text),
            ("html", ""),
            ("contact", ""),
            ("action", action),
        ],
        Some(("file", "oferta.txt", "text/plain", b"Cennik 2027")),
    )
}

#[tokio::test]
async fn wysylka_from_the_list_previews_dry_runs_and_reports_template_errors() {
    let (h, anna, bob) = office().await;
    // The button on the list carries its filter; "Solenizanci +7 dni" has one too.
    let list = h.get(&anna, "/contacts?book=business").await.text();
    assert!(
        list.contains("href=\"/mailing/new?book=business\""),
        "{list}"
    );
    let upc = h.get(&anna, "/upcoming?days=7").await.text();
    assert!(upc.contains("/mailing/new?upcoming=7"), "{upc}");
    // A list's filter goes over in the mailing's own words: "not contacted for" is its
    // not_contacted, the account manager the user's id; each link opens the same people.
    let me: serde_json::Value =
        serde_json::from_str(&h.get(&anna, "/api/v1/me").await.text()).unwrap_or_default();
    let id = me["id"].as_i64().unwrap_or_default();
    assert!(id > 0, "{me}");
    for (list, link) in [
        (
            "/contacts?book=business&quiet=30".to_string(),
            "/mailing/new?book=business&amp;not_contacted=30".to_string(),
        ),
        (
            format!("/contacts?book=business&manager={id}"),
            format!("/mailing/new?book=business&amp;manager={id}"),
        ),
    ] {
        let page = h.get(&anna, &list).await.text();
        assert!(page.contains(&format!("href=\"{link}\"")), "{list}: {page}");
        let opened = h.get(&anna, &link.replace("&amp;", "&")).await;
        assert_eq!(opened.status, StatusCode::OK, "{link}: {}", opened.text());
    }
    // A category has no place in a mailing's audience: no link that would reach more.
    let page = h
        .get(&anna, "/contacts?book=private&category=family")
        .await
        .text();
    assert!(!page.contains("mailing-link"), "{page}");

    // Recipients with the reason for every one left out.
    let page = h.get(&anna, "/mailing/new?book=business").await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    assert!(text.contains("<strong>4</strong>"), "{text}");
    assert!(
        text.contains("opted out of mailing") && text.contains("no e-mail address"),
        "{text}"
    );
    assert!(!text.contains("Zygfryd"));

    // Preview: the first recipient's exact message.
    let r = h
        .post_multipart(
            &anna,
            "/mailing/new",
            compose(
                &anna.csrf,
                "preview",
                "{{ salutation }}, {{ position | default(\"\") }}",
            ),
        )
        .await;
    let text = r.text();
    assert_eq!(r.status, StatusCode::OK, "{text}");
    assert!(
        text.contains("Oferta dla Jan") && text.contains("Szanowny Panie, Prezes"),
        "{text}"
    );

    // A placeholder empty for someone: the page says who and which, nothing is sent.
    let r = h
        .post_multipart(
            &anna,
            "/mailing/new",
            compose(&anna.csrf, "send", "{{ salutation }}, {{ position }}"),
        )
        .await;
    let text = r.text();
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(
        text.contains("id=\"compose-text-error\"")
            && text.contains("Żaneta Łęcka")
            && text.contains("position"),
        "{text}"
    );
    let none = h
        .api(&anna, "GET", "/api/v1/mailing/campaigns", None)
        .await
        .json();
    assert_eq!(none, json!([]));

    // The dry run: a zip with one .eml per recipient, the attachment in each.
    let r = h
        .post_multipart(
            &anna,
            "/mailing/new",
            compose(&anna.csrf, "dry_run", "{{ salutation }}"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), "application/zip");
    let bytes = r.body.clone();
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(zip.len(), 2);
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap_or_else(|e| panic!("{e}"));
        let mut eml = String::new();
        f.read_to_string(&mut eml).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(eml.matches("\r\nTo: ").count(), 1, "{eml}");
        assert!(eml.contains("filename=\"oferta.txt\""), "{eml}");
        assert!(
            eml.contains("List-Unsubscribe: <mailto:biuro@firma.pl?subject=unsubscribe>"),
            "{eml}"
        );
    }

    // Bob: no right to send campaigns, and anna's private contact is nowhere.
    let r = h
        .post_multipart(&bob, "/mailing/new", compose(&bob.csrf, "send", "x"))
        .await;
    assert!(r.text().contains("may not send campaigns"), "{}", r.text());
    let all = h
        .api(&bob, "GET", "/api/v1/mailing/audience?all=1", None)
        .await
        .json();
    assert!(!all.to_string().contains("Zygfryd"), "{all}");
    // An account manager by id or name, for a user who may not list the users either.
    for manager in [id.to_string(), "ANNA".to_string()] {
        let r = h
            .api(
                &bob,
                "GET",
                &format!("/api/v1/mailing/audience?book=business&manager={manager}"),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "manager={manager}: {}", r.text());
    }
    let r = h
        .api(&bob, "GET", "/api/v1/mailing/audience?manager=nobody", None)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("no user 'nobody'"), "{}", r.text());
    let mine = h
        .api(&anna, "GET", "/api/v1/mailing/audience?book=private", None)
        .await
        .json();
    assert_eq!(mine["matched"], 1, "{mine}");

    // The API: audience, preview; a campaign of someone else's is not found.
    let aud = h
        .api(
            &anna,
            "GET",
            "/api/v1/mailing/audience?book=business&limit=10",
            None,
        )
        .await
        .json();
    assert_eq!(aud["matched"], 4, "{aud}");
    let skips: Vec<_> = aud["recipients"]
        .as_array()
        .map(|a| a.iter().map(|r| r["skip"].clone()).collect())
        .unwrap_or_default();
    assert!(
        skips.contains(&json!("opted_out")) && skips.contains(&json!("no_email")),
        "{aud}"
    );
    let jan = aud["recipients"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["name"] == "Jan Kowalski").cloned())
        .unwrap_or_default();
    let p = h
        .api(&anna, "POST", "/api/v1/mailing/preview", Some(json!({"subject": "Dla {{ given_name }}", "text": "{{ salutation }}", "contact": jan["id"]})))
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.text());
    assert_eq!(p.json()["subject"], "Dla Jan");
    assert_eq!(p.json()["to"]["address"], "jan@example.pl");
    let r = h
        .api(
            &bob,
            "POST",
            "/api/v1/mailing/campaigns",
            Some(json!({"audience": {"book": "business"}, "subject": "x", "text": "y"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn a_campaign_sent_through_the_api_reaches_a_real_smtp_server() {
    let have = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !have {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 with aiosmtpd is required (pip install aiosmtpd)"
        );
        eprintln!("SKIPPED: python3 with aiosmtpd not found (pip install aiosmtpd)");
        return;
    }
    let (h, anna, _bob) = office().await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let port = free_port();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../contacts-mail/tests/smtp_sink.py");
    let mut sink = Command::new("python3")
        .arg(&script)
        .args(["--port", &port.to_string(), "--dir"])
        .arg(dir.path())
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let start = Instant::now();
    while !dir.path().join("ready").exists() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the SMTP sink did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let port_s = port.to_string();
    let r = h
        .post(
            &anna,
            "/mailing/settings",
            &[
                ("part", "smtp"),
                ("host", "127.0.0.1"),
                ("port", &port_s),
                ("security", "none"),
                ("from", "biuro@firma.pl"),
                ("rate", "0"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = h
        .api(&anna, "POST", "/api/v1/mailing/campaigns", Some(json!({"audience": {"book": "business"}, "subject": "Zaproszenie – {{ given_name }}", "text": "{{ salutation }},\nzapraszamy.", "send": true})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap_or_default();
    let start = Instant::now();
    let status = loop {
        let s = h
            .api(
                &anna,
                "GET",
                &format!("/api/v1/mailing/campaigns/{id}"),
                None,
            )
            .await
            .json();
        if s["state"] == "done" || s["state"] == "stopped" {
            break s;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "{s}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let _ = sink.kill();
    let _ = sink.wait();
    assert_eq!(status["state"], "done", "{status}");
    assert_eq!(status["counts"]["sent"], 2, "{status}");
    let mut subjects = Vec::new();
    for e in std::fs::read_dir(dir.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
    {
        if e.path().extension().is_some_and(|x| x == "json") {
            let m: serde_json::Value =
                serde_json::from_slice(&std::fs::read(e.path()).unwrap_or_default())
                    .unwrap_or_default();
            assert_eq!(m["rcpt_tos"].as_array().map(Vec::len), Some(1));
            subjects.push(m["subject"].as_str().unwrap_or_default().to_string());
        }
    }
    subjects.sort();
    assert_eq!(subjects, vec!["Zaproszenie – Jan", "Zaproszenie – Żaneta"]);
    // The campaign page shows the report.
    let page = h.get(&anna, &format!("/mailing/{id}")).await.text();
    assert!(page.contains("250 2.0.0 OK"), "{page}");
}
