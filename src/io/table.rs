//! Reading one CSV file into rows with named columns, collecting every
//! problem with its file, line and column instead of stopping at the first.
//!
//! The input conventions: UTF-8 with an optional byte-order mark, CRLF or
//! LF, cells trimmed, an empty cell meaning "not given", unknown columns
//! warned about once, a missing required column an error.
//!
//! The delimiter is read from the header: `,` (the default), `;` (what
//! spreadsheets write in French and other decimal-comma locales) or a tab.
//! In a `;`- or tab-delimited file a number may use a decimal comma
//! (`0,35`), as those spreadsheets write it.

use crate::error::InputError;
use csv::{ReaderBuilder, StringRecord, Trim};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

/// Errors and warnings gathered while loading.
#[derive(Debug, Default)]
pub struct Sink {
    /// Problems that make the input unusable.
    pub errors: Vec<InputError>,
    /// Things worth telling that do not stop the run.
    pub warnings: Vec<String>,
}

impl Sink {
    /// Records a problem.
    pub fn error(
        &mut self,
        file: &str,
        line: u64,
        column: Option<(usize, &str)>,
        value: Option<&str>,
        message: impl Into<String>,
    ) {
        self.errors.push(InputError {
            file: file.to_string(),
            line,
            column: column.map(|(c, n)| (c, n.to_string())),
            value: value.map(str::to_string),
            message: message.into(),
        });
    }
}

/// A file read into records, with its header.
pub struct Table {
    /// The name used in messages.
    pub file: String,
    columns: HashMap<String, usize>,
    records: Vec<(u64, StringRecord)>,
    /// Rows refused for their number of fields (an error each): their ids
    /// exist, so references to them are not reported as unknown too.
    malformed: Vec<StringRecord>,
    /// Numbers may be written with a decimal comma.
    decimal_comma: bool,
    /// Non-blank data lines, malformed ones included.
    lines_seen: usize,
}

/// The line of each record of a file, counted as the records come (their
/// positions only go forward), without an index of the file's lines.
#[derive(Default)]
struct LineCount {
    /// Bytes counted so far.
    counted: usize,
    /// Line ends among them.
    ends: u64,
}

impl LineCount {
    /// The 1-based line of the record at `position`: of its first byte
    /// that is not part of a line end (0 without a position).
    fn at(&mut self, bytes: &[u8], position: Option<&csv::Position>) -> u64 {
        let Some(position) = position else {
            return 0;
        };
        let start = usize::try_from(position.byte()).map_or(bytes.len(), |b| b.min(bytes.len()));
        let first = bytes[start..]
            .iter()
            .position(|&b| b != b'\r' && b != b'\n')
            .map_or(bytes.len(), |i| start + i);
        if first < self.counted {
            *self = LineCount::default();
        }
        self.ends += line_ends(&bytes[..first], self.counted);
        self.counted = first;
        self.ends + 1
    }
}

/// Whether the byte at `i` ends a line: LF, the LF of CRLF, or a CR
/// alone (old Mac files).
fn ends_line(bytes: &[u8], i: usize) -> bool {
    bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

/// The line ends in `bytes[from..]`.
fn line_ends(bytes: &[u8], from: usize) -> u64 {
    (from..bytes.len()).filter(|&i| ends_line(bytes, i)).count() as u64
}

/// The delimiter of a CSV file, read from its header line: whichever of
/// `,` `;` and tab occurs most outside quotes (`,` on a tie or none).
pub fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let header = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &b in header {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in &mut counts {
                if b == *d {
                    *n += 1;
                }
            }
        }
    }
    // Highest count; on a tie the earlier one (`,` first).
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(d, n)| if n > best.1 { (d, n) } else { best },
        )
        .0
}

/// The columns a file may have.
pub struct Schema<'a> {
    /// Must be present in the header.
    pub required: &'a [&'a str],
    /// May be present.
    pub optional: &'a [&'a str],
    /// A row may stop early when every required column is in it: the
    /// cells it lacks are empty (a plan row typed by hand with just the
    /// officer, mission and role). Input files keep every row as wide as
    /// the header, where a short row is a shifted one.
    pub short_rows: bool,
}

/// Where a table comes from: a file, or bytes in memory with a name.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file on disk.
    Path(std::path::PathBuf),
    /// Bytes in memory, named like a file in messages.
    Bytes(String, Vec<u8>),
    /// A sheet of an .xlsx workbook: the one named for `file`
    /// (`services.csv` → sheet `services`), or else its only sheet.
    Sheet {
        /// The workbook.
        workbook: std::path::PathBuf,
        /// The input file the sheet stands for.
        file: String,
    },
}

impl Source {
    /// The source read once: its contents and its names, a workbook's
    /// sheet named as the workbook has it (its only sheet need not be
    /// named like the file).
    pub fn read(&self) -> Read<'_> {
        let (workbook, file) = match self {
            Source::Path(path) => {
                return Read {
                    bytes: read_limited(path).map(Cow::Owned),
                    name: file_name(path),
                    label: path.display().to_string(),
                    from_workbook: false,
                }
            }
            Source::Bytes(name, bytes) => {
                return Read {
                    bytes: Ok(Cow::Borrowed(bytes)),
                    name: name.clone(),
                    label: name.clone(),
                    from_workbook: false,
                }
            }
            Source::Sheet { workbook, file } => (workbook, file),
        };
        let found =
            read_limited(workbook).and_then(|bytes| super::workbook::sheet_csv(&bytes, file));
        let sheet = match &found {
            Ok((sheet, _)) => sheet.clone(),
            Err(_) => file.strip_suffix(".csv").unwrap_or(file).to_string(),
        };
        Read {
            bytes: found.map(|(_, csv)| Cow::Owned(csv)),
            name: format!("{}[{sheet}]", file_name(workbook)),
            label: format!("{}[{sheet}]", workbook.display()),
            from_workbook: true,
        }
    }

    /// The table; `None` (with errors recorded) if it cannot be used at all.
    pub fn table(&self, sink: &mut Sink, schema: &Schema) -> Option<Table> {
        self.read().table(sink, schema)
    }
}

/// A source read: its contents (or why they could not be read), and its
/// names in messages and in the audit trail.
pub struct Read<'a> {
    /// The bytes, a sheet's as CSV text.
    pub bytes: Result<Cow<'a, [u8]>, String>,
    /// The name in messages: `officers.csv`, `board.xlsx[Sheet1]`.
    pub name: String,
    /// The path as given, for the audit trail.
    pub label: String,
    /// A workbook's sheet: its cells are quoted by the program, never by
    /// hand, so a quote cannot be a stray one.
    pub from_workbook: bool,
}

impl Read<'_> {
    /// The table; `None` (with errors recorded) if it cannot be used at all.
    pub fn table(self, sink: &mut Sink, schema: &Schema) -> Option<Table> {
        match self.bytes {
            Ok(bytes) => Table::parse_read(&self.name, &bytes, sink, schema, self.from_workbook),
            Err(message) => {
                sink.error(&self.name, 0, None, None, message);
                None
            }
        }
    }
}

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The largest input file read, bytes (512 MiB: about 3 million officers).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// The most columns a header may have.
pub const MAX_COLUMNS: usize = 1_000;

/// The longest cell, bytes (a name, an id or a list is far shorter).
pub const MAX_CELL_BYTES: usize = 64 * 1024;

/// Reads at most [`MAX_FILE_BYTES`] of a file; `Err` with the message.
#[cfg(unix)]
fn is_device_or_socket(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    kind.is_char_device() || kind.is_block_device() || kind.is_socket()
}

#[cfg(not(unix))]
fn is_device_or_socket(_meta: &std::fs::Metadata) -> bool {
    false
}

pub(crate) fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let failed = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => format!("file not found at {}", path.display()),
        std::io::ErrorKind::PermissionDenied => {
            format!("cannot read {}: permission denied", path.display())
        }
        _ => format!("cannot read {}: {e}", path.display()),
    };
    let meta = std::fs::metadata(path).map_err(failed)?;
    if meta.is_dir() {
        return Err(format!("{} is a folder, not a CSV file", path.display()));
    }
    // A device (`/dev/zero`) or a socket is never an input file; a pipe
    // may be (`--officers <(…)`), and is read within the limit.
    if is_device_or_socket(&meta) {
        return Err(format!(
            "{} is not a file but a device or socket: give a CSV or .xlsx file",
            path.display()
        ));
    }
    let file = std::fs::File::open(path).map_err(failed)?;
    let too_big = |size: u64| {
        format!(
            "file is {} MB, above the limit of {} MB for one input file",
            size / 1_000_000,
            MAX_FILE_BYTES / 1_000_000
        )
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // A pipe reports no size: read one byte past the limit.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

impl Table {
    /// Reads `path`; `None` (with errors recorded) if the file cannot be used at all.
    pub fn read(path: &Path, sink: &mut Sink, schema: &Schema) -> Option<Table> {
        Source::Path(path.to_path_buf()).table(sink, schema)
    }

    /// Parses CSV bytes; `file` names them in messages.
    pub fn parse(file: &str, bytes: &[u8], sink: &mut Sink, schema: &Schema) -> Option<Table> {
        Table::parse_read(file, bytes, sink, schema, false)
    }

    /// [`Table::parse`]; a workbook's sheet (`from_workbook`) is not
    /// checked for stray quotes, which only hands type.
    fn parse_read(
        file: &str,
        bytes: &[u8],
        sink: &mut Sink,
        schema: &Schema,
        from_workbook: bool,
    ) -> Option<Table> {
        if bytes.len() as u64 > MAX_FILE_BYTES {
            let message = format!("above the limit of {} MB", MAX_FILE_BYTES / 1_000_000);
            sink.error(file, 0, None, None, message);
            return None;
        }
        // With its byte-order mark, or without one: a header of plain
        // letters is every other byte 0 in UTF-16.
        let utf16_letters = match bytes {
            [a, 0, c, 0, ..] | [0, a, 0, c, ..] => *a != 0 && *c != 0,
            _ => false,
        };
        if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") || utf16_letters {
            sink.error(file, 1, None, None, "file is UTF-16 (save it as CSV UTF-8)");
            return None;
        }
        if bytes.trim_ascii().is_empty() {
            sink.error(
                file,
                1,
                None,
                None,
                "file is empty: a header row is required",
            );
            return None;
        }
        if bytes.starts_with(b"PK\x03\x04") {
            let message = "file is a workbook (.xlsx) or another zip archive, not CSV: give the CSV file (for a plan, assignments.csv), or save the sheet as CSV UTF-8";
            sink.error(file, 1, None, None, message);
            return None;
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if let Err(e) = std::str::from_utf8(bytes) {
            let line = 1 + line_ends(&bytes[..e.valid_up_to()], 0);
            sink.error(
                file,
                line,
                None,
                None,
                "file is not valid UTF-8 (save it as CSV UTF-8)",
            );
            return None;
        }
        let delimiter = sniff_delimiter(bytes);
        // Rows of separators alone above the header (a spreadsheet's empty
        // first rows saved as CSV) are blank lines, as in a workbook.
        let cleaned = without_separator_rows_above(bytes, delimiter);
        let bytes: &[u8] = &cleaned;
        if let Some(line) = unclosed_quote(bytes, delimiter) {
            sink.error(
                file,
                line,
                None,
                None,
                "a quote (\") opened on this line is never closed",
            );
            return None;
        }
        // The header is the first line that is not blank (a workbook's
        // rows keep their numbers, so a table may start further down).
        let header_line = first_line_not_blank(bytes);
        let mut reader = ReaderBuilder::new()
            .delimiter(delimiter)
            .trim(Trim::All)
            .flexible(true)
            .from_reader(bytes);
        let header = match reader.headers() {
            Ok(h) => cleaned_record(h.clone()),
            Err(e) => {
                sink.error(
                    file,
                    header_line,
                    None,
                    None,
                    format!("unreadable header: {e}"),
                );
                return None;
            }
        };
        if header.len() > MAX_COLUMNS {
            let message = format!(
                "the header has {} columns, above the limit of {MAX_COLUMNS}",
                header.len()
            );
            sink.error(file, header_line, None, None, message);
            return None;
        }
        if let Some(message) = bad_cells(&header) {
            sink.error(file, header_line, None, None, message);
            return None;
        }
        if header.len() == 1 && schema.required.len() > 1 {
            let message = format!(
                "the header is one column ('{}'): separate the columns with ',' ';' or a tab",
                header.get(0).unwrap_or_default()
            );
            sink.error(file, header_line, None, None, message);
            return None;
        }
        let columns = check_header(file, header_line, &header, sink, schema)?;
        // Line numbers counted from the record's first byte: the reader's
        // own count is one short in files with CRLF line ends (a record
        // starts there after the CR, before the LF).
        let mut lines = LineCount::default();
        let mut records = Vec::new();
        let mut malformed = Vec::new();
        let mut lines_seen = 0;
        for result in reader.records() {
            match result {
                Ok(rec) => {
                    let rec = cleaned_record(rec);
                    let line = lines.at(bytes, rec.position());
                    if let Some(message) = bad_cells(&rec) {
                        sink.error(file, line, None, None, message);
                        return None;
                    }
                    let stray = (!from_workbook)
                        .then(|| rows_in_a_cell(&rec, &header, delimiter, line))
                        .flatten();
                    if let Some(message) = stray {
                        sink.error(file, line, None, None, message);
                        return None;
                    }
                    if rec.iter().all(str::is_empty) {
                        continue; // blank line, or a spreadsheet's trailing empty row
                    }
                    lines_seen += 1;
                    let short_allowed = schema.short_rows
                        && rec.len() < header.len()
                        && schema
                            .required
                            .iter()
                            .all(|r| columns.get(*r).is_some_and(|&i| i < rec.len()));
                    // The header's unnamed columns at its end (a
                    // spreadsheet's trailing separators) are not read: a
                    // row may leave them out.
                    let named =
                        header.len() - header.iter().rev().take_while(|c| c.is_empty()).count();
                    let unnamed_left_out = (named..header.len()).contains(&rec.len()) && named > 0;
                    if rec.len() != header.len() && !short_allowed && !unnamed_left_out {
                        // `  "Smith, J"` with spaces before its quote is not
                        // a quoted cell: its comma splits it.
                        let hint = if rec.iter().any(|c| c.starts_with('"') || c.ends_with('"')) {
                            " (a cell with spaces before its opening quote is not read as quoted, so a separator inside it splits it: remove the spaces)"
                        } else {
                            ""
                        };
                        let msg = format!(
                            "{} fields, the header has {}{hint}",
                            rec.len(),
                            header.len()
                        );
                        sink.error(file, line, None, None, msg);
                        malformed.push(rec);
                        continue;
                    }
                    records.push((line, rec));
                }
                Err(e) => {
                    let line = lines.at(bytes, e.position());
                    sink.error(file, line, None, None, format!("malformed CSV: {e}"));
                    return None;
                }
            }
        }
        let unnamed: Vec<String> = (0..header.len())
            .filter(|&i| header.get(i).is_some_and(str::is_empty))
            .filter(|&i| {
                records
                    .iter()
                    .any(|(_, r)| r.get(i).is_some_and(|c| !c.is_empty()))
            })
            .map(|i| (i + 1).to_string())
            .collect();
        if !unnamed.is_empty() {
            sink.warnings.push(format!(
                "{file}: ignoring the cells of column(s) {}: no name in the header",
                unnamed.join(", ")
            ));
        }
        Some(Table {
            file: file.to_string(),
            columns,
            records,
            malformed,
            decimal_comma: delimiter != b',',
            lines_seen,
        })
    }

    /// Records an error if the file has a header but no data rows; `false`
    /// then.
    pub fn require_rows(&self, sink: &mut Sink, what: &str) -> bool {
        if self.lines_seen == 0 {
            let message =
                format!("the file has a header but no rows: at least one {what} is needed");
            sink.error(&self.file, 2, None, None, message);
        }
        self.lines_seen > 0
    }

    /// For each row refused for its number of fields, its cell in
    /// `column`, where it has that cell and the cell is not empty.
    pub fn malformed_cells<'t>(&'t self, column: &str) -> impl Iterator<Item = Option<&'t str>> {
        let i = self.columns.get(column).copied();
        self.malformed.iter().map(move |r| {
            i.and_then(|i| r.get(i))
                .filter(|c| !c.is_empty())
                .map(unneutralize)
        })
    }

    /// The rows, in file order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().map(move |(line, record)| Row {
            table: self,
            line: *line,
            record,
        })
    }
}

/// The line where a quote opens that is never closed, if any. As in CSV,
/// a quote opens a cell only as its first character (`O"Brien` is
/// text), and `""` inside a quoted cell is an escaped quote.
fn unclosed_quote(bytes: &[u8], delimiter: u8) -> Option<u64> {
    let (mut quoted, mut line, mut opened, mut at_start) = (false, 1u64, 0u64, true);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && at_start {
            quoted = true;
            opened = line;
        }
        if ends_line(bytes, i) {
            line += 1;
        }
        at_start = !quoted && (b == delimiter || b == b'\n' || b == b'\r');
        i += 1;
    }
    quoted.then_some(opened)
}

/// Why a record's cells cannot be read as data: one above
/// [`MAX_CELL_BYTES`], or a NUL byte (a binary or UTF-16 file).
fn bad_cells(record: &StringRecord) -> Option<String> {
    for (i, cell) in record.iter().enumerate() {
        if cell.len() > MAX_CELL_BYTES {
            return Some(format!(
                "field {} is {} KB, above the limit of {} KB for one cell",
                i + 1,
                cell.len().div_ceil(1024),
                MAX_CELL_BYTES / 1024
            ));
        }
        if cell.contains('\0') {
            return Some(format!(
                "field {} holds a NUL byte: is this a binary or UTF-16 file? (save it as CSV UTF-8)",
                i + 1
            ));
        }
    }
    None
}

/// Characters that show as nothing: a zero-width space, joiner or
/// non-joiner, a word joiner, and a byte-order mark inside the file (two
/// files pasted together).
const INVISIBLE: [char; 5] = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'];

/// `record` with each cell in Unicode's composed form (NFC: `ê` as one
/// character, as most keyboards type it, where some systems write `e`
/// and a combining `^`, which compare different though they look the
/// same), and trimmed of spaces and invisible characters around it.
fn cleaned_record(record: StringRecord) -> StringRecord {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    let trim = |c: char| c.is_whitespace() || INVISIBLE.contains(&c);
    let clean = |cell: &str| {
        is_nfc_quick(cell.chars()) == IsNormalized::Yes
            && cell.trim_matches(trim).len() == cell.len()
    };
    if record.iter().all(clean) {
        return record;
    }
    let mut out = StringRecord::with_capacity(record.as_slice().len(), record.len());
    for cell in record.iter() {
        let composed: String = cell.nfc().collect();
        out.push_field(composed.trim_matches(trim));
    }
    if let Some(position) = record.position() {
        out.set_position(Some(position.clone()));
    }
    out
}

/// A quoted cell whose lines after the first read as rows of their own
/// (they hold a row's separators, one spared for an unnamed last column
/// of the header): a stray quote that opened
/// a cell and took the rows below into it, until the next quote. A quoted
/// cell may hold line breaks (a spreadsheet's cell typed on two lines),
/// not rows: read as one cell, those officers would be lost unseen.
fn rows_in_a_cell(
    record: &StringRecord,
    header: &StringRecord,
    delimiter: u8,
    line: u64,
) -> Option<String> {
    let enough = header.len().saturating_sub(2).max(2);
    let mut breaks_before = 0;
    for (i, cell) in record.iter().enumerate() {
        if !cell.contains('\n') {
            continue;
        }
        let lines: Vec<&str> = cell.split('\n').collect();
        let row_like = lines[1..]
            .iter()
            .any(|l| l.bytes().filter(|&b| b == delimiter).count() >= enough);
        if row_like {
            let column = header
                .get(i)
                .filter(|c| !c.is_empty())
                .map_or_else(|| format!("field {}", i + 1), |c| format!("column {c}"));
            let first = line + breaks_before;
            let last = first + lines.len() as u64 - 1;
            return Some(format!(
                "the cell of {column} opens with a quote (\") on line {first} and closes only on line {last}, taking the rows between into one cell: is the quote a stray one? (a quoted cell may hold line breaks, not rows)"
            ));
        }
        breaks_before += lines.len() as u64 - 1;
    }
    None
}

/// The number of the first line holding anything: the header's, since
/// the reader skips the blank lines above it.
fn first_line_not_blank(bytes: &[u8]) -> u64 {
    let mut line = 1;
    let mut rest = bytes;
    loop {
        rest = match rest {
            [b'\r', b'\n', tail @ ..] | [b'\n', tail @ ..] | [b'\r', tail @ ..] => tail,
            _ => return line,
        };
        line += 1;
    }
}

fn check_header(
    file: &str,
    line: u64,
    header: &StringRecord,
    sink: &mut Sink,
    schema: &Schema,
) -> Option<HashMap<String, usize>> {
    let mut columns = HashMap::new();
    let mut unknown = Vec::new();
    let before = sink.errors.len();
    for (i, name) in header.iter().enumerate() {
        // A column with no name (a spreadsheet's trailing separator):
        // not read; its cells, if any, are warned about once read.
        if name.is_empty() {
            continue;
        }
        let key = name.to_ascii_lowercase();
        if columns.insert(key.clone(), i).is_some() {
            sink.error(
                file,
                line,
                Some((i + 1, name)),
                None,
                "column appears twice in the header",
            );
        }
        if !schema.required.contains(&key.as_str()) && !schema.optional.contains(&key.as_str()) {
            unknown.push(name.to_string());
        }
    }
    // A column misspelt is read as absent: its values would be lost
    // without a word (every board score 0, every exclusion dropped).
    let absent: Vec<&str> = schema
        .required
        .iter()
        .chain(schema.optional)
        .copied()
        .filter(|c| !columns.contains_key(*c))
        .collect();
    let meant = |name: &str| absent.iter().copied().find(|c| near(name, c));
    // One name and empty cells beside it: a title above the table.
    let named: Vec<&str> = header.iter().filter(|n| !n.is_empty()).collect();
    let known = |name: &str| {
        let name = name.to_ascii_lowercase();
        schema.required.contains(&name.as_str()) || schema.optional.contains(&name.as_str())
    };
    if header.len() > 1
        && named.len() <= 1
        && !named.iter().any(|n| known(n))
        && !schema.required.iter().all(|r| columns.contains_key(*r))
    {
        let title = named.first().copied().unwrap_or_default();
        sink.error(
            file,
            line,
            None,
            None,
            format!("the first row is not a header ('{title}' and empty cells): is it a title? The column names must be the first row"),
        );
        return None;
    }
    for req in schema.required {
        if !columns.contains_key(*req) {
            let hint = unknown
                .iter()
                .find(|u| near(u, req))
                .map_or(String::new(), |u| {
                    format!(": is '{u}' meant to be '{req}'?")
                });
            let msg = format!(
                "missing required column '{req}'{hint} (header has: {})",
                header
                    .iter()
                    .filter(|n| !n.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            sink.error(file, line, None, None, msg);
        }
    }
    // One letter off (or only case and separators): an error. Two letters
    // off a long name may be a column of the file's own (`included` beside
    // `excluded`): a warning that names the column it may mean.
    let mut maybe = Vec::new();
    if !schema.short_rows {
        for (i, name) in header.iter().enumerate() {
            match meant(name) {
                Some(c) if unknown.iter().any(|u| u == name) && !schema.required.contains(&c) => {
                    if near_within(name, c, 1) {
                        sink.error(
                            file,
                            line,
                            Some((i + 1, name)),
                            None,
                            format!("unknown column: did you mean '{c}'? (as written, the column is ignored and its values lost)"),
                        );
                    } else {
                        maybe.push(format!(
                            "{name} (did you mean '{c}'? as written its values are ignored)"
                        ));
                    }
                }
                _ => {}
            }
        }
        unknown.retain(|u| meant(u).is_none());
    }
    unknown.extend(maybe);
    if !unknown.is_empty() {
        sink.warnings.push(format!(
            "{file}: ignoring unknown column(s): {}",
            unknown.join(", ")
        ));
    }
    (sink.errors.len() == before).then_some(columns)
}

/// Whether a column name in a header is close enough to a known one to be
/// a misspelling of it: the same but for case, spaces, `-` and `_`, or
/// one letter off (two for names of eight letters or more).
pub(crate) fn near(written: &str, known: &str) -> bool {
    let allowed = if known.chars().count() >= 8 { 2 } else { 1 };
    near_within(written, known, allowed)
}

/// Whether `written` is `known` but for case, spaces, `-` and `_`, and at
/// most `letters` letters.
fn near_within(written: &str, known: &str, letters: usize) -> bool {
    let plain = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (plain(written), plain(known));
    a == b || edit_distance(&a, &b) <= letters
}

/// Levenshtein distance (insertions, deletions, substitutions).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// One data row of a [`Table`].
pub struct Row<'a> {
    table: &'a Table,
    /// 1-based line where the row starts.
    pub line: u64,
    record: &'a StringRecord,
}

impl<'a> Row<'a> {
    /// The file name used in messages.
    pub fn file(&self) -> &str {
        &self.table.file
    }

    /// The trimmed cell, `""` if the column is absent; a cell our exports
    /// neutralized against formula injection (`'=…`) reads back as
    /// written before (`=…`).
    pub fn text(&self, column: &str) -> &'a str {
        let cell = self
            .table
            .columns
            .get(column)
            .and_then(|&i| self.record.get(i))
            .unwrap_or("");
        unneutralize(cell)
    }

    /// `text` with a decimal comma read as a point (`0,35` → `0.35`) when
    /// the file is `;`- or tab-delimited; otherwise unchanged.
    pub fn decimal(&self, text: &'a str) -> Cow<'a, str> {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
        match unsigned.split_once(',') {
            Some((whole, frac))
                if self.table.decimal_comma
                    && (whole.is_empty() || digits(whole))
                    && digits(frac) =>
            {
                Cow::Owned(text.replacen(',', ".", 1))
            }
            _ => Cow::Borrowed(text),
        }
    }

    /// Records an error on this row's `column`.
    pub fn error(&self, sink: &mut Sink, column: &str, message: impl Into<String>) {
        let col = self.table.columns.get(column).map(|&i| (i + 1, column));
        let value = Some(self.text(column)).filter(|v| !v.is_empty());
        sink.error(&self.table.file, self.line, col, value, message);
    }

    /// A required cell: an error if empty.
    pub fn required(&self, sink: &mut Sink, column: &str) -> Option<&'a str> {
        let text = self.text(column);
        if text.is_empty() {
            self.error(sink, column, "a value is required");
            return None;
        }
        Some(text)
    }

    /// An optional cell parsed by `parse`; `None` if empty or malformed
    /// (malformed cells are recorded with `expected`).
    pub fn parse<T>(
        &self,
        sink: &mut Sink,
        column: &str,
        expected: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let text = self.text(column);
        if text.is_empty() {
            return None;
        }
        let value = parse(&self.decimal(text));
        if value.is_none() {
            self.error(sink, column, format!("expected {expected}"));
        }
        value
    }

    /// An optional share `0..=1`; a percentage written as such (`35`) is
    /// told how to write it.
    pub fn share(&self, sink: &mut Sink, column: &str) -> Option<f64> {
        let text = self.text(column);
        let number = text.strip_suffix('%').unwrap_or(text).trim();
        let percent = percent_hint(&self.decimal(number), text.ends_with('%'));
        let expected = format!("{TARGET_SHARE_EXPECTED}{percent}");
        self.parse(sink, column, &expected, parse_target_share)
    }

    /// A list of skills (`investigation;human_rights`), each as
    /// [`skill_key`] names it; a comma between skills is an error, not
    /// part of one skill's name.
    pub fn skills(&self, sink: &mut Sink, column: &str) -> Vec<String> {
        let text = self.text(column);
        if text.contains(',') {
            self.error(
                sink,
                column,
                "expected skills separated by ';', e.g. investigation;human_rights".to_string(),
            );
            return Vec::new();
        }
        list(text).map(skill_key).collect()
    }

    /// A required cell parsed by `parse`.
    pub fn parse_required<T>(
        &self,
        sink: &mut Sink,
        column: &str,
        expected: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        self.required(sink, column)?;
        self.parse(sink, column, expected, parse)
    }
}

/// Characters that make a spreadsheet read a cell as a formula (OWASP).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell made safe to open in a spreadsheet: one starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'` so it shows as
/// text and never runs as a formula (OWASP's advice for CSV injection);
/// numbers such as `-3` or `+1` are left as they are.
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(FORMULA_STARTS);
    if risky && !cell.parse::<f64>().is_ok_and(f64::is_finite) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The inverse of [`neutralize`] on reading.
pub fn unneutralize(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// A whole number ≥ 0.
pub fn parse_count(text: &str) -> Option<u32> {
    text.parse().ok()
}

/// The range a whole-number column takes: wide enough for any real
/// program, narrow enough that no sum of them overflows.
#[derive(Debug, Clone, Copy)]
pub struct Whole {
    /// The least value.
    pub min: u32,
    /// The largest value.
    pub max: u32,
    /// What a cell out of range is told it should be.
    pub expected: &'static str,
    /// The same for a scenario, which may also move the value by `+N` or
    /// `-N`, `N` at most `max`.
    pub amount: &'static str,
}

/// A [`Whole`] from `min` to `max`, its messages written from the two.
macro_rules! whole {
    ($min:literal, $max:literal) => {
        Whole {
            min: $min,
            max: $max,
            expected: concat!("a whole number from ", $min, " to ", $max),
            amount: concat!(
                "a whole number from ",
                $min,
                " to ",
                $max,
                ", or +N / -N with N at most ",
                $max
            ),
        }
    };
}
pub(crate) use whole;

impl Whole {
    /// `text` as a whole number in range.
    pub fn parse(&self, text: &str) -> Option<u32> {
        parse_count(text).filter(|n| (self.min..=self.max).contains(n))
    }
}

/// A tour's or a mission's months.
pub const MONTHS: Whole = whole!(1, 1200);
/// A service's sworn officers.
pub const SWORN: Whole = whole!(0, 1_000_000);
/// Officers a service can release, or has away.
pub const OFFICERS: Whole = whole!(0, 100_000);
/// A position's seats, or a mission's limit per service.
pub const SEATS: Whole = whole!(1, 10_000);
/// Years of service.
pub const YEARS: Whole = whole!(0, 100);

/// `bytes` with the separators of the rows holding nothing else above the
/// first row with content taken out, their line ends kept (so every line
/// keeps its number).
fn without_separator_rows_above(bytes: &[u8], delimiter: u8) -> Cow<'_, [u8]> {
    let mut kept = Vec::new();
    let mut rest = bytes;
    let mut changed = false;
    while !rest.is_empty() {
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| i + 1);
        let line = &rest[..end];
        if !line
            .iter()
            .all(|&b| b == delimiter || b.is_ascii_whitespace())
        {
            break;
        }
        changed |= line.contains(&delimiter);
        kept.extend(line.iter().filter(|&&b| b == b'\n' || b == b'\r'));
        rest = &rest[end..];
    }
    if !changed {
        return Cow::Borrowed(bytes);
    }
    kept.extend_from_slice(rest);
    Cow::Owned(kept)
}

/// A finite number.
pub fn parse_number(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// ` (ids are case-sensitive: did you mean 'X'?)` when `id` matches one
/// of `known` but for case; empty otherwise.
pub fn case_hint<'a>(id: &str, mut known: impl Iterator<Item = &'a str>) -> String {
    let folded = id.to_lowercase();
    known
        .find(|k| k.to_lowercase() == folded)
        .map(did_you_mean)
        .unwrap_or_default()
}

/// ` (a percentage? 30 % is written 0.3)` for a share written as a
/// percentage (`number` without its `%`; `percent_sign` when it had one),
/// or nothing.
pub fn percent_hint(number: &str, percent_sign: bool) -> String {
    parse_number(number)
        .filter(|x| (2.0..=100.0).contains(x) || (percent_sign && *x > 0.0 && *x <= 100.0))
        .map_or(String::new(), |x| {
            format!(" (a percentage? {x} % is written {})", x / 100.0)
        })
}

/// ` (ids are case-sensitive: did you mean 'X'?)`.
pub fn did_you_mean(id: &str) -> String {
    format!(" (ids are case-sensitive: did you mean '{id}'?)")
}

/// What a `priority` cell expects.
pub const PRIORITY_EXPECTED: &str = "a number from 0.01 to 100 with at most two decimals";

/// A position's `priority`: from 0.01 to 100, at most two decimals. Fill
/// weighs seats by it and is proven exactly; priorities a million times
/// apart would sit within the solver's tolerances, so the range is kept
/// to a factor of 10,000.
pub fn parse_priority(text: &str) -> Option<f64> {
    parse_number(text).filter(|&p| (0.01..=100.0).contains(&p) && crate::solve::on_grid(p, 0.01))
}

/// A share in `0..=1`.
pub fn parse_share(text: &str) -> Option<f64> {
    parse_number(text).filter(|x| (0.0..=1.0).contains(x))
}

/// What a target share cell expects.
pub const TARGET_SHARE_EXPECTED: &str = "a share between 0 and 1 with at most three decimals";

/// A mission's target share (`min_women_share`, `min_language_share`): in
/// `0..=1`, at most three decimals (33.3 % is 0.333). Balance is proven on
/// the grid of the shares, and a finer share would let a plan a
/// millionth of an officer further from the targets pass as the best.
pub fn parse_target_share(text: &str) -> Option<f64> {
    parse_share(text)
        .filter(|&x| crate::solve::on_grid(x, 0.001))
        .map(|x| (x * 1000.0).round() / 1000.0)
}

/// What a boolean cell expects, every spelling named.
pub const BOOL_EXPECTED: &str = "yes or no (or true/false, y/n, 1/0, oui/non, vrai/faux)";

/// What a score cell expects.
pub const SCORE_EXPECTED: &str = "a score between 0 and 100 with at most two decimals";

/// A score in `0..=100`, with at most two decimals: the levels are proven
/// on the grid of their values, and finer scores would let a plan a few
/// ten-thousandths of a point worse pass as the best.
pub fn parse_score(text: &str) -> Option<f64> {
    parse_number(text).filter(|&x| (0.0..=100.0).contains(&x) && crate::solve::on_grid(x, 0.01))
}

/// `yes/no`, `true/false`, `y/n`, `1/0`, any case; in French too
/// (`oui/non`, and `VRAI/FAUX` as a French-locale spreadsheet saves a
/// checkbox).
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "yes" | "true" | "y" | "1" | "oui" | "vrai" => Some(true),
        "no" | "false" | "n" | "0" | "non" | "faux" => Some(false),
        _ => None,
    }
}

/// The items of a `;`-separated list, trimmed, empty items dropped.
pub fn list(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// A skill's name as the engine compares it, as ranks are read: in lower
/// case, with spaces, hyphens and underscores alike (`Human-Rights`,
/// `human rights` and `human_rights` are one skill).
pub fn skill_key(text: &str) -> String {
    text.split([' ', '-', '_'])
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_line_is_the_first_not_blank() {
        assert_eq!(first_line_not_blank(b"a,b\n"), 1);
        assert_eq!(first_line_not_blank(b"\n\r\n\na,b\n"), 4);
        assert_eq!(first_line_not_blank(b""), 1);
    }

    #[test]
    fn booleans_in_any_case() {
        for t in ["yes", "TRUE", "Y", "1", "Oui", "VRAI"] {
            assert_eq!(parse_bool(t), Some(true), "{t}");
        }
        for f in ["No", "false", "n", "0", "NON", "Faux"] {
            assert_eq!(parse_bool(f), Some(false), "{f}");
        }
        assert_eq!(parse_bool("maybe"), None);
    }

    #[test]
    fn numbers_reject_nan_infinity_and_range() {
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_share("1.5"), None);
        assert_eq!(parse_share("0.25"), Some(0.25));
        assert_eq!(parse_target_share("0.333"), Some(0.333));
        assert_eq!(parse_target_share("0.3333"), None);
        assert_eq!(parse_target_share("0.250001"), None);
        assert_eq!(parse_share("0.250001"), Some(0.250001));
        assert_eq!(parse_score("101"), None);
        assert_eq!(parse_score("87.25"), Some(87.25));
        assert_eq!(parse_score("87.256"), None);
        assert_eq!(parse_count("-1"), None);
    }

    #[test]
    fn the_delimiter_is_read_from_the_header() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1;2;3"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n1,2,3"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"a;b\",c\n"), b',');
        assert_eq!(sniff_delimiter(b"single\n"), b',');
    }

    #[test]
    fn semicolon_files_take_decimal_commas() {
        let mut sink = Sink::default();
        let schema = Schema {
            short_rows: false,
            required: &["id", "share", "list"],
            optional: &[],
        };
        let bytes = "id;share;list\nx;0,35;\"a;b\"\ny;1,000,5;c\n";
        let table = Table::parse("t.csv", bytes.as_bytes(), &mut sink, &schema).unwrap();
        let rows: Vec<Row> = table.rows().collect();
        assert_eq!(
            rows[0].parse(&mut sink, "share", "a share", parse_share),
            Some(0.35)
        );
        assert_eq!(list(rows[0].text("list")).collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(rows[1].decimal("1,000,5"), "1,000,5", "not a decimal comma");
        let comma = Table::parse(
            "t.csv",
            b"id,share\nx,\"0,35\"\n",
            &mut sink,
            &Schema {
                short_rows: false,
                required: &["id", "share"],
                optional: &[],
            },
        )
        .unwrap();
        let row = comma.rows().next().unwrap();
        assert_eq!(row.parse(&mut sink, "share", "a share", parse_share), None);
    }

    #[test]
    fn quotes_open_only_at_the_start_of_a_cell() {
        assert_eq!(unclosed_quote(b"a,b\nx,O\"Brien\n", b','), None);
        assert_eq!(unclosed_quote(b"a,b\nx,\"y \"\"q\"\" z\"\n", b','), None);
        assert_eq!(unclosed_quote(b"a,b\nx,\"multi\nline\"\n", b','), None);
        assert_eq!(unclosed_quote(b"a,b\nx,\"open\ny,z\n", b','), Some(2));
        assert_eq!(unclosed_quote(b"a;b\nx;\"open\n", b';'), Some(2));
    }

    #[test]
    fn formulas_are_neutralized_and_read_back() {
        for (cell, written) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+cmd", "'+cmd"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("-30", "-30"),
            ("+1", "+1"),
            ("Tessa", "Tessa"),
            ("'quoted", "'quoted"),
        ] {
            assert_eq!(neutralize(cell), written, "{cell:?}");
            assert_eq!(unneutralize(&neutralize(cell)), cell, "{cell:?}");
        }
    }

    #[test]
    fn lists_trim_and_skip_empty_items() {
        assert_eq!(list(" a ; b;;c ").collect::<Vec<_>>(), ["a", "b", "c"]);
    }
}
