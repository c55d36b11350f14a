//! Reading a delegation's comment table (issue #11 §3) from DOCX, XLSX or CSV into plain rows: columns found by their headings in English, French or Spanish (in the table's first rows or in the DOCX page header), paragraph citations normalised, types and party codes read; pure and panic-free on any input.
//!
//! What a cell says is never dropped: a cell of a column this reader does not know is returned
//! with its heading ([`TableRow::extra`]) for the caller to keep in the comment.

use std::io::{Cursor, Read};

use quick_xml::events::Event;


/// The most a DOCX or XLSX part may expand to when read (a ZIP bomb is refused, not read).
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// How many rows from the top of a table (or sheet) may stand above its heading row (a title).
const HEADING_SEARCH_ROWS: usize = 10;

/// Why a file is not a comment table. [`TableError::code`] gives a stable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    #[error("{what} is not a comment table: import a Word (.docx), Excel (.xlsx) or CSV (.csv) file")]
    UnsupportedFormat { what: String },
    #[error("the {format} file could not be read: {reason}")]
    Damaged { format: &'static str, reason: String },
    #[error("the CSV file is not UTF-8 text (invalid byte sequence at byte {offset}); save it as CSV UTF-8 and import it again")]
    NotUtf8 { offset: usize },
    #[error("the {format} file holds no table")]
    NoTable { format: &'static str },
    #[error("no table in the {format} file has the headings of a comment table (a Comment or Proposed change column, and a Paragraph or Delegation column, in English, French or Spanish)")]
    NoHeadings { format: &'static str },
}

impl crate::coded::Coded for TableError {
    fn code(&self) -> &'static str {
        match self {
            TableError::UnsupportedFormat { .. } => "table.unsupported_format",
            TableError::Damaged { .. } => "table.damaged",
            TableError::NotUtf8 { .. } => "table.not_utf8",
            TableError::NoTable { .. } => "table.no_table",
            TableError::NoHeadings { .. } => "table.no_headings",
        }
    }
}

/// The file formats a table is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Docx,
    Xlsx,
    Csv,
}

/// What a column of a comment table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Delegation,
    Paragraph,
    Line,
    Type,
    Comment,
    Proposed,
    Outcome,
}

/// Each role's headings, normalised ([`normalise`]: lower case, no accents, punctuation as
/// spaces), in English, French and Spanish; a heading matches the longest of them it starts with
/// (at a word boundary), so "Observations of the secretariat" is the outcome, "Observations" a
/// comment, "Type of comment" a type.
const HEADINGS: &[(Role, &[&str])] = &[
    (
        Role::Delegation,
        &["delegation", "delegations", "party", "parties", "country", "countries", "mb", "mb nc", "nc", "member body", "partie", "parties", "pays", "delegacion", "parte", "partes", "pais", "paises"],
    ),
    (
        Role::Paragraph,
        &["paragraph", "paragraphs", "para", "paras", "clause", "clause no", "clause subclause", "paragraphe", "paragraphes", "alinea", "alineas", "parrafo", "parrafos"],
    ),
    (Role::Line, &["line", "lines", "line number", "line no", "ligne", "lignes", "linea", "lineas"]),
    (
        Role::Type,
        &["type", "type of comment", "comment type", "type de commentaire", "type d observation", "tipo", "tipo de comentario", "tipo de observacion"],
    ),
    (
        Role::Comment,
        &["comment", "comments", "comment justification", "justification", "commentaire", "commentaires", "observations", "observation", "comentario", "comentarios", "observaciones", "observacion", "justificacion"],
    ),
    (
        Role::Proposed,
        &[
            "proposed change", "proposed changes", "proposed wording", "proposed text", "proposal", "proposed amendment", "modification proposee", "modifications proposees",
            "libelle propose", "texte propose", "proposition", "cambio propuesto", "cambios propuestos", "redaccion propuesta", "texto propuesto", "propuesta",
        ],
    ),
    (
        Role::Outcome,
        &[
            "outcome", "outcome and observation", "outcomes", "observations of the secretariat", "secretariat observations", "secretariat", "disposition", "decision",
            "observations du secretariat", "suite donnee", "resultat", "observaciones de la secretaria", "resultado", "secretaria",
        ],
    ),
];

/// The seven cells of a comment table's row, by role, as written: what this reader returns and
/// what the writer (`export::comment_table`, whose `Row` this is) lays out.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Cells {
    /// The party: a delegation (with its supporters: `Kenya (supported by Peru, Chile)`) or a code.
    pub delegation: String,
    /// The paragraph as a reader cites it: `PP2`, `1`, `1 b)`, `17.C`.
    pub paragraph: String,
    pub line: String,
    pub kind: String,
    pub comment: String,
    pub proposed: String,
    pub outcome: String,
}

impl Cells {
    /// The cells in the table's column order.
    pub fn in_order(&self) -> [&str; 7] {
        [&self.delegation, &self.paragraph, &self.line, &self.kind, &self.comment, &self.proposed, &self.outcome]
    }
}

/// One data row of a table: its cells (empty where the table has no such column), its source
/// row (1-based, counting the heading row) for the report, and the cells no role holds.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct TableRow {
    pub source_row: usize,
    pub cells: Cells,
    /// Cells of columns no role matched (or a second column of a role already taken), with their
    /// headings: kept by the caller, never dropped.
    pub extra: Vec<(String, String)>,
}

impl TableRow {
    fn is_blank(&self) -> bool {
        self.cells.in_order().iter().all(|c| c.trim().is_empty()) && self.extra.iter().all(|(_, v)| v.trim().is_empty())
    }
}

/// A table read from a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ParsedTable {
    pub format: SourceFormat,
    /// The headings matched, by role, as written.
    pub columns: Vec<(Role, String)>,
    /// Whether the headings stood in the DOCX page header rather than in the table.
    pub headings_in_page_header: bool,
    pub rows: Vec<TableRow>,
    /// Rows with no text in any cell (spacing rows), counted, not imported.
    pub blank_rows: usize,
    /// Tables (DOCX) or sheets (XLSX) holding text but no heading row a comment table has, and
    /// continuing no table above them: counted and reported, not read.
    pub tables_without_headings: usize,
}

/// Reads a comment table from a file's bytes; `name` (the file name) is used to tell CSV from
/// other text, since CSV has no signature.
pub fn parse(name: &str, bytes: &[u8]) -> Result<ParsedTable, TableError> {
    if bytes.starts_with(b"PK\x03\x04") {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| TableError::Damaged { format: "ZIP", reason: e.to_string() })?;
        let names: Vec<String> = zip.file_names().filter_map(|n| n.ok().map(|n| n.into_owned())).collect();
        if names.iter().any(|n| n == "word/document.xml") {
            return parse_docx(&mut zip, &names);
        }
        if names.iter().any(|n| n == "xl/workbook.xml") {
            return parse_xlsx(bytes);
        }
        return Err(TableError::UnsupportedFormat { what: format!("{} (a ZIP archive that is neither a Word nor an Excel file)", display_name(name)) });
    }
    let lower = name.to_lowercase();
    if bytes.starts_with(b"%PDF") {
        return Err(TableError::UnsupportedFormat { what: format!("{} (a PDF file)", display_name(name)) });
    }
    if lower.ends_with(".csv") || lower.ends_with(".tsv") {
        return parse_csv(bytes);
    }
    Err(TableError::UnsupportedFormat { what: display_name(name) })
}

fn display_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    if base.is_empty() {
        "the file".to_string()
    } else {
        format!("`{base}`")
    }
}

// ---------------------------------------------------------------------------------------------
// Headings

/// Lower case, accents removed, every run of other characters than letters and digits one space.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = fold_accent(c);
        if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The letter without its accent, for the Latin letters French and Spanish use.
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'º' | '°' => 'o',
        c => c,
    }
}

/// The role a heading names, if any.
pub fn heading_role(heading: &str) -> Option<Role> {
    let h = normalise(heading);
    let mut best: Option<(usize, Role)> = None;
    for (role, words) in HEADINGS {
        for w in *words {
            let matches = h == *w || (h.starts_with(w) && h.as_bytes().get(w.len()) == Some(&b' '));
            if matches && best.is_none_or(|(len, _)| w.len() > len) {
                best = Some((w.len(), *role));
            }
        }
    }
    best.map(|(_, role)| role)
}

/// The roles of a candidate heading row, if it is one: a comment or proposal column, and a
/// paragraph or delegation column.
fn heading_row(cells: &[String]) -> Option<Vec<Option<Role>>> {
    let roles: Vec<Option<Role>> = cells.iter().map(|c| heading_role(c)).collect();
    let has = |r: Role| roles.contains(&Some(r));
    ((has(Role::Comment) || has(Role::Proposed)) && (has(Role::Paragraph) || has(Role::Delegation))).then_some(roles)
}

/// Reads data rows under headings: the first column of each role takes it; any other column's
/// cells go to `extra` under their heading.
fn rows_under(headings: &[String], roles: &[Option<Role>], data: &[(usize, Vec<String>)], out: &mut ParsedTable) {
    let mut taken: Vec<Option<Role>> = Vec::with_capacity(roles.len());
    for role in roles {
        let role = role.filter(|r| !taken.contains(&Some(*r)));
        taken.push(role);
    }
    for (i, role) in taken.iter().enumerate() {
        if let (Some(role), Some(h)) = (role, headings.get(i)) {
            if !out.columns.iter().any(|(r, _)| r == role) {
                out.columns.push((*role, h.trim().to_string()));
            }
        }
    }
    for (source_row, cells) in data {
        let mut row = TableRow { source_row: *source_row, ..TableRow::default() };
        for (i, cell) in cells.iter().enumerate() {
            let cell = cell.trim().to_string();
            match taken.get(i).copied().flatten() {
                Some(Role::Delegation) => row.cells.delegation = cell,
                Some(Role::Paragraph) => row.cells.paragraph = cell,
                Some(Role::Line) => row.cells.line = cell,
                Some(Role::Type) => row.cells.kind = cell,
                Some(Role::Comment) => row.cells.comment = cell,
                Some(Role::Proposed) => row.cells.proposed = cell,
                Some(Role::Outcome) => row.cells.outcome = cell,
                None if cell.is_empty() => {}
                None => {
                    let heading = headings.get(i).map(|h| h.trim()).filter(|h| !h.is_empty()).map_or_else(|| format!("Column {}", i + 1), str::to_string);
                    row.extra.push((heading, cell));
                }
            }
        }
        if row.is_blank() {
            out.blank_rows += 1;
        } else {
            out.rows.push(row);
        }
    }
}

/// A heading row and the role of each of its cells.
type Headings = (Vec<String>, Vec<Option<Role>>);

/// Finds the heading row among a grid's first rows and reads the rows under it, numbering them
/// after `offset` rows of earlier grids. `None` when the grid has no heading row.
fn read_grid(grid: &[Vec<String>], offset: usize, out: &mut ParsedTable) -> Option<Headings> {
    for (h, cells) in grid.iter().enumerate().take(HEADING_SEARCH_ROWS) {
        if let Some(roles) = heading_row(cells) {
            rows_under(cells, &roles, &numbered(grid, offset, h + 1), out);
            return Some((cells.clone(), roles));
        }
    }
    None
}

/// A grid's rows from `skip` on, each with its row number in the file (after `offset` rows).
fn numbered(grid: &[Vec<String>], offset: usize, skip: usize) -> Vec<(usize, Vec<String>)> {
    grid.iter().enumerate().skip(skip).map(|(i, r)| (offset + i + 1, r.clone())).collect()
}

fn has_text(grid: &[Vec<String>]) -> bool {
    grid.iter().flatten().any(|c| !c.trim().is_empty())
}

fn empty_table(format: SourceFormat) -> ParsedTable {
    ParsedTable { format, columns: Vec::new(), headings_in_page_header: false, rows: Vec::new(), blank_rows: 0, tables_without_headings: 0 }
}

// ---------------------------------------------------------------------------------------------
// CSV

/// RFC 4180 CSV (UTF-8, with or without a byte order mark), its separator the comma, or the
/// semicolon or tab that spreadsheets in French and Spanish locales write: the first of them
/// under which a heading row is found.
fn parse_csv(bytes: &[u8]) -> Result<ParsedTable, TableError> {
    let text = std::str::from_utf8(bytes).map_err(|e| TableError::NotUtf8 { offset: e.valid_up_to() })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(TableError::NoTable { format: "CSV" });
    }
    for separator in [',', ';', '\t'] {
        let mut out = empty_table(SourceFormat::Csv);
        if read_grid(&csv_records(text, separator), 0, &mut out).is_some() {
            return Ok(out);
        }
    }
    Err(TableError::NoHeadings { format: "CSV" })
}

/// The records of CSV text: quoted fields may hold separators, line breaks and doubled quotes.
pub fn csv_records(text: &str, separator: char) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            c if c == separator => record.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                any = false;
            }
            c => field.push(c),
        }
    }
    if any {
        record.push(field);
        records.push(record);
    }
    records
}

// ---------------------------------------------------------------------------------------------
// XLSX

fn parse_xlsx(bytes: &[u8]) -> Result<ParsedTable, TableError> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e: calamine::XlsxError| TableError::Damaged { format: "XLSX", reason: e.to_string() })?;
    let mut out = empty_table(SourceFormat::Xlsx);
    let (mut found, mut any_cells) = (false, false);
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| TableError::Damaged { format: "XLSX", reason: e.to_string() })?;
        let grid: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
        any_cells |= has_text(&grid);
        if read_grid(&grid, 0, &mut out).is_some() {
            found = true;
        } else if has_text(&grid) {
            out.tables_without_headings += 1;
        }
    }
    match (found, any_cells) {
        (true, _) => Ok(out),
        (false, true) => Err(TableError::NoHeadings { format: "XLSX" }),
        (false, false) => Err(TableError::NoTable { format: "XLSX" }),
    }
}

// ---------------------------------------------------------------------------------------------
// DOCX

fn read_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<String, TableError> {
    zip_text(zip, name, MAX_PART_BYTES).map_err(|reason| TableError::Damaged { format: "DOCX", reason })
}

/// The text of part `name` of a package, read no further than `limit` bytes expanded (a small
/// ZIP may expand to gigabytes); the reason as text when it cannot be read.
pub(crate) fn zip_text(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str, limit: u64) -> Result<String, String> {
    let file = zip.by_name(name).map_err(|e| format!("{name}: {e}"))?;
    let mut text = String::new();
    file.take(limit + 1).read_to_string(&mut text).map_err(|e| format!("{name}: {e}"))?;
    if text.len() as u64 > limit {
        return Err(format!("{name} expands to more than {} MiB", limit / 1024 / 1024));
    }
    Ok(text)
}

/// The tables of a WordprocessingML part, each a grid of cell texts (a cell's paragraphs joined
/// by line breaks; deleted text of tracked changes left out; a nested table's text in its cell;
/// a merged cell (`w:gridSpan`) repeated over the columns it spans, empty after the first).
pub fn docx_tables(xml: &str) -> Result<Vec<Vec<Vec<String>>>, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
    // The open tables: their rows; the innermost last.
    let mut stack: Vec<Vec<Vec<String>>> = Vec::new();
    let mut cell: Option<String> = None;
    let mut paragraph_started = false;
    let mut in_text = false;
    let mut span = 1usize;
    loop {
        let event = reader.read_event().map_err(|e| format!("at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(e) | Event::Empty(e) if stack.len() > 1 && cell.is_some() => {
                // Inside a nested table: its text goes into the outer cell.
                match e.local_name().as_ref() {
                    "tbl" => stack.push(Vec::new()),
                    "p" if paragraph_started => cell.get_or_insert_with(String::new).push('\n'),
                    "p" => paragraph_started = true,
                    "t" => in_text = true,
                    "tab" => cell.get_or_insert_with(String::new).push('\t'),
                    "br" | "cr" => cell.get_or_insert_with(String::new).push('\n'),
                    _ => {}
                }
            }
            Event::Start(e) => match e.local_name().as_ref() {
                "tbl" => stack.push(Vec::new()),
                "tr" if stack.len() == 1 => {
                    if let Some(t) = stack.last_mut() {
                        t.push(Vec::new());
                    }
                }
                "tc" if stack.len() == 1 => {
                    cell = Some(String::new());
                    paragraph_started = false;
                    span = 1;
                }
                "p" if cell.is_some() => {
                    if paragraph_started {
                        cell.get_or_insert_with(String::new).push('\n');
                    }
                    paragraph_started = true;
                }
                "t" if cell.is_some() => in_text = true,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "p" if cell.is_some() => {
                    if paragraph_started {
                        cell.get_or_insert_with(String::new).push('\n');
                    }
                    paragraph_started = true;
                }
                "tab" if cell.is_some() => cell.get_or_insert_with(String::new).push('\t'),
                "br" | "cr" if cell.is_some() => cell.get_or_insert_with(String::new).push('\n'),
                "gridSpan" if cell.is_some() => {
                    for a in e.attributes().flatten() {
                        if a.key.local_name().as_ref() == "val" {
                            span = a.value.parse().unwrap_or(1usize).clamp(1, 64);
                        }
                    }
                }
                "tc" if stack.len() == 1 => {
                    if let Some(row) = stack.last_mut().and_then(|t| t.last_mut()) {
                        row.push(String::new());
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                let text: &str = t.as_ref();
                cell.get_or_insert_with(String::new).push_str(text);
            }
            Event::GeneralRef(r) if in_text => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name: &str = r.as_ref();
                        quick_xml::escape::resolve_predefined_entity(name).unwrap_or("").to_string()
                    }
                };
                cell.get_or_insert_with(String::new).push_str(&resolved);
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "tbl" => {
                    if let Some(done) = stack.pop() {
                        if stack.is_empty() {
                            tables.push(done);
                        }
                    }
                }
                "tc" if stack.len() == 1 => {
                    let text = cell.take().unwrap_or_default();
                    if let Some(row) = stack.last_mut().and_then(|t| t.last_mut()) {
                        row.push(text);
                        for _ in 1..span {
                            row.push(String::new());
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(tables)
}

/// The body's tables under their own heading rows, or, for those without, under a heading row
/// of a table in a page header part (the ISO/IEC/CEN commenting template) with as many columns,
/// else under the headings of the table above when it has as many columns (a table continued
/// after a section break). Rows are numbered through all the body's tables.
fn parse_docx(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, names: &[String]) -> Result<ParsedTable, TableError> {
    let damaged = |reason: String| TableError::Damaged { format: "DOCX", reason };
    let body = docx_tables(&read_part(zip, "word/document.xml")?).map_err(|e| damaged(format!("word/document.xml: {e}")))?;
    let mut header_rows: Vec<(Vec<String>, Vec<Option<Role>>)> = Vec::new();
    let mut header_parts: Vec<&String> = names.iter().filter(|n| n.starts_with("word/header") && n.ends_with(".xml")).collect();
    header_parts.sort();
    for part in header_parts {
        let tables = docx_tables(&read_part(zip, part)?).map_err(|e| damaged(format!("{part}: {e}")))?;
        for row in tables.into_iter().flatten() {
            if let Some(roles) = heading_row(&row) {
                header_rows.push((row, roles));
            }
        }
    }
    if body.is_empty() {
        return Err(TableError::NoTable { format: "DOCX" });
    }
    let mut out = empty_table(SourceFormat::Docx);
    let mut found = false;
    let mut above: Option<Headings> = None;
    let mut offset = 0;
    for grid in &body {
        let width = grid.iter().map(Vec::len).max().unwrap_or(0);
        if let Some(headings) = read_grid(grid, offset, &mut out) {
            found = true;
            above = Some(headings);
        } else if let Some((headings, roles)) = header_rows.iter().find(|(h, _)| h.len() == width) {
            rows_under(headings, roles, &numbered(grid, offset, 0), &mut out);
            out.headings_in_page_header = true;
            found = true;
        } else if let Some((headings, roles)) = above.as_ref().filter(|(h, _)| h.len() == width) {
            rows_under(headings, roles, &numbered(grid, offset, 0), &mut out);
        } else if has_text(grid) {
            out.tables_without_headings += 1;
            above = None;
        }
        offset += grid.len();
    }
    if !found {
        return Err(TableError::NoHeadings { format: "DOCX" });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Cells

/// A comment type as written in a table: the ISO template's `ge`/`te`/`ed`, or the word in
/// English, French or Spanish; `None` when the cell says something else.
pub fn comment_type(cell: &str) -> Option<crate::model::notes::CommentType> {
    use crate::model::notes::CommentType;
    let n = normalise(cell);
    let first = n.split(' ').next().unwrap_or("");
    match first {
        "ge" | "gen" | "general" | "generale" | "generales" | "g" => Some(CommentType::General),
        "te" | "tech" | "technical" | "technique" | "tecnico" | "tecnica" | "t" => Some(CommentType::Technical),
        "ed" | "editorial" | "editoriale" | "redactionnel" | "redactionnelle" | "redaccion" | "forme" | "e" => Some(CommentType::Editorial),
        "de" if n.starts_with("de redaccion") || n.starts_with("de forme") => Some(CommentType::Editorial),
        _ => None,
    }
}

/// An outcome as written in a table's outcome column (`Accepted — observation`, `Rejeté: …`):
/// the kind, and the observation after it. `None` when the cell does not start with one.
pub fn outcome(cell: &str) -> Option<(crate::model::notes::OutcomeKind, String)> {
    use crate::model::notes::OutcomeKind;
    let words: &[(&str, OutcomeKind)] = &[
        ("accepted modified", OutcomeKind::AcceptedModified),
        ("accepted with modifications", OutcomeKind::AcceptedModified),
        ("accepted with modification", OutcomeKind::AcceptedModified),
        ("accepte avec modifications", OutcomeKind::AcceptedModified),
        ("acceptee avec modifications", OutcomeKind::AcceptedModified),
        ("aceptado con modificaciones", OutcomeKind::AcceptedModified),
        ("aceptada con modificaciones", OutcomeKind::AcceptedModified),
        ("accepted", OutcomeKind::Accepted),
        ("accepte", OutcomeKind::Accepted),
        ("acceptee", OutcomeKind::Accepted),
        ("aceptado", OutcomeKind::Accepted),
        ("aceptada", OutcomeKind::Accepted),
        ("rejected", OutcomeKind::Rejected),
        ("rejete", OutcomeKind::Rejected),
        ("rejetee", OutcomeKind::Rejected),
        ("rechazado", OutcomeKind::Rejected),
        ("rechazada", OutcomeKind::Rejected),
        ("noted", OutcomeKind::Noted),
        ("note", OutcomeKind::Noted),
        ("pris note", OutcomeKind::Noted),
        ("tomado nota", OutcomeKind::Noted),
        ("se toma nota", OutcomeKind::Noted),
    ];
    let n = normalise(cell);
    let (_, kind) = words.iter().find(|(w, _)| n == *w || (n.starts_with(w) && n.as_bytes().get(w.len()) == Some(&b' ')))?;
    // The observation: what follows the first separator after the outcome word(s).
    let observation = cell
        .find(['—', '–', ':', '\n', '.'])
        .and_then(|at| cell.get(at..))
        .map(|rest| rest.trim_start_matches(['—', '–', ':', '\n', '.', '-', ' ']).trim().to_string())
        .unwrap_or_default();
    Some((*kind, observation))
}

/// The candidate delegation names of a party cell: an ISO 3166 alpha-2 or alpha-3 code gives the
/// country's names (short, common, official); `None` when the cell is no code.
pub fn country_names(cell: &str) -> Option<Vec<&'static str>> {
    let code = cell.trim();
    if !(code.len() == 2 || code.len() == 3) || !code.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    super::iso3166::names_of(&code.to_ascii_uppercase())
}

/// Whether a roster delegation is one of a country's names: equal when normalised, or equal to
/// the part of an ISO name before its comma (`Tanzania, United Republic of`).
pub fn names_country(delegation: &str, names: &[&str]) -> bool {
    let d = normalise(delegation);
    !d.is_empty()
        && names.iter().any(|n| {
            normalise(n) == d || n.split_once(',').is_some_and(|(short, _)| normalise(short) == d)
        })
}

/// A party cell split from its supporters (`Kenya (supported by Peru, Chile)`, `Kenya (appuyé par
/// …)`, `Kenya (apoyado por …)`): the delegation and the supporters as written.
pub fn split_supporters(cell: &str) -> (String, Vec<String>) {
    let lower = cell.to_lowercase();
    for marker in ["(supported by", "(appuyé par", "(appuye par", "(apoyado por", "(apoyada por"] {
        if let Some(at) = lower.find(marker) {
            let (Some(name), Some(rest)) = (cell.get(..at), cell.get(at + marker.len()..)) else { continue };
            let list = rest.trim_end().trim_end_matches(')');
            let supporters = list.split([',', ';']).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
            return (name.trim().to_string(), supporters);
        }
    }
    (cell.trim().to_string(), Vec::new())
}

/// The keys a paragraph citation is looked up by: `(with dots, without)`. Lower case, accents and
/// the words for "paragraph" dropped, "preamble"/"PP" made the prefix `pp`: `1 b)`, `1(b)` and
/// `1.b` → `1b` (the first key of `1.b` is `1.b`, so a decision `17.A` is found before an item a)
/// of paragraph 17), `para. 2` → `2`, `PP2`/`preamble 2` → `pp2`, `17.A` → `17.a`.
pub fn citation_keys(cell: &str) -> (String, String) {
    const FILLERS: &[&str] = &[
        "para", "paras", "paragraph", "paragraphs", "paragraphe", "parrafo", "alinea", "op", "operative", "operational", "dispositif", "dispositivo", "no", "nr",
        "clause", "section", "of", "de", "del", "du", "the",
    ];
    const PREAMBLE: &[&str] = &["pp", "preamble", "preambular", "preambule", "preambulaire", "preambulo", "preambular", "considerando"];
    let lower: String = cell.chars().flat_map(char::to_lowercase).map(fold_accent).collect();
    // Tokens: runs of letters and digits, each with whether a dot stood before it.
    let mut tokens: Vec<(bool, String)> = Vec::new();
    let mut dot = false;
    let mut word = String::new();
    for c in lower.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() {
            // A digit after letters or letters after digits start a new token (`pp2`, `1b`),
            // except a roman or letter run itself.
            if let Some(last) = word.chars().last() {
                if last.is_ascii_digit() != c.is_ascii_digit() {
                    tokens.push((dot, std::mem::take(&mut word)));
                    dot = false;
                }
            }
            word.push(c);
        } else {
            if !word.is_empty() {
                tokens.push((dot, std::mem::take(&mut word)));
                dot = false;
            }
            if c == '.' {
                dot = true;
            }
        }
    }
    let preamble = tokens.iter().any(|(_, t)| PREAMBLE.contains(&t.as_str()));
    let kept: Vec<&(bool, String)> = tokens.iter().filter(|(_, t)| !FILLERS.contains(&t.as_str()) && !PREAMBLE.contains(&t.as_str())).collect();
    let prefix = if preamble { "pp" } else { "" };
    let mut dotted = String::from(prefix);
    let mut plain = String::from(prefix);
    for (i, (dot, t)) in kept.iter().enumerate() {
        if *dot && i > 0 {
            dotted.push('.');
        }
        dotted.push_str(t);
        plain.push_str(t);
    }
    (dotted, plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_in_three_languages_find_their_roles() {
        for (h, role) in [
            ("Delegation", Role::Delegation),
            ("MB/NC", Role::Delegation),
            ("Délégation", Role::Delegation),
            ("País", Role::Delegation),
            ("Para.", Role::Paragraph),
            ("Clause No./Subclause No./Annex", Role::Paragraph),
            ("Alinéa", Role::Paragraph),
            ("Párrafo", Role::Paragraph),
            ("Line number", Role::Line),
            ("Línea", Role::Line),
            ("Type of comment", Role::Type),
            ("Tipo de comentario", Role::Type),
            ("Comments", Role::Comment),
            ("Commentaire(s)", Role::Comment),
            ("Observations", Role::Comment),
            ("Observaciones", Role::Comment),
            ("Proposed change", Role::Proposed),
            ("Libellé proposé", Role::Proposed),
            ("Redacción propuesta", Role::Proposed),
            ("Observations of the secretariat", Role::Outcome),
            ("Outcome and observation", Role::Outcome),
        ] {
            assert_eq!(heading_role(h), Some(role), "{h}");
        }
        assert_eq!(heading_role("Partner"), None);
    }

    #[test]
    fn citations_normalise_to_the_drafts_numbering() {
        let key = |c: &str| citation_keys(c);
        assert_eq!(key("1 b)").1, "1b");
        assert_eq!(key("1(b)").1, "1b");
        assert_eq!(key("1.b"), ("1.b".into(), "1b".into()));
        assert_eq!(key("para. 2").1, "2");
        assert_eq!(key("Paragraph 2.").1, "2");
        assert_eq!(key("PP2").1, "pp2");
        assert_eq!(key("preamble 2").1, "pp2");
        assert_eq!(key("Préambule, alinéa 3").1, "pp3");
        assert_eq!(key("17.A").0, "17.a");
        assert_eq!(key("1 b) ii)").1, "1bii");
    }

    #[test]
    fn csv_records_keep_quoted_separators_and_breaks() {
        let grid = csv_records("a,\"b,c\",\"d\"\"e\"\r\n\"x\ny\",z\n", ',');
        assert_eq!(grid, vec![vec!["a".to_string(), "b,c".into(), "d\"e".into()], vec!["x\ny".into(), "z".into()]]);
    }

    #[test]
    fn types_and_outcomes_read_in_three_languages() {
        use crate::model::notes::{CommentType, OutcomeKind};
        assert_eq!(comment_type("te"), Some(CommentType::Technical));
        assert_eq!(comment_type("Rédactionnel"), Some(CommentType::Editorial));
        assert_eq!(comment_type("Técnico"), Some(CommentType::Technical));
        assert_eq!(comment_type("urgent"), None);
        assert_eq!(outcome("Accepted with modifications — merged with Peru's"), Some((OutcomeKind::AcceptedModified, "merged with Peru's".into())));
        assert_eq!(outcome("Rechazado"), Some((OutcomeKind::Rejected, String::new())));
        assert_eq!(outcome("see later"), None);
    }

    #[test]
    fn party_codes_name_their_countries() {
        assert!(country_names("KE").is_some_and(|n| names_country("Kenya", &n)));
        assert!(country_names("tza").is_some_and(|n| names_country("Tanzania", &n)));
        assert!(country_names("GBR").is_some_and(|n| names_country("United Kingdom", &n)));
        assert_eq!(country_names("Kenya"), None);
        assert_eq!(split_supporters("Kenya (supported by Peru, Chile)"), ("Kenya".into(), vec!["Peru".into(), "Chile".into()]));
    }
}
