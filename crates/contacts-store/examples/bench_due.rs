//! Benchmark for the due-reminder counter every page shows (target: ≤ 1 ms added per page):
//! 100,000 business contacts, 200,000 reminders spread over 20 users (a tenth open, some
//! overdue, some done), then `Service::due_counts` for one user, the only work the counter
//! adds to a page.
//!
//! ```text
//! cargo run --release -p contacts-store --example bench_due [-- DB_PATH]
//! ```
//!
//! Without a path the database goes to a temporary directory. The figure is the median and
//! the 99th percentile of 2,000 calls after a warm-up.

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use contacts_core::model::{Book, ContactData, Meta};
use contacts_core::service::Service;
use contacts_core::store::{NewReminder, Reminder, Store};
use contacts_store::SqliteStore;

const CONTACTS: usize = 100_000;
const REMINDERS: usize = 200_000;
const USERS: usize = 20;
const RUNS: usize = 2_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("bench.db"));
    let store = SqliteStore::open(&path)?;
    let now = Utc
        .with_ymd_and_hms(2026, 11, 23, 12, 0, 0)
        .single()
        .ok_or("bad time")?;
    let t = Instant::now();
    store.write(|ops| {
        let users: Vec<_> = (0..USERS)
            .map(|i| ops.insert_user(&format!("user{i}"), i == 0, now))
            .collect::<Result<_, _>>()?;
        let meta = Meta {
            created_at: now,
            created_by: users[0].id,
            updated_at: now,
            updated_by: users[0].id,
            version: 1,
        };
        let contacts: Vec<_> = (0..CONTACTS)
            .map(|i| {
                ops.insert_contact(
                    Book::Business,
                    &ContactData::person("Jan", &format!("Klient {i}")),
                    &meta,
                )
            })
            .collect::<Result<_, _>>()?;
        for i in 0..REMINDERS {
            // Due from 100 days ago to 100 days ahead, an hour apart per reminder.
            let due = now + chrono::Duration::hours((i % 4800) as i64 - 2400);
            let user = users[i % USERS].id;
            let new = NewReminder {
                contact: contacts[i % CONTACTS],
                text: format!("Zadzwonić {i}"),
                due_at: due,
                created_by: user,
                created_at: now,
                assignee: (i % 3 != 0).then_some(user),
            };
            let id = ops.insert_reminder(&new)?;
            if !(i / USERS).is_multiple_of(10) {
                ops.update_reminder(
                    &Reminder {
                        id,
                        contact: new.contact,
                        text: new.text,
                        due_at: due,
                        created_by: user,
                        created_at: now,
                        assignee: new.assignee,
                        done_by: Some(user),
                        done_at: Some(now),
                        version: 2,
                    },
                    1,
                )?;
            }
        }
        Ok(())
    })?;
    println!(
        "loaded {CONTACTS} contacts and {REMINDERS} reminders in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let service = Service::new(store).with_clock(move || now);
    let actor = service.local_actor("user1")?;
    let counts = service.due_counts(&actor, now)?;
    println!(
        "user1: {} due today, {} overdue (open reminders of user1 in all: {})",
        counts.due,
        counts.overdue,
        REMINDERS / USERS / 10
    );
    for _ in 0..100 {
        service.due_counts(&actor, now)?;
    }
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            let _ = service.due_counts(&actor, now);
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "due_counts: median {:.3} ms, p99 {:.3} ms over {RUNS} calls (target ≤ 1 ms)",
        times[RUNS / 2].as_secs_f64() * 1e3,
        times[RUNS * 99 / 100].as_secs_f64() * 1e3
    );
    Ok(())
}
