//! The desk's template overrides (`templates/`): each must parse, or
//! `factdesk report` would refuse to render. Parsing is the report's own
//! (`report::templates::syntax_problems`); this module only turns what it
//! finds into diagnostics with the file and line.

use crate::diag::{Code, Diagnostic, Place, Remedy, Run};
use crate::report::templates::{is_template_name, syntax_problems, Templates};
use crate::store::desk_files::DeskFiles;
use crate::store::TEMPLATES_DIR;
use std::path::Path;

/// Diagnostics for the overrides in `templates/` that do not parse, or
/// cannot be read (the store reads them, as it does for `report`). A
/// missing folder has none.
pub fn check(files: &DeskFiles) -> Vec<Diagnostic> {
    let templates = match files.overrides(TEMPLATES_DIR, is_template_name) {
        Ok(overrides) => Templates { overrides },
        Err((path, source)) => return vec![super::unreadable(&path, &source)],
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
