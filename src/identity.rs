//! Workshop identity: the chair's ed25519 key and the workshop id derived from its public key.

use ed25519_dalek::{SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::host::Entropy;

/// A new signing key from the host's randomness.
pub fn generate(entropy: &dyn Entropy) -> SigningKey {
    let mut secret = [0u8; 32];
    entropy.fill(&mut secret);
    SigningKey::from_bytes(&secret)
}

/// The workshop id: 24 base32 characters (120 bits) of SHA-256 over the chair's public key, so
/// anyone holding the key can check that a workshop id is really that chair's.
pub fn workshop_id(key: &VerifyingKey) -> String {
    let digest = Sha256::digest(key.as_bytes());
    base32(&digest[..15])
}

/// Lower-case RFC 4648 base32 without padding: 15 bytes give exactly 24 characters.
fn base32(bytes: &[u8]) -> String {
    data_encoding::BASE32_NOPAD.encode(bytes).to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::SeededEntropy;

    #[test]
    fn the_workshop_id_is_derived_from_the_chairs_public_key() {
        let key = generate(&SeededEntropy::new(7));
        let id = workshop_id(&key.verifying_key());
        assert_eq!(id.len(), 24);
        assert_eq!(id, workshop_id(&key.verifying_key()));
        let other = generate(&SeededEntropy::new(8));
        assert_ne!(id, workshop_id(&other.verifying_key()));
    }

    #[test]
    fn base32_is_the_lower_case_rfc_4648_alphabet_without_padding() {
        // RFC 4648 §10 test vectors, lower-cased, padding dropped.
        for (input, expected) in
            [("", ""), ("f", "my"), ("fo", "mzxq"), ("foo", "mzxw6"), ("foob", "mzxw6yq"), ("fooba", "mzxw6ytb"), ("foobar", "mzxw6ytboi")]
        {
            assert_eq!(base32(input.as_bytes()), expected);
        }
        // Ids made before this encoder stay the same: the host's own encoder agrees.
        let digest = Sha256::digest(b"caucus");
        for len in 0..=digest.len() {
            assert_eq!(base32(&digest[..len]), crate::host::base32(&digest[..len]));
        }
    }
}
