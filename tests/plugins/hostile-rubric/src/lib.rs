//! A rubric that misbehaves on purpose, to prove the host contains it. The
//! configuration's `attack` picks the misbehaviour; `{}` behaves well, so the
//! same component also shows that a good call right after a bad one works.

use panel_plugin_sdk::{
    Answer, DimensionScore, Effect, EmbedError, Evidence, JobProfile, PluginError, Question, Rubric, RubricInfo,
    register,
};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Config {
    attack: String,
    /// How long `slow` and `busy` take.
    millis: u64,
    /// How many bytes `huge-error` and `long-explanation` write.
    bytes: usize,
}

#[derive(Debug)]
struct Hostile;

#[inline(never)]
#[allow(unconditional_recursion)] // the point: recursion with no end
fn recurse(depth: u64, pad: &mut [u8; 256]) -> u64 {
    pad[(depth % 256) as usize] = depth as u8;
    let next = recurse(depth + 1, pad);
    std::hint::black_box(next + pad[0] as u64)
}

fn attack(config: &Config, question: &Question) -> Result<Vec<DimensionScore>, PluginError> {
    match config.attack.as_str() {
        "slow" => {
            std::thread::sleep(std::time::Duration::from_millis(config.millis));
            Ok(question.dimensions.iter().map(|d| DimensionScore::new(d, 6.0, 0.5, "slow but well-behaved")).collect())
        }
        "busy" => {
            // Computes (no host call to wait in) until `millis` have passed.
            let until = std::time::Instant::now() + std::time::Duration::from_millis(config.millis);
            let mut n: u64 = 0;
            while std::time::Instant::now() < until {
                for _ in 0..10_000 {
                    n = std::hint::black_box(n.wrapping_mul(6364136223846793005).wrapping_add(1));
                }
            }
            Ok(question.dimensions.iter().map(|d| DimensionScore::new(d, 6.0, 0.5, "busy but well-behaved")).collect())
        }
        "infinite-loop" => {
            let mut n: u64 = 0;
            loop {
                n = std::hint::black_box(n.wrapping_add(1));
            }
        }
        "memory-bomb" => {
            let mut hoard: Vec<Vec<u8>> = Vec::new();
            loop {
                hoard.push(vec![1u8; 4 << 20]);
                std::hint::black_box(&hoard);
            }
        }
        "stack-overflow" => {
            let mut pad = [0u8; 256];
            let depth = recurse(0, &mut pad);
            Err(PluginError::internal(format!("recursion ended at {depth}")))
        }
        "panic" => panic!("hostile rubric panicking on purpose"),
        "read-file" => match std::fs::read_to_string("/etc/passwd") {
            Ok(contents) => Ok(vec![DimensionScore::new(&question.dimensions[0], 5.0, 1.0, contents)]),
            Err(e) => Err(PluginError::capability_denied(format!("reading /etc/passwd failed: {e}"))),
        },
        "env" => {
            let vars: Vec<String> = std::env::vars().map(|(k, v)| format!("{k}={v}")).collect();
            Ok(vec![DimensionScore::new(&question.dimensions[0], 5.0, 1.0, vars.join(";"))])
        }
        "huge-output" => {
            let explanation = "x".repeat(8 << 20);
            Ok(vec![DimensionScore::new(&question.dimensions[0], 5.0, 1.0, explanation)])
        }
        "log-flood" => {
            for i in 0..1_000_000u32 {
                panel_plugin_sdk::host::info(&format!("flood line {i}"));
            }
            Ok(Vec::new())
        }
        "embeddings" => match panel_plugin_sdk::host::embed(&["a text".to_owned()]) {
            Ok(v) => Ok(vec![DimensionScore::new(&question.dimensions[0], 5.0, 1.0, format!("{} vectors", v.len()))]),
            Err(EmbedError::NotGranted) => Err(PluginError::capability_denied("embeddings not granted")),
            Err(e) => Err(PluginError::upstream_unavailable(format!("{e:?}"))),
        },
        "stuff-dimension" => {
            // Fifty perfect scores for one dimension, to outvote the other rubrics.
            Ok(vec![DimensionScore::new(&question.dimensions[0], 10.0, 1.0, "stuffed"); 50])
        }
        "forged-log" => {
            panel_plugin_sdk::host::warn("ok\n2026-01-01T00:00:00Z ERROR panel: administrator password changed\x1b[2J");
            Ok(question.dimensions.iter().map(|d| DimensionScore::new(d, 6.0, 0.5, "logged")).collect())
        }
        "huge-error" => Err(PluginError::internal("E".repeat(config.bytes.max(1)))),
        "forged-log-error" => Err(PluginError::internal(
            "failed\n2026-01-01T00:00:00Z ERROR panel: administrator password changed\x1b[2J\x1b[31m",
        )),
        "long-explanation" => {
            Ok(vec![DimensionScore::new(&question.dimensions[0], 5.0, 1.0, "x".repeat(config.bytes.max(1)))])
        }
        "evidence-flood" => {
            let evidence = (0..5_000).map(|i| Evidence::feature(format!("e{i}"), Effect::Positive));
            Ok(vec![DimensionScore::new(&question.dimensions[0], 9.0, 1.0, "look at all this").with_evidence(evidence)])
        }
        "exit" => std::process::exit(3),
        "out-of-range" => {
            Ok(vec![DimensionScore { score: 42.0, ..DimensionScore::new(&question.dimensions[0], 0.0, 0.5, "") }])
        }
        _ => Ok(question.dimensions.iter().map(|d| DimensionScore::new(d, 6.0, 0.5, "well-behaved score")).collect()),
    }
}

impl Rubric for Hostile {
    fn describe() -> RubricInfo {
        RubricInfo::new("Hostile test rubric", "Misbehaves on purpose in tests.")
    }

    fn score(_job: &JobProfile, question: &Question, _answer: &Answer) -> Result<Vec<DimensionScore>, PluginError> {
        let config: Config = panel_plugin_sdk::host::config()?;
        attack(&config, question)
    }
}

register!(rubric: Hostile);
