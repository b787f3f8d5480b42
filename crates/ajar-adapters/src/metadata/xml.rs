//! The one element tree of the metadata and code files: quick-xml underneath, line numbers,
//! local names only (so the `http://soap.sforce.com/2006/04/metadata` and
//! `urn:metadata.tooling.soap.sforce.com` namespaces read the same, formats.md §1.1), no DTDs.

use super::MetadataError;
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use std::borrow::Cow;
use std::path::Path;

mod names;
use names::local;

/// Deeper than any metadata file.
const MAX_DEPTH: usize = 64;

/// One element: its local name, its text (trimmed, unescaped), its line and where its
/// children are in the document's list of elements. The text borrows from the document's bytes
/// when it is one piece of text (most elements), and is only copied when entities, CDATA or
/// comments split it.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Element<'a> {
    pub(crate) name: Cow<'static, str>,
    pub(crate) text: Cow<'a, str>,
    pub(crate) line: u64,
    /// The children are `elements[start..end]` of the document.
    start: u32,
    end: u32,
}

/// A parsed document: every element in one list, the children of each element next to each
/// other, the root last. One list instead of a vector of children per element: a 1 MB
/// profile has about 7,000 elements with children, each of which was one allocation.
#[derive(Debug)]
pub(crate) struct Doc<'a> {
    elements: Vec<Element<'a>>,
}

impl<'a> Doc<'a> {
    /// The root element.
    pub(crate) fn root(&self) -> Node<'_, 'a> {
        static EMPTY: Element<'static> = Element {
            name: Cow::Borrowed(""),
            text: Cow::Borrowed(""),
            line: 0,
            start: 0,
            end: 0,
        };
        Node {
            all: &self.elements,
            // `parse` never returns a document without a root.
            el: self.elements.last().unwrap_or(&EMPTY),
        }
    }
}

/// An element of a [`Doc`], with access to its children. Its name, text and line are the
/// [`Element`]'s fields.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Node<'d, 'a> {
    all: &'d [Element<'a>],
    el: &'d Element<'a>,
}

impl<'a> std::ops::Deref for Node<'_, 'a> {
    type Target = Element<'a>;

    fn deref(&self) -> &Element<'a> {
        self.el
    }
}

impl<'d, 'a> Node<'d, 'a> {
    /// The children, in document order.
    pub(crate) fn children(&self) -> impl ExactSizeIterator<Item = Node<'d, 'a>> + use<'d, 'a> {
        let all = self.all;
        let range = self.el.start as usize..self.el.end as usize;
        all.get(range)
            .unwrap_or_default()
            .iter()
            .map(move |el| Node { all, el })
    }

    /// The element's text, borrowed for as long as the document.
    pub(crate) fn text_str(&self) -> &'d str {
        &self.el.text
    }

    /// The element's local name, borrowed for as long as the document.
    pub(crate) fn name_str(&self) -> &'d str {
        &self.el.name
    }

    /// The trimmed text of the first child named `name`.
    pub(crate) fn child_text(&self, name: &str) -> Option<&'d str> {
        self.child(name).map(|c| c.text_str())
    }

    /// Whether the first child named `name` says `true`.
    pub(crate) fn child_bool(&self, name: &str) -> bool {
        self.child_text(name)
            .is_some_and(|t| t.eq_ignore_ascii_case("true"))
    }

    /// The children named `name`.
    pub(crate) fn children_named<'n>(
        &self,
        name: &'n str,
    ) -> impl Iterator<Item = Node<'d, 'a>> + use<'d, 'a, 'n> {
        self.children().filter(move |c| c.name == name)
    }

    /// The text of the first child named `name`, when it has any.
    pub(crate) fn value(&self, name: &str) -> Option<&'d str> {
        self.child_text(name).filter(|t| !t.is_empty())
    }

    /// The first child named `name`.
    pub(crate) fn child(&self, name: &str) -> Option<Node<'d, 'a>> {
        self.children().find(|c| c.name == name)
    }
}

/// Counts lines incrementally as the reader advances: one search per line break, instead of
/// a count over the bytes of every event (most events are a few bytes long).
struct LineCounter<'a> {
    bytes: &'a [u8],
    /// The offset of the next line break not yet counted (the length when there is none).
    next: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            next: memchr::memchr(b'\n', bytes).unwrap_or(bytes.len()),
            line: 1,
        }
    }

    /// The line of `offset`: one more than the line breaks before it.
    fn at(&mut self, offset: u64) -> u64 {
        let target = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        while self.next < target {
            self.line += 1;
            let from = self.next + 1;
            self.next = memchr::memchr(b'\n', self.bytes.get(from..).unwrap_or_default())
                .map_or(self.bytes.len(), |i| from + i);
        }
        self.line
    }
}

/// The text of an element as its pieces arrive: nothing yet, one piece borrowed from the
/// document, or several pieces copied together.
fn push_text<'a>(text: &mut Cow<'a, str>, piece: Cow<'a, str>) {
    if text.is_empty() {
        *text = piece;
    } else {
        text.to_mut().push_str(&piece);
    }
}

/// Parses a whole document. Refuses DOCTYPE declarations: quick-xml does not expand external
/// entities, but a metadata file never needs one, so one is a sign of a crafted or foreign file.
pub(crate) fn parse<'a>(path: &Path, bytes: &'a [u8]) -> Result<Doc<'a>, MetadataError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    parse_events(path, bytes)
}

/// The document as it is built: the elements whose children are complete, the elements still
/// open (each with where its children start in `done`), and the completed elements whose parent
/// is still open.
struct Builder<'a> {
    elements: Vec<Element<'a>>,
    open: Vec<(Element<'a>, usize)>,
    done: Vec<Element<'a>>,
    root: Option<Element<'a>>,
}

impl<'a> Builder<'a> {
    /// An element closed: its children move to the document's list, next to each other.
    fn close(&mut self, path: &Path, line: u64) -> Result<(), MetadataError> {
        let Some((mut el, first)) = self.open.pop() else {
            return Err(MetadataError::Xml {
                path: path.to_path_buf(),
                line,
                message: "closing tag without an opening tag".into(),
            });
        };
        el.text = trim(el.text);
        let start = self.elements.len();
        self.elements.extend(self.done.drain(first..));
        (el.start, el.end) = (index(start), index(self.elements.len()));
        self.attach(el, path, line)
    }

    /// A complete element: a child of the open element, or the root.
    fn attach(&mut self, el: Element<'a>, path: &Path, line: u64) -> Result<(), MetadataError> {
        if !self.open.is_empty() {
            self.done.push(el);
        } else if self.root.is_none() {
            self.root = Some(el);
        } else {
            return Err(MetadataError::Xml {
                path: path.to_path_buf(),
                line,
                message: "more than one root element".into(),
            });
        }
        Ok(())
    }
}

/// An index into a document's elements: a file is at most 128 MiB, so fewer than 2^32.
fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// [`parse`] past the byte order mark: quick-xml's events into the element list.
fn parse_events<'a>(path: &Path, bytes: &'a [u8]) -> Result<Doc<'a>, MetadataError> {
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().trim_text(false);
    let mut lines = LineCounter::new(bytes);
    // About one element per 37 bytes in a profile: one allocation for most documents.
    let mut b = Builder {
        elements: Vec::with_capacity(bytes.len() / 32 + 8),
        open: Vec::new(),
        done: Vec::new(),
        root: None,
    };
    loop {
        let start = reader.buffer_position();
        let event = reader.read_event();
        let line = lines.at(start);
        let event = match event {
            Ok(e) => e,
            Err(e) => {
                let line = lines.at(reader.error_position());
                return Err(MetadataError::Xml {
                    path: path.to_path_buf(),
                    line,
                    message: e.to_string(),
                });
            }
        };
        match event {
            Event::Start(e) => {
                // Leading whitespace before the tag does not move the line of the element.
                let line = line + leading_newlines(bytes, start);
                // Metadata nests a few levels (flows about six); the bound keeps a hostile file
                // from nesting without end.
                if b.open.len() >= MAX_DEPTH {
                    return Err(MetadataError::TooDeep {
                        path: path.to_path_buf(),
                        line,
                    });
                }
                let el = Element {
                    name: local(&e),
                    line,
                    ..Element::default()
                };
                b.open.push((el, b.done.len()));
            }
            Event::Empty(e) => {
                let line = line + leading_newlines(bytes, start);
                let el = Element {
                    name: local(&e),
                    line,
                    ..Element::default()
                };
                b.attach(el, path, line)?;
            }
            Event::End(_) => b.close(path, line)?,
            Event::Text(t) => {
                // Indentation between elements is most of the text events: keep only text
                // that says something, or that continues text already started.
                if let Some((top, _)) = b
                    .open
                    .last_mut()
                    .filter(|(top, _)| !top.text.is_empty() || !t.trim_ascii().is_empty())
                {
                    push_text(&mut top.text, t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((top, _)) = b.open.last_mut() {
                    let piece = resolve_ref(&r).ok_or_else(|| MetadataError::Entity {
                        path: path.to_path_buf(),
                        line,
                    })?;
                    push_text(&mut top.text, Cow::Owned(piece));
                }
            }
            Event::CData(c) => {
                if let Some((top, _)) = b.open.last_mut() {
                    push_text(&mut top.text, c.into_inner());
                }
            }
            Event::DocType(_) => {
                return Err(MetadataError::Doctype {
                    path: path.to_path_buf(),
                    line,
                });
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if let Some((open, _)) = b.open.last() {
        return Err(MetadataError::Xml {
            path: path.to_path_buf(),
            line: open.line,
            message: format!(
                "element `{}` is never closed (the file ends at line {})",
                open.name,
                lines.at(u64::MAX)
            ),
        });
    }
    let root = b.root.ok_or_else(|| MetadataError::Xml {
        path: path.to_path_buf(),
        line: 1,
        message: "no root element".into(),
    })?;
    b.elements.push(root);
    Ok(Doc {
        elements: b.elements,
    })
}

/// `text` without its leading and trailing whitespace, still borrowed when it was.
fn trim(text: Cow<'_, str>) -> Cow<'_, str> {
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
        Cow::Owned(s) if s.trim().len() == s.len() => Cow::Owned(s),
        Cow::Owned(s) => Cow::Owned(s.trim().to_owned()),
    }
}

fn leading_newlines(bytes: &[u8], start: u64) -> u64 {
    let from = usize::try_from(start).unwrap_or(usize::MAX);
    let rest = bytes.get(from..).unwrap_or_default();
    if rest.first() == Some(&b'<') {
        return 0;
    }
    let lt = memchr::memchr(b'<', rest).unwrap_or(0);
    memchr::memchr_iter(b'\n', rest.get(..lt).unwrap_or_default()).count() as u64
}

/// The five predefined entities and character references; anything else is an entity the
/// document would have to declare, which we refuse.
fn resolve_ref(name: &str) -> Option<String> {
    let s = match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        _ => {
            let code =
                if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    name.strip_prefix('#')?.parse().ok()?
                };
            return char::from_u32(code).map(String::from);
        }
    };
    Some(s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Doc<'_>, MetadataError> {
        parse(Path::new("t.xml"), s.as_bytes())
    }

    #[test]
    fn lines_names_and_text() {
        let d = p("<?xml version=\"1.0\"?>\n<a:Profile xmlns:a=\"x\">\n  <b>one &amp; two</b>\n  <c xsi:nil=\"true\"/>\n</a:Profile>\n").unwrap();
        let n = d.root();
        assert_eq!(n.name, "Profile");
        assert_eq!(n.line, 2);
        assert_eq!(n.child_text("b"), Some("one & two"));
        assert_eq!(n.child("b").unwrap().line, 3);
        assert_eq!(n.child("c").unwrap().line, 4);
        assert_eq!(n.child_text("c"), Some(""));
    }

    #[test]
    fn a_byte_order_mark_and_either_namespace_read_the_same() {
        let d = p("\u{feff}<ApexClass xmlns=\"urn:metadata.tooling.soap.sforce.com\">\n<status>Active</status>\n</ApexClass>").unwrap();
        let a = d.root();
        assert_eq!(
            (a.name.as_ref(), a.value("status"), a.line),
            ("ApexClass", Some("Active"), 1)
        );
        assert_eq!(a.value("apiVersion"), None);
    }

    #[test]
    fn nesting_past_the_bound_is_refused_with_its_line() {
        let deep = format!("<x>\n{}{}</x>", "<a>".repeat(100), "</a>".repeat(100));
        let e = p(&deep).unwrap_err();
        assert!(matches!(e, MetadataError::TooDeep { line: 2, .. }), "{e:?}");
    }

    #[test]
    fn doctype_is_refused_with_line() {
        let e = p("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<x>&e;</x>").unwrap_err();
        assert!(matches!(e, MetadataError::Doctype { line: 2, .. }), "{e:?}");
    }

    #[test]
    fn undeclared_entity_is_refused() {
        let e = p("<x>\n&e;</x>").unwrap_err();
        assert!(matches!(e, MetadataError::Entity { line: 2, .. }), "{e:?}");
    }

    #[test]
    fn malformed_names_a_line() {
        let e = p("<x>\n<y>\n</z></x>").unwrap_err();
        assert!(matches!(e, MetadataError::Xml { line: 3, .. }), "{e:?}");
        let e = p("<x>\n<y>\n").unwrap_err();
        assert!(matches!(e, MetadataError::Xml { line: 2, .. }), "{e:?}");
        assert!(
            e.to_string()
                .contains("`y` is never closed (the file ends at line 3)"),
            "{e}"
        );
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = parse(Path::new("t.xml"), &bytes);
        }
        #[test]
        fn arbitrary_tags_never_panic(s in "[<>/a-z&;!\\[\\] \n\"=]{0,80}") {
            let _ = parse(Path::new("t.xml"), s.as_bytes());
        }
    }
}
