//! Taking part in a workshop from a device: issuing invitations (chair), joining with one, and which relay a device syncs with — shared by the `caucus` command line and the app.

use super::client::{LinkOptions, SyncOptions};
use super::tls::{self, Trust};
use super::token::{self, AuthError, Claims, Invitation};
use super::ws::parse_relay_url;
use super::SyncError;
use crate::store::IdentityRecord;
use crate::workshop::{Caucus, Workshop};

fn auth(e: AuthError) -> SyncError {
    SyncError::Auth(e)
}

/// A new invitation, as the chair's device issued it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Issued {
    pub token: String,
    /// The same invitation as a `caucus://join?token=…` link (see [`link`]).
    pub link: String,
    pub member: String,
    pub role: crate::model::roster::Role,
    /// Unix seconds.
    pub expires: i64,
    pub relay: Option<String>,
}

/// Issues an invitation for `member` (id or prefix) lasting `days`, naming `relay` (else the
/// workshop's remembered relay, if any) and the relay certificate's fingerprint for `wss://`
/// (`fingerprint`, else this device's own self-signed relay certificate in `data_dir`).
pub fn invite(
    caucus: &Caucus,
    workshop: &Workshop,
    member: &str,
    days: u32,
    relay: Option<&str>,
    fingerprint: Option<&str>,
) -> Result<Issued, SyncError> {
    let now = caucus.host().clock.now().timestamp();
    let Some(key) = token::chair_signing_key(caucus, workshop)? else {
        return Err(auth(AuthError::NotChair(workshop.id().to_string())));
    };
    let m = workshop.member(member)?;
    if m.removed.is_some() || workshop.is_revoked(&m.id) {
        return Err(auth(AuthError::Revoked(m.id)));
    }
    let remembered = remembered_relay(caucus, workshop.id())?;
    let relay = relay.map(str::to_string).or(remembered);
    let relay = relay.map(|r| parse_relay_url(&r)).transpose()?;
    let fingerprint = match (fingerprint, &relay) {
        (Some(fp), _) => Some(
            tls::normalize_fingerprint(fp)
                .ok_or_else(|| crate::Error::Invalid("a certificate fingerprint is 64 hex digits (SHA-256 of the DER certificate)".into()))?,
        ),
        (None, Some(r)) if r.secure => Some(tls::self_signed_fingerprint(caucus.data_dir()).ok_or_else(|| {
            crate::Error::Invalid("a wss:// relay needs its certificate fingerprint (this device has no self-signed relay certificate to pin)".into())
        })?),
        (None, _) => None,
    };
    let relay = relay.map(|r| r.base);
    let expires = now + i64::from(days) * 24 * 3600;
    let invitation = Invitation { member: m.id.clone(), role: m.role, expires, relay: relay.clone(), fingerprint };
    let token = token::issue(&key, &invitation);
    Ok(Issued { link: link(&token), token, member: m.id, role: m.role, expires, relay })
}

/// The scheme of invitation links, registered by the installed app.
pub const LINK_SCHEME: &str = "caucus";

/// An invitation as a link: `caucus://join?token=…`, the token percent-encoded (a token is
/// base64url and dots, so it reads unchanged). The `//` form is the one mail programs and chat
/// clients most often make clickable, and the link has no character they rewrite or end it at.
pub fn link(token: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new()).append_pair("token", token).finish();
    format!("{LINK_SCHEME}://join?{query}")
}

/// The token of an invitation given either as the token or as its link (`caucus://join?token=…`,
/// or `caucus:join?token=…`), as a mail program may hand either over: wrapped onto several lines,
/// inside `<…>` or quotes. The token itself is checked by [`join`], not here.
pub fn token_of(text: &str) -> Result<String, SyncError> {
    // Mail programs wrap long lines: whitespace is never part of a token or of a link.
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let text = text.trim_matches(|c| matches!(c, '<' | '>' | '"' | '\'' | '(' | ')'));
    let is_link = text.get(..LINK_SCHEME.len() + 1).is_some_and(|p| p.eq_ignore_ascii_case(&format!("{LINK_SCHEME}:")));
    if !is_link {
        return Ok(text.to_string());
    }
    let not_a_link = || auth(AuthError::Malformed("not an invitation link (caucus://join?token=…)"));
    let url = url::Url::parse(text).map_err(|_| not_a_link())?;
    // `caucus://join?…` names `join` as its host; `caucus:join?…` as its path.
    let action = url.host_str().unwrap_or_else(|| url.path());
    if !action.eq_ignore_ascii_case("join") || !matches!(url.path(), "" | "/" | "join") {
        return Err(not_a_link());
    }
    token::from_query(url.query()).ok_or_else(not_a_link)
}

/// Sets this device up in the workshop an invitation names (no network): checks the token's
/// form, signature and expiry, adopts the workshop's (empty) documents if they are new here,
/// makes this device's key, and keeps the token for every later connection. `text` is the token
/// or its link ([`token_of`]). A device takes part
/// as one member only.
pub fn join(caucus: &Caucus, text: &str) -> Result<(Workshop, Claims), SyncError> {
    let now = caucus.host().clock.now().timestamp();
    let token = token_of(text)?;
    let text = token.as_str();
    let claims = token::decode(text, now).map_err(auth)?;
    if let Some(existing) = caucus.store().identity(&claims.workshop)? {
        if existing.member != claims.member {
            return Err(SyncError::from(crate::Error::Invalid(format!(
                "this device already takes part in workshop {} as member {}",
                claims.workshop, existing.member
            ))));
        }
    }
    let workshop = caucus.open_or_adopt(&claims.workshop)?;
    if caucus.store().identity(&claims.workshop)?.is_none() {
        // The member's own device key (the token is the credential; the key signs what this
        // device sends later, e.g. bundles).
        let device_key = crate::identity::generate(caucus.host().entropy.as_ref());
        caucus
            .store()
            .put_identity(&IdentityRecord {
                workshop: claims.workshop.clone(),
                member: claims.member.clone(),
                public_key: device_key.verifying_key().as_bytes().to_vec(),
                secret_key: Some(device_key.to_bytes().to_vec()),
            })
            .wait()?;
    }
    caucus.store().put_setting(&token::setting_key(&claims.workshop), text).wait()?;
    Ok((workshop, claims))
}

/// Whether a join received the workshop whole: the roster (the chair's key, and `member` in it)
/// and the draft (the meta every workshop is created with). A relay that the chair's device never
/// synced whole holds less (its rooms open empty); the join then fails with
/// [`SyncError::Incomplete`], saying what to do, rather than report an empty workshop as joined.
pub fn check_received(workshop: &Workshop, member: &str) -> Result<(), SyncError> {
    let missing = if workshop.chair_key().is_none() || !workshop.members().iter().any(|m| m.id == member) {
        Some("roster")
    } else if workshop.meta().title.is_empty() {
        Some("draft")
    } else {
        None
    };
    match missing {
        Some(missing) => Err(SyncError::Incomplete { workshop: workshop.id().to_string(), missing }),
        None => Ok(()),
    }
}

fn relay_key(workshop: &str) -> String {
    format!("relay:{workshop}")
}

/// Remembers `relay` as the one workshop `workshop` syncs with on this device.
pub fn remember_relay(caucus: &Caucus, workshop: &str, relay: &str) -> Result<(), SyncError> {
    let relay = parse_relay_url(relay)?;
    caucus.store().put_setting(&relay_key(workshop), &relay.base).wait()?;
    Ok(())
}

fn remembered_relay(caucus: &Caucus, workshop: &str) -> Result<Option<String>, SyncError> {
    Ok(caucus.store().setting(&relay_key(workshop))?.filter(|r| !r.is_empty()))
}

/// The relay a workshop syncs with on this device, and what to trust for it: the one last
/// chosen (`caucus sync --to`, the app), else the one in the invitation this device joined with.
pub fn relay_of(caucus: &Caucus, workshop: &Workshop) -> Result<Option<(String, Option<Trust>)>, SyncError> {
    let now = caucus.host().clock.now().timestamp();
    let claims = caucus
        .store()
        .setting(&token::setting_key(workshop.id()))?
        .and_then(|t| token::decode(&t, now).ok());
    let pin = |claims: &Option<Claims>| -> Result<Option<Trust>, SyncError> {
        Ok(claims.as_ref().and_then(|c| c.fingerprint.as_deref()).map(Trust::pin).transpose()?)
    };
    if let Some(relay) = remembered_relay(caucus, workshop.id())? {
        // The invitation pins a certificate (the chair's relay's), not an address: the same
        // relay found at another address (a LAN peer) is trusted by it too; any other relay
        // fails with `sync.cert_mismatch`, naming both fingerprints.
        return Ok(Some((relay, pin(&claims)?)));
    }
    let relay = claims.as_ref().and_then(|c| c.relay.clone());
    Ok(relay.map(|r| (r, pin(&claims).ok().flatten())))
}

/// Link options for this device in `workshop`: its token (self-minted by the chair) and trust.
pub fn link_options(caucus: &Caucus, workshop: &Workshop, trust: Option<Trust>) -> Result<LinkOptions, SyncError> {
    let now = caucus.host().clock.now().timestamp();
    let token = token::device_token(caucus, workshop, now)?;
    Ok(LinkOptions { token, trust, ..LinkOptions::default() })
}

/// Options for a one-shot sync (`caucus sync`, joining) of this device in `workshop`.
pub fn sync_options(caucus: &Caucus, workshop: &Workshop, trust: Option<Trust>, timeout_secs: u64) -> Result<SyncOptions, SyncError> {
    let now = caucus.host().clock.now().timestamp();
    let token = token::device_token(caucus, workshop, now)?;
    Ok(SyncOptions { timeout: std::time::Duration::from_secs(timeout_secs), token, trust, ..SyncOptions::default() })
}
