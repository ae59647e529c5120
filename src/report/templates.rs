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
pub const BUILTIN: [(&str, &str); 10] = [
    ("README.md", include_str!("templates/README.md")),
    ("source-line.md", include_str!("templates/source-line.md")),
    ("source.md", include_str!("templates/source.md")),
    ("claim.md", include_str!("templates/claim.md")),
    ("index.html", include_str!("templates/index.html")),
    ("claim.html", include_str!("templates/claim.html")),
    ("check.html", include_str!("templates/check.html")),
    ("parts.html", include_str!("templates/parts.html")),
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
    /// Reads every file of the desk folder `rel` (not recursive) as a
    /// template override; a missing folder means no overrides. The folder
    /// and its templates must be real files: a link is refused by name.
    pub fn load(root: &Path, rel: &str) -> Result<Templates, ReportError> {
        crate::store::desk_files::overrides(root, rel, is_template_name)
            .map(|overrides| Templates { overrides })
            .map_err(|(path, source)| ReportError::TemplateFile { path, source })
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
    let mut env = bare_environment()?;
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

/// A desk override that does not parse: its file name, 1-based line (0 when
/// unknown) and minijinja's message. `factdesk check` reports these before
/// `report` would fail on them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxProblem {
    pub name: String,
    pub line: usize,
    pub message: String,
}

/// Every override of `templates` that does not parse, each on its own (one
/// broken file does not hide another).
pub fn syntax_problems(templates: &Templates) -> Vec<SyntaxProblem> {
    let Ok(mut env) = bare_environment() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, text) in &templates.overrides {
        if let Err(e) = env.add_template_owned(name.clone(), text.clone()) {
            out.push(SyntaxProblem {
                name: name.clone(),
                line: e.line().unwrap_or(0),
                message: e.detail().unwrap_or("syntax error").to_string(),
            });
        }
    }
    out
}

/// The environment's settings without any template.
fn bare_environment() -> Result<Environment<'static>, ReportError> {
    let mut env = Environment::new();
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(template_error)?;
    env.set_syntax(syntax);
    // Errors name what was undefined (a macro a page imports that an
    // override no longer defines) in every build, not only debug ones:
    // minijinja's debug mode only costs anything when an error is made.
    env.set_debug(true);
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
