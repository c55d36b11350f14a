//! The one bounded reader of untrusted bytes: lib0 varints (Yjs updates, y-protocols frames) and fixed-width fields (bundles); it never reads past the end and never panics.
//!
//! Each format adds its own rules on top (the guard's u32 clocks and nesting, the protocol's
//! counts, a bundle's short strings) and maps [`ReadError`] to its own error, positions kept.

/// Why a read stopped, with the byte where it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadError {
    /// `needed` bytes were wanted at byte `at`, where only `left` remain.
    Truncated { at: usize, needed: u64, left: usize },
    /// A varint starting at byte `at` holds more than 64 bits.
    Overflow { at: usize },
}

/// A cursor over untrusted bytes. Invariant: `at <= bytes.len()`.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    /// The position of the next byte to read.
    pub fn at(&self) -> usize {
        self.at
    }

    /// How many bytes are left.
    pub fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: u64) -> Result<&'a [u8], ReadError> {
        let truncated = ReadError::Truncated { at: self.at, needed: n, left: self.left() };
        let end = usize::try_from(n).ok().and_then(|n| self.at.checked_add(n)).ok_or(truncated)?;
        let slice = self.bytes.get(self.at..end).ok_or(truncated)?;
        self.at = end;
        Ok(slice)
    }

    /// Skips `n` bytes.
    pub fn skip(&mut self, n: u64) -> Result<(), ReadError> {
        self.take(n).map(|_| ())
    }

    pub fn u8(&mut self) -> Result<u8, ReadError> {
        let b = *self.bytes.get(self.at).ok_or(ReadError::Truncated { at: self.at, needed: 1, left: 0 })?;
        self.at += 1;
        Ok(b)
    }

    /// A little-endian u16.
    pub fn u16_le(&mut self) -> Result<u16, ReadError> {
        let mut b = [0; 2];
        b.copy_from_slice(self.take(2)?);
        Ok(u16::from_le_bytes(b))
    }

    /// A little-endian u32.
    pub fn u32_le(&mut self) -> Result<u32, ReadError> {
        let mut b = [0; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(b))
    }

    /// A lib0 unsigned varint, refused when it holds more than 64 bits.
    pub fn var_uint(&mut self) -> Result<u64, ReadError> {
        let start = self.at;
        let mut value: u64 = 0;
        let mut shift = 0u32;
        loop {
            let b = self.u8()?;
            if shift > 63 || (shift == 63 && b & 0x7e != 0) {
                return Err(ReadError::Overflow { at: start });
            }
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
            shift += 7;
        }
    }

    /// A lib0 varUint8Array or varString: a varint length and that many bytes.
    pub fn buf(&mut self) -> Result<&'a [u8], ReadError> {
        let len = self.var_uint()?;
        self.take(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stop_at_the_end_and_at_64_bits() {
        let mut r = Reader::new(&[0x96, 0x01, 2, b'h', b'i', 1]);
        assert_eq!(r.var_uint(), Ok(150));
        assert_eq!(r.buf(), Ok(&b"hi"[..]));
        assert_eq!(r.take(2), Err(ReadError::Truncated { at: 5, needed: 2, left: 1 }));
        assert_eq!(r.u8(), Ok(1));
        assert_eq!(r.u8(), Err(ReadError::Truncated { at: 6, needed: 1, left: 0 }));
        assert_eq!(Reader::new(&[0xff; 9].iter().copied().chain([0x01]).collect::<Vec<_>>()).var_uint(), Ok(u64::MAX));
        assert_eq!(Reader::new(&[0xff; 9].iter().copied().chain([0x02]).collect::<Vec<_>>()).var_uint(), Err(ReadError::Overflow { at: 0 }));
        assert_eq!(Reader::new(&[1, 0, 0, 0]).u32_le(), Ok(1));
        assert_eq!(Reader::new(&[1]).take(u64::MAX), Err(ReadError::Truncated { at: 0, needed: u64::MAX, left: 1 }));
    }
}
