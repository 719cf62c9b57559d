//! Interrupts (Ctrl-C, SIGTERM, SIGHUP) that never leave outputs half
//! written.
//!
//! While a [`SoftStop`] is held (a command solving: `match`, `whatif`,
//! `letters`, `explain`, `recommend`), the first interrupt only stops the
//! solving, which then ends with its best plan as a time limit would; the
//! run goes on to write it. A second interrupt stops the run as below.
//!
//! Outputs are written into temporary siblings and swapped in by renames
//! ([`crate::io::export`]). The writer registers each temporary path and
//! marks the renames as a *critical section*. On an interrupt the handler
//! removes the temporaries and exits with code 130 — at once if no swap is
//! under way, otherwise as soon as the swap completes — so every output is
//! either its previous version or a complete new one.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, RwLock, RwLockReadGuard};

/// Exit code after an interrupt (128 + SIGINT, the shell convention).
pub const EXIT_INTERRUPTED: i32 = 130;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Something was saved during the run (a `serve` Save): the message on
/// an interrupt then says that what was saved stays.
static SAVED: AtomicBool = AtomicBool::new(false);

/// A `serve` session holds decisions not saved: the first interrupt only
/// warns ([`note_unsaved`]).
static UNSAVED: AtomicBool = AtomicBool::new(false);

/// The warning about unsaved decisions was given since they last changed:
/// the next interrupt stops the run.
static WARNED: AtomicBool = AtomicBool::new(false);

/// Notes that the run saved its outputs once (they stay after an
/// interrupt, as saved).
pub fn note_saved() {
    SAVED.store(true, Ordering::SeqCst);
}

struct State {
    critical: usize,
    temporaries: Vec<PathBuf>,
    /// The solve the first interrupt stops instead of the run, and what
    /// the interrupt then says, while a [`SoftStop`] is held; taken by that
    /// interrupt.
    soft: Option<(crate::solve::Cancel, &'static str)>,
}

static STATE: Mutex<State> = Mutex::new(State {
    critical: 0,
    temporaries: Vec::new(),
    soft: None,
});

/// Held shared while a file is written into a temporary, exclusively by
/// the handler while it removes the temporaries: so that none is removed
/// while a file is being created in it (which would leave it behind).
static WRITING: RwLock<()> = RwLock::new(());

fn state() -> std::sync::MutexGuard<'static, State> {
    STATE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Notes whether a `serve` session holds decisions not saved, each time
/// they change or are saved. While it does, the first interrupt warns
/// instead of ending the session; the next one (with no change between)
/// ends it.
pub fn note_unsaved(unsaved: bool) {
    UNSAVED.store(unsaved, Ordering::SeqCst);
    WARNED.store(false, Ordering::SeqCst);
}

/// Installs the handler (once, by the binary). Library users who do not
/// call it keep the default behaviour of their process.
pub fn install() -> Result<(), String> {
    ctrlc::set_handler(|| {
        let mut state = state();
        if let Some((cancel, said)) = state.soft.take() {
            cancel.cancel();
            eprintln!("\n{said}");
            return;
        }
        if UNSAVED.load(Ordering::SeqCst) && !WARNED.swap(true, Ordering::SeqCst) {
            eprintln!(
                "\nthe board's decisions since the last Save are not saved: press Save in the browser to keep them, or interrupt again to end the session without them"
            );
            return;
        }
        INTERRUPTED.store(true, Ordering::SeqCst);
        if state.critical == 0 {
            stop(state);
        }
        // Otherwise the swap under way finishes and `Critical::drop`
        // stops.
    })
    .map_err(|e| format!("cannot install the interrupt handler: {e}"))
}

/// Whether an interrupt arrived (for loops that can stop early).
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Removes the temporaries, says what was kept, and exits.
fn stop(mut state: std::sync::MutexGuard<'static, State>) -> ! {
    // Waits for the file being written, then holds every writer back
    // until the process exits.
    let _no_writes = WRITING
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    for path in state.temporaries.drain(..) {
        if path.is_dir() {
            let _ = std::fs::remove_dir_all(&path);
        } else {
            let _ = std::fs::remove_file(&path);
        }
    }
    if SAVED.load(Ordering::SeqCst) {
        eprintln!(
            "interrupted: stopped; what was saved stays as saved, every other output as it was (nothing half-written)"
        );
    } else {
        eprintln!(
            "interrupted: stopped; every output folder and file is as it was before this run, or complete from it (nothing half-written)"
        );
    }
    std::process::exit(EXIT_INTERRUPTED)
}

/// A temporary output path, removed on an interrupt while registered.
pub struct Temporary(PathBuf);

impl Temporary {
    /// Registers `path`.
    pub fn new(path: &Path) -> Temporary {
        state().temporaries.push(path.to_path_buf());
        Temporary(path.to_path_buf())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        state().temporaries.retain(|p| p != &self.0);
    }
}

/// While alive, a file is being written into a temporary: an interrupt
/// removes the temporaries only once it is written. Never held while
/// taking [`Temporary`] or [`Critical`] (the handler takes their lock
/// first, then this one).
pub struct Writing(#[allow(dead_code)] RwLockReadGuard<'static, ()>);

impl Writing {
    /// Enters; waits while the handler is removing the temporaries (the
    /// process then exits).
    pub fn enter() -> Writing {
        Writing(
            WRITING
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        )
    }
}

/// While alive, an interrupt waits: the renames that swap outputs in.
pub struct Critical(());

impl Critical {
    /// Enters the critical section.
    pub fn enter() -> Critical {
        state().critical += 1;
        Critical(())
    }
}

impl Drop for Critical {
    fn drop(&mut self) {
        let mut state = state();
        state.critical -= 1;
        if state.critical == 0 && interrupted() {
            stop(state);
        }
    }
}

/// While alive, the first interrupt stops the solves `cancel` watches
/// instead of the run (see the module's documentation). Dropped when
/// the solving ends: an interrupt after it stops the run.
pub struct SoftStop(());

impl SoftStop {
    /// Holds `cancel` as the solving the first interrupt stops; the
    /// interrupt then says `said` (what is kept, and that a second
    /// interrupt stops the run).
    pub fn hold(cancel: &crate::solve::Cancel, said: &'static str) -> SoftStop {
        state().soft = Some((cancel.clone(), said));
        SoftStop(())
    }
}

impl Drop for SoftStop {
    fn drop(&mut self) {
        state().soft = None;
    }
}
