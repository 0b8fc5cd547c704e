//! Printable documents: a report ([`contacts_core::report::Table`]), a case with its items
//! and timeline, or a contact card ([`contacts_core::service::ContactSheet`]) as an A4 PDF. Both the CLI and the web call this crate, so a PDF is the same
//! whichever made it.
//!
//! - The font (DejaVu Sans, regular and bold, `fonts/`, see `fonts/SOURCES.md`) is compiled
//!   in and embedded as a subset with a ToUnicode map, so Polish letters print on any
//!   machine and can be searched and copied from the file.
//! - Tables never run off the page: columns get their natural width when everything fits
//!   and otherwise share the width in proportion, cells wrap at spaces (a word longer than
//!   its column is broken), a row is never split across pages and the header is repeated
//!   on every page. Numbers are right-aligned.
//! - Every value is formatted by the core's [`Formatter`] (dates, money) in the reader's
//!   language; the words come from [`labels`].
//! - Nothing here decides who may see what: the caller passes what the core returned for
//!   its actor (a `CaseView` from `Service::open_case`, tables from the report calls).

pub mod labels;

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use contacts_core::case::{CaseStatus, DetailBody, Priority, TimelineEntry};
use contacts_core::format::Formatter;
use contacts_core::ids::UserId;
use contacts_core::model::{ContactKind, FieldValue};
use contacts_core::report::{Cell, Table};
use contacts_core::service::{CaseView, ContactSheet};
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Size};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;
use skrifa::instance::{LocationRef, Size as FontSize};
use skrifa::MetadataProvider;

pub use labels::label;

const REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// A4 in points.
const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 42.0;
const BODY: f32 = 9.0;
const LINE: f32 = 1.3;
const CELL_PAD: f32 = 3.0;

/// Why a PDF could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintError(pub String);

impl std::fmt::Display for PrintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the PDF could not be made: {}", self.0)
    }
}

impl std::error::Error for PrintError {}

/// Advance widths of one font, per character, at size 1.
struct Metrics {
    widths: std::collections::HashMap<char, f32>,
    fallback: f32,
}

impl Metrics {
    fn of(bytes: &[u8]) -> Metrics {
        let mut widths = std::collections::HashMap::new();
        let mut fallback = 0.6;
        if let Ok(font) = skrifa::FontRef::new(bytes) {
            let gm = font.glyph_metrics(FontSize::new(1.0), LocationRef::default());
            let cmap = font.charmap();
            for (cp, gid) in cmap.mappings() {
                if let (Some(c), Some(w)) = (char::from_u32(cp), gm.advance_width(gid)) {
                    widths.insert(c, w);
                }
            }
            if let Some(w) = cmap.map('M').and_then(|g| gm.advance_width(g)) {
                fallback = w;
            }
        }
        Metrics { widths, fallback }
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| self.widths.get(&c).copied().unwrap_or(self.fallback))
            .sum::<f32>()
            * size
    }
}

struct Fonts {
    regular: Font,
    bold: Font,
    regular_m: Metrics,
    bold_m: Metrics,
}

fn fonts() -> Result<&'static Fonts, PrintError> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Some(Fonts {
                regular: Font::new(krilla::Data::from(REGULAR), 0)?,
                bold: Font::new(krilla::Data::from(BOLD), 0)?,
                regular_m: Metrics::of(REGULAR),
                bold_m: Metrics::of(BOLD),
            })
        })
        .as_ref()
        .ok_or_else(|| PrintError("the embedded font cannot be read".into()))
}

/// What is drawn on a page, collected first so that page numbers can say "of N".
#[derive(Debug, Clone)]
enum Mark {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        width: f32,
    },
}

/// Lays out text and tables on A4 pages, top to bottom.
struct Sheet {
    fonts: &'static Fonts,
    pages: Vec<Vec<Mark>>,
    /// The baseline area's top: where the next line starts.
    y: f32,
    footer_left: String,
}

impl Sheet {
    fn new(footer_left: String) -> Result<Sheet, PrintError> {
        Ok(Sheet {
            fonts: fonts()?,
            pages: vec![Vec::new()],
            y: MARGIN,
            footer_left,
        })
    }

    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        if bold {
            self.fonts.bold_m.width(text, size)
        } else {
            self.fonts.regular_m.width(text, size)
        }
    }

    fn bottom() -> f32 {
        PAGE_H - MARGIN - 14.0
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Makes room for `h` points, starting a page when they do not fit.
    fn room(&mut self, h: f32) {
        if self.y + h > Self::bottom() && self.y > MARGIN {
            self.new_page();
        }
    }

    fn mark(&mut self, m: Mark) {
        if let Some(p) = self.pages.last_mut() {
            p.push(m);
        }
    }

    fn text_at(&mut self, x: f32, baseline: f32, size: f32, bold: bool, text: &str) {
        if text.is_empty() {
            return;
        }
        self.mark(Mark::Text {
            x,
            y: baseline,
            size,
            bold,
            text: text.to_string(),
        });
    }

    /// Lines of `text` no wider than `width`: broken at spaces, a longer word by letters;
    /// line breaks in the text are kept.
    fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let mut out = Vec::new();
        for para in text.lines() {
            let mut line = String::new();
            for word in para.split(' ') {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size, bold) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                }
                // The word alone: broken by letters when it is still too wide.
                for c in word.chars() {
                    let mut next = line.clone();
                    next.push(c);
                    if !line.is_empty() && self.width(&next, size, bold) > width {
                        out.push(std::mem::take(&mut line));
                        line.push(c);
                    } else {
                        line = next;
                    }
                }
            }
            out.push(line);
        }
        if out.is_empty() {
            out.push(String::new());
        }
        out
    }

    /// A paragraph across the text width.
    fn paragraph(&mut self, text: &str, size: f32, bold: bool) {
        let lines = self.wrap(text, size, bold, PAGE_W - 2.0 * MARGIN);
        for l in lines {
            self.room(size * LINE);
            self.y += size * LINE;
            self.text_at(MARGIN, self.y - size * 0.25, size, bold, &l);
        }
    }

    fn heading(&mut self, text: &str, size: f32) {
        // Keep a heading with at least three lines of what follows.
        self.room(size * LINE + 4.0 * BODY * LINE);
        self.y += size * 0.5;
        self.paragraph(text, size, true);
        self.y += 2.0;
    }

    fn gap(&mut self, h: f32) {
        self.y += h;
    }

    /// Label and value pairs in two columns.
    fn fields(&mut self, pairs: &[(String, String)]) {
        let label_w = pairs
            .iter()
            .map(|(k, _)| self.width(k, BODY, true))
            .fold(0.0_f32, f32::max)
            .min((PAGE_W - 2.0 * MARGIN) * 0.35)
            + 8.0;
        for (k, v) in pairs {
            let key_lines = self.wrap(k, BODY, true, label_w - 8.0);
            let val_lines = self.wrap(v, BODY, false, PAGE_W - 2.0 * MARGIN - label_w);
            let n = key_lines.len().max(val_lines.len());
            self.room(n as f32 * BODY * LINE);
            let top = self.y;
            for (i, l) in key_lines.iter().enumerate() {
                let b = top + (i as f32 + 1.0) * BODY * LINE - BODY * 0.25;
                self.text_at(MARGIN, b, BODY, true, l);
            }
            for (i, l) in val_lines.iter().enumerate() {
                let b = top + (i as f32 + 1.0) * BODY * LINE - BODY * 0.25;
                self.text_at(MARGIN + label_w, b, BODY, false, l);
            }
            self.y = top + n as f32 * BODY * LINE;
        }
    }

    /// A table: header repeated on every page, rows kept whole, numbers right-aligned.
    fn table(&mut self, header: &[String], rows: &[Vec<(String, bool)>]) {
        let total_w = PAGE_W - 2.0 * MARGIN;
        let n = header.len().max(1);
        // Natural widths (longest line of each column), at least the header's longest word.
        let mut natural = vec![0.0_f32; n];
        let mut minimum = vec![0.0_f32; n];
        for (i, h) in header.iter().enumerate() {
            natural[i] = self.width(h, BODY, true);
            minimum[i] = h
                .split(' ')
                .map(|w| self.width(w, BODY, true))
                .fold(0.0, f32::max);
        }
        for r in rows {
            for (i, (c, _)) in r.iter().enumerate().take(n) {
                let w = c
                    .lines()
                    .map(|l| self.width(l, BODY, false))
                    .fold(0.0, f32::max);
                natural[i] = natural[i].max(w);
            }
        }
        let pad = 2.0 * CELL_PAD;
        let mut widths: Vec<f32> = natural.iter().map(|w| w + pad).collect();
        let sum: f32 = widths.iter().sum();
        if sum > total_w {
            // Narrow columns keep their width; wide ones share what is left.
            let fair = total_w / n as f32;
            let fixed: f32 = widths.iter().filter(|w| **w <= fair).sum();
            let wide: f32 = widths.iter().filter(|w| **w > fair).sum();
            let left = (total_w - fixed).max(0.0);
            for (i, w) in widths.iter_mut().enumerate() {
                if *w > fair {
                    *w = (*w / wide * left).max((minimum[i] + pad).min(fair));
                }
            }
            // Rounding and minimums may overshoot: scale everything down to fit.
            let sum: f32 = widths.iter().sum();
            if sum > total_w {
                widths.iter_mut().for_each(|w| *w *= total_w / sum);
            }
        }
        let lh = BODY * LINE;
        let draw_row = |sheet: &mut Sheet, cells: &[(String, bool)], bold: bool| {
            let wrapped: Vec<Vec<String>> = cells
                .iter()
                .enumerate()
                .take(n)
                .map(|(i, (c, _))| sheet.wrap(c, BODY, bold, widths[i] - pad))
                .collect();
            let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1);
            let h = lines as f32 * lh + pad;
            (wrapped, h)
        };
        let header_cells: Vec<(String, bool)> = header.iter().map(|h| (h.clone(), false)).collect();
        let put = |sheet: &mut Sheet, cells: &[(String, bool)], bold: bool| {
            let (wrapped, h) = draw_row(sheet, cells, bold);
            let top = sheet.y;
            let mut x = MARGIN;
            for (i, lines) in wrapped.iter().enumerate() {
                let right = cells.get(i).map(|c| c.1).unwrap_or(false);
                for (j, l) in lines.iter().enumerate() {
                    let b = top + CELL_PAD + (j as f32 + 1.0) * lh - BODY * 0.3;
                    let lx = if right {
                        x + widths[i] - CELL_PAD - sheet.width(l, BODY, bold)
                    } else {
                        x + CELL_PAD
                    };
                    sheet.text_at(lx, b, BODY, bold, l);
                }
                x += widths[i];
            }
            sheet.y = top + h;
            sheet.mark(Mark::Rule {
                x1: MARGIN,
                x2: MARGIN + widths.iter().sum::<f32>(),
                y: sheet.y,
                width: if bold { 0.8 } else { 0.3 },
            });
        };
        let (_, header_h) = draw_row(self, &header_cells, true);
        let start_page = |sheet: &mut Sheet| {
            sheet.mark(Mark::Rule {
                x1: MARGIN,
                x2: MARGIN + widths.iter().sum::<f32>(),
                y: sheet.y,
                width: 0.8,
            });
            put(sheet, &header_cells, true);
        };
        let first_h = rows
            .first()
            .map(|r| draw_row(self, r, false).1)
            .unwrap_or(0.0);
        self.room(header_h + first_h);
        start_page(self);
        for r in rows {
            let (_, h) = draw_row(self, r, false);
            if self.y + h > Self::bottom() {
                self.new_page();
                start_page(self);
            }
            put(self, r, false);
        }
        self.gap(BODY * 0.8);
    }

    /// The PDF: every page with its marks and a footer "left · page i / n".
    fn finish(self, title: &str, lang: &str) -> Result<Vec<u8>, PrintError> {
        let mut doc = Document::new();
        doc.set_metadata(
            Metadata::new()
                .title(title.to_string())
                .language(lang.to_string())
                .creator("Contacts".into()),
        );
        let total = self.pages.len();
        let size =
            Size::from_wh(PAGE_W, PAGE_H).ok_or_else(|| PrintError("bad page size".into()))?;
        let page_word = if lang == "pl" { "Strona" } else { "Page" };
        for (i, marks) in self.pages.iter().enumerate() {
            let mut page = doc.start_page_with(PageSettings::new(size));
            let mut s = page.surface();
            s.set_fill(Some(Fill {
                paint: luma::Color::black().into(),
                ..Fill::default()
            }));
            let draw = |s: &mut krilla::surface::Surface<'_>, m: &Mark| match m {
                Mark::Text {
                    x,
                    y,
                    size,
                    bold,
                    text,
                } => {
                    let font = if *bold {
                        self.fonts.bold.clone()
                    } else {
                        self.fonts.regular.clone()
                    };
                    s.draw_text(
                        Point::from_xy(*x, *y),
                        font,
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Mark::Rule { x1, x2, y, width } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(*x1, *y);
                    pb.line_to(*x2, *y);
                    if let Some(path) = pb.finish() {
                        s.set_fill(None);
                        s.set_stroke(Some(Stroke {
                            width: *width,
                            ..Stroke::default()
                        }));
                        s.draw_path(&path);
                        s.set_stroke(None);
                        s.set_fill(Some(Fill::default()));
                    }
                }
            };
            for m in marks {
                draw(&mut s, m);
            }
            let footer_y = PAGE_H - MARGIN + 4.0;
            let right = format!("{page_word} {} / {total}", i + 1);
            let rw = self.width(&right, 7.5, false);
            for m in [
                Mark::Text {
                    x: MARGIN,
                    y: footer_y,
                    size: 7.5,
                    bold: false,
                    text: self.footer_left.clone(),
                },
                Mark::Text {
                    x: PAGE_W - MARGIN - rw,
                    y: footer_y,
                    size: 7.5,
                    bold: false,
                    text: right,
                },
            ] {
                draw(&mut s, &m);
            }
            s.finish();
            page.finish();
        }
        doc.finish().map_err(|e| PrintError(e.to_string()))
    }
}

fn lang_code(fm: &Formatter) -> &'static str {
    match fm.lang {
        contacts_core::model::Language::Polish => "pl",
        contacts_core::model::Language::English => "en",
    }
}

/// A report as a PDF: its title (with the period), the summary, the table.
/// `printed_at` goes into the footer.
pub fn report_pdf(
    table: &Table,
    fm: &Formatter,
    printed_at: DateTime<Utc>,
) -> Result<Vec<u8>, PrintError> {
    let l = |k: &str| label(fm.lang, k);
    let word = |w: &str| label(fm.lang, w);
    let title = l(table.name);
    let mut sheet = Sheet::new(format!("{} · {}", title, fm.datetime(printed_at)))?;
    sheet.heading(&title, 15.0);
    if let Some((from, to)) = table.period {
        sheet.paragraph(
            &format!("{}: {} – {}", l("period"), fm.date(from), fm.date(to)),
            BODY,
            false,
        );
    }
    let mut summary: Vec<(String, String)> = Vec::new();
    for (k, v) in &table.summary {
        let shown = v.shown(fm, &word);
        match summary.iter_mut().find(|(key, _)| *key == l(k)) {
            Some((_, prev)) => {
                prev.push_str(" + ");
                prev.push_str(&shown);
            }
            None => summary.push((l(k), shown)),
        }
    }
    if !summary.is_empty() {
        sheet.gap(4.0);
        sheet.fields(&summary);
    }
    sheet.gap(6.0);
    if table.rows.is_empty() {
        sheet.paragraph(&l("nothing"), BODY, false);
    } else {
        let header: Vec<String> = table.columns.iter().map(|c| l(c)).collect();
        let rows: Vec<Vec<(String, bool)>> = table
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c: &Cell| (c.shown(fm, &word), c.is_number()))
                    .collect()
            })
            .collect();
        sheet.table(&header, &rows);
    }
    sheet.finish(&title, lang_code(fm))
}

/// A case as a PDF: its fields, items with totals and the timeline.
/// `user` names a user id (the directory the caller read).
pub fn case_pdf(
    v: &CaseView,
    fm: &Formatter,
    user: &dyn Fn(UserId) -> String,
    printed_at: DateTime<Utc>,
) -> Result<Vec<u8>, PrintError> {
    let l = |k: &str| label(fm.lang, k);
    let c = &v.case;
    let d = &c.data;
    let title = format!("{} {} · {}", l("case"), c.number, d.title);
    let mut sheet = Sheet::new(format!("{} · {}", title, fm.datetime(printed_at)))?;
    sheet.heading(&title, 15.0);
    let totals = if v.totals.is_empty() {
        fm.money(contacts_core::money::Decimal::ZERO, &Default::default())
    } else {
        v.totals
            .iter()
            .map(|(cur, val)| fm.money(*val, cur))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let mut fields = vec![
        (
            l("status"),
            l(if c.status.is_open() {
                "status_open"
            } else {
                "status_closed"
            }),
        ),
        (
            l("priority"),
            l(match d.priority {
                Priority::High => "prio_high",
                Priority::Normal => "prio_normal",
                Priority::Low => "prio_low",
            }),
        ),
    ];
    if let Some(k) = &v.kind {
        fields.push((l("kind"), k.name.clone()));
    }
    fields.push((l("counterparty"), v.counterparty.data.display_name()));
    if let Some(p) = &v.person {
        fields.push((l("person"), p.data.display_name()));
    }
    if !d.external_number.is_empty() {
        fields.push((l("external"), d.external_number.clone()));
    }
    fields.push((l("registered"), fm.date(d.registered_on)));
    fields.push((
        l("deadline"),
        d.deadline.map(|x| fm.date(x)).unwrap_or_else(|| "—".into()),
    ));
    fields.push((l("responsible"), v.responsible.name.clone()));
    if let (CaseStatus::Closed { at, .. }, Some(by)) = (c.status, &v.closed_by) {
        fields.push((l("closed_by"), format!("{} · {}", by.name, fm.datetime(at))));
    }
    fields.push((l("value"), totals.clone()));
    sheet.fields(&fields);
    sheet.heading(&l("items"), 11.0);
    if d.items.is_empty() {
        sheet.paragraph(&l("none"), BODY, false);
    } else {
        let header: Vec<String> = ["#", "article", "quantity", "price", "payment", "line_total"]
            .iter()
            .map(|k| if *k == "#" { "#".into() } else { l(k) })
            .collect();
        let mut rows: Vec<Vec<(String, bool)>> = d
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| {
                let qty = format!("{} {}", fm.amount_input(it.quantity.value()), it.unit);
                vec![
                    ((i + 1).to_string(), true),
                    (it.article.clone(), false),
                    (qty.trim().to_string(), true),
                    (fm.money(it.unit_price.value(), &it.currency), true),
                    (it.payment.clone(), false),
                    (
                        it.total()
                            .map(|t| fm.money(t, &it.currency))
                            .unwrap_or_default(),
                        true,
                    ),
                ]
            })
            .collect();
        rows.push(vec![
            (String::new(), false),
            (l("total"), false),
            (String::new(), false),
            (String::new(), false),
            (String::new(), false),
            (totals, true),
        ]);
        sheet.table(&header, &rows);
    }
    sheet.heading(&l("timeline"), 11.0);
    if v.timeline.is_empty() {
        sheet.paragraph(&l("none"), BODY, false);
    } else {
        let header: Vec<String> = ["when", "kind", "text", "by"]
            .iter()
            .map(|k| l(k))
            .collect();
        let rows: Vec<Vec<(String, bool)>> = v
            .timeline
            .iter()
            .map(|e| {
                let (kind, text, by) = match e {
                    TimelineEntry::Detail(x) => {
                        let (kind, text) = match &x.body {
                            DetailBody::Note { kind, text, .. } => {
                                (join(&l("note"), kind), text.clone())
                            }
                            DetailBody::Document {
                                kind,
                                symbol,
                                content,
                                ..
                            } => (join(&l("document"), kind), join(symbol, content)),
                            DetailBody::File { name, note, .. } => (l("file"), join(name, note)),
                        };
                        (kind, text, user(x.meta.created_by))
                    }
                    TimelineEntry::History(h) => {
                        (join(&l("history"), &h.kind), h.text.clone(), user(h.author))
                    }
                };
                vec![
                    (fm.datetime(e.at()), false),
                    (kind, false),
                    (text, false),
                    (by, false),
                ]
            })
            .collect();
        sheet.table(&header, &rows);
    }
    sheet.finish(&title, lang_code(fm))
}

/// A contact card as a PDF: name, every field with a value, the lists it is on, an
/// organisation's people, the files and (business) the client history with authors.
pub fn contact_pdf(
    sheet: &ContactSheet,
    fm: &Formatter,
    printed_at: DateTime<Utc>,
) -> Result<Vec<u8>, PrintError> {
    let l = |k: &str| label(fm.lang, k);
    let c = &sheet.contact;
    let d = &c.data;
    let name = d.display_name();
    let mut sheet_pdf = Sheet::new(format!("{} · {}", name, fm.datetime(printed_at)))?;
    let out = &mut sheet_pdf;
    out.heading(&name, 15.0);
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut push = |key: &str, value: String| {
        if !value.trim().is_empty() {
            fields.push((l(key), value));
        }
    };
    push(
        "book",
        l(if c.book.is_business() {
            "book_business"
        } else {
            "book_private"
        }),
    );
    if d.kind == ContactKind::Person {
        let org = sheet
            .organisation
            .clone()
            .unwrap_or_else(|| d.org_name.clone());
        push("organisation", org);
    }
    push("department", d.department.clone());
    push("job_title", d.job_title.clone());
    let labelled = |label: &str, v: &str| {
        if label.trim().is_empty() {
            v.to_string()
        } else {
            format!("{v} ({label})")
        }
    };
    for e in &d.emails {
        push("email", labelled(e.label(), e.address()));
    }
    for p in &d.phones {
        push("phone", labelled(p.label(), p.raw()));
    }
    for a in &d.addresses {
        push("address", labelled(&a.label, &a.one_line()));
    }
    for w in &d.websites {
        push("website", labelled(&w.label, &w.url));
    }
    for m in &d.messengers {
        push("messenger", format!("{}: {}", m.service, m.handle));
    }
    push(
        "birthday",
        d.birthday.map(|b| fm.partial_date(b)).unwrap_or_default(),
    );
    push(
        "nameday",
        sheet.nameday.map(|m| fm.month_day(m)).unwrap_or_default(),
    );
    push(
        "anniversary",
        d.anniversary
            .map(|b| fm.partial_date(b))
            .unwrap_or_default(),
    );
    push(
        "nip",
        d.nip
            .as_ref()
            .map(contacts_core::format::nip)
            .unwrap_or_default(),
    );
    push(
        "regon",
        d.regon
            .as_ref()
            .map(|v| v.as_str().to_string())
            .unwrap_or_default(),
    );
    push(
        "bank_account",
        d.bank_account
            .as_ref()
            .map(|v| v.as_str().to_string())
            .unwrap_or_default(),
    );
    push("category", sheet.category.clone().unwrap_or_default());
    push("groups", sheet.groups.join(", "));
    push("contact_status", sheet.status.clone().unwrap_or_default());
    push(
        "account_manager",
        sheet.account_manager.clone().unwrap_or_default(),
    );
    push(
        "last_contact",
        sheet
            .last_contact
            .map(|t| fm.datetime(t))
            .unwrap_or_default(),
    );
    if d.no_mailing {
        push("mailing", l("no_mailing"));
    }
    for (label_text, v) in &sheet.fields {
        let shown = match v {
            FieldValue::Date(day) => fm.date(*day),
            FieldValue::YesNo(b) => l(if *b { "yes" } else { "no" }),
            other => other.to_string(),
        };
        if !shown.trim().is_empty() {
            fields.push((label_text.clone(), shown));
        }
    }
    out.fields(&fields);
    if !d.notes.trim().is_empty() {
        out.heading(&l("notes"), 11.0);
        for line in d.notes.lines() {
            out.paragraph(line, BODY, false);
        }
    }
    if !sheet.people.is_empty() {
        out.heading(&l("people"), 11.0);
        let header: Vec<String> = ["name", "job_title", "phone", "email"]
            .iter()
            .map(|k| l(k))
            .collect();
        let rows: Vec<Vec<(String, bool)>> = sheet
            .people
            .iter()
            .map(|p| {
                let pd = &p.data;
                vec![
                    (pd.display_name(), false),
                    (pd.job_title.clone(), false),
                    (
                        pd.phones
                            .first()
                            .map(|x| x.raw().to_string())
                            .unwrap_or_default(),
                        false,
                    ),
                    (
                        pd.emails
                            .first()
                            .map(|x| x.address().to_string())
                            .unwrap_or_default(),
                        false,
                    ),
                ]
            })
            .collect();
        out.table(&header, &rows);
    }
    if !sheet.attachments.is_empty() {
        out.heading(&l("attachments"), 11.0);
        let header: Vec<String> = ["name", "file_note", "when"].iter().map(|k| l(k)).collect();
        let rows: Vec<Vec<(String, bool)>> = sheet
            .attachments
            .iter()
            .map(|a| {
                vec![
                    (a.name.clone(), false),
                    (a.note.clone(), false),
                    (fm.datetime(a.created_at), false),
                ]
            })
            .collect();
        out.table(&header, &rows);
    }
    if c.book.is_business() {
        out.heading(&l("client_history"), 11.0);
        if sheet.history.is_empty() {
            out.paragraph(&l("none"), BODY, false);
        } else {
            let header: Vec<String> = ["when", "kind", "text", "by"]
                .iter()
                .map(|k| l(k))
                .collect();
            let rows: Vec<Vec<(String, bool)>> = sheet
                .history
                .iter()
                .map(|(e, by)| {
                    let files: Vec<&str> = e.files.iter().map(|f| f.name.as_str()).collect();
                    let text = if files.is_empty() {
                        e.text.clone()
                    } else {
                        join(&e.text, &files.join(", "))
                    };
                    vec![
                        (fm.datetime(e.at), false),
                        (e.kind.clone(), false),
                        (text, false),
                        (by.clone(), false),
                    ]
                })
                .collect();
            out.table(&header, &rows);
            if sheet.history_total > sheet.history.len() {
                out.paragraph(
                    &format!(
                        "{} {} / {}",
                        l("history_shown"),
                        sheet.history.len(),
                        sheet.history_total
                    ),
                    BODY,
                    false,
                );
            }
        }
    }
    sheet_pdf.finish(&name, lang_code(fm))
}

/// The name a downloaded contact card gets: `contact-12.pdf`.
pub fn contact_file_name(id: contacts_core::ids::ContactId) -> String {
    format!("contact-{}.pdf", id.0)
}

fn join(a: &str, b: &str) -> String {
    match (a.trim().is_empty(), b.trim().is_empty()) {
        (false, false) => format!("{a}: {b}"),
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
    }
}

/// The name a downloaded case PDF gets: `case-2026-0001.pdf` (the number's `/` replaced).
pub fn case_file_name(number: &str) -> String {
    let safe: String = number
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("case-{safe}.pdf")
}
