//! Contract stories for sessions, API tokens, the per-user language and the list orders.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::ok;
use crate::error::Error;
use crate::model::{ContactData, Language};
use crate::service::{BookKind, ListFilter, Service, SESSION_IDLE};
use crate::store::{ListKind, ListSort, Store};

/// A service whose clock stands still until [`advance`] moves it (kept in milliseconds).
fn clocked<S: Store>(store: S) -> (Service<S>, Arc<AtomicI64>) {
    let offset = Arc::new(AtomicI64::new(0));
    let seen = Arc::clone(&offset);
    let start = Utc
        .with_ymd_and_hms(2026, 11, 23, 12, 0, 0)
        .single()
        .unwrap_or_default();
    let s = Service::new(store)
        .with_clock(move || start + Duration::milliseconds(seen.load(Ordering::SeqCst)));
    (s, offset)
}

fn password(text: &str) -> crate::password::NewPassword {
    crate::password::NewPassword::new(text).unwrap_or_else(|e| panic!("{e}"))
}

fn advance(clock: &AtomicI64, by: Duration) {
    clock.fetch_add(by.num_milliseconds(), Ordering::SeqCst);
}

/// A 64-character secret, as a frontend makes them (here predictable, for the story).
fn secret(tag: &str) -> String {
    format!("{tag:0>64}")
}

/// Sessions: found by their id, kept alive by use, ended by idling, logout, a new
/// password or disabling, and never shared between users.
pub fn sessions_live_idle_out_and_end<S: Store>(store: S) {
    let (s, clock) = clocked(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let a1 = secret("a1");
    ok(s.start_session(&anna, &a1));
    assert_eq!(ok(s.session_actor(&a1)).map(|a| a.id()), Some(anna.id()));
    assert_eq!(ok(s.session_actor(&secret("unknown"))), None);
    assert_eq!(
        ok(s.session_actor("short")),
        None,
        "a short id is no session"
    );
    assert!(matches!(
        s.start_session(&anna, "short"),
        Err(Error::Invalid { .. })
    ));
    assert!(
        matches!(s.start_session(&bob, &a1), Err(Error::Conflict(_))),
        "an id in use is never given to another user"
    );
    // Used every 11 hours it lives on; left alone for 12 it ends, for good.
    for _ in 0..3 {
        advance(&clock, Duration::hours(11));
        assert!(ok(s.session_actor(&a1)).is_some());
    }
    advance(&clock, SESSION_IDLE);
    assert_eq!(ok(s.session_actor(&a1)), None);
    advance(&clock, Duration::minutes(-1));
    assert_eq!(
        ok(s.session_actor(&a1)),
        None,
        "an ended session stays ended"
    );
    // Logout ends one session, twice is fine, others go on.
    let (a2, a3) = (secret("a2"), secret("a3"));
    ok(s.start_session(&anna, &a2));
    ok(s.start_session(&anna, &a3));
    ok(s.end_session(&a2));
    ok(s.end_session(&a2));
    ok(s.end_session("short"));
    assert_eq!(ok(s.session_actor(&a2)), None);
    assert!(ok(s.session_actor(&a3)).is_some());
    // An admin's password reset ends every session of that user, and only theirs.
    let (b1, b2) = (secret("b1"), secret("b2"));
    ok(s.start_session(&bob, &b1));
    ok(s.start_session(&bob, &b2));
    assert_eq!(ok(s.session_actor(&b1)).map(|a| a.id()), Some(bob.id()));
    ok(s.reset_password(&anna, "bob", &secret("link-b")));
    assert_eq!(ok(s.session_actor(&b1)), None);
    assert_eq!(ok(s.session_actor(&b2)), None);
    assert!(ok(s.session_actor(&a3)).is_some());
    // So does changing one's own password (the frontend signs the user in anew).
    ok(s.update_user(&anna, "anna", |u| u.password_hash = Some("$mine".into())));
    assert_eq!(ok(s.session_actor(&a3)), None);
    // Other changes keep sessions; disabling ends them, and enabling brings none back.
    let (a4, b3) = (secret("a4"), secret("b3"));
    ok(s.start_session(&anna, &a4));
    ok(s.start_session(&bob, &b3));
    ok(s.update_user(&anna, "bob", |u| u.admin = true));
    assert!(ok(s.session_actor(&b3)).is_some_and(|a| a.is_admin()));
    ok(s.update_user(&anna, "bob", |u| u.disabled = true));
    assert_eq!(ok(s.session_actor(&b3)), None);
    ok(s.update_user(&anna, "bob", |u| u.disabled = false));
    assert_eq!(ok(s.session_actor(&b3)), None);
    assert!(ok(s.session_actor(&a4)).is_some());
}

/// Tokens: named per user, listed and revoked only by their owner, acting as that user
/// (with that user's access), revoked when the user is disabled or reset by an admin.
pub fn api_tokens_belong_to_their_user<S: Store>(store: S) {
    let (s, clock) = clocked(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let (laptop, ci, bobs) = (secret("t1"), secret("t2"), secret("t3"));
    let t1 = ok(s.create_api_token(&anna, " Laptop ", &laptop));
    assert_eq!(
        (t1.name.as_str(), t1.user, t1.last_used_at),
        ("Laptop", anna.id(), None)
    );
    advance(&clock, Duration::minutes(1));
    let t2 = ok(s.create_api_token(&anna, "CI", &ci));
    assert!(matches!(
        s.create_api_token(&anna, "Laptop", &secret("t4")),
        Err(Error::Conflict(_))
    ));
    for bad in ["", "  ", "two\nlines", &"x".repeat(101)] {
        assert!(
            matches!(
                s.create_api_token(&anna, bad, &secret("t5")),
                Err(Error::Invalid { .. })
            ),
            "{bad:?}"
        );
    }
    assert!(matches!(
        s.create_api_token(&anna, "Short", "0123456789"),
        Err(Error::Invalid { .. })
    ));
    let t3 = ok(s.create_api_token(&bob, "Laptop", &bobs));
    let names =
        |who| -> Vec<String> { ok(s.api_tokens(who)).into_iter().map(|t| t.name).collect() };
    assert_eq!(names(&anna), ["Laptop", "CI"]);
    assert_eq!(names(&bob), ["Laptop"]);
    // A token acts as its user; its use is noted (to a few minutes).
    advance(&clock, Duration::minutes(1));
    let used_at = s.now();
    assert_eq!(ok(s.token_actor(&laptop)).map(|a| a.id()), Some(anna.id()));
    advance(&clock, Duration::minutes(1));
    assert!(ok(s.token_actor(&laptop)).is_some());
    let listed = ok(s.api_tokens(&anna));
    assert_eq!(listed[0].last_used_at, Some(used_at));
    assert_eq!(listed[1].last_used_at, None);
    assert_eq!(ok(s.token_actor(&secret("nope"))), None);
    assert_eq!(ok(s.token_actor("short")), None);
    // Bob's token has Bob's access: Anna's private contacts do not exist for it.
    let secret_contact = ok(s.create(
        &anna,
        BookKind::Private,
        ContactData::person("Tajna", "Osoba"),
    ));
    let as_bob = ok(s.token_actor(&bobs)).unwrap_or_else(|| panic!("bob's token"));
    assert!(matches!(
        s.get(&as_bob, secret_contact.id),
        Err(Error::NotFound { .. })
    ));
    // Only the owner revokes; someone else's token id is "not found".
    assert!(matches!(
        s.revoke_api_token(&bob, t2.id),
        Err(Error::NotFound { .. })
    ));
    assert!(ok(s.token_actor(&ci)).is_some());
    ok(s.revoke_api_token(&anna, t2.id));
    assert_eq!(ok(s.token_actor(&ci)), None);
    assert!(matches!(
        s.revoke_api_token(&anna, t2.id),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(names(&anna), ["Laptop"]);
    // A name is free again once its token is revoked.
    ok(s.create_api_token(&anna, "CI", &secret("t6")));
    // Changing one's own password keeps one's tokens; an admin's reset revokes them.
    ok(s.update_user(&anna, "anna", |u| u.password_hash = Some("$mine".into())));
    assert!(ok(s.token_actor(&laptop)).is_some());
    ok(s.update_user(&bob, "bob", |u| u.password_hash = Some("$bob".into())));
    assert!(ok(s.token_actor(&bobs)).is_some());
    ok(s.reset_password(&anna, "bob", &secret("link")));
    assert_eq!(ok(s.token_actor(&bobs)), None);
    assert!(names(&bob).is_empty());
    // A disabled user's tokens are revoked.
    let t7 = ok(s.create_api_token(&bob, "Phone", &secret("t7")));
    assert_eq!(t7.user, bob.id());
    ok(s.update_user(&anna, "bob", |u| u.disabled = true));
    assert_eq!(ok(s.token_actor(&secret("t7"))), None);
    ok(s.update_user(&anna, "bob", |u| u.disabled = false));
    assert_eq!(ok(s.token_actor(&secret("t7"))), None);
    assert_ne!(t1.id, t3.id);
}

/// A user's UI language is kept with the user and comes with their actor.
pub fn user_language_is_kept<S: Store>(store: S) {
    let (s, _clock) = clocked(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    assert_eq!(anna.language(), None);
    ok(s.set_language(&bob, Some(Language::Polish)));
    assert_eq!(ok(s.actor(bob.id())).language(), Some(Language::Polish));
    assert_eq!(ok(s.actor(anna.id())).language(), None, "only bob's");
    let listed = ok(s.users(&anna));
    assert_eq!(
        listed
            .iter()
            .map(|u| (u.name.as_str(), u.language))
            .collect::<Vec<_>>(),
        [("anna", None), ("bob", Some(Language::Polish))]
    );
    ok(s.set_language(&bob, Some(Language::English)));
    assert_eq!(
        ok(s.actor_by_name("bob")).language(),
        Some(Language::English)
    );
    ok(s.set_language(&bob, None));
    assert_eq!(ok(s.actor(bob.id())).language(), None);
    // Someone else's language is an admin's change, like any other.
    assert!(matches!(
        s.update_user(&bob, "anna", |u| u.language = Some(Language::Polish)),
        Err(Error::Forbidden(_))
    ));
    ok(s.update_user(&anna, "bob", |u| u.language = Some(Language::Polish)));
    assert_eq!(ok(s.actor(bob.id())).language(), Some(Language::Polish));
    assert_eq!(ok(Language::parse("PL-pl")), Language::Polish);
    assert!(Language::parse("de").is_err());
}

/// "Recently changed": newest change first across both books, ties by newest id, with
/// filters and paging; the name order is unchanged.
pub fn list_sorts_by_name_or_recently_changed<S: Store>(store: S) {
    let (s, clock) = clocked(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let vip = ok(s.add_label(&anna, ListKind::Group, "VIP"));
    let at = |d: Duration| -> DateTime<Utc> {
        advance(&clock, d);
        s.now()
    };
    at(Duration::minutes(1));
    let adam = ok(s.create(
        &anna,
        BookKind::Business,
        ContactData::person("Adam", "Zet"),
    ));
    at(Duration::seconds(1));
    let mut d = ContactData::person("Basia", "Ygrek");
    d.groups = vec![vip.id];
    let basia = ok(s.create(&anna, BookKind::Business, d));
    // Half a second later, in the same second: the order still holds.
    at(Duration::milliseconds(500));
    let cela = ok(s.create(&anna, BookKind::Private, ContactData::person("Cela", "Iks")));
    at(Duration::minutes(1));
    // Two in one call: the same change time, the later id first.
    let both = ok(s.create_many(
        &anna,
        BookKind::Business,
        vec![
            ContactData::person("Dorota", "Wu"),
            ContactData::person("Ewa", "Wu"),
        ],
    ));
    ok(s.create(&bob, BookKind::Private, ContactData::person("Obcy", "Bob")));
    at(Duration::hours(1));
    let mut d = ok(s.get(&anna, adam.id)).data;
    d.groups = vec![vip.id];
    ok(s.update(&anna, adam.id, 1, d));
    let names = |f: ListFilter| -> Vec<String> {
        ok(s.list(&anna, &f))
            .into_iter()
            .map(|c| c.data.name.given)
            .collect()
    };
    let recent = ListFilter {
        sort: ListSort::Recent,
        ..ListFilter::default()
    };
    assert_eq!(
        names(recent.clone()),
        ["Adam", "Ewa", "Dorota", "Cela", "Basia"]
    );
    assert_eq!(
        names(ListFilter {
            offset: 1,
            limit: 3,
            ..recent.clone()
        }),
        ["Ewa", "Dorota", "Cela"]
    );
    assert_eq!(
        names(ListFilter {
            book: Some(BookKind::Business),
            offset: 2,
            limit: 10,
            ..recent.clone()
        }),
        ["Dorota", "Basia"]
    );
    assert_eq!(
        names(ListFilter {
            group: Some(vip.id),
            ..recent.clone()
        }),
        ["Adam", "Basia"]
    );
    assert_eq!(
        names(ListFilter {
            book: Some(BookKind::Private),
            ..recent.clone()
        }),
        ["Cela"]
    );
    assert_eq!(
        names(ListFilter::default()),
        ["Cela", "Dorota", "Ewa", "Basia", "Adam"],
        "name order by family name"
    );
    assert_eq!(ok(s.count(&anna, &recent)), 5);
    // Every change moves a contact up: a photo too.
    at(Duration::seconds(1));
    ok(s.set_photo(&anna, cela.id, Some(super::SAMPLE_PNG.to_vec())));
    assert_eq!(names(recent.clone())[..2], ["Cela", "Adam"]);
    assert_eq!(both.len(), 2);
    assert_ne!(basia.id, cela.id);
    assert_eq!(ListSort::parse("recent"), Some(ListSort::Recent));
    assert_eq!(ListSort::parse("name"), Some(ListSort::Name));
    assert_eq!(ListSort::parse("changed"), None);
}

/// An admin never gets a password of someone else's that works: setting one is refused, a
/// reset ends the password, sessions and tokens and makes a one-time link that expires;
/// the link sets the password once; every admin action on the account is recorded and
/// shown to its user once.
pub fn admins_reset_by_link_and_actions_are_recorded<S: Store>(store: S) {
    let (s, clock) = clocked(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    assert!(anna.is_admin() && !bob.is_admin());
    ok(s.set_password_locally("bob", &password("bob's own secret")));
    ok(s.create(
        &bob,
        BookKind::Private,
        ContactData::person("Zenon", "Tajny"),
    ));
    // Setting another user's password is refused, even for an admin.
    assert!(matches!(
        s.update_user(&anna, "bob", |u| u.password_hash =
            Some("$admin-knows".into())),
        Err(Error::Forbidden(_))
    ));
    // Only an admin resets, never their own password this way.
    assert!(matches!(
        s.reset_password(&bob, "anna", &secret("x")),
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        s.reset_password(&anna, "anna", &secret("x")),
        Err(Error::Invalid { .. })
    ));
    let session = secret("bob-session");
    ok(s.start_session(&bob, &session));
    let token = secret("bob-token");
    ok(s.create_api_token(&bob, "phone", &token));
    let link = secret("reset-link");
    let reset = ok(s.reset_password(&anna, "bob", &link));
    assert_eq!(
        reset.password_hash, None,
        "the old password no longer works"
    );
    assert_eq!(ok(s.session_actor(&session)), None);
    assert_eq!(ok(s.token_actor(&token)), None);
    assert_eq!(
        ok(s.password_link_user(&link)).map(|u| u.name),
        Some("bob".to_string())
    );
    assert_eq!(ok(s.password_link_user(&secret("guess"))), None);
    // A second reset replaces the first link.
    let link2 = secret("reset-link-2");
    ok(s.reset_password(&anna, "bob", &link2));
    assert_eq!(ok(s.password_link_user(&link)), None);
    // The link sets the password once.
    let actor = ok(s.complete_password_link(&link2, &password("bob's new secret")));
    assert_eq!(actor.id(), bob.id());
    assert!(matches!(
        s.complete_password_link(&link2, &password("once again")),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(
        s.authenticate("bob", "bob's new secret").map(|a| a.id()),
        Some(bob.id())
    );
    assert_eq!(s.authenticate("bob", "bob's own secret"), None);
    // A link expires.
    let link3 = secret("reset-link-3");
    ok(s.reset_password(&anna, "bob", &link3));
    advance(
        &clock,
        crate::service::PASSWORD_LINK_VALID + Duration::seconds(1),
    );
    assert_eq!(ok(s.password_link_user(&link3)), None);
    assert!(s
        .complete_password_link(&link3, &password("too late now"))
        .is_err());
    // Role changes and disabling are recorded too; the user sees everything once.
    ok(s.update_user(&anna, "bob", |u| u.admin = true));
    ok(s.update_user(&anna, "bob", |u| u.admin = false));
    ok(s.update_user(&anna, "bob", |u| u.disabled = true));
    ok(s.update_user(&anna, "bob", |u| u.disabled = false));
    use crate::store::AccountEventKind as K;
    let seen: Vec<(K, String)> = ok(s.account_notices(&bob))
        .into_iter()
        .map(|e| (e.kind, e.by_name))
        .collect();
    let a = || "anna".to_string();
    assert_eq!(
        seen,
        vec![
            (K::PasswordReset, a()),
            (K::PasswordReset, a()),
            (K::PasswordSetByLink, "bob".to_string()),
            (K::PasswordReset, a()),
            (K::MadeAdmin, a()),
            (K::AdminRemoved, a()),
            (K::Disabled, a()),
            (K::Enabled, a()),
        ]
    );
    assert!(
        ok(s.account_notices(&anna)).is_empty(),
        "the admin's own account is untouched"
    );
    ok(s.acknowledge_account_notices(&bob));
    assert!(ok(s.account_notices(&bob)).is_empty());
    // An invitation: a new user without a password and a link to set it.
    let invite = secret("invite");
    let ewa = ok(s.invite_user(&anna, "ewa", false, &invite));
    assert_eq!(ewa.password_hash, None);
    assert!(matches!(
        s.invite_user(&bob, "mallory", true, &secret("m")),
        Err(Error::Forbidden(_))
    ));
    let ewa = ok(s.complete_password_link(&invite, &password("ewa's secret")));
    let kinds: Vec<K> = ok(s.account_notices(&ewa))
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds, vec![K::Invited, K::PasswordSetByLink]);
}
