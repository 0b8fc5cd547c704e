//! The byte pre-pass: BOMs, UTF-16, declared and guessed 8-bit charsets, QUOTED-PRINTABLE.

use std::borrow::Cow;

use chardetng::EncodingDetector;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Removes a UTF-8 BOM and turns UTF-16 (with a BOM, or recognised by its zero bytes)
/// into UTF-8. Anything else is returned as it is.
pub(crate) fn normalise_file(bytes: &[u8]) -> Cow<'_, [u8]> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Cow::Borrowed(rest);
    }
    match utf16_kind(bytes) {
        Some(enc) => {
            let (text, _, _) = enc.decode(bytes);
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            Cow::Owned(text.as_bytes().to_vec())
        }
        None => Cow::Borrowed(bytes),
    }
}

/// UTF-16 by BOM, or by zero bytes in even (BE) or odd (LE) positions of the first bytes.
pub(crate) fn utf16_kind(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.starts_with(b"\xFF\xFE") {
        return Some(UTF_16LE);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some(UTF_16BE);
    }
    let head = &bytes[..bytes.len().min(256) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let even_zero = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd_zero * 10 >= pairs * 7 && even_zero * 10 < pairs {
        Some(UTF_16LE)
    } else if even_zero * 10 >= pairs * 7 && odd_zero * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The encoding assumed for 8-bit text that declares no CHARSET and is not UTF-8.
pub(crate) enum Fallback {
    /// Guessed once from the whole input.
    Fixed(&'static Encoding),
    /// Streaming input: the guess improves with every 8-bit value seen.
    Learning(Box<EncodingDetector>),
}

impl std::fmt::Debug for Fallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fallback::Fixed(e) => write!(f, "Fixed({})", e.name()),
            Fallback::Learning(_) => f.write_str("Learning"),
        }
    }
}

impl Fallback {
    /// For a whole file in memory: guess only if it is not UTF-8 already.
    pub fn for_bytes(bytes: &[u8]) -> Fallback {
        if std::str::from_utf8(bytes).is_ok() {
            return Fallback::Fixed(encoding_rs::WINDOWS_1250);
        }
        let mut det = EncodingDetector::new();
        det.feed(bytes, true);
        Fallback::Fixed(det.guess(None, false))
    }

    /// For a stream known by its first bytes: a head that is not UTF-8 fixes the guess
    /// now; else the guess is learnt from the 8-bit values met later.
    pub fn for_head(head: &[u8]) -> Fallback {
        match std::str::from_utf8(head) {
            Ok(_) => Fallback::learning(),
            Err(e) if e.error_len().is_none() => Fallback::learning(),
            Err(_) => {
                let mut det = EncodingDetector::new();
                det.feed(head, false);
                Fallback::Fixed(det.guess(None, false))
            }
        }
    }

    pub fn learning() -> Fallback {
        Fallback::Learning(Box::new(EncodingDetector::new()))
    }

    fn encoding_for(&mut self, bytes: &[u8]) -> &'static Encoding {
        match self {
            Fallback::Fixed(e) => e,
            Fallback::Learning(det) => {
                det.feed(bytes, false);
                det.guess(None, false)
            }
        }
    }

    /// Decodes `bytes` by the declared charset, else as UTF-8, else by the guess.
    /// The bool says whether the text was not plain UTF-8.
    pub fn decode<'b>(&mut self, bytes: &'b [u8], charset: Option<&str>) -> (Cow<'b, str>, bool) {
        if let Some(enc) = charset.and_then(|c| Encoding::for_label(c.trim().as_bytes())) {
            if enc != UTF_8 {
                let (text, _, _) = enc.decode(bytes);
                return (text, true);
            }
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => (Cow::Borrowed(s), false),
            Err(_) => {
                let enc = self.encoding_for(bytes);
                let (text, _) = enc.decode_without_bom_handling(bytes);
                (text, true)
            }
        }
    }
}

/// Decodes QUOTED-PRINTABLE: `=XX` escapes; soft breaks were joined while unfolding.
pub(crate) fn quoted_printable(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'=' {
            let hex = |x: u8| (x as char).to_digit(16);
            match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                    let v = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                    out.push(v as u8);
                    i += 3;
                    continue;
                }
                (None, _) => {
                    // A trailing soft break.
                    i += 1;
                    continue;
                }
                _ => {}
            }
        }
        out.push(b);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qp_decodes_escapes_and_keeps_bad_ones() {
        assert_eq!(quoted_printable(b"=C5=81=C3=B3d=C5=BA"), "Łódź".as_bytes());
        assert_eq!(quoted_printable(b"a=zz="), b"a=zz");
    }

    #[test]
    fn utf16_is_recognised_with_and_without_bom() {
        let text = "BEGIN:VCARD\r\nFN:Łucja\r\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        for bytes in [le.clone(), be, [vec![0xFF, 0xFE], le].concat()] {
            assert_eq!(normalise_file(&bytes).as_ref(), text.as_bytes());
        }
    }
}
