//! Who is calling: staff sign in with a password (argon2id) and get an
//! expiring bearer token, stored only as a SHA-256 hash; candidates carry
//! their invitation link's signed token ([`crate::links`]).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult, Body};
use super::passwords::HashingError;
use super::sign_in_limits::Refused;
use super::{AppState, TAG_AUTH};
use crate::engine::OpenedLink;
use crate::links::LinkError;
use crate::store::{Invitation, User, random_hex, token_hash};

/// Staff tokens start with this, candidate link tokens do not: a token sent
/// to the wrong kind of endpoint is refused without a database lookup.
const STAFF_TOKEN_PREFIX: &str = "pst_";

/// Hashes a password with argon2id (OWASP's minimum: 19 MiB, 2 passes) on
/// the calling thread: for start-up and commands. Requests go through
/// [`AppState::passwords`], which bounds how many hash at once.
pub fn hash_password(password: &str) -> Result<String, ApiError> {
    super::passwords::hash_now(password)
        .ok_or_else(|| ApiError::internal(&std::io::Error::other("hashing a password failed (no system randomness?)")))
}

/// Checks a new password is worth having.
pub fn check_password(password: &str) -> ApiResult<()> {
    if password.chars().count() < 10 {
        return Err(ApiError::invalid("password", "must be at least 10 characters long"));
    }
    Ok(())
}

fn random_token(prefix: &str) -> ApiResult<String> {
    Ok(format!("{prefix}{}", random_hex(32).map_err(|e| ApiError::internal(&e))?))
}

/// Where a request came from, for the audit log.
#[derive(Debug, Clone, Default)]
pub struct Origin(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Origin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Origin(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_default()))
    }
}

fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

/// A signed-in staff member, with where the request came from.
#[derive(Debug, Clone)]
pub struct Staff {
    pub user: User,
    pub origin: String,
}

impl Staff {
    /// How this user appears in the audit log.
    pub fn actor(&self) -> String {
        format!("user:{}", self.user.id)
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(token) = bearer(parts) else {
            return Err(ApiError::unauthorized(
                "sign in first, then send the token as `Authorization: Bearer <token>` (POST /api/v1/auth/login)",
            ));
        };
        if !token.starts_with(STAFF_TOKEN_PREFIX) {
            return Err(ApiError::unauthorized("this is not a staff sign-in token"));
        }
        let user = state.engine.store().staff_session(&token_hash(token), state.now()).await?;
        let Some(user) = user else {
            return Err(ApiError::unauthorized("this sign-in has expired or ended; sign in again"));
        };
        let Origin(origin) = Origin::from_request_parts(parts, state).await.unwrap_or_default();
        Ok(Staff { user, origin })
    }
}

/// A candidate holding a valid invitation link.
#[derive(Debug, Clone)]
pub struct CandidateLink {
    pub invitation: Invitation,
    /// The newest interview session of the invitation's application.
    pub session_id: Option<i64>,
    pub origin: String,
}

impl CandidateLink {
    pub fn actor(&self) -> String {
        format!("candidate:invitation:{}", self.invitation.id)
    }
}

fn invalid_link() -> ApiError {
    ApiError::unauthorized("this interview link is not valid; use the link from your invitation")
}

fn refused_link(refused: LinkError) -> ApiError {
    match refused {
        LinkError::Expired => {
            ApiError::unauthorized("this interview link has expired; ask the company that invited you for a new one")
        }
        _ => invalid_link(),
    }
}

/// The bearer token, if it can be a candidate's link.
fn link_token(parts: &Parts) -> ApiResult<&str> {
    let token = bearer(parts).ok_or_else(invalid_link)?;
    if token.starts_with(STAFF_TOKEN_PREFIX) || token.len() > 128 {
        return Err(invalid_link());
    }
    Ok(token)
}

impl FromRequestParts<AppState> for CandidateLink {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let (invitation, session_id) = match state.engine.open_link(link_token(parts)?).await? {
            OpenedLink::Valid { invitation, session_id } => (invitation, session_id),
            OpenedLink::Refused(refused) => return Err(refused_link(refused)),
        };
        let Origin(origin) = Origin::from_request_parts(parts, state).await.unwrap_or_default();
        Ok(CandidateLink { invitation, session_id, origin })
    }
}

/// A candidate's valid link, checked without reading the invitation: for
/// the requests candidates make most, which read what they need in one
/// query of their own.
#[derive(Debug, Clone)]
pub struct CandidateToken {
    pub invitation_id: i64,
    pub origin: String,
}

impl CandidateToken {
    pub fn actor(&self) -> String {
        format!("candidate:invitation:{}", self.invitation_id)
    }
}

impl FromRequestParts<AppState> for CandidateToken {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let invitation_id = state.engine.link_invitation(link_token(parts)?).await?.map_err(refused_link)?;
        let Origin(origin) = Origin::from_request_parts(parts, state).await.unwrap_or_default();
        Ok(CandidateToken { invitation_id, origin })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    #[schema(example = "hr@demo.panel")]
    pub email: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    /// Unix milliseconds.
    pub expires_at: i64,
    pub user: User,
}

/// Sign in as a staff member. Consecutive failures lock the account for a
/// while (longer each time), and each address has a budget of failures that
/// refills over time: beyond either, 429 with `Retry-After`.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = TAG_AUTH, request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 400, body = super::error::ErrorBody),
        (status = 401, body = super::error::ErrorBody), (status = 415, body = super::error::ErrorBody),
        (status = 422, body = super::error::ErrorBody),
        (status = 429, description = "Too many failed sign-ins; see Retry-After", body = super::error::ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "Too many sign-ins at once; see Retry-After", body = super::error::ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait")))))]
pub async fn login(
    State(state): State<AppState>,
    Origin(origin): Origin,
    Body(request): Body<LoginRequest>,
) -> ApiResult<axum::Json<LoginResponse>> {
    let store = state.engine.store();
    let attempt = match state.sign_in.begin(&request.email, &origin, state.now()) {
        Ok(attempt) => attempt,
        Err(refused) => {
            let (what, message) = match refused {
                Refused::Account { .. } => (
                    "auth.login-throttled-account",
                    "too many failed sign-ins for this account; wait before trying again",
                ),
                Refused::Address { .. } => (
                    "auth.login-throttled-address",
                    "too many failed sign-ins from your address; wait before trying again",
                ),
            };
            let _ = store.audit("anonymous", what, "auth", "", &origin).await;
            return Err(ApiError::too_many(message, refused.retry_after_secs()));
        }
    };
    let found = match store.user_for_login(&request.email).await {
        Ok(found) => found,
        Err(e) => {
            state.sign_in.abandon(attempt);
            return Err(e.into());
        }
    };
    // Verify against a real hash even for an unknown email, so the time
    // taken does not tell which emails have accounts.
    let (user, hash) = match found {
        Some((user, hash)) => (Some(user), hash),
        None => (None, state.dummy_hash.clone()),
    };
    let ok = match state.passwords.verify(request.password, hash).await {
        Ok(ok) => ok,
        Err(e) => {
            state.sign_in.abandon(attempt);
            return Err(match e {
                HashingError::Busy => ApiError::busy("too many sign-ins at once; try again in a moment", 1),
                HashingError::Unavailable => ApiError::internal(&e),
            });
        }
    };
    let succeeded = ok && user.is_some();
    let locked = state.sign_in.finish(attempt, succeeded, state.now());
    let user = match (user, ok) {
        (Some(user), true) => user,
        _ => {
            let _ = store.audit("anonymous", "auth.login-failed", "auth", "", &origin).await;
            if let Some(lockout_ms) = locked {
                let detail = format!("locked for {} s", lockout_ms / 1000);
                let _ = store.audit("anonymous", "auth.account-locked", "auth", &detail, &origin).await;
            }
            return Err(ApiError::unauthorized("the email or the password is wrong"));
        }
    };
    let token = random_token(STAFF_TOKEN_PREFIX)?;
    let expires_at = state.now().saturating_add(super::ms(state.config.staff_token_ttl));
    store.create_staff_session(user.id, &token_hash(&token), expires_at).await?;
    store.audit(&format!("user:{}", user.id), "auth.login", &format!("user:{}", user.id), "", &origin).await?;
    Ok(axum::Json(LoginResponse { token, expires_at, user }))
}

/// End this sign-in; the token stops working at once.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = TAG_AUTH,
    responses((status = 204), (status = 401, body = super::error::ErrorBody)), security(("staff" = [])))]
pub async fn logout(State(state): State<AppState>, staff: Staff, token: BearerToken) -> ApiResult<StatusCode> {
    if let Some(token) = token.0 {
        state.engine.store().delete_staff_session(&token_hash(&token)).await?;
    }
    state.engine.store().audit(&staff.actor(), "auth.logout", &staff.actor(), "", &staff.origin).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The bearer token of the request, for logout.
#[derive(Debug)]
pub struct BearerToken(Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for BearerToken {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(BearerToken(bearer(parts).map(str::to_owned)))
    }
}

/// Who is signed in.
#[utoipa::path(get, path = "/api/v1/me", tag = TAG_AUTH,
    responses((status = 200, body = User), (status = 401, body = super::error::ErrorBody)), security(("staff" = [])))]
pub async fn me(staff: Staff) -> axum::Json<User> {
    axum::Json(staff.user)
}

/// A hash to verify unknown emails against.
pub fn dummy_hash() -> String {
    hash_password("not a real password, only for timing").unwrap_or_default()
}
