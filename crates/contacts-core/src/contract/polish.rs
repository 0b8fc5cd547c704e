//! Contract stories of a Polish installation: choosing the language writes its defaults
//! (statuses, relationship type, spare fields, history and case kinds, category labels)
//! once, renames them on a change of language, and removing a field that holds values is an
//! admin's and says how many went.

use crate::category::CategoryKey;
use crate::error::Error;
use crate::model::{ContactData, FieldValue, Language};
use crate::service::BookKind;
use crate::store::{FieldType, ListKind, Store};

use super::{ok, service};

fn names<S: Store>(s: &crate::service::Service<S>, list: ListKind) -> Vec<String> {
    let mut v: Vec<String> = ok(s.labels(list)).into_iter().map(|l| l.name).collect();
    v.sort();
    v
}

pub fn a_polish_installation_starts_with_polish_defaults<S: Store>(store: S) {
    let s = service(store);
    let admin = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    assert_eq!(ok(s.installation_language()), Language::English);
    assert!(matches!(
        s.set_installation_language(&bob, Language::Polish),
        Err(Error::Forbidden(_))
    ));
    ok(s.set_installation_language(&admin, Language::Polish));
    assert_eq!(ok(s.installation_language()), Language::Polish);
    assert_eq!(
        names(&s, ListKind::Status),
        ["Aktywny klient", "Nieaktywny", "Potencjalny klient"]
    );
    let labels: Vec<String> = ok(s.fields()).into_iter().map(|f| f.label).collect();
    for want in ["Rodzaj relacji", "Pole 1", "Pole 5"] {
        assert!(labels.iter().any(|l| l == want), "{want} in {labels:?}");
    }
    let rel = ok(s.field("rodzaj relacji"));
    assert_eq!(
        rel.field_type,
        FieldType::Choice(vec![
            "klient".into(),
            "potencjalny klient".into(),
            "partner".into(),
            "konkurent".into()
        ])
    );
    assert!(names(&s, ListKind::HistoryKind).contains(&"telefon".to_string()));
    assert!(names(&s, ListKind::CaseKind).contains(&"Sprawa klienta".to_string()));
    let cats = ok(s.categories(&bob));
    assert_eq!(cats[0].label, "Dom");
    assert_eq!(cats[3].label, "Rodzina");
    ok(s.rename_category(&bob, CategoryKey::Home, "Mieszkanie"));
    assert_eq!(ok(s.categories(&bob))[0].label, "Mieszkanie");

    // Choosing again adds nothing twice; a user's rename stays; English renames defaults.
    ok(s.rename_label(&bob, ListKind::Status, "Nieaktywny", "Uśpiony"));
    ok(s.set_installation_language(&admin, Language::Polish));
    assert_eq!(ok(s.fields()).len(), labels.len());
    ok(s.set_setting(&admin, "language", "en"));
    assert_eq!(
        names(&s, ListKind::Status),
        ["Active client", "Prospect", "Uśpiony"]
    );
    assert!(ok(s.field("Field 1")).field_type == FieldType::Text);
    assert_eq!(ok(s.fields()).len(), labels.len());
    assert_eq!(ok(s.categories(&admin))[0].label, "Home");
}

pub fn removing_a_field_with_values_is_an_admins_and_counts_them<S: Store>(store: S) {
    let s = service(store);
    let admin = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    ok(s.set_installation_language(&admin, Language::Polish));
    let pole = ok(s.field("Pole 2"));
    for name in ["Jan", "Ewa"] {
        let mut d = ContactData::person(name, "Nowak");
        d.custom.insert(pole.id, FieldValue::Text("x".into()));
        ok(s.create(&bob, BookKind::Business, d));
    }
    ok(s.create(&bob, BookKind::Business, ContactData::person("Adam", "Bez")));
    assert_eq!(ok(s.field_value_count(&bob, "pole 2")), 2);
    assert_eq!(ok(s.field_value_count(&bob, "Pole 3")), 0);
    assert!(matches!(
        s.remove_field(&bob, "Pole 2"),
        Err(Error::Forbidden(_))
    ));
    assert_eq!(
        ok(s.remove_field(&bob, "Pole 3")),
        0,
        "an empty field: anyone"
    );
    assert_eq!(ok(s.remove_field(&admin, "Pole 2")), 2);
    assert!(s.field("Pole 2").is_err());
}

/// A small file in the public street-level layout.
pub const STREET_FILE: &str = "PNA;Miejscowość;Ulica;Numery;Gmina;Powiat;Województwo\n\
61-101;Poznań;ul. Głogowska;1-23(n);Poznań;Poznań;wielkopolskie\n\
61-102;Poznań;ul. Głogowska;2-40(p);Poznań;Poznań;wielkopolskie\n\
61-103;Poznań;ul. Głogowska;25-DK(n), 42-DK(p);Poznań;Poznań;wielkopolskie\n\
61-200;Poznań;ul. Główna;;Poznań;Poznań;wielkopolskie\n\
60-001;Poznań;ul. Garbary;12a-20;Poznań;Poznań;wielkopolskie\n\
00-001;Warszawa;ul. Głogowska;;Warszawa;Warszawa;mazowieckie\n";

pub fn postal_codes_by_street_and_house_number<S: Store>(store: S) {
    use crate::model::Address;
    use crate::postal::streets::read_file;
    let s = service(store);
    let admin = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let rows = ok(read_file(STREET_FILE.as_bytes()));
    assert!(matches!(
        s.import_postal_streets(&bob, rows.clone()),
        Err(Error::Forbidden(_))
    ));
    assert!(!ok(s.postal_candidates("Poznań", "Głog", "")).street_list);
    assert_eq!(ok(s.import_postal_streets(&admin, rows.clone())), 6);
    let codes = |locality: &str, street: &str, number: &str| -> Vec<String> {
        ok(s.postal_candidates(locality, street, number))
            .candidates
            .into_iter()
            .map(|c| c.code)
            .collect()
    };
    // As the street is typed: every code of the streets starting so, in that locality only.
    assert_eq!(
        codes("poznan", "Gł", ""),
        ["61-101", "61-102", "61-103", "61-200"]
    );
    assert_eq!(codes("Poznań", "ul. glogowska", "7"), ["61-101"]);
    assert_eq!(codes("Poznań", "Głogowska", "14"), ["61-102"]);
    assert_eq!(
        codes("Poznań", "Głogowska 27", ""),
        ["61-103"],
        "the number typed with the street"
    );
    assert_eq!(codes("Poznań", "Głogowska", "44"), ["61-103"]);
    assert_eq!(codes("Poznań", "Garbary", "12"), Vec::<String>::new());
    assert_eq!(codes("Poznań", "Garbary", "12b"), ["60-001"]);
    assert_eq!(codes("Warszawa", "Głogowska", "1"), ["00-001"]);
    // A contact saved without a code gets its street's one code.
    let mut d = ContactData::person("Jan", "Adresowy");
    d.addresses.push(Address {
        street: "ul. Głogowska 16".into(),
        locality: "Poznań".into(),
        ..Address::default()
    });
    d.addresses.push(Address {
        street: "Głogowska".into(),
        locality: "Poznań".into(),
        ..Address::default()
    });
    let c = ok(s.create(&bob, BookKind::Business, d));
    assert_eq!(c.data.addresses[0].postal_code, "61-102");
    assert_eq!(
        c.data.addresses[1].postal_code, "",
        "no number: several codes, none chosen"
    );
    // A new import replaces the list.
    ok(s.import_postal_streets(&admin, rows[..1].to_vec()));
    assert_eq!(codes("Poznań", "Gł", ""), ["61-101"]);
}
