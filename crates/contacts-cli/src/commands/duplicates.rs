//! `contacts duplicates [--private|--business]`: likely pairs with the reason.

use contacts_core::service::BookKind;
use contacts_core::store::Store;

use super::Ctx;
use crate::error::Result;
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, book: Option<BookKind>) -> Result<()> {
    let books = match book {
        Some(b) => vec![b],
        None => vec![BookKind::Private, BookKind::Business],
    };
    let mut rows = Vec::new();
    let mut json = Vec::new();
    for b in books {
        let name = if b == BookKind::Private {
            "private"
        } else {
            "business"
        };
        for p in ctx.service.duplicates(&ctx.actor, b)? {
            let a = ctx.service.get(&ctx.actor, p.a)?.data.display_name();
            let bn = ctx.service.get(&ctx.actor, p.b)?.data.display_name();
            rows.push(vec![
                p.a.to_string(),
                p.b.to_string(),
                name.to_string(),
                output::clean(&a),
                output::clean(&bn),
                p.reason.clone(),
            ]);
            json.push(contacts_wire::DuplicatePair::new(&p, b, a, bn));
        }
    }
    if ctx.json {
        return output::json(ctx.out, &json);
    }
    if rows.is_empty() {
        writeln!(ctx.out, "no likely duplicates")?;
        return Ok(());
    }
    output::table(
        ctx.out,
        &["A", "B", "BOOK", "NAME A", "NAME B", "REASON"],
        &rows,
    )
}
