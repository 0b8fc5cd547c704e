//! The vCard reader on any bytes, in memory and as a stream; every card it keeps must
//! write as 3.0 and 4.0 and read back without a panic.
#![no_main]

use contacts_core::vcard::{self, VcardVersion};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let cards: Vec<_> = vcard::read(data).collect();
    let streamed = vcard::read_from(data).count();
    assert_eq!(cards.len(), streamed);
    for card in cards.into_iter().flatten() {
        for v in [VcardVersion::V3, VcardVersion::V4] {
            let mut out = String::new();
            vcard::write_card(&mut out, &card, v);
            let back: Vec<_> = vcard::read(out.as_bytes()).collect();
            assert_eq!(back.len(), 1, "{out}");
        }
    }
});
