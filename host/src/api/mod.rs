//! The HTTP API, served by `panel serve`: staff endpoints for the org tree,
//! jobs, candidates, invitations, scoring, reports and rankings; the
//! candidate's interview through their invitation link; the OpenAPI
//! document at [`OPENAPI_PATH`].
//!
//! - `error`: the one JSON error shape and the extractors that use it;
//! - `auth`: staff sign-in and the candidate link;
//! - `access`: who may do what where, as one rule;
//! - `org`, `staff`, `jobs`, `candidates`, `import`, `interview`, `sessions`:
//!   the endpoints by resource;
//! - `dashboard`: the live dashboard's counts and lists;
//! - `uploads`: recorded answers, uploaded in resumable chunks, and played
//!   back to staff from the report.
//!
//! Every read or change of candidate data writes an audit entry.

pub mod access;
mod analytics;
pub mod auth;
mod candidates;
mod compliance;
mod consent;
mod dashboard;
pub mod error;
mod hires;
mod import;
mod interview;
mod invitations;
mod jobs;
mod models;
mod openapi;
mod org;
mod outcomes;
pub mod passwords;
mod pipeline;
mod plugins;
mod privacy;
mod scorers;
mod self_id;
mod sessions;
pub mod sign_in_limits;
mod staff;
mod transcription;
mod uploads;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath};
use axum::http::{Request, StatusCode};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use self::openapi::ApiDoc;
use self::passwords::PasswordWorkers;
pub use self::plugins::PluginListing;
use self::sign_in_limits::{SignInLimits, SignInLimitsConfig};
pub use self::uploads::{MediaFiles, Swept, UploadError};
use crate::engine::{Engine, EngineError, ScopedPlugins};
use crate::models::HostModels;

/// Where the OpenAPI document is served.
pub const OPENAPI_PATH: &str = "/api/openapi.json";

const TAG_AUTH: &str = "auth";
const TAG_ORG: &str = "organisation";
const TAG_PLUGINS: &str = "plugins";
const TAG_PIPELINE: &str = "pipeline";
const TAG_JOBS: &str = "jobs";
const TAG_CANDIDATES: &str = "candidates";
const TAG_INTERVIEW: &str = "candidate interview";
const TAG_RESULTS: &str = "results";

/// Settings of the API.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// How long a staff sign-in lasts.
    pub staff_token_ttl: Duration,
    /// Largest JSON body, except bulk imports.
    pub body_limit: usize,
    /// Largest bulk import body.
    pub import_limit: usize,
    /// Rows in one bulk import.
    pub import_max_rows: usize,
    /// How long an invitation stays open when the request does not say.
    pub invitation_window: Duration,
    /// Where recorded answers are kept; without one, recording is refused.
    pub media_dir: Option<PathBuf>,
    /// Largest recording of one answer, whatever its question's time limit.
    pub max_recording_bytes: u64,
    /// The bit rate recordings are allowed, in bytes a second: an answer's
    /// recording may hold this for its question's time limit and as long
    /// again in overtime (at least a minute), and an interview's recordings
    /// together that for every question (and two follow-ups). The candidate
    /// page records at about half of it.
    pub recording_bytes_per_second: u64,
    /// Recordings one candidate may start for one question (a reload or a
    /// failed upload records again).
    pub uploads_per_answer: usize,
    /// Largest chunk of a recording in one request.
    pub chunk_limit: usize,
    /// Failed sign-ins allowed per account and per address.
    pub sign_in: SignInLimitsConfig,
    /// Passwords checked at once (each takes 19 MiB and a core for tens of
    /// milliseconds); more sign-ins wait in a short queue, then get 503.
    pub password_workers: usize,
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            staff_token_ttl: Duration::from_secs(12 * 3600),
            body_limit: 256 * 1024,
            import_limit: 8 * 1024 * 1024,
            import_max_rows: 10_000,
            invitation_window: Duration::from_secs(24 * 3600),
            media_dir: None,
            max_recording_bytes: 200 * 1024 * 1024,
            recording_bytes_per_second: 256 * 1024,
            uploads_per_answer: 5,
            chunk_limit: 8 * 1024 * 1024,
            sign_in: SignInLimitsConfig::default(),
            password_workers: std::thread::available_parallelism().map_or(1, |n| n.get().min(4)),
        }
    }
}

/// What every handler can reach. Cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    pub engine: Engine,
    pub config: Arc<ApiConfig>,
    /// The loaded plugins and their bindings per scope.
    pub plugins: Arc<ScopedPlugins>,
    /// Recorded answers on disk, when the server keeps them.
    pub media: Option<Arc<MediaFiles>>,
    dummy_hash: String,
    /// Where passwords are hashed and checked.
    pub passwords: PasswordWorkers,
    /// Failed sign-ins so far, per account and per address.
    pub sign_in: Arc<SignInLimits>,
    /// Interviews scored in the background at once, and each job's share.
    scoring: Arc<scorers::Scorers>,
    /// The on-device models, or why there are none (for the console).
    pub models: Arc<HostModels>,
    /// The plugins' embedding cache, dropped when a candidate is erased.
    pub embeddings: Option<Arc<crate::runtime::HostEmbeddings>>,
}

/// A duration in the milliseconds the store uses.
pub(crate) fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl AppState {
    pub fn new(engine: Engine, config: ApiConfig, plugins: Arc<ScopedPlugins>) -> Self {
        let media = config.media_dir.clone().map(|dir| Arc::new(MediaFiles::new(dir)));
        let scoring = Arc::new(scorers::Scorers::new(background_scorers()));
        // A queue of a few sign-ins per worker: more would only wait longer
        // than a person retrying.
        let passwords = PasswordWorkers::start(config.password_workers, config.password_workers * 8);
        let sign_in = Arc::new(SignInLimits::new(config.sign_in.clone()));
        Self {
            engine,
            config: Arc::new(config),
            plugins,
            media,
            dummy_hash: auth::dummy_hash(),
            passwords,
            sign_in,
            scoring,
            models: Arc::new(HostModels::none(crate::models::NOT_INSTALLED)),
            embeddings: None,
        }
    }

    /// The same state, dropping `embeddings`' cache on erasure.
    #[must_use]
    pub fn with_embeddings(mut self, embeddings: Option<Arc<crate::runtime::HostEmbeddings>>) -> Self {
        self.embeddings = embeddings;
        self
    }

    /// What erases candidates and applies the retention rules for this server.
    pub fn eraser(&self) -> crate::compliance::erasure::Eraser {
        crate::compliance::erasure::Eraser {
            store: self.engine.store().clone(),
            media_root: self.config.media_dir.clone(),
            embeddings: self.embeddings.clone(),
        }
    }

    /// The same state, serving from `models` (speech recognition's status).
    #[must_use]
    pub fn with_models(mut self, models: Arc<HostModels>) -> Self {
        self.models = models;
        self
    }

    pub fn now(&self) -> i64 {
        self.engine.now_ms()
    }

    /// Scores a finished interview in the background; failures are logged
    /// and the session stays unscored for [`score_pending`] or HR to retry.
    pub fn score_in_background(&self, session_id: i64) {
        let (engine, scoring) = (self.engine.clone(), self.scoring.clone());
        tokio::spawn(async move {
            // An interview whose job cannot be read fails to score below; until
            // then it waits in a share of its own.
            let store = engine.store();
            let job = match store.session(session_id).await {
                Ok(session) => store.application(session.application_id).await.map_or(0, |a| a.job_id),
                Err(_) => 0,
            };
            let Some(_turn) = scoring.turn(job).await else { return };
            match engine.score_session(session_id).await {
                Err(EngineError::AiEvaluationWithdrawn) => {
                    tracing::info!(session_id, "not scored: the candidate withdrew consent to AI evaluation");
                    return;
                }
                Err(EngineError::AwaitingTranscripts { count }) => {
                    tracing::info!(session_id, count, "a finished interview waits for transcripts before scoring");
                    return;
                }
                Err(e) => {
                    tracing::warn!(session_id, error = %e, "scoring a finished interview failed");
                    return;
                }
                Ok(_) => {}
            }
            if let Err(e) =
                engine.store().audit("system", "session.score", &format!("session:{session_id}"), "", "").await
            {
                tracing::warn!(session_id, error = %e, "writing the audit entry for scoring failed");
            }
        });
    }
}

/// Background scorers at once: two per core, half of them for one job at
/// most. Rubrics run on the plugin runtime's own threads, each within its
/// share and CPU lane, so an interview waiting on a slow rubric holds up
/// neither another job's interviews nor a request.
fn background_scorers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get() * 2)
}

/// Scores every finished interview that has no scores yet (after a restart).
pub async fn score_pending(engine: &Engine) -> usize {
    let pending = match engine.store().sessions_awaiting_scoring().await {
        Ok(pending) => pending,
        Err(e) => {
            tracing::warn!(error = %e, "listing unscored interviews failed");
            return 0;
        }
    };
    let outcome = engine.score_sessions(&pending, crate::engine::batch_concurrency()).await;
    for (session_id, e) in &outcome.failed {
        if matches!(e, EngineError::AiEvaluationWithdrawn) {
            // Left for a person on purpose: nothing failed.
            continue;
        }
        tracing::warn!(session_id, error = %e, "scoring an unscored interview failed");
    }
    outcome.scored
}

/// The API's routes and its OpenAPI document, built together so a route
/// cannot exist without its documentation.
pub fn router(state: AppState) -> Router {
    let (router, mut openapi) = api_routes(&state).split_for_parts();
    openapi::complete(&mut openapi);
    let openapi = Arc::new(openapi);
    router
        .route(OPENAPI_PATH, axum::routing::get(move || std::future::ready(axum::Json(openapi.as_ref().clone()))))
        .route("/healthz", axum::routing::get(|| std::future::ready("ok")))
        .merge(crate::ui::routes())
        .fallback(|| async {
            error::ApiError::new(StatusCode::NOT_FOUND, "no-route", "there is no such endpoint; see /api/openapi.json")
        })
        .method_not_allowed_fallback(|| async {
            error::ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "this endpoint does not take that method",
            )
        })
        .layer(axum::middleware::map_response(api_headers))
        .layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            // The matched route, never the raw path: paths may carry ids, never tokens.
            let route = request.extensions().get::<MatchedPath>().map_or("(unmatched)", MatchedPath::as_str).to_owned();
            tracing::info_span!("http", method = %request.method(), route)
        }))
        .with_state(state)
}

/// What every response carries: never sniffed into another type (a JSON
/// body is not a page or a script), and, unless a response chose its own
/// caching, never kept by a browser or proxy (API responses hold personal
/// data and sign-in tokens). The UI's pages and assets add their own policy.
async fn api_headers(mut response: axum::response::Response) -> axum::response::Response {
    use axum::http::HeaderValue;
    use axum::http::header::{CACHE_CONTROL, X_CONTENT_TYPE_OPTIONS};
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Serves the API on `listener` until `shutdown` resolves, with each
/// request's peer address available for the audit log.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}

/// The OpenAPI document alone.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let engine_less = OpenApiRouter::<AppState>::with_openapi(ApiDoc::openapi());
    let mut document = add_routes(engine_less, usize::MAX, usize::MAX, usize::MAX).into_openapi();
    openapi::complete(&mut document);
    document
}

fn api_routes(state: &AppState) -> OpenApiRouter<AppState> {
    let config = &state.config;
    add_routes(
        OpenApiRouter::with_openapi(ApiDoc::openapi()),
        config.body_limit,
        config.import_limit,
        config.chunk_limit,
    )
}

fn add_routes(
    router: OpenApiRouter<AppState>,
    body_limit: usize,
    import_limit: usize,
    chunk_limit: usize,
) -> OpenApiRouter<AppState> {
    let import = OpenApiRouter::new()
        .routes(routes!(import::import_candidates))
        .routes(routes!(outcomes::import_outcomes))
        .layer(DefaultBodyLimit::max(import_limit));
    let chunks = OpenApiRouter::new()
        .routes(routes!(uploads::upload_status, uploads::append_chunk))
        .layer(DefaultBodyLimit::max(chunk_limit));
    let rest = OpenApiRouter::new()
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me))
        .routes(routes!(org::organisation))
        .routes(routes!(org::create_unit))
        .routes(routes!(org::create_user))
        .routes(routes!(plugins::plugins))
        .routes(routes!(plugins::list_bindings, plugins::put_binding))
        .routes(routes!(plugins::delete_binding))
        .routes(routes!(invitations::not_started))
        .routes(routes!(invitations::extend))
        .routes(routes!(pipeline::move_stage))
        .routes(routes!(pipeline::transitions))
        .routes(routes!(pipeline::submit_scorecard, pipeline::scorecards))
        .routes(routes!(hires::put_offer, hires::offer))
        .routes(routes!(hires::record_departure, hires::departure))
        .routes(routes!(pipeline::deliveries))
        .routes(routes!(pipeline::replay))
        .routes(routes!(pipeline::feedback_sla))
        .routes(routes!(org::audit_trail))
        .routes(routes!(org::audit_verify))
        .routes(routes!(compliance::policy_packs))
        .routes(routes!(compliance::set_region_policy))
        .routes(routes!(compliance::adverse_impact))
        .routes(routes!(compliance::personal_data_requests))
        .routes(routes!(jobs::list_jobs, jobs::create_job))
        .routes(routes!(jobs::job))
        .routes(routes!(jobs::set_pipeline))
        .routes(routes!(jobs::applications))
        .routes(routes!(jobs::ranking))
        .routes(routes!(candidates::add_candidate))
        .routes(routes!(candidates::candidate))
        .routes(routes!(candidates::invite))
        .routes(routes!(candidates::assign_interviewer, staff::interviewers))
        .routes(routes!(staff::staff))
        .routes(routes!(candidates::application_sessions))
        .routes(routes!(sessions::score))
        .routes(routes!(sessions::report))
        .routes(routes!(sessions::transcript))
        .routes(routes!(transcription::transcription_status))
        .routes(routes!(transcription::retry_transcription))
        .routes(routes!(uploads::playback::recording))
        .routes(routes!(dashboard::dashboard))
        .routes(routes!(analytics::funnel))
        .routes(routes!(analytics::validity))
        .routes(routes!(analytics::applications_behind_figure))
        .routes(routes!(outcomes::record_outcome, outcomes::outcomes))
        .routes(routes!(outcomes::rating_scale, outcomes::set_rating_scale))
        .routes(routes!(outcomes::pull_outcomes))
        .routes(routes!(outcomes::outcome_pulls))
        .routes(routes!(models::competency_models))
        .routes(routes!(models::propose_weights, models::weight_proposals))
        .routes(routes!(models::accept_weights))
        .routes(routes!(models::reject_weights))
        .routes(routes!(models::replay_session))
        .routes(routes!(interview::status))
        .routes(routes!(interview::start))
        .routes(routes!(interview::submit_answer))
        .routes(routes!(interview::finish))
        .routes(routes!(self_id::categories, self_id::give, self_id::withdraw))
        .routes(routes!(consent::notice))
        .routes(routes!(consent::withdraw_consent))
        .routes(routes!(consent::request_erasure))
        .routes(routes!(privacy::consents))
        .routes(routes!(privacy::erase))
        .routes(routes!(privacy::export))
        .routes(routes!(privacy::get_hold, privacy::place_hold, privacy::lift_hold))
        .routes(routes!(uploads::create_upload))
        .routes(routes!(uploads::complete_upload))
        .layer(DefaultBodyLimit::max(body_limit));
    router.merge(import).merge(chunks).merge(rest)
}
