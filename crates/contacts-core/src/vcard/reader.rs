//! Splits input into physical lines, unfolds them into logical lines and gathers each
//! `BEGIN:VCARD` … `END:VCARD` block, one card at a time.

use std::borrow::Cow;
use std::io::BufRead;

use super::decode::{self, Fallback};
use super::{build, Card, CardError};

/// A card may not grow past this; a file with a lost `END:VCARD` must not eat all memory.
const MAX_CARD_BYTES: usize = 32 * 1024 * 1024;

/// A physical line may not grow past this (an unfolded inline photo is the longest real one).
pub(crate) const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

/// What a line too long to keep becomes: a first byte no property line has, then the
/// message `build::decode_line` reports for it.
pub(crate) const OVERLONG: &[u8] =
    b"\0the line is longer than 16 MiB; the rest of the file was not read";

/// Reads one physical line into `out` (without its line end) and keeps at most
/// [`MAX_LINE_BYTES`]: a longer line is replaced by [`OVERLONG`] and reading stops there (a
/// file without line ends, such as `/dev/zero`, must end quickly). A line ends at LF, CR
/// LF, a lone CR (old Mac files) or CR CR LF, as in memory. Returns the bytes consumed.
fn read_line_bounded(r: &mut dyn BufRead, out: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut used = 0;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(used);
        }
        let end = buf.iter().position(|&b| b == b'\n' || b == b'\r');
        let n = end.unwrap_or(buf.len());
        if out.len() + n > MAX_LINE_BYTES {
            out.clear();
            out.extend_from_slice(OVERLONG);
            return Ok(used + n.max(1));
        }
        out.extend_from_slice(&buf[..n]);
        let Some(i) = end else {
            r.consume(n);
            used += n;
            continue;
        };
        let cr = buf[i] == b'\r';
        r.consume(i + 1);
        used += i + 1;
        if cr {
            loop {
                match r.fill_buf()?.first() {
                    Some(b'\r') => {
                        r.consume(1);
                        used += 1;
                    }
                    Some(b'\n') => {
                        r.consume(1);
                        used += 1;
                        break;
                    }
                    _ => break,
                }
            }
        }
        return Ok(used);
    }
}

enum Source<'a> {
    Bytes {
        data: Cow<'a, [u8]>,
        pos: usize,
    },
    Buf(Box<dyn BufRead + Send + 'a>),
    /// After a line too long to keep: nothing more is read.
    Stopped,
}

impl Source<'_> {
    /// Copies the next physical line, without its line end, into `out`.
    fn next_line(&mut self, out: &mut Vec<u8>) -> bool {
        out.clear();
        match self {
            Source::Bytes { data, pos } => {
                let rest = &data[*pos..];
                if rest.is_empty() {
                    return false;
                }
                let end = rest
                    .iter()
                    .position(|&b| b == b'\n' || b == b'\r')
                    .unwrap_or(rest.len());
                out.extend_from_slice(&rest[..end]);
                // CRLF, LF, CR, and the CR CR LF some exporters write, are one line end.
                let mut used = end;
                while rest.get(used) == Some(&b'\r') {
                    used += 1;
                }
                if rest.get(used) == Some(&b'\n') {
                    used += 1;
                }
                *pos += used;
                true
            }
            Source::Buf(r) => match read_line_bounded(&mut **r, out) {
                Ok(0) | Err(_) => false,
                Ok(_) => {
                    if out == OVERLONG {
                        *self = Source::Stopped;
                        return true;
                    }
                    while out.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
                        out.pop();
                    }
                    true
                }
            },
            Source::Stopped => false,
        }
    }
}

/// A logical (unfolded) line and the physical line it starts on.
pub(crate) struct Logical {
    pub line: usize,
    pub bytes: Vec<u8>,
}

/// A card's lines with a warning about its shape (a lost `END:VCARD`), or the line and
/// message of what is wrong with it.
type Gathered = Result<(Vec<Logical>, Option<String>), (usize, String)>;

/// Streams cards; see [`super::read`].
pub struct Reader<'a> {
    src: Source<'a>,
    line_no: usize,
    peeked: Option<(usize, Vec<u8>)>,
    pushed_back: Option<Logical>,
    card_no: usize,
    fallback: Fallback,
    scratch: Vec<u8>,
}

impl std::fmt::Debug for Reader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader")
            .field("line", &self.line_no)
            .field("card", &self.card_no)
            .finish()
    }
}

fn head_has(bytes: &[u8], word: &[u8]) -> bool {
    let head_end = bytes.iter().position(|&b| b == b':').unwrap_or(bytes.len());
    bytes[..head_end]
        .windows(word.len())
        .any(|w| w.eq_ignore_ascii_case(word))
}

fn is_qp(bytes: &[u8]) -> bool {
    head_has(bytes, b"QUOTED-PRINTABLE")
}

fn is_base64(bytes: &[u8]) -> bool {
    head_has(bytes, b"BASE64") || head_has(bytes, b"ENCODING=B")
}

fn looks_like_base64(line: &[u8]) -> bool {
    !line.is_empty()
        && !line.contains(&b':')
        && line
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b' ' | b'\t'))
}

fn is(bytes: &[u8], what: &[u8]) -> bool {
    bytes.trim_ascii().eq_ignore_ascii_case(what)
}

/// Whether a line starts like a property a writer would put first on its own line: an
/// upper-case name (with group and parameters) followed by `:` or `;`. Text that continues
/// a value (`Uwagi: coś`) is rarely upper case.
fn looks_like_property(line: &[u8]) -> bool {
    let end = line
        .iter()
        .position(|&b| b == b':' || b == b';')
        .unwrap_or(0);
    end > 0
        && line[..end]
            .iter()
            .all(|&b| b.is_ascii_uppercase() || b.is_ascii_digit() || matches!(b, b'-' | b'.'))
        && line[0].is_ascii_alphabetic()
}

/// A vCard 2.1 value continued on the next line with a trailing (unescaped) backslash.
fn ends_with_lone_backslash(bytes: &[u8]) -> bool {
    let n = bytes.iter().rev().take_while(|&&b| b == b'\\').count();
    n % 2 == 1
}

impl<'a> Reader<'a> {
    pub(crate) fn from_bytes(bytes: &'a [u8]) -> Reader<'a> {
        let data = decode::normalise_file(bytes);
        let fallback = Fallback::for_bytes(&data);
        Reader::new(Source::Bytes { data, pos: 0 }, fallback)
    }

    pub(crate) fn from_buf<R: BufRead + Send + 'a>(mut r: R) -> Reader<'a> {
        let start = r.fill_buf().map(|b| b.to_vec()).unwrap_or_default();
        if decode::utf16_kind(&start).is_some() {
            // UTF-16 files are small phone exports: transcode them whole.
            let mut all = Vec::new();
            let _ = r.read_to_end(&mut all);
            let data = decode::normalise_file(&all).into_owned();
            let fallback = Fallback::for_bytes(&data);
            return Reader::new(
                Source::Bytes {
                    data: Cow::Owned(data),
                    pos: 0,
                },
                fallback,
            );
        }
        if start.starts_with(b"\xEF\xBB\xBF") {
            r.consume(3);
        }
        Reader::new(Source::Buf(Box::new(r)), Fallback::learning())
    }

    fn new(src: Source<'a>, fallback: Fallback) -> Reader<'a> {
        Reader {
            src,
            line_no: 0,
            peeked: None,
            pushed_back: None,
            card_no: 0,
            fallback,
            scratch: Vec::new(),
        }
    }

    fn physical(&mut self) -> Option<(usize, Vec<u8>)> {
        if let Some(p) = self.peeked.take() {
            return Some(p);
        }
        let mut buf = std::mem::take(&mut self.scratch);
        if self.src.next_line(&mut buf) {
            self.line_no += 1;
            Some((self.line_no, buf))
        } else {
            self.scratch = buf;
            None
        }
    }

    fn peek_physical(&mut self) -> Option<&[u8]> {
        if self.peeked.is_none() {
            self.peeked = self.physical();
        }
        self.peeked.as_ref().map(|(_, b)| b.as_slice())
    }

    /// The next non-blank logical line: folded continuations, QUOTED-PRINTABLE soft breaks
    /// and vCard 2.1 base64 blocks joined.
    fn logical(&mut self) -> Option<Logical> {
        if let Some(l) = self.pushed_back.take() {
            return Some(l);
        }
        let (line, mut bytes) = loop {
            let (n, b) = self.physical()?;
            // Blank lines and `#` comment lines (some exporters write them) carry nothing.
            if !b.trim_ascii().is_empty() && b.first() != Some(&b'#') {
                break (n, b);
            }
        };
        let qp = is_qp(&bytes);
        let b64 = !qp && is_base64(&bytes);
        while let Some(next) = self.peek_physical() {
            if bytes.len() > MAX_CARD_BYTES {
                break;
            }
            if qp && bytes.last() == Some(&b'=') && next.is_empty() {
                // A soft break followed by a blank line: the data goes on after it.
                self.peeked = None;
            } else if qp && bytes.last() == Some(&b'=') && !is(next, b"END:VCARD") {
                bytes.pop();
                let next = next.to_vec();
                bytes.extend_from_slice(next.trim_ascii_start());
                self.peeked = None;
            } else if matches!(next.first(), Some(b' ' | b'\t')) {
                bytes.extend_from_slice(&next[1..]);
                self.peeked = None;
            } else if b64 && looks_like_base64(next) {
                bytes.extend_from_slice(next.trim_ascii());
                self.peeked = None;
            } else if !qp
                && !b64
                && ends_with_lone_backslash(&bytes)
                && !next.trim_ascii().is_empty()
                && !looks_like_property(next)
            {
                // vCard 2.1 writers continue a value with a trailing backslash: the line
                // break is part of the value.
                bytes.push(b'n');
                let next = next.to_vec();
                bytes.extend_from_slice(&next);
                self.peeked = None;
            } else {
                break;
            }
        }
        Some(Logical { line, bytes })
    }

    /// Gathers the lines of one card. `Err` carries the line of the problem.
    fn gather(&mut self) -> Option<(usize, Gathered)> {
        let first = self.logical()?;
        let start = first.line;
        let mut lines = Vec::new();
        let mut warning = None;
        if !is(&first.bytes, b"BEGIN:VCARD") {
            if looks_like_property(&first.bytes) && !is(&first.bytes, b"END:VCARD") {
                // A card whose BEGIN:VCARD was lost: its lines are still a card.
                warning = Some(format!(
                    "line {start}: the card has no BEGIN:VCARD; read from its first property"
                ));
                lines.push(first);
            } else {
                if first.bytes == OVERLONG {
                    let m = String::from_utf8_lossy(&OVERLONG[1..]);
                    return Some((start, Err((start, m.into_owned()))));
                }
                // Stray text: skip up to the next card and report it as a bad entry.
                let shown = String::from_utf8_lossy(&first.bytes)
                    .chars()
                    .take(40)
                    .collect::<String>();
                while let Some(l) = self.logical() {
                    if is(&l.bytes, b"BEGIN:VCARD") {
                        self.pushed_back = Some(l);
                        break;
                    }
                }
                return Some((
                    start,
                    Err((
                        start,
                        format!("expected BEGIN:VCARD, found '{shown}' (not a vCard line)"),
                    )),
                ));
            }
        }
        let mut size = lines.iter().map(|l: &Logical| l.bytes.len()).sum::<usize>();
        let lost_end = |lines: Vec<Logical>, at: usize, why: &str, warning: Option<String>| {
            if lines.is_empty() {
                return Err((at, format!("the card is empty and {why}")));
            }
            let mut w = warning.map(|w| format!("{w}; ")).unwrap_or_default();
            w.push_str(&format!("line {at}: {why}; the card was kept"));
            Ok((lines, Some(w)))
        };
        loop {
            let Some(l) = self.logical() else {
                let at = self.line_no;
                return Some((
                    start,
                    lost_end(lines, at, "the file ends without END:VCARD", warning),
                ));
            };
            if is(&l.bytes, b"END:VCARD") {
                return Some((start, Ok((lines, warning))));
            }
            if is(&l.bytes, b"BEGIN:VCARD") {
                let agent = lines
                    .last()
                    .is_some_and(|p: &Logical| is(&p.bytes, b"AGENT:"));
                if agent {
                    self.nested_agent(&mut lines);
                    continue;
                }
                let at = l.line;
                self.pushed_back = Some(l);
                return Some((
                    start,
                    lost_end(
                        lines,
                        at,
                        "the card has no END:VCARD before the next BEGIN:VCARD",
                        warning,
                    ),
                ));
            }
            size += l.bytes.len();
            if size > MAX_CARD_BYTES {
                let at = l.line;
                // Skip the rest of the oversized card so the next one can be read.
                while let Some(l) = self.logical() {
                    if is(&l.bytes, b"END:VCARD") {
                        break;
                    }
                    if is(&l.bytes, b"BEGIN:VCARD") {
                        self.pushed_back = Some(l);
                        break;
                    }
                }
                return Some((
                    start,
                    Err((
                        at,
                        format!("the card is larger than {} MiB", MAX_CARD_BYTES >> 20),
                    )),
                ));
            }
            lines.push(l);
        }
    }

    /// vCard 2.1 `AGENT:` followed by a whole card: keep it as the AGENT value.
    fn nested_agent(&mut self, lines: &mut [Logical]) {
        let mut text = String::from("BEGIN:VCARD");
        let mut depth = 1;
        while let Some(l) = self.logical() {
            let s = String::from_utf8_lossy(&l.bytes).into_owned();
            if is(&l.bytes, b"BEGIN:VCARD") {
                depth += 1;
            } else if is(&l.bytes, b"END:VCARD") {
                depth -= 1;
            }
            text.push('\n');
            text.push_str(&s);
            if depth == 0 {
                break;
            }
        }
        if let Some(last) = lines.last_mut() {
            last.bytes = format!("AGENT:{}", super::line::escape(&text)).into_bytes();
        }
    }
}

impl Reader<'_> {
    /// The next card as decoded properties, without mapping them to the model.
    pub fn next_properties(&mut self) -> Option<Result<Vec<super::Property>, CardError>> {
        let (_, gathered) = self.gather()?;
        self.card_no += 1;
        let card = self.card_no;
        let lines = match gathered {
            Ok((lines, _)) => lines,
            Err((line, message)) => {
                return Some(Err(CardError {
                    card,
                    line,
                    message,
                }))
            }
        };
        let mut out = Vec::with_capacity(lines.len());
        for l in &lines {
            match build::decode_line(&l.bytes, &mut self.fallback) {
                Ok(cl) => out.push(super::Property {
                    line: l.line,
                    group: cl.group,
                    name: cl.name,
                    params: cl.params.into_iter().map(|p| (p.name, p.values)).collect(),
                    value: cl.value,
                }),
                Err(message) => {
                    return Some(Err(CardError {
                        card,
                        line: l.line,
                        message,
                    }))
                }
            }
        }
        Some(Ok(out))
    }
}

impl Iterator for Reader<'_> {
    type Item = Result<Card, CardError>;

    fn next(&mut self) -> Option<Self::Item> {
        let (start, gathered) = self.gather()?;
        self.card_no += 1;
        let card = self.card_no;
        Some(match gathered {
            Ok((lines, warning)) => build::build_card(&lines, start, &mut self.fallback)
                .map(|mut c| {
                    if let Some(w) = warning {
                        c.warnings.insert(0, w);
                    }
                    c
                })
                .map_err(|(line, message)| CardError {
                    card,
                    line,
                    message,
                }),
            Err((line, message)) => Err(CardError {
                card,
                line,
                message,
            }),
        })
    }
}
