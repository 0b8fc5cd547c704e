//! Contract stories for address-book synchronisation: the change log with tombstones,
//! client resource names, and the private-book rule on this path.

use super::{ok, service, SAMPLE_PNG};
use crate::error::Error;
use crate::model::ContactData;
use crate::service::{BookKind, SyncToken};
use crate::store::Store;
use crate::vcard;

fn card(text: &str) -> vcard::Card {
    let mut cards = vcard::read(text.as_bytes());
    match cards.next() {
        Some(Ok(c)) => c,
        other => panic!("test card does not read: {other:?}"),
    }
}

fn names_and_versions(changes: &crate::service::SyncChanges) -> Vec<(String, Option<u64>)> {
    changes
        .entries
        .iter()
        .map(|e| (crate::service::resource_name(e), e.version))
        .collect()
}

/// A refresh gets exactly what changed since its token: additions (made by any path),
/// edits, photo changes and removals (as tombstones), in the right book only; an unchanged
/// book reports nothing; a token from the future is refused.
pub fn sync_log_reports_changes_and_tombstones<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let a = ok(s.create(
        &anna,
        BookKind::Business,
        ContactData::person("Adam", "Nowak"),
    ));
    let b = ok(s.create(
        &anna,
        BookKind::Business,
        ContactData::person("Beata", "Lis"),
    ));
    let p = ok(s.create(
        &anna,
        BookKind::Private,
        ContactData::person("Piotr", "Prywatny"),
    ));
    let t0 = ok(s.sync_token(&anna));
    let same = ok(s.sync_changes(&anna, BookKind::Business, t0));
    assert!(same.entries.is_empty(), "{:?}", same.entries);
    assert_eq!(same.token, t0);

    ok(s.modify(&anna, a.id, |d| {
        d.notes = "zmiana".into();
        Ok(())
    }));
    ok(s.delete(&anna, b.id));
    let c = ok(s.create(
        &anna,
        BookKind::Business,
        ContactData::person("Cezary", "Nowy"),
    ));
    let ch = ok(s.sync_changes(&anna, BookKind::Business, t0));
    assert_eq!(
        names_and_versions(&ch),
        vec![
            (format!("{}.vcf", a.id), Some(2)),
            (format!("{}.vcf", b.id), None),
            (format!("{}.vcf", c.id), Some(1)),
        ]
    );
    let private = ok(s.sync_changes(&anna, BookKind::Private, t0));
    assert!(private.entries.is_empty(), "{:?}", private.entries);

    // A photo is a change; the token of the last refresh sees only what came after.
    let t1 = ch.token;
    ok(s.set_photo(&anna, p.id, Some(SAMPLE_PNG.to_vec())));
    let ch = ok(s.sync_changes(&anna, BookKind::Private, t1));
    assert_eq!(
        names_and_versions(&ch),
        vec![(format!("{}.vcf", p.id), Some(2))]
    );
    assert!(ok(s.sync_changes(&anna, BookKind::Business, t1))
        .entries
        .is_empty());

    // Tokens round-trip as text; one from the future is refused.
    let text = ch.token.as_text();
    assert_eq!(SyncToken::parse(&text), Some(ch.token));
    assert_eq!(SyncToken::parse("nonsense"), None);
    let future = SyncToken::parse("999999-0").unwrap_or(ch.token);
    assert!(matches!(
        s.sync_changes(&anna, BookKind::Private, future),
        Err(Error::Invalid { .. })
    ));
}

/// A client's card keeps the name it was put under, its UID and unknown properties; a
/// stale precondition or a refused card writes nothing; removal leaves a tombstone under
/// the client's name; another user's private book never shows it.
pub fn sync_put_names_and_isolation<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let t0 = ok(s.sync_token(&anna));
    let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:abc-123\r\nFN:Zofia Żak\r\nN:Żak;Zofia;;;\r\n\
                EMAIL:zofia@example.com\r\nX-UNKNOWN-THING:kept\r\nEND:VCARD\r\n";
    let w = ok(
        s.sync_put(&anna, BookKind::Private, "abc-123.vcf", card(text), |cur| {
            assert!(cur.is_none());
            Ok(())
        }),
    );
    assert!(w.created);
    let got = ok(s.sync_cards(&anna, BookKind::Private, &["abc-123.vcf".to_string()]));
    let got = got
        .into_iter()
        .next()
        .flatten()
        .unwrap_or_else(|| panic!("card missing"));
    assert_eq!(got.id, w.id);
    assert_eq!(got.name, "abc-123.vcf");
    let mut out = String::new();
    vcard::write_card(&mut out, &got.card, vcard::VcardVersion::V3);
    assert!(out.contains("UID:abc-123\r\n"), "{out}");
    assert!(out.contains("X-UNKNOWN-THING:kept\r\n"), "{out}");
    assert_eq!(out.matches("UID:").count(), 1, "{out}");
    // The default name does not also reach a named card.
    let other = ok(s.sync_cards(&anna, BookKind::Private, &[format!("{}.vcf", w.id)]));
    assert_eq!(other, vec![None]);

    // Bob: not in his private book, not by name, not by id; his writes cannot reach it.
    for name in ["abc-123.vcf".to_string(), format!("{}.vcf", w.id)] {
        assert_eq!(
            ok(s.sync_cards(&bob, BookKind::Private, std::slice::from_ref(&name))),
            vec![None]
        );
        assert_eq!(
            ok(s.sync_cards(&bob, BookKind::Business, std::slice::from_ref(&name))),
            vec![None]
        );
        assert!(matches!(
            s.sync_delete(&bob, BookKind::Private, &name, |_| Ok(())),
            Err(Error::NotFound { .. })
        ));
    }
    assert!(ok(s.sync_changes(&bob, BookKind::Private, t0))
        .entries
        .is_empty());
    assert!(ok(s.sync_entries(&bob, BookKind::Private, crate::ids::ContactId(0), 100)).is_empty());

    // A refused precondition or a refused card changes nothing.
    let t1 = ok(s.sync_token(&anna));
    let r = s.sync_put(&anna, BookKind::Private, "abc-123.vcf", card(text), |_| {
        Err(Error::Conflict("stale".into()))
    });
    assert!(matches!(r, Err(Error::Conflict(_))));
    // (A card with no name is kept under a name that says so, as an import keeps it; a
    // name over the limit is refused.)
    let long = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\nNICKNAME:{}\r\nEND:VCARD\r\n",
        "x".repeat(1_200)
    );
    let r = s.sync_put(&anna, BookKind::Private, "new.vcf", card(&long), |_| Ok(()));
    assert!(matches!(r, Err(Error::Invalid { .. })), "{r:?}");
    assert!(ok(s.sync_changes(&anna, BookKind::Private, t1))
        .entries
        .is_empty());
    assert!(matches!(
        s.sync_put(&anna, BookKind::Private, "a/b.vcf", card(text), |_| Ok(())),
        Err(Error::Invalid { .. })
    ));

    // An edit keeps the UID even when the client leaves it out; removal is a tombstone.
    let edit =
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zofia Żak-Nowa\r\nN:Żak-Nowa;Zofia;;;\r\nEND:VCARD\r\n";
    let w2 = ok(
        s.sync_put(&anna, BookKind::Private, "abc-123.vcf", card(edit), |cur| {
            assert_eq!(cur.map(|c| c.meta.version), Some(1));
            Ok(())
        }),
    );
    assert_eq!((w2.id, w2.version, w2.created), (w.id, 2, false));
    let c = ok(s.get(&anna, w.id));
    assert_eq!(c.data.name.family, "Żak-Nowa");
    assert!(c.data.extra.iter().any(|e| e.line == "UID:abc-123"));
    // A person's link to their organisation survives a card that names it by text.
    let org = ok(s.create(
        &anna,
        BookKind::Business,
        ContactData::organisation("Żuraw Sp. z o.o."),
    ));
    let mut worker = ContactData::person("Karol", "Pracownik");
    worker.org_id = Some(org.id);
    worker.org_name = "Żuraw Sp. z o.o.".into();
    let worker = ok(s.create(&anna, BookKind::Business, worker));
    let name = format!("{}.vcf", worker.id);
    let got = ok(s.sync_cards(&anna, BookKind::Business, std::slice::from_ref(&name)));
    let back = got
        .into_iter()
        .next()
        .flatten()
        .unwrap_or_else(|| panic!("worker"));
    let mut text = String::new();
    vcard::write_card(&mut text, &back.card, vcard::VcardVersion::V3);
    let text = text.replace(
        "FN:Karol Pracownik",
        "FN:Karol Pracownik\r\nNOTE:z telefonu",
    );
    ok(s.sync_put(&anna, BookKind::Business, &name, card(&text), |_| Ok(())));
    let after = ok(s.get(&anna, worker.id));
    assert_eq!(after.data.org_id, Some(org.id));
    assert_eq!(after.data.notes, "z telefonu");

    ok(s.sync_delete(&anna, BookKind::Private, "abc-123.vcf", |_| Ok(())));
    let ch = ok(s.sync_changes(&anna, BookKind::Private, t1));
    assert_eq!(
        names_and_versions(&ch),
        vec![("abc-123.vcf".to_string(), None)]
    );
    assert!(ok(s.sync_changes(&bob, BookKind::Private, t0))
        .entries
        .is_empty());
}

/// A calendar subscription link is its user's alone: found by its secret only, replaced by
/// a new one, gone when revoked or when the user is disabled.
pub fn feed_links_are_personal_and_revocable<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let first = format!("{:a>64}", "1");
    let second = format!("{:a>64}", "2");
    assert_eq!(ok(s.feed_link(&anna)), None);
    assert_eq!(ok(s.feed_actor(&first)), None);
    ok(s.create_feed_link(&anna, &first));
    assert!(ok(s.feed_link(&anna)).is_some());
    assert_eq!(ok(s.feed_link(&bob)), None);
    assert_eq!(ok(s.feed_actor(&first)).map(|a| a.id()), Some(anna.id()));
    assert!(matches!(
        s.create_feed_link(&bob, &first),
        Err(Error::Conflict(_))
    ));
    assert!(matches!(
        s.create_feed_link(&bob, "short"),
        Err(Error::Invalid { .. })
    ));
    ok(s.create_feed_link(&anna, &second));
    assert_eq!(ok(s.feed_actor(&first)), None, "the old link stops working");
    assert_eq!(ok(s.feed_actor(&second)).map(|a| a.id()), Some(anna.id()));
    ok(s.revoke_feed_link(&anna));
    assert_eq!(ok(s.feed_actor(&second)), None);
    assert_eq!(ok(s.feed_link(&anna)), None);
    ok(s.create_feed_link(&bob, &first));
    assert!(anna.is_admin(), "the first user is the admin");
    ok(s.update_user(&anna, "bob", |u| u.disabled = true));
    assert_eq!(
        ok(s.feed_actor(&first)),
        None,
        "a disabled user's link is dead"
    );
}
