//! One content line: `[group.]NAME *(;param) : value`, its parsing, escaping and folding.

use std::fmt::Write as _;

/// A parameter with its upper-cased name and its values (quotes removed, RFC 6868 decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Param {
    pub name: String,
    pub values: Vec<String>,
}

/// A parsed content line. `value` is text (charset decoded, QUOTED-PRINTABLE undone) but
/// still escaped the vCard way (`\,` `\;` `\n`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ContentLine {
    pub group: Option<String>,
    /// Upper-cased.
    pub name: String,
    pub params: Vec<Param>,
    pub value: String,
    /// The line as it was, when it can be written back unchanged (UTF-8, no
    /// QUOTED-PRINTABLE, no CHARSET, no vCard 2.1 bare parameters).
    pub verbatim: Option<String>,
}

impl ContentLine {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.values.first())
            .map(String::as_str)
    }

    pub fn has_param(&self, name: &str) -> bool {
        self.params.iter().any(|p| p.name == name)
    }

    /// All TYPE values, lower-cased, with comma lists split.
    pub fn types(&self) -> Vec<String> {
        let mut out = Vec::new();
        for p in self.params.iter().filter(|p| p.name == "TYPE") {
            for v in &p.values {
                for t in v.split(',') {
                    let t = t.trim().to_lowercase();
                    if !t.is_empty() {
                        out.push(t);
                    }
                }
            }
        }
        out
    }

    /// The line as text again, for keeping in `ExtraProperty`.
    pub fn to_line(&self) -> String {
        if let Some(v) = &self.verbatim {
            return v.clone();
        }
        let mut s = String::new();
        if let Some(g) = &self.group {
            s.push_str(g);
            s.push('.');
        }
        s.push_str(&self.name);
        for p in &self.params {
            write_param(&mut s, &p.name, &p.values);
        }
        s.push(':');
        // A decoded QUOTED-PRINTABLE value may hold real line breaks.
        for c in self.value.chars() {
            match c {
                '\n' => s.push_str("\\n"),
                '\r' => {}
                c => s.push(c),
            }
        }
        s
    }
}

/// Splits a logical line at the first `:` outside double quotes: (head, value).
pub(crate) fn split_head(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut quoted = false;
    for (i, &b) in line.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b':' if !quoted => return Some((&line[..i], &line[i + 1..])),
            _ => {}
        }
    }
    None
}

/// RFC names are letters, digits and `-`; real files also have `X-messaging/aim-All` and
/// `X-GOOGLE TALK`, so anything printable but the delimiters is taken.
fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(' ')
        && s.chars()
            .all(|c| !c.is_control() && !matches!(c, ':' | ';' | '"' | ',' | '='))
}

/// Parses the head (`[group.]NAME;params`). Returns group, upper-cased name, params and
/// whether vCard 2.1 bare parameters (`TEL;WORK;VOICE`) were seen.
pub(crate) fn parse_head(head: &str) -> Result<(Option<String>, String, Vec<Param>, bool), String> {
    let pieces = split_outside_quotes(head, ';');
    let first = pieces.first().map(|s| s.trim()).unwrap_or("");
    let (group, name) = match first.rsplit_once('.') {
        Some((g, n)) => (Some(g.to_string()), n),
        None => (None, first),
    };
    if !valid_name(name) || group.as_deref().is_some_and(|g| !valid_name(g)) {
        return Err(format!("'{first}' is not a property name"));
    }
    let mut params: Vec<Param> = Vec::new();
    let mut bare = false;
    for piece in &pieces[1..] {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        let (pname, raw) = match piece.split_once('=') {
            Some((n, v)) => (n.trim().to_ascii_uppercase(), v),
            None => {
                bare = true;
                let up = piece.to_ascii_uppercase();
                let n = match up.as_str() {
                    "QUOTED-PRINTABLE" | "BASE64" | "B" | "8BIT" | "7BIT" => "ENCODING",
                    _ => "TYPE",
                };
                (n.to_string(), piece)
            }
        };
        let values: Vec<String> = split_outside_quotes(raw, ',')
            .into_iter()
            .map(|v| decode_param_value(v.trim()))
            .collect();
        match params.iter_mut().find(|p| p.name == pname) {
            Some(p) => p.values.extend(values),
            None => params.push(Param {
                name: pname,
                values,
            }),
        }
    }
    Ok((group, name.to_ascii_uppercase(), params, bare))
}

fn split_outside_quotes(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            out.push(&s[start..i]);
            start = i + 1;
        }
    }
    out.push(&s[start..]);
    out
}

/// Removes quotes and undoes RFC 6868 (`^n`, `^'`, `^^`).
fn decode_param_value(v: &str) -> String {
    let v = v
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(v);
    if !v.contains('^') {
        return v.to_string();
    }
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '^' {
            match chars.peek() {
                Some('n') | Some('N') => {
                    out.push('\n');
                    chars.next();
                }
                Some('\'') => {
                    out.push('"');
                    chars.next();
                }
                Some('^') => {
                    out.push('^');
                    chars.next();
                }
                _ => out.push('^'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Appends `;NAME=v1,v2`, quoting and RFC 6868-encoding values that need it.
pub(crate) fn write_param(out: &mut String, name: &str, values: &[String]) {
    out.push(';');
    out.push_str(name);
    out.push('=');
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let needs_quotes = v.contains([':', ';', ',', ' ']) || v.is_empty() && values.len() == 1;
        if needs_quotes {
            out.push('"');
        }
        for c in v.chars() {
            match c {
                '^' => out.push_str("^^"),
                '"' => out.push_str("^'"),
                '\n' => out.push_str("^n"),
                '\r' => {}
                c => out.push(c),
            }
        }
        if needs_quotes {
            out.push('"');
        }
    }
}

/// Escapes a text value: backslash, comma, semicolon, newline. Never writes `\r`.
pub(crate) fn escape_into(out: &mut String, s: &str) {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            c => out.push(c),
        }
    }
}

pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    escape_into(&mut out, s);
    out
}

/// Undoes text escaping: `\\ \, \; \: \n \N`; any other backslash stays.
pub(crate) fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some('n') | Some('N') => {
                out.push('\n');
                chars.next();
            }
            Some(x @ ('\\' | ',' | ';' | ':')) => {
                out.push(x);
                chars.next();
            }
            _ => out.push('\\'),
        }
    }
    out
}

/// Splits on `sep` where it is not escaped by a backslash; pieces stay escaped.
pub(crate) fn split_escaped(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            out.push(&s[start..i]);
            start = i + sep.len_utf8();
        }
    }
    out.push(&s[start..]);
    out
}

/// Writes one logical line folded at 75 octets (never inside a UTF-8 character), CRLF ended.
pub(crate) fn fold_into(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = 75;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = 74;
    }
}

/// Builds a line in a scratch buffer and folds it into `out`.
pub(crate) struct LineBuf {
    pub buf: String,
}

impl LineBuf {
    pub fn new() -> LineBuf {
        LineBuf {
            buf: String::with_capacity(128),
        }
    }

    pub fn start(&mut self, group: Option<&str>, name: &str) -> &mut String {
        self.buf.clear();
        if let Some(g) = group {
            self.buf.push_str(g);
            self.buf.push('.');
        }
        self.buf.push_str(name);
        &mut self.buf
    }

    pub fn finish(&mut self, out: &mut String) {
        fold_into(out, &self.buf);
    }

    /// `NAME:escaped text`.
    pub fn text(&mut self, out: &mut String, name: &str, value: &str) {
        let b = self.start(None, name);
        b.push(':');
        escape_into(b, value);
        self.finish(out);
    }

    /// `NAME:raw`.
    pub fn raw(&mut self, out: &mut String, name: &str, value: &str) {
        let b = self.start(None, name);
        let _ = write!(b, ":{value}");
        self.finish(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let line = format!("NOTE:{}", "ż".repeat(100));
        let mut out = String::new();
        fold_into(&mut out, &line);
        for phys in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(phys.len() <= 75, "{} octets: {phys}", phys.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), line);
    }

    #[test]
    fn escapes_round_trip() {
        let s = "a,b;c\\d\ne";
        assert_eq!(escape(s), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(unescape(&escape(s)), s);
        assert_eq!(escape("x\r\ny\rz"), "x\\ny\\nz");
        assert_eq!(split_escaped("a\\;b;c", ';'), vec!["a\\;b", "c"]);
    }

    #[test]
    fn heads_with_bare_and_quoted_params() {
        let (g, n, p, bare) = parse_head("item1.tel;WORK;VOICE;x-a=\"a:b;c\"").unwrap_or_default();
        assert_eq!(
            (g.as_deref(), n.as_str(), bare),
            (Some("item1"), "TEL", true)
        );
        assert_eq!(p[0].values, vec!["WORK", "VOICE"]);
        assert_eq!(p[1].values, vec!["a:b;c"]);
        assert!(parse_head("x\"y").is_err());
        assert!(parse_head("").is_err());
    }
}
