//! Who a transcript label names. `Roles` holds what the source declares (its
//! speakers, interviewer, narrator and speaker map); `Roles::speaker_for` is
//! the one place a label becomes a person (or nobody: placeholders such as
//! `Speaker 2`, roles several people speak under such as `Caller`, and
//! `Q`/`A` when nobody is declared for them). `Summary` is
//! what a parsed transcript says about its speakers, for `source add` to show.

use super::labels;
use super::Transcript;
use crate::model::{SpeakerLabel, SpeakerRole};

/// Who says what, from the source metadata: used to attribute labels and
/// unlabelled text.
#[derive(Debug, Clone, Default)]
pub struct Roles {
    /// Declared speakers.
    pub speakers: Vec<String>,
    /// Asks the questions; unlabelled questions after the first labelled turn are theirs.
    pub interviewer: Option<String>,
    /// Wrote the framing paragraphs before the first labelled turn.
    pub narrator: Option<String>,
    /// Labels mapped to people.
    pub map: Vec<SpeakerLabel>,
}

/// A label's comparison key: display form, lower case, spaces collapsed.
pub fn label_key(label: &str) -> String {
    labels::display_name(label).to_lowercase()
}

impl Roles {
    /// The person a label names, or `None` when it names nobody known.
    pub fn speaker_for(&self, label: &str) -> Option<String> {
        let key = label_key(label);
        if let Some(m) = self.map.iter().find(|m| label_key(&m.label) == key) {
            return Some(m.name.clone());
        }
        if labels::is_asker_label(label) {
            return self.asker();
        }
        if labels::is_answerer_label(label) {
            return self.answerer();
        }
        if labels::is_placeholder(label) || labels::is_shared_role(label) {
            return None;
        }
        Some(labels::display_name(label))
    }

    /// Whether the speaker map names this label.
    pub fn maps(&self, label: &str) -> bool {
        let key = label_key(label);
        self.map.iter().any(|m| label_key(&m.label) == key)
    }

    /// Who asks the questions: the declared interviewer, else the one
    /// mapped moderator or interviewer.
    pub fn asker(&self) -> Option<String> {
        if self.interviewer.is_some() {
            return self.interviewer.clone();
        }
        let askers: Vec<&SpeakerLabel> = self
            .map
            .iter()
            .filter(|m| m.role.is_some_and(SpeakerRole::asks))
            .collect();
        match askers.as_slice() {
            [one] => Some(one.name.clone()),
            _ => None,
        }
    }

    /// Who answers `A:`: the one declared speaker who is not the interviewer.
    fn answerer(&self) -> Option<String> {
        let asker = self.asker();
        let mut others: Vec<&String> = self
            .speakers
            .iter()
            .filter(|s| Some(*s) != asker.as_ref())
            .collect();
        others.dedup();
        match others.as_slice() {
            [one] => Some((*one).clone()),
            _ => None,
        }
    }

    /// The part a person plays, for display.
    pub fn role_of(&self, name: &str) -> Option<SpeakerRole> {
        if let Some(r) = self
            .map
            .iter()
            .find(|m| m.name == name)
            .and_then(|m| m.role)
        {
            return Some(r);
        }
        if self.interviewer.as_deref() == Some(name) {
            return Some(SpeakerRole::Interviewer);
        }
        (self.narrator.as_deref() == Some(name)).then_some(SpeakerRole::Narrator)
    }
}

/// Turns of one speaker (or of one unattributed label).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turns {
    pub name: String,
    pub role: Option<SpeakerRole>,
    /// First file line of each turn.
    pub lines: Vec<u32>,
}

/// What a parsed transcript says about who speaks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Attributed speakers, in order of first appearance.
    pub speakers: Vec<Turns>,
    /// Labels read but naming nobody (placeholders, unmapped `Q`/`A`).
    pub unnamed: Vec<Turns>,
    /// Runs of turns under an unmapped label that names a role several
    /// people speak under (`Caller`, `Audience Member`, `Reporter`:
    /// `labels::is_shared_role`), one entry a run, in order: each is a
    /// voice of its own, never merged with another run of the same label.
    pub shared_roles: Vec<Turns>,
    /// First lines of turns with no label and no declared role.
    pub unlabelled: Vec<u32>,
    /// Labels that were read as someone else: (label, name).
    pub read_as: Vec<(String, String)>,
}

fn add_turn(list: &mut Vec<Turns>, name: &str, role: Option<SpeakerRole>, line: u32) {
    match list.iter_mut().find(|t| t.name == name) {
        Some(t) => t.lines.push(line),
        None => list.push(Turns {
            name: name.to_string(),
            role,
            lines: vec![line],
        }),
    }
}

impl Transcript {
    /// Speakers with their turns (a turn: consecutive segments of one
    /// speaker), unattributed labels and unlabelled turns.
    pub fn summary(&self, roles: &Roles) -> Summary {
        let mut s = Summary::default();
        let mut last: Option<(Option<&str>, Option<&str>)> = None;
        for seg in self.segments.iter().filter(|g| !g.text.is_empty()) {
            let who = (seg.speaker.as_deref(), seg.label.as_deref());
            let key = (who.0, if who.0.is_none() { who.1 } else { None });
            if let (Some(label), Some(name)) = (seg.label.as_deref(), seg.speaker.as_deref()) {
                let shown = labels::display_name(label);
                if shown != name && !s.read_as.iter().any(|(l, _)| *l == shown) {
                    s.read_as.push((shown, name.to_string()));
                }
            }
            if last == Some(key) {
                continue;
            }
            last = Some(key);
            match key {
                (Some(name), _) => add_turn(&mut s.speakers, name, roles.role_of(name), seg.line()),
                (None, Some(label)) if labels::is_shared_role(label) => {
                    s.shared_roles.push(Turns {
                        name: labels::display_name(label),
                        role: None,
                        lines: vec![seg.line()],
                    })
                }
                (None, Some(label)) => add_turn(
                    &mut s.unnamed,
                    &labels::display_name(label),
                    None,
                    seg.line(),
                ),
                (None, None) => s.unlabelled.push(seg.line()),
            }
        }
        s
    }
}

impl Transcript {
    /// Distinct speaker labels as written, in order of first appearance.
    pub fn labels(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for l in self.segments.iter().filter_map(|s| s.label.as_deref()) {
            if !out.iter().any(|o| label_key(o) == label_key(l)) {
                out.push(l);
            }
        }
        out
    }

    /// The speaker-map labels that no turn of this transcript carries.
    pub fn unknown_labels<'m>(&self, map: &'m [SpeakerLabel]) -> Vec<&'m str> {
        let keys: Vec<String> = self.labels().iter().map(|l| label_key(l)).collect();
        map.iter()
            .filter(|m| !keys.contains(&label_key(&m.label)))
            .map(|m| m.label.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles() -> Roles {
        Roles {
            speakers: vec!["Dr. Amara Osei".into(), "The Ledger".into()],
            interviewer: Some("The Ledger".into()),
            narrator: None,
            map: vec![SpeakerLabel {
                label: "SANDERS".into(),
                name: "Bernie Sanders".into(),
                role: None,
            }],
        }
    }

    #[test]
    fn labels_become_people_or_nobody() {
        let r = roles();
        let s = |l: &str| r.speaker_for(l);
        assert_eq!(s("sanders").as_deref(), Some("Bernie Sanders"));
        assert_eq!(s("Q").as_deref(), Some("The Ledger"));
        assert_eq!(s("A").as_deref(), Some("Dr. Amara Osei"));
        assert_eq!(s("SEN. BENEDETTI").as_deref(), Some("Sen. Benedetti"));
        assert_eq!(s("Speaker 2"), None);
        let nobody = Roles::default();
        assert_eq!(nobody.speaker_for("Q"), None);
        assert_eq!(nobody.speaker_for("A"), None);
        let two = Roles {
            speakers: vec!["Ana".into(), "Ben".into()],
            ..Roles::default()
        };
        assert_eq!(
            two.speaker_for("A"),
            None,
            "A is ambiguous between two speakers"
        );
    }

    #[test]
    fn a_role_several_people_speak_under_names_nobody_and_each_run_is_its_own() {
        let nobody = Roles::default();
        for l in ["CALLER", "Audience member", "REPORTER", "PARTICIPANT"] {
            assert_eq!(nobody.speaker_for(l), None, "{l}");
        }
        // One person within a transcript stays that person.
        for (l, who) in [
            ("THE COURT", "The Court"),
            ("MODERATOR", "Moderator"),
            ("THE PRESIDENT", "The President"),
        ] {
            assert_eq!(nobody.speaker_for(l).as_deref(), Some(who), "{l}");
        }
        // The map may name it (one caller on the show): the desk's word.
        let mapped = Roles {
            map: vec![SpeakerLabel {
                label: "CALLER".into(),
                name: "Jane Roe".into(),
                role: None,
            }],
            ..Roles::default()
        };
        assert_eq!(mapped.speaker_for("Caller").as_deref(), Some("Jane Roe"));
        let text = "HOST: You're on the air.\n\nCALLER: Taxes rose 30 percent.\n\nHOST: Next.\n\nCALLER: The bridge is closed.\n\nCALLER 2: Mine too.\n";
        let t = Transcript::parse(text, crate::model::TranscriptFormat::Text, &nobody).unwrap();
        let s = t.summary(&nobody);
        let runs: Vec<(&str, &[u32])> = (s.shared_roles.iter())
            .map(|r| (r.name.as_str(), r.lines.as_slice()))
            .collect();
        assert_eq!(runs, vec![("Caller", &[3][..]), ("Caller", &[7][..])]);
        assert_eq!(s.unnamed.len(), 1, "Caller 2 is one voice: {:?}", s.unnamed);
        assert_eq!(s.speakers.len(), 1, "only the host: {:?}", s.speakers);
    }

    #[test]
    fn a_mapped_moderator_asks_the_questions() {
        let r = Roles {
            map: vec![SpeakerLabel {
                label: "RADDATZ".into(),
                name: "Martha Raddatz".into(),
                role: Some(SpeakerRole::Moderator),
            }],
            ..Roles::default()
        };
        assert_eq!(r.asker().as_deref(), Some("Martha Raddatz"));
        assert_eq!(r.role_of("Martha Raddatz"), Some(SpeakerRole::Moderator));
    }
}
