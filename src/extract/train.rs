//! Training and evaluation of the check-worthiness model: reads labelled
//! transcripts (CLEF-2019 CheckThat! TSV: `line<TAB>speaker<TAB>text<TAB>label`)
//! from strings, fits logistic regression with AdaGrad in a fixed order from a
//! fixed seed, and measures rankings (average precision, precision at k,
//! leave-one-transcript-out cross-validation, baselines). No files: callers
//! read and write them.

use rayon::prelude::*;

use super::features::{featurize, Features, DENSE, DIMENSION};
use super::{order, sigmoid, Weights};
use crate::transcript::Sentence;

/// A labelled transcript that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name}, line {line}: {message}")]
pub struct TrainError {
    pub name: String,
    pub line: usize,
    pub message: String,
}

/// A transcript with one check-worthiness label per sentence.
#[derive(Debug, Clone)]
pub struct LabelledTranscript {
    pub name: String,
    pub sentences: Vec<Sentence>,
    pub labels: Vec<bool>,
}

/// Parses a CLEF-2019 TSV: one sentence a line, used as is (not re-split).
pub fn parse_labelled(name: &str, text: &str) -> Result<LabelledTranscript, TrainError> {
    let mut out = LabelledTranscript {
        name: name.to_string(),
        sentences: Vec::new(),
        labels: Vec::new(),
    };
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |message: String| TrainError {
            name: name.to_string(),
            line: i + 1,
            message,
        };
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 4 {
            return Err(err(format!(
                "expected 4 tab-separated columns, found {}",
                cols.len()
            )));
        }
        let label = match cols[3].trim() {
            "0" => false,
            "1" => true,
            other => return Err(err(format!("label must be 0 or 1, found {other:?}"))),
        };
        let speaker = cols[1].trim();
        out.sentences.push(Sentence {
            segment: out.sentences.len(),
            line: u32::try_from(i + 1).unwrap_or(u32::MAX),
            speaker: (!speaker.is_empty()).then(|| speaker.to_string()),
            text: cols[2].trim().to_string(),
            start_ms: None,
            end_ms: None,
        });
        out.labels.push(label);
    }
    Ok(out)
}

/// Training settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Passes over the training sentences.
    pub epochs: usize,
    /// AdaGrad step size.
    pub learning_rate: f64,
    /// L2 penalty per update.
    pub l2: f64,
    /// Positive examples weigh `(negatives / positives) ^ balance`.
    pub balance: f64,
    /// N-gram buckets seen in fewer training sentences are left out.
    pub min_df: u32,
    /// Seed of the shuffles.
    pub seed: u64,
    /// Independent fits (seeds `seed`, `seed + 1`, …) whose weights are averaged.
    pub runs: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            epochs: 10,
            learning_rate: 0.05,
            l2: 0.03,
            balance: 0.5,
            min_df: 2,
            seed: 2019,
            runs: 1,
        }
    }
}

/// A transcript's feature vectors and labels, computed once.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub name: String,
    pub features: Vec<Features>,
    pub labels: Vec<bool>,
}

/// Featurizes a labelled transcript.
pub fn prepare(t: &LabelledTranscript) -> Prepared {
    Prepared {
        name: t.name.clone(),
        features: featurize(&t.sentences),
        labels: t.labels.clone(),
    }
}

/// A small deterministic generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Fits weights on the given transcripts.
pub fn train(data: &[&Prepared], params: &Params, version: &str) -> Weights {
    let examples: Vec<(&Features, bool)> = data
        .iter()
        .flat_map(|p| p.features.iter().zip(p.labels.iter().copied()))
        .collect();
    let mut df = vec![0u32; DIMENSION];
    for (f, _) in &examples {
        for &(i, _) in f.iter() {
            df[i as usize] = df[i as usize].saturating_add(1);
        }
    }
    let keep = |i: u32| (i as usize) < DENSE || df[i as usize] >= params.min_df;
    let positives = examples.iter().filter(|e| e.1).count().max(1) as f64;
    let negatives = (examples.len() as f64 - positives).max(1.0);
    let pos_weight = (negatives / positives).powf(params.balance);
    let runs = params.runs.max(1);
    let mut sum = vec![0f64; DIMENSION];
    for r in 0..runs {
        let w = fit(
            &examples,
            &keep,
            pos_weight,
            params,
            params.seed.wrapping_add(r),
        );
        for (s, x) in sum.iter_mut().zip(&w) {
            *s += x / runs as f64;
        }
    }
    let w = sum;
    let mut out = Weights::zero(version);
    for (o, x) in out.w.iter_mut().zip(&w) {
        *o = *x as f32;
    }
    out
}

/// One AdaGrad fit of the logistic loss, visiting examples in a shuffled
/// order drawn from `seed`.
fn fit(
    examples: &[(&Features, bool)],
    keep: &dyn Fn(u32) -> bool,
    pos_weight: f64,
    params: &Params,
    seed: u64,
) -> Vec<f64> {
    let mut w = vec![0f64; DIMENSION];
    let mut g2 = vec![0f64; DIMENSION];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = SplitMix(seed);
    for _ in 0..params.epochs {
        rng.shuffle(&mut order);
        for &e in &order {
            let (f, y) = examples[e];
            let z: f64 = f
                .iter()
                .filter(|x| keep(x.0))
                .map(|&(i, v)| w[i as usize] * f64::from(v))
                .sum();
            let (target, weight) = if y { (1.0, pos_weight) } else { (0.0, 1.0) };
            let g = (sigmoid(z) - target) * weight;
            for &(i, v) in f.iter().filter(|x| keep(x.0)) {
                let i = i as usize;
                let grad = g * f64::from(v) + params.l2 * w[i];
                g2[i] += grad * grad;
                w[i] -= params.learning_rate * grad / (g2[i].sqrt() + 1e-8);
            }
        }
    }
    w
}

/// Average precision of a ranking by `scores` (ties by index) against
/// `labels`; 0 when there is no positive.
pub fn average_precision(scores: &[f64], labels: &[bool]) -> f64 {
    let total = labels.iter().filter(|l| **l).count();
    if total == 0 {
        return 0.0;
    }
    let (mut hits, mut sum) = (0usize, 0f64);
    for (rank, s) in order(scores).iter().enumerate() {
        if labels.get(s.index).copied().unwrap_or(false) {
            hits += 1;
            sum += hits as f64 / (rank + 1) as f64;
        }
    }
    sum / total as f64
}

/// Share of positives among the `k` best-scored sentences.
pub fn precision_at(scores: &[f64], labels: &[bool], k: usize) -> f64 {
    let hits = order(scores)
        .iter()
        .take(k)
        .filter(|s| labels.get(s.index).copied().unwrap_or(false))
        .count();
    hits as f64 / k as f64
}

/// One held-out transcript's results.
#[derive(Debug, Clone, PartialEq)]
pub struct FoldResult {
    pub name: String,
    pub sentences: usize,
    pub positives: usize,
    pub ap: f64,
    pub p10: f64,
}

fn fold_result(p: &Prepared, scores: &[f64]) -> FoldResult {
    FoldResult {
        name: p.name.clone(),
        sentences: p.labels.len(),
        positives: p.labels.iter().filter(|l| **l).count(),
        ap: average_precision(scores, &p.labels),
        p10: precision_at(scores, &p.labels, 10),
    }
}

/// Scores of a prepared transcript under `weights`.
pub fn score_prepared(weights: &Weights, p: &Prepared) -> Vec<f64> {
    p.features
        .iter()
        .map(|f| sigmoid(weights.logit(f)))
        .collect()
}

/// Leave-one-transcript-out: trains on all but one, scores the one left out.
pub fn cross_validate(data: &[Prepared], params: &Params) -> Vec<FoldResult> {
    (0..data.len())
        .into_par_iter()
        .map(|k| {
            let rest: Vec<&Prepared> = data
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != k)
                .map(|(_, p)| p)
                .collect();
            let w = train(&rest, params, "cv");
            fold_result(&data[k], &score_prepared(&w, &data[k]))
        })
        .collect()
}

/// Mean of AP and of P@10 over folds.
pub fn means(folds: &[FoldResult]) -> (f64, f64) {
    let n = folds.len().max(1) as f64;
    (
        folds.iter().map(|f| f.ap).sum::<f64>() / n,
        folds.iter().map(|f| f.p10).sum::<f64>() / n,
    )
}

/// Baseline: random rankings, AP and P@10 averaged over `shuffles` seeds.
pub fn random_baseline(data: &[Prepared], shuffles: u64, seed: u64) -> Vec<FoldResult> {
    data.iter()
        .map(|p| {
            let mut acc = fold_result(p, &vec![0.0; p.labels.len()]);
            let (mut ap, mut p10) = (0.0, 0.0);
            for s in 0..shuffles {
                let mut rng = SplitMix(seed.wrapping_add(s));
                let scores: Vec<f64> = (0..p.labels.len()).map(|_| rng.next_u64() as f64).collect();
                ap += average_precision(&scores, &p.labels);
                p10 += precision_at(&scores, &p.labels, 10);
            }
            acc.ap = ap / shuffles.max(1) as f64;
            acc.p10 = p10 / shuffles.max(1) as f64;
            acc
        })
        .collect()
}

/// Baseline: sentences holding a digit first, then transcript order.
pub fn number_baseline(data: &[LabelledTranscript]) -> Vec<FoldResult> {
    data.iter()
        .map(|t| {
            let scores: Vec<f64> = t
                .sentences
                .iter()
                .map(|s| {
                    if s.text.contains(|c: char| c.is_ascii_digit()) {
                        1.0
                    } else {
                        0.0
                    }
                })
                .collect();
            fold_result(&prepare_labels_only(t), &scores)
        })
        .collect()
}

fn prepare_labels_only(t: &LabelledTranscript) -> Prepared {
    Prepared {
        name: t.name.clone(),
        features: Vec::new(),
        labels: t.labels.clone(),
    }
}
