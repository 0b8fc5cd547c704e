//! Property tests: any valid contact survives vCard 3.0 and 4.0 export and import, and the
//! reader never panics, whatever the bytes.

use contacts_core::category::CategoryKey;
use contacts_core::date::{MonthDay, PartialDate};
use contacts_core::model::{
    Address, BankAccount, ContactData, ContactKind, Email, ExtraProperty, Gender, Messenger, Name,
    Nip, Phone, Photo, Regon, Website,
};
use contacts_core::vcard::{self, Card, VcardVersion};
use proptest::option::of;
use proptest::prelude::*;

const TEXT: &str = "[a-zA-Z0-9ąęłńóśźżĄĘŁŃÓŚŹŻ ,;:.\\\\\n\"'„”-]{0,24}";
const WORD: &str = "[a-zA-ZąęłńóśźżĄĘŁŃÓŚŹŻ]{1,10}";

fn text() -> impl Strategy<Value = String> {
    TEXT
}

fn label() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "",
        "work",
        "home",
        "mobile",
        "fax",
        "work fax",
        "biuro",
        "prywatny łącze",
        "other",
    ])
    .prop_map(str::to_string)
}

fn month_day() -> impl Strategy<Value = MonthDay> {
    (1u32..=12, 1u32..=31).prop_filter_map("valid day", |(m, d)| MonthDay::new(m, d).ok())
}

fn partial_date() -> impl Strategy<Value = PartialDate> {
    (of(1900i32..2100), month_day()).prop_filter_map("valid date", |(y, md)| match y {
        None => Some(PartialDate::without_year(md)),
        Some(y) => chrono::NaiveDate::from_ymd_opt(y, md.month(), md.day()).map(PartialDate::full),
    })
}

fn email() -> impl Strategy<Value = Email> {
    (label(), "[a-z0-9._]{1,10}", "[a-z]{1,8}").prop_filter_map("valid", |(l, u, d)| {
        Email::new(&l, &format!("{u}@{d}.pl")).ok()
    })
}

fn phone() -> impl Strategy<Value = Phone> {
    (label(), 0u32..10_000_000, prop::bool::ANY).prop_filter_map("valid", |(l, n, plus)| {
        let raw = if plus {
            format!(
                "+48 60{} {:03} {:03}",
                n / 1_000_000,
                (n / 1000) % 1000,
                n % 1000
            )
        } else {
            format!("60{}{:06}", n / 1_000_000, n % 1_000_000)
        };
        Phone::new(&l, &raw).ok()
    })
}

fn address() -> impl Strategy<Value = Address> {
    (
        label(),
        text(),
        text(),
        "[a-zA-Złó]{1,8}[ a-z0-9]{0,8}",
        text(),
        text(),
        text(),
        text(),
    )
        .prop_map(
            |(label, po_box, extended, street, locality, region, postal_code, country)| Address {
                label,
                po_box,
                extended,
                street,
                locality,
                region,
                postal_code,
                country,
            },
        )
}

fn website() -> impl Strategy<Value = Website> {
    (label(), "[a-z]{1,10}", "[a-z0-9/]{0,6}").prop_map(|(label, host, path)| Website {
        label,
        url: format!("https://{host}.pl/{path}"),
    })
}

fn messenger() -> impl Strategy<Value = Messenger> {
    (
        prop::sample::select(vec!["skype", "xmpp", "gg", "signal"]),
        "[a-z0-9.]{1,10}",
    )
        .prop_map(|(s, h)| Messenger {
            service: s.to_string(),
            handle: h,
        })
}

fn extra() -> impl Strategy<Value = ExtraProperty> {
    prop::sample::select(vec![
        "X-PSEUDONIM:Żabka",
        "X-ABC;TYPE=work:1\\,2\\;3",
        "ROLE:Kierownik działu",
        "LABEL;TYPE=work:ul. Łąkowa 1\\nWarszawa",
        "item1.X-ABADR:pl",
        "TZ:Europe/Warsaw",
        "GEO:geo:52.2297,21.0122",
        "X-EVOLUTION-FILE-AS:Nowak\\, Jan",
    ])
    .prop_map(|l| ExtraProperty {
        line: l.to_string(),
    })
}

prop_compose! {
    fn name()(prefix in text(), given in text(), additional in text(), family in text(),
               suffix in text()) -> Name {
        Name { prefix, given, additional, family, suffix }
    }
}

prop_compose! {
    fn contact()(
        org in prop::bool::ANY,
        name in name(),
        nickname in text(),
        org_name in text(),
        department in text(),
        job_title in text(),
        emails in prop::collection::vec(email(), 0..3),
        phones in prop::collection::vec(phone(), 0..3),
        addresses in prop::collection::vec(address(), 0..3),
        websites in prop::collection::vec(website(), 0..2),
        messengers in prop::collection::vec(messenger(), 0..2),
        birthday in of(partial_date()),
        nameday in of(month_day()),
        anniversary in of(partial_date()),
        gender in of(prop::sample::select(vec![Gender::Male, Gender::Female, Gender::Other,
            Gender::NotApplicable, Gender::Unknown])),
        notes in text(),
        tax in prop::bool::ANY,
        bank in of(prop::sample::select(vec!["PL61109010140000071219812874",
            "DE89370400440532013000"])),
        category in of(prop::sample::select(CategoryKey::ALL.to_vec())),
        no_mailing in prop::bool::ANY,
        extra in prop::collection::vec(extra(), 0..3),
    ) -> ContactData {
        let mut messengers = messengers;
        messengers.dedup();
        ContactData {
            kind: if org { ContactKind::Organisation } else { ContactKind::Person },
            name, nickname, org_name, department, job_title, emails, phones, addresses,
            websites, messengers, birthday, nameday, anniversary, gender, notes,
            nip: if org && tax { Nip::parse("5260001246").ok() } else { None },
            regon: if org && tax { Regon::parse("123456785").ok() } else { None },
            bank_account: bank.and_then(|b| BankAccount::parse(b).ok()),
            category,
            no_mailing,
            extra,
            ..ContactData::default()
        }
    }
}

/// The heads of a 1×1 JPEG and PNG (type and size are read from there; the rest may vary).
const JPEG_HEAD: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x01, 0x00, 0x01, 0x03, 0x01, 0x11,
    0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
];
const PNG_HEAD: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89,
];

prop_compose! {
    fn card()(
        data in contact(),
        photo in of((prop::sample::select(vec![JPEG_HEAD, PNG_HEAD]),
            prop::collection::vec(any::<u8>(), 0..300))),
        categories in prop::collection::vec(WORD, 0..3),
        custom_fields in prop::collection::vec((WORD, text()), 0..3),
        status in of(WORD),
        uid in of("[a-z0-9-]{1,20}"),
        fn_other in of(WORD),
    ) -> Card {
        let mut categories: Vec<String> = categories
            .into_iter()
            .filter(|c| !CategoryKey::ALL.iter().any(|k| {
                c.eq_ignore_ascii_case(k.key()) || c.eq_ignore_ascii_case(k.default_label())
            }))
            .collect();
        categories.dedup();
        if let Some(k) = data.category {
            categories.retain(|c| c != k.key());
        }
        let display = data.display_name();
        Card {
            photo: photo.and_then(|(magic, rest)| Photo::from_bytes([magic, &rest[..]].concat()).ok()),
            categories,
            custom_fields,
            status,
            uid,
            formatted_name: fn_other.filter(|f| f.trim() != display.trim()),
            data,
            ..Card::default()
        }
    }
}

fn round_trip(card: &Card, v: VcardVersion) -> Result<(), TestCaseError> {
    let mut text = String::new();
    vcard::write_card(&mut text, card, v);
    let back: Vec<_> = vcard::read(text.as_bytes()).collect();
    prop_assert_eq!(back.len(), 1, "{}", text);
    let mut got = match back.into_iter().next() {
        Some(Ok(c)) => c,
        other => return Err(TestCaseError::fail(format!("{other:?}\n{text}"))),
    };
    prop_assert!(got.warnings.is_empty(), "{:?}\n{}", got.warnings, text);
    got.line = 0;
    got.take_category();
    prop_assert_eq!(&got, card, "{}", text);
    for phys in text.split("\r\n") {
        prop_assert!(phys.len() <= 75 && !phys.contains('\r'));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_contact_survives_vcard_3_and_4(card in card()) {
        round_trip(&card, VcardVersion::V3)?;
        round_trip(&card, VcardVersion::V4)?;
    }

    #[test]
    fn read_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..1500)) {
        for c in vcard::read(&bytes).flatten() {
            let mut out = String::new();
            vcard::write_card(&mut out, &c, VcardVersion::V4);
            let _ = vcard::read(out.as_bytes()).count();
        }
        let _ = vcard::read_from(&bytes[..]).count();
    }

    #[test]
    fn read_never_panics_on_damaged_cards(
        card in card(),
        cuts in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let mut text = String::new();
        vcard::write_card(&mut text, &card, VcardVersion::V3);
        let mut bytes = text.into_bytes();
        for (at, b) in cuts {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        for c in vcard::read(&bytes).flatten() {
            let mut out = String::new();
            vcard::write_card(&mut out, &c, VcardVersion::V3);
            let _ = vcard::read(out.as_bytes()).count();
        }
    }
}
