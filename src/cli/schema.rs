//! `factdesk schema`: JSON Schemas for editors, and wiring them up for
//! yaml-language-server (VS Code, Neovim, Helix).

use super::{CliError, CliResult, Ctx, Outcome};
use factdesk::model::DeskConfig;
use factdesk::schema::{schema, SchemaKind};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which file's schema to print
    #[arg(value_enum, default_value = "claim")]
    kind: KindArg,
    /// Write all schemas to schemas/ and wire them up for editors instead of printing
    #[arg(long)]
    write: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum KindArg {
    Claim,
    Source,
    Desk,
}

pub fn run(ctx: &mut Ctx, a: SchemaArgs) -> CliResult {
    let desk = ctx.desk().ok();
    if a.write {
        let desk = ctx.desk()?;
        for line in install(&desk.root, &desk.config, true)? {
            ctx.out.line(line);
        }
        return Ok(Outcome::Clean);
    }
    let kind = match a.kind {
        KindArg::Claim => SchemaKind::Claim,
        KindArg::Source => SchemaKind::Source,
        KindArg::Desk => SchemaKind::Desk,
    };
    let s = schema(kind, desk.as_ref().map(|d| &d.config));
    ctx.out
        .data(serde_json::to_string_pretty(&s).unwrap_or_default());
    Ok(Outcome::Clean)
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}

/// Writes `schemas/<kind>.schema.json` (always refreshed: they are generated)
/// and `.vscode/settings.json` when missing. Returns lines to show.
pub fn install(root: &Path, config: &DeskConfig, overwrite: bool) -> Result<Vec<String>, CliError> {
    let mut lines = Vec::new();
    let dir = root.join("schemas");
    std::fs::create_dir_all(&dir)
        .map_err(|e| CliError::new(format!("cannot create {}: {e}", dir.display())))?;
    let mut mapping = serde_json::Map::new();
    for kind in SchemaKind::ALL {
        let path: PathBuf = dir.join(format!("{}.schema.json", kind.name()));
        mapping.insert(
            format!("./schemas/{}.schema.json", kind.name()),
            kind.globs().into(),
        );
        if path.exists() && !overwrite {
            lines.push(format!("  kept {} (exists)", rel(root, &path)));
            continue;
        }
        let text =
            serde_json::to_string_pretty(&schema(kind, Some(config))).unwrap_or_default() + "\n";
        factdesk::store::write_atomic(&path, text.as_bytes())
            .map_err(|e| CliError::write_failed(&path, &e))?;
        lines.push(format!("  wrote {}", rel(root, &path)));
    }
    let settings = serde_json::json!({ "yaml.schemas": mapping });
    let text = serde_json::to_string_pretty(&settings).unwrap_or_default() + "\n";
    let vscode = root.join(".vscode/settings.json");
    if vscode.exists() {
        lines.push(format!(
            "  {} exists: add this to it for completion in VS Code:\n{text}",
            rel(root, &vscode)
        ));
    } else {
        std::fs::create_dir_all(root.join(".vscode")).map_err(|e| CliError::new(e.to_string()))?;
        factdesk::store::write_atomic(&vscode, text.as_bytes())
            .map_err(|e| CliError::write_failed(&vscode, &e))?;
        lines.push(format!(
            "  wrote {} (VS Code + YAML extension)",
            rel(root, &vscode)
        ));
    }
    let helix = root.join(".helix/languages.toml");
    if !helix.exists() {
        let mut toml = String::from("# yaml-language-server schemas for this desk (written by factdesk)\n[language-server.yaml-language-server.config.yaml.schemas]\n");
        for kind in SchemaKind::ALL {
            let globs: Vec<String> = kind.globs().iter().map(|g| format!("{g:?}")).collect();
            toml.push_str(&format!(
                "\"schemas/{}.schema.json\" = [{}]\n",
                kind.name(),
                globs.join(", ")
            ));
        }
        std::fs::create_dir_all(root.join(".helix")).map_err(|e| CliError::new(e.to_string()))?;
        factdesk::store::write_atomic(&helix, toml.as_bytes())
            .map_err(|e| CliError::write_failed(&helix, &e))?;
        lines.push(format!("  wrote {} (Helix)", rel(root, &helix)));
    }
    lines.push("  Neovim: see docs/editors.md for the yamlls settings".into());
    Ok(lines)
}
