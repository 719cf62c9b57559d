//! Spreadsheet workbooks (.xlsx): input files read from a workbook's
//! sheets, and the output files written as one workbook.
//!
//! Reading turns a sheet into the CSV text the loaders read, so a
//! workbook obeys exactly the rules of the CSV files: numbers are written
//! as the CSV files write them, date cells as `YYYY-MM-DD`, booleans as
//! `yes`/`no`. Writing does the reverse for every output file: a sheet
//! per file, a styled and frozen header row with filters, column widths
//! fitted to the contents, printing landscape one page wide with the header
//! on every page, and each cell typed by its column: in a column of
//! numbers a number where the CSV text is a number written back the same
//! way, in a column of dates a date where it is a `YYYY-MM-DD` date, text
//! otherwise (ids, names and reasons always: an officer `1234567890123456`
//! or a mission `2027-06-01` stays as written), so every cell reads back
//! as the CSV has it.

use crate::format::num;
use crate::io::export::{column_kind, ColumnKind};
use crate::io::table::unneutralize;
use crate::io::table::MAX_FILE_BYTES;
use crate::model::Date;
use calamine::{Data, Reader};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

/// The file name of the output workbook.
pub const OUTPUT_WORKBOOK: &str = "plan.xlsx";

/// Widest column the writer fits to its contents, in pixels (about 50
/// characters: long reasons wrap in the cell rather than push the sheet
/// off the screen).
const MAX_WIDTH_PIXELS: u32 = 360;

/// The sheets of a workbook, by name.
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, String> {
    let book = calamine::Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable .xlsx workbook: {e}"))?;
    Ok(book.sheet_names().to_vec())
}

/// Whether `sheet` is the one for `file` (`services.csv`): named
/// `services` or `services.csv`, in any case.
pub fn sheet_is_for(sheet: &str, file: &str) -> bool {
    let stem = file.strip_suffix(".csv").unwrap_or(file);
    let sheet = sheet.trim();
    sheet.eq_ignore_ascii_case(stem) || sheet.eq_ignore_ascii_case(file)
}

/// Cells a sheet may span (rows × columns, empty ones included) before it
/// is refused as too large to be an input file.
const MAX_SHEET_CELLS: usize = 20_000_000;

/// The CSV text of the workbook's sheet for `file` (`services.csv`): the
/// sheet named like it (see [`sheet_is_for`]), or else the workbook's only
/// sheet. Rows keep the spreadsheet's numbers (empty rows above the data
/// are blank lines, which the loaders skip) and columns theirs (a table
/// starting in column C has two empty columns before it).
/// Returned with the name of the sheet read (messages and the audit trail
/// name the sheet as the workbook has it).
pub fn sheet_csv(bytes: &[u8], file: &str) -> Result<(String, Vec<u8>), String> {
    check_unpacked_size(bytes)?;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable .xlsx workbook: {e}"))?;
    let names = book.sheet_names().to_vec();
    let stem = file.strip_suffix(".csv").unwrap_or(file);
    let name = match names.iter().find(|s| sheet_is_for(s, file)) {
        Some(name) => name.clone(),
        None if names.len() == 1 => names[0].clone(),
        None => {
            return Err(format!(
                "the workbook has no sheet named {stem} (its sheets: {})",
                names.join(", ")
            ))
        }
    };
    // The used cells, read one by one (a sheet is never laid out in full
    // before its size is known to be that of a table).
    let mut reader = book
        .worksheet_cells_reader(&name)
        .map_err(|e| format!("sheet {name}: {e}"))?;
    let mut cells: Vec<(u32, u32, String)> = Vec::new();
    let (mut first_row, mut first_col, mut last_row, mut last_col) = (u32::MAX, u32::MAX, 0, 0);
    while let Some(cell) = reader
        .next_cell_with_formula_metadata()
        .map_err(|e| format!("sheet {name}: {e}"))?
    {
        let (r, c) = cell.pos;
        let value = Data::from(cell.value.clone());
        // A formula's value is what the workbook saved with it: an error,
        // or none at all (a workbook a script wrote and no spreadsheet
        // program saved), is not a value the files can be read with.
        let here = || format!("sheet {name}, cell {}{}", column_letters(c), r + 1);
        if let Data::Error(e) = &value {
            return Err(format!(
                "{}: the formula error {e}: give the value, or mend the formula",
                here()
            ));
        }
        if cell.formula.is_some() && matches!(value, Data::Empty) {
            return Err(format!(
                "{}: a formula with no value saved (the workbook was written by a script, or never saved by a spreadsheet program): open and save it in one, or give the value",
                here()
            ));
        }
        let text = cell_text(&value);
        if text.is_empty() {
            continue;
        }
        (first_row, first_col) = (first_row.min(r), first_col.min(c));
        (last_row, last_col) = (last_row.max(r), last_col.max(c));
        let height = (last_row - first_row.min(last_row)) as usize + 1;
        let width = (last_col - first_col.min(last_col)) as usize + 1;
        if height.saturating_mul(width) > MAX_SHEET_CELLS {
            return Err(format!(
                "sheet {name} spans {} rows and {} columns: more than an input file holds (clear the cells outside the table)",
                last_row + 1,
                last_col + 1
            ));
        }
        cells.push((r, c, text));
    }
    if cells.is_empty() {
        return Ok((name, Vec::new()));
    }
    cells.sort_by_key(|&(r, c, _)| (r, c));
    // Columns keep their letters too (empty ones before the table, which
    // the loaders pass over), so a message's column is the sheet's.
    let width = last_col as usize + 1;
    let mut out = vec![b'\n'; first_row as usize];
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut next = cells.into_iter().peekable();
    for r in first_row..=last_row {
        let mut row = vec![String::new(); width];
        while let Some((_, c, text)) = next.next_if(|cell| cell.0 == r) {
            row[c as usize] = text;
        }
        w.write_record(&row).map_err(|e| e.to_string())?;
    }
    out.extend(w.into_inner().map_err(|e| e.to_string())?);
    Ok((name, out))
}

/// A column's letters as a spreadsheet names it (0 is `A`, 26 is `AA`).
fn column_letters(mut c: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Refuses a workbook whose parts unpack to more than an input file may
/// hold (a few megabytes can unpack to gigabytes), by the sizes its
/// directory declares, before anything is unpacked.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), String> {
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(()); // calamine says what is wrong with it
    };
    let unpacked: u64 = (0..archive.len())
        .filter_map(|i| archive.by_index_raw(i).ok().map(|part| part.size()))
        .fold(0, u64::saturating_add);
    if unpacked > MAX_FILE_BYTES {
        return Err(format!(
            "the workbook unpacks to {} MB, above the limit of {} MB for one input file",
            unpacked / 1_000_000,
            MAX_FILE_BYTES / 1_000_000
        ));
    }
    Ok(())
}

/// A cell as the CSV files would write it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => num(*f),
        Data::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        // The date as the workbook shows it (its 1900 or 1904 system).
        Data::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            Date::new(i32::from(y), u32::from(m), u32::from(day))
                .map(|d| d.to_string())
                .unwrap_or_else(|| num(d.as_f64()))
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::Error(e) => e.to_string(),
    }
}

/// One workbook with a sheet per CSV file of `files` (comma-delimited,
/// without byte-order mark), named after the file; a file longer than a
/// sheet holds is named on a `notes` sheet instead. The same files give
/// the same bytes.
pub fn write(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    // A fixed creation time: the same plan gives the same bytes.
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(|e| e.to_string())?;
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title("missionmatch plan"),
    );
    let header = Format::new()
        .set_bold()
        .set_background_color(0xD9E2F3)
        .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut too_long = Vec::new();
    for (file, bytes) in files {
        let Some(stem) = file.strip_suffix(".csv") else {
            continue;
        };
        let records = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes.as_slice())
            .records()
            .count();
        if records > MAX_ROWS {
            too_long.push(format!(
                "{file} has {records} rows, more than a sheet holds ({MAX_ROWS}): open the CSV file"
            ));
            continue;
        }
        let sheet = book.add_worksheet();
        sheet.set_name(stem).map_err(|e| e.to_string())?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes.as_slice());
        let mut rows = 0u32;
        let mut cols = 0u16;
        let mut kinds = Vec::new();
        for (r, record) in reader.records().enumerate() {
            let record = record.map_err(|e| e.to_string())?;
            let r = u32::try_from(r).map_err(|e| e.to_string())?;
            if r == 0 {
                kinds = record.iter().map(column_kind).collect();
            }
            for (c, text) in record.iter().enumerate() {
                let kind = kinds.get(c).copied().unwrap_or(ColumnKind::Text);
                let c = u16::try_from(c).map_err(|e| e.to_string())?;
                cols = cols.max(c + 1);
                // A string cell never runs as a formula: the CSV's guard
                // (a leading ') would only show.
                let text = unneutralize(text);
                let written = if r == 0 {
                    sheet.write_string_with_format(r, c, text, &header)
                } else if let (Some(x), ColumnKind::Decimal | ColumnKind::Count) =
                    (number(text), kind)
                {
                    sheet.write_number(r, c, x)
                } else if let (Some(day), ColumnKind::Date) = (excel_day(text), kind) {
                    sheet.write_datetime_with_format(r, c, &day, &date)
                } else if text.chars().count() > MAX_CELL_CHARS {
                    let cut: String = text.chars().take(MAX_CELL_CHARS - 1).collect();
                    sheet.write_string(r, c, format!("{cut}…"))
                } else if !text.is_empty() {
                    sheet.write_string(r, c, text)
                } else {
                    continue;
                };
                written.map_err(|e| e.to_string())?;
            }
            rows = r + 1;
        }
        sheet.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
        // Printed: landscape, one page wide, the header on every page.
        sheet.set_landscape().set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(0, 0).map_err(|e| e.to_string())?;
        if rows > 0 && cols > 0 {
            sheet
                .autofilter(0, 0, rows - 1, cols - 1)
                .map_err(|e| e.to_string())?;
        }
        sheet.set_autofit_max_width(MAX_WIDTH_PIXELS);
        sheet.autofit();
    }
    if !too_long.is_empty() {
        let sheet = book.add_worksheet();
        sheet.set_name("notes").map_err(|e| e.to_string())?;
        for (r, note) in too_long.iter().enumerate() {
            let r = u32::try_from(r).map_err(|e| e.to_string())?;
            sheet.write_string(r, 0, note).map_err(|e| e.to_string())?;
        }
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}

/// Rows a sheet holds (Excel's limit).
const MAX_ROWS: usize = 1_048_576;

/// Characters a cell holds (Excel's limit).
const MAX_CELL_CHARS: usize = 32_767;

/// A `YYYY-MM-DD` text as an Excel date, when Excel can hold it (1900 to
/// 9999); other texts stay text.
fn excel_day(text: &str) -> Option<ExcelDateTime> {
    let (year, month, day) = Date::parse(text).filter(|_| text.len() == 10)?.ymd();
    if !(1900..=9999).contains(&year) {
        return None;
    }
    ExcelDateTime::from_ymd(year as u16, month as u8, day as u8).ok()
}

/// `text` as a number when the CSV files write that number exactly so
/// (`0123` or `1e3` stay text: a number would read back differently).
fn number(text: &str) -> Option<f64> {
    let x: f64 = text.parse().ok()?;
    (x.is_finite() && num(x) == text).then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workbook whose parts say they unpack to more than an input file
    /// holds is refused before it is unpacked (a few megabytes of zeros
    /// can unpack to gigabytes).
    #[test]
    fn a_workbook_that_unpacks_too_large_is_refused() {
        let book = write(&[("officers.csv".into(), b"officer_id\nO1\n".to_vec())]).unwrap();
        assert_eq!(
            sheet_csv(&book, "officers.csv").unwrap().1,
            b"officer_id\nO1\n"
        );
        // The central directory's uncompressed size (offset 24 of each
        // entry) of the first part, made 600 MB.
        let mut bomb = book.clone();
        let entry = bomb
            .windows(4)
            .position(|w| w == [0x50, 0x4b, 0x01, 0x02])
            .expect("a central directory");
        bomb[entry + 24..entry + 28].copy_from_slice(&600_000_000u32.to_le_bytes());
        let err = sheet_csv(&bomb, "officers.csv").unwrap_err();
        assert!(
            err.starts_with("the workbook unpacks to 600 MB, above the limit of 536 MB"),
            "{err}"
        );
    }

    /// What Excel cannot hold stays readable: a date before 1900 as text,
    /// an over-long cell cut, an id that is not a number written back the
    /// same as text.
    #[test]
    fn cells_excel_cannot_hold_as_they_are_stay_text() {
        let long = "x".repeat(MAX_CELL_CHARS + 10);
        let csv = format!("day,id,note\n1890-03-01,0123,{long}\n2027-01-15,42,short\n");
        let bytes = write(&[("t.csv".to_string(), csv.into_bytes())]).unwrap();
        let back = String::from_utf8(sheet_csv(&bytes, "t.csv").unwrap().1).unwrap();
        let rows: Vec<&str> = back.lines().collect();
        assert!(
            rows[1].starts_with("1890-03-01,0123,xxx"),
            "{}",
            &rows[1][..40]
        );
        assert_eq!(
            rows[1].chars().filter(|&c| c == 'x').count(),
            MAX_CELL_CHARS - 1
        );
        assert_eq!(rows[2], "2027-01-15,42,short");
    }

    /// Cells are typed by their column: ids, roles and names stay text
    /// whatever they read as (a 16-digit id would lose its last digit as a
    /// number, a mission `2027-06-01` would become a date), scores and
    /// counts are numbers, tour dates are dates; the CSV's formula guard
    /// is not carried into a string cell.
    #[test]
    fn cells_are_typed_by_their_column() {
        let csv = "officer_id,mission_id,role,name,start,score,count\n\
                   1234567890123456,2027-06-01,12,-3,2027-01-15,61.5,3\n\
                   '=X1,M1,r,Ann,2027-02-01,70,1\n";
        let bytes = write(&[("t.csv".to_string(), csv.as_bytes().to_vec())]).unwrap();
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("t").unwrap();
        let row = |r: u32| -> Vec<Data> {
            (0..7)
                .map(|c| range.get_value((r, c)).cloned().unwrap_or(Data::Empty))
                .collect()
        };
        let first = row(1);
        for (c, cell) in first.iter().take(4).enumerate() {
            assert!(matches!(cell, Data::String(_)), "column {c}: {cell:?}");
        }
        assert_eq!(first[0], Data::String("1234567890123456".into()));
        assert_eq!(first[1], Data::String("2027-06-01".into()));
        assert!(matches!(first[4], Data::DateTime(_)), "{:?}", first[4]);
        assert_eq!(first[5], Data::Float(61.5));
        assert_eq!(first[6], Data::Float(3.0));
        assert_eq!(row(2)[0], Data::String("=X1".into()));
    }
}
