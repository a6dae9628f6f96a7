//! A real Panel API server for tests: the real router on a loopback socket
//! (port 0), the real first-party plugins, a test database and a manual
//! clock; and a small client that speaks to it over HTTP.

use std::sync::Arc;

use panel::api::{ApiConfig, AppState, auth::hash_password};
use panel::engine::{Engine, EngineConfig, ManualClock, ScopedPlugins};
use panel::packages::{PluginRegistry, Scope, ScopeKind};
use panel::store::{AuditBy, NewBinding, NewUser, Role, Store};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::db::TestDb;
use crate::packages::first_party_registry;

/// 2027-01-15, so invitations made "now" are in a known place.
pub const START_MS: i64 = 1_800_000_000_000;

#[derive(Debug)]
pub struct TestServer {
    pub base: String,
    pub store: Store,
    /// The server's engine (its link signer, to open candidates' links).
    pub engine: Engine,
    pub clock: ManualClock,
    pub http: reqwest::Client,
    /// The loaded first-party packages and the organisation's bindings.
    pub plugins: Arc<ScopedPlugins>,
    /// Where the server keeps recorded answers (a temporary directory).
    pub media: tempfile::TempDir,
    _shutdown: tokio::sync::oneshot::Sender<()>,
    /// Stops the speech recognition workers, if any, when the server goes.
    _stop_speech: tokio::sync::watch::Sender<bool>,
    _packages: tempfile::TempDir,
}

impl TestServer {
    /// Starts a server on `db` with the default API settings.
    pub async fn start(db: &TestDb) -> Self {
        Self::start_with(db, ApiConfig::default()).await
    }

    /// Starts a server with `config`, its recordings in a temporary directory.
    pub async fn start_with(db: &TestDb, config: ApiConfig) -> Self {
        let packages = tempfile::tempdir().expect("packages dir");
        let registry = first_party_registry(packages.path());
        Self::start_with_registry(db, config, registry, packages).await
    }

    /// Starts a server with the plugins of `registry`, installed in
    /// `packages` (kept as long as the server).
    pub async fn start_with_registry(
        db: &TestDb,
        config: ApiConfig,
        registry: Arc<PluginRegistry>,
        packages: tempfile::TempDir,
    ) -> Self {
        Self::start_full(db, config, registry, packages, None).await
    }

    /// Starts a server serving from `models`, and, when `speech` is given
    /// and a transcriber is loaded, its speech recognition workers (named
    /// `test-node-1`…), as `panel serve` runs them.
    pub async fn start_with_speech(
        db: &TestDb,
        models: Arc<panel::models::HostModels>,
        speech: Option<panel::transcription::TranscriptionConfig>,
    ) -> Self {
        let packages = tempfile::tempdir().expect("packages dir");
        let registry = first_party_registry(packages.path());
        Self::start_full(db, ApiConfig::default(), registry, packages, Some((models, speech))).await
    }

    async fn start_full(
        db: &TestDb,
        config: ApiConfig,
        registry: Arc<PluginRegistry>,
        packages: tempfile::TempDir,
        models: Option<(Arc<panel::models::HostModels>, Option<panel::transcription::TranscriptionConfig>)>,
    ) -> Self {
        let media = tempfile::tempdir().expect("media dir");
        let config = ApiConfig { media_dir: Some(media.path().to_path_buf()), ..config };
        let clock = ManualClock::new(START_MS);
        let plugins = Arc::new(ScopedPlugins::new(db.store.clone(), registry));
        let engine = Engine::new(db.store.clone(), plugins.clone(), Arc::new(clock.clone()), EngineConfig::default());
        let mut state = AppState::new(engine.clone(), config, plugins.clone());
        let (stop_speech, speech_stopped) = tokio::sync::watch::channel(false);
        if let Some((models, speech)) = models {
            state = state.with_models(models.clone());
            if let (Some(transcriber), Some(speech), Some(media)) = (&models.transcriber, speech, &state.media) {
                let workers =
                    panel::transcription::Transcribers::new(engine.clone(), media.clone(), transcriber.clone(), speech);
                // Detached: they stop when `stop_speech` is dropped with the server.
                let mut running = workers.spawn("test-node", speech_stopped);
                tokio::spawn(async move { while running.join_next().await.is_some() {} });
            }
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("local address"));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(panel::api::serve(listener, state, async move {
            let _ = rx.await;
        }));
        TestServer {
            base,
            store: db.store.clone(),
            engine,
            clock,
            http: reqwest::Client::new(),
            plugins,
            media,
            _stop_speech: stop_speech,
            _shutdown: tx,
            _packages: packages,
        }
    }

    /// Creates an organisation and its administrator directly in the store,
    /// and switches the first-party plugins on for the whole organisation
    /// (what `panel serve` does on its first start); returns the
    /// organisation's id and the admin's token.
    pub async fn bootstrap(&self, organisation: &str, admin_email: &str) -> (i64, String) {
        let org = self.store.create_organisation(organisation).await.expect("organisation");
        self.add_staff(org, admin_email, Role::Admin, None).await;
        for plugin in ["bank-core", "rubric-star"] {
            let binding = NewBinding {
                scope: Scope::new(ScopeKind::Organisation, org),
                plugin_id: plugin.into(),
                requirement: semver::VersionReq::parse("^0.1").expect("requirement"),
                enabled: true,
                config: json!({}),
            };
            let by = AuditBy { actor: "test bootstrap", origin: "local" };
            self.plugins.bind(org, binding, by).await.unwrap_or_else(|e| panic!("binding {plugin}: {e}"));
        }
        (org, self.login(admin_email, "correct horse battery").await)
    }

    /// Creates a member of staff directly in the store, with the password
    /// `correct horse battery`.
    pub async fn add_staff(&self, organisation: i64, email: &str, role: Role, unit_id: Option<i64>) {
        let hash = hash_password("correct horse battery").expect("hash");
        let user = NewUser { organisation_id: organisation, email, name: email, password_hash: &hash, role, unit_id };
        self.store.create_user(&user).await.unwrap_or_else(|e| panic!("creating {email}: {e}"));
    }

    pub async fn login(&self, email: &str, password: &str) -> String {
        let (status, body) = self
            .call(Method::POST, "/api/v1/auth/login", None, Some(json!({"email": email, "password": password})))
            .await;
        assert_eq!(status, StatusCode::OK, "login as {email}: {body}");
        body["token"].as_str().expect("a token").to_owned()
    }

    /// Sends a JSON request (with a bearer token when given); returns the
    /// status and the JSON body (`Null` when there is none).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.http.request(method.clone(), format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the server answers");
        Self::parse(&method, path, response).await
    }

    /// Sends a raw body with a content type.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.base))
            .header("content-type", content_type)
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        Self::parse(&method, path, request.send().await.expect("the server answers")).await
    }

    /// The status and JSON body (`Null` when empty), checked against the
    /// OpenAPI document first: every response a test receives is one the
    /// document promises.
    async fn parse(method: &Method, path: &str, response: reqwest::Response) -> (StatusCode, Value) {
        let status = response.status();
        let content_type =
            response.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
        // Personal data in every answer: never sniffed into something else,
        // never kept by a browser or proxy.
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"), "{method} {path}: no nosniff");
        if path.starts_with("/api/") {
            assert_eq!(header("cache-control").as_deref(), Some("no-store"), "{method} {path}: cacheable");
        }
        let text = response.text().await.expect("a body");
        crate::contract::check(method, path, status, content_type.as_deref(), &text);
        let value =
            if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        (status, value)
    }

    pub async fn get(&self, path: &str, token: &str) -> Value {
        let (status, body) = self.call(Method::GET, path, Some(token), None).await;
        assert!(status.is_success(), "GET {path}: {status} {body}");
        body
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Value {
        let (status, response) = self.call(Method::POST, path, Some(token), Some(body)).await;
        assert!(status.is_success(), "POST {path}: {status} {response}");
        response
    }

    /// Waits until a finished interview has been scored in the background.
    /// Scoring runs at background priority (plugin and model threads are
    /// niced), so on a machine busy with the other tests it may wait its
    /// turn: a minute at most.
    pub async fn wait_scored(&self, session_id: i64) {
        for _ in 0..3000 {
            if self.store.recommendation(session_id).await.expect("read recommendation").is_some() {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        panic!("session {session_id} was not scored within 60 s of finishing");
    }
}

/// A manufacturing job's body for POST /api/v1/jobs.
pub fn job_body(department_id: i64, title: &str) -> Value {
    json!({
        "department_id": department_id,
        "title": title,
        "industry": "manufacturing",
        "locale": "en",
        "dimensions": [
            {"id": "problem-solving", "name": "Problem solving", "weight": 0.35, "threshold": 7.0},
            {"id": "teamwork", "name": "Teamwork", "weight": 0.25, "threshold": 6.5},
            {"id": "responsibility", "name": "Responsibility", "weight": 0.25, "threshold": 6.5},
            {"id": "communication", "name": "Communication", "weight": 0.15, "threshold": 6.0}
        ]
    })
}

/// Answers every question of the interview behind `link_token` with
/// `answer`, as a candidate would; returns the session id.
pub async fn take_interview(server: &TestServer, link_token: &str, answer: &str) -> i64 {
    let (status, body) =
        server.call(Method::POST, "/api/v1/interview/start", Some(link_token), Some(json!({"consent": true}))).await;
    assert_eq!(status, StatusCode::OK, "start: {body}");
    let mut current = body["current"].clone();
    while current.is_object() {
        let (status, accepted) = server
            .call(
                Method::POST,
                "/api/v1/interview/answers",
                Some(link_token),
                Some(
                    json!({"question_id": current["id"], "text": answer, "think_time_ms": 5000, "duration_ms": 60000}),
                ),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "answer: {accepted}");
        current = accepted["next"].clone();
    }
    let sessions =
        server.store.sessions_of_application(application_of(server, link_token).await).await.expect("sessions");
    sessions[0].id
}

async fn application_of(server: &TestServer, link_token: &str) -> i64 {
    match server.engine.open_link(link_token).await.expect("open the link") {
        panel::engine::OpenedLink::Valid { invitation, .. } => invitation.application_id,
        panel::engine::OpenedLink::Refused(e) => panic!("the link is refused: {e}"),
    }
}
