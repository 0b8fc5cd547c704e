//! The CSV reader on any bytes; whatever it reads must write in both layouts and read back
//! without a panic.
#![no_main]

use contacts_core::csvio::{self, CsvLayout};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(rows) = csvio::read_csv(data) else {
        return;
    };
    let cards: Vec<_> = rows.flatten().collect();
    for layout in [CsvLayout::Google, CsvLayout::Outlook] {
        let mut out = Vec::new();
        if csvio::write_csv(&mut out, &cards, layout).is_ok() {
            if let Ok(back) = csvio::read_csv(&out) {
                assert_eq!(back.count(), cards.len());
            }
        }
    }
});
