//! The quick path of [`super::parse`] (issue #19): the plain XML that metadata files are
//! (elements, attributes, text, the five predefined entities and character references, an
//! `<?xml …?>` declaration), read straight from the bytes after one UTF-8 check of the
//! whole file. Anything else (comments, CDATA, DOCTYPE, processing instructions, unusual
//! names, any error) gives `None`, and the file is read again by quick-xml, which builds the
//! same tree or reports the error. So this path never decides what a document means on its
//! own: it only skips quick-xml's per-event work on documents both read the same way.

use super::{LineCounter, MAX_DEPTH, Node, intern, push_text, resolve_ref, trim};
use std::borrow::Cow;

/// A tag name this path reads: ASCII letters, digits, `_`, `-`, `.` and at most one `:`
/// (prefix and local name). Others go to quick-xml.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().filter(|&b| b == b':').count() <= 1
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':'))
}

/// The offset of the `>` closing a tag whose content starts at `from`, skipping quoted
/// attribute values (as quick-xml's element parser does).
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let i = at + memchr::memchr3(b'>', b'"', b'\'', bytes.get(at..)?)?;
        match bytes.get(i)? {
            b'>' => return Some(i),
            &quote => {
                let close = memchr::memchr(quote, bytes.get(i + 1..)?)?;
                at = i + 1 + close + 1;
            }
        }
    }
}

/// The document's elements, or `None` when quick-xml must read it.
pub(super) fn parse(bytes: &[u8]) -> Option<Node<'_>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut reader = Reader {
        text,
        bytes,
        lines: LineCounter::new(bytes),
        stack: Vec::new(),
        root: None,
    };
    let mut at = 0;
    while at < bytes.len() {
        let lt = memchr::memchr(b'<', bytes.get(at..)?).map_or(bytes.len(), |i| at + i);
        reader.text_between(at, lt)?;
        if lt == bytes.len() {
            break;
        }
        at = reader.markup(lt)?;
    }
    if !reader.stack.is_empty() {
        return None;
    }
    reader.root
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    lines: LineCounter<'a>,
    /// Open elements, with their qualified names (to match the closing tags).
    stack: Vec<(Node<'a>, &'a str)>,
    root: Option<Node<'a>>,
}

impl<'a> Reader<'a> {
    /// The text from `from` to `to` (no markup inside): pieces split at references, added to
    /// the open element as quick-xml's text and reference events are.
    fn text_between(&mut self, from: usize, to: usize) -> Option<()> {
        if from == to {
            return Some(());
        }
        let Some((top, _)) = self.stack.last_mut() else {
            // Outside the root: only whitespace (anything else goes to quick-xml).
            return self
                .bytes
                .get(from..to)?
                .iter()
                .all(u8::is_ascii_whitespace)
                .then_some(());
        };
        let mut at = from;
        while at < to {
            let amp = memchr::memchr(b'&', self.bytes.get(at..to)?).map_or(to, |i| at + i);
            if amp > at {
                let piece = self.text.get(at..amp)?;
                if !top.text.is_empty() || !piece.trim_ascii().is_empty() {
                    push_text(&mut top.text, Cow::Borrowed(piece));
                }
            }
            if amp == to {
                break;
            }
            let semi = memchr::memchr3(b';', b'&', b'<', self.bytes.get(amp + 1..to)?)? + amp + 1;
            if self.bytes.get(semi) != Some(&b';') {
                return None;
            }
            let resolved = resolve_ref(self.text.get(amp + 1..semi)?)?;
            push_text(&mut top.text, Cow::Owned(resolved));
            at = semi + 1;
        }
        Some(())
    }

    /// The markup starting at `lt` (a `<`); returns the offset after it.
    fn markup(&mut self, lt: usize) -> Option<usize> {
        match self.bytes.get(lt + 1)? {
            b'/' => {
                let (mut node, qname) = self.stack.pop()?;
                let end = lt + 2 + qname.len();
                if self.text.get(lt + 2..end)? != qname || self.bytes.get(end) != Some(&b'>') {
                    return None;
                }
                node.text = trim(node.text);
                self.attach(node)?;
                Some(end + 1)
            }
            b'?' => {
                // Only the declaration, before the root.
                let gt = lt + memchr::memchr(b'>', self.bytes.get(lt..)?)?;
                let decl = self.text.get(lt..=gt)?;
                let after = decl.as_bytes().get(5).copied().unwrap_or(b'>');
                let ok = self.stack.is_empty()
                    && self.root.is_none()
                    && decl.starts_with("<?xml")
                    && matches!(after, b' ' | b'\t' | b'\r' | b'\n')
                    && decl.ends_with("?>");
                ok.then_some(gt + 1)
            }
            b'!' => None,
            _ => self.start(lt),
        }
    }

    /// A start or empty-element tag at `lt`.
    fn start(&mut self, lt: usize) -> Option<usize> {
        let gt = tag_end(self.bytes, lt + 1)?;
        let content = self.text.get(lt + 1..gt)?;
        let (content, empty) = match content.strip_suffix('/') {
            Some(c) => (c, true),
            None => (content, false),
        };
        let qname = content.split([' ', '\t', '\r', '\n']).next()?;
        if !plain_name(qname) || self.stack.len() >= MAX_DEPTH {
            return None;
        }
        if self.stack.is_empty() && self.root.is_some() {
            return None;
        }
        let local = qname.split_once(':').map_or(qname, |(_, l)| l);
        let node = Node {
            name: intern(local),
            line: self.lines.at(lt as u64),
            ..Node::default()
        };
        if empty {
            self.attach(node)?;
        } else {
            self.stack.push((node, qname));
        }
        Some(gt + 1)
    }

    fn attach(&mut self, node: Node<'a>) -> Option<()> {
        match self.stack.last_mut() {
            Some((parent, _)) => parent.children.push(node),
            None if self.root.is_none() => self.root = Some(node),
            None => return None,
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_events;
    use std::path::Path;

    /// When the quick path reads a document, quick-xml reads it too, into the same tree.
    fn same(doc: &[u8]) -> bool {
        let quick = super::parse(doc);
        let events = parse_events(Path::new("t.xml"), doc).ok();
        if let Some(q) = &quick {
            assert_eq!(Some(q), events.as_ref(), "{}", String::from_utf8_lossy(doc));
        }
        quick.is_some()
    }

    #[test]
    fn plain_documents_read_the_same_both_ways() {
        let read = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Profile xmlns=\"x\">\n    <fieldPermissions>\n        <editable>false</editable>\n        <field>A__c.B__c</field>\n    </fieldPermissions>\n</Profile>\n",
            "<a:Profile xmlns:a=\"x\">\r\n  <b>one &amp; two &#x41;&#66; &lt;x&gt;</b>\r\n  <c xsi:nil=\"true\"/>\n<d a='>' b=\"'\">  x\n  y  </d></a:Profile>",
            "<x><y>  </y><z>&amp;</z><w> a <v/> b </w>\u{a0}t\u{a0}</x>",
            "<x>\n&quot; &apos;<y>1</y>tail</x>\n\n",
            "<x>\u{ff} é</x>",
        ];
        for doc in read {
            assert!(same(doc.as_bytes()), "{doc}");
        }
        let left = [
            "<x><!-- c --></x>",
            "<x><![CDATA[a]]></x>",
            "<!DOCTYPE x><x/>",
            "<x>&e;</x>",
            "<x>a & b</x>",
            "<x></y>",
            "<x></x ><x/>",
            "<x>",
            "text<x/>",
            "<x/><y/>",
            "<?pi x?><x/>",
            "<x a:b:c=\"1\"><a:b:c/></x>",
        ];
        for doc in left {
            assert!(!same(doc.as_bytes()), "{doc}");
        }
        assert!(!same(b"<x>\xff</x>"));
    }

    #[test]
    fn the_test_trees_read_the_same_both_ways() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut read = 0;
        for dir in ["testdata", "crates/ajar-analyze/tests/fixtures"] {
            for path in crate::metadata::walk::tree(&root.join(dir)).unwrap() {
                if path.extension().is_some_and(|e| e == "xml") {
                    read += usize::from(same(&std::fs::read(&path).unwrap()));
                }
            }
        }
        assert!(read > 50, "{read}");
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_tags_read_the_same_both_ways(s in "[<>/a-c:&;!?\\[\\] \n\"'=]{0,80}") {
            same(s.as_bytes());
        }
        #[test]
        fn arbitrary_elements_read_the_same_both_ways(
            s in "(<[ab](:c)?( d=\"[<>/]\")?>|</[ab](:c)?>|<[ab]/>|&(amp|lt|#65|x);| |\n|t)*"
        ) {
            same(s.as_bytes());
        }
    }
}
