//! The built-in templates (embedded in the binary), a desk's overrides from
//! its `templates/` folder (one file at a time), and the one function that
//! builds the minijinja `Environment` with the escaping rules.

use super::escape;
use super::ReportError;
use minijinja::syntax::SyntaxConfig;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, State, UndefinedBehavior, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// The built-in templates: name and text.
pub const BUILTIN: [(&str, &str); 9] = [
    ("README.md", include_str!("templates/README.md")),
    ("source-line.md", include_str!("templates/source-line.md")),
    ("source.md", include_str!("templates/source.md")),
    ("claim.md", include_str!("templates/claim.md")),
    ("index.html", include_str!("templates/index.html")),
    ("claim.html", include_str!("templates/claim.html")),
    ("check.html", include_str!("templates/check.html")),
    ("style.css", include_str!("templates/style.css")),
    ("filter.js", include_str!("templates/filter.js")),
];

/// The custom auto-escape mode name for Markdown templates.
const MARKDOWN: &str = "markdown";

/// Template texts by name: the built-ins, replaced or extended by a desk's files.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    pub overrides: BTreeMap<String, String>,
}

impl Templates {
    /// Reads every file of `dir` (not recursive) as a template override; a
    /// missing folder means no overrides.
    pub fn load(dir: &Path) -> Result<Templates, ReportError> {
        let mut overrides = BTreeMap::new();
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Templates::default()),
            Err(source) => {
                return Err(ReportError::TemplateFile {
                    path: dir.to_path_buf(),
                    source,
                })
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if !path.is_file() || name.starts_with('.') || !is_template_name(name) {
                continue;
            }
            let text = crate::store::read_regular_text(&path).map_err(|source| {
                ReportError::TemplateFile {
                    path: path.clone(),
                    source,
                }
            })?;
            overrides.insert(name.to_string(), text);
        }
        Ok(Templates { overrides })
    }

    /// Names of the overrides that replace a built-in template.
    pub fn replaced(&self) -> Vec<&str> {
        BUILTIN
            .iter()
            .map(|(n, _)| *n)
            .filter(|n| self.overrides.contains_key(*n))
            .collect()
    }
}

/// Extensions a template may have; the extension picks the escaping.
pub const TEMPLATE_EXTENSIONS: [&str; 5] = ["html", "htm", "md", "css", "js"];

/// Whether a file of a desk's `templates/` folder is a template (others are ignored).
pub fn is_template_name(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(stem, ext)| !stem.is_empty() && TEMPLATE_EXTENSIONS.contains(&ext))
}

/// Builds the environment: HTML autoescaping for `.html`, Markdown escaping
/// for `.md`, strict undefined values, and the `json_script` filter.
pub fn environment(templates: &Templates) -> Result<Environment<'static>, ReportError> {
    let mut env = Environment::new();
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(template_error)?;
    env.set_syntax(syntax);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") || name.ends_with(".htm") {
            AutoEscape::Html
        } else if name.ends_with(".md") {
            AutoEscape::Custom(MARKDOWN.into())
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(markdown_formatter);
    env.add_filter("json_script", json_script);
    for (name, text) in BUILTIN {
        let text = templates.overrides.get(name).map_or(text, String::as_str);
        env.add_template_owned(name.to_string(), text.to_string())
            .map_err(template_error)?;
    }
    for (name, text) in &templates.overrides {
        if !BUILTIN.iter().any(|(n, _)| n == name) {
            env.add_template_owned(name.clone(), text.clone())
                .map_err(template_error)?;
        }
    }
    Ok(env)
}

/// Writes values in Markdown templates with every markup character escaped;
/// other modes use minijinja's own escaping.
fn markdown_formatter(
    out: &mut minijinja::Output,
    state: &mut State,
    value: &Value,
) -> Result<(), Error> {
    if matches!(state.auto_escape(), AutoEscape::Custom(m) if m == MARKDOWN) && !value.is_safe() {
        if value.is_none() || value.is_undefined() {
            return Ok(());
        }
        let text = match value.as_str() {
            Some(s) => escape::markdown(s),
            None => escape::markdown(&value.to_string()),
        };
        return out
            .write_str(&text)
            .map_err(|e| Error::new(ErrorKind::WriteFailure, e.to_string()));
    }
    minijinja::escape_formatter(out, state, value)
}

/// `value|json_script`: JSON from serde_json that cannot close a `<script>`.
fn json_script(value: &Value) -> Result<Value, Error> {
    let json = serde_json::to_string(value)
        .map_err(|e| Error::new(ErrorKind::BadSerialization, e.to_string()))?;
    Ok(Value::from_safe_string(escape::json_for_script(&json)))
}

/// A template error with its file and line, for the person who wrote it.
pub fn template_error(e: Error) -> ReportError {
    ReportError::Template {
        name: e.name().unwrap_or("?").to_string(),
        line: e.line().unwrap_or(0),
        message: e.to_string(),
    }
}
