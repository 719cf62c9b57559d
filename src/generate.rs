//! Synthetic data folders of any size, seeded and deterministic.
//!
//! Distributions follow the shape of a real program: a rank pyramid, about
//! a quarter women, English nearly universal and French for about a third
//! at spread levels, a few other languages, leadership mostly at higher
//! ranks, preferences, some exclusions and availability windows,
//! mission-specific scores, and service capacities. By default a folder is
//! scarce, as a deployment program is: the services cannot release
//! officers for every seat, and some officers are pinned ([`Supply`]).
//! With tight targets ([`Targets::Tight`], `generate --tight-targets`) the
//! missions ask for more women and French speakers than the pool can give
//! everywhere at once.
//!
//! With time ([`generate_with`], `generate --time`) the folder is dated as
//! well: about half the positions have a tour of their own (starts spread
//! over the 18 months from 2027-01-01, tours of 6, 9 or 12 months), about a
//! third of the services have officers away returning over 2027 (rows of
//! deployments.csv, some naming a mission and role of positions.csv so
//! `--rotations-until` fills their seats again, some naming a candidate,
//! a few committed to leave later) and leave `deployed_now` empty, and about
//! one officer in ten has a `last_return`. The dates draw from a generator
//! of their own: every other value is that of the same seed without time.

use crate::error::{Error, Result};
use crate::model::Date;
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;
use std::path::Path;

/// Size and seed of a generated folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GenerateOptions {
    /// Candidates.
    pub officers: usize,
    /// Missions.
    pub missions: usize,
    /// Random seed.
    pub seed: u64,
    /// How the CSV files are written.
    pub csv: crate::io::export::CsvStyle,
    /// Whether the services can release enough officers for every seat.
    pub supply: Supply,
    /// How much the missions' gender and language targets ask of the pool.
    pub targets: Targets,
}

/// How much the generated missions' targets ask of the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Targets {
    /// Women shares of 0, 20, 25 or 30 % and half the officers speaking
    /// French in French-speaking missions, from a pool about a quarter
    /// women with French spread evenly over the services: a match usually
    /// meets every target.
    #[default]
    Reachable,
    /// Missions ask for what the pool cannot give everywhere at once, as
    /// where a program pushes for more women and French speakers than its
    /// services can spare: women shares of 30 to 50 % from a pool of 8 to
    /// 20 % women (Canada's police contingents of 2009–2016 were 10 to 12 %
    /// women), French-speaking missions asking three officers in four to
    /// speak French at the mission's level, and French concentrated where
    /// Canada's French speakers serve (nine officers in ten in Quebec's
    /// services, four in ten in New Brunswick's, one in eight elsewhere).
    Tight,
}

/// How many officers the generated services can release against the
/// seats the missions ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Supply {
    /// As in a deployment program: the services can release fewer officers
    /// than the missions ask for (at once, officers for a share of the
    /// seats drawn between 25 % and 50 %, somewhat more after rounding;
    /// as tours have different dates, a match fills from about a quarter
    /// of them on small pools to 95 %), the largest services are the tightest,
    /// about half the mission-specific scores have a decimal, and about one
    /// officer in 125 is pinned to a seat.
    #[default]
    Scarce,
    /// Most services release 2 % of their sworn strength, far more than
    /// the seats; about one in four has a tight cap of 1 to 3.
    Ample,
}

/// A named size: S, M, L or XL.
pub fn preset(name: &str) -> Option<(usize, usize)> {
    match name.to_ascii_uppercase().as_str() {
        "S" => Some((300, 5)),
        "M" => Some((2_500, 50)),
        "L" => Some((20_000, 150)),
        "XL" => Some((100_000, 400)),
        _ => None,
    }
}

const SERVICES: [(&str, &str, &str, u32); 12] = [
    ("TPS", "Toronto Police Service", "ON", 5774),
    (
        "SPVM",
        "Service de police de la Ville de Montréal",
        "QC",
        4486,
    ),
    ("PRP", "Peel Regional Police", "ON", 1855),
    ("CPS", "Calgary Police Service", "AB", 1989),
    ("YRP", "York Regional Police", "ON", 1425),
    ("EPS", "Edmonton Police Service", "AB", 1582),
    ("WPS", "Winnipeg Police Service", "MB", 1425),
    ("VPD", "Vancouver Police Department", "BC", 1327),
    ("OPS", "Ottawa Police Service", "ON", 1354),
    ("DRPS", "Durham Regional Police Service", "ON", 880),
    ("SPVQ", "Service de police de la Ville de Québec", "QC", 737),
    ("HPS", "Hamilton Police Service", "ON", 813),
];

const MISSIONS: [(&str, &str, &str, &str); 8] = [
    (
        "BINUH",
        "United Nations Integrated Office in Haiti",
        "Haiti",
        "fr",
    ),
    (
        "MINUSCA",
        "UN Multidimensional Integrated Stabilization Mission in the Central African Republic",
        "Central African Republic",
        "fr",
    ),
    (
        "MONUSCO",
        "UN Organization Stabilization Mission in the DR Congo",
        "DR Congo",
        "fr",
    ),
    (
        "UNMISS",
        "United Nations Mission in South Sudan",
        "South Sudan",
        "en",
    ),
    (
        "UNFICYP",
        "United Nations Peacekeeping Force in Cyprus",
        "Cyprus",
        "en",
    ),
    (
        "UNISFA",
        "United Nations Interim Security Force for Abyei",
        "Sudan",
        "en",
    ),
    (
        "UNMIK",
        "United Nations Interim Administration Mission in Kosovo",
        "Kosovo",
        "en",
    ),
    (
        "UNVMC",
        "United Nations Verification Mission in Colombia",
        "Colombia",
        "es",
    ),
];

const ROLES: [(&str, &str, u32, bool); 10] = [
    // role, skill, min rank index, leadership
    ("commissioner", "command", 5, true),
    ("chief_of_staff", "planning", 4, true),
    ("team_leader", "command", 3, true),
    ("investigator", "investigation", 1, false),
    ("trainer", "training", 1, false),
    ("community_policing_advisor", "community_policing", 0, false),
    ("gender_advisor", "gender_based_violence", 1, false),
    ("human_rights_officer", "human_rights", 1, false),
    ("forensics_specialist", "forensics", 1, false),
    ("mentor", "mentoring", 2, false),
];

const PROVINCES: [&str; 8] = ["ON", "QC", "BC", "AB", "MB", "SK", "NS", "NB"];
const RANKS: [&str; 8] = [
    "constable",
    "corporal",
    "sergeant",
    "staff_sergeant",
    "inspector",
    "superintendent",
    "chief_superintendent",
    "executive",
];
const LEVELS: [&str; 6] = ["A1", "A2", "B1", "B2", "C1", "C2"];
/// A first name of `gender` from a draw in `0..24` (24 names were once
/// drawn from one list: the same draw keeps every pool of a seed as it
/// was, names aside).
fn first_name(gender: &str, draw: usize) -> &'static str {
    match gender {
        "F" => FIRST_F[draw % FIRST_F.len()],
        "M" => FIRST_M[draw % FIRST_M.len()],
        _ => FIRST_X[draw % FIRST_X.len()],
    }
}

/// First names by gender (an officer's name matches the gender the board
/// reads in the letters and the report).
const FIRST_F: [&str; 12] = [
    "Amélie", "Chloé", "Elodie", "Gisèle", "Ines", "Kaia", "Maëlle", "Odile", "Rosalie", "Tessa",
    "Vanessa", "Yara",
];
const FIRST_M: [&str; 12] = [
    "Bastien", "Dario", "Farid", "Hamza", "Jonah", "Liam", "Nikhil", "Pavel", "Quinn", "Samir",
    "Ulric", "Wendell",
];
/// Names given to people of any gender, for officers of gender X.
const FIRST_X: [&str; 12] = [
    "Alix",
    "Camille",
    "Charlie",
    "Dominique",
    "Eden",
    "Jordan",
    "Morgan",
    "Noa",
    "Robin",
    "Sacha",
    "Alex",
    "Maxime",
];
const LAST: [&str; 24] = [
    "Arsenault",
    "Bellerose",
    "Chaudhry",
    "Desrochers",
    "Ekwueme",
    "Fontaine",
    "Grewal",
    "Hachey",
    "Iqbal",
    "Jourdain",
    "Kowalczyk",
    "Lavoie-Tran",
    "Marchetti",
    "Nakamura",
    "Ouellette",
    "Pelletier-Khan",
    "Quesnel",
    "Rutherford",
    "Sauvé",
    "Tremblay-Ortiz",
    "Umarov",
    "Villeneuve",
    "Whitecloud",
    "Zbarsky",
];

/// A generated `name` with its first name taken from `gender`'s list at
/// the same place in the list (a gender drawn again keeps a name that
/// matches it).
fn renamed(name: &str, gender: &str) -> String {
    let (first, last) = name
        .split_once(' ')
        .expect("a generated name has a last name");
    let at = [&FIRST_F, &FIRST_M, &FIRST_X]
        .iter()
        .find_map(|list| list.iter().position(|n| *n == first))
        .expect("a generated first name");
    format!("{} {last}", first_name(gender, at))
}

fn csv_write(
    path: &Path,
    style: crate::io::export::CsvStyle,
    header: &[&str],
    rows: &[Vec<String>],
) -> Result<()> {
    let fail = |e: csv::Error| Error::io("writing", path, std::io::Error::other(e));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).map_err(fail)?;
    for r in rows {
        w.write_record(r).map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::io("writing", path, std::io::Error::other(e.to_string())))?;
    crate::io::export::write_file(path, &style.apply(bytes)?)
}

/// Writes a valid data folder into `out` (created if needed; an existing
/// folder must be empty).
pub fn generate(out: &Path, opts: &GenerateOptions) -> Result<()> {
    generate_with(out, opts, false)
}

/// Generated files never replace a data folder's: `out` must be new or an
/// empty folder.
fn refuse_to_overwrite(out: &Path) -> Result<()> {
    if !out.exists() {
        return Ok(());
    }
    let refused = |why: String| {
        Err(Error::io(
            "refusing to generate into",
            out,
            std::io::Error::other(why),
        ))
    };
    if !out.is_dir() {
        return refused("it is a file: --out names the folder to generate".into());
    }
    let mut held: Vec<String> = std::fs::read_dir(out)
        .map_err(|e| Error::io("reading", out, e))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if held.is_empty() {
        return Ok(());
    }
    held.sort();
    refused(format!(
        "it already holds files ({}): generate writes only into a new or empty folder, so that no data folder is overwritten (remove it first to generate it again)",
        crate::io::export::first_few(&held)
    ))
}

/// Writes a valid data folder into `out`, dated when `time` is set (see
/// the module's documentation); without `time` the same bytes as
/// [`generate`].
pub fn generate_with(out: &Path, opts: &GenerateOptions, time: bool) -> Result<()> {
    refuse_to_overwrite(out)?;
    // Written beside `out` and swapped in whole: an interrupt or a failure
    // leaves no half-made data folder (which would validate, pins and
    // all missing).
    crate::io::export::replace_folder_by(out, |tmp| generate_into(tmp, opts, time))
}

/// [`generate_with`]'s files, written into the folder `out`.
fn generate_into(out: &Path, opts: &GenerateOptions, time: bool) -> Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let n_services = (opts.officers / 40).clamp(5, 300);
    let mut services: Vec<Vec<String>> = (0..n_services)
        .map(|i| {
            let (id, name, prov, sworn) = match SERVICES.get(i) {
                Some(&(id, name, prov, sworn)) => {
                    (id.to_string(), name.to_string(), prov.to_string(), sworn)
                }
                None => (
                    format!("S{i:03}"),
                    format!("Police Service {i:03}"),
                    PROVINCES[i % PROVINCES.len()].into(),
                    rng.gen_range(300..3000),
                ),
            };
            // About one service in four has a tight cap that binds; the
            // others release 2 % of their sworn strength.
            let max = if rng.gen_bool(0.25) {
                (1 + rng.gen_range(0..3)).to_string()
            } else {
                (sworn / 50).to_string()
            };
            let now = rng.gen_range(0..3).to_string();
            vec![id, name, prov, sworn.to_string(), max, now]
        })
        .collect();
    let weights: Vec<f64> = services
        .iter()
        .map(|s| s[3].parse::<f64>().unwrap_or(100.0))
        .collect();
    let service_pick = rand::distributions::WeightedIndex::new(&weights)
        .map_err(|e| Error::Internal(format!("service weights: {e}")))?;

    let mut missions = Vec::new();
    let mut positions = Vec::new();
    let seats_per_mission = (opts.officers as f64 * 0.3 / opts.missions.max(1) as f64).max(2.0);
    for i in 0..opts.missions {
        let (id, name, country, lang) = match MISSIONS.get(i) {
            Some(&(a, b, c, d)) => (a.to_string(), b.to_string(), c.to_string(), d),
            None => (
                format!("M{i:03}"),
                format!("Mission {i:03}"),
                String::new(),
                if rng.gen_bool(0.35) { "fr" } else { "en" },
            ),
        };
        let month = rng.gen_range(1..=12);
        let start = format!("2027-{month:02}-{:02}", rng.gen_range(1..=28));
        let months = [6, 9, 12][rng.gen_range(0..3)];
        let women = ["0", "0.2", "0.25", "0.3"][rng.gen_range(0..4)];
        let lang_share = if lang == "en" { "0" } else { "0.5" };
        let max_per = if rng.gen_bool(0.3) {
            rng.gen_range(2..6).to_string()
        } else {
            String::new()
        };
        missions.push(vec![
            id.clone(),
            name,
            country,
            "UN".into(),
            start,
            months.to_string(),
            women.into(),
            format!("{lang}:B2"),
            lang_share.into(),
            max_per,
        ]);
        let mut left = seats_per_mission.round() as u32;
        let n_roles = rng.gen_range(2..=5).min(ROLES.len());
        let mut roles: Vec<usize> = (0..ROLES.len()).collect();
        roles.shuffle(&mut rng);
        for (k, &r) in roles.iter().take(n_roles).enumerate() {
            let (role, skill, rank, lead) = ROLES[r];
            let count = if lead {
                1
            } else if k + 1 == n_roles {
                left.max(1)
            } else {
                rng.gen_range(1..=left.max(1))
            }
            // A position holds at most 10,000 seats.
            .min(10_000);
            left = left.saturating_sub(count);
            let languages = if rng.gen_bool(0.5) {
                format!("{lang}:B1")
            } else {
                String::new()
            };
            let priority = if lead {
                "3"
            } else {
                ["1", "1", "2"][rng.gen_range(0..3)]
            };
            positions.push(vec![
                id.clone(),
                role.into(),
                count.to_string(),
                RANKS[rank as usize].into(),
                (rank * 3 + rng.gen_range(0..4)).to_string(),
                languages,
                if rng.gen_bool(0.7) {
                    skill.into()
                } else {
                    String::new()
                },
                if lead { "yes" } else { "no" }.into(),
                priority.into(),
            ]);
        }
    }

    let mission_ids: Vec<String> = missions.iter().map(|m| m[0].clone()).collect();
    let skills: Vec<&str> = ROLES.iter().map(|r| r.1).collect();
    let mut officers = Vec::new();
    let mut scores = Vec::new();
    for i in 0..opts.officers {
        let rank = pick_rank(&mut rng);
        let years = 2 + rank * 3 + rng.gen_range(0..8);
        let gender = if rng.gen_bool(0.26) {
            "F"
        } else if rng.gen_bool(0.01) {
            "X"
        } else {
            "M"
        };
        let mut langs = Vec::new();
        if rng.gen_bool(0.96) {
            langs.push(format!("en:{}", LEVELS[rng.gen_range(3..6)]));
        }
        if rng.gen_bool(0.34) || langs.is_empty() {
            langs.push(format!("fr:{}", LEVELS[rng.gen_range(1..6)]));
        }
        for other in ["es", "ar", "pt", "ht"] {
            if rng.gen_bool(0.04) {
                langs.push(format!("{other}:{}", LEVELS[rng.gen_range(1..6)]));
            }
        }
        let n_skills = rng.gen_range(1..=3);
        let mut own: Vec<&str> = skills
            .choose_multiple(&mut rng, n_skills)
            .copied()
            .collect();
        own.sort();
        let leadership = rng.gen_bool((0.05 + 0.15 * rank as f64).min(0.95));
        let score = rng.gen_range(45..=100);
        let n_prefs = rng.gen_range(0..=3.min(mission_ids.len()));
        let prefs: Vec<&str> = mission_ids
            .choose_multiple(&mut rng, n_prefs)
            .map(String::as_str)
            .collect();
        let excluded: Vec<&str> = if rng.gen_bool(0.05) {
            mission_ids
                .choose(&mut rng)
                .filter(|m| !prefs.contains(&m.as_str()))
                .map(String::as_str)
                .into_iter()
                .collect()
        } else {
            Vec::new()
        };
        let (from, until) = match rng.gen_range(0..20) {
            0 => (
                format!("2027-{:02}-01", rng.gen_range(2..12)),
                String::new(),
            ),
            1 => (
                String::new(),
                format!("2027-{:02}-28", rng.gen_range(6..13)),
            ),
            _ => (String::new(), String::new()),
        };
        let id = format!("O{i:06}");
        if rng.gen_bool(0.1) {
            if let Some(m) = mission_ids.choose(&mut rng) {
                scores.push(vec![
                    id.clone(),
                    m.clone(),
                    rng.gen_range(40..=100).to_string(),
                ]);
            }
        }
        officers.push(vec![
            id,
            format!(
                "{} {}",
                first_name(gender, rng.gen_range(0..24u32) as usize),
                LAST.choose(&mut rng).unwrap_or(&"Martin")
            ),
            services[service_pick.sample(&mut rng)][0].clone(),
            gender.into(),
            RANKS[rank as usize].into(),
            years.to_string(),
            langs.join(";"),
            own.join(";"),
            if leadership { "yes" } else { "no" }.into(),
            score.to_string(),
            prefs.join(";"),
            excluded.join(";"),
            from,
            until,
        ]);
    }

    if opts.targets == Targets::Tight {
        let mut r = ChaCha8Rng::seed_from_u64(opts.seed ^ TIGHT_SEED);
        tighten_targets(&mut r, &services, &mut missions, &mut officers);
    }
    if opts.supply == Supply::Scarce {
        let mut r = ChaCha8Rng::seed_from_u64(opts.seed ^ SCARCE_SEED);
        make_scarce(&mut r, &mut services, &positions, &mut scores);
    }

    let deployments = if time {
        let mut t = ChaCha8Rng::seed_from_u64(opts.seed ^ TIME_SEED);
        Some(add_time(
            &mut t,
            &mut services,
            &mut positions,
            &mut officers,
        ))
    } else {
        None
    };

    csv_write(
        &out.join("services.csv"),
        opts.csv,
        &[
            "service_id",
            "name",
            "province",
            "sworn_officers",
            "max_deployed",
            "deployed_now",
        ],
        &services,
    )?;
    csv_write(
        &out.join("missions.csv"),
        opts.csv,
        &[
            "mission_id",
            "name",
            "country",
            "organization",
            "start",
            "months",
            "min_women_share",
            "language",
            "min_language_share",
            "max_per_service",
        ],
        &missions,
    )?;
    let mut header = vec![
        "mission_id",
        "role",
        "count",
        "min_rank",
        "min_years",
        "languages",
        "skills",
        "leadership",
        "priority",
    ];
    if time {
        header.extend(["start", "months"]);
    }
    csv_write(&out.join("positions.csv"), opts.csv, &header, &positions)?;
    let mut header = vec![
        "officer_id",
        "name",
        "service_id",
        "gender",
        "rank",
        "years_service",
        "languages",
        "skills",
        "leadership",
        "board_score",
        "preferences",
        "excluded",
        "available_from",
        "available_until",
    ];
    if time {
        header.push("last_return");
    }
    csv_write(&out.join("officers.csv"), opts.csv, &header, &officers)?;
    if let Some(rows) = deployments {
        csv_write(
            &out.join("deployments.csv"),
            opts.csv,
            &[
                "service_id",
                "officer_id",
                "mission_id",
                "role",
                "start",
                "until",
            ],
            &rows,
        )?;
    }
    csv_write(
        &out.join("scores.csv"),
        opts.csv,
        &["officer_id", "mission_id", "score"],
        &scores,
    )?;
    if opts.supply == Supply::Scarce {
        let mut r = ChaCha8Rng::seed_from_u64(opts.seed ^ SCARCE_SEED ^ 1);
        let pins = pick_pins(&mut r, out, opts.officers / 125)?;
        csv_write(
            &out.join("pins.csv"),
            opts.csv,
            &["officer_id", "mission_id", "role"],
            &pins,
        )?;
    }
    Ok(())
}

/// Mixed into the seed for what makes a folder scarce, so that the values
/// drawn for an ample folder stay those of the same seed.
const SCARCE_SEED: u64 = 0x7363_6172_6365;

/// Mixed into the seed for what makes targets tight, so that every other
/// value stays that of the same seed (but the pins, which must be eligible
/// and so depend on the officers' languages).
const TIGHT_SEED: u64 = 0x74_6967_6874;

/// Tightens the targets in place ([`Targets::Tight`]): each mission asks
/// for 30, 35, 40 or 50 % women, each French-speaking mission for three
/// French speakers in four; every officer's gender is drawn again (a share
/// of women drawn between 8 and 20 %, `X` kept), and their French by the
/// province of their service (a level they had is kept; an officer
/// speaking no other language keeps theirs).
fn tighten_targets(
    r: &mut ChaCha8Rng,
    services: &[Vec<String>],
    missions: &mut [Vec<String>],
    officers: &mut [Vec<String>],
) {
    for m in missions.iter_mut() {
        m[6] = ["0.3", "0.35", "0.4", "0.5"][r.gen_range(0..4)].into();
        if m[7].starts_with("fr:") {
            m[8] = "0.75".into();
        }
    }
    let province: std::collections::HashMap<&str, &str> = services
        .iter()
        .map(|s| (s[0].as_str(), s[2].as_str()))
        .collect();
    let women = r.gen_range(0.08..0.2);
    for o in officers.iter_mut() {
        if o[3] != "X" {
            let gender = if r.gen_bool(women) { "F" } else { "M" };
            if o[3] != gender {
                o[1] = renamed(&o[1], gender);
            }
            o[3] = gender.into();
        }
        let speaks_french = match province.get(o[2].as_str()).copied() {
            Some("QC") => 0.9,
            Some("NB") => 0.4,
            _ => 0.125,
        };
        let (had, mut langs): (Vec<String>, Vec<String>) = o[6]
            .split(';')
            .filter(|l| !l.is_empty())
            .map(String::from)
            .partition(|l| l.starts_with("fr:"));
        // An officer speaks English or French: one with neither keeps theirs.
        if r.gen_bool(speaks_french) || !langs.iter().any(|l| l.starts_with("en:")) {
            let level = had.into_iter().next();
            let level = level.unwrap_or_else(|| format!("fr:{}", LEVELS[r.gen_range(1..6)]));
            langs.insert(usize::from(o[6].starts_with("en:")), level);
        }
        o[6] = langs.join(";");
    }
}

/// Makes a folder scarce in place: the services together can release, at
/// once, officers for a share of the seats drawn between 25 % and 50 %,
/// spread in proportion to sworn strength raised to a power drawn between
/// 0.5 and 0.9 (so the largest services are the tightest, as in a real
/// program), about a third of the smaller services twice that; about half
/// the mission-specific scores get a decimal.
fn make_scarce(
    r: &mut ChaCha8Rng,
    services: &mut [Vec<String>],
    positions: &[Vec<String>],
    scores: &mut [Vec<String>],
) {
    let seats: u32 = positions
        .iter()
        .filter_map(|p| p[2].parse::<u32>().ok())
        .sum();
    let share = r.gen_range(0.25..0.5);
    let power = r.gen_range(0.5..0.9);
    let weights: Vec<f64> = services
        .iter()
        .map(|s| s[3].parse::<f64>().unwrap_or(100.0).powf(power))
        .collect();
    let total: f64 = weights.iter().sum();
    let mut largest: Vec<usize> = (0..services.len()).collect();
    largest.sort_by(|&a, &b| weights[b].total_cmp(&weights[a]));
    largest.truncate(4);
    for (i, (svc, w)) in services.iter_mut().zip(&weights).enumerate() {
        let away: u32 = svc[5].parse().unwrap_or(0);
        let mut release = (share * f64::from(seats) * w / total).round().max(1.0) as u32;
        // About a third of the others can spare twice as many.
        if !largest.contains(&i) && r.gen_bool(0.35) {
            release *= 2;
        }
        svc[4] = (away + release).to_string();
    }
    for row in scores.iter_mut() {
        let score: u32 = row[2].parse().unwrap_or(100);
        if score < 100 && r.gen_bool(0.5) {
            row[2] = format!("{score}.{}", r.gen_range(1..10));
        }
    }
}

/// Up to `n` pins that fit together: random seats, each given a random
/// officer eligible for it, skipping any that would break a limit with
/// the pins before it. Returns rows of pins.csv.
fn pick_pins(r: &mut ChaCha8Rng, dir: &Path, n: usize) -> Result<Vec<Vec<String>>> {
    use crate::io::load::{load, InputPaths, LoadOptions};
    use crate::model::limits::limits_of;
    let paths = InputPaths {
        pins: None,
        ..InputPaths::in_dir(dir)
    };
    let inst = load(&paths, &LoadOptions::default())
        .map_err(|(e, _)| Error::Internal(format!("a generated folder does not load: {e}")))?
        .instance;
    let mut by_position: Vec<Vec<crate::model::OfficerIx>> = vec![Vec::new(); inst.positions.len()];
    for (o, p) in crate::rules::eligible_pairs(&inst) {
        by_position[p.0].push(o);
    }
    let mut used = std::collections::HashMap::new();
    let mut pinned = std::collections::HashSet::new();
    let mut rows = Vec::new();
    for _ in 0..n * 4 {
        if rows.len() == n {
            break;
        }
        let p = crate::model::PositionIx(r.gen_range(0..inst.positions.len()));
        let Some(&o) = by_position[p.0].choose(r) else {
            continue;
        };
        let limits = limits_of(&inst, o, p);
        let fits = limits
            .iter()
            .all(|(limit, bound)| used.get(limit).copied().unwrap_or(0) < *bound);
        if pinned.contains(&o) || !fits {
            continue;
        }
        for (limit, _) in limits {
            *used.entry(limit).or_insert(0) += 1;
        }
        pinned.insert(o);
        let position = &inst.positions[p.0];
        rows.push(vec![
            inst.officers[o.0].id.clone(),
            inst.missions[position.mission.0].id.clone(),
            position.role.clone(),
        ]);
    }
    Ok(rows)
}

/// Mixed into the seed for the dates of `--time`, so that they never
/// change the values drawn without it.
const TIME_SEED: u64 = 0x7469_6d65;

/// A day of the 18 months from 2027-01-01 (days 1 to 28).
fn day_in(t: &mut ChaCha8Rng, first_month: u32, months: u32) -> Date {
    let month = first_month + t.gen_range(0..months);
    let (year, month) = (2027 + (month - 1) / 12, (month - 1) % 12 + 1);
    Date::new(year as i32, month, t.gen_range(1..=28)).expect("days 1 to 28 exist")
}

/// Dates a generated folder in place (positions' own tours, officers'
/// `last_return`, services' officers away) and returns the rows of
/// deployments.csv.
fn add_time(
    t: &mut ChaCha8Rng,
    services: &mut [Vec<String>],
    positions: &mut [Vec<String>],
    officers: &mut [Vec<String>],
) -> Vec<Vec<String>> {
    // Staggered tours: about half the positions have their own, starting
    // in the 18 months from 2027-01-01, for 6, 9 or 12 months; the others
    // keep their mission's (start and months empty).
    for p in positions.iter_mut() {
        let (start, months) = if t.gen_bool(0.5) {
            (
                day_in(t, 1, 18).to_string(),
                [6, 9, 12][t.gen_range(0..3)].to_string(),
            )
        } else {
            (String::new(), String::new())
        };
        p.extend([start, months]);
    }
    // About one officer in ten came home from a tour in 2025 or 2026.
    for o in officers.iter_mut() {
        let last_return = if t.gen_bool(0.1) {
            let year = t.gen_range(2025..=2026);
            format!(
                "{year}-{:02}-{:02}",
                t.gen_range(1..=12),
                t.gen_range(1..=28)
            )
        } else {
            String::new()
        };
        o.push(last_return);
    }
    // Officers away: about a third of the services (always the first that
    // can release two), each with up to one officer fewer than its
    // max_deployed away (so it can still release one), returning over
    // 2027; one row in five is a commitment to leave later. Such services
    // give their officers away here, not as deployed_now. Half the rows
    // (always the first) hold a seat of positions.csv.
    let mut rows = Vec::new();
    let mut outside = 0;
    let mut away: std::collections::HashSet<String> = Default::default();
    for svc in services.iter_mut() {
        let max: u32 = svc[4].parse().unwrap_or(0);
        if max < 2 || !(t.gen_bool(0.35) || rows.is_empty()) {
            continue;
        }
        svc[5] = String::new();
        for _ in 0..t.gen_range(1..max.min(4)) {
            let (mission_id, role) = match positions.choose(t) {
                Some(p) if t.gen_bool(0.5) || rows.is_empty() => (p[0].clone(), p[1].clone()),
                Some(p) => (p[0].clone(), "police adviser".to_string()),
                None => (String::new(), String::new()),
            };
            let (start, until) = if t.gen_bool(0.2) {
                let start = day_in(t, 3, 12);
                (start.to_string(), start.tour_end(12))
            } else {
                (String::new(), day_in(t, 1, 12))
            };
            let own: Vec<&Vec<String>> = officers.iter().filter(|o| o[2] == svc[0]).collect();
            // An officer is away once: one drawn again is someone outside
            // the candidate pool instead.
            let officer_id = match own.choose(t) {
                Some(o) if t.gen_bool(0.3) && !away.contains(&o[0]) => {
                    away.insert(o[0].clone());
                    o[0].clone()
                }
                _ => {
                    outside += 1;
                    format!("AWAY-{outside:04}")
                }
            };
            rows.push(vec![
                svc[0].clone(),
                officer_id,
                mission_id,
                role,
                start,
                until.to_string(),
            ]);
        }
    }
    rows
}

/// A rank index from a pyramid: many constables, few executives.
fn pick_rank(rng: &mut ChaCha8Rng) -> u32 {
    const WEIGHTS: [u32; 8] = [38, 22, 16, 10, 7, 4, 2, 1];
    let mut r = rng.gen_range(0..WEIGHTS.iter().sum::<u32>());
    for (i, w) in WEIGHTS.iter().enumerate() {
        if r < *w {
            return i as u32;
        }
        r -= w;
    }
    0
}
