//! Where each node of a record's YAML sits, read from the events of the one
//! YAML parser the desk uses (libyaml's, the parser under serde_yaml), so a
//! diagnostic about `evidence[1].url` points where the parser read that
//! value, whatever the layout: block or flow, quoted keys, items whose
//! content starts on the next line, comments between. Built on demand, for
//! a record that has something to report; a record without problems never
//! pays for it.
//!
//! This is the only place that drives the parser's event API directly,
//! which is a C-style interface (raw pointers, explicit initialise and
//! delete), as serde_yaml's own wrapper does; everything unsafe is in
//! [`events`], and what leaves it is owned, checked data.

use libyaml_rs as sys;
use std::collections::HashMap;
use std::mem::MaybeUninit;

/// One node of the document: where it starts and what it holds.
#[derive(Debug)]
struct Node {
    /// Byte offset where the parser read the node's first character.
    start: usize,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    /// A scalar (or an alias); `empty` for a plain scalar of no characters
    /// (`key:` with nothing after it), whose place is the key's.
    Scalar { empty: bool },
    /// Each key's offset and value node, by key text (the first of a
    /// repeated key: the duplicate is reported apart).
    Map(HashMap<String, (usize, usize)>),
    /// Items in order.
    Seq(Vec<usize>),
}

/// The node tree of a document: as much of it as the parser read, when it
/// stopped at a syntax error.
#[derive(Debug, Default)]
pub struct Marks {
    nodes: Vec<Node>,
    root: Option<usize>,
}

/// A step into a node: a mapping's key or a sequence's item.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    Key(&'a str),
    Item(usize),
}

/// Whether a place is a field's key or its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aim {
    Key,
    Value,
}

/// What [`events`] reports of each event: enough to build the tree.
enum Event {
    MappingStart,
    SequenceStart,
    End,
    Scalar { text: String, empty: bool },
    Alias,
}

impl Marks {
    /// Reads the first document of `text` with the YAML parser.
    pub fn of(text: &str) -> Marks {
        let mut marks = Marks::default();
        let mut stack: Vec<usize> = Vec::new();
        // The key read for the innermost mapping, waiting for its value.
        let mut pending: Vec<Option<(String, usize)>> = Vec::new();
        events(text, |event, start| {
            let (kind, key_text) = match event {
                Event::End => {
                    stack.pop();
                    pending.pop();
                    return;
                }
                Event::MappingStart => (Kind::Map(HashMap::new()), None),
                Event::SequenceStart => (Kind::Seq(Vec::new()), None),
                Event::Scalar { text, empty } => (Kind::Scalar { empty }, Some(text)),
                Event::Alias => (Kind::Scalar { empty: false }, None),
            };
            let id = marks.nodes.len();
            let opens = matches!(kind, Kind::Map(_) | Kind::Seq(_));
            marks.nodes.push(Node { start, kind });
            match stack.last().copied() {
                None => {
                    if marks.root.is_none() {
                        marks.root = Some(id);
                    }
                }
                Some(parent) => {
                    let waiting = pending.last_mut().and_then(Option::take);
                    match (&mut marks.nodes[parent].kind, waiting) {
                        (Kind::Seq(items), _) => items.push(id),
                        (Kind::Map(entries), Some((key, at))) => {
                            entries.entry(key).or_insert((at, id));
                        }
                        (Kind::Map(_), None) => {
                            // A collection or alias as a key names no field.
                            if let Some(slot) = pending.last_mut() {
                                *slot = Some((key_text.unwrap_or_default(), start));
                            }
                        }
                        (Kind::Scalar { .. }, _) => {}
                    }
                }
            }
            if opens {
                stack.push(id);
                pending.push(None);
            }
        });
        marks
    }

    /// The byte offset of the node at `path` aimed at its key or value, or
    /// of the deepest part of the path the document has. A scalar value, or
    /// a flow collection on its key's line, is placed at the value; a block
    /// mapping or sequence below its key, or no value, at the key. A
    /// sequence item is placed at its dash, or at its value when that is a
    /// scalar.
    pub fn offset(&self, text: &str, path: &[Step], aim: Aim) -> usize {
        let Some(mut node) = self.root else {
            return 0;
        };
        let mut best = self.nodes[node].start;
        let last = path.len().saturating_sub(1);
        for (i, step) in path.iter().enumerate() {
            match (step, &self.nodes[node].kind) {
                (Step::Key(k), Kind::Map(entries)) => {
                    let Some((key_at, value)) = entries.get(*k) else {
                        return best;
                    };
                    best = *key_at;
                    let v = &self.nodes[*value];
                    let empty = matches!(v.kind, Kind::Scalar { empty: true });
                    let on_key_line = !text
                        .get(*key_at..v.start)
                        .is_none_or(|between| between.contains('\n'));
                    let scalar = matches!(v.kind, Kind::Scalar { .. });
                    if (on_key_line || scalar) && !empty && (i < last || aim == Aim::Value) {
                        best = v.start;
                    }
                    node = *value;
                }
                (Step::Item(n), Kind::Seq(items)) => {
                    let Some(item) = items.get(*n) else {
                        return best;
                    };
                    let v = &self.nodes[*item];
                    best = match v.kind {
                        Kind::Scalar { empty: false } => v.start,
                        _ => dash_before(text, v.start).unwrap_or(v.start),
                    };
                    node = *item;
                }
                _ => return best,
            }
        }
        best
    }
}

/// The offset of the `-` that opens the block sequence item whose node
/// starts at `at` (spaces or line breaks between them), if there is one.
fn dash_before(text: &str, at: usize) -> Option<usize> {
    let before = text.get(..at)?;
    let trimmed = before.trim_end_matches([' ', '\n', '\r']);
    trimmed.ends_with('-').then(|| trimmed.len() - 1)
}

/// Runs the YAML parser over `text` and reports each node event of its
/// first document with the byte offset where the node starts; stops at the
/// end of that document or at the first syntax error.
fn events(text: &str, mut each: impl FnMut(Event, usize)) {
    // A byte-order mark is left out, as the loader does before parsing
    // (the parser would read it as content), and counted back in offsets.
    let (text, skipped) = match text.strip_prefix('\u{feff}') {
        Some(body) => (body, '\u{feff}'.len_utf8()),
        None => (text, 0),
    };
    /// Deletes the parser however the loop ends.
    struct Parser(Box<MaybeUninit<sys::yaml_parser_t>>);
    impl Drop for Parser {
        fn drop(&mut self) {
            // SAFETY: only built after `yaml_parser_initialize` succeeded.
            unsafe { sys::yaml_parser_delete(self.0.as_mut_ptr()) }
        }
    }
    let mut raw = Box::new(MaybeUninit::<sys::yaml_parser_t>::uninit());
    // SAFETY: initialises the parser in place; on failure nothing is owned.
    if unsafe { sys::yaml_parser_initialize(raw.as_mut_ptr()) }.fail {
        return;
    }
    let mut parser = Parser(raw);
    let p = parser.0.as_mut_ptr();
    // SAFETY: `text` outlives the parser, which is dropped at the end of
    // this function and only reads the bytes given.
    unsafe {
        sys::yaml_parser_set_encoding(p, sys::YAML_UTF8_ENCODING);
        sys::yaml_parser_set_input_string(p, text.as_ptr(), text.len() as u64);
    }
    loop {
        let mut slot = MaybeUninit::<sys::yaml_event_t>::uninit();
        // SAFETY: on success the parser has written a whole event into the
        // slot, which is read, then deleted once, below.
        if unsafe { sys::yaml_parser_parse(p, slot.as_mut_ptr()) }.fail {
            return;
        }
        let event = slot.as_mut_ptr();
        // SAFETY: the event was written by the parser; the union field read
        // is the one its type says is set; the scalar's bytes are `length`
        // long and live until the event is deleted.
        let (read, done) = unsafe {
            let e = &*event;
            let start = (e.start_mark.index as usize).saturating_add(skipped);
            let read = match e.type_ {
                sys::YAML_MAPPING_START_EVENT => Some(Event::MappingStart),
                sys::YAML_SEQUENCE_START_EVENT => Some(Event::SequenceStart),
                sys::YAML_MAPPING_END_EVENT | sys::YAML_SEQUENCE_END_EVENT => Some(Event::End),
                sys::YAML_ALIAS_EVENT => Some(Event::Alias),
                sys::YAML_SCALAR_EVENT => {
                    let s = e.data.scalar;
                    let bytes = std::slice::from_raw_parts(s.value, s.length as usize);
                    Some(Event::Scalar {
                        text: String::from_utf8_lossy(bytes).into_owned(),
                        empty: s.length == 0 && s.style == sys::YAML_PLAIN_SCALAR_STYLE,
                    })
                }
                _ => None,
            };
            let done = matches!(
                e.type_,
                sys::YAML_DOCUMENT_END_EVENT | sys::YAML_STREAM_END_EVENT
            );
            sys::yaml_event_delete(event);
            (read.map(|r| (r, start)), done)
        };
        if let Some((event, start)) = read {
            each(event, start);
        }
        if done {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rest of the line where `path` is placed.
    fn at<'t>(text: &'t str, path: &[Step], aim: Aim) -> &'t str {
        let off = Marks::of(text).offset(text, path, aim);
        text[off..].lines().next().unwrap_or("")
    }

    #[test]
    fn places_block_flow_and_quoted_fields_where_the_parser_read_them() {
        let t = "# c\nid: a\n\"location\": {line: 8, 'start': x}\ntags: [a, 'b, c', d]\nevidence:\n  - url: https://a.org\n    title: A\n  -\n    url: https://b.org\n";
        assert_eq!(at(t, &[Step::Key("id")], Aim::Value), "a");
        assert_eq!(at(t, &[Step::Key("id")], Aim::Key), "id: a");
        let start = [Step::Key("location"), Step::Key("start")];
        assert_eq!(at(t, &start, Aim::Value), "x}");
        assert_eq!(at(t, &start, Aim::Key), "'start': x}");
        assert_eq!(at(t, &[Step::Key("tags"), Step::Item(2)], Aim::Value), "d]");
        let url = [Step::Key("evidence"), Step::Item(1), Step::Key("url")];
        assert_eq!(at(t, &url, Aim::Value), "https://b.org");
        assert_eq!(
            at(t, &[Step::Key("evidence"), Step::Item(0)], Aim::Value),
            "- url: https://a.org"
        );
        // A block value is placed at its key; a missing part at the deepest found.
        assert_eq!(at(t, &[Step::Key("evidence")], Aim::Value), "evidence:");
        let missing = [Step::Key("evidence"), Step::Item(5), Step::Key("url")];
        assert_eq!(at(t, &missing, Aim::Value), "evidence:");
        assert_eq!(at(t, &[Step::Key("nope")], Aim::Value), "id: a");
        // Keys and values wherever YAML allows them.
        let t = "id: a\n\"st\\x61tus\": x\n? note\n: y\nwhere: {\n  line: 2,\n  bogus: 1 }\nlong:\n  \"z\"\nempty:\n";
        assert_eq!(at(t, &[Step::Key("status")], Aim::Value), "x");
        assert_eq!(at(t, &[Step::Key("note")], Aim::Key), "note");
        assert_eq!(at(t, &[Step::Key("note")], Aim::Value), "y");
        assert_eq!(
            at(t, &[Step::Key("where"), Step::Key("bogus")], Aim::Key),
            "bogus: 1 }"
        );
        assert_eq!(at(t, &[Step::Key("long")], Aim::Value), "\"z\"");
        assert_eq!(at(t, &[Step::Key("empty")], Aim::Value), "empty:");
    }

    #[test]
    fn offsets_count_bytes_after_a_byte_order_mark_and_wide_characters() {
        let t = "\u{feff}claim: é\nnote: ünï\n";
        assert_eq!(at(t, &[Step::Key("note")], Aim::Value), "ünï");
        let t = "claim: é\r\nnote: x\r\n";
        assert_eq!(at(t, &[Step::Key("note")], Aim::Value), "x");
    }

    #[test]
    fn a_syntax_error_keeps_what_was_read_before_it() {
        let t = "id: a\nnote: b\nbad: [\n";
        assert_eq!(at(t, &[Step::Key("note")], Aim::Value), "b");
        assert_eq!(Marks::of("").offset("", &[Step::Key("x")], Aim::Value), 0);
        assert_eq!(
            Marks::of(": : :").offset(": : :", &[Step::Key("x")], Aim::Value),
            0
        );
    }
}
