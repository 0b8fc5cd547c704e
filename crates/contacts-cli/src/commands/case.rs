//! `contacts case kind|add|show|list|edit|close|reopen|item`: cases of the business book.

use contacts_core::case::{
    Case, CaseData, CaseItem, CaseQuery, CaseStatus, Priority, TimelineEntry,
};
use contacts_core::format::Formatter;
use contacts_core::ids::ContactId;
use contacts_core::money::{self, Amount, Currency, Totals};
use contacts_core::service::{CaseView, PartyPick};
use contacts_core::store::{ListKind, Store};
use contacts_core::Error;

use super::history::{files_note, local};
use super::Ctx;
use crate::cli::{CaseCommand, CaseFields, CaseListArgs, ItemCommand, ItemFields, LabelCommand};
use crate::error::{CliError, Result};
use crate::input::{contact_id, day, user_id};
use crate::output;
use crate::wire::{wire_names, Names};

/// "25.00 PLN, 3.00 EUR" ("25,00 zł, 3,00 EUR" in Polish), rounded for people.
pub fn totals_text(fm: &Formatter, t: &Totals) -> String {
    t.iter()
        .map(|(c, v)| fm.money(*v, c))
        .collect::<Vec<_>>()
        .join(", ")
}

fn case_json<S: Store>(
    ctx: &Ctx<'_, S>,
    case: &Case,
    names: &contacts_wire::Names,
) -> Result<contacts_wire::Case> {
    let counterparty = counterparty_name(ctx, case.data.counterparty);
    Ok(contacts_wire::Case::new(case, counterparty, names)?)
}

/// A unit price: two decimals, or every decimal it has when it has more (100.005).
fn price_text(d: money::Decimal) -> String {
    if money::round2(d) == d {
        money::display(d)
    } else {
        d.normalize().to_string()
    }
}

fn counterparty_name<S: Store>(ctx: &Ctx<'_, S>, id: ContactId) -> String {
    ctx.service
        .get(&ctx.actor, id)
        .map(|c| c.data.display_name())
        .unwrap_or_default()
}

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, command: CaseCommand) -> Result<()> {
    match command {
        CaseCommand::Kind(c) => kind(ctx, c),
        CaseCommand::Add(f) => add(ctx, *f),
        CaseCommand::Remind(a) => {
            let case = ctx.service.find_case(&ctx.actor, &a.case)?;
            let at = ctx.service.local_to_utc(&a.at)?;
            let r = ctx.service.remind_on_case(
                &ctx.actor,
                case.id,
                at,
                &a.text,
                a.assign.as_deref(),
            )?;
            let view = ctx.service.reminder(&ctx.actor, r.id)?;
            if ctx.json {
                return output::json(ctx.out, &contacts_wire::Reminder::from(&view));
            }
            let who = view
                .assignee
                .as_deref()
                .map(|a| format!(" for {a}"))
                .unwrap_or_default();
            writeln!(
                ctx.out,
                "added reminder {} on case {}{who}, due {}",
                r.id,
                case.number,
                ctx.fmt()?.local_datetime(view.due_local)
            )?;
            Ok(())
        }
        CaseCommand::NextNumber { date } => {
            let date = match date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
                Some(d) => day("date", d)?,
                None => ctx.service.today()?,
            };
            let number = ctx.service.next_case_number(&ctx.actor, date)?;
            let pattern = ctx.service.case_number_pattern()?;
            if ctx.json {
                return output::json(
                    ctx.out,
                    &contacts_wire::CaseNumber {
                        number,
                        pattern: pattern.as_str().to_string(),
                    },
                );
            }
            writeln!(ctx.out, "{number}  (pattern {pattern})")?;
            Ok(())
        }
        CaseCommand::Parties { query, org } => {
            let org = org.as_deref().map(contact_id).transpose()?;
            let found = ctx.service.case_party_candidates(&ctx.actor, &query, org)?;
            if ctx.json {
                let list: Vec<contacts_wire::CaseParty> =
                    found.iter().map(contacts_wire::CaseParty::from).collect();
                return output::json(ctx.out, &list);
            }
            if found.is_empty() {
                writeln!(ctx.out, "no business contact matches")?;
                return Ok(());
            }
            let rows: Vec<Vec<String>> = found
                .iter()
                .map(|c| {
                    vec![
                        c.id.to_string(),
                        c.data.display_name(),
                        c.data.org_name.clone(),
                    ]
                })
                .collect();
            output::table(ctx.out, &["ID", "NAME", "ORGANISATION"], &rows)
        }
        CaseCommand::Show { case } => {
            let id = ctx.service.find_case(&ctx.actor, &case)?.id;
            let view = ctx.service.open_case(&ctx.actor, id)?;
            show(ctx, &view)
        }
        CaseCommand::Pdf { case, output } => {
            let id = ctx.service.find_case(&ctx.actor, &case)?.id;
            let view = ctx.service.open_case(&ctx.actor, id)?;
            let users: std::collections::HashMap<_, _> = ctx
                .service
                .user_directory(&ctx.actor)?
                .into_iter()
                .map(|u| (u.id, u.name))
                .collect();
            let name = |id| users.get(&id).cloned().unwrap_or_default();
            let pdf = contacts_print::case_pdf(&view, &ctx.fmt()?, &name, ctx.service.now())
                .map_err(|e| CliError::Output(std::io::Error::other(e)))?;
            std::fs::write(&output, &pdf).map_err(|e| CliError::file(&output, e))?;
            writeln!(
                ctx.out,
                "case {} written to {} ({} bytes)",
                view.case.number,
                output.display(),
                pdf.len()
            )?;
            Ok(())
        }
        CaseCommand::List(a) => list(ctx, a),
        CaseCommand::Edit(a) => {
            if a.fields.number.is_some() {
                return Err(Error::invalid(
                    "number",
                    "a case keeps the number it was registered under",
                )
                .into());
            }
            let case = ctx.service.find_case(&ctx.actor, &a.case)?;
            let version = a.version.unwrap_or(case.meta.version);
            let data = apply(ctx, case.data.clone(), &a.fields)?;
            let case = ctx
                .service
                .update_case(&ctx.actor, case.id, version, data)?;
            done(ctx, &case, format!("changed case {}", case.number))
        }
        CaseCommand::Close(a) => {
            let case = ctx.service.find_case(&ctx.actor, &a.case)?;
            let version = a.version.unwrap_or(case.meta.version);
            let case = ctx.service.close_case(&ctx.actor, case.id, version)?;
            done(ctx, &case, format!("closed case {}", case.number))
        }
        CaseCommand::Reopen(a) => {
            let case = ctx.service.find_case(&ctx.actor, &a.case)?;
            let version = a.version.unwrap_or(case.meta.version);
            let case = ctx.service.reopen_case(&ctx.actor, case.id, version)?;
            done(ctx, &case, format!("reopened case {}", case.number))
        }
        CaseCommand::Item(c) => item(ctx, c),
        CaseCommand::Detail(c) => super::case_detail::run(ctx, c),
    }
}

/// After a change: the case as JSON, or one line of text.
fn done<S: Store>(ctx: &mut Ctx<'_, S>, case: &Case, message: String) -> Result<()> {
    if ctx.json {
        let names = wire_names(ctx.service, &ctx.actor)?;
        let json = case_json(ctx, case, &names)?;
        output::json(ctx.out, &json)
    } else {
        writeln!(ctx.out, "{message}")?;
        Ok(())
    }
}

fn add<S: Store>(ctx: &mut Ctx<'_, S>, f: CaseFields) -> Result<()> {
    let counterparty = f
        .counterparty
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| Error::invalid("counterparty", "a case needs --counterparty ORG_ID"))?;
    let counterparty = party(ctx, "counterparty", counterparty, None)?;
    let today = ctx.service.today()?;
    let data = CaseData::new("", counterparty, ctx.actor.id(), today);
    let data = apply(ctx, data, &f)?;
    let case = ctx
        .service
        .create_case_numbered(&ctx.actor, data, f.number.as_deref())?;
    if ctx.json {
        return done(ctx, &case, String::new());
    }
    writeln!(ctx.out, "{}", case.number)?;
    Ok(())
}

/// Puts the given flags into `data`; an empty value clears an optional field.
fn apply<S: Store>(ctx: &Ctx<'_, S>, mut data: CaseData, f: &CaseFields) -> Result<CaseData> {
    let given = |v: &Option<String>| v.as_deref().map(str::trim).map(str::to_string);
    if let Some(c) = given(&f.counterparty) {
        data.counterparty = party(ctx, "counterparty", &c, None)?;
    }
    if let Some(p) = given(&f.person) {
        data.person = if p.is_empty() {
            None
        } else {
            Some(party(ctx, "person", &p, Some(data.counterparty))?)
        };
    }
    if let Some(u) = given(&f.responsible) {
        data.responsible = user_id(ctx.service, &ctx.actor, "responsible", &u)?;
    }
    if let Some(d) = given(&f.deadline) {
        data.deadline = if d.is_empty() {
            None
        } else {
            Some(day("deadline", &d)?)
        };
    }
    if let Some(p) = given(&f.priority) {
        data.priority = Priority::parse(&p)?;
    }
    if let Some(k) = given(&f.kind) {
        data.kind = if k.is_empty() {
            None
        } else {
            Some(ctx.service.label(ListKind::CaseKind, &k)?.id)
        };
    }
    if let Some(x) = f.external.clone() {
        data.external_number = x;
    }
    if let Some(t) = f.title.clone() {
        data.title = t;
    }
    if let Some(r) = given(&f.registered) {
        data.registered_on = day("registered", &r)?;
    }
    if let Some(o) = given(&f.only_listed) {
        data.only_listed_articles = match o.to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" | "1" => true,
            "no" | "n" | "false" | "0" => false,
            _ => {
                return Err(Error::invalid("only-listed", format!("'{o}' is not yes or no")).into())
            }
        };
    }
    Ok(data)
}

/// A counterparty or person by id or by name; a name matching several or none is an
/// error naming the field and listing the candidates.
fn party<S: Store>(
    ctx: &Ctx<'_, S>,
    field: &str,
    typed: &str,
    org: Option<ContactId>,
) -> Result<ContactId> {
    match ctx.service.pick_case_party(&ctx.actor, typed, org)? {
        PartyPick::One(c) => Ok(c.id),
        PartyPick::Blank => Err(Error::invalid(field, "give an id or a name").into()),
        PartyPick::Choose(found) if found.is_empty() => Err(Error::invalid(
            field,
            format!("no business contact matches '{}'", typed.trim()),
        )
        .into()),
        PartyPick::Choose(found) => {
            let list: Vec<String> = found
                .iter()
                .map(|c| format!("{} (#{})", c.data.display_name(), c.id))
                .collect();
            Err(Error::invalid(
                field,
                format!(
                    "'{}' matches several business contacts; give the id of one: {}",
                    typed.trim(),
                    list.join(", ")
                ),
            )
            .into())
        }
    }
}

/// `contacts case kind list|add|rename|rm`: the kinds with how many cases have each; a
/// kind in use is not removed.
fn kind<S: Store>(ctx: &mut Ctx<'_, S>, command: LabelCommand) -> Result<()> {
    let message = match command {
        LabelCommand::List => {
            let kinds = ctx.service.case_kind_uses(&ctx.actor)?;
            if ctx.json {
                let list: Vec<contacts_wire::CaseKind> = kinds
                    .iter()
                    .map(|(l, n)| contacts_wire::CaseKind::new(l, *n))
                    .collect();
                return output::json(ctx.out, &list);
            }
            let rows: Vec<Vec<String>> = kinds
                .into_iter()
                .map(|(l, n)| vec![l.id.to_string(), l.name, n.to_string()])
                .collect();
            return output::table(ctx.out, &["ID", "NAME", "CASES"], &rows);
        }
        LabelCommand::Add { name } => {
            let l = ctx.service.add_case_kind(&ctx.actor, &name)?;
            if ctx.json {
                return output::json(ctx.out, &contacts_wire::CaseKind::new(&l, 0));
            }
            format!("added case kind '{}'", l.name)
        }
        LabelCommand::Rename { old, new } => {
            let l = ctx.service.rename_case_kind(&ctx.actor, &old, &new)?;
            format!("renamed case kind '{}' to '{}'", old.trim(), l.name)
        }
        LabelCommand::Rm { name, force: _ } => {
            ctx.service.remove_case_kind(&ctx.actor, &name)?;
            format!("removed case kind '{}'", name.trim())
        }
    };
    if ctx.json {
        output::json(ctx.out, &serde_json::json!({ "done": message }))
    } else {
        writeln!(ctx.out, "{message}")?;
        Ok(())
    }
}

fn list<S: Store>(ctx: &mut Ctx<'_, S>, a: CaseListArgs) -> Result<()> {
    let fm = ctx.fmt()?;
    let responsible = match (a.mine, a.responsible.as_deref()) {
        (true, _) => Some(ctx.actor.id()),
        (_, Some(u)) => Some(user_id(ctx.service, &ctx.actor, "responsible", u)?),
        _ => None,
    };
    let query = CaseQuery {
        open: match (a.open, a.closed) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        responsible,
        counterparty: a.counterparty.as_deref().map(contact_id).transpose()?,
        limit: a.limit as usize,
        offset: a.offset as usize,
        ..CaseQuery::default()
    };
    let cases = ctx.service.cases(&ctx.actor, &query)?;
    let names = Names::load(ctx.service, &ctx.actor)?;
    if ctx.json {
        let names = wire_names(ctx.service, &ctx.actor)?;
        let mut list = Vec::new();
        for c in &cases {
            list.push(case_json(ctx, c, &names)?);
        }
        return output::json(ctx.out, &list);
    }
    if cases.is_empty() {
        writeln!(ctx.out, "no cases")?;
        return Ok(());
    }
    let mut rows = Vec::new();
    for c in &cases {
        let d = &c.data;
        rows.push(vec![
            c.number.clone(),
            d.title.clone(),
            counterparty_name(ctx, d.counterparty),
            names.user(d.responsible),
            d.deadline.map(|x| fm.date(x)).unwrap_or_default(),
            d.priority.to_string(),
            c.status.as_str().to_string(),
            totals_text(&fm, &c.totals()?),
        ]);
    }
    output::table(
        ctx.out,
        &[
            "NUMBER",
            "TITLE",
            "COUNTERPARTY",
            "RESPONSIBLE",
            "DEADLINE",
            "PRIORITY",
            "STATUS",
            "VALUE",
        ],
        &rows,
    )?;
    let total = ctx.service.count_cases(&ctx.actor, &query)?;
    let shown_to = query.offset as u64 + cases.len() as u64;
    if total > shown_to || query.offset > 0 {
        writeln!(
            ctx.out,
            "({}-{shown_to} of {total}; use --offset and --limit for more)",
            query.offset + 1
        )?;
    }
    Ok(())
}

fn show<S: Store>(ctx: &mut Ctx<'_, S>, view: &CaseView) -> Result<()> {
    let names = Names::load(ctx.service, &ctx.actor)?;
    let case = &view.case;
    let d = &case.data;
    if ctx.json {
        let names = wire_names(ctx.service, &ctx.actor)?;
        return output::json(ctx.out, &contacts_wire::CaseView::new(view, &names)?);
    }
    let mut lines: Vec<(&str, String)> = Vec::new();
    lines.push(("Title", d.title.clone()));
    lines.push((
        "Status",
        match case.status {
            CaseStatus::Open => "open".to_string(),
            CaseStatus::Closed { by, at } => {
                format!("closed {} by {}", local(ctx.service, at)?, names.user(by))
            }
        },
    ));
    let fm = ctx.fmt()?;
    lines.push(("Registered", fm.date(d.registered_on)));
    lines.push((
        "Counterparty",
        format!(
            "{} (#{})",
            view.counterparty.data.display_name(),
            d.counterparty
        ),
    ));
    lines.push(("External no.", d.external_number.clone()));
    if let Some(p) = &view.person {
        lines.push(("Person", format!("{} (#{})", p.data.display_name(), p.id)));
    }
    lines.push(("Responsible", view.responsible.name.clone()));
    lines.push((
        "Deadline",
        d.deadline.map(|x| fm.date(x)).unwrap_or_default(),
    ));
    lines.push(("Priority", d.priority.to_string()));
    lines.push((
        "Kind",
        view.kind
            .as_ref()
            .map(|k| k.name.clone())
            .unwrap_or_default(),
    ));
    if d.only_listed_articles {
        lines.push(("Articles", "only the listed ones in documents".to_string()));
    }
    lines.push((
        "Created",
        format!(
            "{} by {}",
            local(ctx.service, case.meta.created_at)?,
            names.user(case.meta.created_by)
        ),
    ));
    lines.push((
        "Changed",
        format!(
            "{} by {}",
            local(ctx.service, case.meta.updated_at)?,
            names.user(case.meta.updated_by)
        ),
    ));
    lines.push(("Version", case.meta.version.to_string()));
    writeln!(ctx.out, "Case {} (id {})", case.number, case.id)?;
    let w = lines
        .iter()
        .map(|(l, _)| output::width(l))
        .max()
        .unwrap_or(0);
    for (label, value) in lines.iter().filter(|(_, v)| !v.trim().is_empty()) {
        writeln!(ctx.out, "  {label:<w$}  {}", output::clean(value))?;
    }
    writeln!(ctx.out)?;
    if d.items.is_empty() {
        writeln!(ctx.out, "No items")?;
    } else {
        writeln!(ctx.out, "Items")?;
        let mut rows = Vec::new();
        for (i, it) in d.items.iter().enumerate() {
            rows.push(vec![
                (i + 1).to_string(),
                it.article.clone(),
                it.quantity.to_string(),
                it.unit.clone(),
                price_text(it.unit_price.value()),
                it.currency.to_string(),
                it.payment.clone(),
                fm.decimal(it.total()?),
            ]);
        }
        output::table(
            ctx.out,
            &[
                "#", "ARTICLE", "QTY", "UNIT", "PRICE", "CUR", "PAYMENT", "TOTAL",
            ],
            &rows,
        )?;
        writeln!(ctx.out, "Total: {}", totals_text(&fm, &view.totals))?;
    }
    writeln!(ctx.out)?;
    let tasks = ctx.service.case_reminders(&ctx.actor, case.id)?;
    if !tasks.is_empty() {
        writeln!(ctx.out, "Reminders and tasks")?;
        let rows: Vec<Vec<String>> = tasks
            .iter()
            .map(|t| {
                vec![
                    t.reminder.id.to_string(),
                    fm.local_datetime(t.due_local),
                    t.reminder.text.clone(),
                    t.assignee.clone().unwrap_or_default(),
                    t.done_by
                        .clone()
                        .map(|b| format!("done by {b}"))
                        .unwrap_or_default(),
                ]
            })
            .collect();
        output::table(ctx.out, &["ID", "DUE", "TEXT", "ASSIGNEE", "DONE"], &rows)?;
        writeln!(ctx.out)?;
    }
    if view.timeline.is_empty() {
        writeln!(ctx.out, "No timeline entries")?;
        return Ok(());
    }
    writeln!(ctx.out, "Timeline")?;
    let mut rows = Vec::new();
    for t in &view.timeline {
        rows.push(match t {
            TimelineEntry::Detail(x) => {
                let (what, text) = super::case_detail::describe(&x.body);
                vec![
                    local(ctx.service, x.at)?,
                    format!("detail {}", x.id),
                    what,
                    names.user(x.meta.created_by),
                    text,
                ]
            }
            TimelineEntry::History(h) => {
                let mut text = h.text.clone();
                if !h.files.is_empty() {
                    text = format!("{text} ({})", files_note(h));
                }
                vec![
                    local(ctx.service, h.at)?,
                    format!("history {}", h.id),
                    h.kind.clone(),
                    names.user(h.author),
                    text,
                ]
            }
        });
    }
    output::table(ctx.out, &["WHEN", "ENTRY", "KIND", "BY", "TEXT"], &rows)
}

fn item<S: Store>(ctx: &mut Ctx<'_, S>, command: ItemCommand) -> Result<()> {
    match command {
        ItemCommand::Add { case, fields } => {
            let case = ctx.service.find_case(&ctx.actor, &case)?;
            let article = fields.article.clone().unwrap_or_default();
            let blank = CaseItem::new(&article, Amount::ZERO, Amount::ZERO);
            let it = item_of(blank, &fields, true)?;
            let case = ctx.service.add_case_item(&ctx.actor, case.id, it)?;
            let n = case.data.items.len();
            done(
                ctx,
                &case,
                format!("added item {n} to case {}", case.number),
            )
        }
        ItemCommand::Edit { case, line, fields } => {
            let case = ctx.service.find_case(&ctx.actor, &case)?;
            let old = line
                .checked_sub(1)
                .and_then(|i| case.data.items.get(i))
                .cloned()
                .ok_or_else(|| {
                    Error::invalid("item", format!("the case has no item number {line}"))
                })?;
            let it = item_of(old, &fields, false)?;
            let case = ctx
                .service
                .update_case_item(&ctx.actor, case.id, line, it)?;
            done(
                ctx,
                &case,
                format!("changed item {line} of case {}", case.number),
            )
        }
        ItemCommand::Rm { case, line } => {
            let case = ctx.service.find_case(&ctx.actor, &case)?;
            let case = ctx.service.remove_case_item(&ctx.actor, case.id, line)?;
            done(
                ctx,
                &case,
                format!("removed item {line} from case {}", case.number),
            )
        }
    }
}

/// `item` with the given flags put in; on add, quantity and price are required.
fn item_of(mut item: CaseItem, f: &ItemFields, adding: bool) -> Result<CaseItem> {
    if let Some(a) = &f.article {
        item.article = a.trim().to_string();
    }
    match &f.qty {
        Some(q) => item.quantity = Amount::parse("quantity", q)?,
        None if adding => return Err(Error::invalid("quantity", "an item needs --qty").into()),
        None => {}
    }
    match &f.price {
        Some(p) => item.unit_price = Amount::parse("price", p)?,
        None if adding => return Err(Error::invalid("price", "an item needs --price").into()),
        None => {}
    }
    if let Some(u) = &f.unit {
        item.unit = u.clone();
    }
    if let Some(c) = &f.currency {
        item.currency = Currency::parse(c)?;
    }
    if let Some(p) = &f.payment {
        item.payment = p.clone();
    }
    Ok(item)
}
