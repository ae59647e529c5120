//! A BERT encoder forward pass on candle tensors, just what
//! all-MiniLM-L6-v2 needs: word + position + token-type embeddings, then
//! post-norm transformer layers (self-attention with an additive padding
//! mask, GELU feed-forward), reading the Hugging Face tensor names from
//! `model.safetensors`. The linear layers run at f32 (candle's matrix
//! product) or in integers (`int16.rs`; the query, key and value
//! projections fused into one). Written here rather than taken from
//! `candle-transformers`, which compiles hundreds of models (many minutes on
//! a 2-core machine) to provide this one.

use candle_core::{DType, Module, Result, Tensor, D};
use candle_nn::{
    embedding, layer_norm, linear, Embedding, LayerNorm, LayerNormConfig, Linear, VarBuilder,
};

use super::int16::QLinear;
use super::Precision;

/// The fields of `config.json` the forward pass reads.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Config {
    pub vocab_size: usize,
    pub hidden_size: usize,
    pub num_hidden_layers: usize,
    pub num_attention_heads: usize,
    pub intermediate_size: usize,
    pub max_position_embeddings: usize,
    pub type_vocab_size: usize,
    pub layer_norm_eps: f64,
    pub hidden_act: String,
}

/// One linear layer at the chosen precision.
enum Dense {
    F32(Linear),
    Int16(QLinear),
}

impl Dense {
    fn new(l: Linear, precision: Precision) -> Result<Dense> {
        match precision {
            Precision::F32 => Ok(Dense::F32(l)),
            Precision::Int16 => Ok(Dense::Int16(integer(&[&l])?)),
        }
    }

    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        match self {
            Dense::F32(l) => l.forward(x),
            Dense::Int16(q) => x.contiguous()?.apply_op1_no_bwd(q),
        }
    }
}

/// Layers with the same inputs, as one integer layer (outputs concatenated).
fn integer(layers: &[&Linear]) -> Result<QLinear> {
    let (mut weight, mut bias) = (Vec::new(), Vec::new());
    for l in layers {
        weight.extend(l.weight().flatten_all()?.to_vec1::<f32>()?);
        let b = l
            .bias()
            .ok_or_else(|| candle_core::Error::Msg("no bias".into()))?;
        bias.extend(b.to_vec1::<f32>()?);
    }
    let inputs = layers[0].weight().dims2()?.1;
    QLinear::new(&weight, &bias, bias.len(), inputs)
}

/// The query, key and value projections: three f32 layers, or one integer layer.
enum Qkv {
    F32([Linear; 3]),
    Int16(QLinear),
}

impl Qkv {
    fn forward(&self, x: &Tensor) -> Result<[Tensor; 3]> {
        match self {
            Qkv::F32([q, k, v]) => Ok([q.forward(x)?, k.forward(x)?, v.forward(x)?]),
            Qkv::Int16(fused) => {
                let h = x.dim(D::Minus1)?;
                let y = x.contiguous()?.apply_op1_no_bwd(fused)?;
                Ok([
                    y.narrow(2, 0, h)?,
                    y.narrow(2, h, h)?,
                    y.narrow(2, 2 * h, h)?,
                ])
            }
        }
    }
}

struct Layer {
    qkv: Qkv,
    attention_out: Dense,
    attention_norm: LayerNorm,
    up: Dense,
    down: Dense,
    out_norm: LayerNorm,
}

/// The encoder's weights.
pub struct Bert {
    words: Embedding,
    positions: Embedding,
    types: Embedding,
    norm: LayerNorm,
    layers: Vec<Layer>,
    heads: usize,
}

fn norm(size: usize, eps: f64, vb: VarBuilder) -> Result<LayerNorm> {
    let config = LayerNormConfig {
        eps,
        ..LayerNormConfig::default()
    };
    layer_norm(size, config, vb)
}

impl Layer {
    fn load(c: &Config, vb: VarBuilder, precision: Precision) -> Result<Layer> {
        let h = c.hidden_size;
        let att = vb.pp("attention");
        let qkv = [
            linear(h, h, att.pp("self").pp("query"))?,
            linear(h, h, att.pp("self").pp("key"))?,
            linear(h, h, att.pp("self").pp("value"))?,
        ];
        let dense = |l: Linear| Dense::new(l, precision);
        Ok(Layer {
            qkv: match precision {
                Precision::F32 => Qkv::F32(qkv),
                Precision::Int16 => Qkv::Int16(integer(&[&qkv[0], &qkv[1], &qkv[2]])?),
            },
            attention_out: dense(linear(h, h, att.pp("output").pp("dense"))?)?,
            attention_norm: norm(h, c.layer_norm_eps, att.pp("output").pp("LayerNorm"))?,
            up: dense(linear(
                h,
                c.intermediate_size,
                vb.pp("intermediate").pp("dense"),
            )?)?,
            down: dense(linear(c.intermediate_size, h, vb.pp("output").pp("dense"))?)?,
            out_norm: norm(h, c.layer_norm_eps, vb.pp("output").pp("LayerNorm"))?,
        })
    }

    /// `x`: (batch, len, hidden); `bias`: (batch, 1, 1, len), 0 or very negative.
    fn forward(&self, x: &Tensor, bias: &Tensor, heads: usize) -> Result<Tensor> {
        let (b, l, h) = x.dims3()?;
        let dh = h / heads;
        let split = |t: Tensor| t.reshape((b, l, heads, dh))?.transpose(1, 2)?.contiguous();
        let [q, k, v] = self.qkv.forward(x)?;
        let (q, k, v) = (split(q)?, split(k)?, split(v)?);
        let scores = (q.matmul(&k.t()?.contiguous()?)? / (dh as f64).sqrt())?;
        let p = candle_nn::ops::softmax_last_dim(&scores.broadcast_add(bias)?)?;
        let ctx = p.matmul(&v)?.transpose(1, 2)?.reshape((b, l, h))?;
        let x = self
            .attention_norm
            .forward(&(self.attention_out.forward(&ctx)? + x)?)?;
        let inner = super::gelu::gelu_erf(&self.up.forward(&x)?)?;
        self.out_norm.forward(&(self.down.forward(&inner)? + x)?)
    }
}

impl Bert {
    /// Loads the weights (names as in Hugging Face's `BertModel`).
    pub fn load(vb: VarBuilder, c: &Config, precision: Precision) -> Result<Bert> {
        if c.hidden_act != "gelu" || !c.hidden_size.is_multiple_of(c.num_attention_heads) {
            candle_core::bail!("unsupported BERT configuration {c:?}");
        }
        let e = vb.pp("embeddings");
        let layers = (0..c.num_hidden_layers)
            .map(|i| Layer::load(c, vb.pp("encoder").pp("layer").pp(i), precision))
            .collect::<Result<Vec<_>>>()?;
        Ok(Bert {
            words: embedding(c.vocab_size, c.hidden_size, e.pp("word_embeddings"))?,
            positions: embedding(
                c.max_position_embeddings,
                c.hidden_size,
                e.pp("position_embeddings"),
            )?,
            types: embedding(
                c.type_vocab_size,
                c.hidden_size,
                e.pp("token_type_embeddings"),
            )?,
            norm: norm(c.hidden_size, c.layer_norm_eps, e.pp("LayerNorm"))?,
            layers,
            heads: c.num_attention_heads,
        })
    }

    /// Hidden states (batch, len, hidden) of `ids` (batch, len, u32), where
    /// `mask` (batch, len, f32) is 1 on real tokens and 0 on padding.
    pub fn forward(&self, ids: &Tensor, mask: &Tensor) -> Result<Tensor> {
        let (b, l) = ids.dims2()?;
        let positions = Tensor::arange(0u32, l as u32, ids.device())?;
        let x = self
            .words
            .forward(ids)?
            .broadcast_add(&self.positions.forward(&positions)?.unsqueeze(0)?)?
            .broadcast_add(&self.types.forward(&ids.zeros_like()?)?)?;
        let mut x = self.norm.forward(&x)?;
        let bias = ((mask.ones_like()? - mask)? * f64::from(f32::MIN))?
            .to_dtype(DType::F32)?
            .reshape((b, 1, 1, l))?;
        for layer in &self.layers {
            x = layer.forward(&x, &bias, self.heads)?;
        }
        Ok(x)
    }
}

/// Mean over the sequence of the hidden states where `mask` is 1.
pub fn mean_pool(hidden: &Tensor, mask: &Tensor) -> Result<Tensor> {
    let m = mask.unsqueeze(D::Minus1)?; // (batch, len, 1)
    let summed = hidden.broadcast_mul(&m)?.sum(1)?; // (batch, hidden)
    let counts = m.sum(1)?.clamp(1e-9, f32::MAX)?; // (batch, 1)
    summed.broadcast_div(&counts)
}
