//! A small HTML tokenizer for the report tests: start tags with their
//! attributes (entities decoded) and the text of `<script>` elements. It
//! follows the HTML syntax the report relies on (comments, raw-text
//! `script`/`style`, quoted and unquoted attributes); the browser tests
//! check the same pages in a real engine. Hand-written because an HTML
//! parser crate (html5ever and its selectors) would add dozens of
//! dependencies to every build for two questions: which ids a page has,
//! and which JSON-LD it embeds.

#![allow(dead_code)]

use std::collections::BTreeMap;

/// A start tag: lower-case name and attributes (values decoded).
#[derive(Debug, Clone)]
pub struct Element {
    pub name: String,
    pub attrs: BTreeMap<String, String>,
    /// For `script` and `style`: the raw text inside.
    pub text: Option<String>,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }
}

/// Decodes the character references minijinja and the templates write.
pub fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|e| *e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let ch = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            n if n.starts_with("#x") || n.starts_with("#X") => u32::from_str_radix(&n[2..], 16)
                .ok()
                .and_then(char::from_u32),
            n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every start tag of `html`, in document order.
pub fn elements(html: &str) -> Vec<Element> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off;
        if html[i..].starts_with("<!--") {
            i += html[i..].find("-->").map_or(html.len() - i, |e| e + 3);
            continue;
        }
        if b.get(i + 1).is_none_or(|c| !c.is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        let (el, end) = start_tag(html, i + 1);
        i = end;
        let mut el = el;
        if el.name == "script" || el.name == "style" {
            let close = format!("</{}", el.name);
            let stop = html[i..].find(&close).map_or(html.len(), |e| i + e);
            el.text = Some(html[i..stop].to_string());
            i = stop;
        }
        out.push(el);
    }
    out
}

fn start_tag(html: &str, mut i: usize) -> (Element, usize) {
    let b = html.as_bytes();
    let start = i;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let name = html[start..i].to_ascii_lowercase();
    let mut attrs = BTreeMap::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            i = (i + 1).min(b.len());
            break;
        }
        let s = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>') {
            i += 1;
        }
        let key = html[s..i].to_ascii_lowercase();
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            match b.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let e = html[i + 1..].find(q as char).map_or(b.len(), |e| i + 1 + e);
                    value = decode(&html[i + 1..e]);
                    i = (e + 1).min(b.len());
                }
                _ => {
                    let s = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = decode(&html[s..i]);
                }
            }
        }
        attrs.entry(key).or_insert(value);
    }
    (
        Element {
            name,
            attrs,
            text: None,
        },
        i,
    )
}

/// The `id`s of the page's elements.
pub fn ids(html: &str) -> Vec<String> {
    elements(html)
        .into_iter()
        .filter_map(|e| e.attr("id").map(str::to_string))
        .collect()
}

/// The parsed JSON-LD blocks of the page.
pub fn json_ld(html: &str) -> Vec<serde_json::Value> {
    elements(html)
        .into_iter()
        .filter(|e| e.name == "script" && e.attr("type") == Some("application/ld+json"))
        .map(|e| serde_json::from_str(e.text.as_deref().unwrap_or("")).expect("JSON-LD parses"))
        .collect()
}

#[test]
fn the_tokenizer_reads_attributes_comments_and_raw_text() {
    let html = "<!-- <a id=\"no\"> --><p id=one class=x>t</p><a href='checks&#x2f;a.html' id=\"t&amp;o\">\
                <script type=\"application/ld+json\">[{\"a\":\"<b id=\\\"in\\\">\"}]</script><br/><img alt=\"1 < 2\" id=z>";
    assert_eq!(ids(html), ["one", "t&o", "z"]);
    let a = elements(html).into_iter().find(|e| e.name == "a").unwrap();
    assert_eq!(a.attr("href"), Some("checks/a.html"));
    assert_eq!(json_ld(html)[0][0]["a"], "<b id=\"in\">");
}
