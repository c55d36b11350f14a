//! Escaping of text for the markup exporters (Akoma Ntoso XML, WordprocessingML, HTML): the one place that turns `&`, `<`, `>` and quotes into references and drops what XML 1.0 cannot carry.
//!
//! Invariant: the output of every function here is safe as element content and inside a
//! double- or single-quoted attribute value.

/// Whether XML 1.0 allows the character in a document (`Char` production): no C0 controls but
/// tab, line feed and carriage return, and neither U+FFFE nor U+FFFF.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Text for XML content or attributes; characters XML 1.0 forbids are dropped, tabs and line
/// breaks are kept as they are.
pub(crate) fn xml(text: &str) -> String {
    escape(text, Dialect::Xml)
}

/// As [`xml`], but tabs, line feeds and carriage returns become character references, so that
/// attribute-value normalisation keeps them.
pub(crate) fn xml_attribute(text: &str) -> String {
    escape(text, Dialect::XmlAttribute)
}

/// Text for HTML content or attributes (`'` as `&#39;`, which every HTML version reads).
pub(crate) fn html(text: &str) -> String {
    escape(text, Dialect::Html)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Xml,
    XmlAttribute,
    Html,
}

fn escape(text: &str, dialect: Dialect) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' if dialect == Dialect::Html => out.push_str("&#39;"),
            '\'' => out.push_str("&apos;"),
            '\t' if dialect == Dialect::XmlAttribute => out.push_str("&#9;"),
            '\n' if dialect == Dialect::XmlAttribute => out.push_str("&#10;"),
            '\r' if dialect == Dialect::XmlAttribute => out.push_str("&#13;"),
            c if dialect != Dialect::Html && !is_xml_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_dialect_escapes_markup_and_treats_controls_its_own_way() {
        let markup = "a & b <c> \"d\" 'e'";
        let controls = "x\u{0}\u{8}\u{b}\u{1f}\u{fffe}\u{ffff}y\tz\n\r";
        let cases: [(fn(&str) -> String, &str, &str); 3] = [
            (xml, "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;", "xy\tz\n\r"),
            (xml_attribute, "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;", "xy&#9;z&#10;&#13;"),
            // HTML output has always kept control characters as they are.
            (html, "a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;", controls),
        ];
        for (escape, escaped_markup, escaped_controls) in cases {
            assert_eq!(escape(markup), escaped_markup);
            assert_eq!(escape(controls), escaped_controls);
            assert_eq!(escape("é – 😀"), "é – 😀");
        }
    }
}
