//! The docx package's ZIP container: entries deflated with `miniz_oxide` in the given order (CRC-32 by `crc32fast`), fixed timestamps, no extra fields, so that equal input gives equal bytes.

use super::DocxError;

/// 1980-01-01 00:00:00, the earliest MS-DOS date: no clock is read.
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;
/// Version 2.0: deflate, no ZIP64.
const VERSION: u16 = 20;
const DEFLATE: u16 = 8;

/// Packs `(name, content)` entries into a ZIP archive, deflating each.
pub(crate) fn pack(entries: &[(&str, Vec<u8>)]) -> Result<Vec<u8>, DocxError> {
    let count = u16::try_from(entries.len()).map_err(|_| DocxError::TooLarge { part: "the package".into() })?;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, content) in entries {
        let too_large = || DocxError::TooLarge { part: (*name).to_string() };
        let compressed = miniz_oxide::deflate::compress_to_vec(content, 6);
        let crc = crc32fast::hash(content);
        let size = u32::try_from(content.len()).map_err(|_| too_large())?;
        let compressed_size = u32::try_from(compressed.len()).map_err(|_| too_large())?;
        let name_len = u16::try_from(name.len()).map_err(|_| too_large())?;
        let offset = u32::try_from(out.len()).map_err(|_| too_large())?;

        // Local file header.
        put32(&mut out, 0x0403_4b50);
        put16(&mut out, VERSION);
        put16(&mut out, 0); // flags
        put16(&mut out, DEFLATE);
        put16(&mut out, DOS_TIME);
        put16(&mut out, DOS_DATE);
        put32(&mut out, crc);
        put32(&mut out, compressed_size);
        put32(&mut out, size);
        put16(&mut out, name_len);
        put16(&mut out, 0); // extra field length
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&compressed);

        // Central directory record.
        put32(&mut central, 0x0201_4b50);
        put16(&mut central, VERSION); // made by: MS-DOS, 2.0
        put16(&mut central, VERSION);
        put16(&mut central, 0);
        put16(&mut central, DEFLATE);
        put16(&mut central, DOS_TIME);
        put16(&mut central, DOS_DATE);
        put32(&mut central, crc);
        put32(&mut central, compressed_size);
        put32(&mut central, size);
        put16(&mut central, name_len);
        put16(&mut central, 0); // extra field length
        put16(&mut central, 0); // comment length
        put16(&mut central, 0); // disk number
        put16(&mut central, 0); // internal attributes
        put32(&mut central, 0); // external attributes
        put32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let too_large = || DocxError::TooLarge { part: "the package".into() };
    let central_offset = u32::try_from(out.len()).map_err(|_| too_large())?;
    let central_size = u32::try_from(central.len()).map_err(|_| too_large())?;
    out.extend_from_slice(&central);
    // End of central directory record.
    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, count);
    put16(&mut out, count);
    put32(&mut out, central_size);
    put32(&mut out, central_offset);
    put16(&mut out, 0);
    Ok(out)
}

fn put16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_carry_the_crc_32_zip_wants() {
        // The IEEE 802.3 CRC-32 check value, as it stands in the local header and the central
        // directory.
        let zip = pack(&[("a.txt", b"123456789".to_vec())]).unwrap_or_else(|e| panic!("pack: {e}"));
        let check = 0xCBF4_3926u32.to_le_bytes();
        assert_eq!(zip.windows(4).filter(|w| *w == check).count(), 2);
    }
}
