//! `.docx` transcripts: the text of `word/document.xml`, one line a
//! paragraph (runs joined, `<w:tab/>` as a space, `<w:br/>` as a line
//! break, deleted tracked changes left out). The extracted text is what the
//! desk stores and quotes; the original file's sha256 is recorded beside it.
//! Reading is bounded: a document larger than `MAX_XML` unpacked is refused.

use std::io::Read;

/// The most bytes of `word/document.xml` read (a zip bomb stops here).
const MAX_XML: u64 = 64 * 1024 * 1024;

/// A `.docx` that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocxError {
    #[error("not a .docx file (not a zip archive: {0})")]
    NotZip(String),
    #[error("not a .docx file: it has no word/document.xml")]
    NoDocument,
    #[error("word/document.xml is larger than {} MB unpacked", MAX_XML / 1024 / 1024)]
    TooLarge,
    #[error("word/document.xml cannot be read: {0}")]
    Xml(String),
}

/// The text of a `.docx`, one line a paragraph.
pub fn extract_text(bytes: &[u8]) -> Result<String, DocxError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| DocxError::NotZip(e.to_string()))?;
    let entry = archive
        .by_name("word/document.xml")
        .map_err(|_| DocxError::NoDocument)?;
    let mut xml = Vec::new();
    entry
        .take(MAX_XML + 1)
        .read_to_end(&mut xml)
        .map_err(|e| DocxError::Xml(e.to_string()))?;
    if xml.len() as u64 > MAX_XML {
        return Err(DocxError::TooLarge);
    }
    paragraphs(&xml)
}

fn local(name: &str) -> &str {
    name
}

fn paragraphs(xml: &[u8]) -> Result<String, DocxError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = String::new();
    let mut in_text = false;
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| DocxError::Xml(format!("at byte {}: {e}", reader.buffer_position())))?;
        match event {
            Event::Start(e) if local(e.local_name().as_ref()) == "t" => in_text = true,
            Event::End(e) => match local(e.local_name().as_ref()) {
                "t" => in_text = false,
                "p" => out.push('\n'),
                _ => {}
            },
            Event::Empty(e) => match local(e.local_name().as_ref()) {
                "tab" => out.push(' '),
                "br" | "cr" | "p" => out.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => {
                out.push_str(&t.into_inner());
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(c) = r.resolve_char_ref().ok().flatten() {
                    out.push(c);
                }
                out.push_str(match r.into_inner().as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_tabs_breaks_and_deletions() {
        let xml = br#"<w:document xmlns:w="x"><w:body>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Sen</w:t></w:r><w:r><w:t xml:space="preserve">. Warren: </w:t></w:r><w:r><w:t>We &amp; they</w:t></w:r><w:del><w:r><w:delText>never</w:delText></w:r></w:del><w:r><w:tab/><w:t>agree.</w:t></w:r></w:p>
<w:p/>
<w:p><w:r><w:t>Line one</w:t><w:br/><w:t>line two &#8212; done</w:t></w:r></w:p>
</w:body></w:document>"#;
        assert_eq!(
            paragraphs(xml).unwrap(),
            "Sen. Warren: We & they agree.\n\nLine one\nline two — done\n"
        );
    }

    #[test]
    fn not_a_docx() {
        assert!(matches!(
            extract_text(b"plain text"),
            Err(DocxError::NotZip(_))
        ));
    }
}
