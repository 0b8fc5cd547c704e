//! vCard reading and writing on the project's own fixtures (Polish text throughout).

use contacts_core::date::PartialDate;
use contacts_core::model::ContactKind;
use contacts_core::vcard::{self, Card, CardError, VcardVersion};

fn cards(bytes: &[u8]) -> Vec<Result<Card, CardError>> {
    vcard::read(bytes).collect()
}

fn ok(bytes: &[u8]) -> Vec<Card> {
    cards(bytes)
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

fn extras(c: &Card) -> Vec<&str> {
    c.data.extra.iter().map(|e| e.line.as_str()).collect()
}

fn write(card: &Card, v: VcardVersion) -> String {
    let mut s = String::new();
    vcard::write_card(&mut s, card, v);
    s
}

fn reread(card: &Card, v: VcardVersion) -> Card {
    let text = write(card, v);
    let mut back = ok(text.as_bytes());
    assert_eq!(back.len(), 1, "{text}");
    back.remove(0)
}

#[test]
fn vcard21_windows_1250_quoted_printable_with_soft_breaks() {
    let c = ok(include_bytes!("../fixtures/polish-21-win1250-qp.vcf"));
    let c = &c[0];
    let d = &c.data;
    assert_eq!(
        (
            d.name.family.as_str(),
            d.name.given.as_str(),
            d.name.additional.as_str()
        ),
        ("Żółkiewska", "Łucja", "Ąnna")
    );
    assert_eq!(
        d.notes,
        "Zażółć gęślą jaźń.\nDruga linia: ĄĘŁŃÓŚŹŻ ąęłńóśźż, koniec."
    );
    let a = &d.addresses[0];
    assert_eq!(
        (
            a.label.as_str(),
            a.street.as_str(),
            a.locality.as_str(),
            a.region.as_str()
        ),
        ("home", "ul. Świętokrzyska 12/4", "Łódź", "łódzkie")
    );
    let phones: Vec<(&str, &str)> = d.phones.iter().map(|p| (p.label(), p.e164())).collect();
    assert_eq!(
        phones,
        vec![("work", "+48221234567"), ("mobile", "+48601234567")]
    );
    assert_eq!(d.emails[0].address(), "lucja@example.pl");
    // The phone that does not validate is kept, and a warning says so.
    assert_eq!(extras(c), vec!["TEL;TYPE=HOME:12", "X-PSEUDONIM:Żabka"]);
    assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
    assert!(c.warnings[0].contains("line 7"), "{:?}", c.warnings);
    // FN leaves out the additional name, so it is kept to be written back as it was.
    assert_eq!(c.formatted_name.as_deref(), Some("Łucja Żółkiewska"));
}

#[test]
fn vcard21_raw_iso_8859_2_declared_and_guessed() {
    let c = ok(include_bytes!("../fixtures/polish-21-iso8859-2-raw.vcf"));
    assert_eq!(c[0].data.name.family, "Śliwiński");
    assert_eq!(c[0].data.org_name, "Przedsiębiorstwo Łączności");
    assert_eq!(c[0].data.department, "Dział Sprzedaży");
    // No CHARSET on the second card: the encoding is guessed from the bytes.
    let d = &c[1].data;
    assert_eq!(d.name.family, "Gąsienica-Łój");
    assert_eq!(d.name.given, "Małgorzata");
    assert_eq!(d.addresses[0].street, "ul. Źródlana 5");
    assert_eq!(
        d.notes,
        "Spotkanie w środę o piętnastej; zadzwonić wcześniej. Pamiętać o życzeniach."
    );
}

#[test]
fn utf16_with_bom_and_sniffed() {
    for bytes in [
        &include_bytes!("../fixtures/polish-30-utf16le.vcf")[..],
        &include_bytes!("../fixtures/polish-30-utf16be-nobom.vcf")[..],
    ] {
        let c = ok(bytes);
        assert_eq!(c[0].data.name.given, "Bożena");
        assert_eq!(c[0].data.emails[0].label(), "home");
        assert_eq!(c[0].data.notes, "Ćwiczenia z ąęłńóśźż, ĄĘŁŃÓŚŹŻ");
    }
}

#[test]
fn a_bad_line_is_skipped_with_a_warning_and_the_card_kept() {
    let all = cards(include_bytes!("../fixtures/polish-multi-broken.vcf"));
    assert_eq!(all.len(), 3);
    assert_eq!(
        all[0].as_ref().map(|c| c.data.name.given.as_str()).ok(),
        Some("Anna")
    );
    let piotr = all[1]
        .as_ref()
        .map(|c| (c.data.name.given.as_str(), c.warnings.clone()));
    assert_eq!(
        piotr.ok(),
        Some((
            "Piotr",
            vec!["line 10: 'ta linia nie jest właściwością' is not a property line (no ':'); the line was skipped".to_string()]
        ))
    );
    assert_eq!(
        all[2].as_ref().map(|c| c.data.name.given.as_str()).ok(),
        Some("Łukasz")
    );
}

#[test]
fn missing_end_and_stray_text() {
    let text =
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ola\nBEGIN:VCARD\nVERSION:3.0\nFN:Ela\nEND:VCARD\nśmieci\n";
    let all = cards(text.as_bytes());
    let shown: Vec<String> = all
        .iter()
        .map(|r| match r {
            Ok(c) => format!("ok {}", c.data.name.given),
            Err(e) => e.to_string(),
        })
        .collect();
    assert_eq!(
        shown,
        vec![
            "ok Ola",
            "ok Ela",
            "card 3 (line 8): expected BEGIN:VCARD, found 'śmieci' (not a vCard line)",
        ]
    );
    let ola = all[0].as_ref().map(|c| c.warnings.clone()).ok();
    assert_eq!(
        ola,
        Some(vec![
            "line 4: the card has no END:VCARD before the next BEGIN:VCARD; the card was kept"
                .to_string()
        ])
    );
}

#[test]
fn apple_groups_labels_no_year_birthday_photo_categories() {
    let c = ok(include_bytes!("../fixtures/apple-30-bom.vcf"));
    let c = &c[0];
    let d = &c.data;
    assert_eq!(d.name.prefix, "dr");
    assert_eq!(d.org_name, "Fabryka Łożysk „Śrubka” sp. z o.o.");
    assert_eq!(d.department, "Dział Jakości;");
    // Apple's label "biuro" (office) is the book's "work".
    assert_eq!(d.emails[0].label(), "work");
    assert_eq!(d.phones[0].label(), "mobile");
    assert_eq!(d.websites[0].label, "homepage");
    assert_eq!(d.addresses[0].street, "ul. Żeromskiego 7");
    assert_eq!(
        d.birthday.map(|b| b.to_string()).as_deref(),
        Some("--03-14")
    );
    assert_eq!(d.notes, "Lubi żurek, pierogi i gołąbki.\nDzwonić po 17:00.");
    assert_eq!(c.categories, vec!["Rodzina", "Klienci VIP"]);
    assert_eq!(d.messengers[0].service, "skype");
    assert_eq!(d.messengers[0].handle, "zdzich.g");
    let photo = c.photo.as_ref().map(|p| (p.media_type(), p.bytes().len()));
    assert_eq!(photo, Some(("image/jpeg", 262)));
    assert_eq!(
        extras(c),
        vec![
            "item3.X-ABADR:pl",
            "X-SOCIALPROFILE;type=twitter:https://twitter.com/zdzich"
        ]
    );
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

#[test]
fn vcard40_organisation_and_google_birthday() {
    let c = ok(include_bytes!(
        "../fixtures/polish-40-org-and-google-bday.vcf"
    ));
    let org = &c[0];
    let d = &org.data;
    assert_eq!(d.kind, ContactKind::Organisation);
    assert_eq!(d.display_name(), "Spółdzielnia Mleczarska „Łąka”");
    assert_eq!(d.phones[0].e164(), "+48123456789");
    assert_eq!(d.nip.as_ref().map(|n| n.as_str()), Some("5260001246"));
    assert_eq!(d.regon.as_ref().map(|n| n.as_str()), Some("123456785"));
    assert!(d.bank_account.is_some());
    assert_eq!(
        d.anniversary.map(|a| a.to_string()).as_deref(),
        Some("--05-01")
    );
    assert_eq!(
        org.photo.as_ref().map(|p| p.media_type()),
        Some("image/png")
    );
    assert_eq!(
        extras(org),
        vec!["RELATED;TYPE=contact:urn:uuid:03a0e51f-d1aa-4385-8a53-e29025acd8af"]
    );
    assert_eq!(org.data.check().ok(), Some(()));
    let p = &c[1].data;
    assert_eq!(
        p.birthday.map(|b| b.to_string()).as_deref(),
        Some("--11-30")
    );
    assert_eq!(p.nameday.map(|b| b.to_string()).as_deref(), Some("07-26"));
    assert_eq!(p.gender.map(|g| g.code()), Some("F"));
}

#[test]
fn export_40_has_no_30_only_properties_and_keeps_them_for_30() {
    let c = ok(include_bytes!("../fixtures/apple-30-bom.vcf")).remove(0);
    let mut c2 = c.clone();
    c2.data.extra.push(contacts_core::model::ExtraProperty {
        line: "LABEL;TYPE=work:ul. Żeromskiego 7\\nKraków".into(),
    });
    let v4 = write(&c2, VcardVersion::V4);
    let unfolded = v4.replace("\r\n ", "");
    for line in unfolded.lines() {
        let name = line.split([':', ';']).next().unwrap_or("");
        let name = name.rsplit('.').next().unwrap_or(name);
        assert!(
            !["LABEL", "NAME", "AGENT", "MAILER", "CLASS"].contains(&name),
            "{line}"
        );
        assert!(!line.contains("ENCODING"), "{line}");
    }
    assert!(unfolded.contains("\r\nBDAY:--0314\r\n"), "{v4}");
    assert!(
        unfolded.contains("\r\nPHOTO:data:image/jpeg;base64,/9j/4A"),
        "{v4}"
    );
    assert!(unfolded.contains("X-V3-LABEL;TYPE=work:ul. Żeromskiego 7\\nKraków"));
    // Back in 3.0 the LABEL gets its name again.
    let back = reread(&c2, VcardVersion::V4);
    let v3 = write(&back, VcardVersion::V3).replace("\r\n ", "");
    assert!(
        v3.contains("\r\nLABEL;TYPE=work:ul. Żeromskiego 7\\nKraków\r\n"),
        "{v3}"
    );
    assert!(
        v3.contains("\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-03-14\r\n"),
        "{v3}"
    );
    assert!(v3.contains("\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4A"), "{v3}");
}

#[test]
fn escaping_folding_and_no_bare_cr() {
    let mut data = contacts_core::model::ContactData::person("Łucja", "Żółkiewska");
    data.notes = format!("a,b;c\\d\r\ne\rf {}", "ąęłńóśźż".repeat(20));
    let card = Card::new(data);
    for v in [VcardVersion::V3, VcardVersion::V4] {
        let text = write(&card, v);
        for phys in text.split("\r\n") {
            assert!(phys.len() <= 75, "{} octets: {phys}", phys.len());
            assert!(!phys.contains('\r'));
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(
            unfolded.contains("NOTE:a\\,b\\;c\\\\d\\ne\\nf ąęłń"),
            "{unfolded}"
        );
        let back = reread(&card, v);
        assert_eq!(
            back.data.notes,
            card.data.notes.replace("\r\n", "\n").replace('\r', "\n")
        );
    }
}

#[test]
fn custom_fields_status_categories_and_no_mailing_round_trip() {
    let mut data = contacts_core::model::ContactData::organisation("Żelbet S.A.");
    data.category = Some(contacts_core::category::CategoryKey::Work);
    data.no_mailing = true;
    let mut card = Card::new(data);
    card.categories = vec!["Hurtownie, śląskie".into()];
    card.custom_fields = vec![
        ("Liczba pracowników".into(), "120".into()),
        ("Uwagi: \"ważne\"".into(), "tak; pilne".into()),
    ];
    card.status = Some("Aktywny klient".into());
    for v in [VcardVersion::V3, VcardVersion::V4] {
        let text = write(&card, v);
        assert!(
            text.contains("CATEGORIES:work,Hurtownie\\, śląskie"),
            "{text}"
        );
        let mut back = reread(&card, v);
        assert_eq!(back.categories, vec!["work", "Hurtownie, śląskie"]);
        back.take_category();
        assert_eq!(back.data.category, card.data.category);
        assert_eq!(back.categories, card.categories);
        assert_eq!(back.custom_fields, card.custom_fields);
        assert_eq!(back.status, card.status);
        assert!(back.data.no_mailing);
        assert_eq!(back.data.kind, ContactKind::Organisation);
    }
}

#[test]
fn dates_in_the_forms_exporters_use() {
    for (line, want) in [
        ("BDAY:1980-03-14", "1980-03-14"),
        ("BDAY:19800314", "1980-03-14"),
        ("BDAY:--0314", "--03-14"),
        ("BDAY:--03-14", "--03-14"),
        ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-14", "--03-14"),
        ("BDAY;VALUE=date:1980-03-14T00:00:00Z", "1980-03-14"),
    ] {
        let text = format!("BEGIN:VCARD\nVERSION:3.0\nFN:Jan\n{line}\nEND:VCARD\n");
        let c = ok(text.as_bytes());
        assert_eq!(
            c[0].data.birthday.map(|d| d.to_string()).as_deref(),
            Some(want),
            "{line}"
        );
    }
    let d: PartialDate = "--02-29".parse().unwrap_or_else(|e| panic!("{e}"));
    let mut data = contacts_core::model::ContactData::person("Jan", "Nowak");
    data.birthday = Some(d);
    let card = Card::new(data);
    for v in [VcardVersion::V3, VcardVersion::V4] {
        assert_eq!(reread(&card, v).data.birthday, Some(d));
    }
}

#[test]
fn stream_reader_matches_slice_reader() {
    let bytes = include_bytes!("../fixtures/polish-21-iso8859-2-raw.vcf");
    let a: Vec<_> = vcard::read(bytes).collect();
    let b: Vec<_> = vcard::read_from(std::io::BufReader::new(&bytes[..])).collect();
    assert_eq!(a, b);
    let utf16 = include_bytes!("../fixtures/polish-30-utf16le.vcf");
    let c: Vec<_> = vcard::read_from(&utf16[..]).collect();
    assert_eq!(c, cards(utf16));
}

#[test]
fn many_cards_stream_one_by_one() {
    let card = Card::new(contacts_core::model::ContactData::person("Józef", "Żak"));
    let text = vcard::write_all(std::iter::repeat_n(&card, 2000), VcardVersion::V4);
    let mut n = 0;
    for c in vcard::read_from(text.as_bytes()) {
        assert_eq!(c.map(|c| c.data.name.family).ok().as_deref(), Some("Żak"));
        n += 1;
    }
    assert_eq!(n, 2000);
}

/// A photo is kept only when its bytes are an image: whatever type a card claims, script or
/// HTML never becomes a photo, nor an extra line that goes out again (a warning says so).
#[test]
fn photos_that_are_not_images_are_not_photos() {
    use base64::Engine as _;
    let b64 = |s: &[u8]| base64::engine::general_purpose::STANDARD.encode(s);
    let js = b64(b"fetch('/api/v1/contacts').then(r=>r.text()).then(alert)");
    let html = b64(b"<html><script src=/contacts/1/photo></script></html>");
    let gif_head = b64(b"GIF-not-really <script>alert(1)</script>");
    let text = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Skrypt\r\nN:Skrypt;;;;\r\n\
         PHOTO;ENCODING=b;TYPE=text/javascript:{js}\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Strona\r\nN:Strona;;;;\r\n\
         PHOTO:data:text/html;base64,{html}\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Udawany GIF\r\nN:GIF;;;;\r\n\
         PHOTO;ENCODING=b;TYPE=GIF:{gif_head}\r\nEND:VCARD\r\n"
    );
    let cards = ok(text.as_bytes());
    assert_eq!(cards.len(), 3);
    for c in &cards {
        assert!(
            c.photo.is_none(),
            "{}: {:?}",
            c.data.display_name(),
            c.photo
        );
        assert!(
            c.warnings
                .iter()
                .any(|w| w
                    .ends_with("the photo is not a JPEG, PNG, GIF or WebP image; it was left out")),
            "the warning says the photo was left out, not kept: {:?}",
            c.warnings
        );
        assert!(!extras(c).iter().any(|e| e.starts_with("PHOTO")), "{c:?}");
    }
}

/// Issue 16 item 4: every card of every real-world shape, read, written as 3.0 and as 4.0
/// and read again, is the same contact, with every kept extra line still there.
#[test]
fn every_shape_round_trips_through_30_and_40() {
    let files: [(&str, &[u8]); 8] = [
        (
            "real-world.vcf",
            include_bytes!("../../src/contract/fixtures/real-world.vcf"),
        ),
        (
            "apple-30-bom.vcf",
            include_bytes!("../fixtures/apple-30-bom.vcf"),
        ),
        (
            "polish-21-iso8859-2-raw.vcf",
            include_bytes!("../fixtures/polish-21-iso8859-2-raw.vcf"),
        ),
        (
            "polish-21-win1250-qp.vcf",
            include_bytes!("../fixtures/polish-21-win1250-qp.vcf"),
        ),
        (
            "polish-30-utf16le.vcf",
            include_bytes!("../fixtures/polish-30-utf16le.vcf"),
        ),
        (
            "polish-30-utf16be-nobom.vcf",
            include_bytes!("../fixtures/polish-30-utf16be-nobom.vcf"),
        ),
        (
            "polish-40-org-and-google-bday.vcf",
            include_bytes!("../fixtures/polish-40-org-and-google-bday.vcf"),
        ),
        (
            "polish-multi-broken.vcf",
            include_bytes!("../fixtures/polish-multi-broken.vcf"),
        ),
    ];
    let mut checked = 0;
    for (name, bytes) in files {
        for (i, first) in ok(bytes).into_iter().enumerate() {
            for v in [VcardVersion::V3, VcardVersion::V4] {
                let again = reread(&first, v);
                let text = write(&first, v);
                let what = format!("{name} card {} as {}:\n{text}", i + 1, v.as_str());
                assert_eq!(again.data, first.data, "{what}");
                assert_eq!(again.photo, first.photo, "{what}");
                assert_eq!(again.categories, first.categories, "{what}");
                assert_eq!(again.custom_fields, first.custom_fields, "{what}");
                assert_eq!(again.status, first.status, "{what}");
                assert_eq!(again.uid, first.uid, "{what}");
                // Only lines kept as they were (a phone "12") may warn again.
                assert!(
                    again.warnings.len() <= first.warnings.len(),
                    "{what}\n{:?}",
                    again.warnings
                );
                // And a third pass changes nothing either.
                assert_eq!(write(&again, v), text, "{what}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 30, "only {checked} cards checked");
}

/// An endless input without line ends (like `/dev/zero`) ends with one error naming the
/// line, holding at most one line's limit in memory; so does a CSV one.
#[test]
fn endless_input_without_line_ends_stops_at_the_line_limit() {
    use std::io::{BufReader, Read};
    let endless = BufReader::new(std::io::repeat(0));
    let all: Vec<_> = vcard::read_from(endless).collect();
    let shown: Vec<String> = all
        .iter()
        .map(|r| r.as_ref().err().map(|e| e.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(
        shown,
        vec!["card 1 (line 1): the line is longer than 16 MiB; the rest of the file was not read"]
    );
    // The last card, cut off by a long line, is still kept.
    let text = [
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Kowal;Jan;;;\r\nNOTE:".as_slice(),
        &vec![b'x'; 17 * 1024 * 1024],
    ]
    .concat();
    let all: Vec<_> = vcard::read_from(text.as_slice()).collect();
    let jan = all[0]
        .as_ref()
        .map(|c| (c.data.name.given.clone(), c.warnings.len()));
    assert_eq!(jan.ok(), Some(("Jan".to_string(), 2)), "{all:?}");

    let endless_x = BufReader::new(std::io::repeat(b'x'));
    let err = contacts_core::csvio::read_csv_from(endless_x)
        .err()
        .map(|e| e.message);
    assert_eq!(
        err.as_deref(),
        Some("the header row cannot be read: line 1 is longer than 1024 KiB; the rest of the file was not read")
    );
    let zeros = BufReader::new(std::io::repeat(0).take(1 << 20));
    let err = contacts_core::csvio::read_csv_from(zeros)
        .err()
        .map(|e| e.message);
    assert_eq!(
        err.as_deref(),
        Some("the file is neither vCard nor CSV: it holds binary data (NUL bytes)")
    );
}

/// Found by `cargo fuzz` (fuzz/fuzz_targets/vcard.rs): a lone CR ended a line in memory but
/// not in a stream, so the two readers saw different cards. Line ends are now the same in
/// both however the stream is cut (CR LF split across reads included).
#[test]
fn lone_cr_ends_a_line_in_memory_and_in_a_stream() {
    let crash = include_bytes!("../fixtures/fuzz-lone-cr.vcf");
    let old_mac = b"BEGIN:VCARD\rVERSION:3.0\rN:Nowak;Anna;;;\rEND:VCARD\rBEGIN:VCARD\r\r\nVERSION:3.0\r\nN:Lis;Ewa;;;\r\nEND:VCARD\r\n";
    for bytes in [&crash[..], &old_mac[..]] {
        let whole: Vec<_> = vcard::read(bytes).map(|c| c.map(|c| c.data.name)).collect();
        for cap in [1, 2, 3, 7, 64, 8192] {
            let streamed: Vec<_> = vcard::read_from(std::io::BufReader::with_capacity(cap, bytes))
                .map(|c| c.map(|c| c.data.name))
                .collect();
            assert_eq!(streamed.len(), whole.len(), "capacity {cap}");
            // 8-bit text may be guessed differently; UTF-8 names are the same.
            if bytes == &old_mac[..] {
                assert_eq!(streamed, whole, "capacity {cap}");
            }
        }
    }
    let names: Vec<String> = vcard::read_from(&old_mac[..])
        .filter_map(|c| c.ok().map(|c| c.data.name.given))
        .collect();
    assert_eq!(names, ["Anna", "Ewa"]);
}

/// Found by `cargo fuzz` (fuzz/fuzz_targets/vcard.rs): every card the reader keeps must
/// write back, as 3.0 and as 4.0, to exactly one card.
#[test]
fn fuzz_nested_begin_writes_back_as_one_card() {
    let crash = include_bytes!("../fixtures/fuzz-nested-begin.vcf");
    for card in vcard::read(&crash[..]).flatten() {
        for v in [vcard::VcardVersion::V3, vcard::VcardVersion::V4] {
            let mut out = String::new();
            vcard::write_card(&mut out, &card, v);
            let back: Vec<_> = vcard::read(out.as_bytes()).collect();
            assert_eq!(back.len(), 1, "{v:?}:\n{out}");
        }
    }
}

/// A kept line that is `BEGIN:VCARD` or `END:VCARD` (stored through the API, say) is
/// written so that it cannot start or end a card.
#[test]
fn a_kept_begin_or_end_line_cannot_split_the_card() {
    let mut card = vcard::read(
        &b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Lis\r\nN:Lis;Anna;;;\r\nEND:VCARD\r\n"[..],
    )
    .next()
    .and_then(Result::ok)
    .expect("the card reads");
    for line in ["END:VCARD", "BEGIN:VCARD", "end:vcard"] {
        card.data.extra.push(contacts_core::model::ExtraProperty {
            line: line.to_string(),
        });
    }
    for v in [vcard::VcardVersion::V3, vcard::VcardVersion::V4] {
        let mut out = String::new();
        vcard::write_card(&mut out, &card, v);
        let back: Vec<_> = vcard::read(out.as_bytes()).collect();
        assert_eq!(back.len(), 1, "{v:?}:\n{out}");
        let back = back
            .into_iter()
            .next()
            .and_then(Result::ok)
            .expect("it reads back");
        assert_eq!(back.data.name.family, "Lis", "{out}");
        assert_eq!(back.data.extra.len(), 3, "{out}");
        assert_eq!(
            out.lines()
                .filter(|l| l.eq_ignore_ascii_case("END:VCARD"))
                .count(),
            1,
            "{out}"
        );
    }
}
