//! The `Ops` of one SQLite transaction: rows in, rows out. No rules live here.

use contacts_core::postal::streets::StreetRow;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use contacts_core::category::CategoryKey;
use contacts_core::date::{MonthDay, PartialDate};
use contacts_core::ids::{AttachmentId, ContactId, FieldId, LabelId, UserId};
use contacts_core::model::*;
use contacts_core::search;
use contacts_core::store::{
    FieldDef, FieldType, Label, ListKind, ListQuery, ListSort, Ops, Scope, SearchQuery,
};
use contacts_core::{Error, Result};
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::backend;

mod auth;
mod dates;
pub(crate) mod interchange;
mod mailing;
mod meetings;
mod sync;
mod trash;

pub(crate) struct SqlOps<'a> {
    pub conn: &'a Connection,
    pub writable: bool,
    /// Search documents written in this transaction and not yet in the FTS index.
    ///
    /// FTS5 writes its in-memory buffer out as a new segment whenever a statement opens a
    /// statement journal (any insert into `contacts` does: it fires the book-count trigger), so
    /// indexing each contact next to its row made one tiny segment per contact and then merged
    /// them: a third of the time of a bulk insert. Held here and written together, the
    /// documents go out as few large segments. Every read of the index and every delete from it
    /// flushes first, and `write` flushes before it commits.
    /// A `None` document is a tombstone: the contact was taken out again after it was put
    /// in (a merge into a card imported earlier in the same transaction); the last entry
    /// of an id wins.
    pub pending_search: RefCell<Vec<(i64, Option<String>)>>,
    /// The ids in `pending_search`, so taking one out costs no scan of the list.
    pub pending_ids: RefCell<std::collections::HashSet<i64>>,
    /// Documents to take out of the FTS index, held back with the new ones: a delete went
    /// into FTS5's buffer, and the next statement journal wrote that out as a segment of
    /// its own (an import merging into existing contacts made one per card).
    pub pending_unindex: RefCell<Vec<i64>>,
    /// Contacts added to each book in this transaction and not yet in `book_counts` (keyed
    /// like it: the owner's id, 0 for the business book). Kept here rather than by an insert
    /// trigger: a trigger makes every insert open a statement journal, a tenth of the time
    /// of a bulk insert. Deletes still count by trigger (their cascades journal anyway).
    pub pending_counts: RefCell<BTreeMap<i64, i64>>,
    /// The highest contact id in the change log (`sync_changes`), read once per transaction:
    /// a new contact with an id at or below it reuses a removed one's id and must be logged
    /// (otherwise new contacts are found by id and log nothing; see `ops/sync.rs`).
    pub sync_floor: std::cell::Cell<Option<i64>>,
    /// In a bulk transaction ([`contacts_core::store::Store::write_bulk`]): the contacts it inserted so far, to
    /// give the writer the bulk page cache once there are many ([`crate::BULK_CACHE`]).
    pub bulk_inserts: std::cell::Cell<Option<u64>>,
    /// In a bulk load into an empty store: the search index being built on its own thread
    /// (see `search_build`), which takes the documents instead of `pending_search`.
    pub search_build: RefCell<Option<crate::search_build::SearchBuild>>,
    /// In a bulk load into an empty store: the duplicate keys written so far, so a card
    /// with none of them is known to have no duplicate without a query.
    pub key_filter: Option<interchange::KeyFilter>,
    /// The statements a bulk load runs for every contact.
    pub hot: HotStatements<'a>,
    /// In a bulk load into an empty store: the duplicate keys, written at its end.
    pub held_keys: Option<interchange::HeldKeys>,
    /// In a bulk load into an empty store: the contact indexes taken off until its end.
    pub set_aside: Option<crate::SetAside>,
}

/// Statements a bulk load runs for every contact, prepared once per transaction. The
/// connection's statement cache finds a statement by hashing its whole text, once to take it
/// out and once to put it back; for the 35-column insert that was 4% of an import's writer.
#[derive(Default)]
pub(crate) struct HotStatements<'a> {
    insert_contact: RefCell<Option<rusqlite::Statement<'a>>>,
    insert_key: RefCell<Option<rusqlite::Statement<'a>>>,
}

/// The statement in `slot`, prepared on first use.
fn hot<'s, 'a>(
    conn: &'a Connection,
    slot: &'s RefCell<Option<rusqlite::Statement<'a>>>,
    sql: &str,
) -> Result<std::cell::RefMut<'s, rusqlite::Statement<'a>>> {
    let mut held = slot
        .try_borrow_mut()
        .map_err(|_| Error::Backend("a statement was asked for while in use".into()))?;
    if held.is_none() {
        *held = Some(conn.prepare(sql).map_err(backend)?);
    }
    std::cell::RefMut::filter_map(held, Option::as_mut)
        .map_err(|_| Error::Backend("statement not prepared".into()))
}

/// Past this many documents the pending search writes go out before the transaction ends, so a
/// huge import keeps a bounded amount of memory (about 10 MB of documents). Each write-out
/// breaks FTS5's run of ascending rowids; at 20,000 an import of 100,000 cards took a fifth
/// longer (with FTS5's 1 MB buffer). With the 16 MB one of migration 009, measured on that
/// import (`bench_import`'s cards, three runs each, user CPU time because the 2-core machine
/// was shared and wall times were noisy): 20,000 took 4.44 s and 181 MB, 50,000 4.13 s and
/// 188–197 MB, no write-out before the end 4.01 s and 205–210 MB. So 50,000 costs about 3%
/// of the CPU time against none, and keeps that import under 200 MB.
const PENDING_SEARCH_LIMIT: usize = 50_000;

/// The multi-valued parts of a contact, kept as one JSON column.
#[derive(Serialize, Deserialize, Default)]
struct Multi {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    emails: Vec<Email>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    phones: Vec<Phone>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    addresses: Vec<Address>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    websites: Vec<Website>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    messengers: Vec<Messenger>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    extra: Vec<ExtraProperty>,
}

const WRITE_COLUMNS: [&str; 35] = [
    "owner_id",
    "kind",
    "prefix",
    "given",
    "additional",
    "family",
    "suffix",
    "nickname",
    "org_name",
    "org_id",
    "department",
    "job_title",
    "birthday_year",
    "birthday_month",
    "birthday_day",
    "nameday_month",
    "nameday_day",
    "anniversary",
    "gender",
    "notes",
    "nip",
    "regon",
    "bank_account",
    "category",
    "status_id",
    "no_mailing",
    "multi",
    "sort_key",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "version",
    "given_key",
    "display",
];

static INSERT_SQL: LazyLock<String> = LazyLock::new(|| {
    let marks: Vec<String> = (1..=WRITE_COLUMNS.len()).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO contacts ({}) VALUES ({})",
        WRITE_COLUMNS.join(", "),
        marks.join(", ")
    )
});

static UPDATE_SQL: LazyLock<String> = LazyLock::new(|| {
    let sets: Vec<String> = WRITE_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 1))
        .collect();
    let n = WRITE_COLUMNS.len();
    format!(
        "UPDATE contacts SET {} WHERE id = ?{} AND version = ?{}",
        sets.join(", "),
        n + 1,
        n + 2
    )
});

const SELECT: &str = "SELECT c.id, c.owner_id, c.kind, c.prefix, c.given, c.additional, c.family, c.suffix, c.nickname, c.org_name,
    c.org_id, c.department, c.job_title, c.birthday_year, c.birthday_month, c.birthday_day, c.nameday_month, c.nameday_day,
    c.anniversary, c.gender, c.notes, c.nip, c.regon, c.bank_account, c.category, c.status_id, c.no_mailing, c.multi,
    c.created_at, c.created_by, c.updated_at, c.updated_by, c.version,
    (SELECT group_concat(label_id) FROM contact_groups g WHERE g.contact_id = c.id),
    (SELECT json_group_array(json_array(field_id, value)) FROM custom_values v WHERE v.contact_id = c.id),
    EXISTS (SELECT 1 FROM photos p WHERE p.contact_id = c.id)";

/// A column value for a write: borrowed from the contact where it is there as it is stored,
/// so a write copies no text it only binds.
type Column<'a> = ToSqlOutput<'a>;

fn text(s: &str) -> Column<'_> {
    ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes()))
}

fn opt_text(s: Option<&str>) -> Column<'_> {
    s.map(text).unwrap_or(ToSqlOutput::Owned(Value::Null))
}

fn owned_text(s: String) -> Column<'static> {
    ToSqlOutput::Owned(Value::Text(s))
}

fn int(n: i64) -> Column<'static> {
    ToSqlOutput::Owned(Value::Integer(n))
}

fn opt_int(n: Option<i64>) -> Value {
    n.map(Value::Integer).unwrap_or(Value::Null)
}

fn opt_int_column(n: Option<i64>) -> Column<'static> {
    ToSqlOutput::Owned(opt_int(n))
}

fn ts(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// A timestamp whose text order is its time order (always nine fractional digits), for
/// columns that lists are ordered by (`contacts.updated_at`, migration 008).
pub(crate) fn sortable_ts(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true)
}

pub(crate) fn corrupt(msg: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, msg.into())
}

pub(crate) fn parse_ts(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| corrupt(format!("bad timestamp '{s}': {e}")))
}

/// [`Multi`] as it is written: the contact's own lists, not copies of them.
#[derive(Serialize)]
struct MultiRef<'a> {
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    emails: &'a [Email],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    phones: &'a [Phone],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    addresses: &'a [Address],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    websites: &'a [Website],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    messengers: &'a [Messenger],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    extra: &'a [ExtraProperty],
}

/// The values of [`WRITE_COLUMNS`], in order.
fn write_values<'a>(book: Book, d: &'a ContactData, meta: &Meta) -> Result<Vec<Column<'a>>> {
    let multi = MultiRef {
        emails: &d.emails,
        phones: &d.phones,
        addresses: &d.addresses,
        websites: &d.websites,
        messengers: &d.messengers,
        extra: &d.extra,
    };
    let multi = serde_json::to_string(&multi).map_err(Error::backend)?;
    let owner = match book {
        Book::Private(u) => int(u.0),
        Book::Business => ToSqlOutput::Owned(Value::Null),
    };
    Ok(vec![
        owner,
        text(d.kind.as_str()),
        text(&d.name.prefix),
        text(&d.name.given),
        text(&d.name.additional),
        text(&d.name.family),
        text(&d.name.suffix),
        text(&d.nickname),
        text(&d.org_name),
        opt_int_column(d.org_id.map(|o| o.0)),
        text(&d.department),
        text(&d.job_title),
        opt_int_column(d.birthday.and_then(|b| b.year).map(i64::from)),
        opt_int_column(d.birthday.map(|b| i64::from(b.month_day.month()))),
        opt_int_column(d.birthday.map(|b| i64::from(b.month_day.day()))),
        opt_int_column(d.nameday.map(|m| i64::from(m.month()))),
        opt_int_column(d.nameday.map(|m| i64::from(m.day()))),
        match d.anniversary {
            Some(a) => owned_text(a.to_string()),
            None => ToSqlOutput::Owned(Value::Null),
        },
        opt_text(d.gender.map(Gender::code)),
        text(&d.notes),
        opt_text(d.nip.as_ref().map(Nip::as_str)),
        opt_text(d.regon.as_ref().map(Regon::as_str)),
        opt_text(d.bank_account.as_ref().map(BankAccount::as_str)),
        opt_text(d.category.map(CategoryKey::key)),
        opt_int_column(d.status.map(|s| s.0)),
        int(i64::from(d.no_mailing)),
        owned_text(multi),
        ToSqlOutput::Owned(Value::Blob(search::sort_key(d))),
        owned_text(ts(&meta.created_at)),
        int(meta.created_by.0),
        owned_text(sortable_ts(&meta.updated_at)),
        int(meta.updated_by.0),
        int(meta.version as i64),
        owned_text(contacts_core::store::given_key(&d.name.given)),
        owned_text(naming_display(d.kind, &d.name, &d.org_name, &d.nickname)),
    ])
}

fn encode_value(v: &FieldValue) -> String {
    match v {
        FieldValue::Text(s) => format!("t:{s}"),
        FieldValue::Number(n) => format!("n:{n}"),
        FieldValue::Date(d) => format!("d:{d}"),
        FieldValue::YesNo(b) => format!("b:{}", u8::from(*b)),
        FieldValue::Choice(s) => format!("c:{s}"),
    }
}

fn decode_value(s: &str) -> rusqlite::Result<FieldValue> {
    let bad = || corrupt(format!("bad custom value '{s}'"));
    let (tag, rest) = s.split_once(':').ok_or_else(bad)?;
    Ok(match tag {
        "t" => FieldValue::Text(rest.to_string()),
        "n" => FieldValue::Number(rest.parse().map_err(|_| bad())?),
        "d" => FieldValue::Date(NaiveDate::parse_from_str(rest, "%Y-%m-%d").map_err(|_| bad())?),
        "b" => FieldValue::YesNo(rest == "1"),
        "c" => FieldValue::Choice(rest.to_string()),
        _ => return Err(bad()),
    })
}

fn checked<T>(r: Result<T>) -> rusqlite::Result<T> {
    r.map_err(|e| corrupt(e.to_string()))
}

fn read_contact(row: &Row<'_>) -> rusqlite::Result<Contact> {
    let s = |i: usize| -> rusqlite::Result<String> { row.get(i) };
    let os = |i: usize| -> rusqlite::Result<Option<String>> { row.get(i) };
    let oi = |i: usize| -> rusqlite::Result<Option<i64>> { row.get(i) };
    let month_day = |m: Option<i64>, d: Option<i64>| -> rusqlite::Result<Option<MonthDay>> {
        match (m, d) {
            (Some(m), Some(d)) => checked(MonthDay::new(m as u32, d as u32)).map(Some),
            _ => Ok(None),
        }
    };
    let multi: Multi =
        serde_json::from_str(&s(27)?).map_err(|e| corrupt(format!("bad multi column: {e}")))?;
    let birthday = month_day(oi(14)?, oi(15)?)?.map(|md| PartialDate {
        year: oi(13).ok().flatten().map(|y| y as i32),
        month_day: md,
    });
    let groups = os(33)?
        .map(|g| {
            g.split(',')
                .filter_map(|x| x.parse().ok())
                .map(LabelId)
                .collect()
        })
        .unwrap_or_default();
    let mut custom = BTreeMap::new();
    if let Some(json) = os(34)? {
        let pairs: Vec<(i64, String)> =
            serde_json::from_str(&json).map_err(|e| corrupt(format!("bad custom values: {e}")))?;
        for (id, v) in pairs {
            custom.insert(FieldId(id), decode_value(&v)?);
        }
    }
    let data = ContactData {
        kind: checked(ContactKind::parse(&s(2)?))?,
        name: Name {
            prefix: s(3)?,
            given: s(4)?,
            additional: s(5)?,
            family: s(6)?,
            suffix: s(7)?,
        },
        nickname: s(8)?,
        org_name: s(9)?,
        org_id: oi(10)?.map(ContactId),
        department: s(11)?,
        job_title: s(12)?,
        emails: multi.emails,
        phones: multi.phones,
        addresses: multi.addresses,
        websites: multi.websites,
        messengers: multi.messengers,
        birthday,
        nameday: month_day(oi(16)?, oi(17)?)?,
        anniversary: os(18)?.map(|a| checked(a.parse())).transpose()?,
        gender: os(19)?.map(|g| checked(Gender::parse(&g))).transpose()?,
        notes: s(20)?,
        nip: os(21)?.map(|v| checked(Nip::parse(&v))).transpose()?,
        regon: os(22)?.map(|v| checked(Regon::parse(&v))).transpose()?,
        bank_account: os(23)?
            .map(|v| checked(BankAccount::parse(&v)))
            .transpose()?,
        category: os(24)?
            .map(|v| checked(CategoryKey::parse(&v)))
            .transpose()?,
        groups,
        status: oi(25)?.map(LabelId),
        custom,
        no_mailing: row.get::<_, i64>(26)? != 0,
        extra: multi.extra,
    };
    let book = match oi(1)? {
        Some(u) => Book::Private(UserId(u)),
        None => Book::Business,
    };
    Ok(Contact {
        id: ContactId(row.get(0)?),
        book,
        data,
        meta: Meta {
            created_at: parse_ts(&s(28)?)?,
            created_by: UserId(row.get(29)?),
            updated_at: parse_ts(&s(30)?)?,
            updated_by: UserId(row.get(31)?),
            version: row.get::<_, i64>(32)? as u64,
        },
        has_photo: row.get(35)?,
    })
}

fn read_user(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: UserId(row.get(0)?),
        name: row.get(1)?,
        admin: row.get(2)?,
        disabled: row.get(3)?,
        created_at: parse_ts(&row.get::<_, String>(4)?)?,
        password_hash: row.get(5)?,
        language: row
            .get::<_, Option<String>>(6)?
            .map(|l| checked(Language::parse(&l)))
            .transpose()?,
    })
}

const USER_COLS: &str =
    "SELECT id, name, admin, disabled, created_at, password_hash, language FROM users";

fn list_kind(s: &str) -> rusqlite::Result<ListKind> {
    ListKind::parse(s).ok_or_else(|| corrupt(format!("unknown list '{s}'")))
}

fn read_field(row: &Row<'_>) -> rusqlite::Result<FieldDef> {
    let ty: String = row.get(2)?;
    let choices: String = row.get(3)?;
    let choices: Vec<String> = if ty == "choice" {
        serde_json::from_str(&choices).map_err(|e| corrupt(format!("bad choices: {e}")))?
    } else {
        Vec::new()
    };
    let field_type =
        FieldType::parse(&ty, &choices).map_err(|e| corrupt(format!("field type: {e}")))?;
    Ok(FieldDef {
        id: FieldId(row.get(0)?),
        label: row.get(1)?,
        field_type,
    })
}

/// The SQL condition for a scope, using parameters ?1 (business 0/1) and ?2 (owner id).
fn scope_params(scope: &Scope) -> (i64, Option<i64>) {
    (i64::from(scope.business), scope.private_of.map(|u| u.0))
}

fn match_expression(terms: &[String], whole: &[String]) -> String {
    let quoted = |t: &String| format!("\"{}\"", t.replace('"', "\"\""));
    terms
        .iter()
        .map(|t| format!("{}*", quoted(t)))
        .chain(whole.iter().map(quoted))
        .collect::<Vec<_>>()
        .join(" ")
}

impl SqlOps<'_> {
    pub(crate) fn w(&self) -> Result<()> {
        if self.writable {
            Ok(())
        } else {
            Err(Error::Backend(
                "write attempted in a read transaction".into(),
            ))
        }
    }

    /// Indexes a contact: its search document, groups, custom values and duplicate keys.
    /// `replaced` is its data before, when it had some (its old rows go).
    fn index(
        &self,
        id: ContactId,
        data: &ContactData,
        replaced: Option<&ContactData>,
    ) -> Result<()> {
        if replaced.is_some() {
            self.unindex(id)?;
            self.conn
                .prepare_cached("DELETE FROM contact_groups WHERE contact_id = ?1")
                .map_err(backend)?
                .execute([id.0])
                .map_err(backend)?;
            self.conn
                .prepare_cached("DELETE FROM custom_values WHERE contact_id = ?1")
                .map_err(backend)?
                .execute([id.0])
                .map_err(backend)?;
        }
        let doc = search::document(data);
        let full = match self.search_build.borrow_mut().as_mut() {
            Some(build) => {
                build.put(id.0, &doc)?;
                false
            }
            None => {
                let mut pending = self.pending_search.borrow_mut();
                pending.push((id.0, Some(doc)));
                self.pending_ids.borrow_mut().insert(id.0);
                pending.len() >= PENDING_SEARCH_LIMIT
            }
        };
        if full {
            self.flush_search()?;
        }
        if !data.groups.is_empty() {
            let mut st = self
                .conn
                .prepare_cached(
                    "INSERT OR IGNORE INTO contact_groups (contact_id, label_id) VALUES (?1, ?2)",
                )
                .map_err(backend)?;
            for g in &data.groups {
                st.execute([id.0, g.0]).map_err(backend)?;
            }
        }
        if !data.custom.is_empty() {
            let mut st = self
                .conn
                .prepare_cached(
                    "INSERT INTO custom_values (contact_id, field_id, value) VALUES (?1, ?2, ?3)",
                )
                .map_err(backend)?;
            for (f, v) in &data.custom {
                st.execute(params![id.0, f.0, encode_value(v)])
                    .map_err(backend)?;
            }
        }
        let insert_key = |sql: &str| hot(self.conn, &self.hot.insert_key, sql);
        interchange::write_keys(
            self.conn,
            id,
            data,
            replaced,
            self.key_filter.as_ref(),
            Some(&insert_key),
            self.held_keys.as_ref(),
        )
    }

    /// Writes what this transaction holds back (search documents, book counts); before
    /// commit and before anything reads them.
    pub(crate) fn flush_pending(&self) -> Result<()> {
        self.flush_search()?;
        if let Some(held) = &self.held_keys {
            held.write_out(self.conn)?;
        }
        let counts = std::mem::take(&mut *self.pending_counts.borrow_mut());
        if counts.is_empty() {
            return Ok(());
        }
        let mut st = self
            .conn
            .prepare_cached(
                "INSERT INTO book_counts (owner_key, n) VALUES (?1, ?2)
                 ON CONFLICT (owner_key) DO UPDATE SET n = n + excluded.n",
            )
            .map_err(backend)?;
        for (key, n) in counts {
            st.execute([key, n]).map_err(backend)?;
        }
        Ok(())
    }

    /// Counts a contact just inserted into `book`.
    pub(crate) fn added(&self, book: Book) {
        let key = match book {
            Book::Private(u) => u.0,
            Book::Business => 0,
        };
        *self.pending_counts.borrow_mut().entry(key).or_default() += 1;
    }

    /// Tells a search index built aside that no more documents come, so it is merged while
    /// the transaction does its last work.
    pub(crate) fn seal_search(&self) -> Result<()> {
        match self.search_build.borrow_mut().as_mut() {
            Some(build) => build.seal(),
            None => Ok(()),
        }
    }

    /// Writes the pending search documents into the FTS index.
    fn flush_search(&self) -> Result<()> {
        let build = self.search_build.borrow_mut().take();
        if let Some(build) = build {
            build.finish(self.conn)?;
        }
        let mut gone = std::mem::take(&mut *self.pending_unindex.borrow_mut());
        if !gone.is_empty() {
            gone.sort_unstable();
            let mut st = self
                .conn
                .prepare_cached("DELETE FROM contact_search WHERE rowid = ?1")
                .map_err(backend)?;
            for id in gone {
                st.execute([id]).map_err(backend)?;
            }
        }
        let mut pending = std::mem::take(&mut *self.pending_search.borrow_mut());
        self.pending_ids.borrow_mut().clear();
        if pending.is_empty() {
            return Ok(());
        }
        // In rowid order: FTS5 writes its buffer out whenever a rowid comes in below the last
        // one (an import that merges into older contacts did so for nearly every card). The
        // sort is stable, so the last entry of an id is last in its run and wins.
        pending.sort_by_key(|(id, _)| *id);
        let mut st = self
            .conn
            .prepare_cached("INSERT INTO contact_search (rowid, doc) VALUES (?1, ?2)")
            .map_err(backend)?;
        for (i, (id, doc)) in pending.iter().enumerate() {
            let superseded = pending.get(i + 1).is_some_and(|(next, _)| next == id);
            if let (false, Some(doc)) = (superseded, doc) {
                st.execute(params![id, doc]).map_err(backend)?;
            }
        }
        Ok(())
    }

    /// Takes a contact out of the search index, pending or written.
    fn unindex(&self, id: ContactId) -> Result<()> {
        if let Some(build) = self.search_build.borrow_mut().as_mut() {
            return build.take(id.0);
        }
        let was_pending = self.pending_ids.borrow().contains(&id.0);
        if was_pending {
            self.pending_search.borrow_mut().push((id.0, None));
        } else {
            self.pending_unindex.borrow_mut().push(id.0);
        }
        Ok(())
    }

    fn list_one_book(
        &self,
        q: &ListQuery,
        owner: Option<i64>,
        take: usize,
    ) -> Result<Vec<Contact>> {
        let mut sql = format!("{SELECT} FROM contacts c WHERE c.owner_id IS ?1");
        let mut args: Vec<Value> = vec![opt_int(owner)];
        self.filters(q, &mut sql, &mut args);
        // Both orders walk one index range of the book (contacts_by_book_name, or
        // contacts_by_book_updated backwards) and stop after `take` rows.
        let order = match q.sort {
            ListSort::Name => "c.owner_id, c.sort_key, c.id",
            ListSort::Recent => "c.owner_id DESC, c.updated_at DESC, c.id DESC",
        };
        sql.push_str(&format!(" ORDER BY {order} LIMIT ?{}", args.len() + 1));
        args.push(Value::Integer(take as i64));
        let mut st = self.conn.prepare_cached(&sql).map_err(backend)?;
        let rows = st
            .query_map(params_from_iter(args), read_contact)
            .map_err(backend)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(backend)
    }

    fn filters(&self, q: &ListQuery, sql: &mut String, args: &mut Vec<Value>) {
        if let Some(c) = q.category {
            args.push(Value::Text(c.key().to_string()));
            sql.push_str(&format!(" AND c.category = ?{}", args.len()));
        }
        if let Some(s) = q.status {
            args.push(Value::Integer(s.0));
            sql.push_str(&format!(" AND c.status_id = ?{}", args.len()));
        }
        if let Some(g) = q.group {
            args.push(Value::Integer(g.0));
            sql.push_str(&format!(" AND EXISTS (SELECT 1 FROM contact_groups g WHERE g.contact_id = c.id AND g.label_id = ?{})", args.len()));
        }
        if let Some(t) = q.last_contact_before {
            args.push(Value::Text(crate::cases::ts(&t)));
            sql.push_str(&format!(
                " AND c.owner_id IS NULL AND (c.last_contact_at IS NULL OR c.last_contact_at < ?{})",
                args.len()
            ));
        }
        if let Some(u) = q.account_manager {
            args.push(Value::Integer(u.0));
            sql.push_str(&format!(
                " AND c.owner_id IS NULL AND EXISTS (SELECT 1 FROM account_managers m WHERE m.contact_id = c.id AND m.user_id = ?{})",
                args.len()
            ));
        }
    }

    fn owners(scope: &Scope) -> Vec<Option<i64>> {
        let mut owners = Vec::new();
        if let Some(u) = scope.private_of {
            owners.push(Some(u.0));
        }
        if scope.business {
            owners.push(None);
        }
        owners
    }
}

impl Ops for SqlOps<'_> {
    fn insert_user(&self, name: &str, admin: bool, at: DateTime<Utc>) -> Result<User> {
        self.w()?;
        self.conn
            .execute(
                "INSERT INTO users (name, admin, created_at) VALUES (?1, ?2, ?3)",
                params![name, admin, ts(&at)],
            )
            .map_err(|e| match backend(e) {
                Error::Conflict(_) => Error::Conflict(format!("user '{name}' exists already")),
                other => other,
            })?;
        Ok(User {
            id: UserId(self.conn.last_insert_rowid()),
            name: name.to_string(),
            admin,
            disabled: false,
            created_at: at,
            password_hash: None,
            language: None,
        })
    }

    fn update_user(&self, user: &User) -> Result<()> {
        self.w()?;
        let n = self
            .conn
            .execute(
                "UPDATE users SET name = ?2, admin = ?3, disabled = ?4, password_hash = ?5, language = ?6 WHERE id = ?1",
                params![user.id.0, user.name, user.admin, user.disabled, user.password_hash, user.language.map(Language::code)],
            )
            .map_err(backend)?;
        if n == 0 {
            return Err(Error::not_found(format!("user {}", user.id)));
        }
        Ok(())
    }

    fn user(&self, id: UserId) -> Result<Option<User>> {
        self.conn
            .prepare_cached(&format!("{USER_COLS} WHERE id = ?1"))
            .map_err(backend)?
            .query_row([id.0], read_user)
            .optional()
            .map_err(backend)
    }

    fn user_by_name(&self, name: &str) -> Result<Option<User>> {
        self.conn
            .prepare_cached(&format!("{USER_COLS} WHERE name = ?1"))
            .map_err(backend)?
            .query_row([name], read_user)
            .optional()
            .map_err(backend)
    }

    fn users(&self) -> Result<Vec<User>> {
        let mut st = self
            .conn
            .prepare_cached(&format!("{USER_COLS} ORDER BY name"))
            .map_err(backend)?;
        let rows = st.query_map([], read_user).map_err(backend)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(backend)
    }

    fn insert_contact(&self, book: Book, data: &ContactData, meta: &Meta) -> Result<ContactId> {
        self.w()?;
        let values = write_values(book, data, meta)?;
        hot(self.conn, &self.hot.insert_contact, &INSERT_SQL)?
            .execute(params_from_iter(values))
            .map_err(backend)?;
        let id = ContactId(self.conn.last_insert_rowid());
        if let Some(n) = self.bulk_inserts.get() {
            self.bulk_inserts.set(Some(n + 1));
            if n + 1 == crate::BULK_CACHE_AFTER {
                self.conn
                    .execute_batch(crate::BULK_CACHE)
                    .map_err(backend)?;
            }
            if let Some(set_aside) = &self.set_aside {
                if n + 1 == 256 || (n + 1) % 4096 == 0 {
                    set_aside.check(self.conn)?;
                }
            }
        }
        self.added(book);
        self.index(id, data, None)?;
        self.log_insert(id, book)?;
        Ok(id)
    }

    fn contact(&self, id: ContactId) -> Result<Option<Contact>> {
        self.conn
            .prepare_cached(&format!("{SELECT} FROM contacts c WHERE c.id = ?1"))
            .map_err(backend)?
            .query_row([id.0], read_contact)
            .optional()
            .map_err(backend)
    }

    fn update_contact(&self, contact: &Contact, expected_version: u64) -> Result<()> {
        self.w()?;
        // Its old duplicate keys are known from its old data, read before it is overwritten.
        let old = self.contact(contact.id)?;
        let mut values = write_values(contact.book, &contact.data, &contact.meta)?;
        values.push(int(contact.id.0));
        values.push(int(expected_version as i64));
        let n = self
            .conn
            .prepare_cached(&UPDATE_SQL)
            .map_err(backend)?
            .execute(params_from_iter(values))
            .map_err(backend)?;
        let old = match old {
            Some(old) if n > 0 => old,
            Some(c) => {
                return Err(Error::Conflict(format!(
                    "contact {} is at version {}, not {expected_version}",
                    contact.id, c.meta.version
                )))
            }
            None => return Err(Error::not_found(format!("contact {}", contact.id))),
        };
        self.log_change(contact.id, contact.book, false)?;
        self.index(contact.id, &contact.data, Some(&old.data))
    }

    fn delete_contact(&self, id: ContactId) -> Result<()> {
        self.w()?;
        // The delete trigger counts down a row the pending counts may not have made yet.
        self.flush_pending()?;
        // Its duplicate keys, computed from its data (no foreign key or index by contact: see
        // migrations 023 and 024).
        if let Some(c) = self.contact(id)? {
            interchange::delete_keys(self.conn, id, &c.data)?;
        }
        self.unindex(id)?;
        self.log_removal(id)?;
        let n = self
            .conn
            .prepare_cached("DELETE FROM contacts WHERE id = ?1")
            .map_err(backend)?
            .execute([id.0])
            .map_err(backend)?;
        if n == 0 {
            return Err(Error::not_found(format!("contact {id}")));
        }
        Ok(())
    }

    fn list_contacts(&self, q: &ListQuery) -> Result<Vec<Contact>> {
        // One index range per book, merged: an OR over both books would need a sort.
        let take = q.offset.saturating_add(q.limit);
        let mut all = Vec::new();
        for owner in Self::owners(&q.scope) {
            all.extend(self.list_one_book(q, owner, take)?);
        }
        match q.sort {
            ListSort::Name => all.sort_by_cached_key(|c| (search::sort_key(&c.data), c.id)),
            ListSort::Recent => all.sort_by_key(|c| std::cmp::Reverse((c.meta.updated_at, c.id))),
        }
        Ok(all.into_iter().skip(q.offset).take(q.limit).collect())
    }

    fn count_contacts(&self, q: &ListQuery) -> Result<u64> {
        self.flush_pending()?;
        let mut total = 0u64;
        let unfiltered = q.category.is_none()
            && q.group.is_none()
            && q.status.is_none()
            && q.last_contact_before.is_none()
            && q.account_manager.is_none();
        for owner in Self::owners(&q.scope) {
            if unfiltered {
                let n: Option<i64> = self
                    .conn
                    .prepare_cached("SELECT n FROM book_counts WHERE owner_key = ?1")
                    .map_err(backend)?
                    .query_row([owner.unwrap_or(0)], |r| r.get(0))
                    .optional()
                    .map_err(backend)?;
                total += n.unwrap_or(0).max(0) as u64;
                continue;
            }
            // A group is counted from its memberships (one index range) rather than by a
            // membership test on every contact of the book.
            let mut args = vec![opt_int(owner)];
            let (mut sql, q) = match q.group {
                Some(g) => {
                    args.push(Value::Integer(g.0));
                    (
                        "SELECT count(*) FROM contact_groups g JOIN contacts c ON c.id = g.contact_id WHERE c.owner_id IS ?1 AND g.label_id = ?2".to_string(),
                        ListQuery {
                            group: None,
                            ..q.clone()
                        },
                    )
                }
                None => (
                    "SELECT count(*) FROM contacts c WHERE c.owner_id IS ?1".to_string(),
                    q.clone(),
                ),
            };
            self.filters(&q, &mut sql, &mut args);
            let n: i64 = self
                .conn
                .prepare_cached(&sql)
                .map_err(backend)?
                .query_row(params_from_iter(args), |r| r.get(0))
                .map_err(backend)?;
            total += n as u64;
        }
        Ok(total)
    }

    fn search(&self, q: &SearchQuery) -> Result<Vec<Contact>> {
        if q.terms.is_empty() && q.whole.is_empty() {
            return Ok(vec![]);
        }
        self.flush_search()?;
        let (business, owner) = scope_params(&q.scope);
        // The limit is written into the SQL, not bound: SQLite hands a LIMIT to FTS5 when
        // planning, so a bound one makes it plan the statement again on every run (a seventh
        // of a search's time). A few limits are in use, each a cached statement of its own.
        let sql = format!(
            "{SELECT} FROM contact_search s JOIN contacts c ON c.id = s.rowid
             WHERE contact_search MATCH ?3 AND ((?1 AND c.owner_id IS NULL) OR c.owner_id = ?2)
             LIMIT {}",
            q.limit
        );
        let mut st = self.conn.prepare_cached(&sql).map_err(backend)?;
        let rows = st
            .query_map(
                params![business, owner, match_expression(&q.terms, &q.whole)],
                read_contact,
            )
            .map_err(backend)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(backend)
    }

    fn people_at(&self, org: ContactId) -> Result<Vec<ContactId>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id FROM contacts WHERE org_id = ?1")
            .map_err(backend)?;
        let rows = st
            .query_map([org.0], |r| r.get(0).map(ContactId))
            .map_err(backend)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(backend)
    }

    fn set_photo(&self, contact: ContactId, photo: Option<&Photo>) -> Result<()> {
        self.w()?;
        match photo {
            Some(p) => self
                .conn
                .execute(
                    "INSERT INTO photos (contact_id, media_type, bytes) VALUES (?1, ?2, ?3)
                     ON CONFLICT (contact_id) DO UPDATE SET media_type = excluded.media_type, bytes = excluded.bytes",
                    params![contact.0, p.media_type(), p.bytes()],
                )
                .map_err(backend)?,
            None => self.conn.execute("DELETE FROM photos WHERE contact_id = ?1", [contact.0]).map_err(backend)?,
        };
        Ok(())
    }

    fn photo(&self, contact: ContactId) -> Result<Option<Photo>> {
        self.conn
            .prepare_cached("SELECT bytes FROM photos WHERE contact_id = ?1")
            .map_err(backend)?
            .query_row([contact.0], |r| r.get::<_, Vec<u8>>(0))
            .optional()
            .map_err(backend)
            // What was stored is checked again on the way out: a row written before photos were
            // checked (or by hand) that is not an image is no photo at all.
            .map(|b| b.and_then(|b| Photo::from_bytes(b).ok()))
    }

    fn insert_attachment(&self, contact: ContactId, new: &NewAttachment) -> Result<AttachmentId> {
        self.w()?;
        self.conn
            .execute(
                "INSERT INTO attachments (contact_id, name, media_type, size, note, created_at, created_by, bytes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, zeroblob(?4))",
                params![contact.0, new.name, new.media_type, new.bytes.len() as i64, new.note, ts(&new.created_at), new.created_by.0],
            )
            .map_err(backend)?;
        let id = self.conn.last_insert_rowid();
        write_blob(self.conn, "attachments", id, &new.bytes)?;
        Ok(AttachmentId(id))
    }

    fn attachments(&self, contact: ContactId) -> Result<Vec<AttachmentInfo>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, contact_id, name, media_type, size, note, created_at, created_by FROM attachments WHERE contact_id = ?1 ORDER BY id")
            .map_err(backend)?;
        let rows = st
            .query_map([contact.0], read_attachment)
            .map_err(backend)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(backend)
    }

    fn attachment(&self, id: AttachmentId) -> Result<Option<(AttachmentInfo, Vec<u8>)>> {
        self.conn
            .prepare_cached("SELECT id, contact_id, name, media_type, size, note, created_at, created_by, bytes FROM attachments WHERE id = ?1")
            .map_err(backend)?
            .query_row([id.0], |r| Ok((read_attachment(r)?, r.get(8)?)))
            .optional()
            .map_err(backend)
    }

    fn delete_attachment(&self, id: AttachmentId) -> Result<()> {
        self.w()?;
        let n = self
            .conn
            .execute("DELETE FROM attachments WHERE id = ?1", [id.0])
            .map_err(backend)?;
        if n == 0 {
            return Err(Error::not_found(format!("attachment {id}")));
        }
        Ok(())
    }

    fn category_labels(&self, user: UserId) -> Result<Vec<(CategoryKey, String)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT key, label FROM category_labels WHERE user_id = ?1")
            .map_err(backend)?;
        let rows = st
            .query_map([user.0], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(backend)?;
        let mut out = Vec::new();
        for row in rows {
            let (key, label) = row.map_err(backend)?;
            out.push((CategoryKey::parse(&key)?, label));
        }
        Ok(out)
    }

    fn set_category_label(&self, user: UserId, key: CategoryKey, label: &str) -> Result<()> {
        self.w()?;
        self.conn
            .execute(
                "INSERT INTO category_labels (user_id, key, label) VALUES (?1, ?2, ?3)
                 ON CONFLICT (user_id, key) DO UPDATE SET label = excluded.label",
                params![user.0, key.key(), label],
            )
            .map_err(backend)?;
        Ok(())
    }

    fn insert_label(&self, list: ListKind, name: &str) -> Result<Label> {
        self.w()?;
        self.conn
            .execute(
                "INSERT INTO labels (list, name, name_key) VALUES (?1, ?2, ?3)",
                params![list.as_str(), name, name.to_lowercase()],
            )
            .map_err(|e| match backend(e) {
                Error::Conflict(_) => {
                    Error::Conflict(format!("{} '{name}' exists already", list.as_str()))
                }
                other => other,
            })?;
        Ok(Label {
            id: LabelId(self.conn.last_insert_rowid()),
            list,
            name: name.to_string(),
        })
    }

    fn labels(&self, list: ListKind) -> Result<Vec<Label>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, list, name FROM labels WHERE list = ?1 ORDER BY name")
            .map_err(backend)?;
        let rows = st
            .query_map([list.as_str()], |r| {
                Ok(Label {
                    id: LabelId(r.get(0)?),
                    list: list_kind(&r.get::<_, String>(1)?)?,
                    name: r.get(2)?,
                })
            })
            .map_err(backend)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(backend)
    }

    fn rename_label(&self, id: LabelId, name: &str) -> Result<()> {
        self.w()?;
        let n = self
            .conn
            .execute(
                "UPDATE labels SET name = ?2, name_key = ?3 WHERE id = ?1",
                params![id.0, name, name.to_lowercase()],
            )
            .map_err(|e| match backend(e) {
                Error::Conflict(_) => Error::Conflict(format!("'{name}' exists already")),
                other => other,
            })?;
        if n == 0 {
            return Err(Error::not_found(format!("label {id}")));
        }
        Ok(())
    }

    fn delete_label(&self, id: LabelId) -> Result<()> {
        self.w()?;
        let n = self
            .conn
            .execute("DELETE FROM labels WHERE id = ?1", [id.0])
            .map_err(backend)?;
        if n == 0 {
            return Err(Error::not_found(format!("label {id}")));
        }
        Ok(())
    }

    fn insert_field(&self, label: &str, field_type: &FieldType) -> Result<FieldDef> {
        self.w()?;
        let choices = match field_type {
            FieldType::Choice(c) => serde_json::to_string(c).map_err(Error::backend)?,
            _ => "[]".to_string(),
        };
        self.conn
            .execute(
                "INSERT INTO fields (label, label_key, type, choices) VALUES (?1, ?2, ?3, ?4)",
                params![label, label.to_lowercase(), field_type.name(), choices],
            )
            .map_err(|e| match backend(e) {
                Error::Conflict(_) => Error::Conflict(format!("field '{label}' exists already")),
                other => other,
            })?;
        Ok(FieldDef {
            id: FieldId(self.conn.last_insert_rowid()),
            label: label.to_string(),
            field_type: field_type.clone(),
        })
    }

    fn fields(&self) -> Result<Vec<FieldDef>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, label, type, choices FROM fields ORDER BY id")
            .map_err(backend)?;
        let rows = st.query_map([], read_field).map_err(backend)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(backend)
    }

    fn update_field(&self, def: &FieldDef) -> Result<()> {
        self.w()?;
        let n = self
            .conn
            .execute(
                "UPDATE fields SET label = ?2, label_key = ?3 WHERE id = ?1",
                params![def.id.0, def.label, def.label.to_lowercase()],
            )
            .map_err(|e| match backend(e) {
                Error::Conflict(_) => {
                    Error::Conflict(format!("field '{}' exists already", def.label))
                }
                other => other,
            })?;
        if n == 0 {
            return Err(Error::not_found(format!("field {}", def.id)));
        }
        Ok(())
    }

    fn field_value_count(&self, id: FieldId) -> Result<u64> {
        self.conn
            .prepare_cached("SELECT count(*) FROM custom_values WHERE field_id = ?1")
            .and_then(|mut st| st.query_row([id.0], |r| r.get::<_, i64>(0)))
            .map(|n| n.max(0) as u64)
            .map_err(backend)
    }

    fn delete_field(&self, id: FieldId) -> Result<()> {
        self.w()?;
        let affected: Vec<ContactId> = {
            let mut st = self
                .conn
                .prepare_cached("SELECT contact_id FROM custom_values WHERE field_id = ?1")
                .map_err(backend)?;
            let rows = st
                .query_map([id.0], |r| r.get(0).map(ContactId))
                .map_err(backend)?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
                .map_err(backend)?
        };
        let n = self
            .conn
            .execute("DELETE FROM fields WHERE id = ?1", [id.0])
            .map_err(backend)?;
        if n == 0 {
            return Err(Error::not_found(format!("field {id}")));
        }
        // The values are gone with the field; the search index must forget them too.
        for cid in affected {
            if let Some(c) = self.contact(cid)? {
                // Custom values are in no duplicate key: the keys stay as they were.
                self.index(cid, &c.data, Some(&c.data))?;
            }
        }
        Ok(())
    }

    fn replace_postal_streets(&self, rows: &[StreetRow]) -> Result<()> {
        self.w()?;
        self.conn
            .execute("DELETE FROM postal_streets", [])
            .map_err(backend)?;
        let mut st = self
            .conn
            .prepare_cached(
                "INSERT INTO postal_streets (code, locality, locality_key, street, street_key, \
                 numbers, commune, county, voivodeship) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .map_err(backend)?;
        for r in rows {
            st.execute(rusqlite::params![
                r.code,
                r.locality,
                r.locality_key(),
                r.street,
                r.street_key(),
                r.numbers,
                r.commune,
                r.county,
                r.voivodeship
            ])
            .map_err(backend)?;
        }
        Ok(())
    }

    fn postal_streets(
        &self,
        locality_key: &str,
        street_prefix: &str,
        limit: usize,
    ) -> Result<Vec<StreetRow>> {
        // A prefix range on the index: street_key >= prefix AND street_key < prefix + U+10FFFF.
        let upper = format!("{street_prefix}\u{10FFFF}");
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT code, locality, street, numbers, commune, county, voivodeship \
                 FROM postal_streets WHERE locality_key = ?1 AND street_key >= ?2 AND street_key < ?3 \
                 ORDER BY street_key, code, numbers LIMIT ?4",
            )
            .map_err(backend)?;
        let rows = st
            .query_map(
                rusqlite::params![locality_key, street_prefix, upper, limit as i64],
                |r| {
                    Ok(StreetRow {
                        code: r.get(0)?,
                        locality: r.get(1)?,
                        street: r.get(2)?,
                        numbers: r.get(3)?,
                        commune: r.get(4)?,
                        county: r.get(5)?,
                        voivodeship: r.get(6)?,
                    })
                },
            )
            .map_err(backend)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(backend)
    }

    fn postal_street_count(&self) -> Result<u64> {
        self.conn
            .query_row("SELECT count(*) FROM postal_streets", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n.max(0) as u64)
            .map_err(backend)
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")
            .map_err(backend)?
            .query_row([key], |r| r.get(0))
            .optional()
            .map_err(backend)
    }

    fn tidy_after_bulk_load(&self) -> Result<()> {
        self.w()?;
        self.flush_pending()?;
        // After a bulk load the index is a dozen or more segments and every query term looks
        // in each: a quarter of a search's time at a million contacts. One merge (seconds)
        // leaves a single segment.
        self.conn
            .execute(
                "INSERT INTO contact_search (contact_search) VALUES ('optimize')",
                [],
            )
            .map_err(backend)?;
        Ok(())
    }

    fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.w()?;
        self.conn
            .execute("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", params![key, value])
            .map_err(backend)?;
        Ok(())
    }
}

fn read_attachment(r: &Row<'_>) -> rusqlite::Result<AttachmentInfo> {
    Ok(AttachmentInfo {
        id: AttachmentId(r.get(0)?),
        contact: ContactId(r.get(1)?),
        name: r.get(2)?,
        media_type: r.get(3)?,
        size: r.get::<_, i64>(4)? as u64,
        note: r.get(5)?,
        created_at: parse_ts(&r.get::<_, String>(6)?)?,
        created_by: UserId(r.get(7)?),
    })
}

/// Writes `bytes` into the `bytes` column of row `rowid` of `table`, made as a
/// `zeroblob` of the same length. Bound as a parameter, SQLite would copy a file twice
/// (the bound value, then the record) before writing it; through the blob handle it goes
/// straight to the pages (a 20 MB upload held once instead of three times).
pub(crate) fn write_blob(conn: &Connection, table: &str, rowid: i64, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut blob = conn
        .blob_open(rusqlite::MAIN_DB, table, "bytes", rowid, false)
        .map_err(backend)?;
    blob.write_all(bytes)
        .map_err(|e| contacts_core::Error::Backend(Box::new(e)))?;
    blob.close().map_err(backend)
}
