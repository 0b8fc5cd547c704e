//! Contract stories for mailing: audiences (filters, skips, private books), campaigns
//! (states, never twice, resume after a crash, history) and the right to send. The
//! transport here is an in-process recorder; real SMTP is tested in contacts-cli.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::NaiveDate;

use super::{ok, service};
use crate::date::PartialDate;
use crate::error::Error;
use crate::ids::ContactId;
use crate::mailing::{
    Audience, MailTransport, OccasionFilter, OutgoingMessage, SendFailure, Skip, SmtpSettings,
    Template,
};
use crate::model::{ContactData, Email, FieldValue, Gender};
use crate::service::{Actor, BookKind, CampaignInput, SendOptions, Service};
use crate::store::{CampaignState, FieldType, ListKind, RecipientState, Store};

/// Records every message; refuses `refuse`; stops after `stop_after` messages; panics
/// (a crash of the sending process) on the message to `crash_on`.
#[derive(Default)]
struct Recorder {
    sent: Vec<OutgoingMessage>,
    refuse: Option<String>,
    stop_after: Option<usize>,
    crash_on: Option<String>,
}

impl MailTransport for Recorder {
    fn send(&mut self, msg: &OutgoingMessage) -> Result<String, SendFailure> {
        if self.crash_on.as_deref() == Some(msg.to.address.as_str()) {
            panic!("the sending process dies here");
        }
        if self.stop_after.is_some_and(|n| self.sent.len() >= n) {
            return Err(SendFailure::Stop {
                reason: "connection lost".into(),
                maybe_delivered: false,
            });
        }
        if self.refuse.as_deref() == Some(msg.to.address.as_str()) {
            return Err(SendFailure::Refused("550 no such user".into()));
        }
        self.sent.push(msg.clone());
        Ok(format!("250 OK {}", self.sent.len()))
    }
}

fn person(given: &str, family: &str, email: Option<&str>) -> ContactData {
    let mut d = ContactData::person(given, family);
    if let Some(e) = email {
        d.emails.push(ok(Email::new("work", e)));
    }
    d
}

fn setup<S: Store>(s: &Service<S>) -> (Actor, Actor) {
    let root = ok(s.local_actor("root"));
    let anna = ok(s.local_actor("anna"));
    ok(s.set_smtp_settings(
        &root,
        &SmtpSettings {
            host: "localhost".into(),
            from_address: "biuro@firma.pl".into(),
            ..SmtpSettings::default()
        },
    ));
    (root, anna)
}

fn template(text: &str) -> Template {
    Template {
        subject: "Oferta dla {{ given_name }}".into(),
        text: text.into(),
        html: None,
    }
}

fn names(rs: &[crate::mailing::Recipient]) -> Vec<(String, Option<Skip>)> {
    rs.iter().map(|r| (r.name.clone(), r.skip)).collect()
}

/// Audiences: every criterion, the skips with their reasons, and private books: the
/// actor's own may be mailed, nobody else's appears in a count, a list, a pick or a
/// campaign.
pub fn mailing_audiences_filter_skip_and_isolate<S: Store>(store: S) {
    let s = service(store);
    let (root, anna) = setup(&s);
    let bob = ok(s.local_actor("bob"));
    let vip = ok(s.add_label(&anna, ListKind::Group, "VIP"));
    let active = ok(s.label(ListKind::Status, "Active client"));
    let branza = ok(s.add_field(&root, "Branża", FieldType::Text));
    let mut d = person("Żaneta", "Łęcka", Some("zaneta@example.pl"));
    d.groups.push(vip.id);
    d.custom
        .insert(branza.id, FieldValue::Text("Budownictwo".into()));
    let zaneta = ok(s.create(&anna, BookKind::Business, d));
    let mut d = person("Adam", "Opt", Some("adam@example.pl"));
    d.groups.push(vip.id);
    d.no_mailing = true;
    let adam = ok(s.create(&anna, BookKind::Business, d));
    let mut d = person("Bez", "Adresu", None);
    d.groups.push(vip.id);
    d.status = Some(active.id);
    ok(s.create(&anna, BookKind::Business, d));
    let mut d = person("Celina", "Kopia", Some("ZANETA@example.pl"));
    d.groups.push(vip.id);
    ok(s.create(&anna, BookKind::Business, d));
    let mut d = person("Dawid", "Zły", Some("dawid.ż@example.pl"));
    d.groups.push(vip.id);
    ok(s.create(&anna, BookKind::Business, d));
    let other = ok(s.create(
        &anna,
        BookKind::Business,
        person("Ewa", "Inna", Some("ewa@example.pl")),
    ));
    let mine = ok(s.create(
        &anna,
        BookKind::Private,
        person("Franek", "Prywatny", Some("franek@example.pl")),
    ));
    let bobs = ok(s.create(
        &bob,
        BookKind::Private,
        person("Gosia", "Boba", Some("gosia@example.pl")),
    ));

    let by_group = Audience {
        groups: vec![vip.id],
        ..Audience::default()
    };
    let all = ok(s.mail_recipients(&anna, &by_group));
    assert_eq!(
        names(&all),
        // In list order (family name first).
        vec![
            ("Bez Adresu".to_string(), Some(Skip::NoEmail)),
            ("Celina Kopia".to_string(), None),
            ("Żaneta Łęcka".to_string(), Some(Skip::Duplicate)),
            ("Adam Opt".to_string(), Some(Skip::OptedOut)),
            ("Dawid Zły".to_string(), Some(Skip::BadAddress)),
        ]
    );
    let page = ok(s.mail_audience(&anna, &by_group, 2));
    assert_eq!((page.matched, page.recipients.len()), (5, 2));

    // Each criterion narrows: status, field value (ignoring case and diacritics), words,
    // account manager, pick.
    let aud = |a: Audience| names(&ok(s.mail_recipients(&anna, &a)));
    assert_eq!(
        aud(Audience {
            statuses: vec![active.id],
            ..Audience::default()
        }),
        vec![("Bez Adresu".to_string(), Some(Skip::NoEmail))]
    );
    assert_eq!(
        aud(Audience {
            field: Some((branza.id, "budownictwo".into())),
            ..Audience::default()
        }),
        vec![("Żaneta Łęcka".to_string(), None)]
    );
    assert_eq!(
        aud(Audience {
            words: "lecka".into(),
            ..Audience::default()
        }),
        vec![("Żaneta Łęcka".to_string(), None)]
    );
    ok(s.set_account_manager(&anna, other.id, Some(bob.id())));
    assert_eq!(
        aud(Audience {
            manager: Some(bob.id()),
            ..Audience::default()
        }),
        vec![("Ewa Inna".to_string(), None)]
    );
    assert_eq!(
        aud(Audience {
            pick: vec![zaneta.id, adam.id, bobs.id],
            ..Audience::default()
        }),
        vec![
            ("Żaneta Łęcka".to_string(), None),
            ("Adam Opt".to_string(), Some(Skip::OptedOut)),
        ]
    );

    // A page of a picked audience is counted from the stores' sort keys, without reading
    // every contact: the same count, order and book rule as the whole list.
    let picked = Audience {
        // An id that no longer exists is left out.
        pick: vec![bobs.id, adam.id, mine.id, ContactId(9_999_999), zaneta.id],
        ..Audience::default()
    };
    let whole = names(&ok(s.mail_recipients(&anna, &picked)));
    assert_eq!(
        whole.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["Żaneta Łęcka", "Adam Opt", "Franek Prywatny"]
    );
    for limit in [1, 2, 5] {
        let page = ok(s.mail_audience(&anna, &picked, limit));
        assert_eq!(page.matched, 3);
        assert_eq!(names(&page.recipients), whole[..limit.min(3)].to_vec());
    }
    let business_pick = ok(s.mail_audience(
        &anna,
        &Audience {
            book: Some(BookKind::Business),
            ..picked.clone()
        },
        10,
    ));
    assert_eq!(
        business_pick.matched, 2,
        "Anna's private contact is not in the business book"
    );
    let bobs_pick = ok(s.mail_audience(&bob, &picked, 10));
    assert_eq!(
        bobs_pick
            .recipients
            .iter()
            .map(|r| r.contact)
            .collect::<Vec<_>>(),
        vec![bobs.id, zaneta.id, adam.id],
        "Bob's page holds his own private contact and the business ones, never Anna's"
    );

    // "Not contacted for 30 days": a history entry today takes Ewa out; private contacts
    // have no history and are never in it.
    ok(s.add_history(&anna, other.id, "telefon", "call", None, vec![]));
    let quiet = aud(Audience {
        not_contacted_days: Some(30),
        ..Audience::default()
    });
    assert_eq!(quiet.len(), 5, "{quiet:?}");
    assert!(!quiet
        .iter()
        .any(|(n, _)| n == "Ewa Inna" || n == "Franek Prywatny"));

    // Private books: Anna's own private contact is hers to mail; Bob's never appears.
    let every = ok(s.mail_recipients(&anna, &Audience::default()));
    assert!(every.iter().any(|r| r.contact == mine.id));
    assert!(!every.iter().any(|r| r.contact == bobs.id));
    let own = ok(s.mail_recipients(
        &anna,
        &Audience {
            book: Some(BookKind::Private),
            ..Audience::default()
        },
    ));
    assert_eq!(names(&own), vec![("Franek Prywatny".to_string(), None)]);
    let for_bob = ok(s.mail_recipients(&bob, &Audience::default()));
    assert!(!for_bob.iter().any(|r| r.contact == mine.id));
    assert!(for_bob.iter().any(|r| r.contact == bobs.id));
    let root_view = ok(s.mail_audience(&root, &Audience::default(), 100));
    assert!(
        !root_view
            .recipients
            .iter()
            .any(|r| r.contact == mine.id || r.contact == bobs.id),
        "an admin sees no one's private contacts"
    );
    assert_eq!(root_view.matched, 6, "the business book only");
    assert!(s
        .mail_preview(&bob, &template("x"), vec![], mine.id)
        .is_err());

    // Birthdays and name-days in the next 7 days: the clock stands at 2026-11-23.
    let mut d = person("Hubert", "Urodzinowy", Some("hubert@example.pl"));
    d.birthday = Some(PartialDate::full(
        NaiveDate::from_ymd_opt(1980, 11, 25).unwrap_or_default(),
    ));
    let hubert = ok(s.create(&anna, BookKind::Business, d));
    let soon = ok(s.mail_recipients(
        &anna,
        &Audience {
            occasions: Some(OccasionFilter {
                days: 7,
                birthdays: true,
                namedays: false,
            }),
            ..Audience::default()
        },
    ));
    assert_eq!(
        soon.iter().map(|r| r.contact).collect::<Vec<_>>(),
        vec![hubert.id]
    );

    // A page of "Solenizanci +7 dni" takes its sort keys from the occasions found, or from
    // the store for a contact known by a nickname only: same count and order as the whole.
    let born = |m, d| {
        Some(PartialDate::full(
            NaiveDate::from_ymd_opt(1990, m, d).unwrap_or_default(),
        ))
    };
    let mut d = person("Zofia", "Bąk", Some("zofia@example.pl"));
    d.birthday = born(11, 24);
    ok(s.create(&anna, BookKind::Business, d));
    let mut d = person("", "", Some("szef@example.pl"));
    d.nickname = "Szef".into();
    d.birthday = born(11, 27);
    ok(s.create(&anna, BookKind::Business, d));
    let mut d = person("Jan", "Obcy", Some("jan@example.pl"));
    d.birthday = born(11, 25);
    ok(s.create(&bob, BookKind::Private, d));
    let week = Audience {
        occasions: Some(OccasionFilter {
            days: 7,
            birthdays: true,
            namedays: true,
        }),
        ..Audience::default()
    };
    let whole = names(&ok(s.mail_recipients(&anna, &week)));
    assert!(
        whole.len() >= 3 && !whole.iter().any(|(n, _)| n.contains("Obcy")),
        "{whole:?}"
    );
    let position = |name: &str| whole.iter().position(|(n, _)| n == name);
    assert!(position("Zofia Bąk") < position("Szef"), "{whole:?}");
    assert!(
        position("Szef") < position("Hubert Urodzinowy"),
        "{whole:?}"
    );
    for limit in [1, 2, whole.len()] {
        let page = ok(s.mail_audience(&anna, &week, limit));
        assert_eq!(page.matched, whole.len() as u64);
        assert_eq!(names(&page.recipients), whole[..limit].to_vec());
    }
}

/// Templates are checked for every recipient before anything is stored or sent; a
/// campaign sends one message per recipient with only that recipient in To:, writes a
/// history entry on business contacts, marks a refused recipient failed and goes on.
pub fn mailing_campaign_sends_once_with_history<S: Store>(store: S) {
    let s = service(store);
    let (root, anna) = setup(&s);
    let mut d = person("Żaneta", "Łęcka", Some("zaneta@example.pl"));
    d.gender = Some(Gender::Female);
    let zaneta = ok(s.create(&anna, BookKind::Business, d));
    let mut d = person("Jan", "Kowalski", Some("jan@example.pl"));
    d.gender = Some(Gender::Male);
    d.job_title = "Prezes".into();
    let jan = ok(s.create(&anna, BookKind::Business, d));
    let mine = ok(s.create(
        &anna,
        BookKind::Private,
        person("Franek", "Prywatny", Some("franek@example.pl")),
    ));
    let input = |text: &str| CampaignInput {
        audience: Audience::default(),
        template: template(text),
        attachments: vec![],
    };

    // Anna may not send campaigns until an admin allows it.
    assert!(matches!(
        s.create_campaign(&anna, &input("x")),
        Err(Error::Forbidden(_))
    ));
    assert!(s
        .set_mail_profile(&anna, "anna", |p| p.may_send = true)
        .is_err());
    ok(s.set_mail_profile(&root, "anna", |p| p.may_send = true));
    ok(s.set_mail_profile(&anna, "anna", |p| {
        p.display_name = "Anna Handlowa".into();
        p.signature = "-- \nAnna".into();
        p.address = "anna@firma.pl".into();
    }));

    // An empty placeholder is reported, with who and which, and nothing is stored.
    let err = s
        .create_campaign(&anna, &input("{{ salutation }}, {{ position }}"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("Żaneta Łęcka") && err.contains("position"),
        "{err}"
    );
    assert!(!err.contains("Jan Kowalski"), "{err}");
    assert!(ok(s.campaigns(&anna)).is_empty());

    let id = ok(s.create_campaign(
        &anna,
        &input("{{ salutation }},\n{{ position | default(\"\") }}\n{{ sender.signature }}\n"),
    ));
    let mut rec = Recorder {
        refuse: Some("jan@example.pl".into()),
        ..Recorder::default()
    };
    let report = ok(s.send_campaign(&anna, id, &mut rec, &SendOptions::default(), &mut |_| {}));
    assert_eq!(
        (report.sent, report.failed, report.state),
        (2, 1, CampaignState::Done)
    );
    let to: Vec<&str> = rec.sent.iter().map(|m| m.to.address.as_str()).collect();
    // In list order: by family name, both books merged.
    assert_eq!(to, vec!["zaneta@example.pl", "franek@example.pl"]);
    let z = &rec.sent[0];
    assert_eq!(z.subject, "Oferta dla Żaneta");
    assert_eq!(z.text, "Szanowna Pani,\n\n-- \nAnna\n");
    assert_eq!(z.from.address, "biuro@firma.pl");
    assert_eq!(z.from.name, "Anna Handlowa");
    assert_eq!(
        z.reply_to.as_ref().map(|m| m.address.as_str()),
        Some("anna@firma.pl")
    );
    assert_eq!(z.unsubscribe.as_deref(), Some("biuro@firma.pl"));

    let view = ok(s.campaign(&anna, id));
    let states: BTreeMap<ContactId, (RecipientState, String)> = view
        .recipients
        .iter()
        .map(|r| (r.contact, (r.state, r.detail.clone())))
        .collect();
    assert_eq!(states[&jan.id].0, RecipientState::Failed);
    assert!(states[&jan.id].1.contains("550"));
    assert_eq!(states[&zaneta.id].0, RecipientState::Sent);
    assert!(states[&zaneta.id].1.starts_with("250"));
    assert_eq!(states[&mine.id].0, RecipientState::Sent);

    // History: the business contact got an e-mail entry naming the subject and campaign.
    let h = ok(s.history(&anna, zaneta.id));
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].kind, "e-mail");
    assert!(h[0].text.contains("Oferta dla Żaneta") && h[0].text.contains(&format!("#{id}")));
    assert!(
        ok(s.history(&anna, jan.id)).is_empty(),
        "a refused message is no contact"
    );

    // Done: sending again sends nothing. Nobody else sees the campaign.
    let again = ok(s.send_campaign(&anna, id, &mut rec, &SendOptions::default(), &mut |_| {}));
    assert_eq!((again.sent, rec.sent.len()), (0, 2));
    assert!(matches!(s.campaign(&root, id), Err(Error::NotFound { .. })));

    // A one-off message: anyone may, the opt-out of mass mailing does not apply.
    let bob = ok(s.local_actor("bob"));
    ok(s.modify(&anna, jan.id, |d| {
        d.no_mailing = true;
        Ok(())
    }));
    let mut single = Recorder::default();
    let one = ok(s.send_one(
        &bob,
        jan.id,
        &template("Przypominam o spotkaniu."),
        vec![],
        &mut single,
    ));
    assert_eq!((one.sent, one.failed), (1, 0));
    assert_eq!(single.sent[0].to.address, "jan@example.pl");
    assert_eq!(single.sent[0].text, "Przypominam o spotkaniu.");
    assert_eq!(ok(s.history(&anna, jan.id)).len(), 1);
    assert!(ok(s.campaigns(&bob))[0].record.one_off);
    // Nobody mails a private contact they cannot see.
    assert!(matches!(
        s.send_one(&bob, mine.id, &template("x"), vec![], &mut single),
        Err(Error::NotFound { .. })
    ));
}

/// Resume: a stop (connection lost) leaves the rest queued; a crash during a message
/// leaves it `Unknown`, reported and not resent; every other recipient gets exactly one
/// message over all runs.
pub fn mailing_resumes_and_never_sends_twice<S: Store>(store: S) {
    let s = service(store);
    let (root, anna) = setup(&s);
    ok(s.set_mail_profile(&root, "anna", |p| p.may_send = true));
    for i in 0..6 {
        ok(s.create(
            &anna,
            BookKind::Business,
            person(
                &format!("Osoba{i}"),
                "Test",
                Some(&format!("o{i}@example.pl")),
            ),
        ));
    }
    let id = ok(s.create_campaign(
        &anna,
        &CampaignInput {
            audience: Audience::default(),
            template: template("Dzień dobry"),
            attachments: vec![],
        },
    ));
    let mut first = Recorder {
        stop_after: Some(2),
        ..Recorder::default()
    };
    let r = ok(s.send_campaign(&anna, id, &mut first, &SendOptions::default(), &mut |_| {}));
    assert_eq!(r.state, CampaignState::Stopped);
    assert_eq!(r.stopped.as_deref(), Some("connection lost"));
    assert_eq!(first.sent.len(), 2);

    let mut second = Recorder {
        crash_on: Some("o3@example.pl".into()),
        ..Recorder::default()
    };
    let crashed = catch_unwind(AssertUnwindSafe(|| {
        s.send_campaign(&anna, id, &mut second, &SendOptions::default(), &mut |_| {})
    }));
    assert!(crashed.is_err(), "the process died");
    assert_eq!(second.sent.len(), 1, "o2 went before the crash");

    let mut third = Recorder::default();
    let r = ok(s.send_campaign(&anna, id, &mut third, &SendOptions::default(), &mut |_| {}));
    assert_eq!((r.unknown_found, r.state), (1, CampaignState::Done));
    let view = ok(s.campaign(&anna, id));
    let unknown: Vec<&str> = view
        .recipients
        .iter()
        .filter(|r| r.state == RecipientState::Unknown)
        .map(|r| r.address.as_str())
        .collect();
    assert_eq!(unknown, vec!["o3@example.pl"]);
    let mut all: Vec<String> = [&first.sent, &second.sent, &third.sent]
        .iter()
        .flat_map(|v| v.iter().map(|m| m.to.address.clone()))
        .collect();
    all.sort();
    assert_eq!(
        all,
        vec![
            "o0@example.pl",
            "o1@example.pl",
            "o2@example.pl",
            "o4@example.pl",
            "o5@example.pl"
        ]
    );
    // The user may send the unknown one again, knowingly.
    assert_eq!(ok(s.requeue_unknown(&anna, id)), 1);
    let mut fourth = Recorder::default();
    ok(s.send_campaign(&anna, id, &mut fourth, &SendOptions::default(), &mut |_| {}));
    assert_eq!(fourth.sent.len(), 1);
    assert_eq!(fourth.sent[0].to.address, "o3@example.pl");
    // Message ids are stable per recipient and distinct.
    let mut ids: Vec<String> = [&first.sent, &second.sent, &third.sent, &fourth.sent]
        .iter()
        .flat_map(|v| v.iter().map(|m| m.message_id.clone()))
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6);
}
