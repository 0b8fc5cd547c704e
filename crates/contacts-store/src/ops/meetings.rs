//! Meetings, their participants and occasion alerts on SQLite; and the due-reminder counter
//! (two partial-index range counts).

use chrono::{DateTime, Utc};
use contacts_core::ids::{CaseId, ContactId, MeetingId, UserId};
use contacts_core::store::{
    Meeting, MeetingOps, MeetingQuery, OccasionAlert, OccasionAlertKind, Scope,
};
use contacts_core::{Error, Result};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};

use super::dates::{due_ts, scope_args, IN_SCOPE};
use super::{opt_int, parse_ts, SqlOps};
use crate::backend;

const MEETING_COLS: &str = "SELECT m.id, m.title, m.start_at, m.minutes, m.place, m.contact_id,
    m.case_id, m.created_by, m.created_at, m.version FROM meetings m";

fn read_meeting(row: &Row<'_>) -> rusqlite::Result<Meeting> {
    Ok(Meeting {
        id: MeetingId(row.get(0)?),
        title: row.get(1)?,
        start: parse_ts(&row.get::<_, String>(2)?)?,
        minutes: row.get::<_, i64>(3)? as u32,
        place: row.get(4)?,
        contact: row.get::<_, Option<i64>>(5)?.map(ContactId),
        case: row.get::<_, Option<i64>>(6)?.map(CaseId),
        participants: Vec::new(),
        created_by: UserId(row.get(7)?),
        created_at: parse_ts(&row.get::<_, String>(8)?)?,
        version: row.get::<_, i64>(9)? as u64,
    })
}

fn not_found_on_fk(m: &Meeting) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| match backend(e) {
        Error::Backend(b) if b.to_string().contains("FOREIGN KEY") => Error::not_found(format!(
            "contact {} or case {}",
            m.contact.map(|c| c.to_string()).unwrap_or_default(),
            m.case.map(|c| c.to_string()).unwrap_or_default()
        )),
        other => other,
    }
}

impl SqlOps<'_> {
    fn write_participants(&self, m: &Meeting, id: MeetingId) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM meeting_participants WHERE meeting_id = ?1")
            .map_err(backend)?
            .execute([id.0])
            .map_err(backend)?;
        let mut st = self
            .conn
            .prepare_cached(
                "INSERT OR IGNORE INTO meeting_participants (meeting_id, user_id) VALUES (?1, ?2)",
            )
            .map_err(backend)?;
        for u in &m.participants {
            st.execute([id.0, u.0]).map_err(not_found_on_fk(m))?;
        }
        Ok(())
    }

    fn fill_participants(&self, m: &mut Meeting) -> Result<()> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT user_id FROM meeting_participants WHERE meeting_id = ?1 ORDER BY user_id",
            )
            .map_err(backend)?;
        let rows = st
            .query_map([m.id.0], |r| r.get::<_, i64>(0))
            .map_err(backend)?;
        m.participants = rows
            .map(|r| r.map(UserId))
            .collect::<rusqlite::Result<_>>()
            .map_err(backend)?;
        Ok(())
    }
}

impl MeetingOps for SqlOps<'_> {
    fn insert_meeting(&self, m: &Meeting) -> Result<MeetingId> {
        self.w()?;
        self.conn
            .prepare_cached(
                "INSERT INTO meetings (title, start_at, minutes, place, contact_id, case_id,
                 created_by, created_at, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .map_err(backend)?
            .execute(params![
                m.title,
                due_ts(&m.start),
                i64::from(m.minutes),
                m.place,
                m.contact.map(|c| c.0),
                m.case.map(|c| c.0),
                m.created_by.0,
                due_ts(&m.created_at),
                m.version as i64,
            ])
            .map_err(not_found_on_fk(m))?;
        let id = MeetingId(self.conn.last_insert_rowid());
        self.write_participants(m, id)?;
        Ok(id)
    }

    fn meeting(&self, id: MeetingId) -> Result<Option<Meeting>> {
        let found = self
            .conn
            .prepare_cached(&format!("{MEETING_COLS} WHERE m.id = ?1"))
            .map_err(backend)?
            .query_row([id.0], read_meeting)
            .optional()
            .map_err(backend)?;
        match found {
            Some(mut m) => {
                self.fill_participants(&mut m)?;
                Ok(Some(m))
            }
            None => Ok(None),
        }
    }

    fn update_meeting(&self, m: &Meeting, expected_version: u64) -> Result<()> {
        self.w()?;
        let n = self
            .conn
            .prepare_cached(
                "UPDATE meetings SET title = ?3, start_at = ?4, minutes = ?5, place = ?6,
                 contact_id = ?7, case_id = ?8, version = ?9 WHERE id = ?1 AND version = ?2",
            )
            .map_err(backend)?
            .execute(params![
                m.id.0,
                expected_version as i64,
                m.title,
                due_ts(&m.start),
                i64::from(m.minutes),
                m.place,
                m.contact.map(|c| c.0),
                m.case.map(|c| c.0),
                m.version as i64,
            ])
            .map_err(not_found_on_fk(m))?;
        if n == 0 {
            return match self.meeting(m.id)? {
                Some(stored) => Err(Error::Conflict(format!(
                    "meeting {} is at version {}, not {expected_version}",
                    m.id, stored.version
                ))),
                None => Err(Error::not_found(format!("meeting {}", m.id))),
            };
        }
        self.write_participants(m, m.id)
    }

    fn delete_meeting(&self, id: MeetingId) -> Result<()> {
        self.w()?;
        let n = self
            .conn
            .execute("DELETE FROM meetings WHERE id = ?1", [id.0])
            .map_err(backend)?;
        if n == 0 {
            return Err(Error::not_found(format!("meeting {id}")));
        }
        Ok(())
    }

    fn meetings(&self, q: &MeetingQuery) -> Result<Vec<Meeting>> {
        let ts = |t: &Option<DateTime<Utc>>| {
            t.as_ref()
                .map(|t| Value::Text(due_ts(t)))
                .unwrap_or(Value::Null)
        };
        let sql = format!(
            "{MEETING_COLS} WHERE (?1 IS NULL OR m.id IN
                 (SELECT meeting_id FROM meeting_participants WHERE user_id = ?1))
             AND (?2 IS NULL OR m.contact_id = ?2) AND (?3 IS NULL OR m.case_id = ?3)
             AND (?4 IS NULL OR m.start_at >= ?4) AND (?5 IS NULL OR m.start_at < ?5)
             ORDER BY m.start_at, m.id"
        );
        let args = [
            opt_int(q.participant.map(|u| u.0)),
            opt_int(q.contact.map(|c| c.0)),
            opt_int(q.case.map(|c| c.0)),
            ts(&q.start_from),
            ts(&q.start_before),
        ];
        let mut out = {
            let mut st = self.conn.prepare_cached(&sql).map_err(backend)?;
            let rows = st
                .query_map(params_from_iter(args), read_meeting)
                .map_err(backend)?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
                .map_err(backend)?
        };
        for m in &mut out {
            self.fill_participants(m)?;
        }
        Ok(out)
    }

    fn set_occasion_alert(&self, a: &OccasionAlert) -> Result<()> {
        self.w()?;
        self.conn
            .prepare_cached(
                "INSERT INTO occasion_alerts (user_id, contact_id, kind, days_before)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (user_id, contact_id, kind) DO UPDATE SET days_before = ?4",
            )
            .map_err(backend)?
            .execute(params![
                a.user.0,
                a.contact.0,
                a.kind.key(),
                i64::from(a.days_before)
            ])
            .map_err(|e| match backend(e) {
                Error::Backend(b) if b.to_string().contains("FOREIGN KEY") => {
                    Error::not_found(format!("contact {}", a.contact))
                }
                other => other,
            })?;
        Ok(())
    }

    fn remove_occasion_alert(
        &self,
        contact: ContactId,
        user: UserId,
        kind: OccasionAlertKind,
    ) -> Result<()> {
        self.w()?;
        self.conn
            .prepare_cached(
                "DELETE FROM occasion_alerts WHERE user_id = ?1 AND contact_id = ?2 AND kind = ?3",
            )
            .map_err(backend)?
            .execute(params![user.0, contact.0, kind.key()])
            .map_err(backend)?;
        Ok(())
    }

    fn occasion_alerts(
        &self,
        user: UserId,
        contact: Option<ContactId>,
    ) -> Result<Vec<OccasionAlert>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT contact_id, kind, days_before FROM occasion_alerts
                 WHERE user_id = ?1 AND (?2 IS NULL OR contact_id = ?2)
                 ORDER BY contact_id, kind",
            )
            .map_err(backend)?;
        let rows = st
            .query_map(params![user.0, contact.map(|c| c.0)], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
            .map_err(backend)?;
        let mut out = Vec::new();
        for row in rows {
            let (c, kind, days) = row.map_err(backend)?;
            out.push(OccasionAlert {
                contact: ContactId(c),
                user,
                kind: OccasionAlertKind::parse(&kind)?,
                days_before: days as u32,
            });
        }
        Ok(out)
    }

    fn due_reminder_counts(
        &self,
        scope: &Scope,
        user: UserId,
        overdue_before: DateTime<Utc>,
        due_before: DateTime<Utc>,
    ) -> Result<(u64, u64)> {
        // Two ranges of the partial indexes (assigned to the user; unassigned and made by
        // the user), each joined to its contact for the scope test.
        let sql = format!(
            "SELECT coalesce(sum(r.due_at < ?5), 0), count(*) FROM reminders r
             JOIN contacts c ON c.id = r.contact_id
             WHERE r.done_at IS NULL AND r.assignee_id IS NOT NULL AND r.assignee_id = ?3
               AND r.due_at < ?4 AND {IN_SCOPE}
             UNION ALL
             SELECT coalesce(sum(r.due_at < ?5), 0), count(*) FROM reminders r
             JOIN contacts c ON c.id = r.contact_id
             WHERE r.done_at IS NULL AND r.assignee_id IS NULL AND r.created_by = ?3
               AND r.due_at < ?4 AND {IN_SCOPE}"
        );
        let mut args = scope_args(scope);
        args.extend([
            Value::Integer(user.0),
            Value::Text(due_ts(&due_before)),
            Value::Text(due_ts(&overdue_before)),
        ]);
        let mut st = self.conn.prepare_cached(&sql).map_err(backend)?;
        let rows = st
            .query_map(params_from_iter(args), |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
            })
            .map_err(backend)?;
        let (mut overdue, mut due) = (0u64, 0u64);
        for row in rows {
            let (o, d) = row.map_err(backend)?;
            overdue += o as u64;
            due += d as u64;
        }
        Ok((overdue, due))
    }
}
