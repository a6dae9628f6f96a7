//! Candidate links: a signed, expiring token per invitation.
//!
//! A token is `pl1.<invitation id>.<expiry, Unix seconds>.<HMAC-SHA256>` with
//! the MAC, in hex, over a domain tag, the invitation id and the expiry, keyed
//! with the server's link secret. So:
//!
//! - a forged, altered or expired token is refused before any database read;
//! - the link for an invitation can be made again whenever it is needed (the
//!   invitation message, each reminder, an extension) without storing it;
//! - every node of a deployment must share the secret (`PANEL_LINK_SECRET`),
//!   and changing the secret ends every outstanding link.
//!
//! The token authorises nothing by itself beyond naming its invitation: the
//! server still refuses a withdrawn invitation and enforces the window.

use std::path::Path;

use hmac::{Hmac, Mac};
use sha2::Sha256;

const VERSION: &str = "pl1";
/// Binds a MAC to its purpose, so a MAC made with the same secret for
/// anything else can never pass as a link.
const DOMAIN: &[u8] = b"panel candidate link v1\0";
/// The shortest secret accepted, in bytes.
pub const MIN_SECRET_BYTES: usize = 32;

/// How long a link stays usable after its invitation's window closes: long
/// enough to finish an interview started at the last minute, and to look at
/// its status afterwards.
pub const LINK_GRACE_MS: i64 = 3 * 24 * 3_600_000;

/// Whether a token looks like a signed link (older links were random tokens
/// stored as a hash).
pub fn is_signed(token: &str) -> bool {
    token.starts_with("pl1.")
}

/// Why a token is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("not a Panel interview link")]
    Malformed,
    #[error("the link's signature does not match")]
    BadSignature,
    #[error("the link expired")]
    Expired,
    #[error("no invitation has this link")]
    Unknown,
}

/// What a valid token says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkClaims {
    pub invitation_id: i64,
    /// Unix milliseconds.
    pub expires_at: i64,
}

/// Signs and checks candidate links. The secret never appears in `Debug`.
#[derive(Clone)]
pub struct LinkSigner {
    secret: Vec<u8>,
}

impl std::fmt::Debug for LinkSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkSigner { secret: <redacted> }")
    }
}

impl LinkSigner {
    /// A signer with this secret (at least [`MIN_SECRET_BYTES`]).
    pub fn new(secret: &[u8]) -> Result<Self, String> {
        if secret.len() < MIN_SECRET_BYTES {
            return Err(format!("a link secret needs at least {MIN_SECRET_BYTES} bytes ({} given)", secret.len()));
        }
        Ok(Self { secret: secret.to_vec() })
    }

    /// A signer with a fresh random secret: links it makes die with it.
    /// For tests and one-off runs such as `panel demo`.
    pub fn ephemeral() -> Self {
        let mut secret = vec![0u8; MIN_SECRET_BYTES];
        // Without randomness nothing else in Panel works either; an all-zero
        // secret would be guessable, so refuse loudly.
        getrandom::fill(&mut secret).expect("the operating system's random number generator");
        Self { secret }
    }

    /// A secret given as hex (e.g. `PANEL_LINK_SECRET`, from `openssl rand -hex 32`).
    pub fn from_hex(text: &str) -> Result<Self, String> {
        let bytes = hex::decode(text.trim()).map_err(|_| "a link secret is written in hex".to_owned())?;
        Self::new(&bytes)
    }

    /// The secret kept in `path` (hex), created with a random one, readable
    /// by its owner only, when the file does not exist.
    pub fn load_or_create(path: &Path) -> std::io::Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::from_hex(&text)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{}: {e}", path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let signer = Self::ephemeral();
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                write_private(path, &hex::encode(&signer.secret))?;
                Ok(signer)
            }
            Err(e) => Err(e),
        }
    }

    fn mac(&self, invitation_id: i64, expires_secs: i64) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes a key of any length");
        mac.update(DOMAIN);
        mac.update(&invitation_id.to_be_bytes());
        mac.update(&expires_secs.to_be_bytes());
        mac
    }

    /// The token for an invitation, usable until `expires_at` (Unix ms,
    /// rounded down to the second). The same inputs give the same token.
    pub fn sign(&self, invitation_id: i64, expires_at: i64) -> String {
        let expires_secs = expires_at.div_euclid(1000);
        let tag = self.mac(invitation_id, expires_secs).finalize().into_bytes();
        format!("{VERSION}.{invitation_id}.{expires_secs}.{}", hex::encode(tag))
    }

    /// Checks a token's signature, then its expiry against `now` (Unix ms).
    pub fn verify(&self, token: &str, now: i64) -> Result<LinkClaims, LinkError> {
        let mut parts = token.split('.');
        let (Some(VERSION), Some(id), Some(expires), Some(tag), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(LinkError::Malformed);
        };
        let invitation_id: i64 = canonical_number(id).ok_or(LinkError::Malformed)?;
        let expires_secs: i64 = canonical_number(expires).ok_or(LinkError::Malformed)?;
        let tag = hex::decode(tag).map_err(|_| LinkError::Malformed)?;
        // Constant time: the comparison says nothing about how much matched.
        self.mac(invitation_id, expires_secs).verify_slice(&tag).map_err(|_| LinkError::BadSignature)?;
        let expires_at = expires_secs.saturating_mul(1000);
        if now >= expires_at {
            return Err(LinkError::Expired);
        }
        Ok(LinkClaims { invitation_id, expires_at })
    }
}

/// A non-negative decimal without a sign or leading zeros, so one claim has
/// one spelling.
fn canonical_number(text: &str) -> Option<i64> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'))
        && text.len() <= 18;
    canonical.then(|| text.parse().ok()).flatten()
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    fn signer() -> LinkSigner {
        LinkSigner::new(&[7u8; 32]).unwrap()
    }

    #[test]
    fn a_signed_token_verifies_until_it_expires() {
        let token = signer().sign(42, NOW + 60_000);
        assert!(is_signed(&token));
        assert_eq!(signer().verify(&token, NOW), Ok(LinkClaims { invitation_id: 42, expires_at: NOW + 60_000 }));
        assert_eq!(signer().verify(&token, NOW + 60_000), Err(LinkError::Expired));
        assert_eq!(signer().sign(42, NOW + 60_000), token, "the same invitation and expiry give the same link");
    }

    #[test]
    fn altered_forged_and_foreign_tokens_are_refused() {
        let token = signer().sign(42, NOW + 60_000);
        let other_invitation = token.replacen("pl1.42.", "pl1.43.", 1);
        assert_eq!(signer().verify(&other_invitation, NOW), Err(LinkError::BadSignature));
        let later = signer().sign(42, NOW + 60_000).replace(&format!(".{}.", (NOW + 60_000) / 1000), ".9999999999.");
        assert_eq!(signer().verify(&later, NOW), Err(LinkError::BadSignature), "the expiry is signed too");
        let foreign = LinkSigner::new(&[8u8; 32]).unwrap().sign(42, NOW + 60_000);
        assert_eq!(signer().verify(&foreign, NOW), Err(LinkError::BadSignature));
        let mut flipped = token.clone();
        let last = flipped.pop().unwrap();
        flipped.push(if last == '0' { '1' } else { '0' });
        assert_eq!(signer().verify(&flipped, NOW), Err(LinkError::BadSignature));
    }

    #[test]
    fn malformed_tokens_say_so() {
        let token = signer().sign(42, NOW + 60_000);
        for bad in [
            "",
            "pl1",
            "pl2.42.1.00",
            "pl1.42.1800000060",
            &format!("{token}.extra"),
            &token.replacen("pl1.42.", "pl1.042.", 1),
            &token.replacen("pl1.42.", "pl1.-42.", 1),
            &token.replacen("pl1.42.", "pl1.+42.", 1),
            "pl1.42.1800000060.zz",
            "0123456789abcdef",
        ] {
            assert_eq!(signer().verify(bad, NOW), Err(LinkError::Malformed), "{bad:?}");
        }
    }

    #[test]
    fn secrets_are_checked_and_kept_private() {
        assert!(LinkSigner::new(&[1u8; 31]).unwrap_err().contains("at least 32 bytes"));
        assert!(LinkSigner::from_hex("not hex").unwrap_err().contains("hex"));
        assert!(!format!("{:?}", signer()).contains("0707"), "Debug hides the secret");

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/link.key");
        let created = LinkSigner::load_or_create(&path).unwrap();
        let loaded = LinkSigner::load_or_create(&path).unwrap();
        assert_eq!(created.sign(1, NOW), loaded.sign(1, NOW), "the second start reads the same secret");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::write(&path, "abcd").unwrap();
        let e = LinkSigner::load_or_create(&path).unwrap_err();
        assert!(e.to_string().contains("link.key") && e.to_string().contains("32 bytes"), "{e}");
    }
}
