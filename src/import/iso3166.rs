//! ISO 3166-1 country codes (alpha-2, alpha-3) and their English names, for the party column of an imported comment table: `iso3166.tsv`, generated from Debian's iso-codes 4.15 (`iso_3166-1.json`; LGPL-2.1+ data).

/// One line per country, tab-separated: alpha-2, alpha-3, then its names (the short name, then the
/// common and the official name where they differ).
const COUNTRIES: &str = include_str!("iso3166.tsv");

/// The names of the country whose alpha-2 or alpha-3 code is `code` (upper case).
pub(super) fn names_of(code: &str) -> Option<Vec<&'static str>> {
    COUNTRIES.lines().find_map(|line| {
        let mut fields = line.split('\t');
        let (a2, a3) = (fields.next()?, fields.next()?);
        (a2 == code || a3 == code).then(|| fields.collect())
    })
}
