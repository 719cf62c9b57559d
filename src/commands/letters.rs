//! `letters`: one letter per officer placed or on a standby list, from the
//! data's plan or a plan the board approved.

use super::{exit_code, given_plan, plan_breaks, solved, CmdResult};
use crate::cli::LettersArgs;
use crate::term;
use missionmatch::io::export;
use missionmatch::lang::Msg;
use missionmatch::{explain, Error};

// What the first Ctrl-C says while this command solves (in English,
// as every warning: see docs/languages.md).
const SOFT_STOP_LETTERS: &str = "stopping the solve: the letters are written from the best plan found so far, which is not proven the best (exit code 3; interrupt again to stop without writing anything)";

pub(crate) fn cmd_letters(args: &LettersArgs, given: &dyn Fn(&str) -> bool) -> CmdResult {
    use missionmatch::report::letters;
    // Checked before the solve. The folder is replaced whole, so no
    // letter of an earlier run stays beside the new ones; a folder holding
    // anything else is refused.
    export::check_letters_folder(&args.out)?;
    // The first Ctrl-C during the match stops it with its best plan, as a
    // time limit would; the letters are written from that plan.
    let (matched, spinner) = match &args.plan {
        Some(path) => given_plan(&args.data, path, given)?,
        None => {
            let cancel = missionmatch::solve::Cancel::default();
            let (matched, spinner, _soft_stop) =
                solved(&args.data, args.time_limit, &cancel, SOFT_STOP_LETTERS)?;
            (matched, spinner)
        }
    };
    // Letters go to people: a plan given by hand that breaks a rule or a
    // limit gets none.
    if let Some(path) = &args.plan {
        let inst = &matched.loaded.instance;
        if let Some((count, first)) = plan_breaks(inst, &matched.solution.plan, args.data.lang()) {
            spinner.finish_and_clear();
            return Err(Error::Usage(format!(
                "{} breaks {count} rule(s) or limit(s), so no letter was written (first: {first}); missionmatch verify --plan {} lists them",
                path.display(),
                path.display()
            ))
            .into());
        }
    }
    spinner.set_message("writing the letters");
    let inst = &matched.loaded.instance;
    let lang = args.data.lang();
    let cx = explain::Context::new(inst, &matched.solution.plan, &matched.pairs);
    let all = letters::letters(inst, &matched.solution.plan, &cx, args.alternates);
    let names = letters::file_names(inst, &all);
    let mut files = vec![
        (
            "letters.html".to_string(),
            letters::document(inst, &all, lang).into_bytes(),
        ),
        (
            "letters.csv".to_string(),
            args.csv
                .style()
                .apply(letters::mail_merge(inst, &all, &names, lang)?)?,
        ),
    ];
    for (letter, name) in all.iter().zip(&names) {
        let one = letters::document(inst, std::slice::from_ref(letter), lang);
        files.push((name.clone(), one.into_bytes()));
    }
    // Again just before the swap: a file saved there during the solve.
    export::check_letters_folder(&args.out)?;
    export::replace_folder_with(&args.out, &files)?;
    spinner.finish_and_clear();
    if !args.data.quiet {
        let count = |f: fn(&letters::Outcome) -> bool| all.iter().filter(|l| f(&l.outcome)).count();
        let selected = count(|o| matches!(o, letters::Outcome::Selected { .. }));
        let not_eligible = count(|o| matches!(o, letters::Outcome::NotEligible(_)));
        let line = lang.fill(
            Msg::LettersWrote,
            &[
                ("out", &args.out.display()),
                ("letters", &all.len()),
                ("selected", &selected),
                ("not_selected", &(all.len() - selected - not_eligible)),
                ("not_eligible", &not_eligible),
            ],
        );
        term::print_text(&format!("{line}\n"))?;
    }
    Ok(exit_code(&matched.solution, true))
}
