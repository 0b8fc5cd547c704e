//! Runs the vCard codec over a directory of real `.vcf` files (not part of the test run):
//! counts cards read and refused, writes every card read as 4.0 and 3.0, reads that back
//! and checks that the model is unchanged and that no property of the original is missing
//! from the output (properties compared by name and normalised value).
//!
//! `cargo run --release -p contacts-core --example corpus -- DIR [-v]`

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use contacts_core::model::PhotoRefused;
use contacts_core::vcard::{self, Card, Property, VcardVersion};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("vcf")) {
            out.push(p);
        }
    }
}

/// The name a property goes out under, whatever the input used.
fn canonical(name: &str) -> Option<String> {
    let n = name.strip_prefix("X-V3-").unwrap_or(name);
    Some(
        match n {
            "VERSION" | "PRODID" | "KIND" | "X-ABSHOWAS" | "X-ABLABEL" => return None,
            "X-SKYPE"
            | "X-SKYPE-USERNAME"
            | "X-JABBER"
            | "X-ICQ"
            | "X-AIM"
            | "X-MSN"
            | "X-YAHOO"
            | "X-GADUGADU"
            | "X-GOOGLE-TALK"
            | "X-GTALK"
            | "X-QQ"
            | "X-GOOGLE TALK"
            | "X-SIP"
            | "X-GROUPWISE"
            | "X-MS-IMADDRESS"
            | "X-KADDRESSBOOK-X-IMADDRESS" => "IMPP",
            "X-ANNIVERSARY"
            | "X-EVOLUTION-ANNIVERSARY"
            | "X-KADDRESSBOOK-X-ANNIVERSARY"
            | "X-MS-ANNIVERSARY" => "ANNIVERSARY",
            "X-GENDER" => "GENDER",
            other => other,
        }
        .to_string(),
    )
}

fn is_date(name: &str) -> bool {
    matches!(name, "BDAY" | "ANNIVERSARY" | "X-ABDATE")
}

/// A value reduced to what must survive: lower-case letters and digits; dates to their
/// digits without a placeholder year; inline binary to its decoded length.
fn normalise(p: &Property, name: &str) -> String {
    let v = vcard::unescape(&p.value);
    let enc_b = p
        .params
        .iter()
        .any(|(n, vs)| n == "ENCODING" && vs.iter().any(|v| v.eq_ignore_ascii_case("b")));
    if enc_b || v.starts_with("data:") {
        let data = v.split_once(',').map(|(_, d)| d).unwrap_or(&v);
        let clean: String = data.chars().filter(|c| !c.is_whitespace()).collect();
        return format!("binary{}", clean.trim_end_matches('=').len());
    }
    let mut s: String = v
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if is_date(name) {
        s = s.split('t').next().unwrap_or("").to_string();
        for placeholder in ["1604", "0000"] {
            if s.len() == 8 && s.starts_with(placeholder) {
                s = s[4..].to_string();
            }
        }
    }
    if name == "TEL" {
        s = s.trim_start_matches("tel").to_string();
    }
    s
}

/// An inline photo (`ENCODING=b` or a `data:` URI). When its bytes are not an image of an
/// allowed format the codec leaves it out on purpose (a "photo" that is really a script or a
/// page must never be served) and says so in a warning; such a photo is counted apart, not
/// as a loss, and only on a card that carries that warning.
fn inline_photo(p: &Property) -> bool {
    let enc_b = p.params.iter().any(|(n, vs)| {
        n == "ENCODING"
            && vs
                .iter()
                .any(|v| v.eq_ignore_ascii_case("b") || v.eq_ignore_ascii_case("base64"))
    });
    p.name == "PHOTO" && (enc_b || p.value.trim_start().starts_with("data:"))
}

/// Android's `X-ANDROID-CUSTOM:vnd.android.cursor.item/<kind>;data1;…`: when the codec
/// moved the row into a field, its first datum must be found under that field's property.
fn android_target(p: &Property) -> Option<(&'static str, String)> {
    if p.name != "X-ANDROID-CUSTOM" {
        return None;
    }
    let v = vcard::unescape(&p.value);
    let mut parts = v.split(';');
    let kind = parts.next()?.trim_start_matches("vnd.android.cursor.item/");
    let data1: String = parts
        .next()?
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let name = match kind {
        "nickname" => "NICKNAME",
        "im" | "sip_address" => "IMPP",
        "website" => "URL",
        "note" => "NOTE",
        "email_v2" => "EMAIL",
        "phone_v2" => "TEL",
        "organization" => "ORG",
        _ => return None,
    };
    (!data1.is_empty()).then_some((name, data1))
}

fn props_of(text: &[u8]) -> Vec<Vec<Property>> {
    let mut r = vcard::read(text);
    let mut out = Vec::new();
    while let Some(c) = r.next_properties() {
        if let Ok(p) = c {
            out.push(p);
        }
    }
    out
}

/// Properties of `orig` whose normalised value is not found under the same name in `out`.
/// A photo left out as not an image (see [`inline_photo`]) counts only when the card's
/// warnings told the user so (`photo_warned`).
fn lost(orig: &[Property], out: &[Property], photo_warned: bool) -> Vec<String> {
    let mut have: BTreeMap<String, String> = BTreeMap::new();
    for p in out {
        if let Some(n) = canonical(&p.name) {
            let e = have.entry(n.clone()).or_default();
            e.push('|');
            e.push_str(&normalise(p, &n));
        }
    }
    let mut missing = Vec::new();
    for p in orig {
        let Some(n) = canonical(&p.name) else {
            continue;
        };
        if photo_warned && inline_photo(p) {
            continue;
        }
        let v = normalise(p, &n);
        if v.is_empty() {
            continue;
        }
        let found = have.get(&n).is_some_and(|h| h.contains(&v))
            || android_target(p)
                .is_some_and(|(t, d)| have.get(t).is_some_and(|h| h.contains(&d)))
            // An Apple anniversary (X-ABDATE + label) comes out as ANNIVERSARY.
            || (n == "X-ABDATE" && have.get("ANNIVERSARY").is_some_and(|h| h.contains(&v)));
        if !found {
            missing.push(format!(
                "{} {}",
                p.name,
                v.chars().take(40).collect::<String>()
            ));
        }
    }
    missing
}

/// The card without what may change form on export: extra lines can be rewritten
/// (`ENCODING=b` becomes a data: URI in 4.0), so only their number is compared here;
/// their content is checked property by property in `lost`.
fn comparable(c: &Card) -> Card {
    let mut c = Card {
        warnings: Vec::new(),
        line: 0,
        ..c.clone()
    };
    for e in &mut c.data.extra {
        e.line.clear();
    }
    c
}

/// The first fields that differ, for the report.
fn diff(a: &Card, b: &Card) -> String {
    let (a, b) = (
        format!("{:#?}", comparable(a)),
        format!("{:#?}", comparable(b)),
    );
    let al: Vec<&str> = a.lines().collect();
    let bl: Vec<&str> = b.lines().collect();
    al.iter()
        .zip(&bl)
        .filter(|(x, y)| x != y)
        .take(2)
        .map(|(x, y)| format!("{} => {}", x.trim(), y.trim()))
        .collect::<Vec<_>>()
        .join(" / ")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: corpus DIR [-v]");
        std::process::exit(2);
    };
    let verbose = args.next().is_some_and(|a| a == "-v");
    let mut paths = Vec::new();
    files(Path::new(&dir), &mut paths);
    paths.sort();
    let (mut n_files, mut files_all_ok, mut ok, mut failed) = (0, 0, 0, 0);
    let (mut model_diff, mut lossy_cards, mut lost_props, mut total_props) = (0, 0, 0, 0);
    let (mut warnings, mut refused_photos) = (0, 0);
    for path in &paths {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        n_files += 1;
        let name = path
            .strip_prefix(&dir)
            .unwrap_or(path)
            .display()
            .to_string();
        let originals = props_of(&bytes);
        let mut file_ok = true;
        let mut good = 0;
        for (i, res) in vcard::read(&bytes).enumerate() {
            let card = match res {
                Ok(c) => c,
                Err(e) => {
                    failed += 1;
                    file_ok = false;
                    println!("REFUSED {name}: {e}");
                    continue;
                }
            };
            ok += 1;
            warnings += card.warnings.len();
            if verbose {
                for w in &card.warnings {
                    println!("warning {name} card {}: {w}", i + 1);
                }
            }
            let orig_props = originals.get(good).cloned().unwrap_or_default();
            good += 1;
            total_props += orig_props.len();
            let mut card_lossy = false;
            for v in [VcardVersion::V4, VcardVersion::V3] {
                let mut text = String::new();
                vcard::write_card(&mut text, &card, v);
                let back: Vec<_> = vcard::read(text.as_bytes()).collect();
                match back.as_slice() {
                    [Ok(b)] if comparable(b) == comparable(&card) => {}
                    [Ok(b)] => {
                        model_diff += 1;
                        println!(
                            "MODEL CHANGED {name} card {} via {}: {}",
                            i + 1,
                            v.as_str(),
                            diff(&card, b)
                        );
                    }
                    other => {
                        model_diff += 1;
                        println!(
                            "REREAD FAILED {name} card {} via {}: {:?}",
                            i + 1,
                            v.as_str(),
                            other
                                .iter()
                                .filter_map(|r| r.as_ref().err())
                                .collect::<Vec<_>>()
                        );
                    }
                }
                let out_props = props_of(text.as_bytes())
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                let photo_warned = card.warnings.iter().any(|w| {
                    w.to_string()
                        .contains(&PhotoRefused::NotAnImage.to_string())
                });
                let missing = lost(&orig_props, &out_props, photo_warned);
                if photo_warned && v == VcardVersion::V4 {
                    refused_photos += 1;
                }
                if !missing.is_empty() {
                    card_lossy = true;
                    lost_props += missing.len();
                    println!(
                        "LOST {name} card {} via {}: {}",
                        i + 1,
                        v.as_str(),
                        missing.join("; ")
                    );
                }
            }
            if card_lossy {
                lossy_cards += 1;
            }
        }
        if file_ok {
            files_all_ok += 1;
        }
    }
    println!(
        "files: {n_files}, files with every card read: {files_all_ok}\n\
         cards read: {ok}, cards refused: {failed}, warnings: {warnings}\n\
         round trip (4.0 and 3.0): model changed in {model_diff} exports; \
         {lossy_cards} cards lost something ({lost_props} property checks of {total_props} properties)\n\
         cards whose inline photo was left out as not an image, with a warning: {refused_photos}"
    );
    if model_diff > 0 || lost_props > 0 {
        eprintln!("corpus check failed: a round trip changed or lost something");
        std::process::exit(1);
    }
}
