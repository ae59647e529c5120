//! Fits the neural head: class-weighted, L2-penalised logistic regression
//! over dense rows (embedding then standardised cues), by full-batch
//! gradient descent with Adam steps. Deterministic: fixed start, fixed
//! iteration count, gradients summed in a fixed order.

use rayon::prelude::*;

use super::cues::CUES;
use super::head::Head;
use super::EMBEDDING;
use crate::extract::sigmoid;

/// Settings of a fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitParams {
    /// L2 penalty on the weights (not the bias), per example.
    pub l2: f64,
    /// Positives weigh `(negatives / positives) ^ balance`.
    pub balance: f64,
    pub iterations: usize,
    pub learning_rate: f64,
    /// Whether the embedding is used (off: cues only, for ablation).
    pub use_embedding: bool,
    /// How many role cues are used (0: the fast model's dense cues only).
    pub role_cues: usize,
}

impl Default for FitParams {
    fn default() -> Self {
        FitParams {
            l2: 1e-3,
            balance: 0.5,
            iterations: 300,
            learning_rate: 0.05,
            use_embedding: true,
            role_cues: CUES - crate::extract::features::DENSE,
        }
    }
}

/// One training sentence: its embedding, raw cues and label.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    pub embedding: &'a [f32],
    pub cues: &'a [f32],
    pub label: bool,
}

/// Mean and standard deviation (at least 1e-3) of every cue over `rows`.
fn cue_stats(rows: &[Row]) -> (Vec<f32>, Vec<f32>) {
    let n = rows.len().max(1) as f64;
    let mut mean = vec![0f64; CUES];
    for r in rows {
        for (m, x) in mean.iter_mut().zip(r.cues) {
            *m += f64::from(*x) / n;
        }
    }
    let mut var = vec![0f64; CUES];
    for r in rows {
        for ((v, x), m) in var.iter_mut().zip(r.cues).zip(&mean) {
            *v += (f64::from(*x) - m).powi(2) / n;
        }
    }
    (
        mean.iter().map(|m| *m as f32).collect(),
        var.iter().map(|v| (v.sqrt() as f32).max(1e-3)).collect(),
    )
}

/// Fits a head on `rows`; the ensemble weights are left at all-neural for
/// the caller to set.
pub fn fit(rows: &[Row], params: &FitParams, version: &str) -> Head {
    let mut head = Head::zero(version);
    let (mean, sd) = cue_stats(rows);
    head.cue_mean = mean;
    head.cue_std = sd;
    let used = crate::extract::features::DENSE + params.role_cues.min(CUES);
    let dim = EMBEDDING + CUES;
    let xs: Vec<Vec<f32>> = rows
        .iter()
        .map(|r| {
            let mut x = Vec::with_capacity(dim);
            if params.use_embedding {
                x.extend_from_slice(r.embedding);
            } else {
                x.extend(std::iter::repeat_n(0.0, EMBEDDING));
            }
            let z = head.standardise(r.cues);
            x.extend(
                z.iter()
                    .enumerate()
                    .map(|(i, v)| if i < used { *v } else { 0.0 }),
            );
            x
        })
        .collect();
    let positives = rows.iter().filter(|r| r.label).count().max(1) as f64;
    let negatives = (rows.len() as f64 - positives).max(1.0);
    let pos_weight = (negatives / positives).powf(params.balance);
    let total_weight = positives * pos_weight + negatives;
    let mut w = vec![0f64; dim + 1]; // last: bias
    let (mut m, mut v) = (vec![0f64; dim + 1], vec![0f64; dim + 1]);
    let (b1, b2) = (0.9f64, 0.999f64);
    for t in 1..=params.iterations {
        let grads: Vec<Vec<f64>> = xs
            .par_chunks(512)
            .zip(rows.par_chunks(512))
            .map(|(xc, rc)| {
                let mut g = vec![0f64; dim + 1];
                for (x, r) in xc.iter().zip(rc) {
                    let z = w[dim]
                        + x.iter()
                            .zip(&w)
                            .map(|(a, b)| f64::from(*a) * b)
                            .sum::<f64>();
                    let (target, weight) = if r.label {
                        (1.0, pos_weight)
                    } else {
                        (0.0, 1.0)
                    };
                    let e = (sigmoid(z) - target) * weight;
                    for (gi, xi) in g.iter_mut().zip(x) {
                        *gi += e * f64::from(*xi);
                    }
                    g[dim] += e;
                }
                g
            })
            .collect();
        let mut g = vec![0f64; dim + 1];
        for part in &grads {
            for (a, b) in g.iter_mut().zip(part) {
                *a += b;
            }
        }
        for i in 0..=dim {
            let mut gi = g[i] / total_weight;
            if i < dim {
                gi += params.l2 * w[i];
            }
            m[i] = b1 * m[i] + (1.0 - b1) * gi;
            v[i] = b2 * v[i] + (1.0 - b2) * gi * gi;
            let mh = m[i] / (1.0 - b1.powi(t as i32));
            let vh = v[i] / (1.0 - b2.powi(t as i32));
            w[i] -= params.learning_rate * mh / (vh.sqrt() + 1e-8);
        }
    }
    head.embedding = w[..EMBEDDING].iter().map(|x| *x as f32).collect();
    head.cue_weight = w[EMBEDDING..dim].iter().map(|x| *x as f32).collect();
    head.bias = w[dim] as f32;
    head
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_is_deterministic_and_learns_a_separating_direction() {
        let mut embs = Vec::new();
        let mut cues = Vec::new();
        for i in 0..200 {
            let mut e = vec![0f32; EMBEDDING];
            e[i % 7] = 1.0;
            embs.push(e);
            cues.push(vec![(i % 3) as f32; CUES]);
        }
        let rows: Vec<Row> = (0..200)
            .map(|i| Row {
                embedding: &embs[i],
                cues: &cues[i],
                label: i % 7 == 0,
            })
            .collect();
        let params = FitParams {
            iterations: 100,
            ..FitParams::default()
        };
        let a = fit(&rows, &params, "t");
        assert_eq!(a, fit(&rows, &params, "t"));
        let pos = a.logit(&embs[0], &cues[0]);
        let neg = a.logit(&embs[1], &cues[1]);
        assert!(pos > neg + 1.0, "{pos} vs {neg}");
    }
}
