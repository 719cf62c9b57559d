#!/usr/bin/env python3
"""Builds the sample data folder from the real public data in ../shared/data/real.

Real: service names, provinces and sworn strength (Statistics Canada 85-225-X),
mission acronyms, names, host countries (UN psdata / crosswalk), each
mission's number of seats, in proportion to its July 2025 UN police strength
(UN DPO contribution report), and the missions of the officers already away
(deployments.csv: Canada's police on UN missions in July 2025, 8 in MONUSCO
and 1 in UNMIK). Invented: positions, requirements, targets, officers,
scores, second contingents, return dates, commitments and last_return.
Deterministic: seeded; the later additions draw from their own generator so
the officers of earlier versions stay the same.

Run from the repository root:  python3 data/build_sample.py ../shared/data/real
"""
import csv
import random
import sys
from pathlib import Path

REAL = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/real")
OUT = Path(__file__).resolve().parent
rng = random.Random(int(__import__("os").environ.get("SEED", "2")))

# id, StatCan police_service name, our display name, max_deployed override, deployed_now
SERVICES = [
    ("TPS", "Toronto Police", "Toronto Police Service", "", 6),
    ("SPVM", "Montréal Police", "Service de police de la Ville de Montréal", "", 4),
    ("PRP", "Peel Regional Police", "Peel Regional Police", "", 2),
    ("CPS", "Calgary Police", "Calgary Police Service", "", 3),
    ("EPS", "Edmonton Police", "Edmonton Police Service", "", 2),
    ("YRP", "York Regional Police", "York Regional Police", "", 1),
    ("WPS", "Winnipeg Police", "Winnipeg Police Service", "", 1),
    ("VPD", "Vancouver Police", "Vancouver Police Department", "", 2),
    ("OPS", "Ottawa Police", "Ottawa Police Service", "", 1),
    ("DRPS", "Durham Regional Police", "Durham Regional Police Service", "4", 1),
    ("HPS", "Hamilton Regional Police", "Hamilton Police Service", "3", 0),
    ("SPVQ", "Québec Police", "Service de police de la Ville de Québec", "", 1),
    ("SRCMP", "Surrey, Royal Canadian Mounted Police", "Surrey RCMP (municipal contract)", "3", 0),
    ("HRP", "Halifax Regional Police", "Halifax Regional Police", "2", 0),
    ("SPS", "Saskatoon Police", "Saskatoon Police Service", "2", 1),
    ("SPVG", "Gatineau Police", "Service de police de la Ville de Gatineau", "3", 0),
    ("RNC", "St. John's, Royal Newfoundland Constabulary", "Royal Newfoundland Constabulary (St. John's)", "2", 0),
    ("SPAL", "Longueuil Police", "Service de police de l'agglomération de Longueuil", "", 0),
]

# id, working language, women target, language target, max_per_service, start, months
MISSIONS = [
    ("BINUH", "fr:B2", 0.3, 0.6, 2, "2027-02-01", 12),
    ("MINUSCA", "fr:B2", 0.4, 0.6, 6, "2027-03-15", 12),
    ("MONUSCO", "fr:B2", 0.3, 0.9, 4, "2027-01-15", 9),
    ("UNMISS", "en:B2", 0.3, 0.0, 6, "2027-04-01", 12),
    ("UNFICYP", "en:B2", 0.3, 0.0, 2, "2027-05-01", 6),
    ("UNISFA", "en:B2", 0.25, 0.0, 2, "2027-03-01", 12),
    ("UNMIK", "en:B2", 0.25, 0.0, 2, "2027-06-01", 6),
    ("UNVMC", "es:B2", 0.5, 0.5, 2, "2027-02-15", 12),
]
NAMES = {"BINUH": "United Nations Integrated Office in Haiti", "UNVMC": "United Nations Verification Mission in Colombia"}
# The missions' official French names (United Nations), for French letters.
NAMES_FR = {
    "BINUH": "Bureau intégré des Nations Unies en Haïti",
    "MINUSCA": "Mission multidimensionnelle intégrée des Nations Unies pour la stabilisation en République centrafricaine",
    "MONUSCO": "Mission de l'Organisation des Nations Unies pour la stabilisation en République démocratique du Congo",
    "UNMISS": "Mission des Nations Unies au Soudan du Sud",
    "UNFICYP": "Force des Nations Unies chargée du maintien de la paix à Chypre",
    "UNISFA": "Force intérimaire de sécurité des Nations Unies pour Abyei",
    "UNMIK": "Mission d'administration intérimaire des Nations Unies au Kosovo",
    "UNVMC": "Mission de vérification des Nations Unies en Colombie",
}
# The official French names of services that have one besides their name.
SERVICE_NAMES_FR = {
    "OPS": "Service de police d'Ottawa",
    "SRCMP": "GRC de Surrey (contrat municipal)",
}

ROLES = [  # role, skill, min_rank, min_years, leadership, priority
    ("head_of_contingent", "command", "superintendent", 20, "yes", 3),
    ("team_leader", "command", "staff_sergeant", 12, "yes", 2),
    ("investigator", "investigation", "corporal", 5, "no", 1),
    ("trainer", "training", "sergeant", 8, "no", 1),
    ("community_policing_advisor", "community_policing", "constable", 4, "no", 1),
    ("sgbv_investigator", "gender_based_violence", "corporal", 5, "no", 2),
    ("human_rights_officer", "human_rights", "constable", 5, "no", 1),
]

def latest(rows, name):
    found = [r for r in rows if r["police_service"] == name]
    return max(found, key=lambda r: r["ref_year"])

def write(name, header, rows):
    with open(OUT / name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)

# Officers of the program away on a mission now (start empty) or committed to
# go (start given), with the last day away. The missions of those away now
# follow Canada's real UN police contribution of July 2025 (8 in MONUSCO, 1
# in UNMIK, canada_un_police/); services, roles and dates are invented. A
# role of positions.csv makes the row a seat that --rotations-until fills
# again; other roles are free text. An officer_id of officers.csv (filled in
# below, "@" + what to look for) is away until then and can only fill a
# later tour; other ids are officers outside the candidate pool.
# service, officer_id, mission, role, start, until
DEPLOYMENTS = [
    ("TPS", "CPA-0901", "MONUSCO", "community_policing_advisor", "", "2027-03-31"),
    ("TPS", "CPA-0902", "MONUSCO", "police adviser", "", "2027-08-31"),
    ("SPVM", "CPA-0903", "MONUSCO", "human_rights_officer", "", "2027-04-30"),
    ("SPVM", "@SPVM", "MONUSCO", "team_leader", "", "2027-09-30"),
    ("DRPS", "CPA-0905", "MONUSCO", "sgbv_investigator", "", "2027-06-30"),
    ("SPVQ", "CPA-0906", "MONUSCO", "community_policing_advisor", "", "2027-05-31"),
    ("SPS", "CPA-0907", "MONUSCO", "police adviser", "", "2027-11-30"),
    ("OPS", "@OPS", "MONUSCO", "sgbv_investigator", "", "2027-07-31"),
    ("CPS", "CPA-0909", "UNMIK", "human_rights_officer", "", "2027-05-31"),
    ("HRP", "CPA-0910", "UNMISS", "trainer", "2027-09-01", "2028-08-31"),
    ("SPVG", "CPA-0911", "BINUH", "police adviser", "2027-11-01", "2028-10-31"),
    ("SRCMP", "", "UNFICYP", "", "2027-12-01", "2028-05-31"),
]
away_services = {d[0] for d in DEPLOYMENTS}

statcan = list(csv.DictReader(open(REAL / "statcan_police_services/statcan_police_services_strength.csv", encoding="utf-8")))
services = []
for sid, src, name, maxd, now in SERVICES:
    r = latest(statcan, src)
    services.append([sid, name, r["province"], r["officers_total"], maxd, "" if sid in away_services else now])
write("services.csv", ["service_id", "name", "name_fr", "province", "sworn_officers", "max_deployed", "deployed_now"],
      [[s[0], s[1], SERVICE_NAMES_FR.get(s[0], "")] + s[2:] for s in services])

un = {r["mission_acronym"]: r for r in csv.DictReader(open(REAL / "un_missions/un_missions.csv", encoding="utf-8"))}
ipo = {r["mission"]: int(r["ipo_total"]) for r in csv.DictReader(open(REAL / "un_contributions/un_police_by_mission_2025-07-31.csv", encoding="utf-8"))}
total_ipo = sum(ipo[m[0]] for m in MISSIONS)
missions, positions = [], []
for mid, lang, women, lshare, maxper, start, months in MISSIONS:
    r = un[mid]
    seats = max(3, round(90 * ipo[mid] / total_ipo))
    missions.append([mid, NAMES.get(mid, r["mission_name"]), NAMES_FR[mid], r["host_country_names"].replace(";", " / "), "UN", start, months, women, lang, lshare or "", maxper])
    roles = [ROLES[0]] if seats >= 10 else []
    roles += [ROLES[1]] + rng.sample(ROLES[2:], k=3 if seats >= 10 else 2)
    left = seats
    for k, (role, skill, rank, years, lead, prio) in enumerate(roles):
        count = 1 if lead == "yes" else (left if k == len(roles) - 1 else max(1, left // (len(roles) - k)))
        left -= count
        langs = lang if lang.startswith("es") else (lang.split(":")[0] + ":B1" if lang != "en:B2" else "en:B2")
        if mid == "UNISFA" and lead == "yes":
            langs += ";ar:B2"  # Abyei: an Arabic-speaking team leader
            skill += ";investigation"
        positions.append([mid, role, count, rank, years, langs, skill, lead, prio])
write("missions.csv", ["mission_id", "name", "name_fr", "country", "organization", "start", "months", "min_women_share", "language", "min_language_share", "max_per_service"], missions)
# Second contingents: the same roles again, with their own tour (start, and
# months when it differs from the mission's), named ROLE_2nd. The first
# contingent's positions follow the mission's tour (start and months empty).
SECOND = {  # mission: (start, months or "", {role: count})
    "MONUSCO": ("2027-10-15", "", {"team_leader": 1, "community_policing_advisor": 2, "sgbv_investigator": 2}),
    "UNFICYP": ("2027-11-01", 12, {"trainer": 1, "sgbv_investigator": 1}),
    "BINUH": ("2028-02-01", "", {"team_leader": 1, "investigator": 1}),
}
for row in list(positions):
    row += ["", ""]
for row in list(positions):
    mid, role = row[0], row[1]
    if mid in SECOND and role in SECOND[mid][2]:
        start, months, counts = SECOND[mid]
        positions.append([mid, role + "_2nd", counts[role]] + row[3:9] + [start, months])
positions.sort(key=lambda r: [m[0] for m in MISSIONS].index(r[0]))  # stable: a mission's rows together
write("positions.csv", ["mission_id", "role", "count", "min_rank", "min_years", "languages", "skills", "leadership", "priority", "start", "months"], positions)

WOMEN = ["Amélie", "Chloé", "Elodie", "Gisèle", "Inès", "Kaia", "Maëlle", "Odile", "Rosalie", "Tessa", "Vanessa", "Yara",
         "Zoé", "Anouk", "Cyrielle", "Estelle"]
MEN = ["Bastien", "Dario", "Farid", "Hamza", "Jonah", "Liam", "Nikhil", "Pavel", "Samir", "Ulric", "Wendell", "Dev", "Mathis",
       "Olivier", "Rémi", "Tobias"]
FIRST = {"F": WOMEN, "M": MEN, "X": ["Quinn", "Bryn", "Alex", "Sacha"]}
LAST = ["Arsenault", "Bellerose", "Chaudhry", "Desrochers", "Ekwueme", "Fontaine", "Grewal", "Hachey", "Iqbal", "Jourdain",
        "Kowalczyk", "Lavoie-Tran", "Marchetti", "Nakamura", "Ouellette", "Pelletier-Khan", "Quesnel", "Rutherford", "Sauvé",
        "Tremblay-Ortiz", "Umarov", "Villeneuve", "Whitecloud", "Zbarsky", "Aucoin", "Brisebois", "Caron-Singh", "Dufresne"]
RANKS = ["constable", "corporal", "sergeant", "staff_sergeant", "inspector", "superintendent", "chief_superintendent"]
RANK_W = [30, 22, 20, 13, 8, 5, 2]
LEVELS = ["A2", "B1", "B2", "C1", "C2"]
francophone = {"SPVM", "SPVQ", "SPVG", "SPAL"}
weights = [int(s[3]) ** 0.6 for s in services]
mission_ids = [m[0] for m in MISSIONS]
officers, scores, used = [], [], set()
for i in range(1, 401):
    svc = rng.choices(services, weights)[0][0]
    rank_i = rng.choices(range(len(RANKS)), RANK_W)[0]
    years = 3 + rank_i * 4 + rng.randint(0, 7)
    gender = "F" if rng.random() < 0.27 else ("X" if rng.random() < 0.01 else "M")
    while True:
        name = f"{rng.choice(FIRST[gender])} {rng.choice(LAST)}"
        if name not in used:
            used.add(name)
            break
    langs = []
    if svc in francophone:
        langs.append("fr:C2")
        if rng.random() < 0.8:
            langs.append("en:" + rng.choice(LEVELS[1:]))
    else:
        langs.append("en:C2")
        if rng.random() < 0.3:
            langs.append("fr:" + rng.choice(LEVELS))
    for other in ["es", "ar", "ht", "pt"]:
        if rng.random() < 0.05:
            langs.append(f"{other}:" + rng.choice(LEVELS))
    skills = sorted(rng.sample([r[1] for r in ROLES], k=rng.randint(1, 3)))
    lead = "yes" if rng.random() < min(0.9, 0.05 + 0.18 * rank_i) else "no"
    score = rng.randint(55, 98)
    prefs = rng.sample(mission_ids, k=rng.randint(0, 3))
    excl = [m for m in mission_ids if m not in prefs and rng.random() < 0.01]
    avail_from = f"2027-0{rng.randint(2, 6)}-01" if rng.random() < 0.06 else ""
    avail_until = f"2027-{rng.randint(9, 12):02}-31".replace("09-31", "09-30").replace("11-31", "11-30") if rng.random() < 0.05 else ""
    oid = f"CPA-{i:04d}"
    officers.append([oid, name, svc, gender, RANKS[rank_i], years, ";".join(langs), ";".join(skills), lead, score,
                     ";".join(prefs), ";".join(excl), avail_from, avail_until])
    if rng.random() < 0.08:
        scores.append([oid, rng.choice(mission_ids), rng.randint(50, 100)])
# last_return: about one officer in ten came home from a mission between
# mid-2025 and the end of 2026 (used by --cooldown-months). Its own
# generator, so the officers above stay those of earlier versions.
rng2 = random.Random(1000 + int(__import__("os").environ.get("SEED", "2")))
for o in officers:
    o.append(f"{rng2.choice([2025, 2026, 2026])}-{rng2.randint(1, 12):02}-{rng2.choice([15, 28])}" if rng2.random() < 0.1 else "")
write("officers.csv", ["officer_id", "name", "service_id", "gender", "rank", "years_service", "languages", "skills", "leadership",
                       "board_score", "preferences", "excluded", "available_from", "available_until", "last_return"], officers)
write("scores.csv", ["officer_id", "mission_id", "score"], scores)

# "@SVC": the best-scored leadership-qualified staff sergeant or above of that
# service with French, away now as a team leader: a candidate for the
# second contingent once home.
def away_officer(svc):
    fit = [o for o in officers if o[2] == svc and RANKS.index(o[4]) >= 3 and o[8] == "yes" and "fr:" in o[6] and not o[14]]
    return max(fit, key=lambda o: int(o[9]))[0]
deployments = [[svc, away_officer(oid[1:]) if oid.startswith("@") else oid, mid, role, start, until]
               for svc, oid, mid, role, start, until in DEPLOYMENTS]
write("deployments.csv", ["service_id", "officer_id", "mission_id", "role", "start", "until"], deployments)
