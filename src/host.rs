//! What the host injects into the core: the clock and randomness (fixed ones make tests deterministic).

use std::sync::Mutex;

use chrono::{DateTime, SecondsFormat, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

pub trait Entropy: Send + Sync {
    fn fill(&self, buf: &mut [u8]);
}

/// The system clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The operating system's random source.
pub struct OsEntropy;

impl Entropy for OsEntropy {
    fn fill(&self, buf: &mut [u8]) {
        if let Err(e) = getrandom::getrandom(buf) {
            // Without OS randomness keys and ids would be predictable: refuse to go on.
            panic!("the operating system's random source failed: {e}");
        }
    }
}

/// A clock that stands still (tests).
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// Deterministic randomness from a seed (tests, benchmarks, the seeded sample). SplitMix64.
pub struct SeededEntropy(Mutex<u64>);

impl SeededEntropy {
    pub fn new(seed: u64) -> Self {
        SeededEntropy(Mutex::new(seed))
    }
}

impl Entropy for SeededEntropy {
    fn fill(&self, buf: &mut [u8]) {
        let mut state = self.0.lock().unwrap_or_else(|p| p.into_inner());
        for chunk in buf.chunks_mut(8) {
            *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = *state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
        }
    }
}

/// The clock and randomness a [`crate::workshop::Caucus`] uses.
pub struct Host {
    pub clock: Box<dyn Clock>,
    pub entropy: Box<dyn Entropy>,
}

impl Default for Host {
    fn default() -> Self {
        Host { clock: Box::new(SystemClock), entropy: Box::new(OsEntropy) }
    }
}

impl Host {
    /// Now, as stored in documents: RFC 3339 in UTC, seconds precision.
    pub fn timestamp(&self) -> String {
        self.clock.now().to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    pub fn u32(&self) -> u32 {
        let mut b = [0u8; 4];
        self.entropy.fill(&mut b);
        u32::from_le_bytes(b)
    }

    /// A random id: `prefix-` then 10 base32 characters (50 bits).
    pub fn id(&self, prefix: &str) -> String {
        let mut b = [0u8; 7];
        self.entropy.fill(&mut b);
        let mut s = base32(&b);
        s.truncate(10);
        format!("{prefix}-{s}")
    }
}

/// Lower-case RFC 4648 base32 without padding (ids that are easy to read aloud and type).
pub fn base32(bytes: &[u8]) -> String {
    data_encoding::BASE32_NOPAD.encode(bytes).to_ascii_lowercase()
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

/// Lowercase or uppercase hex → bytes; `None` for an odd length or a non-hex digit.
pub fn hex_decode(s: &str) -> Option<Vec<u8>> {
    data_encoding::HEXLOWER_PERMISSIVE.decode(s.as_bytes()).ok()
}
