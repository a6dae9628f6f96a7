//! Staff accounts, their sign-in sessions and interviewer assignments.
//! Passwords arrive here already hashed (argon2id, in `api::auth`); bearer
//! tokens only as their SHA-256.

use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError, StoreResult, now_ms, qualified};

/// What a staff member may do; where, is their unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Everything in the organisation, including its structure and staff.
    Admin,
    /// Jobs, candidates, invitations, scoring and reports in their unit.
    Hr,
    /// Reads the jobs, candidates, reports and rankings of their department.
    DepartmentHead,
    /// Reads the candidates and reports assigned to them.
    Interviewer,
    /// Reads the audit trail and the adverse-impact report and handles
    /// access and erasure requests and legal holds, organisation-wide; reads
    /// no candidate's answers, reports or scores.
    Compliance,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Admin, Role::Hr, Role::DepartmentHead, Role::Interviewer, Role::Compliance];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Hr => "hr",
            Role::DepartmentHead => "department-head",
            Role::Interviewer => "interviewer",
            Role::Compliance => "compliance",
        }
    }

    fn parse(s: &str) -> StoreResult<Self> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| StoreError::Corrupt { what: "user", reason: format!("unknown role {s:?}") })
    }
}

/// A staff account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct User {
    pub id: i64,
    pub organisation_id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// The part of the org tree they work in; `None`: the whole organisation.
    pub unit_id: Option<i64>,
}

/// A staff account to create, with its password already hashed.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub organisation_id: i64,
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub unit_id: Option<i64>,
}

const USER_COLUMNS: &str = "id, organisation_id, email, name, role, unit_id";

impl Store {
    pub async fn create_user(&self, user: &NewUser<'_>) -> StoreResult<i64> {
        let email = user.email.trim().to_lowercase();
        if user.name.trim().is_empty() {
            return Err(StoreError::invalid("name", "must not be empty"));
        }
        if !email.contains('@') {
            return Err(StoreError::invalid("email", "must be an address like name@example.com"));
        }
        if let Some(unit) = user.unit_id {
            let unit = self.unit(unit).await.map_err(|_| StoreError::invalid("unit_id", "no such unit"))?;
            if unit.organisation_id != user.organisation_id {
                return Err(StoreError::invalid("unit_id", "the unit belongs to another organisation"));
            }
        }
        let mut w = self.write().await?;
        let taken = sqlx::query("SELECT 1 FROM users WHERE email = $1").bind(&email).fetch_optional(&mut *w.tx).await?;
        if taken.is_some() {
            return Err(StoreError::Conflict(format!("a user with the email {email} already exists")));
        }
        let id = sqlx::query(
            "INSERT INTO users (organisation_id, email, name, password_hash, role, unit_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(user.organisation_id)
        .bind(&email)
        .bind(user.name.trim())
        .bind(user.password_hash)
        .bind(user.role.as_str())
        .bind(user.unit_id)
        .bind(now_ms())
        .fetch_one(&mut *w.tx)
        .await?
        .try_get(0)?;
        w.commit().await?;
        Ok(id)
    }

    pub async fn user(&self, id: i64) -> StoreResult<User> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found("user", id))?;
        user_from_row(&row)
    }

    /// The account and its password hash, for signing in.
    pub async fn user_for_login(&self, email: &str) -> StoreResult<Option<(User, String)>> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE email = $1"))
            .bind(email.trim().to_lowercase())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| Ok((user_from_row(&row)?, row.try_get("password_hash")?))).transpose()
    }

    pub async fn user_count(&self) -> StoreResult<i64> {
        Ok(sqlx::query("SELECT COUNT(*) FROM users").fetch_one(&self.pool).await?.try_get(0)?)
    }

    pub async fn users(&self, organisation_id: i64) -> StoreResult<Vec<User>> {
        let rows = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE organisation_id = $1 ORDER BY id"))
            .bind(organisation_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(user_from_row).collect()
    }

    pub async fn create_staff_session(&self, user_id: i64, token_hash: &str, expires_at: i64) -> StoreResult<()> {
        let mut w = self.write().await?;
        let now = now_ms();
        // Sign-ins accumulate; dropping the user's expired ones keeps the table small.
        sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1 AND expires_at <= $2")
            .bind(user_id)
            .bind(now)
            .execute(&mut *w.tx)
            .await?;
        sqlx::query("INSERT INTO staff_sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(user_id)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *w.tx)
            .await?;
        w.commit().await
    }

    /// The user a staff token belongs to, if it has not expired at `now`.
    pub async fn staff_session(&self, token_hash: &str, now: i64) -> StoreResult<Option<User>> {
        let row = sqlx::query(&format!(
            "SELECT {} FROM staff_sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
            qualified(USER_COLUMNS, "u")
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    pub async fn delete_staff_session(&self, token_hash: &str) -> StoreResult<()> {
        let mut w = self.write().await?;
        sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1").bind(token_hash).execute(&mut *w.tx).await?;
        w.commit().await
    }

    /// Assigns an interviewer to an application (again: nothing changes).
    pub async fn assign(&self, application_id: i64, user_id: i64) -> StoreResult<()> {
        let mut w = self.write().await?;
        sqlx::query(
            "INSERT INTO assignments (application_id, user_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (application_id, user_id) DO NOTHING",
        )
        .bind(application_id)
        .bind(user_id)
        .bind(now_ms())
        .execute(&mut *w.tx)
        .await?;
        w.commit().await
    }

    /// The interviewers assigned to an application, in the order assigned.
    pub async fn assigned_interviewers(&self, application_id: i64) -> StoreResult<Vec<User>> {
        let columns = USER_COLUMNS.split(", ").map(|c| format!("u.{c}")).collect::<Vec<_>>().join(", ");
        let rows = sqlx::query(&format!(
            "SELECT {columns} FROM assignments a JOIN users u ON u.id = a.user_id \
             WHERE a.application_id = $1 ORDER BY a.created_at, u.id"
        ))
        .bind(application_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(user_from_row).collect()
    }

    pub async fn is_assigned(&self, application_id: i64, user_id: i64) -> StoreResult<bool> {
        let row = sqlx::query("SELECT 1 FROM assignments WHERE application_id = $1 AND user_id = $2")
            .bind(application_id)
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }
}

fn user_from_row(row: &AnyRow) -> StoreResult<User> {
    Ok(User {
        id: row.try_get("id")?,
        organisation_id: row.try_get("organisation_id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        role: Role::parse(&row.try_get::<String, _>("role")?)?,
        unit_id: row.try_get("unit_id")?,
    })
}
