//! Check-worthiness ranking for `factdesk extract`: scores every sentence of a
//! transcript by how much it deserves checking (figures, dates, names,
//! comparisons, attributions high; questions, greetings, reactions and pure
//! opinion low) with a logistic-regression model learned from the CLEF-2019
//! CheckThat! data. The weights are embedded in the binary; scoring is offline
//! and deterministic. A ranking is a triage aid for editors, never a verdict.

pub mod features;
mod lexicon;
pub mod train;
pub mod weights;

#[cfg(test)]
mod tests;

use std::sync::OnceLock;

use crate::transcript::Sentence;
pub use weights::{Weights, WeightsError};

/// The version of the embedded weights; changes whenever the weights change.
pub const MODEL_VERSION: &str = "cw-2026.11-lr1";

/// The embedded weights file, as written by
/// `cargo run --release --example train_checkworthiness -- --write`.
pub const WEIGHTS_TEXT: &str = include_str!("checkworthiness.weights");

/// Where the embedded weights file lives, relative to the repository root.
pub const WEIGHTS_PATH: &str = "src/extract/checkworthiness.weights";

/// A sentence's place in the input slice and its check-worthiness score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    pub index: usize,
    pub score: f64,
}

/// The embedded weights, parsed once. A broken embedded file is a build
/// defect caught by the unit tests; should it happen anyway, every sentence
/// scores 0.5 rather than the program failing.
pub fn embedded() -> &'static Weights {
    static WEIGHTS: OnceLock<Weights> = OnceLock::new();
    WEIGHTS.get_or_init(|| {
        Weights::parse(WEIGHTS_TEXT).unwrap_or_else(|_| Weights::zero(MODEL_VERSION))
    })
}

/// Scores with given weights, in input order, each in `0..=1`.
pub fn score_with(weights: &Weights, sentences: &[Sentence]) -> Vec<f64> {
    features::featurize(sentences)
        .iter()
        .map(|f| sigmoid(weights.logit(f)))
        .collect()
}

/// Check-worthiness of each sentence, in input order, each in `0..=1`.
/// Deterministic; a sentence's neighbours and speaker count, so score whole
/// transcripts rather than single sentences.
pub fn score_sentences(sentences: &[Sentence]) -> Vec<f64> {
    score_with(embedded(), sentences)
}

/// Sentences by score, highest first; ties by index, lowest first.
pub fn rank(sentences: &[Sentence]) -> Vec<Scored> {
    order(&score_sentences(sentences))
}

/// Sorts scores highest first, ties by index.
pub fn order(scores: &[f64]) -> Vec<Scored> {
    let mut out: Vec<Scored> = scores
        .iter()
        .enumerate()
        .map(|(index, &score)| Scored { index, score })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
    out
}

fn sigmoid(x: f64) -> f64 {
    let s = 1.0 / (1.0 + (-x).exp());
    if s.is_finite() {
        s.clamp(0.0, 1.0)
    } else {
        0.5
    }
}
