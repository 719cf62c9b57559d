//! Spreadsheet workbooks (.xlsx): input files read from a workbook's
//! sheets, and the output files written as one workbook.
//!
//! Reading turns a sheet into the CSV text the loaders read, so a
//! workbook obeys exactly the rules of the CSV files: numbers are written
//! as the CSV files write them, date cells as `YYYY-MM-DD`, booleans as
//! `yes`/`no`. Writing does the reverse for every output file: a sheet
//! per file, a styled and frozen header row with filters, column widths
//! fitted to the contents, printing landscape one page wide with the header
//! on every page, and each cell typed: a number where the CSV
//! text is a number written back the same way, a date where it is a
//! `YYYY-MM-DD` date, text otherwise, so every cell reads back as the CSV
//! has it.

use crate::format::num;
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
    let book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable workbook: {e}"))?;
    Ok(book.sheet_names().to_vec())
}

/// Whether `sheet` is the one for `file` (`services.csv`): named
/// `services` or `services.csv`, in any case.
pub fn sheet_is_for(sheet: &str, file: &str) -> bool {
    let stem = file.strip_suffix(".csv").unwrap_or(file);
    let sheet = sheet.trim();
    sheet.eq_ignore_ascii_case(stem) || sheet.eq_ignore_ascii_case(file)
}

/// The CSV text of a workbook's sheet: the sheet for `file` (see
/// [`sheet_is_for`]), or the first sheet when `file` is `None`.
pub fn sheet_csv(bytes: &[u8], file: Option<&str>) -> Result<Vec<u8>, String> {
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable workbook: {e}"))?;
    let names = book.sheet_names().to_vec();
    let name = match file {
        None => names.first().cloned(),
        Some(file) => names.iter().find(|s| sheet_is_for(s, file)).cloned(),
    }
    .ok_or_else(|| match file {
        Some(file) => format!(
            "the workbook has no sheet named {} (its sheets: {})",
            file.strip_suffix(".csv").unwrap_or(file),
            names.join(", ")
        ),
        None => "the workbook has no sheet".to_string(),
    })?;
    let range = book
        .worksheet_range(&name)
        .map_err(|e| format!("sheet {name}: {e}"))?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let width = range.width();
    // Rows from the sheet's first row; a sheet starting lower keeps its
    // line numbers (messages name the sheet's own rows).
    for _ in 0..first_row {
        w.write_record(vec![""; width + first_col as usize])
            .map_err(|e| e.to_string())?;
    }
    for row in range.rows() {
        let mut cells: Vec<String> = vec![String::new(); first_col as usize];
        cells.extend(row.iter().map(cell_text));
        w.write_record(&cells).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// A cell as the CSV files would write it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => num(*f),
        Data::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64())
            .map(|d| d.to_string())
            .unwrap_or_else(|| num(d.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// The day of an Excel date serial (days since 1899-12-30).
fn excel_date(serial: f64) -> Option<Date> {
    let base = Date::new(1899, 12, 30)?;
    Some(base.add_days(serial.floor() as i64))
}

/// One workbook with a sheet per CSV file of `files` (comma-delimited,
/// without byte-order mark), named after the file. The same files give the
/// same bytes.
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
    for (file, bytes) in files {
        let Some(stem) = file.strip_suffix(".csv") else {
            continue;
        };
        let sheet = book.add_worksheet();
        sheet.set_name(stem).map_err(|e| e.to_string())?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes.as_slice());
        let mut rows = 0u32;
        let mut cols = 0u16;
        for (r, record) in reader.records().enumerate() {
            let record = record.map_err(|e| e.to_string())?;
            let r = u32::try_from(r).map_err(|e| e.to_string())?;
            for (c, text) in record.iter().enumerate() {
                let c = u16::try_from(c).map_err(|e| e.to_string())?;
                cols = cols.max(c + 1);
                let written = if r == 0 {
                    sheet.write_string_with_format(r, c, text, &header)
                } else if let Some(x) = number(text) {
                    sheet.write_number(r, c, x)
                } else if let Some(d) = Date::parse(text).filter(|_| text.len() == 10) {
                    let (year, month, day) = d.ymd();
                    let day = ExcelDateTime::from_ymd(year as u16, month as u8, day as u8)
                        .map_err(|e| e.to_string())?;
                    sheet.write_datetime_with_format(r, c, &day, &date)
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
    book.save_to_buffer().map_err(|e| e.to_string())
}

/// `text` as a number when the CSV files write that number exactly so
/// (`0123` or `1e3` stay text: a number would read back differently).
fn number(text: &str) -> Option<f64> {
    let x: f64 = text.parse().ok()?;
    (x.is_finite() && num(x) == text).then_some(x)
}
