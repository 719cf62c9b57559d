//! Command-line definitions (clap) and their translation into library options.

use clap::{Args, Parser, Subcommand};
use missionmatch::io::{InputPaths, LoadOptions};
use missionmatch::solve::SolveOptions;
use std::path::PathBuf;

/// Selects police officers for international peace operations.
#[derive(Parser, Debug)]
#[command(name = "missionmatch", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Solve the match and write the plan (default data: ./data, output: ./out)
    #[command(after_help = "Example:\n  missionmatch match --data data --out out")]
    Match(MatchArgs),
    /// Check the input files only: every error, every warning, eligible candidates per position
    #[command(
        after_help = "Examples:\n  missionmatch validate --data data\n  missionmatch validate --data data --json"
    )]
    Validate(ValidateArgs),
    /// Check a plan CSV against every rule and constraint
    #[command(
        after_help = "Example:\n  missionmatch verify --data data --plan out/assignments.csv"
    )]
    Verify(VerifyArgs),
    /// Why an officer is or is not placed anywhere, or why a position's seats are (not) filled
    #[command(
        after_help = "Examples:\n  missionmatch explain --officer CPA-0042\n  missionmatch explain --position MINUSCA/investigator\n  missionmatch explain --officer CPA-0042 --plan out/assignments.csv"
    )]
    Explain(ExplainArgs),
    /// The best alternatives for a seat, each with what choosing it would cost at every level
    #[command(after_help = "Example:\n  missionmatch recommend UNMISS/team_leader --top 5")]
    Recommend(RecommendArgs),
    /// Write a decision letter for every candidate (one printable HTML file with a page each, one file per officer, and a mail-merge CSV), in English or French
    #[command(
        after_help = "Examples:\n  missionmatch letters --out letters\n  missionmatch letters --lang fr --out lettres\n  missionmatch letters --plan out/assignments.csv --out letters"
    )]
    Letters(LettersArgs),
    /// Open a board session in the browser: look at the plan, ask why, try a change and see what it costs, accept or undo, save
    #[command(
        after_help = "Examples:\n  missionmatch serve\n  missionmatch serve --data board-2027 --lang fr\n  missionmatch serve --addr 0.0.0.0:8080   (other machines: an access token is printed)"
    )]
    Serve(ServeArgs),
    /// Solve the baseline and every scenario of a scenario file, in parallel, and compare them
    #[command(
        after_help = "Examples:\n  missionmatch whatif --scenarios scenarios.csv --out whatif\n  missionmatch whatif --sweep 'mission:*:min_women_share=0:0.5:0.05' --out women-curve\n  missionmatch whatif --scenarios scenarios.csv --gap 0.5 --out whatif\n\nScenario file: scenario,target,id,field,value — e.g. toronto+5,service,TPS,max_deployed,+5"
    )]
    Whatif(WhatifArgs),
    /// Write a synthetic data folder of a chosen size and seed
    #[command(
        after_help = "Examples:\n  missionmatch generate --preset M --seed 1 --out gen/M1\n  missionmatch generate --officers 800 --missions 12 --seed 7 --out gen/custom\n  missionmatch generate --officers 300 --missions 8 --time --seed 2 --out gen/dated"
    )]
    Generate(GenerateArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    #[command(
        after_help = "Examples:\n  missionmatch completions bash > ~/.local/share/bash-completion/completions/missionmatch\n  missionmatch completions zsh > ~/.zfunc/_missionmatch\n  missionmatch completions fish > ~/.config/fish/completions/missionmatch.fish"
    )]
    Completions(CompletionsArgs),
}

impl Command {
    /// Whether the command was asked for JSON on stdout (`--json`).
    pub fn json(&self) -> bool {
        match self {
            Command::Match(a) => a.json,
            Command::Whatif(a) => a.json,
            Command::Validate(a) => a.json,
            Command::Verify(a) => a.json,
            _ => false,
        }
    }
}

/// `completions`
#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// How CSV outputs are written.
#[derive(Args, Debug, Clone)]
pub struct CsvArgs {
    /// Delimiter of the CSV files written: ',' (default), ';' (French-locale spreadsheets: decimal numbers then get a decimal comma, 0,35) or 'tab'. Inputs are read with the delimiter their header uses.
    #[arg(long, default_value = ",", value_parser = parse_delimiter)]
    pub delimiter: u8,
    /// Start every CSV file written with a UTF-8 byte-order mark, so spreadsheet programs show accented names correctly
    #[arg(long)]
    pub bom: bool,
}

impl CsvArgs {
    /// The export style.
    pub fn style(&self) -> missionmatch::io::export::CsvStyle {
        missionmatch::io::export::CsvStyle {
            delimiter: self.delimiter,
            bom: self.bom,
        }
    }
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "," => Ok(b','),
        ";" => Ok(b';'),
        "tab" | "\t" | "\\t" => Ok(b'\t'),
        _ => Err(format!("'{s}' is not a delimiter: use ',', ';' or tab")),
    }
}

/// Where the input files are.
#[derive(Args, Debug, Clone)]
pub struct DataArgs {
    /// Folder with services.csv, missions.csv, positions.csv, officers.csv and optionally scores.csv, pins.csv, deployments.csv (each may be an .xlsx workbook instead), or one .xlsx workbook with a sheet per file
    #[arg(long, default_value = "data")]
    pub data: PathBuf,
    /// services.csv (overrides the one in --data)
    #[arg(long)]
    pub services: Option<PathBuf>,
    /// missions.csv (overrides the one in --data)
    #[arg(long)]
    pub missions: Option<PathBuf>,
    /// positions.csv (overrides the one in --data)
    #[arg(long)]
    pub positions: Option<PathBuf>,
    /// officers.csv (overrides the one in --data)
    #[arg(long)]
    pub officers: Option<PathBuf>,
    /// scores.csv (overrides the one in --data)
    #[arg(long)]
    pub scores: Option<PathBuf>,
    /// pins.csv (overrides the one in --data)
    #[arg(long)]
    pub pins: Option<PathBuf>,
    /// deployments.csv: officers away or committed, with return dates (overrides the one in --data)
    #[arg(long)]
    pub deployments: Option<PathBuf>,
    /// Months an officer stays home after a tour (after last_return in officers.csv, or their return in deployments.csv) before the next tour may start, 0 to 1200
    #[arg(long, default_value_t = 0, value_parser = whole::<u32>(0, 1200))]
    pub cooldown_months: u32,
    /// Plan the rotations: every seat an officer of deployments.csv holds is filled again when they come home, and again after that, until a tour would start after this date (YYYY-MM-DD); the new seats are named ROLE@START
    #[arg(long, value_parser = parse_date, allow_hyphen_values = true)]
    pub rotations_until: Option<missionmatch::model::Date>,
    /// Days a successor arrives before the officer they replace comes home (both count as away during the handover), 0 to 365
    #[arg(long, default_value_t = 14, value_parser = whole::<u32>(0, 365))]
    pub overlap_days: u32,
    /// Share of sworn officers a service can release when max_deployed is empty
    #[arg(long, default_value_t = 0.01, value_parser = parse_share)]
    pub release_share: f64,
    /// Language of what a person reads: the text printed, the HTML report, the letters (en or fr; default: from the environment's locale, English otherwise). CSV and JSON files stay as they are, in every language
    #[arg(long, value_parser = ["en", "fr"])]
    pub lang: Option<String>,
    /// Threads for our own parallel work, 1 to 256 (the solver always uses one, so results never depend on this)
    #[arg(long, value_parser = whole::<u16>(1, 256))]
    pub threads: Option<u16>,
    /// Show the solver's log and more detail
    #[arg(long, short, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Print errors only
    #[arg(long, short)]
    pub quiet: bool,
}

impl DataArgs {
    /// The language asked for with `--lang`, else the environment's.
    pub fn lang(&self) -> missionmatch::lang::Lang {
        missionmatch::lang::Lang::chosen(self.lang.as_deref())
    }

    /// The files to read.
    pub fn paths(&self) -> InputPaths {
        let mut p = InputPaths::in_dir(&self.data);
        let set = |slot: &mut PathBuf, given: &Option<PathBuf>| {
            if let Some(g) = given {
                *slot = g.clone();
            }
        };
        set(&mut p.services, &self.services);
        set(&mut p.missions, &self.missions);
        set(&mut p.positions, &self.positions);
        set(&mut p.officers, &self.officers);
        if self.scores.is_some() {
            p.scores = self.scores.clone();
        }
        if self.pins.is_some() {
            p.pins = self.pins.clone();
        }
        if self.deployments.is_some() {
            p.deployments = self.deployments.clone();
        }
        p
    }

    /// These arguments with their load options replaced by `options`.
    pub fn with_load_options(&self, options: LoadOptions) -> DataArgs {
        DataArgs {
            release_share: options.release_share,
            cooldown_months: options.cooldown_months,
            rotations_until: options.rotations_until,
            overlap_days: options.overlap_days,
            ..self.clone()
        }
    }

    /// Load options.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            release_share: self.release_share,
            cooldown_months: self.cooldown_months,
            rotations_until: self.rotations_until,
            overlap_days: self.overlap_days,
        }
    }
}

/// `match`
#[derive(Args, Debug)]
pub struct MatchArgs {
    /// Input files and common options.
    #[command(flatten)]
    pub data: DataArgs,
    /// Output folder (replaced atomically; must hold only missionmatch outputs)
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Stop the solver after this many seconds and keep the best plan found (reported with its gap)
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds, allow_negative_numbers = true)]
    pub time_limit: Option<f64>,
    /// Settle the quality level once its plan is proven within this percentage of the best possible plan (e.g. 0.1), instead of proving it the best: fill and balance are still proven optimal, and the same files give the same plan on every run unless --time-limit strikes first (status within_gap, exit code 0)
    #[arg(long, value_name = "PERCENT", value_parser = parse_gap, allow_negative_numbers = true)]
    pub gap: Option<f64>,
    /// For each service the plan leaves no room (at capacity, or releasing nobody), re-solve with its limit raised by one and report what one more released officer would bring: seats, fill, shortfall and quality (one exact re-solve per such service, with --previous a re-plan keeping the most of the same earlier plan; one stopped by --time-limit or a Ctrl-C, or measured against a match it stopped, is marked)
    #[arg(long)]
    pub capacity_value: bool,
    /// Also write passed_over_pairs.csv: every position where an officer placed nowhere was passed over for someone with a lower score (passed_over.csv has one row per officer)
    #[arg(long)]
    pub passed_over_pairs: bool,
    /// Officers on each position's standby list in alternates.csv: the eligible officers the plan places nowhere, those no limit blocks first, each part best first by score plus preference points (0 to 1,000,000)
    #[arg(long, default_value_t = 5, value_name = "N", value_parser = whole::<usize>(0, 1_000_000))]
    pub alternates: usize,
    /// In alternates.csv, the exact cost at every level of calling up each standby officer (one exact re-solve per officer listed, in parallel; as `recommend` computes it; one stopped by --time-limit or a Ctrl-C is marked). Not with --previous: a re-plan keeps the earlier plan before quality, and a call-up's cost is measured among the plans best on quality
    #[arg(long, conflicts_with = "previous")]
    pub alternates_cost: bool,
    /// Do not write plan.xlsx (the CSV files as one workbook: a sheet per file, numbers and dates as typed cells)
    #[arg(long)]
    pub no_workbook: bool,
    /// Re-plan with the fewest changes to this plan (an earlier assignments.csv): adds the Keep level and writes changes.csv
    #[arg(long)]
    pub previous: Option<PathBuf>,
    /// Also write a self-contained HTML report (charts, funnel, passed-over list, audit trail) to this file
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Print summary.json on stdout instead of the text summary
    #[arg(long)]
    pub json: bool,
    /// How CSV files are written.
    #[command(flatten)]
    pub csv: CsvArgs,
}

impl MatchArgs {
    /// Solver options of the re-solves (`--capacity-value`,
    /// `--alternates-cost`), which prove every level; one a time limit
    /// stops is polished, as the match it is measured against.
    pub fn solve_options(&self) -> SolveOptions {
        SolveOptions {
            time_limit: self.time_limit,
            verbose: self.data.verbose,
            ..SolveOptions::polished()
        }
    }

    /// Solver options of the match itself: with `--gap`, Quality settles
    /// within it.
    pub fn match_options(&self) -> SolveOptions {
        SolveOptions {
            quality_gap: self.gap.map(|percent| percent / 100.0),
            ..self.solve_options()
        }
    }
}

/// `explain`
#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("subject").required(true).args(["officer", "position"])))]
pub struct ExplainArgs {
    /// Input files and common options.
    #[command(flatten)]
    pub data: DataArgs,
    /// The officer to explain (officer_id)
    #[arg(long, allow_hyphen_values = true)]
    pub officer: Option<String>,
    /// The position to explain, as MISSION/ROLE
    #[arg(long, allow_hyphen_values = true)]
    pub position: Option<String>,
    /// Explain this plan (an assignments.csv, e.g. one the board edited) instead of solving the data; costs are then measured against it (beside its match's summary.json, that match's --release-share, --cooldown-months, --rotations-until and --overlap-days are used unless given)
    #[arg(long)]
    pub plan: Option<PathBuf>,
    /// Stop each solve (the match, unless --plan is given, and each re-solve with a decision forced) after this many seconds; an answer from a stopped solve says which level it stopped in and shows that level's cost "at worst" (exit code 3)
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds, allow_negative_numbers = true)]
    pub time_limit: Option<f64>,
}

/// `serve`
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Input files and common options.
    #[command(flatten)]
    pub data: DataArgs,
    /// Address to listen on; only this machine by default (any other address needs the access token printed at start)
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Output folder the session's Save writes, as match --out (pins.csv and session.csv go to the data folder)
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Stop each solve (the data's plan, each decision tried, each page's re-solves) after this many seconds; pages then say which plans and costs are not proven
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds, allow_negative_numbers = true)]
    pub time_limit: Option<f64>,
    /// Close a connection that takes longer than this to send a request's headers, or a form's body, or that sends nothing for this long between requests
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0, value_parser = parse_timeout)]
    pub request_timeout: f64,
    /// How CSV files are written.
    #[command(flatten)]
    pub csv: CsvArgs,
}

/// `letters`
#[derive(Args, Debug)]
pub struct LettersArgs {
    /// Input files and common options.
    #[command(flatten)]
    pub data: DataArgs,
    /// Output folder: letters.html (every letter, a page each), OFFICER_ID.html per officer, letters.csv (mail merge)
    #[arg(long, default_value = "letters")]
    pub out: PathBuf,
    /// Write the letters for this plan (an assignments.csv, e.g. the one the board approved) instead of solving the data (beside its match's summary.json, that match's --release-share, --cooldown-months, --rotations-until and --overlap-days are used unless given)
    #[arg(long)]
    pub plan: Option<PathBuf>,
    /// Officers on each position's standby list, as match --alternates: a letter names the lists its officer is on (0 to 1,000,000)
    #[arg(long, default_value_t = 5, value_name = "N", value_parser = whole::<usize>(0, 1_000_000))]
    pub alternates: usize,
    /// Without --plan: stop the match after this many seconds and write the letters of its best plan (exit code 3 when not proven optimal; send letters from a plan the board approved)
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds, allow_negative_numbers = true)]
    pub time_limit: Option<f64>,
    /// How letters.csv (the mail merge) is written.
    #[command(flatten)]
    pub csv: CsvArgs,
}

/// `whatif`
#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("what").required(true).multiple(true).args(["scenarios", "sweep"])))]
pub struct WhatifArgs {
    /// Input files and common options.
    #[command(flatten)]
    pub data: DataArgs,
    /// The scenario file (scenario,target,id,field,value)
    #[arg(long)]
    pub scenarios: Option<PathBuf>,
    /// Sweep one parameter: TARGET:ID:FIELD=FROM:TO:STEP, e.g. mission:*:min_women_share=0:0.5:0.05 (one scenario per value)
    #[arg(long)]
    pub sweep: Option<String>,
    /// Output folder: whatif.csv and one folder per scenario solved or stopped (baseline included)
    #[arg(long, default_value = "whatif")]
    pub out: PathBuf,
    /// Stop each solve (the baseline and every scenario) after this many seconds with its best plan (status time_limit, exit code 3)
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds, allow_negative_numbers = true)]
    pub time_limit: Option<f64>,
    /// Settle each solve's quality level within this percentage of its best possible plan (e.g. 0.5) instead of proving it the best: fill and balance are still proven optimal, and each scenario's plan is, among the plans proven within the gap, the one closest to the baseline's, and among those the best (status within_gap or optimal, exit code 0). Differences in quality smaller than the gap may come from the gap, not the scenario
    #[arg(long, value_name = "PERCENT", value_parser = parse_gap, allow_negative_numbers = true)]
    pub gap: Option<f64>,
    /// Also write a self-contained HTML report (scenarios side by side, sweep curves) to this file
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Print the comparison as JSON on stdout (one object per scenario) instead of the table
    #[arg(long)]
    pub json: bool,
    /// How CSV files are written.
    #[command(flatten)]
    pub csv: CsvArgs,
}

/// `recommend`
#[derive(Args, Debug)]
pub struct RecommendArgs {
    /// Input files and common options.
    #[command(flatten)]
    pub data: DataArgs,
    /// The seat, as MISSION/ROLE
    #[arg(required_unless_present = "position_flag")]
    pub position: Option<String>,
    /// The seat, as explain takes it (the same as the argument above)
    #[arg(
        long = "position",
        value_name = "MISSION/ROLE",
        conflicts_with = "position",
        allow_hyphen_values = true
    )]
    pub position_flag: Option<String>,
    /// How many alternatives, 0 to 1,000,000 (0: only how many eligible officers are not placed here)
    #[arg(long, default_value_t = 10, value_parser = whole::<u32>(0, 1_000_000))]
    pub top: u32,
    /// Stop each solve (the match, and each re-solve with an alternative forced in) after this many seconds; an answer from a stopped solve says which level it stopped in and shows that level's cost "at worst" (exit code 3)
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds, allow_negative_numbers = true)]
    pub time_limit: Option<f64>,
}

impl RecommendArgs {
    /// The seat, given as the argument or with `--position`.
    pub fn position(&self) -> &str {
        self.position
            .as_deref()
            .or(self.position_flag.as_deref())
            .unwrap_or_default()
    }
}

/// `validate`
#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// Input files and common options.
    #[command(flatten)]
    pub data: DataArgs,
    /// Print the counts, warnings and eligible candidates per position as JSON on stdout
    #[arg(long)]
    pub json: bool,
}

/// `verify`
#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// Input files and common options.
    #[command(flatten)]
    pub data: DataArgs,
    /// The plan to check (officer_id, mission_id, role columns); beside the summary.json of the match that wrote it, that match's --release-share, --cooldown-months, --rotations-until and --overlap-days are used unless given
    #[arg(long, default_value = "out/assignments.csv")]
    pub plan: PathBuf,
    /// Print the violations and level values as JSON on stdout
    #[arg(long)]
    pub json: bool,
}

/// `generate`
#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// S (300 officers / 5 missions), M (2,500 / 50), L (20,000 / 150) or XL (100,000 / 400)
    #[arg(long, value_parser = ["S", "M", "L", "XL", "s", "m", "l", "xl"])]
    pub preset: Option<String>,
    /// Number of officers (without --preset), 1 to 1,000,000
    #[arg(long, default_value_t = 300, value_parser = whole::<u32>(1, 1_000_000), conflicts_with = "preset")]
    pub officers: u32,
    /// Number of missions (without --preset), 1 to 10,000
    #[arg(long, default_value_t = 5, value_parser = whole::<u32>(1, 10_000), conflicts_with = "preset")]
    pub missions: u32,
    /// Random seed: the same seed writes the same files (a whole number, 0 or more)
    #[arg(long, default_value_t = 1, value_parser = whole::<u64>(0, u64::MAX))]
    pub seed: u64,
    /// Date the folder: positions with tours of their own (starts over 18 months from 2027-01-01, 6, 9 or 12 months), officers away returning over 2027 (deployments.csv, some in seats --rotations-until fills again), last_return for about one officer in ten. Every other value is the one the same seed writes without --time
    #[arg(long)]
    pub time: bool,
    /// Services that release far more officers than the seats: most release 2 % of their sworn strength, about one in four has a cap of 1 to 3 (on M and larger every seat is filled; on small pools eligibility and those caps leave some empty). Without it the folder is scarce, as in a deployment program: at once, the services can release officers for about 25 to 60 % of the seats (drawn per seed; tours at different dates let a match fill from about a quarter of them on small pools to 95 %), the largest services are the tightest, some mission scores have a decimal, and about one officer in 125 is pinned (pins.csv)
    #[arg(long)]
    pub ample: bool,
    /// Missions whose gender and language targets the pool cannot meet everywhere at once: women shares of 30 to 50 % from a pool of 8 to 20 % women, French-speaking missions asking three officers in four to speak French, and French concentrated in Quebec's and New Brunswick's services. Without it, women shares are 0 to 30 % from a pool about a quarter women, French-speaking missions ask for half, French is spread evenly, and a match often meets every target
    #[arg(long)]
    pub tight_targets: bool,
    /// Folder to write
    #[arg(long)]
    pub out: PathBuf,
    /// Print errors only
    #[arg(long, short)]
    pub quiet: bool,
    /// How CSV files are written.
    #[command(flatten)]
    pub csv: CsvArgs,
}

fn parse_share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("'{s}' is not a share between 0 and 1")),
    }
}

/// A number of seconds, 0 or more (`--time-limit`).
fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!(
            "'{s}' is not a number of seconds, 0 or more (e.g. 60)"
        )),
    }
}

/// Seconds above 0 and at most a day (`serve --request-timeout`).
fn parse_timeout(s: &str) -> Result<f64, String> {
    match parse_seconds(s) {
        Ok(x) if x > 0.0 && x <= 86_400.0 => Ok(x),
        _ => Err(format!(
            "'{s}' is not a number of seconds above 0 and at most 86400 (e.g. 30)"
        )),
    }
}

/// A percentage above 0 and below 100 (`--gap`).
fn parse_gap(s: &str) -> Result<f64, String> {
    match s.trim_end_matches('%').parse::<f64>() {
        Ok(x) if x > 0.0 && x < 100.0 => Ok(x),
        _ => Err(format!(
            "'{s}' is not a percentage above 0 and below 100 (e.g. 0.1 for 0.1 %)"
        )),
    }
}

/// A whole number from `lo` to `hi`, said so when it is not ("-1",
/// "2.5" and "ten" get the same message, not the parser's "invalid
/// digit").
fn whole<T>(lo: u64, hi: u64) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static
where
    T: TryFrom<u64> + Clone + Send + Sync + 'static,
{
    move |s: &str| {
        let expected = format!("'{s}' is not a whole number from {lo} to {hi}");
        match s.trim().parse::<u64>() {
            Ok(n) if (lo..=hi).contains(&n) => T::try_from(n).map_err(|_| expected),
            _ => Err(expected),
        }
    }
}

/// A date `YYYY-MM-DD`.
fn parse_date(text: &str) -> Result<missionmatch::model::Date, String> {
    missionmatch::model::Date::parse(text)
        .ok_or_else(|| format!("'{text}' is not a date YYYY-MM-DD"))
}
