//! Import speed, end to end: `contacts --db NEW.db import FILE` of a big vCard file into a
//! fresh database, as a whole process (start, parsing, storing, indexes, the search index's
//! tidy-up, exit).
//!
//! ```sh
//! cargo build --release -p contacts-cli --bin contacts --example bench_import
//! target/release/examples/bench_import [COUNT] [RUNS]      # 100000 cards, 3 runs
//! ```
//! Writes COUNT realistic cards (N, FN, ORG, TITLE, TEL, EMAIL, ADR, BDAY, NOTE,
//! CATEGORIES; one in eight an organisation) to a file in a temporary folder, then runs
//! the import RUNS times, each into a new database, and prints each run's wall time, cards
//! per second and the child's peak RSS (from `/usr/bin/time -f`, when it is there), then
//! the best and the median and the load average before the runs. The binary is the
//! `contacts` next to this example (or `CONTACTS_BIN`).
//!
//! The issue's target: at least 50,000 cards/s and at most 200 MB for 100,000 cards.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const GIVEN: [&str; 16] = [
    "Anna",
    "Piotr",
    "Katarzyna",
    "Łukasz",
    "Małgorzata",
    "Tomasz",
    "Agnieszka",
    "Paweł",
    "Ewa",
    "Krzysztof",
    "Zofia",
    "Michał",
    "Joanna",
    "Jan",
    "Barbara",
    "Grzegorz",
];
const FAMILY: [&str; 16] = [
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
    "Kwiatkowski",
    "Krawczyk",
];
const CITIES: [(&str, &str); 8] = [
    ("Warszawa", "00-950"),
    ("Kraków", "31-001"),
    ("Poznań", "61-001"),
    ("Gdańsk", "80-001"),
    ("Wrocław", "50-001"),
    ("Łódź", "90-001"),
    ("Szczecin", "70-001"),
    ("Lublin", "20-001"),
];
const STREETS: [&str; 8] = [
    "Głogowska",
    "Długa",
    "Kwiatowa",
    "Polna",
    "Leśna",
    "Słoneczna",
    "Krótka",
    "Łąkowa",
];
const FIRMS: [&str; 8] = [
    "Stalserwis",
    "Piekarnia Zieliński",
    "Poltrans",
    "Budmax",
    "Agrotech",
    "Drukpol",
    "Elmet",
    "Meblex",
];
const CATEGORIES: [&str; 4] = ["Klienci", "Dostawcy", "Newsletter", "VIP"];

fn fail(msg: String) -> ! {
    eprintln!("error: {msg}");
    std::process::exit(1)
}

/// ASCII letters for an e-mail's local part.
fn plain(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ą' => 'a',
            'ć' => 'c',
            'ę' => 'e',
            'ł' | 'Ł' => 'l',
            'ń' => 'n',
            'ó' => 'o',
            'ś' => 's',
            'ź' | 'ż' => 'z',
            c => c.to_ascii_lowercase(),
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

fn write_cards(path: &Path, count: usize) -> std::io::Result<()> {
    let mut rng = fastrand::Rng::with_seed(16);
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    for i in 0..count {
        let (city, code) = CITIES[rng.usize(..CITIES.len())];
        let street = STREETS[rng.usize(..STREETS.len())];
        let phone = format!(
            "{} {:03} {:03}",
            rng.u32(500..=889),
            rng.u32(0..1000),
            rng.u32(0..1000)
        );
        writeln!(out, "BEGIN:VCARD\r\nVERSION:3.0\r")?;
        if i % 8 == 0 {
            let firm = format!("{} {} Sp. z o.o.", FIRMS[rng.usize(..FIRMS.len())], i);
            writeln!(out, "FN:{firm}\r\nORG:{firm}\r\nX-ABShowAs:COMPANY\r")?;
            writeln!(out, "EMAIL;TYPE=WORK:biuro{i}@firma.example.pl\r")?;
            writeln!(out, "TEL;TYPE=WORK:+48 {phone}\r")?;
        } else {
            let given = GIVEN[rng.usize(..GIVEN.len())];
            let family = FAMILY[rng.usize(..FAMILY.len())];
            writeln!(out, "N:{family};{given};;;\r\nFN:{given} {family}\r")?;
            writeln!(
                out,
                "EMAIL;TYPE=INTERNET,HOME:{}.{}.{i}@example.pl\r",
                plain(given),
                plain(family)
            )?;
            writeln!(out, "TEL;TYPE=CELL:{phone}\r")?;
            if rng.bool() {
                writeln!(
                    out,
                    "BDAY:{}-{:02}-{:02}\r",
                    rng.u32(1950..2005),
                    rng.u32(1..=12),
                    rng.u32(1..=28)
                )?;
            }
            if rng.u8(..4) == 0 {
                writeln!(
                    out,
                    "ORG:{};Sprzedaż\r\nTITLE:Kierownik\r",
                    FIRMS[rng.usize(..FIRMS.len())]
                )?;
            }
        }
        writeln!(
            out,
            "ADR;TYPE=WORK:;;ul. {street} {};{city};;{code};Polska\r",
            rng.u32(1..200)
        )?;
        if rng.u8(..3) == 0 {
            writeln!(
                out,
                "NOTE:Spotkanie na targach\\, oddzwonić w sprawie oferty nr {i}.\r"
            )?;
        }
        if rng.u8(..4) == 0 {
            writeln!(
                out,
                "CATEGORIES:{}\r",
                CATEGORIES[rng.usize(..CATEGORIES.len())]
            )?;
        }
        writeln!(out, "END:VCARD\r")?;
    }
    out.flush()
}

fn contacts_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("CONTACTS_BIN") {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().unwrap_or_else(|e| fail(format!("own path: {e}")));
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .unwrap_or_else(|| fail("no folder above the example".into()));
    dir.join("contacts")
}

struct Run {
    wall: Duration,
    peak_kb: Option<u64>,
}

fn import_once(bin: &Path, db: &Path, file: &Path) -> Run {
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "peak-kb %M"]).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.arg("--db")
        .arg(db)
        .arg("import")
        .arg(file)
        .env("CONTACTS_USER", "bench")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let t = Instant::now();
    let out = cmd
        .output()
        .unwrap_or_else(|e| fail(format!("cannot run {}: {e}", bin.display())));
    let wall = t.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        fail(format!(
            "the import failed ({}):\n{stdout}{stderr}",
            out.status
        ));
    }
    let peak_kb = stderr
        .lines()
        .find_map(|l| l.strip_prefix("peak-kb "))
        .and_then(|n| n.trim().parse().ok());
    Run { wall, peak_kb }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args
        .next()
        .map(|s| {
            s.parse()
                .unwrap_or_else(|_| fail(format!("COUNT: not a number: {s}")))
        })
        .unwrap_or(100_000);
    let runs: usize = args
        .next()
        .map(|s| {
            s.parse()
                .unwrap_or_else(|_| fail(format!("RUNS: not a number: {s}")))
        })
        .unwrap_or(3)
        .max(1);
    let bin = contacts_bin();
    if !bin.exists() {
        fail(format!(
            "{} is missing: build it first (cargo build --release -p contacts-cli --bin contacts)",
            bin.display()
        ));
    }
    let dir = tempfile_dir();
    let file = dir.join("cards.vcf");
    let t = Instant::now();
    write_cards(&file, count).unwrap_or_else(|e| fail(format!("{}: {e}", file.display())));
    let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    println!(
        "{count} cards, {:.1} MB, written in {:.2} s",
        size as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average before: {}", load.trim());
    let mut walls = Vec::new();
    for n in 1..=runs {
        let db = dir.join(format!("run{n}.db"));
        let run = import_once(&bin, &db, &file);
        let secs = run.wall.as_secs_f64();
        let peak = run.peak_kb.map_or("?".to_string(), |kb| {
            format!("{:.0} MB", kb as f64 / 1024.0)
        });
        println!(
            "run {n}: {secs:.2} s, {:.0} cards/s, peak RSS {peak}",
            count as f64 / secs
        );
        walls.push(secs);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    }
    walls.sort_by(f64::total_cmp);
    let best = walls[0];
    let median = walls[walls.len() / 2];
    println!(
        "best {best:.2} s ({:.0} cards/s), median {median:.2} s ({:.0} cards/s)",
        count as f64 / best,
        count as f64 / median
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A new folder under the system's temporary folder (removed at the end).
fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bench_import_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| fail(format!("{}: {e}", dir.display())));
    dir
}
