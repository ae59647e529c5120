//! How the commands a hint names are typed: the library's diagnostics carry
//! a [`Remedy`] (text and [`Run`] steps), and this module, the only one that
//! knows the command line, writes each step as the command to run. Every
//! place the CLI shows or serializes diagnostics resolves them here first.

use factdesk::diag::{Diagnostic, Remedy, Run};

/// The command line of `run`, in backticks.
pub fn command(run: &Run) -> String {
    let line = match run {
        Run::Fmt => "factdesk fmt".to_string(),
        Run::Check { file } => format!("factdesk check {file}"),
        Run::SourceList => "factdesk source list".to_string(),
        Run::SourceAdd => "factdesk source add".to_string(),
        Run::Rate { summary: false } => "factdesk rate".to_string(),
        Run::Rate { summary: true } => "factdesk rate --summary".to_string(),
        Run::Reply => "factdesk reply".to_string(),
        Run::InitDefaultScale => "factdesk init --scale default".to_string(),
        Run::Report => "factdesk report".to_string(),
        Run::Review => "factdesk review".to_string(),
        Run::Approve { by, id } => format!("factdesk --by {by} review --approve {id}"),
        Run::Correct { field: None } => "factdesk correct".to_string(),
        Run::Correct { field: Some(f) } => format!("factdesk correct --{f}"),
        Run::CorrectSpeaker { id, speaker } => {
            format!("factdesk correct {id} --speaker '{speaker}' --note '…'")
        }
        Run::MapSpeaker {
            source,
            label,
            name,
        } => format!("factdesk source speakers {source} --map '{label}={name}'"),
        Run::Reattribute { source } => format!("factdesk source speakers {source} --reattribute"),
        Run::ClaimAdd => "factdesk claim add".to_string(),
        Run::EditClaim => "factdesk edit ID".to_string(),
        Run::CorrectPublished { field } => match field.as_str() {
            "speaker" => "factdesk correct ID --speaker NAME --note \"…\"".to_string(),
            "rating" | "summary" => {
                "factdesk correct ID --note \"…\" --rating …|--summary …".to_string()
            }
            other => format!("factdesk correct ID --{other} … --note \"…\""),
        },
        Run::CheckSince { rev } => format!("factdesk check --since {rev}"),
        Run::Diff { from, to } => format!("factdesk diff {from} {to}"),
    };
    format!("`{line}`")
}

/// The hint `remedy` says, with its commands written out.
pub fn hint(remedy: &Remedy) -> String {
    remedy.render(command)
}

/// `d` with its remedy written into its hint and its words into its
/// message.
pub fn resolve(d: &mut Diagnostic) {
    if let Some(r) = d.remedy.take() {
        d.hint = Some(hint(&r));
    }
    if let Some(words) = d.said.take() {
        d.message = words.render(command);
    }
}

/// A copy of `d` with its remedy written into its hint.
pub fn resolved(d: &Diagnostic) -> Diagnostic {
    let mut d = d.clone();
    resolve(&mut d);
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use factdesk::diag::Code;

    #[test]
    fn a_remedy_becomes_the_hint_with_its_commands_written_out() {
        let mut d = Diagnostic::new(Code::CrlfLineEndings, "claims/a.yaml", "CRLF").remedy(
            Remedy::text("run ")
                .then_run(Run::Fmt)
                .then(", or set `* text eol=lf` in .gitattributes"),
        );
        resolve(&mut d);
        assert_eq!(
            d.hint.as_deref(),
            Some("run `factdesk fmt`, or set `* text eol=lf` in .gitattributes")
        );
        assert_eq!(d.remedy, None);
        let map = Run::MapSpeaker {
            source: "itv".into(),
            label: "AB".into(),
            name: "Antoine Bondaz".into(),
        };
        assert_eq!(
            command(&map),
            "`factdesk source speakers itv --map 'AB=Antoine Bondaz'`"
        );
    }
}
