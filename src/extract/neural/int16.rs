//! The encoder's linear layers in integers: each weight row (one output) is
//! scaled to integer levels `[-L, L]` once at load, each input row (one
//! token) the same way on the fly, both kept in 16 bits, and the products are
//! summed in 32-bit integers; `L` is the largest with `L² · inputs < 2³¹`
//! (2,364 for the 384-input layers, 1,182 for the 1,536-input one), so the
//! sums are exact and every CPU gives the same sums and the same scores;
//! only the speed differs. On CPUs with AVX-512 VNNI (`vpdpwssd` multiplies and adds
//! 32 pairs of 16-bit values in one instruction) the products run in
//! `vnni`, a register-tiled kernel; elsewhere in plain Rust.
//!
//! Why not 8 bits: BERT's hidden states have a few channels far larger than
//! the rest, so 8-bit inputs (one scale per token) left the embeddings at
//! cosine 0.9976 of the reference on a pinned sentence, and 8-bit weights
//! with 14-bit inputs at 0.9965 on another (the bar is 0.999). `vpdpwssd`
//! (16-bit pairs) does half the work per instruction of `vpdpbusd` (bytes).
//!
//! Hand code rather than candle's `quantized` module: candle's Q8_0 matrix
//! product is a dot product per output on AVX2 (no AVX-512), measured no
//! faster than its f32 product here (BENCHMARKS.md), and it runs on its own
//! spinning thread pool, which would fight the batch parallelism of
//! `encoder.rs`. This kernel runs on the calling thread.

use candle_core::{CpuStorage, CustomOp1, Layout, Result, Shape};

/// Outputs per panel of the packed weights (one AVX-512 register of i32).
const PANEL: usize = 16;
/// Input rows per register tile of the VNNI kernel.
const ROWS: usize = 6;
/// Panels per register tile of the VNNI kernel (64 outputs).
const PANELS: usize = 4;
/// The levels each side of zero for weights and inputs of a layer with `k`
/// inputs: as many as 16 bits hold while `levels² · k` stays below 2³¹, so
/// the integer sums cannot overflow (2,364 for 384 inputs, 1,182 for 1,536).
fn levels_for(k: usize) -> i32 {
    let mut l = ((i32::MAX as f64 / k.max(1) as f64).sqrt() as i64).min(i64::from(i16::MAX));
    while l * l * k as i64 > i64::from(i32::MAX) {
        l -= 1;
    }
    l as i32
}

/// A linear layer `y = x·Wᵀ + b` in integers.
pub struct QLinear {
    inputs: usize,
    outputs: usize,
    /// Levels each side of zero, for the weights and the inputs.
    levels: i32,
    /// Weights in panels of 16 outputs: `[panel][k / 2][16 outputs][2 k]`,
    /// the layout `vpdpwssd` reads.
    packed: Vec<i16>,
    /// Per output: the weight row's scale.
    scale: Vec<f32>,
    bias: Vec<f32>,
}

/// `(1 / scale, scale)` of a row whose largest magnitude is `max`, for
/// `levels` levels each side of zero; an all-zero row has scale 1.
fn scales(max: f32, levels: f32) -> (f32, f32) {
    if max > 0.0 {
        (levels / max, max / levels)
    } else {
        (0.0, 1.0)
    }
}

/// One value on the integer grid: `v · inv` rounded half away from zero
/// (written with a truncating cast, as the VNNI kernel computes it).
#[inline(always)]
fn level(v: f32, inv: f32, levels: i32) -> i32 {
    let s = v * inv;
    ((s + 0.5f32.copysign(s)) as i32).clamp(-levels, levels)
}

/// `(q, scale)` with `x ≈ q · scale`, `q` in `[-levels, levels]`.
fn quantize(x: &[f32], levels: f32) -> (impl Iterator<Item = i32> + '_, f32) {
    let (inv, scale) = scales(x.iter().fold(0f32, |m, v| m.max(v.abs())), levels);
    (x.iter().map(move |&v| level(v, inv, levels as i32)), scale)
}

impl QLinear {
    /// Quantizes `weight` (`outputs × inputs`, row-major) and keeps `bias`.
    pub fn new(weight: &[f32], bias: &[f32], outputs: usize, inputs: usize) -> Result<QLinear> {
        if weight.len() != outputs * inputs
            || bias.len() != outputs
            || !outputs.is_multiple_of(PANEL * PANELS)
            || !inputs.is_multiple_of(PANEL)
            || levels_for(inputs) < 127
        {
            candle_core::bail!("integer linear: unsupported shape {outputs}×{inputs}");
        }
        let levels = levels_for(inputs);
        let pairs = inputs / 2;
        let mut packed = vec![0i16; outputs * inputs];
        let mut scale = Vec::with_capacity(outputs);
        for (j, row) in weight.chunks_exact(inputs).enumerate() {
            let (q, s) = quantize(row, levels as f32);
            for (kk, v) in q.enumerate() {
                let at = ((j / PANEL) * pairs + kk / 2) * PANEL * 2 + (j % PANEL) * 2 + kk % 2;
                packed[at] = v as i16;
            }
            scale.push(s);
        }
        Ok(QLinear {
            inputs,
            outputs,
            levels,
            packed,
            scale,
            bias: bias.to_vec(),
        })
    }

    /// `x·Wᵀ + b` for `x`: rows of `inputs` values.
    pub fn forward_rows(&self, x: &[f32]) -> Vec<f32> {
        let rows = x.len() / self.inputs;
        let mut out = Vec::with_capacity(rows * self.outputs);
        #[cfg(target_arch = "x86_64")]
        if vnni::available() {
            // SAFETY: the CPU has the features `vnni::forward` is compiled
            // for, and it writes all `rows × outputs` values of `out`.
            unsafe {
                vnni::forward(self, &x[..rows * self.inputs], out.as_mut_ptr());
                out.set_len(rows * self.outputs);
            }
            return out;
        }
        self.forward_portable(x, &mut out);
        out
    }

    /// The same values in plain Rust.
    pub(super) fn forward_portable(&self, x: &[f32], out: &mut Vec<f32>) {
        let k = self.inputs;
        let pairs = k / 2;
        let mut a = Vec::with_capacity(k);
        for row in x.chunks_exact(k) {
            let (q, s) = quantize(row, self.levels as f32);
            a.clear();
            a.extend(q);
            for (p, panel) in self.packed.chunks_exact(pairs * PANEL * 2).enumerate() {
                let mut sums = [0i32; PANEL];
                for (kk, block) in panel.chunks_exact(PANEL * 2).enumerate() {
                    let (x0, x1) = (a[kk * 2], a[kk * 2 + 1]);
                    for (sum, w) in sums.iter_mut().zip(block.chunks_exact(2)) {
                        *sum += x0 * i32::from(w[0]) + x1 * i32::from(w[1]);
                    }
                }
                for (c, sum) in sums.iter().enumerate() {
                    out.push(self.output(p * PANEL + c, *sum, s));
                }
            }
        }
    }

    /// Output `j` of a row with scale `s` whose integer sum is `sum`.
    #[inline(always)]
    fn output(&self, j: usize, sum: i32, s: f32) -> f32 {
        sum as f32 * (s * self.scale[j]) + self.bias[j]
    }
}

impl CustomOp1 for QLinear {
    fn name(&self) -> &'static str {
        "factdesk-int16-linear"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let CpuStorage::F32(data) = storage else {
            candle_core::bail!("integer linear: f32 tensors only");
        };
        let Some((start, end)) = layout.contiguous_offsets() else {
            candle_core::bail!("integer linear: contiguous tensors only");
        };
        let mut dims = layout.shape().dims().to_vec();
        if dims.last() != Some(&self.inputs) {
            candle_core::bail!(
                "integer linear: input {dims:?}, expected … × {}",
                self.inputs
            );
        }
        *dims.last_mut().expect("checked") = self.outputs;
        let out = self.forward_rows(&data[start..end]);
        Ok((CpuStorage::F32(out), Shape::from_dims(&dims)))
    }
}

#[cfg(target_arch = "x86_64")]
mod vnni {
    use std::arch::x86_64::*;

    use super::{scales, QLinear, PANEL, PANELS, ROWS};

    pub fn available() -> bool {
        is_x86_feature_detected!("avx512f") && is_x86_feature_detected!("avx512vnni")
    }

    /// Every output of every row of `x` into `out`: the rows quantized,
    /// then 64 outputs at a time for tiles of up to 6 rows.
    #[target_feature(enable = "avx512f,avx512vnni")]
    pub unsafe fn forward(q: &QLinear, x: &[f32], out: *mut f32) {
        let k = q.inputs;
        let rows = x.len() / k;
        let mut a: Vec<i16> = Vec::with_capacity(rows * k);
        let mut row_scale = Vec::with_capacity(rows);
        for (i, row) in x.chunks_exact(k).enumerate() {
            row_scale.push(unsafe { quantize(row, q.levels, a.as_mut_ptr().add(i * k)) });
        }
        unsafe { a.set_len(rows * k) };
        let panel_len = k / 2 * PANEL * 2;
        for first in (0..q.outputs / PANEL).step_by(PANELS) {
            let w = &q.packed[first * panel_len..(first + PANELS) * panel_len];
            let mut i = 0;
            while i + ROWS <= rows {
                unsafe { tile::<ROWS>(q, w, &a, &row_scale, i, first, out) };
                i += ROWS;
            }
            while i < rows {
                unsafe { tile::<1>(q, w, &a, &row_scale, i, first, out) };
                i += 1;
            }
        }
    }

    /// Writes `row`'s levels to `to` (`row.len()` of them) and returns its
    /// scale: what `super::quantize` computes, 16 at a time.
    #[target_feature(enable = "avx512f,avx512vnni")]
    unsafe fn quantize(row: &[f32], top: i32, to: *mut i16) -> f32 {
        let mut m = _mm512_setzero_ps();
        for c in row.chunks_exact(PANEL) {
            m = _mm512_max_ps(m, _mm512_abs_ps(unsafe { _mm512_loadu_ps(c.as_ptr()) }));
        }
        let (inv, scale) = scales(_mm512_reduce_max_ps(m), top as f32);
        let inv = _mm512_set1_ps(inv);
        let sign = _mm512_set1_epi32(i32::MIN);
        let half = _mm512_castps_si512(_mm512_set1_ps(0.5));
        let (lo, hi) = (_mm512_set1_epi32(-top), _mm512_set1_epi32(top));
        for (n, c) in row.chunks_exact(PANEL).enumerate() {
            let s = _mm512_mul_ps(unsafe { _mm512_loadu_ps(c.as_ptr()) }, inv);
            let signed_half = _mm512_or_si512(half, _mm512_and_si512(_mm512_castps_si512(s), sign));
            let r = _mm512_add_ps(s, _mm512_castsi512_ps(signed_half));
            let v = _mm512_min_epi32(_mm512_max_epi32(_mm512_cvttps_epi32(r), lo), hi);
            unsafe { _mm256_storeu_si256(to.add(n * PANEL).cast(), _mm512_cvtepi32_epi16(v)) };
        }
        scale
    }

    /// Rows `i..i + R` against the 4 panels in `w` (outputs from `first·16`),
    /// written to `out` as `super::QLinear::output` computes them.
    #[target_feature(enable = "avx512f,avx512vnni")]
    #[inline]
    unsafe fn tile<const R: usize>(
        q: &QLinear,
        w: &[i16],
        a: &[i16],
        row_scale: &[f32],
        i: usize,
        first: usize,
        out: *mut f32,
    ) {
        let (k, n) = (q.inputs, q.outputs);
        let panel_len = k / 2 * PANEL * 2;
        debug_assert!(w.len() == PANELS * panel_len && a.len() >= (i + R) * k);
        let mut sums = [[_mm512_setzero_si512(); PANELS]; R];
        let wp = w.as_ptr();
        let ap = unsafe { a.as_ptr().add(i * k) };
        for kk in 0..k / 2 {
            let mut ws = [_mm512_setzero_si512(); PANELS];
            for (c, v) in ws.iter_mut().enumerate() {
                *v = unsafe { _mm512_loadu_si512(wp.add(c * panel_len + kk * 32).cast()) };
            }
            for (r, row) in sums.iter_mut().enumerate() {
                let x = unsafe { ap.add(r * k + kk * 2).cast::<i32>().read_unaligned() };
                let x = _mm512_set1_epi32(x);
                for (s, v) in row.iter_mut().zip(&ws) {
                    *s = _mm512_dpwssd_epi32(*s, x, *v);
                }
            }
        }
        for (r, row) in sums.iter().enumerate() {
            let s = _mm512_set1_ps(row_scale[i + r]);
            for (c, sum) in row.iter().enumerate() {
                let j = (first + c) * PANEL;
                let load = |v: &[f32]| unsafe { _mm512_loadu_ps(v[j..j + PANEL].as_ptr()) };
                let y = _mm512_add_ps(
                    _mm512_mul_ps(_mm512_cvtepi32_ps(*sum), _mm512_mul_ps(s, load(&q.scale))),
                    load(&q.bias),
                );
                unsafe { _mm512_storeu_ps(out.add((i + r) * n + j), y) };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic pseudo-random sequence in `[-1, 1)`.
    fn values(n: usize, seed: u64) -> Vec<f32> {
        let mut s = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (0..n)
            .map(|_| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((s >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
            })
            .collect()
    }

    #[test]
    fn int16_products_are_close_to_the_f32_ones() {
        let (n, k, m) = (64, 96, 7);
        let w = values(n * k, 1);
        let b = values(n, 2);
        let mut x = values(m * k, 3);
        x[5] = 40.0; // an outlier, as BERT's hidden states have
        let layer = QLinear::new(&w, &b, n, k).unwrap();
        let y = layer.forward_rows(&x);
        let (mut err, mut norm) = (0f64, 0f64);
        for i in 0..m {
            let row = &x[i * k..(i + 1) * k];
            for j in 0..n {
                let exact: f32 =
                    b[j] + row.iter().zip(&w[j * k..]).map(|(a, c)| a * c).sum::<f32>();
                err += f64::from(y[i * n + j] - exact).powi(2);
                norm += f64::from(exact).powi(2);
            }
        }
        let relative = (err / norm).sqrt();
        assert!(relative < 0.01, "relative error {relative}");
        assert!(QLinear::new(&w, &b, 60, k * n / 60).is_err(), "60 outputs");
        assert_eq!((levels_for(384), levels_for(1536)), (2364, 1182));
        let k = 133_152; // levels_for(k) < 127: fewer levels than 8 bits give
        assert!(
            QLinear::new(&vec![0.5; 64 * k], &b, 64, k).is_err(),
            "too many inputs"
        );
    }

    #[test]
    fn int16_kernels_agree_bit_for_bit_with_the_exact_integer_sums() {
        let (n, k) = (128, 384);
        let w = values(n * k, 4);
        let b = values(n, 5);
        let layer = QLinear::new(&w, &b, n, k).unwrap();
        let qw: Vec<Vec<i32>> = w
            .chunks_exact(k)
            .map(|r| quantize(r, layer.levels as f32).0.collect())
            .collect();
        for rows in [1, 5, 6, 13] {
            let mut x = values(rows * k, 6 + rows as u64);
            x[k - 1] = 0.0; // a zero, and an all-zero row
            if rows > 1 {
                x[k..2 * k].fill(0.0);
            }
            let mut exact = Vec::new();
            for row in x.chunks_exact(k) {
                let (q, s) = quantize(row, layer.levels as f32);
                let a: Vec<i32> = q.collect();
                for (j, wj) in qw.iter().enumerate() {
                    let sum = (0..k).map(|t| a[t] * wj[t]).sum::<i32>();
                    exact.push(layer.output(j, sum, s));
                }
            }
            let mut plain = Vec::new();
            layer.forward_portable(&x, &mut plain);
            assert_eq!(plain, exact, "portable, {rows} rows");
            #[cfg(target_arch = "x86_64")]
            if !vnni::available() {
                eprintln!(
                    "note: no AVX-512 VNNI on this CPU; only the portable kernel was checked"
                );
            }
            assert_eq!(
                layer.forward_rows(&x),
                exact,
                "this CPU's kernel, {rows} rows"
            );
        }
    }
}
