//! The desk's template overrides (`templates/`): each must parse, or
//! `factdesk report` would refuse to render. Parsing is the report's own
//! (`report::templates::syntax_problems`); this module only turns what it
//! finds into diagnostics with the file and line.

use crate::diag::{Code, Diagnostic, Place, Remedy, Run};
use crate::report::templates::{syntax_problems, Templates};
use crate::report::ReportError;
use crate::store::TEMPLATES_DIR;
use std::path::Path;

/// Diagnostics for the overrides in `root/templates/` that do not parse, or
/// cannot be read. A missing folder has none.
pub fn check(root: &Path) -> Vec<Diagnostic> {
    let templates = match Templates::load(root, TEMPLATES_DIR) {
        Ok(t) => t,
        Err(ReportError::TemplateFile { path, source }) => {
            return vec![super::unreadable(&path, &source)]
        }
        Err(_) => return Vec::new(),
    };
    syntax_problems(&templates)
        .into_iter()
        .map(|p| {
            let rel = Path::new(TEMPLATES_DIR).join(&p.name);
            let mut d = Diagnostic::new(
                Code::TemplateSyntax,
                &rel,
                format!("{} does not parse: {}", p.name, p.message),
            )
            .remedy(
                Remedy::text("fix the template at that line; ")
                    .then_run(Run::Report)
                    .then(" refuses to render with it"),
            );
            if p.line > 0 {
                let text = templates.overrides.get(&p.name).map_or("", String::as_str);
                d = d.at(Place::line_col(text, p.line as u32, 1));
            }
            d
        })
        .collect()
}
