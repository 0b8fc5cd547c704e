//! "Show on map": links to OpenStreetMap and Google Maps for a postal address.
//!
//! Pure functions, no I/O: a frontend shows or opens the links.

use crate::model::Address;

/// Links that open a map at an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapLinks {
    /// `https://www.openstreetmap.org/search?query=...`
    pub osm: String,
    /// `https://www.google.com/maps/search/?api=1&query=...`
    pub google: String,
}

/// The query a map search gets: "street, postal code city, country", empty parts skipped.
/// `None` when the address has neither a street nor a city (a country alone is no place
/// to show).
pub fn map_query(address: &Address) -> Option<String> {
    let street = address.street.trim();
    let city = address.locality.trim();
    if street.is_empty() && city.is_empty() {
        return None;
    }
    let town = [address.postal_code.trim(), city]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let query = [street, town.as_str(), address.country.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    Some(query)
}

/// OpenStreetMap and Google Maps links for the address, or `None` when it has neither a
/// street nor a city.
pub fn map_links(address: &Address) -> Option<MapLinks> {
    let query = encode_query(&map_query(address)?);
    Some(MapLinks {
        osm: format!("https://www.openstreetmap.org/search?query={query}"),
        google: format!("https://www.google.com/maps/search/?api=1&query={query}"),
    })
}

/// Encodes UTF-8 text as a URL query value (`application/x-www-form-urlencoded`: a space
/// becomes `+`, every byte but ASCII letters, digits and `*-._` becomes `%XX`).
pub fn encode_query(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(street: &str, city: &str, postal: &str, country: &str) -> Address {
        Address {
            street: street.into(),
            locality: city.into(),
            postal_code: postal.into(),
            country: country.into(),
            ..Address::default()
        }
    }

    #[test]
    fn links_carry_street_postal_code_city_and_country_encoded() {
        let links = map_links(&address("ul. Żółta 5/7", "Łódź", "90-001", "Polska"));
        let q = "ul.+%C5%BB%C3%B3%C5%82ta+5%2F7%2C+90-001+%C5%81%C3%B3d%C5%BA%2C+Polska";
        assert_eq!(
            links,
            Some(MapLinks {
                osm: format!("https://www.openstreetmap.org/search?query={q}"),
                google: format!("https://www.google.com/maps/search/?api=1&query={q}"),
            })
        );
    }

    #[test]
    fn empty_parts_are_skipped() {
        assert_eq!(
            map_query(&address("", " Kraków ", "", "")).as_deref(),
            Some("Kraków")
        );
        assert_eq!(
            map_query(&address("Main St 1", "", "", "UK")).as_deref(),
            Some("Main St 1, UK")
        );
    }

    #[test]
    fn no_street_and_no_city_gives_no_links() {
        assert_eq!(map_links(&address("", "", "00-950", "Polska")), None);
        assert_eq!(map_links(&Address::default()), None);
    }

    #[test]
    fn reserved_characters_are_escaped() {
        assert_eq!(encode_query("a&b=c?d#e+f"), "a%26b%3Dc%3Fd%23e%2Bf");
    }
}
