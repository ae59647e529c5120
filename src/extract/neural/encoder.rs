//! The all-MiniLM-L6-v2 sentence encoder, run with candle on the CPU:
//! WordPiece tokens from `tokenizer.json` (the `tokenizers` crate, offline),
//! a 6-layer BERT (`bert.rs`, on candle), mean pooling over the real tokens
//! and L2 normalisation, as sentence-transformers does for this model.
//! Sentences are encoded in batches of similar length so little padding is
//! computed; the result does not depend on the batching beyond float noise.

use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use rayon::prelude::*;
use tokenizers::{Tokenizer, TruncationParams};

use super::bert::{mean_pool, Bert, Config};

pub use super::Precision;
use super::{NeuralError, EMBEDDING};

/// Longest input in tokens, special tokens included (sentence-transformers'
/// `max_seq_length` for this model).
pub const MAX_TOKENS: usize = 256;
/// Sentences per forward pass.
const BATCH: usize = 32;

/// A loaded encoder.
pub struct Encoder {
    tokenizer: Tokenizer,
    model: Bert,
    device: Device,
}

fn enc(e: impl std::fmt::Display) -> NeuralError {
    NeuralError::Encoder(e.to_string())
}

impl Encoder {
    /// Loads the encoder from a directory already checked by `verify`, its
    /// linear layers at `precision`.
    pub fn load(dir: &Path, precision: Precision) -> Result<Encoder, NeuralError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|e| NeuralError::Unreadable {
                file: path,
                message: e.to_string(),
            })
        };
        let mut tokenizer = Tokenizer::from_bytes(read("tokenizer.json")?).map_err(enc)?;
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(enc)?;
        let config: Config = serde_json::from_slice(&read("config.json")?).map_err(enc)?;
        let device = Device::Cpu;
        let weights = read("model.safetensors")?;
        let vb =
            VarBuilder::from_buffered_safetensors(weights, DType::F32, &device).map_err(enc)?;
        let model = Bert::load(vb, &config, precision).map_err(enc)?;
        Ok(Encoder {
            tokenizer,
            model,
            device,
        })
    }

    /// Token ids of a sentence, `[CLS]` and `[SEP]` included.
    pub fn token_ids(&self, text: &str) -> Result<Vec<u32>, NeuralError> {
        let e = self.tokenizer.encode(text, true).map_err(enc)?;
        Ok(e.get_ids().to_vec())
    }

    /// Unit-length embeddings of `texts`, in order.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, NeuralError> {
        let ids: Vec<Vec<u32>> = texts
            .iter()
            .map(|t| self.token_ids(t))
            .collect::<Result<_, _>>()?;
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by_key(|&i| (ids[i].len(), i));
        let chunks: Vec<&[usize]> = order.chunks(BATCH).collect();
        let done: Vec<Vec<Vec<f32>>> = chunks
            .par_iter()
            .map(|chunk| {
                let batch: Vec<&[u32]> = chunk.iter().map(|&i| ids[i].as_slice()).collect();
                self.forward(&batch)
            })
            .collect::<Result<_, _>>()?;
        let mut out = vec![Vec::new(); ids.len()];
        for (chunk, rows) in chunks.iter().zip(done) {
            for (&i, e) in chunk.iter().zip(rows) {
                out[i] = e;
            }
        }
        Ok(out)
    }

    /// One padded batch through the model, mean-pooled and normalised.
    fn forward(&self, batch: &[&[u32]]) -> Result<Vec<Vec<f32>>, NeuralError> {
        let len = batch.iter().map(|b| b.len()).max().unwrap_or(0).max(1);
        let mut flat = Vec::with_capacity(batch.len() * len);
        let mut mask = Vec::with_capacity(batch.len() * len);
        for ids in batch {
            flat.extend_from_slice(ids);
            flat.extend(std::iter::repeat_n(0u32, len - ids.len()));
            mask.extend(std::iter::repeat_n(1f32, ids.len()));
            mask.extend(std::iter::repeat_n(0f32, len - ids.len()));
        }
        let shape = (batch.len(), len);
        let input = Tensor::from_vec(flat, shape, &self.device).map_err(enc)?;
        let mask = Tensor::from_vec(mask, shape, &self.device).map_err(enc)?;
        let hidden = self.model.forward(&input, &mask).map_err(enc)?;
        let pooled = mean_pool(&hidden, &mask).map_err(enc)?;
        let rows: Vec<Vec<f32>> = pooled.to_vec2().map_err(enc)?;
        Ok(rows.into_iter().map(normalise).collect())
    }
}

fn normalise(mut v: Vec<f32>) -> Vec<f32> {
    debug_assert_eq!(v.len(), EMBEDDING);
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    for x in &mut v {
        *x /= norm;
    }
    v
}
