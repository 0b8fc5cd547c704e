//! Polish postal codes (PNA, `NN-NNN`) at locality level, compiled in from GeoNames
//! (CC BY 4.0, see `data/postal-pl/SOURCES.md`). Fills in the code of an address whose
//! locality has exactly one.

pub mod streets;

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::Address;
use crate::text::fold;

const DATA: &str = include_str!("../data/postal-pl/localities.tsv");

struct Entry {
    region: &'static str,
    codes: Vec<&'static str>,
}

fn table() -> &'static HashMap<String, Vec<Entry>> {
    static TABLE: OnceLock<HashMap<String, Vec<Entry>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map: HashMap<String, Vec<Entry>> = HashMap::new();
        for line in DATA.lines() {
            let mut cols = line.split('\t');
            if let (Some(place), Some(region), Some(codes)) =
                (cols.next(), cols.next(), cols.next())
            {
                map.entry(fold(place)).or_default().push(Entry {
                    region,
                    codes: codes.split(',').collect(),
                });
            }
        }
        map
    })
}

/// Whether `code` has the PNA shape `NN-NNN`.
pub fn is_pna(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 6
        && b[2] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit())
}

/// The postal codes of a locality (case- and diacritic-insensitive), narrowed to a
/// voivodeship when `region` names one.
pub fn codes_for(locality: &str, region: &str) -> Vec<&'static str> {
    let Some(entries) = table().get(&fold(locality.trim())) else {
        return vec![];
    };
    let region = fold(region.trim());
    let narrowed: Vec<&Entry> = entries
        .iter()
        .filter(|e| region.is_empty() || fold(e.region) == region)
        .collect();
    let chosen = if narrowed.is_empty() {
        entries.iter().collect()
    } else {
        narrowed
    };
    let mut codes: Vec<&'static str> = chosen
        .iter()
        .flat_map(|e| e.codes.iter().copied())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// Whether an address's country is Poland (or not given).
pub fn is_poland(country: &str) -> bool {
    matches!(
        fold(country.trim()).as_str(),
        "" | "pl" | "polska" | "poland" | "polen" | "pologne"
    )
}

/// Fills in the postal code of a Polish address when it is empty and the locality has
/// exactly one code. Returns whether it did.
pub fn fill_postal_code(address: &mut Address) -> bool {
    if !address.postal_code.trim().is_empty()
        || address.locality.trim().is_empty()
        || !is_poland(&address.country)
    {
        return false;
    }
    match codes_for(&address.locality, &address.region).as_slice() {
        [one] => {
            address.postal_code = (*one).to_string();
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_a_locality_with_one_code_only() {
        let mut a = Address {
            street: "ul. Krakowska 1".into(),
            locality: "kocmyrzow".into(),
            ..Address::default()
        };
        assert!(fill_postal_code(&mut a));
        assert_eq!(a.postal_code, "32-010");
        let mut waw = Address {
            street: "Marszałkowska 1".into(),
            locality: "Warszawa".into(),
            ..Address::default()
        };
        assert!(
            !fill_postal_code(&mut waw),
            "Warszawa has thousands of codes"
        );
        assert_eq!(waw.postal_code, "");
        let mut abroad = Address {
            locality: "Kocmyrzów".into(),
            country: "Germany".into(),
            ..Address::default()
        };
        assert!(!fill_postal_code(&mut abroad));
        let mut typed = Address {
            locality: "Kocmyrzów".into(),
            postal_code: "32-011".into(),
            ..Address::default()
        };
        assert!(
            !fill_postal_code(&mut typed),
            "a typed code is never replaced"
        );
        assert_eq!(typed.postal_code, "32-011");
    }

    #[test]
    fn region_narrows_a_name_shared_by_several_localities() {
        assert_eq!(codes_for("Nowa Wieś", ""), ["07-416", "32-651", "88-235"]);
        assert_eq!(codes_for("nowa wies", "Małopolskie"), ["32-651"]);
        let mut a = Address {
            locality: "Nowa Wieś".into(),
            region: "mazowieckie".into(),
            ..Address::default()
        };
        assert!(fill_postal_code(&mut a));
        assert_eq!(a.postal_code, "07-416");
        assert!(codes_for("Nibylandia", "").is_empty());
    }

    #[test]
    fn pna_shape() {
        assert!(is_pna("00-950"));
        for bad in ["00950", "0-0950", "ab-cde", "00-95", ""] {
            assert!(!is_pna(bad), "{bad}");
        }
    }
}
