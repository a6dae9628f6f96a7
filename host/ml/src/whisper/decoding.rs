//! Greedy decoding over one window's logits: the suppress masks, a token
//! cap, a stop when the decoder repeats itself, and the running log
//! probability that the confidence and the no-speech check read.

use super::{EOT, FIRST_TIMESTAMP};

#[derive(Debug)]
pub struct Decoding<'a> {
    suppress: &'a [usize],
    suppress_begin: &'a [usize],
    tokens: Vec<usize>,
    logprob: f64,
    /// Log probabilities counted (the end-of-text token included).
    counted: usize,
}

impl<'a> Decoding<'a> {
    pub fn new(suppress: &'a [usize], suppress_begin: &'a [usize]) -> Self {
        Self { suppress, suppress_begin, tokens: Vec::new(), logprob: 0.0, counted: 0 }
    }

    /// Picks the next token from `logits` (masked in place), or `None` at the
    /// end of text, at the cap, or when the text has started looping.
    pub fn next(&mut self, logits: &mut [f32], cap: usize) -> Option<usize> {
        for &id in self.suppress {
            if let Some(l) = logits.get_mut(id) {
                *l = f32::NEG_INFINITY;
            }
        }
        if self.tokens.is_empty() {
            for &id in self.suppress_begin {
                if let Some(l) = logits.get_mut(id) {
                    *l = f32::NEG_INFINITY;
                }
            }
        }
        for l in logits.iter_mut().skip(FIRST_TIMESTAMP) {
            *l = f32::NEG_INFINITY;
        }
        let (best, _) = logits.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1))?;
        self.logprob += f64::from(log_softmax_at(logits, best));
        self.counted += 1;
        if best == EOT || self.tokens.len() >= cap {
            return None;
        }
        self.tokens.push(best);
        if self.looping() {
            return None;
        }
        Some(best)
    }

    pub fn tokens(&self) -> &[usize] {
        &self.tokens
    }

    pub fn mean_logprob(&self) -> f64 {
        if self.counted == 0 { f64::NEG_INFINITY } else { self.logprob / self.counted as f64 }
    }

    /// The geometric mean of the chosen tokens' probabilities.
    pub fn confidence(&self) -> f32 {
        if self.counted == 0 { 0.0 } else { self.mean_logprob().exp() as f32 }
    }

    /// The same run of 1 to 8 tokens four times in a row at the end: Whisper
    /// stuck in a loop. The repeats beyond the first are dropped.
    fn looping(&mut self) -> bool {
        let n = self.tokens.len();
        for len in 1..=8 {
            if n < len * 4 {
                break;
            }
            let tail = &self.tokens[n - len..];
            if (2..=4).all(|r| &self.tokens[n - r * len..n - (r - 1) * len] == tail) {
                self.tokens.truncate(n - 3 * len);
                return true;
            }
        }
        false
    }
}

pub fn softmax(logits: &[f32]) -> Vec<f32> {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp: Vec<f32> = logits.iter().map(|l| (l - max).exp()).collect();
    let sum: f32 = exp.iter().sum();
    exp.into_iter().map(|e| e / sum).collect()
}

fn log_softmax_at(logits: &[f32], i: usize) -> f32 {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let sum: f32 = logits.iter().map(|l| (l - max).exp()).sum();
    logits[i] - max - sum.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logits_for(best: usize) -> Vec<f32> {
        let mut l = vec![0.0; 51865];
        l[best] = 30.0;
        l
    }

    #[test]
    fn masks_suppressed_and_timestamp_tokens() {
        let mut d = Decoding::new(&[7], &[220]);
        let mut l = logits_for(220);
        l[7] = 29.0;
        l[50400] = 29.5;
        l[100] = 25.0;
        // 220 is suppressed at the first step only; 7 always; timestamps always.
        assert_eq!(d.next(&mut l, 10), Some(100));
        assert_eq!(d.next(&mut logits_for(220), 10), Some(220));
    }

    #[test]
    fn stops_at_end_of_text_the_cap_and_a_loop() {
        let mut d = Decoding::new(&[], &[]);
        assert_eq!(d.next(&mut logits_for(5), 10), Some(5));
        assert_eq!(d.next(&mut logits_for(EOT), 10), None);
        assert_eq!(d.tokens(), &[5]);

        let mut d = Decoding::new(&[], &[]);
        assert_eq!(d.next(&mut logits_for(5), 1), Some(5));
        assert_eq!(d.next(&mut logits_for(6), 1), None);

        let mut d = Decoding::new(&[], &[]);
        let mut steps = 0;
        for t in [1, 2, 3, 9, 8, 9, 8, 9, 8, 9, 8, 9, 8] {
            steps += 1;
            if d.next(&mut logits_for(t), 100).is_none() {
                break;
            }
        }
        assert_eq!(steps, 11, "stops when '9 8' has come four times");
        assert_eq!(d.tokens(), &[1, 2, 3, 9, 8]);
        assert!(d.confidence() > 0.9);
    }
}
