//! TLS for `wss://` (DESIGN §4, issue #3 item 2): rustls with the `ring` provider; the relay's certificate (given, or self-signed and kept in the data directory) and the client's trust (a pinned SHA-256 fingerprint, or a CA file).
//!
//! A relay's self-signed certificate is identified by the SHA-256 of its DER encoding, written as
//! 64 lowercase hex digits; invitations carry it (`fp`) and clients accept exactly that
//! certificate, whatever names it holds. Without a pin a client may trust a CA file instead
//! (`--ca FILE`); there is no fallback to public roots (the machines this runs on are often
//! offline, and a relay is usually self-signed), so `wss://` needs one or the other.
//!
//! Private keys are secrets: never log them, nor put their paths' contents in errors.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, ServerConfig, SignatureScheme};
use sha2::{Digest, Sha256};

use super::SyncError;

/// File names of the self-signed certificate and its key in the data directory.
pub const SELF_SIGNED_CERT: &str = "relay-cert.pem";
pub const SELF_SIGNED_KEY: &str = "relay-key.pem";

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn tls_error(what: impl std::fmt::Display) -> SyncError {
    SyncError::Tls(what.to_string())
}

/// SHA-256 of a DER certificate, 64 lowercase hex digits.
pub fn fingerprint(der: &[u8]) -> String {
    crate::host::hex(&Sha256::digest(der))
}

/// A fingerprint as people write it (`AB:CD:…`, `sha256:abcd…`, upper or lower case) → 64
/// lowercase hex digits; `None` if it is not 32 bytes of hex.
pub fn normalize_fingerprint(text: &str) -> Option<String> {
    let text = text.trim();
    let text = match text.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("sha256:") => &text[7..],
        _ => text,
    };
    let hex: String = text.chars().filter(|c| *c != ':').collect::<String>().to_ascii_lowercase();
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hex)
}

// --- the relay's side ----------------------------------------------------------------------------

/// A relay's TLS set-up: the rustls configuration and its certificate's fingerprint.
#[derive(Debug, Clone)]
pub struct ServerTls {
    pub config: Arc<ServerConfig>,
    pub fingerprint: String,
}

impl ServerTls {
    /// From a PEM certificate chain (leaf first) and a PEM private key.
    pub fn from_pem_files(cert: &Path, key: &Path) -> Result<ServerTls, SyncError> {
        let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
            .map_err(|e| tls_error(format!("cannot read the certificate {}: {e}", cert.display())))?
            .collect::<Result<_, _>>()
            .map_err(|e| tls_error(format!("cannot read the certificate {}: {e}", cert.display())))?;
        // The key's contents never appear in an error.
        let key = PrivateKeyDer::from_pem_file(key)
            .map_err(|_| tls_error(format!("cannot read a PEM private key from {}", key.display())))?;
        Self::from_der(chain, key)
    }

    fn from_der(chain: Vec<CertificateDer<'static>>, key: PrivateKeyDer<'static>) -> Result<ServerTls, SyncError> {
        let leaf = chain.first().ok_or_else(|| tls_error("the certificate file holds no certificate"))?;
        let fingerprint = fingerprint(leaf);
        let config = ServerConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .map_err(tls_error)?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(|e| tls_error(format!("the certificate and key do not make a TLS identity: {e}")))?;
        Ok(ServerTls { config: Arc::new(config), fingerprint })
    }

    /// The self-signed certificate kept in `dir` ([`SELF_SIGNED_CERT`], [`SELF_SIGNED_KEY`]),
    /// made on first use: its fingerprint stays the same across restarts.
    pub fn self_signed(dir: &Path) -> Result<ServerTls, SyncError> {
        let (cert, key) = self_signed_paths(dir);
        if !cert.exists() || !key.exists() {
            generate_self_signed(&cert, &key)?;
        }
        Self::from_pem_files(&cert, &key)
    }
}

fn self_signed_paths(dir: &Path) -> (PathBuf, PathBuf) {
    (dir.join(SELF_SIGNED_CERT), dir.join(SELF_SIGNED_KEY))
}

/// The fingerprint of the self-signed certificate kept in `dir`, if there is one (what
/// `caucus invite --relay wss://…` pins when the relay is this device's).
pub fn self_signed_fingerprint(dir: &Path) -> Option<String> {
    let (cert, _) = self_signed_paths(dir);
    let der = CertificateDer::from_pem_file(cert).ok()?;
    Some(fingerprint(&der))
}

fn generate_self_signed(cert_path: &Path, key_path: &Path) -> Result<(), SyncError> {
    let names = vec!["localhost".to_string(), "127.0.0.1".to_string(), "::1".to_string()];
    let certified = rcgen::generate_simple_self_signed(names).map_err(|e| tls_error(format!("cannot make a certificate: {e}")))?;
    write_private(key_path, certified.key_pair.serialize_pem().as_bytes())?;
    std::fs::write(cert_path, certified.cert.pem())
        .map_err(|e| tls_error(format!("cannot write {}: {e}", cert_path.display())))?;
    tracing::info!(cert = %cert_path.display(), "made a self-signed relay certificate");
    Ok(())
}

/// Writes a secret file readable by its owner only (on Unix).
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), SyncError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| tls_error(format!("cannot write {}: {e}", path.display())))?;
    file.write_all(bytes).map_err(|e| tls_error(format!("cannot write {}: {e}", path.display())))
}

// --- the client's side ---------------------------------------------------------------------------

/// What a client trusts for `wss://`.
#[derive(Debug, Clone)]
pub enum Trust {
    /// Exactly the certificate with this SHA-256 fingerprint (64 lowercase hex digits).
    Pin(String),
    /// Certificates that chain to these roots and name the host.
    Roots(Arc<RootCertStore>),
}

impl Trust {
    /// A pin from a fingerprint as people write it.
    pub fn pin(text: &str) -> Result<Trust, SyncError> {
        normalize_fingerprint(text)
            .map(Trust::Pin)
            .ok_or_else(|| tls_error("a certificate fingerprint is 64 hex digits (SHA-256 of the DER certificate)"))
    }

    /// The CA certificates of a PEM file.
    pub fn ca_file(path: &Path) -> Result<Trust, SyncError> {
        let mut roots = RootCertStore::empty();
        let certs = CertificateDer::pem_file_iter(path)
            .map_err(|e| tls_error(format!("cannot read the CA file {}: {e}", path.display())))?;
        for cert in certs {
            let cert = cert.map_err(|e| tls_error(format!("cannot read the CA file {}: {e}", path.display())))?;
            roots.add(cert).map_err(|e| tls_error(format!("bad CA certificate in {}: {e}", path.display())))?;
        }
        if roots.is_empty() {
            return Err(tls_error(format!("the CA file {} holds no certificate", path.display())));
        }
        Ok(Trust::Roots(Arc::new(roots)))
    }
}

/// A client configuration for one connection, and where its verifier records a refused pin.
pub(crate) struct ClientTls {
    pub config: Arc<ClientConfig>,
    mismatch: Arc<Mutex<Option<String>>>,
    expected: Option<String>,
}

impl ClientTls {
    pub fn new(trust: &Trust) -> Result<ClientTls, SyncError> {
        let provider = provider();
        let builder = ClientConfig::builder_with_provider(Arc::clone(&provider)).with_safe_default_protocol_versions().map_err(tls_error)?;
        let mismatch = Arc::new(Mutex::new(None));
        let (config, expected) = match trust {
            Trust::Pin(fp) => {
                let verifier = PinnedVerifier {
                    expected: fp.clone(),
                    algorithms: provider.signature_verification_algorithms,
                    mismatch: Arc::clone(&mismatch),
                };
                (builder.dangerous().with_custom_certificate_verifier(Arc::new(verifier)).with_no_client_auth(), Some(fp.clone()))
            }
            Trust::Roots(roots) => (builder.with_root_certificates(Arc::clone(roots)).with_no_client_auth(), None),
        };
        Ok(ClientTls { config: Arc::new(config), mismatch, expected })
    }

    /// The error for a failed handshake: a clear one when the relay's certificate was not the pinned one.
    pub fn handshake_error(&self, host: &str, e: &std::io::Error) -> SyncError {
        let presented = self.mismatch.lock().unwrap_or_else(|p| p.into_inner()).take();
        match (presented, &self.expected) {
            (Some(presented), Some(expected)) => {
                SyncError::CertificateMismatch { host: host.to_string(), presented, expected: expected.clone() }
            }
            _ => SyncError::Transport(format!("TLS handshake with {host} failed: {e}")),
        }
    }
}

/// Accepts exactly the certificate with the pinned fingerprint (names and dates are not
/// checked: the pin is the identity); handshake signatures are still verified.
#[derive(Debug)]
struct PinnedVerifier {
    expected: String,
    algorithms: WebPkiSupportedAlgorithms,
    mismatch: Arc<Mutex<Option<String>>>,
}

impl ServerCertVerifier for PinnedVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let presented = fingerprint(end_entity);
        if presented == self.expected {
            Ok(ServerCertVerified::assertion())
        } else {
            *self.mismatch.lock().unwrap_or_else(|p| p.into_inner()) = Some(presented);
            Err(rustls::Error::InvalidCertificate(rustls::CertificateError::ApplicationVerificationFailure))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_normalized() {
        let fp = "ab".repeat(32);
        assert_eq!(normalize_fingerprint(&fp).as_deref(), Some(fp.as_str()));
        let colons = vec!["AB"; 32].join(":");
        assert_eq!(normalize_fingerprint(&colons).as_deref(), Some(fp.as_str()));
        assert_eq!(normalize_fingerprint(&format!("SHA256:{fp}")).as_deref(), Some(fp.as_str()));
        assert!(normalize_fingerprint("abcd").is_none());
        assert!(normalize_fingerprint(&"zz".repeat(32)).is_none());
        assert!(normalize_fingerprint("é").is_none());
    }

    #[test]
    fn a_self_signed_certificate_is_kept_and_its_fingerprint_stays() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = ServerTls::self_signed(dir.path()).expect("make");
        let again = ServerTls::self_signed(dir.path()).expect("load");
        assert_eq!(first.fingerprint, again.fingerprint);
        assert_eq!(self_signed_fingerprint(dir.path()).as_deref(), Some(first.fingerprint.as_str()));
        assert_eq!(first.fingerprint.len(), 64);
    }
}
