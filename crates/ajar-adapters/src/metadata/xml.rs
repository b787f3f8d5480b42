//! A small element tree over quick-xml with line numbers, local names only, and no DTDs.

use super::MetadataError;
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use std::path::Path;

/// One element: its local name, its text (trimmed, unescaped), its line and its children.
#[derive(Debug, Default)]
pub(crate) struct Node {
    pub(crate) name: String,
    pub(crate) text: String,
    pub(crate) line: u64,
    pub(crate) children: Vec<Node>,
}

impl Node {
    /// The trimmed text of the first child named `name`.
    pub(crate) fn child_text(&self, name: &str) -> Option<&str> {
        self.children
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.text.as_str())
    }

    /// Whether the first child named `name` says `true`.
    pub(crate) fn child_bool(&self, name: &str) -> bool {
        self.child_text(name)
            .is_some_and(|t| t.eq_ignore_ascii_case("true"))
    }

    /// The children named `name`.
    pub(crate) fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first child named `name`.
    pub(crate) fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
}

/// Counts lines incrementally as the reader advances.
struct LineCounter<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
}

impl LineCounter<'_> {
    fn at(&mut self, offset: u64) -> u64 {
        let target = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        if target > self.pos {
            let slice = self.bytes.get(self.pos..target).unwrap_or_default();
            self.line += memchr::memchr_iter(b'\n', slice).count() as u64;
            self.pos = target;
        }
        self.line
    }
}

// Match by local name: `.cls-meta.xml` files use a second namespace and some trees a prefix
// (formats.md §1.1).
fn local(e: &quick_xml::events::BytesStart<'_>) -> String {
    e.local_name().as_ref().to_owned()
}

/// Parses a whole document into its root element. Refuses DOCTYPE declarations: quick-xml does
/// not expand external entities, but a metadata file never needs one, so one is a sign of a
/// crafted or foreign file.
pub(crate) fn parse(path: &Path, bytes: &[u8]) -> Result<Node, MetadataError> {
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().trim_text(false);
    let mut lines = LineCounter {
        bytes,
        pos: 0,
        line: 1,
    };
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    let mut buf = Vec::new();
    loop {
        let start = reader.buffer_position();
        let event = reader.read_event_into(&mut buf);
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
                stack.push(Node {
                    name: local(&e),
                    line,
                    ..Node::default()
                });
            }
            Event::Empty(e) => {
                let line = line + leading_newlines(bytes, start);
                let node = Node {
                    name: local(&e),
                    line,
                    ..Node::default()
                };
                attach(&mut stack, &mut root, node, path, line)?;
            }
            Event::End(_) => {
                let Some(mut node) = stack.pop() else {
                    return Err(MetadataError::Xml {
                        path: path.to_path_buf(),
                        line,
                        message: "closing tag without an opening tag".into(),
                    });
                };
                let trimmed = node.text.trim();
                if trimmed.len() != node.text.len() {
                    node.text = trimmed.to_owned();
                }
                attach(&mut stack, &mut root, node, path, line)?;
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    top.text
                        .push_str(&resolve_ref(&r).ok_or_else(|| MetadataError::Entity {
                            path: path.to_path_buf(),
                            line,
                        })?);
                }
            }
            Event::CData(c) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&c);
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
        buf.clear();
    }
    if let Some(open) = stack.last() {
        return Err(MetadataError::Xml {
            path: path.to_path_buf(),
            line: open.line,
            message: format!("element `{}` is never closed", open.name),
        });
    }
    root.ok_or_else(|| MetadataError::Xml {
        path: path.to_path_buf(),
        line: 1,
        message: "no root element".into(),
    })
}

fn leading_newlines(bytes: &[u8], start: u64) -> u64 {
    let from = usize::try_from(start).unwrap_or(usize::MAX);
    let rest = bytes.get(from..).unwrap_or_default();
    let lt = memchr::memchr(b'<', rest).unwrap_or(0);
    memchr::memchr_iter(b'\n', rest.get(..lt).unwrap_or_default()).count() as u64
}

fn attach(
    stack: &mut [Node],
    root: &mut Option<Node>,
    node: Node,
    path: &Path,
    line: u64,
) -> Result<(), MetadataError> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(node),
        None if root.is_none() => *root = Some(node),
        None => {
            return Err(MetadataError::Xml {
                path: path.to_path_buf(),
                line,
                message: "more than one root element".into(),
            });
        }
    }
    Ok(())
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

    fn p(s: &str) -> Result<Node, MetadataError> {
        parse(Path::new("t.xml"), s.as_bytes())
    }

    #[test]
    fn lines_names_and_text() {
        let n = p("<?xml version=\"1.0\"?>\n<a:Profile xmlns:a=\"x\">\n  <b>one &amp; two</b>\n  <c xsi:nil=\"true\"/>\n</a:Profile>\n").unwrap();
        assert_eq!(n.name, "Profile");
        assert_eq!(n.line, 2);
        assert_eq!(n.child_text("b"), Some("one & two"));
        assert_eq!(n.child("b").unwrap().line, 3);
        assert_eq!(n.child("c").unwrap().line, 4);
        assert_eq!(n.child_text("c"), Some(""));
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
        let e = p("<x>\n<y>").unwrap_err();
        assert!(matches!(e, MetadataError::Xml { .. }), "{e:?}");
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
