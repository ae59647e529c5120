//! The neural part of the trainer: embeds the training sentences with the
//! candle encoder (cached outside the repository, keyed by each transcript's
//! SHA-256), fits the logistic-regression head on embeddings + dense cues,
//! chooses its settings and the ensemble weight with a transfer protocol
//! (train on the 2016 transcripts, validate on the later ones, and the
//! reverse; debates and speeches reported apart), reports
//! leave-one-transcript-out beside it, and writes the committed head.

use std::path::{Path, PathBuf};
use std::time::Instant;

use factdesk::extract::neural::fit::{fit, FitParams, Row};
use factdesk::extract::neural::head::{combine, Head, Weights, HEAD_PATH};
use factdesk::extract::neural::{self, cues, speakers, EMBEDDING};
use factdesk::extract::train::{self, average_precision, LabelledTranscript, Params, Prepared};

/// The version of the head this trainer writes.
pub const HEAD_VERSION: &str = "cw-2026.12-minilm1";

/// Everything a fit or an evaluation needs, per transcript.
pub struct Data {
    pub names: Vec<String>,
    pub labels: Vec<Vec<bool>>,
    pub emb: Vec<Vec<Vec<f32>>>,
    pub cues: Vec<Vec<Vec<f32>>>,
    /// Per sentence, its speaker's host score.
    pub host: Vec<Vec<f32>>,
    /// Per sentence, its speaker (for the host table).
    pub speakers: Vec<Vec<String>>,
    pub prepared: Vec<Prepared>,
}

/// The 2016 debates and the 2016 acceptance speech form the "2016" side.
fn is_2016(name: &str) -> bool {
    name.starts_with("2016")
}

/// Debates (several candidates and moderators) as opposed to speeches,
/// press conferences and meetings.
pub fn is_debate(name: &str) -> bool {
    ["_dem", "_gop", "9dem", "pres"]
        .iter()
        .any(|k| name.contains(k))
        && !name.contains("press")
}

fn cache_dir() -> Result<PathBuf, String> {
    let models = neural::model_dir().map_err(|e| e.to_string())?;
    let base = models
        .parent()
        .and_then(Path::parent)
        .ok_or("no cache directory")?;
    Ok(base.join("clef2019-embeddings"))
}

fn key(t: &LabelledTranscript) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for s in &t.sentences {
        h.update(s.text.as_bytes());
        h.update([0u8]);
    }
    h.update(neural::pinned("model.safetensors").unwrap_or("").as_bytes());
    if int16() {
        // Change this tag whenever the integer arithmetic changes (levels, rounding).
        h.update(b"int16");
    }
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether the embeddings come from the integer encoder (`FACTDESK_NEURAL_PRECISION=int16`).
fn int16() -> bool {
    std::env::var("FACTDESK_NEURAL_PRECISION").is_ok_and(|v| v == "int16")
}

fn read_cache(path: &Path, n: usize) -> Option<Vec<Vec<f32>>> {
    let bytes = std::fs::read(path).ok()?;
    if bytes.len() != n * EMBEDDING * 4 {
        return None;
    }
    let floats: Vec<f32> = bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    Some(floats.chunks(EMBEDDING).map(<[f32]>::to_vec).collect())
}

/// Embeddings of every sentence of `t`, from the cache or computed.
fn embeddings(t: &LabelledTranscript, dir: &Path) -> Result<Vec<Vec<f32>>, String> {
    let path = dir.join(format!("{}-{}.f32", t.name, key(t)));
    if let Some(e) = read_cache(&path, t.sentences.len()) {
        return Ok(e);
    }
    let e = compute(t)?;
    let bytes: Vec<u8> = e.iter().flatten().flat_map(|x| x.to_le_bytes()).collect();
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(e)
}

#[cfg(feature = "neural")]
fn compute(t: &LabelledTranscript) -> Result<Vec<Vec<f32>>, String> {
    use std::sync::OnceLock;
    static ENCODER: OnceLock<Result<neural::encoder::Encoder, String>> = OnceLock::new();
    let encoder = ENCODER
        .get_or_init(|| {
            let dir = neural::installed().map_err(|e| e.to_string())?;
            let precision = if int16() {
                neural::encoder::Precision::Int16
            } else {
                neural::encoder::Precision::F32
            };
            neural::encoder::Encoder::load(&dir, precision).map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(Clone::clone)?;
    let started = Instant::now();
    let texts: Vec<&str> = t.sentences.iter().map(|s| s.text.as_str()).collect();
    let e = encoder.embed(&texts).map_err(|e| e.to_string())?;
    println!(
        "  embedded {} ({} sentences) in {:.1?}",
        t.name,
        texts.len(),
        started.elapsed()
    );
    Ok(e)
}

#[cfg(not(feature = "neural"))]
fn compute(t: &LabelledTranscript) -> Result<Vec<Vec<f32>>, String> {
    Err(format!(
        "{}: embeddings not cached; rerun with --features neural to compute them",
        t.name
    ))
}

/// Embeds (or reads from the cache) and featurizes every transcript.
pub fn load(transcripts: &[LabelledTranscript], prepared: Vec<Prepared>) -> Result<Data, String> {
    let dir = cache_dir()?;
    let started = Instant::now();
    let emb = transcripts
        .iter()
        .map(|t| embeddings(t, &dir))
        .collect::<Result<Vec<_>, _>>()?;
    println!(
        "embeddings ready in {:.1?} (cache {})",
        started.elapsed(),
        dir.display()
    );
    Ok(Data {
        names: transcripts.iter().map(|t| t.name.clone()).collect(),
        labels: transcripts.iter().map(|t| t.labels.clone()).collect(),
        emb,
        cues: transcripts
            .iter()
            .map(|t| cues::cues(&t.sentences))
            .collect(),
        host: transcripts
            .iter()
            .map(|t| speakers::host_scores(&t.sentences))
            .collect(),
        speakers: transcripts
            .iter()
            .map(|t| {
                t.sentences
                    .iter()
                    .map(|s| s.speaker.clone().unwrap_or_default())
                    .collect()
            })
            .collect(),
        prepared,
    })
}

/// The configuration the committed head uses: what `evaluate` chose (see
/// docs/extract.md for the numbers).
pub fn chosen() -> Config {
    Config {
        fit: FitParams {
            l2: 1e-4,
            ..FitParams::default()
        },
        alpha: 0.75,
        beta: 0.0,
    }
}

/// One configuration of the head and ensemble.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub fit: FitParams,
    /// Weight of the head's z-score; the fast model's is `1 - alpha`.
    pub alpha: f64,
    /// Weight of the speaker's host score, subtracted.
    pub beta: f64,
}

fn weights(alpha: f64, beta: f64) -> Weights {
    Weights {
        neural: alpha,
        fast: 1.0 - alpha,
        host: beta,
    }
}

/// Held-out AP per test transcript for several ensemble weights at once:
/// `aps[a][k]` for `combos[a]` (alpha, beta) and test transcript `test[k]`.
fn split(
    data: &Data,
    train_idx: &[usize],
    test: &[usize],
    fit_params: &FitParams,
    alphas: &[(f64, f64)],
) -> Vec<Vec<f64>> {
    let rows: Vec<Row> = train_idx
        .iter()
        .flat_map(|&t| {
            (0..data.labels[t].len()).map(move |i| Row {
                embedding: &data.emb[t][i],
                cues: &data.cues[t][i],
                label: data.labels[t][i],
            })
        })
        .collect();
    let head = fit(&rows, fit_params, "eval");
    let refs: Vec<&Prepared> = train_idx.iter().map(|&t| &data.prepared[t]).collect();
    let fast = train::train(&refs, &Params::default(), "eval");
    let mut aps = vec![Vec::new(); alphas.len()];
    for &t in test {
        let h: Vec<f64> = data.emb[t]
            .iter()
            .zip(&data.cues[t])
            .map(|(e, c)| head.logit(e, c))
            .collect();
        let f: Vec<f64> = data.prepared[t]
            .features
            .iter()
            .map(|x| fast.logit(x))
            .collect();
        for (a, &(alpha, beta)) in alphas.iter().enumerate() {
            let s = combine(&h, &f, &data.host[t], &weights(alpha, beta));
            aps[a].push(average_precision(&s, &data.labels[t]));
        }
    }
    aps
}

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len().max(1) as f64
}

/// MAP over the debates and over the others among `idx`.
fn by_genre(data: &Data, idx: &[usize], aps: &[f64]) -> (f64, f64) {
    let pick = |debate: bool| -> Vec<f64> {
        idx.iter()
            .zip(aps)
            .filter(|(t, _)| is_debate(&data.names[**t]) == debate)
            .map(|(_, ap)| *ap)
            .collect()
    };
    (mean(&pick(true)), mean(&pick(false)))
}

const ALPHAS: &[f64] = &[0.0, 0.25, 0.5, 0.6, 0.75, 0.9, 1.0];
/// A setting replaces the committed one only when its mean transfer MAP is
/// higher by more than this (the spread between seeds and near grid points).
const MARGIN: f64 = 0.002;
/// Host down-weights tried beside the ensemble weight.
const BETAS: &[f64] = &[0.0, 0.5, 1.0, 2.0];

fn combos() -> Vec<(f64, f64)> {
    ALPHAS
        .iter()
        .flat_map(|a| BETAS.iter().map(move |b| (*a, *b)))
        .collect()
}

/// The grid the transfer protocol chooses from (each point with every
/// ensemble weight and host down-weight of `combos`).
fn grid() -> Vec<FitParams> {
    let mut out = Vec::new();
    for l2 in [1e-4, 1e-3, 1e-2] {
        for role_cues in [0, cues::ROLE_NAMES.len()] {
            for use_embedding in [true, false] {
                out.push(FitParams {
                    l2,
                    role_cues,
                    use_embedding,
                    ..FitParams::default()
                });
            }
        }
    }
    out
}

/// Transfer protocol over the grid, then leave-one-transcript-out for the
/// chosen configuration; returns the chosen one.
pub fn evaluate(data: &Data) -> Config {
    let n = data.names.len();
    let a: Vec<usize> = (0..n).filter(|&t| is_2016(&data.names[t])).collect();
    let b: Vec<usize> = (0..n).filter(|&t| !is_2016(&data.names[t])).collect();
    println!(
        "\ntransfer protocol: 2016 ({} transcripts) -> later ({}), and later -> 2016",
        a.len(),
        b.len()
    );
    hosts(data);
    println!("| l2 | roles | embedding | alpha | host | 2016->later MAP | later->2016 MAP | mean | debates MAP | speeches MAP |");
    println!("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let started = Instant::now();
    let mut best: Option<(f64, Config)> = None;
    let mut committed_score = None;
    let combos = combos();
    for params in grid() {
        let ab = split(data, &a, &b, &params, &combos);
        let ba = split(data, &b, &a, &params, &combos);
        for (k, &(alpha, beta)) in combos.iter().enumerate() {
            if !params.use_embedding && alpha == 0.0 && params.role_cues == 0 && params.l2 != 1e-3 {
                continue;
            }
            let (m1, m2) = (mean(&ab[k]), mean(&ba[k]));
            let all: Vec<usize> = b.iter().chain(&a).copied().collect();
            let aps: Vec<f64> = ab[k].iter().chain(&ba[k]).copied().collect();
            let (deb, sp) = by_genre(data, &all, &aps);
            println!(
                "| {} | {} | {} | {alpha} | {beta} | {m1:.4} | {m2:.4} | {:.4} | {deb:.4} | {sp:.4} |",
                params.l2,
                params.role_cues,
                params.use_embedding,
                (m1 + m2) / 2.0
            );
            let score = (m1 + m2) / 2.0;
            let here = chosen();
            if params == here.fit && alpha == here.alpha && beta == here.beta {
                committed_score = Some(score);
            }
            if best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((
                    score,
                    Config {
                        fit: params,
                        alpha,
                        beta,
                    },
                ));
            }
        }
    }
    let (score, best) = best.expect("a non-empty grid");
    println!(
        "grid in {:.1?}; best mean transfer MAP {score:.4}: {best:?}",
        started.elapsed()
    );
    let committed = chosen();
    let kept = committed_score.unwrap_or(f64::NEG_INFINITY);
    let chosen = if score - kept > MARGIN {
        best
    } else {
        println!("kept the committed settings (mean {kept:.4}): the best is not {MARGIN} better");
        committed
    };
    loto(data, &chosen);
    chosen
}

/// Leave-one-transcript-out MAP for the fast model alone, the head alone and
/// the chosen ensemble, per transcript.
pub fn loto(data: &Data, config: &Config) {
    let started = Instant::now();
    let alphas = [(0.0, 0.0), (1.0, 0.0), (config.alpha, config.beta)];
    let mut per: Vec<[f64; 3]> = Vec::new();
    for k in 0..data.names.len() {
        let rest: Vec<usize> = (0..data.names.len()).filter(|&t| t != k).collect();
        let aps = split(data, &rest, &[k], &config.fit, &alphas);
        per.push([aps[0][0], aps[1][0], aps[2][0]]);
    }
    println!("\nleave-one-transcript-out ({:.1?}):", started.elapsed());
    println!("| transcript | genre | fast AP | head AP | ensemble AP |");
    println!("| --- | --- | ---: | ---: | ---: |");
    for (name, p) in data.names.iter().zip(&per) {
        let genre = if is_debate(name) { "debate" } else { "speech" };
        println!(
            "| {name} | {genre} | {:.4} | {:.4} | {:.4} |",
            p[0], p[1], p[2]
        );
    }
    let col = |c: usize, debate: Option<bool>| {
        let v: Vec<f64> = data
            .names
            .iter()
            .zip(&per)
            .filter(|(n, _)| debate.is_none_or(|d| is_debate(n) == d))
            .map(|(_, p)| p[c])
            .collect();
        mean(&v)
    };
    for (label, d) in [
        ("all", None),
        ("debates", Some(true)),
        ("speeches", Some(false)),
    ] {
        println!(
            "| MAP {label} | | {:.4} | {:.4} | {:.4} |",
            col(0, d),
            col(1, d),
            col(2, d)
        );
    }
}

/// Fits the head on every transcript with `config` and writes it.
pub fn write(data: &Data, config: &Config, root: &Path) -> Result<(), String> {
    let rows: Vec<Row> = (0..data.names.len())
        .flat_map(|t| {
            (0..data.labels[t].len()).map(move |i| Row {
                embedding: &data.emb[t][i],
                cues: &data.cues[t][i],
                label: data.labels[t][i],
            })
        })
        .collect();
    let mut head: Head = fit(&rows, &config.fit, HEAD_VERSION);
    head.neural_weight = config.alpha;
    head.fast_weight = 1.0 - config.alpha;
    head.host_weight = config.beta;
    let path = root.join(HEAD_PATH);
    let text = head.to_text();
    std::fs::write(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
    println!(
        "wrote {} ({} bytes, version {HEAD_VERSION}, {config:?})",
        path.display(),
        text.len()
    );
    Ok(())
}

/// Every speaker the host rule scores above zero, with their sentences and
/// check-worthy ones, and the highest-scored speaker who is not a host.
fn hosts(data: &Data) {
    println!("\nspeakers with a host score (rule in speakers.rs):");
    println!("| transcript | speaker | sentences | check-worthy | host score |");
    println!("| --- | --- | ---: | ---: | ---: |");
    for t in 0..data.names.len() {
        let mut seen: Vec<(&str, usize, usize, f32)> = Vec::new();
        for ((who, h), l) in data.speakers[t]
            .iter()
            .zip(&data.host[t])
            .zip(&data.labels[t])
        {
            match seen.iter_mut().find(|e| e.0 == who) {
                Some(e) => {
                    e.1 += 1;
                    e.2 += usize::from(*l);
                    e.3 = e.3.max(*h);
                }
                None => seen.push((who, 1, usize::from(*l), *h)),
            }
        }
        for (who, n, pos, h) in seen.iter().filter(|e| e.3 > 0.0 || e.1 > 40) {
            println!("| {} | {who} | {n} | {pos} | {h:.3} |", data.names[t]);
        }
    }
}
