//! The conventions of a CITES document that the importer and every exporter share: the fixed header lines, item numerals (a, b … aa; i, ii …) both ways, and a paragraph's visible text with `[` `]` around bracketed runs.
//!
//! Nothing here knows a file format: import reads these conventions, the Markdown, HTML, DOCX,
//! Akoma Ntoso and PDF exporters write them, and `model::numbering` numbers with them. The fixed
//! lines exist in CITES's three working languages ([`Lang`], [`lines`], issue #15 §3).

use crate::model::types::Span;

/// The line that opens the operative part of a resolution; export writes it, import drops it.
pub const CONFERENCE_LINE: &str = "THE CONFERENCE OF THE PARTIES TO THE CONVENTION";
/// The two boilerplate lines of every CITES document header.
pub const CONVENTION_LINES: [&str; 2] =
    ["CONVENTION ON INTERNATIONAL TRADE IN ENDANGERED SPECIES", "OF WILD FAUNA AND FLORA"];
/// Opens the header line that names the document's original language.
pub const LANGUAGE_PREFIX: &str = "Original language:";

/// One of CITES's three working languages: the draft's original (English for the cybercrime
/// workshop) and its French and Spanish versions (issue #15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fr,
    Es,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fr, Lang::Es];

    /// The ISO 639-1 code: `en`, `fr`, `es`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Es => "es",
        }
    }

    /// The ISO 639-2 code Akoma Ntoso's FRBR metadata takes: `eng`, `fra`, `spa`.
    pub fn code3(self) -> &'static str {
        match self {
            Lang::En => "eng",
            Lang::Fr => "fra",
            Lang::Es => "spa",
        }
    }

    /// The language's English name, as the draft's meta records an original language.
    pub fn english_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "French",
            Lang::Es => "Spanish",
        }
    }

    /// Reads a code (`fr`) or a name in any of the three languages (`French`, `français`).
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_lowercase().as_str() {
            "en" | "eng" | "english" | "anglais" | "inglés" | "ingles" => Some(Lang::En),
            "fr" | "fra" | "fre" | "french" | "français" | "francais" | "francés" | "frances" => Some(Lang::Fr),
            "es" | "spa" | "spanish" | "espagnol" | "español" | "espanol" => Some(Lang::Es),
            _ => None,
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// CITES's fixed lines in one language, as the Secretariat's documents print them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lines {
    pub lang: Lang,
    /// The two header lines naming the Convention.
    pub convention: [&'static str; 2],
    /// The line before a resolution's operative paragraphs.
    pub conference: &'static str,
    /// Opens the header line that names the original language.
    pub language_prefix: &'static str,
    /// Marks a paragraph of a language version that has no translation yet.
    pub missing: &'static str,
    /// Marks a paragraph whose translation is of an earlier state of the original.
    pub outdated: &'static str,
}

impl Lines {
    /// The header line "Original language: English" in this language, for an original named in
    /// any of the three languages (another name is written as it is).
    pub fn original_language_line(&self, original: &str) -> String {
        format!("{} {}", self.language_prefix, self.language_name_of(original))
    }

    /// The original's name as this language writes it (a name none of the three languages
    /// knows is kept as it is).
    pub fn language_name_of<'a>(&self, original: &'a str) -> std::borrow::Cow<'a, str> {
        match Lang::parse(original) {
            Some(lang) => std::borrow::Cow::Borrowed(self.language_name(lang)),
            None => std::borrow::Cow::Borrowed(original.trim()),
        }
    }

    /// A language's name as this language writes it in the "original language" line.
    pub fn language_name(&self, of: Lang) -> &'static str {
        match (self.lang, of) {
            (Lang::En, l) => l.english_name(),
            (Lang::Fr, Lang::En) => "anglais",
            (Lang::Fr, Lang::Fr) => "français",
            (Lang::Fr, Lang::Es) => "espagnol",
            (Lang::Es, Lang::En) => "inglés",
            (Lang::Es, Lang::Fr) => "francés",
            (Lang::Es, Lang::Es) => "español",
        }
    }
}

const LINES: [Lines; 3] = [
    Lines {
        lang: Lang::En,
        convention: CONVENTION_LINES,
        conference: CONFERENCE_LINE,
        language_prefix: LANGUAGE_PREFIX,
        missing: "(translation missing)",
        outdated: "(translation outdated)",
    },
    Lines {
        lang: Lang::Fr,
        convention: ["CONVENTION SUR LE COMMERCE INTERNATIONAL DES ESPÈCES", "DE FAUNE ET DE FLORE SAUVAGES MENACÉES D'EXTINCTION"],
        conference: "LA CONFÉRENCE DES PARTIES À LA CONVENTION",
        language_prefix: "Langue originale :",
        missing: "(traduction manquante)",
        outdated: "(traduction à mettre à jour)",
    },
    Lines {
        lang: Lang::Es,
        convention: ["CONVENCIÓN SOBRE EL COMERCIO INTERNACIONAL DE ESPECIES", "AMENAZADAS DE FAUNA Y FLORA SILVESTRES"],
        conference: "LA CONFERENCIA DE LAS PARTES EN LA CONVENCIÓN",
        language_prefix: "Idioma original:",
        missing: "(traducción pendiente)",
        outdated: "(traducción por actualizar)",
    },
];

/// The fixed lines in `lang`.
pub fn lines(lang: Lang) -> &'static Lines {
    match lang {
        Lang::En => &LINES[0],
        Lang::Fr => &LINES[1],
        Lang::Es => &LINES[2],
    }
}

/// Whether a line is the conference line (spacing and closing punctuation aside).
pub fn is_conference_line(t: &str) -> bool {
    let collapsed = t.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.trim_end_matches([',', ':', ';', '.']) == CONFERENCE_LINE
}

/// Whether a line is one of the convention lines, or both on one line.
pub fn is_convention_line(t: &str) -> bool {
    let collapsed = t.split_whitespace().collect::<Vec<_>>().join(" ");
    let whole = CONVENTION_LINES.join(" ");
    CONVENTION_LINES.contains(&collapsed.as_str()) || collapsed == whole
}

/// 1 → a, 26 → z, 27 → aa (the CITES convention continues with doubled letters).
pub fn letters(n: u32) -> String {
    let n = n.max(1) - 1;
    let letter = char::from(b'a' + (n % 26) as u8);
    std::iter::repeat(letter).take((n / 26 + 1) as usize).collect()
}

/// Lower-case Roman numerals: 1 → i, 4 → iv, 14 → xiv.
pub fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// `a` → 1, `z` → 26, `aa` → 27, as [`letters`] counts; `None` for anything it does not write.
pub fn letters_value(s: &str) -> Option<u32> {
    let first = s.bytes().next()?;
    if !first.is_ascii_lowercase() || !s.bytes().all(|b| b == first) {
        return None;
    }
    let len = u32::try_from(s.len()).ok()?;
    let value = (len - 1) * 26 + u32::from(first - b'a') + 1;
    (letters(value) == s).then_some(value)
}

/// `i` → 1, `iv` → 4, `xiv` → 14; only canonical numerals, as [`roman`] writes them.
pub fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 12 {
        return None;
    }
    let digit = |c: char| match c {
        'i' => Some(1u32),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        'd' => Some(500),
        'm' => Some(1000),
        _ => None,
    };
    let values: Option<Vec<u32>> = s.chars().map(digit).collect();
    let values = values?;
    let mut total = 0i64;
    for (i, &v) in values.iter().enumerate() {
        let v = i64::from(v);
        match values.get(i + 1) {
            Some(&next) if i64::from(next) > v => total -= v,
            _ => total += v,
        }
    }
    let total = u32::try_from(total).ok().filter(|&t| t > 0)?;
    (roman(total) == s).then_some(total)
}

/// A run of paragraph text with its bracket, whatever carries it (a draft's [`Span`], an
/// export's `Run`).
pub trait Bracketed {
    fn text(&self) -> &str;
    /// The id of the square bracket the run is in, if any.
    fn bracket(&self) -> Option<&str>;
}

impl Bracketed for Span {
    fn text(&self) -> &str {
        &self.text
    }
    fn bracket(&self) -> Option<&str> {
        self.marks.bracket.as_deref()
    }
}

/// The text as a reader sees it: run texts with `[` `]` around each run of one bracket id.
pub fn visible_text<R: Bracketed>(runs: &[R]) -> String {
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for run in runs {
        let id = run.bracket();
        if id != current {
            if current.is_some() {
                out.push(']');
            }
            if id.is_some() {
                out.push('[');
            }
            current = id;
        }
        out.push_str(run.text());
    }
    if current.is_some() {
        out.push(']');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_numerals_read_back_what_numbering_writes() {
        for n in 1..=60 {
            assert_eq!(letters_value(&letters(n)), Some(n));
            assert_eq!(roman_value(&roman(n)), Some(n));
        }
        assert_eq!(roman_value("iiii"), None);
        assert_eq!(letters_value("ab"), None);
    }

    #[test]
    fn fixed_lines_are_recognised_across_spacing_and_punctuation() {
        assert!(is_conference_line("THE  CONFERENCE OF THE PARTIES TO THE CONVENTION,"));
        assert!(is_convention_line(&CONVENTION_LINES.join("  ")));
        assert!(is_convention_line(CONVENTION_LINES[1]));
        assert!(!is_conference_line("The Conference of the Parties"));
    }
}

/// The label exports write after a bracket that belongs to a package (issue #14 §3), in
/// superscript where the format has it: `package “Units”`.
pub fn package_label(package: &str) -> String {
    format!("package “{package}”")
}
