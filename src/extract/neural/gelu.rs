//! The encoder's GELU (the exact, erf-based one BERT uses) as a candle
//! custom op on the CPU: candle's own `gelu_erf` calls a scalar `erf` per
//! element (libm's, with an `exp` inside), which profiling showed at about a
//! fifth of the encoder's CPU time, more than every op except the matrix
//! products. Here `erf` is a rational approximation without branches or
//! `exp` (the one Eigen and XNNPACK use for f32, accurate to a few units in
//! the last place over the clamped range), in plain multiplies and adds
//! (`mul_add` would be a libm call without the `fma` target feature), so the
//! compiler vectorises the loop (16 lanes on CPUs with AVX-512, the same
//! operations so the same values), and the tensor is split over rayon's
//! threads.

use std::mem::MaybeUninit;

use candle_core::{CpuStorage, CustomOp1, Layout, Result, Shape, Tensor};
use rayon::prelude::*;

/// Elements per parallel task (below this a tensor is done on one thread).
const CHUNK: usize = 16 * 1024;

/// `erf(x)` for f32: |x| is clamped to where f32's erf is ±1, then
/// `x·p(x²)/q(x²)`.
#[inline(always)]
pub fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = -2.726_142_3e-10_f32;
    p = p * x2 + 2.770_681_4e-8;
    p = p * x2 + -2.101_024e-6;
    p = p * x2 + -5.692_506_4e-5;
    p = p * x2 + -7.349_906_3e-4;
    p = p * x2 + -2.954_600_2e-3;
    p = p * x2 + -1.609_603_3e-2;
    let mut q = -1.456_607_2e-5_f32;
    q = q * x2 + -2.133_740_6e-4;
    q = q * x2 + -1.682_827e-3;
    q = q * x2 + -7.373_329e-3;
    q = q * x2 + -1.426_474e-2;
    x * p / q
}

/// GELU of one value: `x/2 · (1 + erf(x/√2))`.
#[inline(always)]
pub fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// `gelu` of every element of `s` into `o`, with AVX-512 when the CPU has
/// it (the same operations, 16 lanes at a time, so the same values).
fn gelu_chunk(o: &mut [MaybeUninit<f32>], s: &[f32]) {
    #[cfg(target_arch = "x86_64")]
    if is_x86_feature_detected!("avx512f") {
        // SAFETY: the CPU has AVX-512F.
        return unsafe { gelu_chunk_avx512(o, s) };
    }
    gelu_chunk_plain(o, s)
}

#[inline(always)]
fn gelu_chunk_plain(o: &mut [MaybeUninit<f32>], s: &[f32]) {
    for (y, &x) in o.iter_mut().zip(s) {
        y.write(gelu(x));
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn gelu_chunk_avx512(o: &mut [MaybeUninit<f32>], s: &[f32]) {
    gelu_chunk_plain(o, s)
}

struct GeluErf;

impl CustomOp1 for GeluErf {
    fn name(&self) -> &'static str {
        "factdesk-gelu-erf"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let CpuStorage::F32(data) = storage else {
            candle_core::bail!("gelu: f32 tensors only");
        };
        let Some((start, end)) = layout.contiguous_offsets() else {
            candle_core::bail!("gelu: contiguous tensors only");
        };
        let src = &data[start..end];
        let mut out = Vec::with_capacity(src.len());
        out.spare_capacity_mut()
            .par_chunks_mut(CHUNK)
            .zip(src.par_chunks(CHUNK))
            .for_each(|(o, s)| gelu_chunk(o, s));
        // SAFETY: every element was written by `gelu_chunk`.
        unsafe { out.set_len(src.len()) };
        Ok((CpuStorage::F32(out), layout.shape().clone()))
    }
}

/// GELU of every element of `x` (f32, on the CPU).
pub fn gelu_erf(x: &Tensor) -> Result<Tensor> {
    x.contiguous()?.apply_op1_no_bwd(&GeluErf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erf_matches_the_exact_function_to_float_precision() {
        let mut worst = 0f64;
        for i in -60_000..=60_000 {
            let x = i as f32 / 10_000.0;
            let exact = libm_erf(f64::from(x));
            worst = worst.max((f64::from(erf(x)) - exact).abs());
        }
        assert!(worst < 1e-6, "worst error {worst}");
        assert_eq!(erf(0.0), 0.0);
        assert!((erf(9.0) - 1.0).abs() < 1e-6 && (erf(-9.0) + 1.0).abs() < 1e-6);
    }

    #[test]
    fn gelu_is_the_same_on_every_path() {
        let src: Vec<f32> = (-40_000..40_000).map(|i| i as f32 / 5_000.0).collect();
        let mut a = vec![MaybeUninit::uninit(); src.len()];
        let mut b = vec![MaybeUninit::uninit(); src.len()];
        gelu_chunk(&mut a, &src);
        gelu_chunk_plain(&mut b, &src);
        for ((x, y), &s) in a.iter().zip(&b).zip(&src) {
            // SAFETY: both were written in full above.
            let (x, y) = unsafe { (x.assume_init(), y.assume_init()) };
            assert_eq!(x.to_bits(), y.to_bits(), "gelu({s})");
        }
    }

    /// erf by its Taylor series (exact enough in f64 for |x| ≤ 6 with enough terms),
    /// written out so the test needs no other crate.
    fn libm_erf(x: f64) -> f64 {
        if x.abs() > 5.9 {
            return x.signum();
        }
        // erf(x) = 2/√π · e^{-x²} · Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)), all terms positive.
        let mut term = x;
        let mut sum = x;
        for n in 1..400 {
            term *= 2.0 * x * x / (2.0 * n as f64 + 1.0);
            sum += term;
        }
        2.0 / std::f64::consts::PI.sqrt() * (-x * x).exp() * sum
    }
}
