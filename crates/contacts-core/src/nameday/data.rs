//! The name-day lists compiled into the binary, one text file per country (see
//! `data/namedays/SOURCES.md`): one line per day, `MM-DD<TAB>Name,Name,...`.

/// (country code, file contents), sorted by country code.
pub(super) const FILES: &[(&str, &str)] = &[
    ("at", include_str!("../../data/namedays/at.txt")),
    ("bg", include_str!("../../data/namedays/bg.txt")),
    ("cz", include_str!("../../data/namedays/cz.txt")),
    ("de", include_str!("../../data/namedays/de.txt")),
    ("dk", include_str!("../../data/namedays/dk.txt")),
    ("ee", include_str!("../../data/namedays/ee.txt")),
    ("es", include_str!("../../data/namedays/es.txt")),
    ("fr", include_str!("../../data/namedays/fr.txt")),
    ("gr", include_str!("../../data/namedays/gr.txt")),
    ("hr", include_str!("../../data/namedays/hr.txt")),
    ("hu", include_str!("../../data/namedays/hu.txt")),
    ("it", include_str!("../../data/namedays/it.txt")),
    ("lt", include_str!("../../data/namedays/lt.txt")),
    ("lv", include_str!("../../data/namedays/lv.txt")),
    ("pl", include_str!("../../data/namedays/pl.txt")),
    ("ru", include_str!("../../data/namedays/ru.txt")),
    ("se", include_str!("../../data/namedays/se.txt")),
    ("sk", include_str!("../../data/namedays/sk.txt")),
    ("us", include_str!("../../data/namedays/us.txt")),
];
