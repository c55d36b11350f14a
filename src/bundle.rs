//! Offline bundles (DESIGN §4, issue #3 item 6): a signed file of the workshop documents' updates that carries changes by e-mail or USB.
//!
//! Layout (integers little-endian; every length checked against the bytes left before use):
//!
//! ```text
//! magic "CAUCUSB1" | u16 version (2; version 1, without the language versions, is still read)
//! u16 len + workshop id | u16 len + sender member id | 32 bytes sender ed25519 public key
//! u16 len + created (RFC 3339)
//! 5 × (u8 doc tag 0 draft / 1 notes / 2 roster / 3 version-fr / 4 version-es,
//!      u32 len + v1 update)   -- in that order (version 1: the first 3)
//! 32 bytes SHA-256 over everything above | 64 bytes ed25519 signature of that checksum
//! ```
//!
//! [`parse`] is sans-IO (bytes in, a verified [`Bundle`] out, never a panic, no allocation sized
//! by a claimed length). [`export`] and [`import`] are the thin façade over a [`Caucus`]:
//! import refuses foreign workshops, unknown or revoked senders, any write to a document the
//! sender's role may not write and any attribution claim the sender may not make
//! ([`crate::policy::claims`]) (refused whole), screens every update with [`crate::update::guard`],
//! and only then applies each one through [`Workshop::apply_remote`] (committed before it returns).
//! The sender key of a chair is the workshop's key (the id is derived from it); keys of other
//! members' devices are generated on first export and are not yet bound to members by the roster.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use thiserror::Error;
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{StateVector, Update};

use crate::identity;
use crate::model::roster::Role;
use crate::model::DocName;
use crate::store::IdentityRecord;
use crate::policy::claims::{Claimant, ClaimError};
use crate::update::bytes::{ReadError, Reader};
use crate::update::guard::{self, GuardError};
use crate::workshop::{Caucus, Origin, Workshop};

/// First bytes of every bundle.
pub const MAGIC: &[u8; 8] = b"CAUCUSB1";
/// The format version this build writes (it reads this one and version 1).
pub const VERSION: u16 = 2;
/// The documents a bundle carries, in tag order.
const DOCS: [DocName; 5] = [DocName::Draft, DocName::Notes, DocName::Roster, DocName::VersionFr, DocName::VersionEs];

/// How many documents a bundle of this format version carries (version 1 predates the
/// language versions of issue #15).
fn docs_in(version: u16) -> Option<usize> {
    match version {
        1 => Some(3),
        2 => Some(DOCS.len()),
        _ => None,
    }
}
/// First bytes of a `--since` state file.
pub const STATE_MAGIC: &[u8; 8] = b"CAUCUSS1";
/// Largest bundle read (a draft's whole history fits many times).
pub const MAX_BUNDLE: usize = 256 << 20;
/// Longest workshop id, member id or timestamp field.
const MAX_FIELD: usize = 256;
/// The origin tag updates applied from bundles are published under.
pub const BUNDLE_ORIGIN: Origin = u64::MAX - 1;

const CHECKSUM_LEN: usize = 32;
const SIGNATURE_LEN: usize = 64;

/// Why a bundle (or a state file) was refused. Each variant has a stable [`BundleError::code`].
#[derive(Debug, Error)]
pub enum BundleError {
    #[error("the bundle is truncated (needed {needed} bytes at byte {at}, {left} left)")]
    Truncated { at: usize, needed: u64, left: usize },
    #[error("not a Caucus bundle (bad magic bytes)")]
    BadMagic,
    #[error("bundle format version {0} is not supported (this build reads version {VERSION})")]
    UnsupportedVersion(u16),
    #[error("the bundle is malformed: {0}")]
    Malformed(String),
    #[error("the bundle is larger than {MAX_BUNDLE} bytes")]
    TooLarge,
    #[error("the bundle's checksum does not match its contents (altered or damaged)")]
    Checksum,
    #[error("the bundle's signature does not verify with the sender's key")]
    Signature,
    #[error("the bundle is for workshop {0}, which this device does not have")]
    ForeignWorkshop(String),
    #[error("the bundle's sender {0} is not a member of this workshop")]
    UnknownSender(String),
    #[error("the bundle's sender {0} has been removed from the workshop")]
    RevokedSender(String),
    #[error("the bundle's sender {0} claims the chair's role but did not sign with the chair's key")]
    UntrustedKey(String),
    #[error("the bundle's sender ({role}) may not write document {doc}; nothing was imported")]
    Forbidden { doc: DocName, role: Role },
    #[error("the bundle's notes would write an attribution the sender may not make: {0}; nothing was imported")]
    Claim(ClaimError),
    #[error("the bundle's {doc} would break a rule: {source}; nothing was imported")]
    Rights { doc: DocName, source: crate::policy::RightsError },
    #[error("the bundle's {doc} update is refused: {source}")]
    BadUpdate { doc: DocName, source: GuardError },
    #[error("the bundle's {doc} update cannot be decoded: {reason}")]
    UndecodableUpdate { doc: DocName, reason: String },
    #[error("the state file is for workshop {found}, not {expected}")]
    StateMismatch { expected: String, found: String },
    #[error("the state file is malformed: {0}")]
    BadState(String),
    #[error(transparent)]
    Core(Box<crate::Error>),
}

impl crate::coded::Coded for BundleError {
    fn code(&self) -> &'static str {
        match self {
            BundleError::Truncated { .. } => "bundle.truncated",
            BundleError::BadMagic => "bundle.bad_magic",
            BundleError::UnsupportedVersion(_) => "bundle.unsupported_version",
            BundleError::Malformed(_) => "bundle.malformed",
            BundleError::TooLarge => "bundle.too_large",
            BundleError::Checksum => "bundle.checksum",
            BundleError::Signature => "bundle.signature",
            BundleError::ForeignWorkshop(_) => "bundle.foreign_workshop",
            BundleError::UnknownSender(_) => "bundle.unknown_sender",
            BundleError::RevokedSender(_) => "bundle.revoked_sender",
            BundleError::UntrustedKey(_) => "bundle.untrusted_key",
            BundleError::Forbidden { .. } => "bundle.forbidden",
            BundleError::Claim(_) => "bundle.forbidden_claim",
            BundleError::Rights { source, .. } => source.code(),
            BundleError::BadUpdate { .. } => "bundle.bad_update",
            BundleError::UndecodableUpdate { .. } => "bundle.bad_update",
            BundleError::StateMismatch { .. } => "bundle.state_mismatch",
            BundleError::BadState(_) => "bundle.bad_state",
            BundleError::Core(e) => e.code(),
        }
    }
}

impl From<crate::Error> for BundleError {
    fn from(e: crate::Error) -> Self {
        BundleError::Core(Box::new(e))
    }
}

impl From<crate::store::StoreError> for BundleError {
    fn from(e: crate::store::StoreError) -> Self {
        BundleError::Core(Box::new(e.into()))
    }
}

/// Whether a member of `role` may write document `doc` (DESIGN §2, the rule table's
/// [`crate::policy::Action::Write`]: observers notes only; delegates draft and notes;
/// translators notes and the language versions; chair and secretariat all).
pub fn may_write(role: Role, doc: DocName) -> bool {
    crate::policy::rights::permits(role, crate::policy::Action::Write(doc)).is_ok()
}

/// What a bundle holds, before signing (also what [`parse`] returns, verified).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    pub version: u16,
    pub workshop: String,
    pub sender: String,
    pub sender_key: [u8; 32],
    pub created: String,
    /// The v1 updates of draft, notes, roster and the French and Spanish versions, in that order
    /// (a version-1 bundle's last two are empty updates).
    pub updates: [Vec<u8>; 5],
}

impl Bundle {
    pub fn update(&self, doc: DocName) -> &[u8] {
        &self.updates[doc_index(doc)]
    }
}

fn doc_index(doc: DocName) -> usize {
    match doc {
        DocName::Draft => 0,
        DocName::Notes => 1,
        DocName::Roster => 2,
        DocName::VersionFr => 3,
        DocName::VersionEs => 4,
    }
}

/// Encodes and signs a bundle. `bundle.sender_key` is replaced by `key`'s public key.
pub fn encode(bundle: &Bundle, key: &SigningKey) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&bundle.version.to_le_bytes());
    put_short(&mut out, bundle.workshop.as_bytes());
    put_short(&mut out, bundle.sender.as_bytes());
    out.extend_from_slice(key.verifying_key().as_bytes());
    put_short(&mut out, bundle.created.as_bytes());
    for (tag, update) in bundle.updates.iter().enumerate().take(docs_in(bundle.version).unwrap_or(DOCS.len())) {
        out.push(tag as u8);
        out.extend_from_slice(&(update.len() as u32).to_le_bytes());
        out.extend_from_slice(update);
    }
    let checksum: [u8; 32] = Sha256::digest(&out).into();
    out.extend_from_slice(&checksum);
    out.extend_from_slice(&key.sign(&checksum).to_bytes());
    out
}

fn put_short(out: &mut Vec<u8>, field: &[u8]) {
    let field = &field[..field.len().min(MAX_FIELD)];
    out.extend_from_slice(&(field.len() as u16).to_le_bytes());
    out.extend_from_slice(field);
}

impl From<ReadError> for BundleError {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Truncated { at, needed, left } => BundleError::Truncated { at, needed, left },
            // A bundle has no varints; kept for completeness.
            ReadError::Overflow { at } => BundleError::Malformed(format!("number too large at byte {at}")),
        }
    }
}

/// A u16-length-prefixed UTF-8 field of at most [`MAX_FIELD`] bytes.
fn short_str(r: &mut Reader<'_>, what: &str) -> Result<String, BundleError> {
    let len = r.u16_le()?;
    if usize::from(len) > MAX_FIELD {
        return Err(BundleError::Malformed(format!("{what} of {len} bytes")));
    }
    let bytes = r.take(u64::from(len))?;
    std::str::from_utf8(bytes)
        .map(str::to_string)
        .map_err(|_| BundleError::Malformed(format!("{what} is not UTF-8")))
}

/// A bundle's fields and where its signed part ends, before any verification.
struct Parsed<'a> {
    bundle: Bundle,
    signed: &'a [u8],
    checksum: &'a [u8],
    signature: &'a [u8],
}

fn parse_structure(bytes: &[u8]) -> Result<Parsed<'_>, BundleError> {
    if bytes.len() > MAX_BUNDLE {
        return Err(BundleError::TooLarge);
    }
    let mut r = Reader::new(bytes);
    if r.take(MAGIC.len() as u64).map_err(|_| BundleError::BadMagic)? != MAGIC {
        return Err(BundleError::BadMagic);
    }
    let version = r.u16_le()?;
    let Some(count) = docs_in(version) else {
        return Err(BundleError::UnsupportedVersion(version));
    };
    let workshop = short_str(&mut r, "workshop id")?;
    let sender = short_str(&mut r, "sender id")?;
    let mut sender_key = [0u8; 32];
    sender_key.copy_from_slice(r.take(32)?);
    let created = short_str(&mut r, "creation time")?;
    let mut updates: [Vec<u8>; 5] = std::array::from_fn(|_| Update::new().encode_v1());
    for (expected, slot) in updates.iter_mut().enumerate().take(count) {
        let at = r.at();
        let tag = r.u8()?;
        if usize::from(tag) != expected {
            return Err(BundleError::Malformed(format!("document tag {tag} at byte {at} (expected {expected})")));
        }
        let len = r.u32_le()?;
        *slot = r.take(u64::from(len))?.to_vec();
    }
    let signed = bytes.get(..r.at()).unwrap_or_default();
    let checksum = r.take(CHECKSUM_LEN as u64)?;
    let signature = r.take(SIGNATURE_LEN as u64)?;
    if r.left() != 0 {
        return Err(BundleError::Malformed(format!("{} bytes after the signature", r.left())));
    }
    let bundle = Bundle { version, workshop, sender, sender_key, created, updates };
    Ok(Parsed { bundle, signed, checksum, signature })
}

/// Parses and verifies an untrusted bundle: structure (every length checked), checksum, then
/// signature. Does not screen the updates (see [`check_updates`]) nor look at any store.
pub fn parse(bytes: &[u8]) -> Result<Bundle, BundleError> {
    let Parsed { bundle, signed, checksum, signature } = parse_structure(bytes)?;
    let actual: [u8; 32] = Sha256::digest(signed).into();
    if actual.as_slice() != checksum {
        return Err(BundleError::Checksum);
    }
    let key = VerifyingKey::from_bytes(&bundle.sender_key).map_err(|_| BundleError::Signature)?;
    let mut sig = [0u8; SIGNATURE_LEN];
    sig.copy_from_slice(signature);
    key.verify_strict(checksum, &Signature::from_bytes(&sig)).map_err(|_| BundleError::Signature)?;
    Ok(bundle)
}

/// The structure of a bundle without checking its checksum or signature — for fuzzing and
/// diagnostics only; never apply what it returns.
pub fn parse_unverified(bytes: &[u8]) -> Option<Bundle> {
    parse_structure(bytes).ok().map(|p| p.bundle)
}

/// Screens every update with [`guard::check_update_v1`] and decodes it (nothing is applied).
pub fn check_updates(bundle: &Bundle) -> Result<(), BundleError> {
    for doc in DocName::ALL {
        let update = bundle.update(doc);
        guard::check_update_v1(update).map_err(|source| BundleError::BadUpdate { doc, source })?;
        Update::decode_v1(update).map_err(|e| BundleError::UndecodableUpdate { doc, reason: e.to_string() })?;
    }
    Ok(())
}

// --- state files (`--since`) ---------------------------------------------------------------------

/// The state vectors of the documents at an export: what the next export can leave out (a state
/// file written before the language versions holds the first three).
#[derive(Debug, Clone, PartialEq)]
pub struct SinceState {
    pub workshop: String,
    pub vectors: [StateVector; 5],
}

impl SinceState {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(STATE_MAGIC);
        put_short(&mut out, self.workshop.as_bytes());
        for sv in &self.vectors {
            let bytes = sv.encode_v1();
            out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
            out.extend_from_slice(&bytes);
        }
        out
    }

    /// Parses a state file (bounded: state vectors are decoded by [`crate::sync::protocol`]).
    pub fn parse(bytes: &[u8]) -> Result<SinceState, BundleError> {
        let bad = |e: BundleError| BundleError::BadState(e.to_string());
        let mut r = Reader::new(bytes);
        if r.take(STATE_MAGIC.len() as u64).map_err(|e| bad(e.into()))? != STATE_MAGIC {
            return Err(BundleError::BadState("bad magic bytes".into()));
        }
        let workshop = short_str(&mut r, "workshop id").map_err(bad)?;
        let mut vectors: [StateVector; 5] = Default::default();
        for (i, sv) in vectors.iter_mut().enumerate() {
            if i >= 3 && r.left() == 0 {
                break;
            }
            let len = r.u32_le().map_err(|e| bad(e.into()))?;
            let payload = r.take(u64::from(len)).map_err(|e| bad(e.into()))?;
            *sv = crate::sync::protocol::decode_state_vector(payload)
                .map_err(|e| BundleError::BadState(e.to_string()))?;
        }
        if r.left() != 0 {
            return Err(BundleError::BadState("trailing bytes".into()));
        }
        Ok(SinceState { workshop, vectors })
    }
}

// --- the façade ----------------------------------------------------------------------------------

/// A bundle written by [`export`], and the state to give the next export's `--since`.
pub struct Exported {
    pub bytes: Vec<u8>,
    pub state: SinceState,
    pub sender: String,
}

/// This device's member id and signing key in `workshop`: the chair's key on the chair's device;
/// elsewhere a device key, generated and saved in the `identities` row at first use.
pub fn device_key(caucus: &Caucus, workshop: &str) -> Result<(String, SigningKey), BundleError> {
    let store = caucus.store();
    let identity = store.identity(workshop)?.ok_or_else(|| crate::Error::NoIdentity(workshop.to_string()))?;
    if let Some(secret) = identity.secret_key.as_deref() {
        let secret: [u8; 32] = secret
            .try_into()
            .map_err(|_| crate::Error::Invalid("this device's stored key is not 32 bytes".into()))?;
        return Ok((identity.member, SigningKey::from_bytes(&secret)));
    }
    let key = identity::generate(caucus.host().entropy.as_ref());
    store
        .put_identity(&IdentityRecord {
            workshop: workshop.to_string(),
            member: identity.member.clone(),
            public_key: key.verifying_key().as_bytes().to_vec(),
            secret_key: Some(key.to_bytes().to_vec()),
        })
        .wait()?;
    tracing::info!(workshop = %workshop, "device key generated for bundles");
    Ok((identity.member, key))
}

/// Writes a bundle of `workshop`: every document's full state, or with `since` only what is new
/// since those state vectors. Documents this device's member may not write travel empty.
pub fn export(w: &Workshop, since: Option<&SinceState>) -> Result<Exported, BundleError> {
    if let Some(s) = since {
        if s.workshop != w.id() {
            return Err(BundleError::StateMismatch { expected: w.id().to_string(), found: s.workshop.clone() });
        }
    }
    let caucus = w.caucus();
    let (sender, key) = device_key(caucus, w.id())?;
    let chair_key = identity::workshop_id(&key.verifying_key()) == w.id();
    let role = if chair_key {
        Some(Role::Chair)
    } else {
        w.members().into_iter().find(|m| m.id == sender).map(|m| m.role)
    };
    let mut updates: [Vec<u8>; 5] = Default::default();
    let mut vectors: [StateVector; 5] = Default::default();
    for doc in DOCS {
        let i = doc_index(doc);
        vectors[i] = w.state_vector(doc);
        let writable = role.map_or(true, |r| may_write(r, doc));
        updates[i] = if writable {
            let base = since.map(|s| s.vectors[i].clone()).unwrap_or_default();
            w.encode_diff(doc, &base)
        } else {
            Update::new().encode_v1()
        };
    }
    let bundle = Bundle {
        version: VERSION,
        workshop: w.id().to_string(),
        sender: sender.clone(),
        sender_key: key.verifying_key().to_bytes(),
        created: caucus.host().timestamp(),
        updates,
    };
    let bytes = encode(&bundle, &key);
    tracing::info!(workshop = %w.id(), bytes = bytes.len(), incremental = since.is_some(), "bundle exported");
    Ok(Exported { bytes, state: SinceState { workshop: w.id().to_string(), vectors }, sender })
}

/// How [`import_with`] treats a bundle of a workshop this device does not have.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Set the workshop up here when the bundle is signed by its chair's key (the workshop id is
    /// derived from that key, so this cannot be forged). Otherwise such a bundle is foreign.
    pub adopt: bool,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub workshop: String,
    pub sender: String,
    /// Documents that changed here (in import order: roster, draft, notes).
    pub changed: Vec<String>,
    /// Whether the workshop was set up on this device by this import.
    pub adopted: bool,
}

/// Imports a bundle into a workshop this device has. See [`import_with`].
pub fn import(caucus: &Caucus, bytes: &[u8]) -> Result<ImportReport, BundleError> {
    import_with(caucus, bytes, ImportOptions::default())
}

/// Verifies a bundle (checksum, signature), checks its workshop and sender (member, not revoked,
/// role allows every write it carries), screens and decodes every update, and only then applies
/// them, each committed before this returns. A refused bundle changes nothing.
pub fn import_with(caucus: &Caucus, bytes: &[u8], options: ImportOptions) -> Result<ImportReport, BundleError> {
    let bundle = parse(bytes)?;
    let key = VerifyingKey::from_bytes(&bundle.sender_key).map_err(|_| BundleError::Signature)?;
    let signed_by_chair_key = identity::workshop_id(&key) == bundle.workshop;
    let known = crate::workshop::is_valid_workshop_id(&bundle.workshop)
        && caucus.store().workshop(&bundle.workshop)?.is_some();
    if !known && !(options.adopt && signed_by_chair_key) {
        return Err(BundleError::ForeignWorkshop(bundle.workshop.escape_debug().to_string()));
    }
    check_updates(&bundle)?;
    let w = if known { caucus.open_exact(&bundle.workshop)? } else { caucus.open_or_adopt(&bundle.workshop)? };
    let role = if signed_by_chair_key {
        Role::Chair
    } else {
        let member = w
            .members()
            .into_iter()
            .find(|m| m.id == bundle.sender)
            .ok_or_else(|| BundleError::UnknownSender(bundle.sender.escape_debug().to_string()))?;
        if member.removed.is_some() {
            return Err(BundleError::RevokedSender(bundle.sender.clone()));
        }
        if member.role == Role::Chair {
            return Err(BundleError::UntrustedKey(bundle.sender.clone()));
        }
        member.role
    };
    for doc in DocName::ALL {
        if !may_write(role, doc) && w.is_news(doc, bundle.update(doc))? {
            return Err(BundleError::Forbidden { doc, role });
        }
    }
    // Attribution (DESIGN §4): new client claims must name the signer (chair and secretariat
    // may carry others'), and none may change hands. Then the content rules (issue #17): each
    // record checked as the member who wrote it (the signer, or for a chair's or Secretariat's
    // bundle the member who claims its client), the roster and draft attributed by the claims
    // the notes will hold.
    let claimant = Claimant::member(bundle.sender.clone(), role);
    let refused = |doc: DocName| {
        move |e: crate::policy::Refusal| match e {
            crate::policy::Refusal::Claim(c) => BundleError::Claim(c),
            crate::policy::Refusal::Rights(source) => BundleError::Rights { doc, source },
            crate::policy::Refusal::Undecodable(reason) => BundleError::UndecodableUpdate { doc, reason },
        }
    };
    let mut claims_after = None;
    if may_write(role, DocName::Notes) {
        let claims = crate::policy::inspect::check_with(&w, DocName::Notes, &[bundle.update(DocName::Notes)], &claimant, None)
            .map_err(refused(DocName::Notes))?;
        claims_after = Some(claims);
    }
    for doc in [DocName::Roster, DocName::Draft, DocName::VersionFr, DocName::VersionEs] {
        if may_write(role, doc) {
            crate::policy::inspect::check_with(&w, doc, &[bundle.update(doc)], &claimant, claims_after.as_ref())
                .map_err(refused(doc))?;
        }
    }
    // Refused whole: a document out of order (an incremental bundle before the one it builds on)
    // is found before any is applied. The draft's shadow took the bundle's draft when it was
    // checked: if the draft does not reach the live document, the shadow is dropped (rebuilt at
    // the next check) so that it never holds what the live draft will not.
    let apply = || -> Result<Vec<String>, BundleError> {
        for doc in [DocName::Roster, DocName::Draft, DocName::Notes, DocName::VersionFr, DocName::VersionEs] {
            if may_write(role, doc) {
                w.check_order(doc, bundle.update(doc))?;
            }
        }
        let mut changed = Vec::new();
        for doc in [DocName::Roster, DocName::Draft, DocName::Notes, DocName::VersionFr, DocName::VersionEs] {
            if !may_write(role, doc) {
                continue;
            }
            if w.apply_remote(doc, bundle.update(doc), BUNDLE_ORIGIN)?.is_some() {
                changed.push(doc.as_str().to_string());
            }
        }
        Ok(changed)
    };
    let changed = apply().inspect_err(|_| w.discard_draft_shadow())?;
    if !changed.is_empty() {
        w.refresh_listing()?;
    }
    tracing::info!(workshop = %w.id(), changed = changed.len(), adopted = !known, "bundle imported");
    Ok(ImportReport { workshop: bundle.workshop, sender: bundle.sender, changed, adopted: !known })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coded::Coded;
    use crate::host::SeededEntropy;

    fn sample() -> (Bundle, SigningKey) {
        let key = identity::generate(&SeededEntropy::new(3));
        let bundle = Bundle {
            version: VERSION,
            workshop: "W".into(),
            sender: "m1".into(),
            sender_key: key.verifying_key().to_bytes(),
            created: "2026-11-27T12:00:00Z".into(),
            updates: [Update::new().encode_v1(), vec![0, 0], vec![0, 0], vec![0, 0], vec![0, 0]],
        };
        (bundle, key)
    }

    #[test]
    fn a_bundle_from_before_the_language_versions_still_reads() {
        let (bundle, key) = sample();
        let old = Bundle { version: 1, ..bundle };
        let parsed = parse(&encode(&old, &key)).expect("a version-1 bundle parses");
        assert_eq!(parsed.version, 1);
        assert_eq!(parsed.update(DocName::Roster), &[0, 0]);
        assert_eq!(parsed.update(DocName::VersionFr), Update::new().encode_v1().as_slice(), "no French version: an empty update");
    }

    #[test]
    fn round_trips_and_refuses_every_truncation() {
        let (bundle, key) = sample();
        let bytes = encode(&bundle, &key);
        assert_eq!(parse(&bytes).expect("parses"), bundle);
        for len in 0..bytes.len() {
            let e = parse(&bytes[..len]).expect_err("truncated");
            assert!(e.code().starts_with("bundle."), "{len}: {e}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(parse(&longer).expect_err("trailing").code(), "bundle.malformed");
    }

    #[test]
    fn state_files_round_trip() {
        let mut sv = StateVector::default();
        sv.set_max(yrs::ClientID::new(5), 9);
        let s = SinceState { workshop: "W".into(), vectors: [sv.clone(), StateVector::default(), sv.clone(), StateVector::default(), sv] };
        assert_eq!(SinceState::parse(&s.encode()).expect("parses"), s);
        // A state file written before the language versions holds three vectors.
        let three = SinceState { vectors: [s.vectors[0].clone(), StateVector::default(), s.vectors[2].clone(), StateVector::default(), StateVector::default()], ..s };
        let mut old = three.encode();
        old.truncate(old.len() - 2 * (4 + StateVector::default().encode_v1().len()));
        assert_eq!(SinceState::parse(&old).expect("an old state file parses"), three);
        assert!(SinceState::parse(b"nope").is_err());
    }
}
