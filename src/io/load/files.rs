//! Reading each input file's rows into the instance: one method of the
//! loader per file, in the order they are read, and the values they parse.

use super::{row_ok, LoadOptions, Loader};
use crate::io::table::{
    list, parse_bool, parse_priority, parse_score, Row, Schema, Sink, Source, BOOL_EXPECTED,
    MONTHS, OFFICERS, PRIORITY_EXPECTED, SCORE_EXPECTED, SEATS, SWORN, YEARS,
};
use crate::model::*;
use std::collections::{BTreeSet, HashMap, HashSet};

impl Loader {
    pub(super) fn services(&mut self, source: &Source, options: &LoadOptions) {
        let schema = Schema {
            short_rows: false,
            required: &["service_id", "name", "sworn_officers"],
            optional: &["name_fr", "province", "max_deployed", "deployed_now"],
        };
        let Some(table) = self.table(source, &schema) else {
            self.services.unreadable = true;
            return;
        };
        self.services
            .expect_rows(&table, &mut self.sink, "service", "service_id");
        for row in table.rows() {
            let before = self.sink.errors.len();
            let s = &mut self.sink;
            let id = row.required(s, "service_id");
            let fresh = id.is_some_and(|id| self.services.claim(&row, s, "service_id", id));
            let name = row.required(s, "name");
            let sworn = row.parse_required(s, "sworn_officers", SWORN.expected, |t| SWORN.parse(t));
            let max = row.parse(s, "max_deployed", OFFICERS.expected, |t| OFFICERS.parse(t));
            let now = row
                .parse(s, "deployed_now", OFFICERS.expected, |t| OFFICERS.parse(t))
                .unwrap_or(0);
            let (Some(id), true) = (id, fresh) else {
                continue;
            };
            if !row_ok(s, before) {
                self.services.broken.insert(id.to_string());
                continue;
            }
            // A 0 says nobody is away: rows of deployments.csv may list them.
            if now > 0 {
                self.deployed_now_given
                    .insert(self.inst.services.len(), row.line);
            }
            let sworn = sworn.unwrap_or(0);
            let max_deployed =
                max.unwrap_or_else(|| Service::released(sworn, options.release_share));
            self.services
                .index
                .insert(id.to_string(), self.inst.services.len());
            self.inst.services.push(Service {
                id: id.to_string(),
                name: name.unwrap_or("").to_string(),
                name_fr: row.text("name_fr").to_string(),
                province: row.text("province").to_string(),
                sworn_officers: sworn,
                max_deployed,
                deployed_now: now,
                release_derived: max.is_none(),
            });
        }
    }

    pub(super) fn missions(&mut self, source: &Source) {
        let schema = Schema {
            short_rows: false,
            required: &["mission_id", "name", "start", "months"],
            optional: &[
                "name_fr",
                "country",
                "organization",
                "min_women_share",
                "language",
                "min_language_share",
                "max_per_service",
            ],
        };
        let Some(table) = self.table(source, &schema) else {
            self.missions.unreadable = true;
            return;
        };
        self.missions
            .expect_rows(&table, &mut self.sink, "mission", "mission_id");
        for row in table.rows() {
            let before = self.sink.errors.len();
            let s = &mut self.sink;
            let id = row.required(s, "mission_id");
            let fresh = id.is_some_and(|id| self.missions.claim(&row, s, "mission_id", id));
            let name = row.required(s, "name");
            let start = row.parse_required(s, "start", "a date YYYY-MM-DD", Date::parse);
            let months = row.parse_required(s, "months", MONTHS.expected, |t| MONTHS.parse(t));
            let women = row.share(s, "min_women_share").unwrap_or(0.0);
            let language = row.parse(
                s,
                "language",
                "a language as code:level, e.g. fr:B2",
                parse_lang_req,
            );
            if let (Some(start), Some(months)) = (start, months) {
                if let Some(problem) = tour_past_9999(start, months) {
                    row.error(s, "months", problem);
                }
            }
            let lang_share = row.share(s, "min_language_share").unwrap_or(0.0);
            let max_per_service =
                row.parse(s, "max_per_service", SEATS.expected, |t| SEATS.parse(t));
            if lang_share > 0.0 && row.text("language").is_empty() {
                row.error(
                    s,
                    "min_language_share",
                    "min_language_share > 0 needs a mission language in column 'language'",
                );
            }
            let (Some(id), true) = (id, fresh) else {
                continue;
            };
            let (Some(start), Some(months), true) = (start, months, row_ok(s, before)) else {
                self.missions.broken.insert(id.to_string());
                continue;
            };
            self.missions
                .index
                .insert(id.to_string(), self.inst.missions.len());
            self.inst.missions.push(Mission {
                id: id.to_string(),
                name: name.unwrap_or("").to_string(),
                name_fr: row.text("name_fr").to_string(),
                country: row.text("country").to_string(),
                organization: row.text("organization").to_string(),
                start,
                months,
                end: start.tour_end(months),
                min_women_share: women,
                language,
                min_language_share: lang_share,
                max_per_service,
            });
        }
    }

    pub(super) fn positions(&mut self, source: &Source) {
        let schema = Schema {
            short_rows: false,
            required: &["mission_id", "role", "count"],
            optional: &[
                "min_rank",
                "min_years",
                "languages",
                "skills",
                "leadership",
                "priority",
                "start",
                "months",
            ],
        };
        let Some(table) = self.table(source, &schema) else {
            self.positions_unreadable = true;
            return;
        };
        self.positions_unreadable = !table.require_rows(&mut self.sink, "position");
        for cells in table
            .malformed_cells("mission_id")
            .zip(table.malformed_cells("role"))
        {
            let (Some(mission), Some(role)) = cells else {
                continue;
            };
            if let Some(&m) = self.missions.index.get(mission) {
                self.positions_broken.insert((m, role.to_string()));
            }
        }
        let mut roles: HashMap<(usize, String), u64> = HashMap::new();
        // By their lower-case form: roles differing only by case are one
        // role written twice, as ids are.
        let mut roles_folded: HashMap<(usize, String), (String, u64)> = HashMap::new();
        for row in table.rows() {
            let before = self.sink.errors.len();
            let s = &mut self.sink;
            let mission = row.required(s, "mission_id").and_then(|id| {
                self.missions
                    .resolve(&row, s, "mission_id", id, "missions.csv")
            });
            let role = row.required(s, "role");
            if role.is_some_and(|role| role.contains('*')) {
                let problem = "the role may not contain '*', which stands for every role in what-if scenarios";
                row.error(s, "role", problem);
            }
            let count = row.parse_required(s, "count", SEATS.expected, |t| SEATS.parse(t));
            let min_rank = row.parse(s, "min_rank", RANK_EXPECTED, Rank::parse);
            let min_years = row.parse(s, "min_years", YEARS.expected, |t| YEARS.parse(t));
            let languages = lang_reqs(&row, s, "languages");
            let skills = row.skills(s, "skills");
            let leadership = row
                .parse(s, "leadership", BOOL_EXPECTED, parse_bool)
                .unwrap_or(false);
            let priority = row
                .parse(s, "priority", PRIORITY_EXPECTED, parse_priority)
                .unwrap_or(1.0);
            let start = row.parse(s, "start", "a date YYYY-MM-DD", Date::parse);
            let months = row.parse(s, "months", MONTHS.expected, |t| MONTHS.parse(t));
            if let (Some(m), Some(role)) = (mission, role) {
                if let Some(first) = roles.insert((m, role.to_string()), row.line) {
                    row.error(
                        s,
                        "role",
                        format!("duplicate role in mission, first defined on line {first}"),
                    );
                } else if let Some((other, first)) =
                    roles_folded.insert((m, role.to_lowercase()), (role.to_string(), row.line))
                {
                    roles_folded.insert((m, role.to_lowercase()), (other.clone(), first));
                    row.error(
                        s,
                        "role",
                        format!(
                            "role '{role}' differs only by case from '{other}' on line {first}: roles of a mission must differ by more than case"
                        ),
                    );
                }
            }
            if let (Some(m), true) = (mission, start.is_some() || months.is_some()) {
                let mission = &self.inst.missions[m];
                let (start, months) = (
                    start.unwrap_or(mission.start),
                    months.unwrap_or(mission.months),
                );
                if let Some(problem) = tour_past_9999(start, months) {
                    let column = if row.text("months").is_empty() {
                        "start"
                    } else {
                        "months"
                    };
                    row.error(s, column, problem);
                }
            }
            let (Some(m), Some(role), Some(count), true) =
                (mission, role, count, row_ok(s, before))
            else {
                if let (Some(m), Some(role)) = (mission, role) {
                    self.positions_broken.insert((m, role.to_string()));
                }
                continue;
            };
            let mission = &self.inst.missions[m];
            let mut position = Position {
                mission: MissionIx(m),
                role: role.to_string(),
                count,
                min_rank,
                min_years,
                languages,
                skills,
                leadership,
                priority,
                start: start.unwrap_or(mission.start),
                months: months.unwrap_or(mission.months),
                end: mission.end,
                own_tour: (start.is_some(), months.is_some()),
            };
            position.follow_mission_tour(mission);
            self.inst.positions.push(position);
            let mut cell = Sink::default();
            row.error(&mut cell, "role", "");
            self.role_cells.extend(cell.errors.pop());
        }
    }

    pub(super) fn officers(&mut self, source: &Source) {
        let schema = Schema {
            short_rows: false,
            required: &[
                "officer_id",
                "name",
                "service_id",
                "gender",
                "rank",
                "years_service",
            ],
            optional: &[
                "languages",
                "skills",
                "leadership",
                "board_score",
                "preferences",
                "excluded",
                "available_from",
                "available_until",
                "last_return",
            ],
        };
        let Some(table) = self.table(source, &schema) else {
            self.officers.unreadable = true;
            return;
        };
        self.officers
            .expect_rows(&table, &mut self.sink, "officer", "officer_id");
        for row in table.rows() {
            let before = self.sink.errors.len();
            let s = &mut self.sink;
            let id = row.required(s, "officer_id");
            let fresh = id.is_some_and(|id| self.officers.claim(&row, s, "officer_id", id));
            let name = row.required(s, "name");
            let service = row.required(s, "service_id").and_then(|id| {
                self.services
                    .resolve(&row, s, "service_id", id, "services.csv")
            });
            let gender = row.parse_required(s, "gender", "F, M or X", parse_gender);
            let rank = row.parse_required(s, "rank", RANK_EXPECTED, Rank::parse);
            let years = row.parse_required(s, "years_service", YEARS.expected, |t| YEARS.parse(t));
            let languages = officer_languages(&row, s);
            let skills = row.skills(s, "skills").into_iter().collect::<BTreeSet<_>>();
            let leadership = row
                .parse(s, "leadership", BOOL_EXPECTED, parse_bool)
                .unwrap_or(false);
            let board_score = row
                .parse(s, "board_score", SCORE_EXPECTED, parse_score)
                .unwrap_or(0.0);
            let preferences = self.mission_list(&row, "preferences", true);
            let excluded = self.mission_list(&row, "excluded", false);
            let s = &mut self.sink;
            // Preferences (the officer's) and exclusions (usually HR's)
            // come from different people: the exclusion wins, and the
            // other preferences keep the places the officer gave them.
            for m in preferences.iter().filter(|m| excluded.contains(m)) {
                s.warnings.push(format!(
                    "{}:{}: officer {} prefers mission {} but is excluded from it: the exclusion wins (the other preferences keep their places)",
                    row.file(),
                    row.line,
                    id.unwrap_or("?"),
                    self.inst.missions[m.0].id
                ));
            }
            let from = row.parse(s, "available_from", "a date YYYY-MM-DD", Date::parse);
            let until = row.parse(s, "available_until", "a date YYYY-MM-DD", Date::parse);
            let last_return = row.parse(s, "last_return", "a date YYYY-MM-DD", Date::parse);
            if let (Some(f), Some(u)) = (from, until) {
                if u < f {
                    row.error(
                        s,
                        "available_until",
                        format!("is before available_from {f}"),
                    );
                }
            }
            let (Some(id), true) = (id, fresh) else {
                continue;
            };
            let (Some(service), Some(gender), Some(rank), Some(years), true) =
                (service, gender, rank, years, row_ok(s, before))
            else {
                self.officers.broken.insert(id.to_string());
                continue;
            };
            self.officers
                .index
                .insert(id.to_string(), self.inst.officers.len());
            self.inst.officers.push(Officer {
                id: id.to_string(),
                name: name.unwrap_or("").to_string(),
                service: ServiceIx(service),
                gender,
                rank,
                years_service: years,
                languages,
                skills,
                leadership,
                board_score,
                preferences,
                excluded,
                available_from: from,
                available_until: until,
                last_return,
                away_until: None,
                cooldown_until: None,
            });
        }
    }

    /// A `;` list of mission ids; repeats warned about (first place counts).
    fn mission_list(&mut self, row: &Row, column: &str, warn_repeats: bool) -> Vec<MissionIx> {
        let mut out: Vec<MissionIx> = Vec::new();
        for id in list(row.text(column)) {
            // `UNMISS,MINUSCA`: known missions joined by a comma.
            let parts: Vec<&str> = id.split([',', '|']).map(str::trim).collect();
            if parts.len() > 1
                && !self.missions.index.contains_key(id)
                && parts
                    .iter()
                    .all(|p| p.is_empty() || self.missions.index.contains_key(*p))
            {
                row.error(
                    &mut self.sink,
                    column,
                    format!(
                        "'{id}' joins missions with '{}': separate them with ';' ({})",
                        if id.contains(',') { ',' } else { '|' },
                        parts
                            .iter()
                            .filter(|p| !p.is_empty())
                            .copied()
                            .collect::<Vec<_>>()
                            .join(";")
                    ),
                );
                continue;
            }
            let Some(m) = self
                .missions
                .resolve(row, &mut self.sink, column, id, "missions.csv")
            else {
                continue;
            };
            if out.contains(&MissionIx(m)) {
                if warn_repeats {
                    self.sink.warnings.push(format!(
                        "{}:{}: mission {id} repeated in {column}; only its first place counts, and the missions after it move up",
                        row.file(),
                        row.line
                    ));
                }
                continue;
            }
            out.push(MissionIx(m));
        }
        out
    }

    /// deployments.csv: officers away, or committed to go, with their
    /// return dates.
    pub(super) fn deployments(&mut self, source: &Source) {
        let schema = Schema {
            short_rows: false,
            required: &["service_id", "until"],
            optional: &["officer_id", "mission_id", "role", "start"],
        };
        let Some(table) = self.table(source, &schema) else {
            return;
        };
        let mut reported: HashSet<usize> = HashSet::new();
        // Each officer's rows so far (their indices in `deployments`).
        let mut away_rows: HashMap<String, Vec<usize>> = HashMap::new();
        for row in table.rows() {
            let before = self.sink.errors.len();
            let s = &mut self.sink;
            let service = row.required(s, "service_id").and_then(|id| {
                self.services
                    .resolve(&row, s, "service_id", id, "services.csv")
            });
            let start = row.parse(
                s,
                "start",
                "a date YYYY-MM-DD, or empty (already away)",
                Date::parse,
            );
            let until = row.parse_required(s, "until", "a date YYYY-MM-DD", Date::parse);
            if let (Some(start), Some(until)) = (start, until) {
                if until < start {
                    row.error(s, "until", format!("is before start {start}"));
                }
            }
            if let Some(svc) = service {
                if let Some(&line) = self.deployed_now_given.get(&svc) {
                    if reported.insert(svc) {
                        row.error(
                            s,
                            "service_id",
                            format!(
                                "service {} also has deployed_now on line {line} of services.csv: give its officers away either as deployed_now or as rows here, not both (leave deployed_now empty or 0)",
                                self.inst.services[svc].id
                            ),
                        );
                    }
                }
            }
            let officer_id = row.text("officer_id").to_string();
            let officer = self.officers.index.get(&officer_id).map(|&o| OfficerIx(o));
            // An officer outside the pool is kept as written, but one that
            // differs only by case from an officer of officers.csv is that
            // officer mistyped: read as someone else, they would be
            // planned while away.
            // (An officer whose row has errors is in officers.csv all the
            // same: not a case typo.)
            let written = self.officers.lines.contains_key(&officer_id)
                || self.officers.broken.contains(&officer_id);
            if officer.is_none() && !written {
                if let Some(other) = self.officers.folded.get(&officer_id.to_lowercase()) {
                    row.error(
                        s,
                        "officer_id",
                        format!(
                            "differs only by case from officer {other} of officers.csv: ids are case-sensitive (write {other}, or another id for an officer outside the pool)"
                        ),
                    );
                }
            }
            if let (Some(o), Some(svc)) = (officer, service) {
                let home = self.inst.officers[o.0].service;
                if home.0 != svc {
                    row.error(
                        s,
                        "service_id",
                        format!(
                            "officer {officer_id} serves with {} in officers.csv, not {}",
                            self.inst.services[home.0].id, self.inst.services[svc].id
                        ),
                    );
                }
            }
            // One officer cannot be away twice at once.
            if let (false, Some(until)) = (officer_id.is_empty(), until) {
                let deployments = &self.inst.deployments;
                let earlier = away_rows
                    .get(&officer_id)
                    .into_iter()
                    .flatten()
                    .map(|&i| &deployments[i])
                    .find(|d| {
                        d.start.is_none_or(|s| s <= until) && start.is_none_or(|s| s <= d.until)
                    });
                if let Some(d) = earlier {
                    row.error(
                        s,
                        "officer_id",
                        format!(
                            "officer {officer_id} is already away {} on line {} (one officer, one row for each time away)",
                            match d.start {
                                Some(start) => format!("from {start} to {}", d.until),
                                None => format!("until {}", d.until),
                            },
                            d.line
                        ),
                    );
                }
            }
            let (Some(service), Some(until), true) = (service, until, row_ok(s, before)) else {
                continue;
            };
            if !officer_id.is_empty() {
                let rows = away_rows.entry(officer_id.clone()).or_default();
                rows.push(self.inst.deployments.len());
            }
            self.inst.deployments.push(Deployment {
                service: ServiceIx(service),
                officer,
                officer_id,
                mission_id: row.text("mission_id").to_string(),
                role: row.text("role").to_string(),
                start,
                until,
                line: row.line,
            });
        }
    }

    pub(super) fn scores(&mut self, source: &Source) {
        let schema = Schema {
            short_rows: false,
            required: &["officer_id", "mission_id", "score"],
            optional: &[],
        };
        let Some(table) = self.table(source, &schema) else {
            return;
        };
        let mut seen: HashMap<(usize, usize), u64> = HashMap::new();
        for row in table.rows() {
            let s = &mut self.sink;
            let o = row.required(s, "officer_id").and_then(|id| {
                self.officers
                    .resolve(&row, s, "officer_id", id, "officers.csv")
            });
            let m = row.required(s, "mission_id").and_then(|id| {
                self.missions
                    .resolve(&row, s, "mission_id", id, "missions.csv")
            });
            let score = row.parse_required(s, "score", SCORE_EXPECTED, parse_score);
            let (Some(o), Some(m), Some(score)) = (o, m, score) else {
                continue;
            };
            if let Some(first) = seen.insert((o, m), row.line) {
                row.error(
                    s,
                    "mission_id",
                    format!("duplicate score for this officer and mission, first on line {first}"),
                );
                continue;
            }
            self.inst.scores.insert((OfficerIx(o), MissionIx(m)), score);
        }
    }

    pub(super) fn pins(&mut self, source: &Source) {
        let schema = Schema {
            short_rows: false,
            required: &["officer_id", "mission_id", "role"],
            optional: &["reason"],
        };
        let Some(table) = self.table(source, &schema) else {
            return;
        };
        for row in table.rows() {
            let s = &mut self.sink;
            let o = row.required(s, "officer_id").and_then(|id| {
                self.officers
                    .resolve(&row, s, "officer_id", id, "officers.csv")
            });
            let m = row.required(s, "mission_id").and_then(|id| {
                self.missions
                    .resolve(&row, s, "mission_id", id, "missions.csv")
            });
            let role = row.required(s, "role");
            let (Some(o), Some(m), Some(role)) = (o, m, role) else {
                continue;
            };
            let found = self
                .inst
                .positions
                .iter()
                .position(|p| p.mission.0 == m && p.role == role);
            let Some(p) = found else {
                if self.positions_unreadable
                    || self.positions_broken.contains(&(m, role.to_string()))
                {
                    continue; // its row, or its file, has an error already
                }
                let hint = match (&self.inst.rotations, role.contains('@')) {
                    (None, true) => {
                        "; a successor seat ROLE@YYYY-MM-DD exists only with --rotations-until"
                            .to_string()
                    }
                    (Some(r), true) => format!(
                        "; no successor seat of that name until {} (validate lists them)",
                        r.until
                    ),
                    // A role of the mission but for case or spaces.
                    _ => {
                        let key = crate::io::table::skill_key;
                        self.inst
                            .positions
                            .iter()
                            .find(|pos| pos.mission.0 == m && key(&pos.role) == key(role))
                            .map_or(String::new(), |pos| {
                                format!(" (roles are case-sensitive: did you mean '{}'?)", pos.role)
                            })
                    }
                };
                row.error(
                    s,
                    "role",
                    format!(
                        "no such role in mission {} (positions.csv){hint}",
                        self.inst.missions[m].id
                    ),
                );
                continue;
            };
            self.inst.pins.push(Pin {
                officer: OfficerIx(o),
                position: PositionIx(p),
                line: row.line,
                reason: row.text("reason").trim().to_string(),
            });
        }
    }
}

const RANK_EXPECTED: &str = "a rank: constable, corporal, sergeant, staff_sergeant, inspector, superintendent, chief_superintendent or executive (or an alias such as sergeant_major, commissioner, chief)";
/// [`RANK_EXPECTED`] where a value may be left empty (a scenario row).
pub(crate) const RANK_OR_NOTHING: &str = "a rank (constable, corporal, sergeant, staff_sergeant, inspector, superintendent, chief_superintendent or executive, or an alias such as sergeant_major, commissioner, chief) or nothing";

fn parse_gender(text: &str) -> Option<Gender> {
    match text.to_ascii_uppercase().as_str() {
        "F" => Some(Gender::F),
        "M" => Some(Gender::M),
        "X" => Some(Gender::X),
        _ => None,
    }
}

/// `code` or `code:level`.
pub(crate) fn parse_lang_req(text: &str) -> Option<LangReq> {
    let (code, level) = match text.split_once(':') {
        Some((c, l)) => (c, Some(Cefr::parse(l)?)),
        None => (text, None),
    };
    Some(LangReq {
        code: LangCode::parse(code)?,
        min: level,
    })
}

fn lang_reqs(row: &Row, sink: &mut Sink, column: &str) -> Vec<LangReq> {
    let mut out = Vec::new();
    for item in list(row.text(column)) {
        match parse_lang_req(item) {
            Some(req) => out.push(req),
            None => row.error(
                sink,
                column,
                not_a_language(
                    item,
                    "an ISO 639-1 code, optionally with a CEFR level A1..C2, e.g. fr:B2",
                ),
            ),
        }
    }
    out
}

fn officer_languages(row: &Row, sink: &mut Sink) -> Vec<(LangCode, Cefr)> {
    let mut out = Vec::new();
    for item in list(row.text("languages")) {
        match parse_lang_req(item) {
            Some(LangReq {
                code,
                min: Some(level),
            }) => out.push((code, level)),
            Some(LangReq { code, min: None }) => row.error(
                sink,
                "languages",
                format!("'{item}' has no level: write it as {code}:B2 (CEFR A1..C2)"),
            ),
            None => row.error(
                sink,
                "languages",
                not_a_language(item, "code:level, e.g. fr:B2"),
            ),
        }
    }
    out
}

/// Why a list item is not a language: its level when only that is wrong
/// (`fr:B3`), else the item.
fn not_a_language(item: &str, expected: &str) -> String {
    match item.split_once(':') {
        // `en:C2,pt:B2`: two languages joined by a comma.
        Some((code, level)) if LangCode::parse(code).is_some() && level.contains(',') => format!(
            "'{}' holds a comma: separate languages with ';' ({})",
            item.trim(),
            item.trim().replace(',', ";")
        ),
        Some((code, level)) if LangCode::parse(code).is_some() => format!(
            "'{}' in '{}' is not a CEFR level: expected A1, A2, B1, B2, C1 or C2",
            level.trim(),
            item.trim()
        ),
        _ => format!("'{item}' is not a language: expected {expected}"),
    }
}

/// Why a tour from `start` of `months` cannot be planned: it would end
/// after 9999-12-31, the last day the files and outputs write.
fn tour_past_9999(start: Date, months: u32) -> Option<String> {
    let end = start.tour_end(months);
    (end.ymd().0 > 9999)
        .then(|| format!("the tour from {start} of {months} months would end after 9999-12-31"))
}
