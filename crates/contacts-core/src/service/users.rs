//! Users as other users see them, passwords and signing in: the rules, once for every
//! frontend.
//!
//! - The full user list ([`Service::users`]: admin flags, disabled accounts, who has a
//!   password) is for admins only; everyone may see the directory of names
//!   ([`Service::user_directory`]) to pick a responsible person or read who wrote what.
//! - A password is set only through [`NewPassword`] (the rule in [`crate::password`]) and
//!   hashed in the core; frontends never hash. Users set their own (here, or through a
//!   one-time link an admin made: [`Service::complete_password_link`]); nobody sets
//!   another user's, except whoever holds the database file
//!   ([`Service::set_password_locally`], the CLI).
//! - Signing in ([`Service::authenticate`]) costs the same time whether the name is
//!   unknown, the user has no password or is disabled, or the password is wrong.

use super::{Actor, Service};
use crate::error::{Error, Result};
use crate::ids::UserId;
use crate::model::User;
use crate::password::{self, NewPassword};
use crate::store::Store;

/// A user as anyone may see them: a name to show or pick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserEntry {
    pub id: UserId,
    pub name: String,
    /// A disabled user is still shown by name (as an author), but not offered for new work.
    pub disabled: bool,
}

impl<S: Store> Service<S> {
    /// Every user's id and name, in the store's order, for any signed-in user.
    pub fn user_directory(&self, _actor: &Actor) -> Result<Vec<UserEntry>> {
        // Any actor may: holding one means the user exists and is enabled.
        self.store.read(|ops| {
            Ok(ops
                .users()?
                .into_iter()
                .map(|u| UserEntry {
                    id: u.id,
                    name: u.name,
                    disabled: u.disabled,
                })
                .collect())
        })
    }

    /// The user a frontend names in `field` (a case's responsible person, a reminder's
    /// assignee...): the exact name (trimmed), else the only one that matches ignoring
    /// case; `Invalid` on `field` otherwise.
    pub fn user_named(&self, actor: &Actor, field: &str, name: &str) -> Result<UserEntry> {
        let name = name.trim();
        let all = self.user_directory(actor)?;
        if let Some(u) = all.iter().find(|u| u.name == name) {
            return Ok(u.clone());
        }
        let mut folded = all.iter().filter(|u| u.name.eq_ignore_ascii_case(name));
        match (folded.next(), folded.next()) {
            (Some(u), None) => Ok(u.clone()),
            _ => Err(Error::invalid(field, format!("no user '{name}'"))),
        }
    }

    /// Changes the actor's own password after checking the current one. A wrong current
    /// password is `Invalid` on the field `current_password`.
    pub fn change_own_password(
        &self,
        actor: &Actor,
        current: &str,
        new: &NewPassword,
    ) -> Result<User> {
        if self.authenticate(actor.name(), current).as_ref() != Some(actor) {
            return Err(Error::invalid("current_password", "is not the password"));
        }
        let hash = new.hash()?;
        self.update_user(actor, actor.name(), |u| u.password_hash = Some(hash))
    }

    /// The actor for `name` when `password` is theirs and they may sign in (enabled, with
    /// a password); `None` otherwise, after as much work either way. This is slow on
    /// purpose (argon2id): call it where blocking is allowed.
    pub fn authenticate(&self, name: &str, password: &str) -> Option<Actor> {
        let user = self
            .store
            .read(|ops| ops.user_by_name(name.trim()))
            .ok()
            .flatten();
        let hash = user.as_ref().and_then(|u| u.password_hash.as_deref());
        if !password::verify(password, hash) {
            return None;
        }
        user.and_then(|u| Actor::of(&u).ok())
    }
}

#[cfg(test)]
mod tests {
    use crate::memory::MemoryStore;
    use crate::password::NewPassword;
    use crate::service::Service;
    use crate::Error;

    fn pw(s: &str) -> NewPassword {
        NewPassword::new(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn only_admins_list_users_but_everyone_sees_names() {
        let s = Service::new(MemoryStore::default());
        let anna = s.local_actor("anna").unwrap_or_else(|e| panic!("{e}"));
        let bob = s.local_actor("bob").unwrap_or_else(|e| panic!("{e}"));
        assert!(anna.is_admin() && !bob.is_admin());
        assert_eq!(s.users(&anna).map(|u| u.len()).ok(), Some(2));
        assert!(matches!(s.users(&bob), Err(Error::Forbidden(_))));
        let names: Vec<String> = s
            .user_directory(&bob)
            .unwrap_or_default()
            .into_iter()
            .map(|u| u.name)
            .collect();
        assert_eq!(names, ["anna", "bob"]);
        assert_eq!(
            s.user_named(&bob, "responsible", " BOB ")
                .map(|u| u.id)
                .ok(),
            Some(bob.id())
        );
        let e = s.user_named(&bob, "responsible", "carol").err();
        assert!(
            matches!(&e, Some(Error::Invalid { field, reason }) if field == "responsible" && reason == "no user 'carol'"),
            "{e:?}"
        );
    }

    #[test]
    fn passwords_are_set_checked_and_changed_in_the_core() {
        let s = Service::new(MemoryStore::default());
        let anna = s.local_actor("anna").unwrap_or_else(|e| panic!("{e}"));
        let bob = s.local_actor("bob").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            s.authenticate("bob", "anything long"),
            None,
            "no password yet"
        );
        let u = s
            .set_password_locally("bob", &pw("first secret"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(u
            .password_hash
            .as_deref()
            .is_some_and(|h| h.starts_with("$argon2id$")));
        assert_eq!(s.authenticate("bob", "first secret").as_ref(), Some(&bob));
        assert_eq!(s.authenticate("bob", "first secreT"), None);
        assert_eq!(s.authenticate("nobody", "first secret"), None);
        // Changing one's own password needs the current one.
        assert!(matches!(
            s.change_own_password(&bob, "wrong", &pw("second secret")),
            Err(Error::Invalid { ref field, .. }) if field == "current_password"
        ));
        s.change_own_password(&bob, "first secret", &pw("second secret"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.authenticate("bob", "first secret"), None);
        assert!(s.authenticate("bob", "second secret").is_some());
        // A disabled user cannot sign in, even with the right password.
        s.update_user(&anna, "bob", |u| u.disabled = true)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.authenticate("bob", "second secret"), None);
    }
}
