//! Request bodies read with `quick-xml` (namespace-aware) into a small element tree, then
//! into what a request asks for; and the response writer, also `quick-xml`.

use std::fmt;

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

pub const DAV: &str = "DAV:";
pub const CARD: &str = "urn:ietf:params:xml:ns:carddav";
pub const CS: &str = "http://calendarserver.org/ns/";
/// The namespace of our own `message` element in error bodies.
pub const OURS: &str = "urn:contacts:dav";

/// The deepest nesting and the most elements a request body may have.
const MAX_DEPTH: usize = 32;
const MAX_ELEMENTS: usize = 20_000;

/// Why a body could not be read, said to the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError(pub String);

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn bad(msg: impl Into<String>) -> XmlError {
    XmlError(msg.into())
}

/// An element of a request body.
#[derive(Debug, Clone, Default)]
pub struct Elem {
    pub ns: String,
    pub local: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Elem>,
    pub text: String,
}

impl Elem {
    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.ns == ns && self.local == local
    }

    pub fn child(&self, ns: &str, local: &str) -> Option<&Elem> {
        self.children.iter().find(|c| c.is(ns, local))
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn ns_of(r: &ResolveResult<'_>) -> Result<String, XmlError> {
    match r {
        ResolveResult::Bound(ns) => Ok(String::from_utf8_lossy(ns.as_ref()).into_owned()),
        ResolveResult::Unbound => Ok(String::new()),
        ResolveResult::Unknown(p) => Err(bad(format!(
            "the namespace prefix '{}' is not declared",
            String::from_utf8_lossy(p)
        ))),
    }
}

fn start_elem(r: &ResolveResult<'_>, e: &BytesStart<'_>) -> Result<Elem, XmlError> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| bad(format!("malformed XML attribute: {e}")))?;
        let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| bad(format!("malformed XML attribute: {e}")))?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Elem {
        ns: ns_of(r)?,
        local: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
        attrs,
        children: Vec::new(),
        text: String::new(),
    })
}

/// Reads a whole body into its root element.
pub fn parse(body: &[u8]) -> Result<Elem, XmlError> {
    let text = std::str::from_utf8(body).map_err(|_| bad("the request body is not UTF-8"))?;
    let mut reader = NsReader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut stack: Vec<Elem> = Vec::new();
    let mut count = 0usize;
    loop {
        let pos = reader.buffer_position();
        let (r, ev) = reader
            .read_resolved_event()
            .map_err(|e| bad(format!("malformed XML after byte {pos}: {e}")))?;
        match ev {
            Event::Start(e) => {
                count += 1;
                if stack.len() >= MAX_DEPTH || count > MAX_ELEMENTS {
                    return Err(bad("the XML body is nested too deeply or too large"));
                }
                stack.push(start_elem(&r, &e)?);
            }
            Event::Empty(e) => {
                count += 1;
                if count > MAX_ELEMENTS {
                    return Err(bad("the XML body has too many elements"));
                }
                let el = start_elem(&r, &e)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return finish(reader, el),
                }
            }
            Event::End(_) => {
                let Some(el) = stack.pop() else {
                    return Err(bad("malformed XML: an end tag without a start"));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return finish(reader, el),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    let s = t
                        .xml10_content()
                        .map_err(|e| bad(format!("malformed XML text: {e}")))?;
                    top.text.push_str(&s);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&t.into_inner()));
                }
            }
            Event::GeneralRef(g) => {
                if let Some(top) = stack.last_mut() {
                    if let Some(c) = g
                        .resolve_char_ref()
                        .map_err(|e| bad(format!("malformed XML reference: {e}")))?
                    {
                        top.text.push(c);
                    } else {
                        let name = g
                            .decode()
                            .map_err(|e| bad(format!("malformed XML reference: {e}")))?;
                        let v = quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| bad(format!("unknown XML entity &{name};")))?;
                        top.text.push_str(v);
                    }
                }
            }
            Event::Eof => return Err(bad("the XML body ends before its root element does")),
            Event::DocType(_) => return Err(bad("a DOCTYPE is not accepted")),
            _ => {}
        }
    }
}

fn finish(mut reader: NsReader<&[u8]>, root: Elem) -> Result<Elem, XmlError> {
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => return Ok(root),
            Ok(Event::Comment(_) | Event::PI(_)) => {}
            Ok(Event::Text(t)) if t.is_empty() => {}
            Ok(_) => return Err(bad("malformed XML: content after the root element")),
            Err(e) => return Err(bad(format!("malformed XML: {e}"))),
        }
    }
}

/// A property name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PropName {
    pub ns: String,
    pub local: String,
}

impl PropName {
    pub fn new(ns: &str, local: &str) -> PropName {
        PropName {
            ns: ns.to_string(),
            local: local.to_string(),
        }
    }

    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.ns == ns && self.local == local
    }
}

/// What a PROPFIND asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PropRequest {
    All,
    Names,
    Props(Vec<PropName>),
}

/// The properties requested, and whether `address-data` asked for vCard 4.0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub props: PropRequest,
    pub v4: bool,
}

fn props_of(prop: &Elem) -> Wanted {
    let mut v4 = false;
    let props = prop
        .children
        .iter()
        .map(|c| {
            if c.is(CARD, "address-data") && c.attr("version") == Some("4.0") {
                v4 = true;
            }
            PropName::new(&c.ns, &c.local)
        })
        .collect();
    Wanted {
        props: PropRequest::Props(props),
        v4,
    }
}

/// A PROPFIND body (an empty body is `allprop`).
pub fn propfind(body: &[u8]) -> Result<Wanted, XmlError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Wanted {
            props: PropRequest::All,
            v4: false,
        });
    }
    let root = parse(body)?;
    if !root.is(DAV, "propfind") {
        return Err(bad(format!(
            "expected a DAV:propfind body, not {}",
            root.local
        )));
    }
    if let Some(p) = root.child(DAV, "prop") {
        return Ok(props_of(p));
    }
    if root.child(DAV, "propname").is_some() {
        return Ok(Wanted {
            props: PropRequest::Names,
            v4: false,
        });
    }
    Ok(Wanted {
        props: PropRequest::All,
        v4: false,
    })
}

/// How a text-match compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchType {
    Equals,
    Contains,
    StartsWith,
    EndsWith,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMatch {
    pub text: String,
    pub match_type: MatchType,
    pub negate: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropFilter {
    /// The vCard property, upper case (FN, N, EMAIL, TEL, ...).
    pub name: String,
    pub all: bool,
    pub not_defined: bool,
    pub matches: Vec<TextMatch>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    pub all: bool,
    pub props: Vec<PropFilter>,
}

/// A REPORT body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    Multiget {
        wanted: Wanted,
        hrefs: Vec<String>,
    },
    Query {
        wanted: Wanted,
        filter: Filter,
        limit: Option<usize>,
    },
    Sync {
        wanted: Wanted,
        token: String,
    },
}

fn wanted_in(root: &Elem) -> Wanted {
    match root.child(DAV, "prop") {
        Some(p) => props_of(p),
        None => Wanted {
            props: PropRequest::Props(vec![PropName::new(DAV, "getetag")]),
            v4: false,
        },
    }
}

fn test_all(e: &Elem) -> bool {
    e.attr("test") == Some("allof")
}

fn filter_of(e: &Elem) -> Result<Filter, XmlError> {
    let mut props = Vec::new();
    for pf in e.children.iter().filter(|c| c.is(CARD, "prop-filter")) {
        let name = pf
            .attr("name")
            .ok_or_else(|| bad("a prop-filter needs a name"))?
            .to_ascii_uppercase();
        let mut matches = Vec::new();
        for tm in pf.children.iter().filter(|c| c.is(CARD, "text-match")) {
            let match_type = match tm.attr("match-type").unwrap_or("contains") {
                "equals" => MatchType::Equals,
                "contains" => MatchType::Contains,
                "starts-with" => MatchType::StartsWith,
                "ends-with" => MatchType::EndsWith,
                other => return Err(bad(format!("unknown match-type '{other}'"))),
            };
            if let Some(c) = tm.attr("collation") {
                if !matches!(c, "i;unicode-casemap" | "i;ascii-casemap" | "i;octet") {
                    return Err(bad(format!("unsupported collation '{c}'")));
                }
            }
            matches.push(TextMatch {
                text: tm.text.clone(),
                match_type,
                negate: tm.attr("negate-condition") == Some("yes"),
            });
        }
        props.push(PropFilter {
            name,
            all: test_all(pf),
            not_defined: pf.child(CARD, "is-not-defined").is_some(),
            matches,
        });
    }
    Ok(Filter {
        all: test_all(e),
        props,
    })
}

/// A REPORT body; an unknown report is an error naming it.
pub fn report(body: &[u8]) -> Result<Report, XmlError> {
    let root = parse(body)?;
    if root.is(CARD, "addressbook-multiget") {
        let hrefs = root
            .children
            .iter()
            .filter(|c| c.is(DAV, "href"))
            .map(|c| c.text.trim().to_string())
            .collect();
        return Ok(Report::Multiget {
            wanted: wanted_in(&root),
            hrefs,
        });
    }
    if root.is(CARD, "addressbook-query") {
        let filter = match root.child(CARD, "filter") {
            Some(f) => filter_of(f)?,
            None => Filter::default(),
        };
        let limit = root
            .child(CARD, "limit")
            .and_then(|l| l.child(CARD, "nresults"))
            .map(|n| {
                n.text
                    .trim()
                    .parse::<usize>()
                    .map_err(|_| bad("nresults must be a number"))
            })
            .transpose()?;
        return Ok(Report::Query {
            wanted: wanted_in(&root),
            filter,
            limit,
        });
    }
    if root.is(DAV, "sync-collection") {
        let token = root
            .child(DAV, "sync-token")
            .map(|t| t.text.trim().to_string())
            .unwrap_or_default();
        if let Some(level) = root.child(DAV, "sync-level") {
            if !matches!(level.text.trim(), "1" | "infinite") {
                return Err(bad("sync-level must be 1 or infinite"));
            }
        }
        return Ok(Report::Sync {
            wanted: wanted_in(&root),
            token,
        });
    }
    Err(XmlError(format!(
        "unknown REPORT {{{}}}{}: this server knows addressbook-multiget, addressbook-query and sync-collection",
        root.ns, root.local
    )))
}

/// A response body being written. Writing into a `Vec` cannot fail, so results of the
/// underlying writer are dropped.
pub struct Out {
    w: quick_xml::Writer<Vec<u8>>,
}

impl Default for Out {
    fn default() -> Out {
        Out::new()
    }
}

impl fmt::Debug for Out {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Out")
    }
}

impl Out {
    pub fn new() -> Out {
        Out {
            w: quick_xml::Writer::new(Vec::with_capacity(4096)),
        }
    }

    /// The XML declaration and the root's start tag with our namespace prefixes.
    pub fn root(&mut self, name: &str) {
        let _ = self
            .w
            .get_mut()
            .write_all_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        let mut s = BytesStart::new(name);
        s.push_attribute(("xmlns:d", DAV));
        s.push_attribute(("xmlns:card", CARD));
        s.push_attribute(("xmlns:cs", CS));
        s.push_attribute(("xmlns:m", OURS));
        let _ = self.w.write_event(Event::Start(s));
    }

    pub fn open(&mut self, name: &str) {
        let _ = self.w.write_event(Event::Start(BytesStart::new(name)));
    }

    pub fn close(&mut self, name: &str) {
        let _ = self.w.write_event(Event::End(BytesEnd::new(name)));
    }

    pub fn empty(&mut self, name: &str) {
        let _ = self.w.write_event(Event::Empty(BytesStart::new(name)));
    }

    pub fn text(&mut self, text: &str) {
        let escaped = quick_xml::escape::partial_escape(text);
        let _ = self
            .w
            .write_event(Event::Text(BytesText::from_escaped(escaped)));
    }

    pub fn text_el(&mut self, name: &str, text: &str) {
        self.open(name);
        self.text(text);
        self.close(name);
    }

    /// An empty element of any namespace (an unknown property in a 404 propstat).
    pub fn empty_ns(&mut self, p: &PropName) {
        match prefix(&p.ns) {
            Some(pre) => self.empty(&format!("{pre}:{}", p.local)),
            None => {
                let mut s = BytesStart::new(format!("x:{}", p.local));
                s.push_attribute(("xmlns:x", p.ns.as_str()));
                let _ = self.w.write_event(Event::Empty(s));
            }
        }
    }

    /// An element with attributes and no content.
    pub fn empty_with(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let mut s = BytesStart::new(name);
        for a in attrs {
            s.push_attribute(*a);
        }
        let _ = self.w.write_event(Event::Empty(s));
    }

    /// Takes what was written so far (for streaming in chunks).
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(self.w.get_mut())
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.w.into_inner()
    }
}

trait WriteStr {
    fn write_all_str(&mut self, s: &str) -> std::io::Result<()>;
}

impl WriteStr for Vec<u8> {
    fn write_all_str(&mut self, s: &str) -> std::io::Result<()> {
        self.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// The prefix our responses bind to a namespace.
pub fn prefix(ns: &str) -> Option<&'static str> {
    match ns {
        DAV => Some("d"),
        CARD => Some("card"),
        CS => Some("cs"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_propfind_with_prefixes_and_defaults() {
        let body = br#"<?xml version="1.0"?>
            <A:propfind xmlns:A="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
              <A:prop><A:getetag/><C:addressbook-home-set/><X:odd xmlns:X="urn:x"/></A:prop>
            </A:propfind>"#;
        let w = propfind(body).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            w.props,
            PropRequest::Props(vec![
                PropName::new(DAV, "getetag"),
                PropName::new(CARD, "addressbook-home-set"),
                PropName::new("urn:x", "odd"),
            ])
        );
        assert_eq!(propfind(b"").map(|w| w.props), Ok(PropRequest::All));
    }

    fn err<T: std::fmt::Debug>(r: Result<T, XmlError>) -> XmlError {
        match r {
            Err(e) => e,
            Ok(v) => panic!("expected an error, got {v:?}"),
        }
    }

    #[test]
    fn malformed_and_unknown_bodies_say_what_is_wrong() {
        let e = err(propfind(b"<d:propfind xmlns:d=\"DAV:\"><d:prop>"));
        assert!(e.0.contains("ends before"), "{e}");
        let e = err(propfind(b"<x:propfind><x:prop/></x:propfind>"));
        assert!(e.0.contains("not declared"), "{e}");
        let e = err(report(b"<d:expand-property xmlns:d=\"DAV:\"/>"));
        assert!(e.0.contains("unknown REPORT {DAV:}expand-property"), "{e}");
        let e = err(report(b"<!DOCTYPE x [<!ENTITY a \"b\">]><x/>"));
        assert!(e.0.contains("DOCTYPE"), "{e}");
    }

    #[test]
    fn reads_reports() {
        let body =
            br#"<C:addressbook-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
              <D:prop><D:getetag/><C:address-data version="4.0"/></D:prop>
              <D:href>/dav/books/1/private/a%20b.vcf</D:href><D:href>/x&amp;y.vcf</D:href>
            </C:addressbook-multiget>"#;
        match report(body) {
            Ok(Report::Multiget { wanted, hrefs }) => {
                assert!(wanted.v4);
                assert_eq!(hrefs, vec!["/dav/books/1/private/a%20b.vcf", "/x&y.vcf"]);
            }
            other => panic!("{other:?}"),
        }
        let body = br#"<C:addressbook-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
              <D:prop><D:getetag/></D:prop>
              <C:filter test="anyof"><C:prop-filter name="email">
                <C:text-match collation="i;unicode-casemap" match-type="starts-with">zofia</C:text-match>
              </C:prop-filter></C:filter><C:limit><C:nresults>5</C:nresults></C:limit>
            </C:addressbook-query>"#;
        match report(body) {
            Ok(Report::Query { filter, limit, .. }) => {
                assert_eq!(limit, Some(5));
                assert_eq!(filter.props[0].name, "EMAIL");
                assert_eq!(filter.props[0].matches[0].match_type, MatchType::StartsWith);
                assert_eq!(filter.props[0].matches[0].text, "zofia");
            }
            other => panic!("{other:?}"),
        }
    }
}
