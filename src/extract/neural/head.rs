//! The neural ranker's head and ensemble: a logistic regression over a
//! sentence's embedding and its standardised dense cues, and the rule that
//! combines it with the fast model (both logits z-normalised within the
//! transcript, then weighted). Read from and written to a small text file
//! (`head.weights`, embedded in every build so the head can be checked
//! without the encoder).

use super::cues::{cue_name, CUES};
use super::EMBEDDING;
use crate::extract::sigmoid;

/// The committed head, as written by the trainer
/// (`cargo run --release --features neural --example train_checkworthiness -- --neural-write`).
pub const HEAD_TEXT: &str = include_str!("head.weights");
/// Where the committed head lives, relative to the repository root.
pub const HEAD_PATH: &str = "src/extract/neural/head.weights";

/// Logistic-regression head plus ensemble weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    /// The neural ranker's version (recorded in `triage.model`).
    pub version: String,
    pub bias: f32,
    /// One weight per embedding dimension.
    pub embedding: Vec<f32>,
    /// Per cue: mean and standard deviation (for standardising) and weight.
    pub cue_mean: Vec<f32>,
    pub cue_std: Vec<f32>,
    pub cue_weight: Vec<f32>,
    /// Ensemble: weight of the head's and the fast model's z-scores.
    pub neural_weight: f64,
    pub fast_weight: f64,
    /// Subtracted from the combined z-score, times the speaker's host score
    /// (`speakers::host_scores`); 0 leaves hosts to the cues.
    pub host_weight: f64,
}

impl Head {
    /// A head of zeros (unit standard deviations), ensemble all neural.
    pub fn zero(version: &str) -> Head {
        Head {
            version: version.to_string(),
            bias: 0.0,
            embedding: vec![0.0; EMBEDDING],
            cue_mean: vec![0.0; CUES],
            cue_std: vec![1.0; CUES],
            cue_weight: vec![0.0; CUES],
            neural_weight: 1.0,
            fast_weight: 0.0,
            host_weight: 0.0,
        }
    }

    /// Whether the head has been fitted (a head of zeros ranks nothing).
    pub fn is_trained(&self) -> bool {
        self.embedding
            .iter()
            .chain(&self.cue_weight)
            .any(|w| *w != 0.0)
    }

    /// Standardised cues, as the head reads them.
    pub fn standardise(&self, cues: &[f32]) -> Vec<f32> {
        cues.iter()
            .zip(self.cue_mean.iter().zip(&self.cue_std))
            .map(|(x, (m, s))| (x - m) / s)
            .collect()
    }

    /// The head's logit for one sentence.
    pub fn logit(&self, embedding: &[f32], cues: &[f32]) -> f64 {
        let e: f64 = embedding
            .iter()
            .zip(&self.embedding)
            .map(|(x, w)| f64::from(*x) * f64::from(*w))
            .sum();
        let c: f64 = self
            .standardise(cues)
            .iter()
            .zip(&self.cue_weight)
            .map(|(x, w)| f64::from(*x) * f64::from(*w))
            .sum();
        f64::from(self.bias) + e + c
    }

    /// Ensemble scores in `0..=1` from the head's and the fast model's logits
    /// over one transcript, hosts' sentences pushed down by their speaker's
    /// host score.
    pub fn ensemble(&self, head: &[f64], fast: &[f64], host: &[f32]) -> Vec<f64> {
        let weights = Weights {
            neural: self.neural_weight,
            fast: self.fast_weight,
            host: self.host_weight,
        };
        combine(head, fast, host, &weights)
    }

    /// Serialises the head.
    pub fn to_text(&self) -> String {
        let mut out = String::from(
            "# factdesk neural check-worthiness head: logistic regression over an\n\
             # all-MiniLM-L6-v2 embedding and standardised cues; see docs/extract.md\n",
        );
        out.push_str(&format!("version {}\n", self.version));
        out.push_str(&format!(
            "encoder {} {}\n",
            super::PACKAGE,
            super::PACKAGE_VERSION
        ));
        out.push_str(&format!("embedding {EMBEDDING}\ncues {CUES}\n"));
        out.push_str(&format!(
            "ensemble {} {}\n",
            self.neural_weight, self.fast_weight
        ));
        if self.host_weight != 0.0 {
            out.push_str(&format!("host {}\n", self.host_weight));
        }
        out.push_str(&format!("bias {}\n", self.bias));
        for i in 0..CUES {
            out.push_str(&format!(
                "cue {i} {} {} {} {}\n",
                cue_name(i),
                self.cue_mean[i],
                self.cue_std[i],
                self.cue_weight[i]
            ));
        }
        for (i, w) in self.embedding.iter().enumerate() {
            out.push_str(&format!("emb {i} {w}\n"));
        }
        out
    }

    /// Parses what `to_text` wrote, checking it fits this build's layout.
    pub fn parse(text: &str) -> Result<Head, String> {
        let mut head = Head::zero("");
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            parse_line(&mut head, line).map_err(|m| format!("head line {}: {m}", n + 1))?;
        }
        if head.version.is_empty() {
            return Err("head: missing `version` line".into());
        }
        Ok(head)
    }
}

fn num<T: std::str::FromStr>(s: Option<&str>) -> Result<T, String> {
    let s = s.ok_or("missing value")?;
    s.parse().map_err(|_| format!("bad number {s:?}"))
}

fn parse_line(head: &mut Head, line: &str) -> Result<(), String> {
    let mut parts = line.split_whitespace();
    let key = parts.next().unwrap_or("");
    match key {
        "version" => head.version = parts.next().ok_or("missing version")?.to_string(),
        "encoder" => {
            let found: Vec<&str> = parts.collect();
            if found != [super::PACKAGE, super::PACKAGE_VERSION] {
                return Err(format!("written for encoder {found:?}"));
            }
        }
        "embedding" | "cues" => {
            let want = if key == "cues" { CUES } else { EMBEDDING };
            if num::<usize>(parts.next())? != want {
                return Err(format!("{key} does not match this build ({want})"));
            }
        }
        "ensemble" => {
            head.neural_weight = num(parts.next())?;
            head.fast_weight = num(parts.next())?;
        }
        "host" => head.host_weight = num(parts.next())?,
        "bias" => head.bias = num(parts.next())?,
        "cue" => {
            let i: usize = num(parts.next())?;
            let name = parts.next().unwrap_or("");
            if i >= CUES || cue_name(i) != name {
                return Err(format!("cue {i} {name:?} is not in this build"));
            }
            head.cue_mean[i] = num(parts.next())?;
            head.cue_std[i] = num(parts.next())?;
            head.cue_weight[i] = num(parts.next())?;
            if head.cue_std[i] <= 0.0 {
                return Err(format!("cue {i}: standard deviation must be positive"));
            }
        }
        "emb" => {
            let i: usize = num(parts.next())?;
            let slot = head.embedding.get_mut(i).ok_or("index out of range")?;
            *slot = num(parts.next())?;
        }
        other => return Err(format!("unknown key {other:?}")),
    }
    Ok(())
}

/// Values minus their mean, over their standard deviation (all zero when
/// they do not vary).
pub fn zscores(x: &[f64]) -> Vec<f64> {
    let n = x.len().max(1) as f64;
    let mean = x.iter().sum::<f64>() / n;
    let sd = (x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
    x.iter()
        .map(|v| if sd > 1e-12 { (v - mean) / sd } else { 0.0 })
        .collect()
}

/// The ensemble's weights: of the head's z-score, of the fast model's, and
/// of the speaker's host score (subtracted).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub neural: f64,
    pub fast: f64,
    pub host: f64,
}

/// `sigmoid(a * z(head) + b * z(fast) - c * host)` per sentence.
pub fn combine(head: &[f64], fast: &[f64], host: &[f32], w: &Weights) -> Vec<f64> {
    zscores(head)
        .iter()
        .zip(zscores(fast))
        .zip(host.iter().chain(std::iter::repeat(&0.0)))
        .map(|((h, f), c)| sigmoid(w.neural * h + w.fast * f - w.host * f64::from(*c)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_head_parses_and_round_trips() {
        let head = Head::parse(HEAD_TEXT).expect("committed head parses");
        assert!(head.version.starts_with("cw-"), "{}", head.version);
        assert_eq!(Head::parse(&head.to_text()), Ok(head.clone()));
        assert!(!Head::zero("z").is_trained());
        // The committed head is the trained one (docs/extract.md gives its
        // numbers): the ensemble weights the training command chose.
        assert!(head.is_trained(), "{} is all zeros", head.version);
        assert_eq!(head.version, "cw-2026.12-minilm1");
        assert!((head.neural_weight - 0.75).abs() < 1e-9);
        assert!((head.fast_weight - 0.25).abs() < 1e-9);
        assert_eq!(head.host_weight, 0.0, "no host down-weight was chosen");
        let hosted = Head {
            host_weight: 2.0,
            ..head.clone()
        };
        assert!(hosted.to_text().contains("\nhost 2\n"));
        assert_eq!(Head::parse(&hosted.to_text()), Ok(hosted));
        assert!(HEAD_TEXT.len() < 64 * 1024);
    }

    #[test]
    fn bad_heads_are_refused_with_the_line() {
        let good = Head::zero("t").to_text();
        let bad = good.replace("cues ", "cues 9");
        assert!(Head::parse(&bad).unwrap_err().contains("head line"));
        assert!(Head::parse("emb 999 1\nversion x\n").is_err());
        assert!(Head::parse(&good.replace("encoder all", "encoder other")).is_err());
        assert!(Head::parse("bias 1\n").is_err());
    }

    #[test]
    fn ensemble_is_scale_free_within_a_transcript() {
        let head = [1.0, 2.0, 3.0];
        let fast = [-5.0, 0.0, 5.0];
        let w = Weights {
            neural: 0.5,
            fast: 0.5,
            host: 0.0,
        };
        let a = combine(&head, &fast, &[], &w);
        let b = combine(&[10.0, 20.0, 30.0], &[0.0, 1.0, 2.0], &[], &w);
        for (x, y) in a.iter().zip(&b) {
            assert!((x - y).abs() < 1e-12);
        }
        assert!(a[2] > a[1] && a[1] > a[0]);
        // A host's best sentence falls below a guest's once weighted.
        let hosted = Weights { host: 3.0, ..w };
        let c = combine(&head, &fast, &[0.0, 0.0, 1.0], &hosted);
        assert!(c[2] < c[1], "{c:?}");
        assert_eq!(zscores(&[4.0, 4.0]), vec![0.0, 0.0]);
    }
}
