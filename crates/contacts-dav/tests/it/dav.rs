//! CardDAV as DAVx⁵ and iOS/macOS Contacts speak it: a replay of their set-up and refresh
//! requests (statuses and properties checked), the isolation sweep, bad input and sign-in.

use crate::common::*;
use axum::http::StatusCode;
use contacts_core::model::{ContactData, Language};
use contacts_core::service::BookKind;

const MS: StatusCode = StatusCode::MULTI_STATUS;

/// DAVx⁵ / iOS first set-up: well-known, principal, home, both books with their
/// properties; then a first sync, a card from the phone, a refresh that sends only that,
/// an edit with a stale ETag refused, a delete seen as a tombstone.
#[tokio::test]
async fn replay_of_davx5_and_ios_setup_and_refresh() {
    let h = Harness::new();
    let s = h.service();
    let biz = s
        .create(
            &h.anna,
            BookKind::Business,
            ContactData::person("Adam", "Łęcki"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let own = s
        .create(
            &h.anna,
            BookKind::Private,
            ContactData::person("Ola", "Prywatna"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let me = h.anna.id().0;

    // Discovery.
    let r = h
        .dav(
            "anna",
            "PROPFIND",
            "/.well-known/carddav",
            &[("depth", "0")],
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(r.header("location"), "/dav/");
    let r = h
        .dav(
            "anna",
            "PROPFIND",
            "/dav/",
            &[("depth", "0")],
            &propfind_body(&["d:current-user-principal", "d:resourcetype"]),
        )
        .await;
    assert_eq!(r.status, MS, "{}", r.body);
    let principal = format!("/dav/principals/{me}/");
    assert_eq!(
        one_of(&one_of(&r.body, "d:current-user-principal"), "d:href"),
        principal
    );
    let r = h
        .dav(
            "anna",
            "PROPFIND",
            &principal,
            &[("depth", "0")],
            &propfind_body(&[
                "card:addressbook-home-set",
                "d:displayname",
                "d:principal-URL",
                "card:principal-address",
            ]),
        )
        .await;
    assert_eq!(r.status, MS);
    let home = format!("/dav/books/{me}/");
    assert_eq!(
        one_of(&one_of(&r.body, "card:addressbook-home-set"), "d:href"),
        home
    );
    assert_eq!(one_of(&r.body, "d:displayname"), "anna");
    assert!(
        r.body.contains("<card:principal-address/>"),
        "unknown property is a 404 propstat: {}",
        r.body
    );
    assert!(r.body.contains("HTTP/1.1 404 Not Found"));

    let book_props = [
        "d:resourcetype",
        "d:displayname",
        "card:addressbook-description",
        "cs:getctag",
        "d:sync-token",
        "d:current-user-privilege-set",
        "d:supported-report-set",
        "card:supported-address-data",
    ];
    let r = h
        .dav(
            "anna",
            "PROPFIND",
            &home,
            &[("depth", "1")],
            &propfind_body(&book_props),
        )
        .await;
    assert_eq!(r.status, MS);
    let hrefs = all_of(&r.body, "d:href");
    let private = format!("{home}private/");
    let business = format!("{home}business/");
    assert_eq!(
        hrefs,
        vec![home.clone(), private.clone(), business.clone()],
        "{}",
        r.body
    );
    assert_eq!(
        all_of(&r.body, "d:displayname"),
        vec!["Moje kontakty", "Kontakty firmowe"]
    );
    assert_eq!(r.body.matches("<card:addressbook/>").count(), 2);
    assert!(
        r.body.contains("<d:sync-collection/>") && r.body.contains("<card:addressbook-multiget/>")
    );
    assert!(r.body.contains("<d:write-content/>"));
    assert!(r.body.contains("version=\"4.0\""));
    // In English once the user chose it.
    s.set_language(&h.anna, Some(Language::English))
        .unwrap_or_else(|e| panic!("{e}"));
    let r = h
        .dav(
            "anna",
            "PROPFIND",
            &business,
            &[("depth", "0")],
            &propfind_body(&["d:displayname", "card:addressbook-description"]),
        )
        .await;
    assert_eq!(one_of(&r.body, "d:displayname"), "Business contacts");
    assert!(one_of(&r.body, "card:addressbook-description").contains("visible to every user"));

    // PROPFIND depth 1 on a book lists its cards with ETags (DAVx⁵ without sync support).
    let r = h
        .dav(
            "anna",
            "PROPFIND",
            &business,
            &[("depth", "1")],
            &propfind_body(&["d:getetag", "d:getcontenttype"]),
        )
        .await;
    assert_eq!(r.status, MS);
    let biz_href = format!("{business}{}.vcf", biz.id);
    assert_eq!(
        all_of(&r.body, "d:href"),
        vec![business.clone(), biz_href.clone()],
        "{}",
        r.body
    );
    assert_eq!(all_of(&r.body, "d:getetag")[0], format!("\"{}-1\"", biz.id));

    // First sync-collection: every card and a token.
    let r = h
        .dav(
            "anna",
            "REPORT",
            &private,
            &[("depth", "1")],
            &sync_body("", &["d:getetag"]),
        )
        .await;
    assert_eq!(r.status, MS, "{}", r.body);
    assert_eq!(
        all_of(&r.body, "d:href"),
        vec![format!("{private}{}.vcf", own.id)]
    );
    let token = one_of(&r.body, "d:sync-token");
    // Nothing changed: nothing sent, same token.
    let r = h
        .dav(
            "anna",
            "REPORT",
            &private,
            &[],
            &sync_body(&token, &["d:getetag"]),
        )
        .await;
    assert_eq!(r.status, MS);
    assert!(all_of(&r.body, "d:href").is_empty(), "{}", r.body);
    assert_eq!(one_of(&r.body, "d:sync-token"), token);

    // The phone adds a card under its own name.
    let card_href = format!("{private}F00D-1.vcf");
    let r = h
        .dav(
            "anna",
            "PUT",
            &card_href,
            &[("if-none-match", "*"), ("content-type", "text/vcard")],
            CARD_ZOFIA,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = h
        .dav(
            "anna",
            "PUT",
            &card_href,
            &[("if-none-match", "*")],
            CARD_ZOFIA,
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::PRECONDITION_FAILED,
        "a second create is refused"
    );
    let r = h
        .dav(
            "anna",
            "REPORT",
            &private,
            &[],
            &sync_body(&token, &["d:getetag"]),
        )
        .await;
    assert_eq!(
        all_of(&r.body, "d:href"),
        vec![card_href.clone()],
        "only the new card: {}",
        r.body
    );
    let token2 = one_of(&r.body, "d:sync-token");
    assert_ne!(token2, token);
    let tag = one_of(&r.body, "d:getetag");

    // iOS fetches it with a multiget, in vCard 4.0 when asked.
    let multiget = format!(
        "<card:addressbook-multiget xmlns:d=\"DAV:\" xmlns:card=\"urn:ietf:params:xml:ns:carddav\">\
         <d:prop><d:getetag/><card:address-data version=\"4.0\"/></d:prop>\
         <d:href>{card_href}</d:href><d:href>{private}missing.vcf</d:href></card:addressbook-multiget>"
    );
    let r = h
        .dav("anna", "REPORT", &private, &[("depth", "1")], &multiget)
        .await;
    assert_eq!(r.status, MS);
    let data = one_of(&r.body, "card:address-data");
    assert!(data.contains("VERSION:4.0"), "{data}");
    assert!(data.contains("UID:zofia-1"), "{data}");
    assert!(data.contains("X-PHONE-APP-THING:kept"), "{data}");
    assert!(
        r.body.contains(&format!(
            "{private}missing.vcf</d:href><d:status>HTTP/1.1 404 Not Found"
        )),
        "{}",
        r.body
    );
    let r = h.dav("anna", "GET", &card_href, &[], "").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("etag"), tag);
    assert!(
        r.body.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\n"),
        "{}",
        r.body
    );
    let r = h
        .dav("anna", "GET", &card_href, &[("if-none-match", &tag)], "")
        .await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);

    // addressbook-query: diacritics and case ignored, phone by digits.
    for (prop, text) in [("FN", "zak"), ("EMAIL", "ZOFIA@"), ("TEL", "601234")] {
        let q = format!(
            "<card:addressbook-query xmlns:d=\"DAV:\" xmlns:card=\"urn:ietf:params:xml:ns:carddav\">\
             <d:prop><d:getetag/></d:prop><card:filter><card:prop-filter name=\"{prop}\">\
             <card:text-match collation=\"i;unicode-casemap\" match-type=\"contains\">{text}</card:text-match>\
             </card:prop-filter></card:filter></card:addressbook-query>"
        );
        let r = h
            .dav("anna", "REPORT", &private, &[("depth", "1")], &q)
            .await;
        assert_eq!(
            all_of(&r.body, "d:href"),
            vec![card_href.clone()],
            "{prop} {text}: {}",
            r.body
        );
    }

    // An edit with a stale ETag changes nothing; with the right one it is saved.
    let edited = CARD_ZOFIA
        .replace("FN:Zofia Żak", "FN:Zofia Żak-Nowa")
        .replace("N:Żak;", "N:Żak-Nowa;");
    let r = h
        .dav(
            "anna",
            "PUT",
            &card_href,
            &[("if-match", "\"1-99\"")],
            &edited,
        )
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
    assert!(r.body.contains("the card changed"), "{}", r.body);
    let r = h
        .dav(
            "anna",
            "REPORT",
            &private,
            &[],
            &sync_body(&token2, &["d:getetag"]),
        )
        .await;
    assert!(
        all_of(&r.body, "d:href").is_empty(),
        "a refused edit is no change"
    );
    let r = h
        .dav("anna", "PUT", &card_href, &[("if-match", &tag)], &edited)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = h.dav("anna", "GET", &card_href, &[], "").await;
    assert!(r.body.contains("FN:Zofia Żak-Nowa"), "{}", r.body);
    assert!(r.body.contains("UID:zofia-1"));

    // A delete with the old ETag fails; with the current one the card goes, and the next
    // refresh reports it gone.
    let r = h
        .dav("anna", "DELETE", &card_href, &[("if-match", &tag)], "")
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
    let current = h
        .dav("anna", "GET", &card_href, &[], "")
        .await
        .header("etag")
        .to_string();
    let r = h
        .dav("anna", "DELETE", &card_href, &[("if-match", &current)], "")
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = h
        .dav(
            "anna",
            "REPORT",
            &private,
            &[],
            &sync_body(&token2, &["d:getetag"]),
        )
        .await;
    assert!(
        r.body.contains(&format!(
            "<d:href>{card_href}</d:href><d:status>HTTP/1.1 404 Not Found</d:status>"
        )),
        "{}",
        r.body
    );
    let r = h.dav("anna", "GET", &card_href, &[], "").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // An edit made in the web UI reaches the phone's refresh too.
    let r = h
        .dav(
            "anna",
            "REPORT",
            &business,
            &[],
            &sync_body("", &["d:getetag"]),
        )
        .await;
    let biz_token = one_of(&r.body, "d:sync-token");
    s.modify(&h.anna, biz.id, |d| {
        d.notes = "z przeglądarki".into();
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let r = h
        .dav(
            "anna",
            "REPORT",
            &business,
            &[],
            &sync_body(&biz_token, &["d:getetag"]),
        )
        .await;
    assert_eq!(all_of(&r.body, "d:href"), vec![biz_href]);
    assert_eq!(
        all_of(&r.body, "d:getetag"),
        vec![format!("\"{}-2\"", biz.id)]
    );
    let r = h
        .dav(
            "anna",
            "REPORT",
            &business,
            &[],
            &sync_body("urn:contacts:sync:99999-0", &["d:getetag"]),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("<d:valid-sync-token/>"), "{}", r.body);
}

/// Every DAV method on another user's principal, home, private book and private card
/// (by its path and by its id under the asker's own books) is "not found", and nothing of
/// it changes.
#[tokio::test]
async fn isolation_sweep() {
    let h = Harness::new();
    let s = h.service();
    let secret = s
        .create(
            &h.anna,
            BookKind::Private,
            ContactData::person("Tajna", "Osoba"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let a = h.anna.id().0;
    let b = h.bob.id().0;
    let paths = [
        format!("/dav/principals/{a}/"),
        format!("/dav/books/{a}/"),
        format!("/dav/books/{a}/private/"),
        format!("/dav/books/{a}/business/"),
        format!("/dav/books/{a}/private/{}.vcf", secret.id),
        format!("/dav/books/{b}/private/{}.vcf", secret.id),
        format!("/dav/books/{b}/business/{}.vcf", secret.id),
    ];
    let pf = propfind_body(&["d:getetag", "d:displayname"]);
    let mg = format!(
        "<card:addressbook-multiget xmlns:d=\"DAV:\" xmlns:card=\"urn:ietf:params:xml:ns:carddav\">\
         <d:prop><card:address-data/></d:prop><d:href>/dav/books/{a}/private/{0}.vcf</d:href>\
         <d:href>/dav/books/{b}/private/{0}.vcf</d:href></card:addressbook-multiget>",
        secret.id
    );
    let sync = sync_body("", &["d:getetag"]);
    for path in &paths {
        type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, String);
        let cases: Vec<Case> = vec![
            ("PROPFIND", vec![("depth", "0")], pf.clone()),
            ("PROPFIND", vec![("depth", "1")], pf.clone()),
            ("REPORT", vec![], mg.clone()),
            ("REPORT", vec![], sync.clone()),
            ("GET", vec![], String::new()),
            ("HEAD", vec![], String::new()),
            ("PUT", vec![("if-match", "*")], CARD_ZOFIA.to_string()),
            ("DELETE", vec![], String::new()),
        ];
        for (method, headers, body) in cases {
            let r = h.dav("bob", method, path, &headers, &body).await;
            let ok = match (method, path.starts_with(&format!("/dav/books/{b}/"))) {
                // Bob's own collections exist; his PUT with If-Match finds no such card.
                ("PUT", true) => r.status == StatusCode::PRECONDITION_FAILED,
                (_, _) => r.status == StatusCode::NOT_FOUND,
            };
            assert!(ok, "{method} {path} as bob: {} {}", r.status, r.body);
            assert!(
                !r.body.contains("Tajna"),
                "{method} {path} leaks: {}",
                r.body
            );
        }
    }
    // Bob's own books, listed and synced, never hold it.
    for book in ["private", "business"] {
        let path = format!("/dav/books/{b}/{book}/");
        for body in [mg.clone(), sync.clone()] {
            let r = h
                .dav("bob", "REPORT", &path, &[("depth", "1")], &body)
                .await;
            assert_eq!(r.status, MS, "{}", r.body);
            assert!(
                !r.body.contains("Tajna") && !r.body.contains("200 OK"),
                "{path}: {}",
                r.body
            );
        }
        let r = h
            .dav("bob", "PROPFIND", &path, &[("depth", "1")], &pf)
            .await;
        assert_eq!(all_of(&r.body, "d:href"), vec![path.clone()], "{}", r.body);
    }
    let still = s.get(&h.anna, secret.id).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(still.meta.version, 1);
    assert_eq!(still.data.name.given, "Tajna");
}

/// Bad input: each a 4xx with a DAV error body saying what was wrong; nothing stored.
#[tokio::test]
async fn bad_input_is_refused_and_changes_nothing() {
    let h = Harness::new();
    let me = h.anna.id().0;
    let private = format!("/dav/books/{me}/private/");
    let token = one_of(
        &h.dav(
            "anna",
            "REPORT",
            &private,
            &[],
            &sync_body("", &["d:getetag"]),
        )
        .await
        .body,
        "d:sync-token",
    );

    let r = h
        .dav(
            "anna",
            "PROPFIND",
            &private,
            &[("depth", "0")],
            "<d:propfind xmlns:d=\"DAV:\"><d:prop>",
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains("<d:error") && r.body.contains("malformed XML")
            || r.body.contains("ends before"),
        "{}",
        r.body
    );
    let r = h
        .dav(
            "anna",
            "REPORT",
            &private,
            &[],
            "<d:expand-property xmlns:d=\"DAV:\"/>",
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        r.body.contains("<d:supported-report/>") && r.body.contains("unknown REPORT"),
        "{}",
        r.body
    );
    let huge = "x".repeat(contacts_dav::MAX_CARD_BYTES + 10);
    let r = h
        .dav("anna", "PUT", &format!("{private}big.vcf"), &[], &huge)
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("over the limit"), "{}", r.body);
    let r = h
        .dav(
            "anna",
            "PUT",
            &format!("{private}note.vcf"),
            &[],
            "just some text",
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains("<card:valid-address-data/>") && r.body.contains("not a vCard"),
        "{}",
        r.body
    );
    let two = format!("{CARD_ZOFIA}{CARD_ZOFIA}");
    let r = h
        .dav("anna", "PUT", &format!("{private}two.vcf"), &[], &two)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let too_long = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zofia\r\nNICKNAME:{}\r\nEND:VCARD\r\n",
        "x".repeat(1_200)
    );
    let r = h
        .dav("anna", "PUT", &format!("{private}long.vcf"), &[], &too_long)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("nickname"), "{}", r.body);
    let r = h
        .dav("anna", "MKCOL", &format!("{private}sub/"), &[], "")
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    let r = h
        .dav(
            "anna",
            "REPORT",
            &private,
            &[],
            &sync_body(&token, &["d:getetag"]),
        )
        .await;
    assert!(
        all_of(&r.body, "d:href").is_empty(),
        "nothing was stored: {}",
        r.body
    );
}

/// Only HTTP Basic with the user's name and one of their app passwords signs in; the web
/// session cookie does not; failures are throttled with the login form's counters.
#[tokio::test]
async fn sign_in_needs_an_app_password_and_is_throttled() {
    use axum::body::Body;
    use axum::http::Request;
    let h = Harness::new();
    let path = "/dav/";
    let req = Request::builder()
        .method("PROPFIND")
        .uri(path)
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    let r = h.send(req).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.header("www-authenticate").starts_with("Basic realm="));
    let req = Request::builder()
        .method("PROPFIND")
        .uri(path)
        .header("cookie", "contacts_session=whatever")
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(h.send(req).await.status, StatusCode::UNAUTHORIZED);
    // Bob's password with Anna's name is no sign-in.
    let req = Request::builder()
        .method("PROPFIND")
        .uri(path)
        .header("authorization", basic("anna", &token_of("bob")))
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(h.send(req).await.status, StatusCode::UNAUTHORIZED);
    let mut last = StatusCode::OK;
    for _ in 0..6 {
        let req = Request::builder()
            .method("PROPFIND")
            .uri(path)
            .header(
                "authorization",
                basic(
                    "anna",
                    "wrong-password-wrong-password-wrong-password-wrong-password",
                ),
            )
            .body(Body::empty())
            .unwrap_or_else(|e| panic!("{e}"));
        last = h.send(req).await.status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    // Even the right password waits now; Bob is not affected.
    let r = h.dav("anna", "PROPFIND", path, &[("depth", "0")], "").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(!r.header("retry-after").is_empty());
    let r = h.dav("bob", "PROPFIND", path, &[("depth", "0")], "").await;
    assert_eq!(r.status, MS);
}

/// The calendar subscription: a secret link, no password; ETag and If-None-Match make a
/// calendar app's polling cost nothing; a revoked or unknown link is "not found".
#[tokio::test]
async fn calendar_feed_by_secret_link() {
    use axum::body::Body;
    use axum::http::Request;
    let h = Harness::new();
    let s = h.service();
    let mut d = ContactData::person("Jan", "Urodzinowy");
    d.birthday = "1980-05-17"
        .parse::<contacts_core::date::PartialDate>()
        .ok();
    s.create(&h.anna, BookKind::Private, d)
        .unwrap_or_else(|e| panic!("{e}"));
    let secret = format!("{:f>64}", "feed");
    s.create_feed_link(&h.anna, &secret)
        .unwrap_or_else(|e| panic!("{e}"));
    let get = |inm: Option<String>, path: String| {
        let mut b = Request::builder().method("GET").uri(path);
        if let Some(t) = inm {
            b = b.header("if-none-match", t);
        }
        b.body(Body::empty()).unwrap_or_else(|e| panic!("{e}"))
    };
    let url = format!("/dav/feed/{secret}.ics");
    let r = h.send(get(None, url.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.header("content-type").starts_with("text/calendar"));
    assert!(r.body.starts_with("BEGIN:VCALENDAR"), "{}", r.body);
    assert!(r.body.contains("Jan Urodzinowy"), "{}", r.body);
    let tag = r.header("etag").to_string();
    assert!(tag.starts_with('"') && tag.len() > 10, "{tag}");
    let r = h.send(get(Some(tag.clone()), url.clone())).await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    let put = Request::builder()
        .method("PUT")
        .uri(url.clone())
        .body(Body::from("BEGIN:VCALENDAR"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(h.send(put).await.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(r.body.is_empty());
    // A change makes a new ETag.
    s.create(&h.anna, BookKind::Business, {
        let mut d = ContactData::person("Ewa", "Nowa");
        d.birthday = "1990-01-02"
            .parse::<contacts_core::date::PartialDate>()
            .ok();
        d
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let r = h.send(get(Some(tag.clone()), url.clone())).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_ne!(r.header("etag"), tag);
    // Bob's link never shows Anna's private contacts.
    let bobs = format!("{:b>64}", "feed");
    s.create_feed_link(&h.bob, &bobs)
        .unwrap_or_else(|e| panic!("{e}"));
    let r = h.send(get(None, format!("/dav/feed/{bobs}.ics"))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        !r.body.contains("Urodzinowy") && r.body.contains("Ewa Nowa"),
        "{}",
        r.body
    );
    s.revoke_feed_link(&h.anna)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(h.send(get(None, url)).await.status, StatusCode::NOT_FOUND);
    let r = h.send(get(None, "/dav/feed/nonsense.ics".into())).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

/// A photo sent with a card is kept (a real image only) and given back in 3.0 and 4.0; a
/// card imported from a file keeps its UID on this path too.
#[tokio::test]
async fn photos_and_imported_uids_travel() {
    use base64::Engine as _;
    let h = Harness::new();
    let s = h.service();
    let me = h.anna.id().0;
    let href = format!("/dav/books/{me}/business/with-photo.vcf");
    let png = base64::engine::general_purpose::STANDARD.encode(contacts_core::contract::SAMPLE_PNG);
    let card = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Fotograf Foto\r\nN:Foto;Fotograf;;;\r\nPHOTO;ENCODING=b;TYPE=PNG:{png}\r\nEND:VCARD\r\n"
    );
    let r = h.dav("anna", "PUT", &href, &[], &card).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let found = s
        .search(&h.anna, "fotograf", Some(BookKind::Business), 5)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(found[0].has_photo);
    let r = h.dav("anna", "GET", &href, &[], "").await;
    assert!(
        r.body
            .contains(&format!("PHOTO;ENCODING=b;TYPE=PNG:{}", &png[..20])),
        "{}",
        r.body
    );
    let r = h
        .dav(
            "anna",
            "GET",
            &href,
            &[("accept", "text/vcard;version=4.0")],
            "",
        )
        .await;
    assert!(
        r.body.contains("PHOTO:data:image/png;base64,"),
        "{}",
        r.body
    );
    // A card without the photo removes it, as a phone does when the user removes it.
    let tag = r.header("etag").to_string();
    let without =
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Fotograf Foto\r\nN:Foto;Fotograf;;;\r\nEND:VCARD\r\n";
    let r = h
        .dav("anna", "PUT", &href, &[("if-match", &tag)], without)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let again = s
        .get(&h.anna, found[0].id)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!again.has_photo);
    // Bytes that are not an image never become a photo (the reader keeps the line aside).
    let fake = card
        .replace(&png, "bm90IGFuIGltYWdl")
        .replace("Fotograf", "Podrobiony");
    let r = h
        .dav(
            "anna",
            "PUT",
            &format!("/dav/books/{me}/business/fake.vcf"),
            &[],
            &fake,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let fake = s
        .search(&h.anna, "podrobiony", Some(BookKind::Business), 5)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!fake[0].has_photo);

    // Imported from a file with a UID: the same UID over CardDAV.
    let file = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:from-the-old-phone-42\r\nFN:Importowany Jan\r\nN:Jan;Importowany;;;\r\nEND:VCARD\r\n";
    let cards: Vec<contacts_core::service::SourcedCard> =
        contacts_core::vcard::read(file.as_bytes())
            .map(|c| (std::sync::Arc::<str>::from("old.vcf"), c))
            .collect();
    s.import(
        &h.anna,
        BookKind::Private,
        cards,
        contacts_core::service::OnDuplicate::Create,
        false,
        &mut |_| {},
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let r = h
        .dav(
            "anna",
            "REPORT",
            &format!("/dav/books/{me}/private/"),
            &[],
            &sync_body("", &["d:getetag", "card:address-data"]),
        )
        .await;
    let data = one_of(&r.body, "card:address-data");
    assert!(data.contains("UID:from-the-old-phone-42\r\n"), "{data}");
    assert_eq!(data.matches("UID:").count(), 1, "{data}");
}
