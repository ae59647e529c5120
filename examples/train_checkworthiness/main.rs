//! Trains, evaluates and benchmarks factdesk's check-worthiness model on the
//! CLEF-2019 CheckThat! Task 1 training transcripts (read from `../shared`,
//! never copied into the repository).
//!
//! ```text
//! cargo run --release --example train_checkworthiness -- [--data DIR] [--evaluate] [--tune] [--write] [--bench]
//! ```
//!
//! `--evaluate`: leave-one-transcript-out cross-validation of the model and of
//! two baselines (random ranking averaged over 20 seeded shuffles; "contains a
//! number"). `--tune`: nested cross-validation over the hyper-parameter grid.
//! `--write`: trains on all transcripts and writes the embedded weights file.
//! `--bench`: times scoring of a 1,500-sentence transcript.
//!
//! The neural head (`neural.rs`; embeddings need `--features neural` the
//! first time, then come from a cache outside the repository):
//! `--neural-evaluate` runs the transfer protocol over the head's grid and
//! leave-one-transcript-out for the chosen settings; `--neural-write` fits
//! the head on all transcripts and writes `src/extract/neural/head.weights`;
//! `--neural-bench` times the neural ranker on 1,500 sentences;
//! `--neural-interview` prints the neural top 10 of the desk's interview.

mod neural;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use factdesk::extract::train::{self, FoldResult, LabelledTranscript, Params, Prepared};
use factdesk::extract::{self, MODEL_VERSION, WEIGHTS_PATH};
use factdesk::model::TranscriptFormat;
use factdesk::transcript::{Roles, Transcript};

const INTERVIEW: &str = "../shared/seed/interview.txt";
const DEFAULT_DATA: &str = "../shared/data/clef2019-checkworthiness/training";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut data = root.join(DEFAULT_DATA);
    let mut params = Params::default();
    let (mut evaluate, mut write, mut bench, mut tune) = (false, false, false, false);
    let mut interview = false;
    let (mut n_eval, mut n_write, mut n_bench, mut n_interview) = (false, false, false, false);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--data" => data = PathBuf::from(args.next().ok_or("--data needs a directory")?),
            "--evaluate" => evaluate = true,
            "--write" => write = true,
            "--bench" => bench = true,
            "--tune" => tune = true,
            "--interview" => interview = true,
            "--neural-evaluate" => n_eval = true,
            "--neural-write" => n_write = true,
            "--neural-bench" => n_bench = true,
            "--neural-interview" => n_interview = true,
            "--set" => set_param(&mut params, &args.next().ok_or("--set needs key=value")?)?,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if interview || n_interview {
        return show_interview(&root.join(INTERVIEW), n_interview);
    }
    let neural_any = n_eval || n_write || n_bench;
    if !(evaluate || write || bench || tune || neural_any) {
        return Err(
            "nothing to do: pass --evaluate, --tune, --write, --bench or --interview".into(),
        );
    }
    let transcripts = load(&data)?;
    let started = Instant::now();
    let prepared: Vec<Prepared> = transcripts.iter().map(train::prepare).collect();
    println!(
        "{} transcripts, {} sentences, {} check-worthy; features in {:.2?}",
        prepared.len(),
        prepared.iter().map(|p| p.labels.len()).sum::<usize>(),
        prepared
            .iter()
            .map(|p| p.labels.iter().filter(|l| **l).count())
            .sum::<usize>(),
        started.elapsed()
    );
    if tune {
        tune_nested(&prepared);
    }
    if evaluate {
        let started = Instant::now();
        let model = train::cross_validate(&prepared, &params);
        println!(
            "cross-validation ({} folds) in {:.2?}",
            model.len(),
            started.elapsed()
        );
        let random = train::random_baseline(&prepared, 20, 7);
        let number = train::number_baseline(&transcripts);
        print_table(&model, &random, &number);
    }
    if write {
        let started = Instant::now();
        let all: Vec<&Prepared> = prepared.iter().collect();
        let weights = train::train(&all, &params, MODEL_VERSION);
        let elapsed = started.elapsed();
        let path = root.join(WEIGHTS_PATH);
        let text = weights.to_text();
        std::fs::write(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
        println!(
            "trained on all {} transcripts in {elapsed:.2?}; wrote {} ({} bytes, version {MODEL_VERSION})",
            prepared.len(),
            path.display(),
            text.len()
        );
    }
    if bench {
        run_bench(&transcripts);
    }
    if n_bench {
        neural_bench(&transcripts)?;
    }
    if n_eval || n_write {
        let data = neural::load(&transcripts, prepared)?;
        let config = if n_eval {
            neural::evaluate(&data)
        } else {
            neural::chosen()
        };
        if n_write {
            neural::write(&data, &config, root)?;
        }
    }
    Ok(())
}

/// `--set key=value` overrides one training setting (for exploration; the
/// committed weights use the defaults).
fn set_param(params: &mut Params, kv: &str) -> Result<(), String> {
    let (key, value) = kv.split_once('=').ok_or("--set needs key=value")?;
    let bad = |_| format!("bad value in {kv:?}");
    match key {
        "epochs" => params.epochs = value.parse().map_err(bad)?,
        "learning_rate" => {
            params.learning_rate = value.parse().map_err(|_| format!("bad value in {kv:?}"))?
        }
        "l2" => params.l2 = value.parse().map_err(|_| format!("bad value in {kv:?}"))?,
        "balance" => params.balance = value.parse().map_err(|_| format!("bad value in {kv:?}"))?,
        "min_df" => params.min_df = value.parse().map_err(|_| format!("bad value in {kv:?}"))?,
        "runs" => params.runs = value.parse().map_err(|_| format!("bad value in {kv:?}"))?,
        "seed" => params.seed = value.parse().map_err(|_| format!("bad value in {kv:?}"))?,
        _ => return Err(format!("unknown setting {key:?}")),
    }
    Ok(())
}

fn load(dir: &Path) -> Result<Vec<LabelledTranscript>, String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(format!("{}: no .tsv transcripts", dir.display()));
    }
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            let name = p
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
            train::parse_labelled(&name, &text).map_err(|e| e.to_string())
        })
        .collect()
}

fn print_table(model: &[FoldResult], random: &[FoldResult], number: &[FoldResult]) {
    println!(
        "\n| transcript | sentences | check-worthy | model AP | model P@10 | random AP | random P@10 | number AP | number P@10 |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for ((m, r), n) in model.iter().zip(random).zip(number) {
        println!(
            "| {} | {} | {} | {:.4} | {:.2} | {:.4} | {:.2} | {:.4} | {:.2} |",
            m.name, m.sentences, m.positives, m.ap, m.p10, r.ap, r.p10, n.ap, n.p10
        );
    }
    println!("\n| ranking | MAP | mean P@10 |");
    println!("| --- | ---: | ---: |");
    for (name, folds) in [
        ("model (leave-one-transcript-out)", model),
        ("random (20 shuffles)", random),
        ("contains a number", number),
    ] {
        let (map, p10) = train::means(folds);
        println!("| {name} | {map:.4} | {p10:.4} |");
    }
}

/// The hyper-parameter grid searched by `--tune`.
fn grid() -> Vec<Params> {
    let base = Params::default();
    let mut out = Vec::new();
    for l2 in [1e-5, 1e-2, 3e-2] {
        for balance in [0.5, 1.0] {
            for epochs in [5, 10] {
                out.push(Params {
                    l2,
                    balance,
                    epochs,
                    ..base
                });
            }
        }
    }
    out
}

/// Nested cross-validation: for each held-out transcript, picks the grid
/// point with the best inner leave-one-out MAP over the other 18, trains it on
/// those 18 and scores the held-out one.
fn tune_nested(data: &[Prepared]) {
    let started = Instant::now();
    let grid = grid();
    let mut outer = Vec::new();
    let mut picks = vec![0usize; grid.len()];
    for k in 0..data.len() {
        let inner: Vec<Prepared> = data
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != k)
            .map(|(_, p)| p.clone())
            .collect();
        let mut best = (f64::MIN, 0usize);
        for (g, params) in grid.iter().enumerate() {
            let (map, _) = train::means(&train::cross_validate(&inner, params));
            if map > best.0 {
                best = (map, g);
            }
        }
        picks[best.1] += 1;
        let refs: Vec<&Prepared> = inner.iter().collect();
        let w = train::train(&refs, &grid[best.1], "nested");
        let scores = train::score_prepared(&w, &data[k]);
        let ap = train::average_precision(&scores, &data[k].labels);
        let p10 = train::precision_at(&scores, &data[k].labels, 10);
        println!(
            "{}: picked {:?} (inner MAP {:.4}); AP {ap:.4} P@10 {p10:.2}",
            data[k].name, grid[best.1], best.0
        );
        outer.push((ap, p10));
    }
    let n = outer.len() as f64;
    println!(
        "nested CV: MAP {:.4}, mean P@10 {:.4} in {:.2?}",
        outer.iter().map(|o| o.0).sum::<f64>() / n,
        outer.iter().map(|o| o.1).sum::<f64>() / n,
        started.elapsed()
    );
    for (g, count) in picks.iter().enumerate().filter(|(_, c)| **c > 0) {
        println!("  picked {count}x: {:?}", grid[g]);
    }
    for params in &grid {
        let (map, p10) = train::means(&train::cross_validate(data, params));
        println!("  flat LOTO {params:?}: MAP {map:.4} P@10 {p10:.4}");
    }
}

/// Prints the ten most check-worthy sentences of the desk's interview, as
/// documented in docs/extract.md.
fn show_interview(path: &Path, neural: bool) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let roles = Roles {
        speakers: vec!["Antoine Bondaz".into()],
        interviewer: Some("Le Point".into()),
        narrator: Some("Le Point (journalist)".into()),
        ..Roles::default()
    };
    let transcript =
        Transcript::parse(&text, TranscriptFormat::Text, &roles).map_err(|e| e.to_string())?;
    let sentences = transcript.sentences();
    let choice = if neural {
        extract::Choice::Neural
    } else {
        extract::Choice::Fast
    };
    let ranking = extract::rank_by(choice, &sentences).map_err(|e| e.to_string())?;
    let ranked = ranking.scored;
    println!(
        "{} sentences; {} ranker, model {}\n",
        sentences.len(),
        ranking.ranker.name(),
        ranking.version
    );
    println!("| rank | score | line | speaker | sentence |");
    println!("| ---: | ---: | ---: | --- | --- |");
    for (n, s) in ranked.iter().enumerate() {
        let sentence = &sentences[s.index];
        if n < 10 || std::env::var_os("ALL").is_some() {
            println!(
                "| {} | {:.3} | {} | {} | {} |",
                n + 1,
                s.score,
                sentence.line,
                sentence.speaker.as_deref().unwrap_or("-"),
                sentence.text.replace('|', "\\|")
            );
        }
    }
    Ok(())
}

fn run_bench(transcripts: &[LabelledTranscript]) {
    let sentences: Vec<_> = transcripts
        .iter()
        .flat_map(|t| t.sentences.iter().cloned())
        .take(1500)
        .collect();
    let started = Instant::now();
    let first = extract::score_sentences(&sentences);
    let cold = started.elapsed();
    let mut times = Vec::new();
    for _ in 0..30 {
        let started = Instant::now();
        let scores = extract::score_sentences(&sentences);
        times.push(started.elapsed());
        assert_eq!(scores, first, "scores must be deterministic");
    }
    times.sort();
    println!(
        "scoring {} sentences: first call (parses the embedded weights) {cold:.2?}; then median {:.2?}, min {:.2?}, max {:.2?} over {} runs",
        sentences.len(),
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        times.len()
    );
}

/// Times the neural ranker (weights verified, encoder loaded, 1,500
/// sentences embedded and scored), twice: the first run reads the weights
/// from disk.
fn neural_bench(transcripts: &[LabelledTranscript]) -> Result<(), String> {
    let sentences: Vec<_> = transcripts
        .iter()
        .flat_map(|t| t.sentences.iter().cloned())
        .take(1500)
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut first = None;
    for run in 1..=3 {
        let started = Instant::now();
        let ranking =
            extract::rank_by(extract::Choice::Neural, &sentences).map_err(|e| e.to_string())?;
        println!(
            "neural ranker, {} sentences, {threads} threads: run {run} {:.2?}",
            sentences.len(),
            started.elapsed()
        );
        match &first {
            None => first = Some(ranking.scored),
            Some(f) => assert_eq!(f, &ranking.scored, "rankings must be deterministic"),
        }
    }
    Ok(())
}
