//! Replacing an output folder, or one file, atomically: written beside it,
//! swapped in by renames once whole, and a folder refused when it holds
//! anything but this tool's own outputs.

use super::OUTPUT_FILES;
use crate::error::{Error, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// Writes `files` into a temporary sibling of `out`, then swaps it in.
pub fn replace_folder(out: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    check_output_folder(out, &[])?;
    replace_folder_with(out, files)
}

/// Refuses an output folder that this run may not replace: a file, or a
/// folder holding anything but missionmatch outputs (the data folder, a
/// board's own files) and the files named in `also` (a report this run
/// writes into the folder). A folder that does not exist yet is fine.
pub fn check_output_folder(out: &Path, also: &[&str]) -> Result<()> {
    refuse_a_file(out, "the outputs")?;
    if out.exists() {
        check_ours(out, also)?;
    }
    Ok(())
}

/// The error for an output folder this run may not replace, and why.
fn refused(out: &Path, why: impl Into<String>) -> Error {
    Error::io(
        "refusing to replace",
        out,
        std::io::Error::other(why.into()),
    )
}

/// Refuses `--out` naming a file: `what` is written to a folder.
fn refuse_a_file(out: &Path, what: &str) -> Result<()> {
    if out.exists() && !out.is_dir() {
        return Err(refused(
            out,
            format!("it is a file: --out names the folder {what} are written to"),
        ));
    }
    Ok(())
}

/// [`replace_folder`] for a folder the caller has checked is its own
/// (letters, whose file names are the officers').
pub fn replace_folder_with(out: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    replace_folder_by(out, |tmp| write_files(tmp, files))
}

/// Writes `files` (names relative to `folder`, subfolders created) into
/// `folder`, each synced.
pub fn write_files(folder: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    for (file, bytes) in files {
        let path = folder.join(file);
        {
            // An interrupt removes the temporary folder: not while a file
            // is being written into it.
            let _writing = crate::interrupt::Writing::enter();
            if let Some(parent) = path.parent().filter(|p| *p != folder) {
                fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
            }
            fs::write(&path, bytes).map_err(|e| Error::io("writing", &path, e))?;
            fs::File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(|e| Error::io("syncing", &path, e))?;
        }
        #[cfg(feature = "fault-injection")]
        write_delay_for_tests();
    }
    Ok(())
}

/// Replaces the folder `out` as a whole: `write` fills a temporary sibling,
/// which is then swapped in, so `out` is its previous version or the new
/// one, never a mix.
pub fn replace_folder_by(out: &Path, write: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    // A link to a folder (`current` → `plan-2027`): the folder it points
    // to is replaced, and the link stays.
    let linked;
    let out = match out.is_symlink().then(|| fs::canonicalize(out)) {
        Some(Ok(target)) => {
            linked = target;
            linked.as_path()
        }
        Some(Err(e)) => return Err(Error::io("following the link", out, e)),
        None => out,
    };
    if out.file_name().is_none() || out.ends_with(".") {
        return Err(refused(
            out,
            "it names a folder by '.' or '..', which cannot be replaced as a whole: name the output folder (--out plan)",
        ));
    }
    // However it is spelled (`../here`, an absolute path), the folder the
    // command runs in is not swapped away from under it.
    let here = std::env::current_dir().ok().and_then(|d| resolved(&d));
    if let (Some(here), Some(target)) = (here, resolved(out)) {
        if here.starts_with(&target) {
            return Err(refused(
                out,
                "it is the folder this command runs in, or holds it, which cannot be replaced as a whole: name the output folder (--out plan)",
            ));
        }
    }
    let tmp = sibling(out, "tmp")?;
    let old = sibling(out, "old")?;
    let _ = fs::remove_dir_all(&tmp);
    let _tmp_guard = crate::interrupt::Temporary::new(&tmp);
    let _old_guard = crate::interrupt::Temporary::new(&old);
    let result = (|| {
        {
            let _writing = crate::interrupt::Writing::enter();
            // Named as the user gave it, not by the temporary beside it.
            fs::create_dir(&tmp).map_err(|e| Error::io("creating", out, e))?;
        }
        write(&tmp)?;
        // From here an interrupt waits until the swap is done (or undone).
        let _critical = crate::interrupt::Critical::enter();
        if out.exists() {
            fs::rename(out, &old).map_err(|e| Error::io("moving aside", out, e))?;
        }
        let swapped = fs::rename(&tmp, out).map_err(|e| Error::io("renaming into", out, e));
        if swapped.is_err() && old.exists() && !out.exists() {
            let _ = fs::rename(&old, out);
        }
        swapped
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
        return result;
    }
    if let Err(e) = fs::remove_dir_all(&old).or_else(|e| match old.exists() {
        true => Err(e),
        false => Ok(()),
    }) {
        eprintln!(
            "warning: the new outputs are in {}; the previous ones, moved aside to {}, could not be removed ({e}): remove that folder by hand",
            out.display(),
            old.display()
        );
    }
    Ok(())
}

/// The name of `file` when it lies directly in the folder `out` (a report
/// written into the output folder), so that it is written with the
/// folder, not beside it.
fn name_inside(file: &Path, out: &Path) -> Option<String> {
    if resolved(parent_of(file))? != resolved(out)? {
        return None;
    }
    file.file_name().map(|n| n.to_string_lossy().into_owned())
}

/// Whether `file` lies in a subfolder of `out` (`o/sub/report.html`),
/// however either is written.
fn lies_below(file: &Path, out: &Path) -> bool {
    match (resolved(parent_of(file)), resolved(out)) {
        (Some(parent), Some(out)) => parent != out && parent.starts_with(&out),
        _ => false,
    }
}

/// The folder `file` lies in (`.` for a bare name).
fn parent_of(file: &Path) -> &Path {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// `path` as one absolute name, the same however it is written
/// (`o/../o`, a link): its longest existing part with links resolved, the
/// rest with `.` and `..` taken lexically.
fn resolved(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let parts: Vec<_> = absolute.components().collect();
    let (mut base, rest) = (0..=parts.len()).rev().find_map(|n| {
        let prefix: PathBuf = parts[..n].iter().collect();
        fs::canonicalize(prefix)
            .ok()
            .map(|base| (base, &parts[n..]))
    })?;
    for part in rest {
        match part {
            std::path::Component::ParentDir => {
                base.pop();
            }
            std::path::Component::Normal(name) => base.push(name),
            _ => {}
        }
    }
    Some(base)
}

/// Refuses to replace a what-if folder (`whatif --out`) unless it holds
/// only what an earlier run wrote there: whatif.csv and folders of
/// outputs. Any other file (the data folder's, a note) is refused by name.
pub fn check_whatif_folder(out: &Path, also: &[&str]) -> Result<()> {
    refuse_a_file(out, "the what-if outputs")?;
    if !out.exists() {
        return Ok(());
    }
    let entries = fs::read_dir(out).map_err(|e| Error::io("reading", out, e))?;
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_dir() {
            check_ours(&path, &[])?;
        } else if entry.file_name() != "whatif.csv"
            && !also.contains(&entry.file_name().to_string_lossy().as_ref())
        {
            return Err(refused(
                out,
                format!(
                    "the folder holds files that are not whatif outputs ({}); choose an empty or new --out folder",
                    path.display()
                ),
            ));
        }
    }
    Ok(())
}

/// Fault injection for the interrupt tests, compiled in only with the
/// `fault-injection` feature (which the tests turn on, never a release
/// build): with `MISSIONMATCH_TEST_WRITE_DELAY_MS` set, each output file
/// written waits that long, so a test can interrupt a run while it writes.
#[cfg(feature = "fault-injection")]
fn write_delay_for_tests() {
    if let Some(ms) = std::env::var("MISSIONMATCH_TEST_WRITE_DELAY_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// `.NAME.KIND-PID` beside `path` (its folder created if needed): where a
/// new output is written before it is renamed into place.
fn sibling(path: &Path, kind: &str) -> Result<PathBuf> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    Ok(parent.join(format!(".{name}.{kind}-{}", std::process::id())))
}

/// Writes one file atomically: a temporary sibling, synced, then renamed
/// over `path`, so a reader sees the old file or the new one, never half.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    stage_file(path, bytes)?.commit()
}

/// A file written and synced beside its place, not yet renamed into it:
/// [`Staged::commit`] does; dropped uncommitted, it is removed. A run
/// that writes a folder and a file stages the file first, so that a file
/// it cannot write stops the run before the folder is replaced.
pub struct Staged {
    tmp: PathBuf,
    path: PathBuf,
    /// Folders created for the file, deepest first: removed again (when
    /// still empty) if the file is not committed.
    created: Vec<PathBuf>,
    committed: bool,
    _guard: crate::interrupt::Temporary,
}

/// Writes `bytes` beside `path` (see [`Staged`]).
pub fn stage_file(path: &Path, bytes: &[u8]) -> Result<Staged> {
    // A folder in the file's place would only be found by the rename, after
    // other files of the same save were written: refused before anything is.
    if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(Error::io(
            "writing",
            path,
            std::io::Error::from(std::io::ErrorKind::IsADirectory),
        ));
    }
    let created: Vec<PathBuf> = path
        .ancestors()
        .skip(1)
        .filter(|p| !p.as_os_str().is_empty())
        .take_while(|p| !p.exists())
        .map(Path::to_path_buf)
        .collect();
    let tmp = sibling(path, "tmp")?;
    let staged = Staged {
        _guard: crate::interrupt::Temporary::new(&tmp),
        tmp,
        path: path.to_path_buf(),
        created,
        committed: false,
    };
    {
        let _writing = crate::interrupt::Writing::enter();
        // Named as the user gave it, not by the temporary beside it.
        fs::write(&staged.tmp, bytes).map_err(|e| Error::io("writing", path, e))?;
        fs::File::open(&staged.tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io("syncing", path, e))?;
    }
    Ok(staged)
}

impl Staged {
    /// Renames the file into its place.
    pub fn commit(mut self) -> Result<()> {
        let _critical = crate::interrupt::Critical::enter();
        fs::rename(&self.tmp, &self.path).map_err(|e| Error::io("renaming into", &self.path, e))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let _ = fs::remove_file(&self.tmp);
        // A run stopped before the commit leaves no empty folder behind
        // (`remove_dir` removes only empty ones).
        for folder in &self.created {
            let _ = fs::remove_dir(folder);
        }
    }
}

/// The report a run writes (`--report`), if any: inside its output folder
/// it is written with the folder ([`PendingReport::take_inside`]);
/// elsewhere it is staged beside its place now and renamed into it once
/// the outputs are ([`PendingReport::commit`]), so a report that cannot be
/// written stops the run before the outputs are replaced.
pub struct PendingReport {
    inside: Option<(String, Vec<u8>)>,
    beside: Option<Staged>,
}

/// Refuses a report (`--report`) in a subfolder of the output folder
/// `out`, which each run replaces as a whole. Checked before the run
/// solves anything, and again when the report is placed.
pub fn check_report_place(path: Option<&Path>, out: &Path) -> Result<()> {
    let refuse = |path: &Path, why: String| {
        Err(Error::io(
            "refusing to write the report",
            path,
            std::io::Error::other(why),
        ))
    };
    match path {
        Some(path) if lies_below(path, out) => refuse(
            path,
            format!(
                "it lies in a subfolder of the output folder {}, which each run replaces as a whole: write it into that folder itself or outside it",
                out.display()
            ),
        ),
        Some(path) if resolved(path).is_some() && resolved(path) == resolved(out) => refuse(
            path,
            "--report names the output folder itself: give the report a file name (out/report.html, say)".into(),
        ),
        Some(path) if path.is_dir() => refuse(
            path,
            "it is a folder: --report names the HTML file to write".into(),
        ),
        Some(path) if path.exists() && !is_a_report(path) => refuse(
            path,
            "the file is there and is not a report this program wrote (an input file, or a file of your own), so it is not replaced: give another --report, or remove the file".into(),
        ),
        _ => Ok(()),
    }
}

/// The mark in the head of every HTML report, by which a report of an
/// earlier run may be replaced.
pub const REPORT_MARK: &str = r#"<meta name="generator" content="missionmatch">"#;

/// Whether the file at `path` is a report this program wrote: its head
/// holds [`REPORT_MARK`] (or, for reports written before the mark, the
/// program's name as its title's start).
fn is_a_report(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let read = fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head));
    let head = String::from_utf8_lossy(&head);
    read.is_ok()
        && head.starts_with("<!DOCTYPE html>")
        && (head.contains(REPORT_MARK) || head.contains("<title>missionmatch"))
}

/// Renders the report (`html`, called only when there is a `path`) and
/// places it for an output folder `out` (see [`PendingReport`]).
pub fn stage_report(
    path: Option<&Path>,
    out: &Path,
    html: impl FnOnce() -> String,
) -> Result<PendingReport> {
    let mut report = PendingReport {
        inside: None,
        beside: None,
    };
    check_report_place(path, out)?;
    if let Some(path) = path {
        let html = html();
        match name_inside(path, out) {
            Some(name) => report.inside = Some((name, html.into_bytes())),
            None => report.beside = Some(stage_file(path, html.as_bytes())?),
        }
    }
    Ok(report)
}

impl PendingReport {
    /// The report as a file of the output folder, when it lies there.
    pub fn take_inside(&mut self) -> Option<(String, Vec<u8>)> {
        self.inside.take()
    }

    /// Renames a report staged beside its place into it.
    pub fn commit(self) -> Result<()> {
        self.beside.map_or(Ok(()), Staged::commit)
    }
}

/// Refuses to replace a letters folder (`letters --out`) unless it holds
/// only what an earlier run wrote there: letters.csv, letters.html and
/// the letters letters.csv lists. A file in its place, or any other file
/// (a log the board keeps beside the letters, say), is refused by name.
pub fn check_letters_folder(out: &Path) -> Result<()> {
    refuse_a_file(out, "the letters")?;
    if !out.exists() {
        return Ok(());
    }
    let mut ours: std::collections::HashSet<String> =
        ["letters.csv", "letters.html"].map(String::from).into();
    if let Ok(bytes) = fs::read(out.join("letters.csv")) {
        for delimiter in [b',', b';', b'\t'] {
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .flexible(true)
                .from_reader(&bytes[..]);
            let column = reader.headers().ok().and_then(|h| {
                h.iter()
                    .position(|c| c.trim_start_matches('\u{feff}') == "letter")
            });
            if let Some(column) = column {
                ours.extend(
                    reader
                        .records()
                        .filter_map(|r| r.ok())
                        .filter_map(|r| r.get(column).map(String::from)),
                );
                break;
            }
        }
    }
    let entries = fs::read_dir(out).map_err(|e| Error::io("reading", out, e))?;
    let foreign: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            !(e.path().is_file() && ours.contains(e.file_name().to_string_lossy().as_ref()))
        })
        .map(|e| e.path().display().to_string())
        .collect();
    if foreign.is_empty() {
        return Ok(());
    }
    Err(refused(
        out,
        format!(
            "the folder holds files that are not letters of an earlier run ({}); choose an empty or new --out folder",
            first_few(&foreign)
        ),
    ))
}

/// The first three names, and how many more: `a, b, c and 6 more`.
pub fn first_few(names: &[String]) -> String {
    let shown = names[..names.len().min(3)].join(", ");
    match names.len() {
        n if n > 3 => format!("{shown} and {} more", n - 3),
        _ => shown,
    }
}

/// Refuses to replace a folder that holds anything but our outputs (and
/// the files named in `also`).
fn check_ours(out: &Path, also: &[&str]) -> Result<()> {
    let entries = fs::read_dir(out).map_err(|e| Error::io("reading", out, e))?;
    let foreign: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            !OUTPUT_FILES.contains(&name.as_ref()) && !also.contains(&name.as_ref())
        })
        .map(|e| e.path())
        .collect();
    if foreign.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = foreign
        .iter()
        .take(3)
        .map(|p| p.display().to_string())
        .collect();
    Err(refused(
        out,
        format!(
            "the folder holds files that are not missionmatch outputs ({}); choose an empty or new --out folder",
            list.join(", ")
        ),
    ))
}
