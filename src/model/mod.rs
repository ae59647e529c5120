//! Plain data of a desk: claims, sources, evidence, the rating scale and the
//! editorial workflow. No files, no YAML text, no git, no printing: the
//! `store` module reads and writes these types, the `cli` shows them.

pub mod brief;
mod choice;
pub mod claim;
pub mod dates;
pub mod desk;
pub mod editor;
pub mod fields;
pub mod hygiene;
pub mod id;
pub mod order;
pub mod replay;
pub mod select;
pub mod source;
pub mod url;
pub mod workflow;

pub use brief::Brief;
pub use claim::{
    Action, Claim, Correction, CorrectionKind, Decision, Evidence, HistoryEntry, Location,
    Priority, Review, RightOfReply, Stance, Status, Triage,
};
pub use desk::{DeskConfig, PublishRules, Publisher, RatingScale, RatingValue};
pub use editor::{same_editor, Editor, Identity, SAME_EDITOR_RULE};
pub use id::{ClaimId, IdError};
pub use order::DeskKey;
pub use select::Selection;
pub use source::{Source, SpeakerEntry, SpeakerLabel, SpeakerRole, TranscriptFormat};

/// SHA-256 of `bytes`, lower-case hex: transcripts' recorded hashes, the
/// digest an approval binds, cache keys. The one implementation.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut s = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        s.push_str(&format!("{b:02x}"));
    }
    s
}
