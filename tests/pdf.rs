//! Just enough of PDF to read the structure tree of the tagged PDF that
//! headless Chromium prints (Skia's writer: plain `N 0 obj … endobj`
//! objects, no object streams): every piece of marked content in reading
//! order, with its page and the heading (`H1`…`H6`) it belongs to, so a test
//! can tell on which page each heading ends and on which page what follows
//! it starts. Hand-written rather than a PDF crate: the structure tree is a
//! few uncompressed dictionaries, and the test needs nothing else of the
//! file (no fonts, no content streams, no decompression).

use std::collections::HashMap;

/// A PDF value (only what the structure tree uses is kept apart).
#[derive(Debug, Clone)]
pub enum Obj {
    Dict(Vec<(String, Obj)>),
    Array(Vec<Obj>),
    Name(String),
    Num(f64),
    Ref(u32),
    Other,
}

impl Obj {
    fn get(&self, key: &str) -> Option<&Obj> {
        match self {
            Obj::Dict(d) => d.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn name(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(Obj::Name(n)) => Some(n),
            _ => None,
        }
    }

    fn reference(&self, key: &str) -> Option<u32> {
        match self.get(key) {
            Some(Obj::Ref(r)) => Some(*r),
            _ => None,
        }
    }
}

/// One piece of marked content of the structure tree, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    /// 0-based page index.
    pub page: usize,
    /// The heading it is part of: tag (`H2`) and element object number.
    pub heading: Option<(String, u32)>,
}

/// A heading whose content continues on a later page than the one it ends on.
#[derive(Debug, Clone, PartialEq)]
pub struct Stranded {
    pub tag: String,
    /// 1-based page the heading ends on, and where what follows it starts.
    pub page: usize,
    pub next_page: Option<usize>,
    /// 1-based position among the document's headings.
    pub ordinal: usize,
}

pub struct Pdf {
    objects: HashMap<u32, Obj>,
}

impl Pdf {
    /// Reads every `N G obj … endobj` of the file (stream bodies skipped).
    pub fn parse(bytes: &[u8]) -> Pdf {
        let mut objects = HashMap::new();
        let mut p = Parser { b: bytes, i: 0 };
        while let Some(start) = find(bytes, p.i, b" obj") {
            // The object number and generation just before " obj".
            let line = bytes[..start]
                .iter()
                .rposition(|c| *c == b'\n' || *c == b'\r')
                .map_or(0, |i| i + 1);
            let head = String::from_utf8_lossy(&bytes[line..start]).to_string();
            p.i = start + 4;
            let words: Vec<u32> = head
                .split_whitespace()
                .map_while(|w| w.parse().ok())
                .collect();
            let [number, _generation] = words[..] else {
                continue; // " obj" inside some text, not an object header
            };
            let value = p.value();
            objects.insert(number, value.clone());
            p.skip_space();
            if p.b[p.i..].starts_with(b"stream") {
                let len = match value.get("Length") {
                    Some(Obj::Num(n)) => *n as usize,
                    _ => 0,
                };
                p.i = find(bytes, p.i + 6 + len, b"endstream").unwrap_or(bytes.len());
            }
            p.i = find(bytes, p.i, b"endobj").map_or(bytes.len(), |e| e + 6);
        }
        Pdf { objects }
    }

    fn resolve<'a>(&'a self, o: &'a Obj) -> &'a Obj {
        match o {
            Obj::Ref(r) => self.objects.get(r).unwrap_or(&Obj::Other),
            o => o,
        }
    }

    /// The page objects, in order (the page tree walked depth first).
    pub fn pages(&self) -> Vec<u32> {
        let catalog = self
            .objects
            .values()
            .find(|o| o.name("Type") == Some("Catalog"));
        let mut out = Vec::new();
        if let Some(root) = catalog.and_then(|c| c.reference("Pages")) {
            self.page_tree(root, &mut out);
        }
        out
    }

    fn page_tree(&self, node: u32, out: &mut Vec<u32>) {
        let Some(o) = self.objects.get(&node) else {
            return;
        };
        if o.name("Type") == Some("Page") {
            out.push(node);
        } else if let Some(Obj::Array(kids)) = o.get("Kids") {
            for k in kids {
                if let Obj::Ref(r) = k {
                    self.page_tree(*r, out);
                }
            }
        }
    }

    /// The marked content of the structure tree in reading order; `None`
    /// when the PDF is not tagged.
    pub fn leaves(&self) -> Option<Vec<Leaf>> {
        let root = self
            .objects
            .values()
            .find(|o| o.name("Type") == Some("StructTreeRoot"))?;
        let pages: HashMap<u32, usize> = self
            .pages()
            .into_iter()
            .enumerate()
            .map(|(i, p)| (p, i))
            .collect();
        let mut walk = Walk {
            pdf: self,
            pages: &pages,
            out: Vec::new(),
            depth: 0,
        };
        walk.kids(root.get("K")?, None, None);
        Some(walk.out)
    }
}

struct Walk<'a> {
    pdf: &'a Pdf,
    pages: &'a HashMap<u32, usize>,
    out: Vec<Leaf>,
    depth: usize,
}

impl Walk<'_> {
    fn kids(&mut self, k: &Obj, page: Option<u32>, heading: Option<&(String, u32)>) {
        self.depth += 1;
        if self.depth > 500 {
            panic!("the structure tree is deeper than 500 levels (a cycle?)");
        }
        match k {
            Obj::Array(items) => {
                for item in items {
                    self.kids(item, page, heading);
                }
            }
            Obj::Num(_) => self.leaf(page, heading),
            Obj::Ref(r) => self.element(*r, page, heading),
            d @ Obj::Dict(_) if d.name("Type") == Some("MCR") => {
                self.leaf(d.reference("Pg").or(page), heading)
            }
            _ => {}
        }
        self.depth -= 1;
    }

    fn element(&mut self, r: u32, page: Option<u32>, heading: Option<&(String, u32)>) {
        let e = self.pdf.resolve(&Obj::Ref(r)).clone();
        if e.name("Type") == Some("OBJR") {
            return;
        }
        let page = e.reference("Pg").or(page);
        let tag = e.name("S").unwrap_or("");
        let own = is_heading(tag).then(|| (tag.to_string(), r));
        if let Some(k) = e.get("K") {
            self.kids(k, page, own.as_ref().or(heading));
        }
    }

    fn leaf(&mut self, page: Option<u32>, heading: Option<&(String, u32)>) {
        if let Some(&page) = page.and_then(|p| self.pages.get(&p)) {
            self.out.push(Leaf {
                page,
                heading: heading.cloned(),
            });
        }
    }
}

fn is_heading(tag: &str) -> bool {
    tag == "H"
        || (tag.len() == 2 && tag.starts_with('H') && (b'1'..=b'6').contains(&tag.as_bytes()[1]))
}

/// The headings (in reading order: tag and the page each ends on), and those
/// whose following content starts on a later page: left alone at a page's foot.
pub fn headings(leaves: &[Leaf]) -> (Vec<(String, usize)>, Vec<Stranded>) {
    let mut all = Vec::new();
    let mut stranded = Vec::new();
    let mut i = 0;
    while i < leaves.len() {
        let Some(h) = &leaves[i].heading else {
            i += 1;
            continue;
        };
        let mut end = i;
        while end + 1 < leaves.len() && leaves[end + 1].heading.as_ref() == Some(h) {
            end += 1;
        }
        let page = leaves[end].page;
        all.push((h.0.clone(), page + 1));
        let next = leaves.get(end + 1).map(|l| l.page);
        if next != Some(page) {
            stranded.push(Stranded {
                tag: h.0.clone(),
                page: page + 1,
                next_page: next.map(|n| n + 1),
                ordinal: all.len(),
            });
        }
        i = end + 1;
    }
    (all, stranded)
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn delimiter(c: u8) -> bool {
    c.is_ascii_whitespace() || c == 0 || b"()<>[]{}/%".contains(&c)
}

impl Parser<'_> {
    fn peek(&self) -> u8 {
        self.b.get(self.i).copied().unwrap_or(0)
    }

    fn skip_space(&mut self) {
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'%' => {
                    while self.i < self.b.len() && self.b[self.i] != b'\n' {
                        self.i += 1;
                    }
                }
                c if c.is_ascii_whitespace() || c == 0 => self.i += 1,
                _ => break,
            }
        }
    }

    fn word(&mut self) -> &[u8] {
        let start = self.i;
        while self.i < self.b.len() && !delimiter(self.b[self.i]) {
            self.i += 1;
        }
        &self.b[start..self.i]
    }

    fn value(&mut self) -> Obj {
        self.skip_space();
        if self.i >= self.b.len() {
            return Obj::Other;
        }
        match self.peek() {
            b'<' if self.b.get(self.i + 1) == Some(&b'<') => {
                self.i += 2;
                let mut d = Vec::new();
                loop {
                    self.skip_space();
                    if self.i >= self.b.len() || self.b[self.i..].starts_with(b">>") {
                        self.i += 2;
                        return Obj::Dict(d);
                    }
                    if self.peek() != b'/' {
                        self.i += 1;
                        continue;
                    }
                    self.i += 1;
                    let key = String::from_utf8_lossy(self.word()).to_string();
                    let v = self.value();
                    d.push((key, v));
                }
            }
            b'<' => {
                self.i = find(self.b, self.i, b">").map_or(self.b.len(), |e| e + 1);
                Obj::Other
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.i >= self.b.len() || self.peek() == b']' {
                        self.i += 1;
                        return Obj::Array(items);
                    }
                    items.push(self.value());
                }
            }
            b'(' => {
                self.string();
                Obj::Other
            }
            b'/' => {
                self.i += 1;
                Obj::Name(String::from_utf8_lossy(self.word()).to_string())
            }
            c if c.is_ascii_digit() || c == b'-' || c == b'+' || c == b'.' => self.number(),
            _ => {
                if self.word().is_empty() {
                    self.i += 1;
                }
                Obj::Other
            }
        }
    }

    /// A number, or `N G R` (an indirect reference).
    fn number(&mut self) -> Obj {
        let n: f64 = std::str::from_utf8(self.word())
            .ok()
            .and_then(|w| w.parse().ok())
            .unwrap_or(0.0);
        let save = self.i;
        self.skip_space();
        let generation = self.word().to_vec();
        self.skip_space();
        if !generation.is_empty()
            && generation.iter().all(u8::is_ascii_digit)
            && self.word() == b"R"
        {
            return Obj::Ref(n as u32);
        }
        self.i = save;
        Obj::Num(n)
    }

    /// Skips a literal string: balanced parentheses, backslash escapes.
    fn string(&mut self) {
        let mut depth = 0;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'\\' => self.i += 1,
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        self.i += 1;
                        return;
                    }
                }
                _ => {}
            }
            self.i += 1;
        }
    }
}
