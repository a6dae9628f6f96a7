//! Speech recognition as durable background work: workers claim recorded
//! answers from the transcription queue (`store::transcriptions`) under a
//! lease, transcribe the stored recording on a blocking thread, and store
//! the transcript with its model. A failure that may pass (the model itself
//! failing) is retried with backoff up to [`TranscriptionConfig::max_attempts`]
//! times; a recording that cannot be read (empty, damaged, too long, in no
//! known format) is given up on at once; either way HR gets the reason, and
//! the answer waits for a person as it did before speech recognition. A
//! recording where nobody speaks is flagged "no speech" and also waits for a
//! person: nothing is invented. When the last recorded answer of a finished
//! interview has its transcript, the interview is scored.
//!
//! Speech recognition is CPU-bound: a worker holds a core for the whole
//! recording, so there are at most as many workers as cores less one (one
//! core stays with the requests candidates and HR wait on), each model
//! session on one thread. Logs carry the answer and session ids, the
//! duration and the model, never what was said.

use std::sync::Arc;
use std::time::{Duration, Instant};

use panel_ml::{Recording, TranscribeError, TranscribeOptions, Transcriber, Transcription};
use tracing::Instrument;

use crate::api::{MediaFiles, UploadError};
use crate::engine::{Engine, EngineError, OutboxConfig, backoff};
use crate::store::{ClaimedTranscription, MEDIA_REF_PREFIX, MachineTranscript, TranscriptSegment};

/// How the transcription workers work.
#[derive(Debug, Clone)]
pub struct TranscriptionConfig {
    /// Workers on this node: each runs one recording at a time.
    pub workers: usize,
    /// How long a claim holds without being renewed; a worker renews it
    /// every third of it while it transcribes, so a node that dies releases
    /// its claims within this time.
    pub lease: Duration,
    /// Attempts before a failure that may pass is given up on.
    pub max_attempts: i64,
    /// The wait before the first retry; each further retry doubles it.
    pub first_retry: Duration,
    pub max_retry: Duration,
    /// How long an idle worker waits before looking again.
    pub idle_poll: Duration,
    pub options: TranscribeOptions,
}

/// One core left for requests, one worker per other core, at least one.
pub fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1))
}

impl Default for TranscriptionConfig {
    fn default() -> Self {
        Self {
            workers: default_workers(),
            lease: Duration::from_secs(300),
            max_attempts: 4,
            first_retry: Duration::from_secs(30),
            max_retry: Duration::from_secs(30 * 60),
            idle_poll: Duration::from_secs(1),
            // Panel's interviews are in Chinese or English.
            options: TranscribeOptions { languages: vec!["zh".into(), "en".into()], ..TranscribeOptions::default() },
        }
    }
}

/// The workers' shared parts. Cheap to clone.
#[derive(Clone)]
pub struct Transcribers {
    engine: Engine,
    media: Arc<MediaFiles>,
    transcriber: Arc<dyn Transcriber>,
    config: Arc<TranscriptionConfig>,
}

impl std::fmt::Debug for Transcribers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transcribers")
            .field("model", &self.transcriber.model().name)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// How one attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempted {
    Transcribed,
    NoSpeech,
    Retrying,
    GaveUp,
    /// The lease was lost (taken over): another worker's result stands.
    LeaseLost,
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl Transcribers {
    pub fn new(
        engine: Engine,
        media: Arc<MediaFiles>,
        transcriber: Arc<dyn Transcriber>,
        config: TranscriptionConfig,
    ) -> Self {
        Self { engine, media, transcriber, config: Arc::new(config) }
    }

    /// Starts the workers, named `node-1`, `node-2`…; they stop between
    /// recordings once `stop` is set (a recording being transcribed when
    /// the process dies is taken over by another worker after its lease).
    pub fn spawn(&self, node: &str, stop: tokio::sync::watch::Receiver<bool>) -> tokio::task::JoinSet<()> {
        let mut workers = tokio::task::JoinSet::new();
        for n in 1..=self.config.workers.max(1) {
            let (this, worker, stop) = (self.clone(), format!("{node}-{n}"), stop.clone());
            workers.spawn(async move { this.run(worker, stop).await });
        }
        workers
    }

    async fn run(&self, worker: String, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            if *stop.borrow() {
                return;
            }
            let wait = match self.run_once(&worker).await {
                Ok(Some(_)) => continue,
                Ok(None) => self.config.idle_poll,
                Err(e) => {
                    tracing::error!(error = %e, "claiming or recording a transcription failed");
                    self.config.idle_poll * 8
                }
            };
            tokio::select! {
                changed = stop.changed() => {
                    // The sender is gone: whoever ran the workers has stopped.
                    if changed.is_err() {
                        return;
                    }
                }
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// Claims one due transcription and does it; `None` when nothing is due.
    pub async fn run_once(&self, worker: &str) -> Result<Option<Attempted>, EngineError> {
        let now = self.engine.now_ms();
        let lease_until = now.saturating_add(ms(self.config.lease));
        let store = self.engine.store();
        let Some(job) = store.claim_transcriptions(worker, now, lease_until, 1, self.config.max_attempts).await?.pop()
        else {
            return Ok(None);
        };
        let span = tracing::info_span!("transcription", answer_id = job.answer_id, session_id = job.session_id,
            attempt = job.attempts, model = %self.transcriber.model().name);
        self.attempt(worker, job).instrument(span).await.map(Some)
    }

    async fn attempt(&self, worker: &str, job: ClaimedTranscription) -> Result<Attempted, EngineError> {
        let store = self.engine.store();
        let recording = match self.recording(&job).await {
            Ok(bytes) => bytes,
            Err(why) => {
                tracing::warn!(reason = %why, "transcription given up");
                return self.gave_up(worker, &job, &why).await;
            }
        };
        let started = Instant::now();
        let renewing = self.keep_lease(worker, job.answer_id);
        let (transcriber, options) = (self.transcriber.clone(), self.config.options.clone());
        let result = crate::priority::run_in_background("panel-transcribe", move || {
            transcriber.transcribe(Recording::Bytes(&recording), &options)
        })
        .await;
        renewing.abort();
        let duration_ms = started.elapsed().as_millis() as u64;
        let now = self.engine.now_ms();
        let result = result.unwrap_or_else(|| Err(TranscribeError::Inference("the transcription stopped".to_owned())));
        match result {
            Ok(Transcription::Speech(t)) => {
                let model = self.transcriber.model();
                let seconds = t.seconds;
                let transcript = MachineTranscript {
                    text: t.text,
                    model: model.name.clone(),
                    model_version: model.version.clone(),
                    model_checksum: model.checksum.clone(),
                    language: t.language,
                    confidence: f64::from(t.confidence),
                    seconds,
                    segments: t
                        .segments
                        .into_iter()
                        .map(|s| TranscriptSegment {
                            start_ms: s.start_ms,
                            end_ms: s.end_ms,
                            text: s.text,
                            confidence: s.confidence,
                        })
                        .collect(),
                };
                if !store.transcription_done(job.answer_id, worker, now, &transcript).await? {
                    tracing::warn!(duration_ms, "transcribed, but the lease was taken over; the other result stands");
                    return Ok(Attempted::LeaseLost);
                }
                tracing::info!(duration_ms, seconds, language = %transcript.language, "transcribed");
                self.engine.after_machine_transcript(job.session_id).await;
                Ok(Attempted::Transcribed)
            }
            Ok(Transcription::NoSpeech { seconds }) => {
                if !store.transcription_no_speech(job.answer_id, worker, now, seconds).await? {
                    return Ok(Attempted::LeaseLost);
                }
                tracing::info!(duration_ms, seconds, "no speech in the recording; it waits for a person");
                Ok(Attempted::NoSpeech)
            }
            Err(TranscribeError::Audio(e)) => {
                tracing::warn!(duration_ms, reason = %e, "the recording cannot be transcribed");
                self.gave_up(worker, &job, &e.to_string()).await
            }
            Err(e) if job.attempts < self.config.max_attempts => {
                let wait = backoff(&self.retry_shape(), job.attempts, jitter());
                let next = now.saturating_add(ms(wait));
                if !store.transcription_retry(job.answer_id, worker, next, &e.to_string()).await? {
                    return Ok(Attempted::LeaseLost);
                }
                tracing::warn!(duration_ms, error = %e, retry_in_ms = ms(wait), "transcription failed; will retry");
                Ok(Attempted::Retrying)
            }
            Err(e) => {
                tracing::warn!(duration_ms, error = %e, "transcription failed for the last time");
                let why = format!("{e} ({} attempts)", job.attempts);
                self.gave_up(worker, &job, &why).await
            }
        }
    }

    async fn gave_up(&self, worker: &str, job: &ClaimedTranscription, why: &str) -> Result<Attempted, EngineError> {
        let now = self.engine.now_ms();
        Ok(if self.engine.store().transcription_failed(job.answer_id, worker, now, why).await? {
            Attempted::GaveUp
        } else {
            Attempted::LeaseLost
        })
    }

    /// The recording's bytes, opened, or why there are none.
    async fn recording(&self, job: &ClaimedTranscription) -> Result<Vec<u8>, String> {
        let missing = "the recording's file is no longer kept on this server".to_owned();
        let id = job.media_ref.strip_prefix(MEDIA_REF_PREFIX).ok_or_else(|| missing.clone())?;
        let meta = match self.media.meta(job.session_id, id).await {
            Ok(Some(meta)) if meta.completed.is_some() => meta,
            Ok(_) => return Err(missing),
            Err(e) => return Err(format!("the recording could not be read: {e}")),
        };
        let key = self.engine.store().session_key(job.session_id).await.map_err(|e| e.to_string())?;
        match self.media.read_recording(&key, id, &meta, None).await {
            Ok(bytes) => Ok(bytes),
            Err(UploadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Err(missing),
            Err(e) => Err(format!("the recording could not be read: {e}")),
        }
    }

    /// Renews the lease every third of it until aborted.
    fn keep_lease(&self, worker: &str, answer_id: i64) -> tokio::task::JoinHandle<()> {
        let (engine, worker, lease) = (self.engine.clone(), worker.to_owned(), self.config.lease);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(lease / 3);
            tick.tick().await;
            loop {
                tick.tick().await;
                let until = engine.now_ms().saturating_add(ms(lease));
                match engine.store().renew_transcription(answer_id, &worker, until).await {
                    Ok(true) => {}
                    Ok(false) => return,
                    Err(e) => tracing::warn!(error = %e, "renewing a transcription's lease failed"),
                }
            }
        })
    }

    fn retry_shape(&self) -> OutboxConfig {
        OutboxConfig { first_retry: self.config.first_retry, max_retry: self.config.max_retry, ..Default::default() }
    }
}

fn jitter() -> f64 {
    let mut byte = [0u8; 2];
    let _ = getrandom::fill(&mut byte);
    f64::from(u16::from_le_bytes(byte)) / f64::from(u16::MAX)
}
