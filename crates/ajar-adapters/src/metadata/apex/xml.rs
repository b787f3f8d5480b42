//! A small element tree over quick-xml for the code metadata files (`.cls-meta.xml`,
//! `.page-meta.xml`, `.flow-meta.xml`): names are local names, so both the
//! `http://soap.sforce.com/2006/04/metadata` and the `urn:metadata.tooling.soap.sforce.com`
//! namespaces read the same (formats.md §1.1). DOCTYPE is refused, so no entity can expand.

use super::CodeError;
use quick_xml::Reader;
use quick_xml::events::Event;

/// An element: local name, direct text (trimmed), children, line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Element {
    pub(crate) name: String,
    pub(crate) text: String,
    pub(crate) line: u64,
    pub(crate) children: Vec<Element>,
}

impl Element {
    /// The trimmed text of the first child with this local name.
    pub(crate) fn child_text(&self, name: &str) -> Option<&str> {
        self.children
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.text.trim())
            .filter(|t| !t.is_empty())
    }

    /// Children with this local name.
    pub(crate) fn all<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Element> + 's {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// Counts lines incrementally as the reader moves forward.
struct Lines<'a> {
    src: &'a [u8],
    pos: usize,
    line: u64,
}

impl Lines<'_> {
    fn at(&mut self, pos: u64) -> u64 {
        let pos = usize::try_from(pos)
            .unwrap_or(usize::MAX)
            .min(self.src.len());
        if pos > self.pos {
            let seen = self.src.get(self.pos..pos).unwrap_or(&[]);
            self.line += memchr::memchr_iter(b'\n', seen).count() as u64;
            self.pos = pos;
        }
        self.line
    }
}

/// Parses a whole document into its root element.
pub(crate) fn parse(file: &str, src: &str) -> Result<Element, CodeError> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let mut reader = Reader::from_str(src);
    let mut lines = Lines {
        src: src.as_bytes(),
        pos: 0,
        line: 1,
    };
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let xml_err = |line: u64, source: quick_xml::Error| CodeError::Xml {
        file: file.to_owned(),
        line,
        source,
    };
    loop {
        let before = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => return Err(xml_err(lines.at(reader.error_position()), e)),
        };
        let line = lines.at(before);
        match event {
            Event::Start(tag) => {
                let name = tag.local_name().as_ref().to_owned();
                stack.push(Element {
                    name,
                    line,
                    ..Element::default()
                });
            }
            Event::Empty(tag) => {
                let name = tag.local_name().as_ref().to_owned();
                attach(
                    &mut stack,
                    &mut root,
                    Element {
                        name,
                        line,
                        ..Element::default()
                    },
                );
            }
            Event::End(_) => {
                if let Some(done) = stack.pop() {
                    attach(&mut stack, &mut root, done);
                }
            }
            Event::Text(text) => push_text(&mut stack, &text.xml10_content()),
            Event::CData(data) => push_text(&mut stack, &data.xml10_content()),
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match &*reference.xml10_content() {
                        "lt" => "<".to_owned(),
                        "gt" => ">".to_owned(),
                        "amp" => "&".to_owned(),
                        "apos" => "'".to_owned(),
                        "quot" => "\"".to_owned(),
                        _ => {
                            return Err(CodeError::Syntax {
                                file: file.to_owned(),
                                line,
                                what: "undefined XML entity",
                            });
                        }
                    },
                    Err(_) => {
                        return Err(CodeError::Syntax {
                            file: file.to_owned(),
                            line,
                            what: "invalid character reference",
                        });
                    }
                };
                push_text(&mut stack, &resolved);
            }
            Event::DocType(_) => {
                return Err(CodeError::Doctype {
                    file: file.to_owned(),
                    line,
                });
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if !stack.is_empty() {
        let line = lines.at(u64::MAX);
        return Err(CodeError::Syntax {
            file: file.to_owned(),
            line,
            what: "unclosed XML element",
        });
    }
    root.ok_or_else(|| CodeError::Syntax {
        file: file.to_owned(),
        line: 1,
        what: "no XML root element",
    })
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(top) = stack.last_mut() {
        top.text.push_str(text);
    }
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None => {
            if root.is_none() {
                *root = Some(element);
            }
        }
    }
}
