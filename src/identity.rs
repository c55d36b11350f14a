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
    // Lower-case RFC 4648 base32 without padding: 15 bytes give exactly 24 characters.
    crate::host::base32(&digest[..15])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::{base32, SeededEntropy};

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
        // Ids made before the encoder was a library's stay the same (this one was made then).
        let key = generate(&SeededEntropy::new(7));
        assert_eq!(workshop_id(&key.verifying_key()), "x7kkr76m5i44k5p6miwt2vbm");
    }
}
