//! Invitation tokens (DESIGN §4, issue #3 item 5), sans IO: signed by the chair's ed25519 key, verified against the roster; the time is always passed in.
//!
//! Text form: `caucus1.` + base64url(payload JSON) + `.` + base64url(ed25519 signature), no
//! padding. The signature covers [`SIGNING_CONTEXT`] followed by the payload bytes. The payload
//! carries the chair's public key, and the workshop id must be `identity::workshop_id(key)`: a
//! key that is not the chair's cannot speak for the workshop.
//!
//! Tokens are credentials: never log them (nor put them in error messages).

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::identity;
use crate::model::roster::Role;
use crate::workshop::{Caucus, Workshop};

use super::close;

/// The text form's prefix (and version).
pub const PREFIX: &str = "caucus1.";
/// Domain separation: what the chair's key signs is never mistaken for anything else it signs.
pub const SIGNING_CONTEXT: &[u8] = b"caucus invitation v1\0";
/// Tokens longer than this are refused unread (they arrive in a URL before authentication).
pub const MAX_TOKEN_LEN: usize = 2048;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum AuthError {
    #[error("no token: this relay admits members of the workshop only (connect with ?token=…)")]
    Missing,
    #[error("malformed token: {0}")]
    Malformed(&'static str),
    #[error("the token's signature does not verify against the chair's key")]
    BadSignature,
    #[error("the token is for workshop {token}, not {expected}")]
    WrongWorkshop { token: String, expected: String },
    #[error("the token expired at {0} (unix seconds)")]
    Expired(i64),
    #[error("member {0} has been revoked")]
    Revoked(String),
    #[error("member {0} is not in the workshop's roster")]
    UnknownMember(String),
    #[error("member {member} is {roster} in the roster, not {token}")]
    WrongRole { member: String, token: Role, roster: Role },
    #[error("this device does not hold the chair's key of workshop {0}: only the chair can invite")]
    NotChair(String),
}

impl AuthError {
    /// 4401 when the connection is not authenticated (no, unreadable, forged or expired token),
    /// 4403 when it is but the roster does not admit it.
    pub fn close_code(&self) -> u16 {
        match self {
            AuthError::Missing
            | AuthError::Malformed(_)
            | AuthError::BadSignature
            | AuthError::WrongWorkshop { .. }
            | AuthError::Expired(_) => close::UNAUTHORIZED,
            AuthError::Revoked(_) | AuthError::UnknownMember(_) | AuthError::WrongRole { .. } | AuthError::NotChair(_) => {
                close::FORBIDDEN
            }
        }
    }
}

impl crate::coded::Coded for AuthError {
    fn code(&self) -> &'static str {
        match self {
            AuthError::Missing => "auth.missing",
            AuthError::Malformed(_) => "auth.malformed",
            AuthError::BadSignature => "auth.bad_signature",
            AuthError::WrongWorkshop { .. } => "auth.wrong_workshop",
            AuthError::Expired(_) => "auth.expired",
            AuthError::Revoked(_) => "auth.revoked",
            AuthError::UnknownMember(_) => "auth.unknown_member",
            AuthError::WrongRole { .. } => "auth.wrong_role",
            AuthError::NotChair(_) => "auth.not_chair",
        }
    }
}

/// What a token says, once its signature verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Workshop id (`identity::workshop_id(chair key)`).
    #[serde(rename = "ws")]
    pub workshop: String,
    pub member: String,
    pub role: Role,
    /// Expiry, unix seconds.
    #[serde(rename = "exp")]
    pub expires: i64,
    /// The relay to sync from (`ws://HOST:PORT`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay: Option<String>,
    /// SHA-256 fingerprint of the relay's TLS certificate (for wss:// pinning, later).
    #[serde(rename = "fp", default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// The chair's ed25519 public key, hex.
    #[serde(rename = "key")]
    pub chair_key: String,
}

/// What the chair puts in an invitation.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub member: String,
    pub role: Role,
    pub expires: i64,
    pub relay: Option<String>,
    pub fingerprint: Option<String>,
}

/// Signs an invitation with the chair's key; the workshop id is the key's.
pub fn issue(chair: &SigningKey, invitation: &Invitation) -> String {
    let public = chair.verifying_key();
    let claims = Claims {
        workshop: identity::workshop_id(&public),
        member: invitation.member.clone(),
        role: invitation.role,
        expires: invitation.expires,
        relay: invitation.relay.clone(),
        fingerprint: invitation.fingerprint.clone(),
        chair_key: crate::host::hex(public.as_bytes()),
    };
    // Serialising plain strings and numbers cannot fail.
    let payload = serde_json::to_vec(&claims).unwrap_or_default();
    let signature = chair.sign(&signed_bytes(&payload));
    format!("{PREFIX}{}.{}", b64_encode(&payload), b64_encode(&signature.to_bytes()))
}

fn signed_bytes(payload: &[u8]) -> Vec<u8> {
    [SIGNING_CONTEXT, payload].concat()
}

/// Decodes a token and checks what needs no roster: its form, its signature against the key it
/// carries, that key being the workshop's (id = hash of the key), and its expiry against `now`
/// (unix seconds).
pub fn decode(text: &str, now: i64) -> Result<Claims, AuthError> {
    let text = text.trim();
    if text.len() > MAX_TOKEN_LEN {
        return Err(AuthError::Malformed("too long"));
    }
    let rest = text.strip_prefix(PREFIX).ok_or(AuthError::Malformed("not a caucus1 token"))?;
    let (payload, signature) = rest.split_once('.').ok_or(AuthError::Malformed("no signature part"))?;
    let payload = b64_decode(payload).ok_or(AuthError::Malformed("payload is not base64url"))?;
    let signature = b64_decode(signature).ok_or(AuthError::Malformed("signature is not base64url"))?;
    let signature: [u8; 64] = signature.try_into().map_err(|_| AuthError::Malformed("signature is not 64 bytes"))?;
    let claims: Claims = serde_json::from_slice(&payload).map_err(|_| AuthError::Malformed("payload is not a token"))?;
    let key_bytes: [u8; 32] = crate::host::hex_decode(&claims.chair_key)
        .and_then(|k| k.try_into().ok())
        .ok_or(AuthError::Malformed("the chair key is not 32 hex bytes"))?;
    let key = VerifyingKey::from_bytes(&key_bytes).map_err(|_| AuthError::BadSignature)?;
    key.verify(&signed_bytes(&payload), &Signature::from_bytes(&signature)).map_err(|_| AuthError::BadSignature)?;
    let owner = identity::workshop_id(&key);
    if owner != claims.workshop {
        return Err(AuthError::WrongWorkshop { token: claims.workshop, expected: owner });
    }
    if now >= claims.expires {
        return Err(AuthError::Expired(claims.expires));
    }
    Ok(claims)
}

/// The roster's part of verification, for a token already [`decode`]d: it is for `workshop`,
/// its key is the roster's chair key, its member is listed with that role and not revoked.
///
/// A roster that knows no chair yet (a relay that adopted the workshop and has not received its
/// roster) admits only a chair token: only the chair holds the key whose hash is the id.
pub fn check_roster(claims: &Claims, workshop: &Workshop) -> Result<(), AuthError> {
    if claims.workshop != workshop.id() {
        return Err(AuthError::WrongWorkshop { token: claims.workshop.clone(), expected: workshop.id().to_string() });
    }
    let Some(chair_key) = workshop.chair_key() else {
        return if claims.role == Role::Chair { Ok(()) } else { Err(AuthError::UnknownMember(claims.member.clone())) };
    };
    if !chair_key.eq_ignore_ascii_case(&claims.chair_key) {
        return Err(AuthError::BadSignature);
    }
    if workshop.is_revoked(&claims.member) {
        return Err(AuthError::Revoked(claims.member.clone()));
    }
    let member = workshop
        .members()
        .into_iter()
        .find(|m| m.id == claims.member)
        .ok_or_else(|| AuthError::UnknownMember(claims.member.clone()))?;
    if member.removed.is_some() {
        return Err(AuthError::Revoked(claims.member.clone()));
    }
    if member.role != claims.role {
        return Err(AuthError::WrongRole { member: member.id, token: claims.role, roster: member.role });
    }
    Ok(())
}

/// [`decode`] then [`check_roster`].
pub fn verify(text: &str, now: i64, workshop: &Workshop) -> Result<Claims, AuthError> {
    let claims = decode(text, now)?;
    check_roster(&claims, workshop)?;
    Ok(claims)
}

/// The chair's signing key, if this device holds it for `workshop` (its identity's secret key
/// hashes to the workshop id).
pub fn chair_signing_key(caucus: &Caucus, workshop: &Workshop) -> Result<Option<SigningKey>, crate::Error> {
    let Some(identity) = caucus.store().identity(workshop.id())? else { return Ok(None) };
    let Some(secret) = identity.secret_key.and_then(|s| <[u8; 32]>::try_from(s).ok()) else { return Ok(None) };
    let key = SigningKey::from_bytes(&secret);
    Ok((identity::workshop_id(&key.verifying_key()) == workshop.id()).then_some(key))
}

/// Settings key under which `caucus join` keeps a device's token.
pub fn setting_key(workshop: &str) -> String {
    format!("token:{workshop}")
}

/// How long a token the chair's device mints for itself lasts.
pub const SELF_TOKEN_SECS: i64 = 24 * 3600;

/// The token this device presents for `workshop`: one minted with the chair's key when it holds
/// it, else the one recorded by `caucus join`, else none.
pub fn device_token(caucus: &Caucus, workshop: &Workshop, now: i64) -> Result<Option<String>, crate::Error> {
    if let Some(key) = chair_signing_key(caucus, workshop)? {
        let me = workshop.me()?;
        let invitation =
            Invitation { member: me, role: Role::Chair, expires: now + SELF_TOKEN_SECS, relay: None, fingerprint: None };
        return Ok(Some(issue(&key, &invitation)));
    }
    Ok(caucus.store().setting(&setting_key(workshop.id()))?)
}

// --- base64url (RFC 4648 §5, no padding) and the query parameter ---------------------------------

/// base64url without padding (`data-encoding`'s codec also refuses non-canonical trailing bits, so
/// one byte string has exactly one text).
pub fn b64_encode(bytes: &[u8]) -> String {
    data_encoding::BASE64URL_NOPAD.encode(bytes)
}

pub fn b64_decode(text: &str) -> Option<Vec<u8>> {
    data_encoding::BASE64URL_NOPAD.decode(text.as_bytes()).ok()
}

/// The `token` parameter of a request's query string (`a=b&token=…`), percent-decoded.
pub fn from_query(query: Option<&str>) -> Option<String> {
    form_urlencoded::parse(query?.as_bytes()).find(|(k, _)| k == "token").map(|(_, v)| v.into_owned()).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_and_rejects_junk() {
        for n in 0..40 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(b64_decode(&b64_encode(&bytes)).as_deref(), Some(bytes.as_slice()));
        }
        assert_eq!(b64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(b64_encode(b"fo"), "Zm8");
        assert!(b64_decode("Zm9=").is_none());
        assert!(b64_decode("Z").is_none());
        assert_eq!(b64_decode("Zm8").as_deref(), Some(&b"fo"[..]));
        assert!(b64_decode("Zm9").is_none(), "non-canonical trailing bits");
        assert!(b64_decode("Zm9/").is_none());
    }

    #[test]
    fn the_query_parameter_is_found_and_decoded() {
        assert_eq!(from_query(Some("a=1&token=caucus1.x%2Ey")).as_deref(), Some("caucus1.x.y"));
        assert_eq!(from_query(Some("token=")), None);
        assert_eq!(from_query(None), None);
        assert_eq!(from_query(Some("x=token")), None);
    }
}
