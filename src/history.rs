//! Git, reached through the `git` program. The only module that runs it.

use std::path::Path;
use std::process::Command;

/// `git config user.name` as seen from `dir`, if git is installed and set up.
pub fn git_user_name(dir: &Path) -> Option<String> {
    let out = Command::new("git")
        .args(["config", "user.name"])
        .current_dir(dir)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let name = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!name.is_empty()).then_some(name)
}
