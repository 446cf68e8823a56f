//! Passwords, server-side sessions, API tokens and login throttling.

use std::sync::OnceLock;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::{Db, DbResult, now_ms};

static FAST_HASHING: OnceLock<bool> = OnceLock::new();

/// Switches to cheap Argon2 parameters. For tests only: such hashes are weak.
pub fn use_fast_password_hashing() {
    let _ = FAST_HASHING.set(true);
}

fn argon2() -> Argon2<'static> {
    let params = if FAST_HASHING.get().copied().unwrap_or(false) {
        Params::new(256, 1, 1, None)
    } else {
        // OWASP's baseline for Argon2id: 19 MiB, two passes, one lane.
        Params::new(19 * 1024, 2, 1, None)
    }
    .expect("constant Argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password with Argon2id and a random salt. CPU-heavy: call it from a
/// blocking task.
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let hash: PasswordHash = argon2()
        .hash_password_with_salt(password.as_bytes(), &salt)
        .expect("Argon2 hashing cannot fail with valid parameters");
    hash.to_string()
}

/// Checks a password against a stored hash. CPU-heavy: call it from a blocking task.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Generates a random secret of 32 bytes, URL-safe base64, with a readable prefix.
pub fn random_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

// Sessions ------------------------------------------------------------------------

pub async fn load_session(db: &Db, id: &str) -> DbResult<Option<String>> {
    Ok(sqlx::query_scalar("SELECT data FROM sessions WHERE id = $1 AND expires_at > $2")
        .bind(id)
        .bind(now_ms())
        .fetch_optional(&db.pool)
        .await?)
}

pub async fn save_session(db: &Db, id: &str, data: &str, expires_at: i64) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) \
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
    )
    .bind(id)
    .bind(data)
    .bind(expires_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Inserts a new session, returning false when the id is already taken.
pub async fn create_session(db: &Db, id: &str, data: &str, expires_at: i64) -> DbResult<bool> {
    let result = sqlx::query(
        "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(data)
    .bind(expires_at)
    .execute(&db.pool)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn delete_session(db: &Db, id: &str) -> DbResult<()> {
    sqlx::query("DELETE FROM sessions WHERE id = $1").bind(id).execute(&db.pool).await?;
    Ok(())
}

pub async fn delete_expired_sessions(db: &Db) -> DbResult<u64> {
    let result = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now_ms()).execute(&db.pool).await?;
    Ok(result.rows_affected())
}

// API tokens ----------------------------------------------------------------------

/// Creates a bearer token for a user and returns it; only its hash is stored.
pub async fn create_api_token(db: &Db, user_id: i64, label: &str) -> DbResult<String> {
    let token = random_secret("cn_");
    sqlx::query("INSERT INTO api_tokens (user_id, token_hash, label, created_at) VALUES ($1, $2, $3, $4)")
        .bind(user_id)
        .bind(sha256_hex(&token))
        .bind(label)
        .bind(now_ms())
        .execute(&db.pool)
        .await?;
    Ok(token)
}

/// Returns the active user a bearer token belongs to, and notes its use.
pub async fn user_for_api_token(db: &Db, token: &str) -> DbResult<Option<i64>> {
    let hash = sha256_hex(token);
    let user: Option<i64> = sqlx::query_scalar(
        "SELECT t.user_id FROM api_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.is_active = 1",
    )
    .bind(&hash)
    .fetch_optional(&db.pool)
    .await?;
    if user.is_some() {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2")
            .bind(now_ms())
            .bind(&hash)
            .execute(&db.pool)
            .await?;
    }
    Ok(user)
}

// Login throttling ----------------------------------------------------------------

/// Length of the window in which failed logins are counted.
pub const THROTTLE_WINDOW_MS: i64 = 15 * 60 * 1000;
/// Failures allowed for one account from one address within the window.
pub const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: i64 = 5;
/// Failures allowed from one address, across all accounts, within the window.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;
/// Failures allowed for one account from all addresses within the window. Past it only
/// addresses the account has logged in from before get through, so an attacker
/// spreading guesses over many addresses cannot lock out the real user.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 20;
const KNOWN_ADDRESS_MS: i64 = 90 * 24 * 60 * 60 * 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Throttle {
    Allowed,
    Blocked { retry_after_secs: i64 },
}

/// The outcome of starting a login attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginAttempt {
    /// The password may be checked; the id is for [`finish_login_attempt`].
    Allowed(i64),
    /// Too many failures; retry after this many seconds.
    Blocked { retry_after_secs: i64 },
}

/// Records a login attempt as failed before its password is checked, and decides
/// whether it may be checked at all.
///
/// Counting after recording makes the throttle hold under a burst of parallel attempts:
/// each one sees the others, so no more than the allowed number reach the password
/// check. A refused attempt is removed again, so that refusals do not extend the
/// lockout. Returns the attempt's id for [`finish_login_attempt`] when allowed.
pub async fn begin_login_attempt(db: &Db, username_folded: &str, address: &str) -> DbResult<LoginAttempt> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO login_attempts (username_folded, address, succeeded, attempted_at) \
         VALUES ($1, $2, 0, $3) RETURNING id",
    )
    .bind(username_folded)
    .bind(address)
    .bind(now_ms())
    .fetch_one(&db.pool)
    .await?;
    match login_throttle(db, username_folded, address).await? {
        Throttle::Allowed => Ok(LoginAttempt::Allowed(id)),
        Throttle::Blocked { retry_after_secs } => {
            sqlx::query("DELETE FROM login_attempts WHERE id = $1").bind(id).execute(&db.pool).await?;
            Ok(LoginAttempt::Blocked { retry_after_secs })
        }
    }
}

/// Marks a recorded attempt as succeeded once its password matched.
pub async fn finish_login_attempt(db: &Db, id: i64, succeeded: bool) -> DbResult<()> {
    if succeeded {
        sqlx::query("UPDATE login_attempts SET succeeded = 1 WHERE id = $1").bind(id).execute(&db.pool).await?;
    }
    Ok(())
}

/// Decides whether a login attempt may be checked, counting the failures recorded so
/// far, this attempt's own included.
async fn login_throttle(db: &Db, username_folded: &str, address: &str) -> DbResult<Throttle> {
    let since = now_ms() - THROTTLE_WINDOW_MS;
    let pair: (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(attempted_at) FROM login_attempts \
         WHERE username_folded = $1 AND address = $2 AND succeeded = 0 AND attempted_at > $3 \
           AND attempted_at > COALESCE((SELECT MAX(attempted_at) FROM login_attempts \
               WHERE username_folded = $1 AND address = $2 AND succeeded = 1), 0)",
    )
    .bind(username_folded)
    .bind(address)
    .bind(since)
    .fetch_one(&db.pool)
    .await?;
    if pair.0 > MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS {
        return Ok(blocked_until(pair.1));
    }
    let by_address: (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(attempted_at) FROM login_attempts \
         WHERE address = $1 AND succeeded = 0 AND attempted_at > $2",
    )
    .bind(address)
    .bind(since)
    .fetch_one(&db.pool)
    .await?;
    if by_address.0 > MAX_FAILURES_PER_ADDRESS {
        return Ok(blocked_until(by_address.1));
    }
    let by_account: (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(attempted_at) FROM login_attempts \
         WHERE username_folded = $1 AND succeeded = 0 AND attempted_at > $2",
    )
    .bind(username_folded)
    .bind(since)
    .fetch_one(&db.pool)
    .await?;
    if by_account.0 > MAX_FAILURES_PER_ACCOUNT {
        let known: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM login_attempts WHERE username_folded = $1 AND address = $2 \
             AND succeeded = 1 AND attempted_at > $3",
        )
        .bind(username_folded)
        .bind(address)
        .bind(now_ms() - KNOWN_ADDRESS_MS)
        .fetch_one(&db.pool)
        .await?;
        if known == 0 {
            return Ok(blocked_until(by_account.1));
        }
    }
    Ok(Throttle::Allowed)
}

fn blocked_until(oldest_failure: Option<i64>) -> Throttle {
    let oldest = oldest_failure.unwrap_or_else(now_ms);
    let retry_after_ms = (oldest + THROTTLE_WINDOW_MS - now_ms()).max(1000);
    Throttle::Blocked { retry_after_secs: (retry_after_ms + 999) / 1000 }
}

