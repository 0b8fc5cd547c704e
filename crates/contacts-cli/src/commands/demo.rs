//! `contacts demo --count N [--seed S]`: realistic made-up organisations and the people
//! who work at them, in the business book.
//!
//! Names are mostly Polish (with their feminine forms and diacritics) with some from other
//! countries; organisations get valid NIPs and REGONs; phones are valid Polish mobiles;
//! some birthdays have no year. The same seed makes the same contacts. Contacts go in
//! batches, one transaction each, so a million take well under a minute in release mode.

use std::io::IsTerminal;

use contacts_core::date::{MonthDay, PartialDate};
use contacts_core::defaults;
use contacts_core::ids::{ContactId, LabelId};
use contacts_core::model::{
    Address, ContactData, ContactKind, Email, Gender, Nip, Phone, Regon, Website,
};
use contacts_core::service::{BookKind, ListFilter};
use contacts_core::store::{ListKind, Store};
use contacts_core::text::fold;
use contacts_core::Result as CoreResult;
use fastrand::Rng;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Ctx;
use crate::cli::DemoArgs;
use crate::error::Result;
use crate::output;

/// Contacts per generated batch.
const BATCH: usize = 20_000;
/// One organisation for about this many contacts.
const PEOPLE_PER_ORG: usize = 8;

const GROUPS: [&str; 6] = [
    "Klienci kluczowi",
    "Partnerzy",
    "Dostawcy",
    "Newsletter",
    "Targi Poznań",
    "Konkurencja",
];

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, args: DemoArgs) -> Result<()> {
    let total = usize::try_from(args.count).unwrap_or(usize::MAX);
    if args.if_empty {
        let business = ListFilter {
            book: Some(BookKind::Business),
            ..ListFilter::default()
        };
        if !ctx
            .service
            .list(
                &ctx.actor,
                &ListFilter {
                    limit: 1,
                    ..business
                },
            )?
            .is_empty()
        {
            if ctx.json {
                return output::json(ctx.out, &serde_json::json!({ "created": 0 }));
            }
            writeln!(
                ctx.out,
                "the business book has contacts already; no demo data added"
            )?;
            return Ok(());
        }
    }
    let groups = ensure_labels(ctx, ListKind::Group, &GROUPS)?;
    // The installation's own statuses (Polish ones in a Polish installation).
    let lang = ctx.service.installation_language()?;
    let statuses = ensure_labels(ctx, ListKind::Status, &defaults::statuses(lang))?;
    let mut gen = Generator {
        rng: Rng::with_seed(args.seed),
        groups,
        statuses,
    };

    let progress = if ctx.json || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(Some(args.count), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:40} {human_pos}/{human_len} contacts ({per_sec}, {eta} left)",
        ) {
            bar.set_style(style);
        }
        bar
    };

    let (mut orgs_made, mut people_made) = (0usize, 0usize);
    let mut first_id: Option<ContactId> = None;
    // Two cores: one thread makes the next batch (names, parsed phones) while this one
    // stores the current one. The generator's order of random draws is the same as it
    // would be on one thread, so a seed still makes the same contacts.
    std::thread::scope(|scope| -> Result<()> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(2);
        scope.spawn(move || {
            let mut left = total;
            while left > 0 {
                let n = BATCH.min(left);
                left -= n;
                let n_orgs = n.div_ceil(PEOPLE_PER_ORG);
                let orgs: Vec<ContactData> = (0..n_orgs).map(|_| gen.organisation()).collect();
                let people_at: Vec<(String, String)> = orgs
                    .iter()
                    .map(|o| (o.org_name.clone(), domain_of(&o.websites)))
                    .collect();
                let people: Vec<(Option<usize>, ContactData)> = (n_orgs..n)
                    .map(|_| {
                        let at = gen.rng.usize(..n_orgs.max(1));
                        gen.person(people_at.get(at).map(|org| (at, org)))
                    })
                    .collect();
                if tx.send(Batch { orgs, people }).is_err() {
                    return; // the storing side stopped on an error
                }
            }
        });
        // Every batch goes into one bulk transaction: each commit wrote every index page its
        // batch touched (over a million contacts that is most pages), and into an empty
        // store the bulk transaction builds the contacts' indexes once at the end instead of
        // row by row (56 s to 26 s for a million). Memory stays at a few batches.
        let org_ids: std::cell::RefCell<Vec<ContactId>> = Default::default();
        let ids = &org_ids;
        let items = rx.into_iter().flat_map(|batch| {
            // The ids of this batch's organisations follow those made before it.
            let base = orgs_made;
            orgs_made += batch.orgs.len();
            people_made += batch.people.len();
            let people = batch.people.into_iter().map(move |(at, mut data)| {
                data.org_id = at.and_then(|i| ids.borrow().get(base + i).copied());
                data
            });
            batch.orgs.into_iter().chain(people)
        });
        ctx.service
            .create_each(&ctx.actor, BookKind::Business, items, |id, data| {
                if data.kind == ContactKind::Organisation {
                    org_ids.borrow_mut().push(id);
                }
                first_id = first_id.or(Some(id));
                progress.inc(1);
            })?;
        Ok(())
    })?;
    ctx.service.after_bulk_load(orgs_made + people_made)?;
    progress.finish_and_clear();

    if ctx.json {
        output::json(
            ctx.out,
            &serde_json::json!({
                "created": orgs_made + people_made,
                "organisations": orgs_made,
                "people": people_made,
                "first_id": first_id.map(|i| i.0),
                "seed": args.seed,
            }),
        )
    } else {
        writeln!(
            ctx.out,
            "added {} contacts ({orgs_made} organisations, {people_made} people) to the business book",
            orgs_made + people_made
        )?;
        Ok(())
    }
}

/// The ids of the named picklist entries, adding those that are missing.
fn ensure_labels<S: Store>(
    ctx: &Ctx<'_, S>,
    list: ListKind,
    names: &[&str],
) -> CoreResult<Vec<LabelId>> {
    let existing = ctx.service.labels(list)?;
    names
        .iter()
        .map(
            |name| match existing.iter().find(|l| fold(&l.name) == fold(name)) {
                Some(l) => Ok(l.id),
                None => ctx.service.add_label(&ctx.actor, list, name).map(|l| l.id),
            },
        )
        .collect()
}

fn domain_of(websites: &[Website]) -> String {
    websites
        .first()
        .map(|w| w.url.trim_start_matches("https://www.").to_string())
        .unwrap_or_else(|| "example.pl".to_string())
}

const MALE: &[&str] = &[
    "Jan",
    "Piotr",
    "Krzysztof",
    "Andrzej",
    "Tomasz",
    "Paweł",
    "Michał",
    "Marcin",
    "Łukasz",
    "Grzegorz",
    "Mateusz",
    "Jakub",
    "Adam",
    "Marek",
    "Wojciech",
    "Zbigniew",
    "Jerzy",
    "Stanisław",
    "Józef",
    "Kacper",
    "Bartłomiej",
    "Rafał",
    "Dawid",
    "Szymon",
    "Maciej",
    "Przemysław",
    "Mikołaj",
    "Wiesław",
    "Zdzisław",
    "Sławomir",
    "Bogdan",
    "Jarosław",
];
const FEMALE: &[&str] = &[
    "Anna",
    "Maria",
    "Katarzyna",
    "Małgorzata",
    "Agnieszka",
    "Barbara",
    "Ewa",
    "Krystyna",
    "Elżbieta",
    "Magdalena",
    "Joanna",
    "Zofia",
    "Aleksandra",
    "Monika",
    "Natalia",
    "Karolina",
    "Beata",
    "Dorota",
    "Jadwiga",
    "Halina",
    "Grażyna",
    "Urszula",
    "Iwona",
    "Justyna",
    "Łucja",
    "Bożena",
    "Wiktoria",
    "Jolanta",
    "Żaneta",
    "Teresa",
];
/// Masculine forms; "-ski", "-cki" and "-dzki" take "-ska", "-cka", "-dzka" for women.
const FAMILY: &[&str] = &[
    "Nowak",
    "Kowalski",
    "Wiśniewski",
    "Wójcik",
    "Kowalczyk",
    "Kamiński",
    "Lewandowski",
    "Zieliński",
    "Szymański",
    "Woźniak",
    "Dąbrowski",
    "Kozłowski",
    "Jankowski",
    "Mazur",
    "Wojciechowski",
    "Kwiatkowski",
    "Krawczyk",
    "Kaczmarek",
    "Piotrowski",
    "Grabowski",
    "Zając",
    "Pawłowski",
    "Michalski",
    "Król",
    "Wieczorek",
    "Jabłoński",
    "Wróbel",
    "Majewski",
    "Olszewski",
    "Stępień",
    "Jaworski",
    "Malinowski",
    "Dudek",
    "Adamczyk",
    "Górski",
    "Nowicki",
    "Sikora",
    "Baran",
    "Rutkowski",
    "Michalak",
    "Szewczyk",
    "Ostrowski",
    "Tomaszewski",
    "Pietrzak",
    "Duda",
    "Zalewski",
    "Wróblewski",
    "Jasiński",
    "Marciniak",
    "Bąk",
    "Żak",
    "Sobczak",
    "Czarnecki",
    "Sawicki",
    "Kubiak",
    "Głowacki",
    "Gołębiowski",
    "Śliwiński",
    "Łukaszewicz",
    "Żmuda",
    "Chmielewski",
    "Grzegorczyk",
    "Zawadzki",
    "Kołodziej",
];
/// Other countries: (male given names, female given names, family names).
const ABROAD: &[(&[&str], &[&str], &[&str])] = &[
    (
        &["Jürgen", "Klaus", "Günther", "Matthias"],
        &["Sabine", "Jutta", "Käthe", "Ursula"],
        &["Müller", "Schröder", "Weiß", "Köhler", "Schäfer"],
    ),
    (
        &["Jiří", "Tomáš", "Lukáš"],
        &["Kateřina", "Lenka", "Zuzana"],
        &["Dvořák", "Černý", "Procházka", "Kučera"],
    ),
    (
        &["Oleksandr", "Andrij", "Dmytro"],
        &["Olena", "Oksana", "Iryna"],
        &["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko"],
    ),
    (
        &["François", "Jérôme", "Loïc"],
        &["Hélène", "Amélie", "Chloé"],
        &["Lefèvre", "Dubois", "Mercier", "Girard"],
    ),
    (
        &["José", "Iñigo", "Raúl"],
        &["Inés", "María", "Lucía"],
        &["García", "Muñoz", "Peña", "Álvarez"],
    ),
    (
        &["Søren", "Björn", "Åke"],
        &["Åsa", "Ingrid", "Sølvi"],
        &["Østergaard", "Lindström", "Ångström", "Nyström"],
    ),
    (
        &["Zoltán", "Gábor"],
        &["Erzsébet", "Réka"],
        &["Szabó", "Kovács", "Tóth"],
    ),
    (
        &["Çağlar", "Emre"],
        &["Ayşe", "Gülşen"],
        &["Yılmaz", "Öztürk", "Şahin"],
    ),
];

const COMPANY_STEMS: &[&str] = &[
    "Agro", "Bud", "Trans", "Elektro", "Stal", "Drew", "Inter", "Euro", "Tech", "Bio", "Eko",
    "Med", "Chem", "Pol", "Mar", "Geo", "Info", "Term", "Hydro", "Auto",
];
const COMPANY_ENDS: &[&str] = &[
    "mex", "pol", "bud", "tex", "net", "max", "trans", "sped", "met", "plast", "soft", "serwis",
    "lab", "com", "dom",
];
const COMPANY_TRADES: &[&str] = &[
    "Hurtownia",
    "Piekarnia",
    "Biuro Rachunkowe",
    "Kancelaria Prawna",
    "Zakład Stolarski",
    "Drukarnia",
    "Przychodnia",
    "Pracownia Projektowa",
    "Serwis Komputerowy",
    "Kwiaciarnia",
    "Apteka",
    "Szkoła Językowa",
];
const COMPANY_NAMES: &[&str] = &[
    "Złoty Kłos",
    "Pod Dębem",
    "Łąkowa",
    "Bilans",
    "Lex",
    "Żuraw",
    "Mazury",
    "Wisła",
    "Śnieżka",
    "Bałtyk",
    "Jaśmin",
    "Źródło",
    "Orzeł",
    "Tatry",
];
const LEGAL_FORMS: &[&str] = &["Sp. z o.o.", "S.A.", "s.c.", "Sp. j.", "Sp. k.", ""];
const STREETS: &[&str] = &[
    "ul. Długa",
    "ul. Marszałkowska",
    "ul. Piotrkowska",
    "ul. Świętokrzyska",
    "ul. Żeromskiego",
    "ul. Kościuszki",
    "ul. Mickiewicza",
    "ul. Słowackiego",
    "al. Jerozolimskie",
    "ul. Łąkowa",
    "ul. Polna",
    "ul. Leśna",
    "ul. Ogrodowa",
    "ul. Źródlana",
    "ul. Grunwaldzka",
    "al. Róż",
    "ul. Wrocławska",
    "ul. Gdańska",
    "os. Słoneczne",
    "pl. Wolności",
];
/// Cities with the first two digits of their postal codes.
const CITIES: &[(&str, &str)] = &[
    ("Warszawa", "0"),
    ("Kraków", "3"),
    ("Łódź", "9"),
    ("Wrocław", "5"),
    ("Poznań", "6"),
    ("Gdańsk", "8"),
    ("Szczecin", "7"),
    ("Bydgoszcz", "8"),
    ("Lublin", "2"),
    ("Białystok", "1"),
    ("Katowice", "4"),
    ("Częstochowa", "4"),
    ("Rzeszów", "3"),
    ("Toruń", "8"),
    ("Kielce", "2"),
    ("Olsztyn", "1"),
    ("Opole", "4"),
    ("Zielona Góra", "6"),
    ("Gorzów Wielkopolski", "6"),
    ("Bielsko-Biała", "4"),
];
const MOBILE_PREFIXES: &[u32] = &[
    500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 510, 511, 512, 513, 514, 515, 516, 517, 518,
    519, 530, 531, 532, 533, 534, 535, 536, 537, 538, 539, 600, 601, 602, 603, 604, 605, 606, 607,
    608, 609, 660, 661, 662, 663, 664, 665, 666, 667, 668, 669, 690, 691, 692, 693, 694, 695, 696,
    697, 698, 699, 720, 721, 722, 723, 724, 725, 726, 727, 728, 729, 780, 781, 782, 783, 784, 785,
    786, 787, 788, 789, 790, 791, 792, 793, 794, 795, 796, 797, 798, 799, 880, 881, 882, 883, 884,
    885, 886, 887, 888, 889,
];
const MAIL_HOSTS: &[&str] = &[
    "gmail.com",
    "wp.pl",
    "onet.pl",
    "o2.pl",
    "interia.pl",
    "poczta.fm",
];
const JOBS: &[(&str, &str)] = &[
    ("Sprzedaż", "Handlowiec"),
    ("Sprzedaż", "Kierownik sprzedaży"),
    ("Zarząd", "Prezes zarządu"),
    ("Zarząd", "Członek zarządu"),
    ("Księgowość", "Główna księgowa"),
    ("Zakupy", "Specjalista ds. zakupów"),
    ("IT", "Administrator systemów"),
    ("Logistyka", "Kierownik magazynu"),
    ("Marketing", "Specjalista ds. marketingu"),
    ("Obsługa klienta", "Konsultant"),
];

/// One batch from the generator thread: organisations, then people with the index of the
/// organisation (in this batch) they work at.
struct Batch {
    orgs: Vec<ContactData>,
    people: Vec<(Option<usize>, ContactData)>,
}

struct Generator {
    rng: Rng,
    groups: Vec<LabelId>,
    statuses: Vec<LabelId>,
}

impl Generator {
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.usize(..items.len())]
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.rng.u8(0..10)))
            .collect()
    }

    /// A NIP: a tax office code, six more digits and the weighted check digit.
    fn nip(&mut self) -> Option<Nip> {
        const W: [u32; 9] = [6, 5, 7, 2, 3, 4, 5, 6, 7];
        loop {
            let body = format!("{}{}", self.rng.u32(101..1000), self.digits(6));
            let sum: u32 = body
                .bytes()
                .zip(W)
                .map(|(b, w)| u32::from(b - b'0') * w)
                .sum();
            if sum % 11 != 10 {
                return Nip::parse(&format!("{body}{}", sum % 11)).ok();
            }
        }
    }

    /// A nine-digit REGON with its check digit.
    fn regon(&mut self) -> Option<Regon> {
        const W: [u32; 8] = [8, 9, 2, 3, 4, 5, 6, 7];
        let body = self.digits(8);
        let sum: u32 = body
            .bytes()
            .zip(W)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        Regon::parse(&format!("{body}{}", (sum % 11) % 10)).ok()
    }

    /// A Polish mobile number, written the way people write them.
    fn mobile(&mut self, label: &str) -> Option<Phone> {
        let prefix = *self.pick(MOBILE_PREFIXES);
        let rest = self.digits(6);
        let typed = match self.rng.u8(0..3) {
            0 => format!("{prefix} {} {}", &rest[..3], &rest[3..]),
            1 => format!("+48 {prefix}-{}-{}", &rest[..3], &rest[3..]),
            _ => format!("{prefix}{rest}"),
        };
        Phone::new(label, &typed).ok()
    }

    fn address(&mut self, label: &str) -> Address {
        let street = *self.pick(STREETS);
        let (city, zone) = *self.pick(CITIES);
        let number = self.rng.u32(1..200);
        let flat = if self.rng.bool() {
            format!("/{}", self.rng.u32(1..60))
        } else {
            String::new()
        };
        Address {
            label: label.to_string(),
            street: format!("{street} {number}{flat}"),
            locality: city.to_string(),
            postal_code: format!("{zone}{}-{}", self.digits(1), self.digits(3)),
            country: "Polska".to_string(),
            ..Address::default()
        }
    }

    fn birthday(&mut self) -> Option<PartialDate> {
        if self.rng.u8(0..10) < 3 {
            return None;
        }
        let month = self.rng.u32(1..13);
        let day = self.rng.u32(1..29);
        let md = MonthDay::new(month, day).ok()?;
        if self.rng.u8(0..5) == 0 {
            return Some(PartialDate::without_year(md));
        }
        let year = self.rng.i32(1950..2004);
        Some(PartialDate {
            year: Some(year),
            month_day: md,
        })
    }

    fn business_tags(&mut self, data: &mut ContactData) {
        for _ in 0..self.rng.usize(0..3) {
            if let Some(g) = self.groups.get(self.rng.usize(..self.groups.len().max(1))) {
                if !data.groups.contains(g) {
                    data.groups.push(*g);
                }
            }
        }
        if self.rng.u8(0..4) > 0 {
            data.status = self
                .statuses
                .get(self.rng.usize(..self.statuses.len().max(1)))
                .copied();
        }
    }

    fn organisation(&mut self) -> ContactData {
        let form = *self.pick(LEGAL_FORMS);
        let base = match self.rng.u8(0..3) {
            0 => format!("{} {}", self.pick(COMPANY_TRADES), self.pick(COMPANY_NAMES)),
            1 => {
                let family = *self.pick(FAMILY);
                format!("{} {family}", self.pick(COMPANY_TRADES))
            }
            _ => format!("{}{}", self.pick(COMPANY_STEMS), self.pick(COMPANY_ENDS)),
        };
        let name = format!("{base} {form}").trim().to_string();
        let slug: String = fold(&base)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let tld = *self.pick(&["pl", "com.pl", "eu", "com"]);
        let domain = format!("{slug}.{tld}");
        let mut data = ContactData::organisation(&name);
        data.nip = self.nip();
        if self.rng.bool() {
            data.regon = self.regon();
        }
        let mailbox = *self.pick(&["biuro", "kontakt", "info", "sekretariat"]);
        data.emails
            .extend(Email::new("work", &format!("{mailbox}@{domain}")).ok());
        data.phones.extend(self.mobile("work"));
        data.addresses.push(self.address("work"));
        data.websites.push(Website {
            label: "work".to_string(),
            url: format!("https://www.{domain}"),
        });
        self.business_tags(&mut data);
        data
    }

    /// A person, working at the given organisation (index in its batch, (name, mail domain))
    /// or not; gives the index when they work there, for the caller to link once it is stored.
    fn person(&mut self, org: Option<(usize, &(String, String))>) -> (Option<usize>, ContactData) {
        let female = self.rng.bool();
        let (given, family) = if self.rng.u8(0..100) < 85 {
            let given = *self.pick(if female { FEMALE } else { MALE });
            let family = *self.pick(FAMILY);
            let family = match family.strip_suffix('i') {
                Some(stem) if female && family.ends_with("ki") => format!("{stem}a"),
                _ => family.to_string(),
            };
            (given.to_string(), family)
        } else {
            let (men, women, families) = *self.pick(ABROAD);
            let given = *self.pick(if female { women } else { men });
            (given.to_string(), self.pick(families).to_string())
        };
        let mut data = ContactData::person(&given, &family);
        data.kind = ContactKind::Person;
        data.gender = Some(if female { Gender::Female } else { Gender::Male });
        let local = format!("{}.{}", ascii(&given), ascii(&family));
        let works = org.is_some() && self.rng.u8(0..10) < 8;
        let mut works_at = None;
        match org.filter(|_| works) {
            Some((at, (org_name, domain))) => {
                works_at = Some(at);
                data.org_name = org_name.clone();
                let (department, title) = *self.pick(JOBS);
                data.department = department.to_string();
                data.job_title = title.to_string();
                data.emails
                    .extend(Email::new("work", &format!("{local}@{domain}")).ok());
                data.phones.extend(self.mobile("work"));
            }
            None => {
                let host = *self.pick(MAIL_HOSTS);
                let n = self.rng.u32(1..100);
                data.emails
                    .extend(Email::new("home", &format!("{local}{n}@{host}")).ok());
                data.addresses.push(self.address("home"));
            }
        }
        if self.rng.u8(0..3) == 0 {
            data.phones.extend(self.mobile("mobile"));
        }
        data.birthday = self.birthday();
        self.business_tags(&mut data);
        (works_at, data)
    }
}

/// The ASCII spelling of a name for an e-mail address ("Łucja" -> "lucja").
fn ascii(s: &str) -> String {
    fold(s)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generator(seed: u64) -> Generator {
        Generator {
            rng: Rng::with_seed(seed),
            groups: vec![LabelId(1), LabelId(2)],
            statuses: vec![LabelId(3)],
        }
    }

    #[test]
    fn every_mobile_prefix_makes_valid_phones() {
        for prefix in MOBILE_PREFIXES {
            let typed = format!("{prefix}123456");
            assert!(Phone::new("", &typed).is_ok(), "{typed} should be valid");
        }
    }

    #[test]
    fn made_up_values_are_valid_and_repeatable() {
        let mut g = generator(7);
        for _ in 0..500 {
            assert!(g.nip().is_some());
            assert!(g.regon().is_some());
            assert!(g.mobile("work").is_some());
            let org = g.organisation();
            assert!(org.check().is_ok() && org.nip.is_some());
            let (_, p) = g.person(Some((0, &("ACME".into(), "acme.pl".into()))));
            assert!(p.check().is_ok());
            assert_eq!(p.emails.len(), 1);
        }
        let a: Vec<String> = (0..20)
            .map(|_| generator(42).person(None).1.display_name())
            .collect();
        assert!(a.iter().all(|n| n == &a[0]));
    }

    #[test]
    fn women_get_feminine_family_names() {
        let mut g = generator(3);
        for _ in 0..300 {
            let (_, p) = g.person(None);
            if p.gender == Some(Gender::Female) && FAMILY.contains(&p.name.family.as_str()) {
                assert!(!p.name.family.ends_with("ski"), "{}", p.name.family);
            }
        }
    }
}
