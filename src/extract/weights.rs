//! The model's weights: one logistic-regression weight per dense feature and
//! per hashed n-gram bucket, read from and written to a small text file (a
//! header, then `index weight` lines for the non-zero weights).

use super::features::{Features, DENSE, DIMENSION, HASH_BITS};

/// A weights file that does not fit this build's feature layout.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("weights line {line}: {message}")]
pub struct WeightsError {
    pub line: usize,
    pub message: String,
}

/// Logistic-regression weights over the feature layout of `features`.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    /// The model version the weights were written for.
    pub version: String,
    /// One weight per feature index (`DIMENSION` long).
    pub w: Vec<f32>,
}

impl Weights {
    /// All-zero weights.
    pub fn zero(version: &str) -> Weights {
        Weights {
            version: version.to_string(),
            w: vec![0.0; DIMENSION],
        }
    }

    /// The logit of a feature vector.
    pub fn logit(&self, features: &Features) -> f64 {
        features
            .iter()
            .map(|&(i, v)| f64::from(self.w.get(i as usize).copied().unwrap_or(0.0)) * f64::from(v))
            .sum()
    }

    /// Serialises the non-zero weights.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# factdesk check-worthiness weights: logistic regression; see docs/extract.md\n",
        );
        out.push_str(&format!("version {}\n", self.version));
        out.push_str(&format!("hash_bits {HASH_BITS}\n"));
        out.push_str(&format!("dense {DENSE}\n"));
        for (i, w) in self.w.iter().enumerate() {
            if *w != 0.0 {
                out.push_str(&format!("{i} {w}\n"));
            }
        }
        out
    }

    /// Parses what `to_text` wrote, checking the layout matches this build.
    pub fn parse(text: &str) -> Result<Weights, WeightsError> {
        let mut weights = Weights::zero("");
        let err = |line: usize, message: String| WeightsError {
            line: line + 1,
            message,
        };
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, value) = line
                .split_once(' ')
                .ok_or_else(|| err(n, format!("expected `key value`, found {line:?}")))?;
            match key {
                "version" => weights.version = value.to_string(),
                "hash_bits" | "dense" => {
                    let want = if key == "dense" {
                        DENSE
                    } else {
                        HASH_BITS as usize
                    };
                    if value.parse::<usize>().ok() != Some(want) {
                        return Err(err(
                            n,
                            format!("{key} is {value}, this build expects {want}"),
                        ));
                    }
                }
                _ => {
                    let i: usize = key
                        .parse()
                        .map_err(|_| err(n, format!("unknown key {key:?}")))?;
                    let w: f32 = value
                        .parse()
                        .map_err(|_| err(n, format!("bad weight {value:?}")))?;
                    let slot = weights
                        .w
                        .get_mut(i)
                        .ok_or_else(|| err(n, format!("index {i} out of range")))?;
                    *slot = w;
                }
            }
        }
        if weights.version.is_empty() {
            return Err(err(0, "missing `version` line".into()));
        }
        Ok(weights)
    }
}
