//! Check-worthiness ranking for `factdesk extract`: scores every sentence of a
//! transcript by how much it deserves checking (figures, dates, names,
//! comparisons, attributions high; questions, greetings, reactions and pure
//! opinion low) with a logistic-regression model learned from the CLEF-2019
//! CheckThat! data. The weights are embedded in the binary; scoring is offline
//! and deterministic. A ranking is a triage aid for editors, never a verdict.

pub mod features;
mod lexicon;
pub mod neural;
pub mod train;
pub mod weights;

#[cfg(test)]
mod tests;

use std::sync::OnceLock;

use crate::transcript::Sentence;
pub use neural::NeuralError;
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

/// The ranker a user asks for (`factdesk extract --model`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// The fast lexical model, always available.
    Fast,
    /// The neural ranker (its encoder's linear layers in integers); an
    /// error when it cannot run.
    Neural,
    /// The neural ranker at f32, the reference arithmetic (slower; its
    /// version has no `+int16`).
    NeuralF32,
    /// The neural ranker when it is built and its weights are installed,
    /// otherwise the fast model.
    Auto,
}

/// The ranker that actually ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ranker {
    Fast,
    Neural,
}

impl Ranker {
    pub fn name(self) -> &'static str {
        match self {
            Ranker::Fast => "fast",
            Ranker::Neural => "neural",
        }
    }
}

/// A transcript's ranking and what produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub ranker: Ranker,
    /// The model version (recorded as `triage.model`).
    pub version: String,
    /// Best first, as `rank` orders them.
    pub scored: Vec<Scored>,
    /// With `Choice::Auto`: why the neural ranker did not run, when it is
    /// built but could not (weights missing or damaged).
    pub fallback: Option<NeuralError>,
}

/// Ranks with the chosen ranker. `Choice::Neural` fails when the neural
/// ranker is not built, not installed or its weights do not verify;
/// `Choice::Auto` then ranks with the fast model and says why in `fallback`.
pub fn rank_by(choice: Choice, sentences: &[Sentence]) -> Result<Ranking, NeuralError> {
    let fast = || Ranking {
        ranker: Ranker::Fast,
        version: MODEL_VERSION.to_string(),
        scored: rank(sentences),
        fallback: None,
    };
    if choice == Choice::Fast {
        return Ok(fast());
    }
    let precision = if choice == Choice::NeuralF32 {
        neural::Precision::F32
    } else {
        neural::Precision::Int16
    };
    match neural::score(sentences, precision) {
        Ok((version, scores)) => Ok(Ranking {
            ranker: Ranker::Neural,
            version,
            scored: order(&scores),
            fallback: None,
        }),
        Err(e) if choice != Choice::Auto => Err(e),
        Err(NeuralError::NotBuilt) => Ok(fast()),
        Err(e) => Ok(Ranking {
            fallback: Some(e),
            ..fast()
        }),
    }
}

/// The fast model's logits (before the sigmoid), in input order: the
/// neural ensemble's second input.
pub fn fast_logits(sentences: &[Sentence]) -> Vec<f64> {
    let w = embedded();
    features::featurize(sentences)
        .iter()
        .map(|f| w.logit(f))
        .collect()
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
