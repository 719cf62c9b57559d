#!/usr/bin/env python3
"""Independent pool generator for cross-checking missionmatch.

Written from docs/input-files.md and docs/model.md only (not from the
project's own generator), so that the shapes and distributions are its own.

    python3 scripts/independent_pools.py --out /tmp/indep_pools/set1 --seed 1 --count 10

writes DIR/pool-000 ... DIR/pool-(K-1), each a data folder of CSV files
(services, missions, positions, officers, and optionally scores, pins,
deployments), and in some a file `rotations_until` holding one date.
Each folder also gets `shape.txt` (not read by missionmatch: it is not a
CSV file) describing the traits drawn, so an anomaly can be traced to a shape.

`--scale medium` draws the same shapes at the size of a national pool:
1,500-3,000 officers, 25-60 missions (ids beyond the 15 real ones get a
suffix, `UNMISS-B`; a single_mission pool keeps one mission with 30-60
roles) and 15-46 services, with seats, releases, officers away and pins
scaled so that a scarce pool stays scarce and an ample one ample.
`--scale small`, the default, draws pools of 20-400 officers and 1-10
missions.

`--conflicting-pins` writes instead pools whose pins.csv deliberately
cannot hold (or breaks an eligibility rule): for checking the error
messages of validate; these folders are NOT valid input by design, and
`expected_error.txt` says which conflict was planted.

`--check-plan POOL PLAN` checks a plan (an assignments.csv) against the
pool as drawn (`pool.json`, written beside the CSV files and not read by
missionmatch), by this script's own reading of the rules and limits.

Standard library only, and one file longer than the project's others on
purpose: an independent checker is copied to a machine and run with
`python3` alone, without the project or a package around it.
"""

import argparse
import calendar
import csv
import datetime as dt
import io
import math
import os
import random
import shutil

D = dt.date

RANKS = ["constable", "corporal", "sergeant", "staff_sergeant", "inspector",
         "superintendent", "chief_superintendent", "executive"]
RANK_ALIASES = {
    "staff_sergeant": ["Staff Sergeant", "staff-sergeant", "sergeant_major",
                       "Staff  Sergeant", "STAFF_SERGEANT"],
    "executive": ["deputy_chief", "chief", "assistant_commissioner",
                  "Deputy Commissioner", "commissioner"],
    "constable": ["Constable", "CONSTABLE"],
    "sergeant": ["Sergeant"],
    "chief_superintendent": ["Chief Superintendent", "chief-superintendent"],
}
LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2"]
LANGS = ["en", "fr", "es", "ar", "pt", "ht", "ru", "sw", "uk", "de", "fa", "ln"]
SKILLS = ["investigation", "human_rights", "community_policing", "training",
          "command", "gender_based_violence", "forensics", "cybercrime",
          "public_order", "intelligence", "border_security", "close_protection",
          "traffic", "child_protection", "anti_corruption", "k9"]

SKILL_W = [8, 6, 6, 5, 6, 4, 2, 1, 2, 2, 1, 1, 1, 1, 1, 0.5]

SERVICE_POOL = [
    ("RCMP", "Royal Canadian Mounted Police", "Gendarmerie royale du Canada", "ON", 19000),
    ("TPS", "Toronto Police Service", "", "ON", 5568),
    ("SQ", "Sûreté du Québec", "", "QC", 5700),
    ("OPP", "Ontario Provincial Police", "Police provinciale de l'Ontario", "ON", 6200),
    ("SPVM", "Service de police de la Ville de Montréal", "", "QC", 4480),
    ("PRP", "Peel Regional Police", "", "ON", 1911),
    ("CPS", "Calgary Police Service", "", "AB", 1882),
    ("EPS", "Edmonton Police Service", "", "AB", 1628),
    ("YRP", "York Regional Police", "", "ON", 1454),
    ("WPS", "Winnipeg Police Service", "", "MB", 1341),
    ("VPD", "Vancouver Police Department", "", "BC", 1352),
    ("OPS", "Ottawa Police Service", "Service de police d'Ottawa", "ON", 1351),
    ("DRPS", "Durham Regional Police Service", "", "ON", 915),
    ("HPS", "Hamilton Police Service", "", "ON", 802),
    ("SPVQ", "Service de police de la Ville de Québec", "", "QC", 714),
    ("SRCMP", "Surrey RCMP (municipal contract)", "GRC de Surrey (contrat municipal)", "BC", 615),
    ("HRP", "Halifax Regional Police", "", "NS", 516),
    ("SPS", "Saskatoon Police Service", "", "SK", 440),
    ("RPS", "Regina Police Service", "", "SK", 400),
    ("SPVG", "Service de police de la Ville de Gatineau", "", "QC", 348),
    ("RNC", "Royal Newfoundland Constabulary (St. John's)", "", "NL", 325),
    ("SPAL", "Service de police de l'agglomération de Longueuil", "", "QC", 558),
    ("LPS", "London Police Service", "", "ON", 600),
    ("WRPS", "Waterloo Regional Police Service", "", "ON", 800),
    ("NRPS", "Niagara Regional Police Service", "", "ON", 720),
    ("VicPD", "Victoria Police Department", "", "BC", 249),
    ("FPS", "Fredericton Police Force", "Force policière de Fredericton", "NB", 113),
    ("CPPS", "Charlottetown Police Services", "", "PE", 66),
    ("SPL", "Service de police de Lévis", "", "QC", 150),
    ("SPS-SH", "Service de police de Sherbrooke", "", "QC", 200),
    ("BPS", "Brandon Police Service", "", "MB", 85),
    ("KPS", "Kingston Police", "", "ON", 200),
    ("SSM", "Sault Ste. Marie Police Service", "", "ON", 135),
    ("TBPS", "Thunder Bay Police Service", "", "ON", 230),
    ("NAPS", "Nishnawbe-Aski Police Service", "", "ON", 140),
    ("KRPS", "Kahnawake Peacekeepers", "Peacekeepers de Kahnawake", "QC", 35),
    ("APS", "Anishinabek Police Service", "", "ON", 70),
    ("SPRS", "Service de police de Roussillon", "", "QC", 96),
    ("TPS-NL", "Truro Police Service", "", "NS", 34),
    ("BPD", "Bathurst Police Force", "Force policière de Bathurst", "NB", 30),
    ("MHPS", "Medicine Hat Police Service", "", "AB", 110),
    ("LETH", "Lethbridge Police Service", "", "AB", 170),
    ("GPS", "Guelph Police Service", "", "ON", 200),
    ("CKPS", "Chatham-Kent Police Service", "", "ON", 165),
    ("SPTR", "Service de police de Trois-Rivières", "", "QC", 150),
    ("SPVS", "Service de police de la Ville de Saguenay", "", "QC", 180),
]

MISSION_POOL = [
    ("BINUH", "United Nations Integrated Office in Haiti", "Bureau intégré des Nations Unies en Haïti", "Haiti", "UN", "fr"),
    ("MINUSCA", "United Nations Multidimensional Integrated Stabilization Mission in the Central African Republic", "", "Central African Republic", "UN", "fr"),
    ("MONUSCO", "United Nations Organization Stabilization Mission in the Democratic Republic of the Congo", "", "DR Congo", "UN", "fr"),
    ("UNMISS", "United Nations Mission in the Republic of South Sudan", "Mission des Nations Unies au Soudan du Sud", "South Sudan", "UN", "en"),
    ("UNFICYP", "United Nations Peacekeeping Force in Cyprus", "", "Cyprus", "UN", "en"),
    ("UNISFA", "United Nations Interim Security Force for Abyei", "", "Sudan / South Sudan", "UN", "ar"),
    ("UNMIK", "United Nations Interim Administration Mission in Kosovo", "", "Serbia / Kosovo", "UN", "en"),
    ("UNVMC", "United Nations Verification Mission in Colombia", "Mission de vérification des Nations Unies en Colombie", "Colombia", "UN", "es"),
    ("MINURSO", "United Nations Mission for the Referendum in Western Sahara", "", "Western Sahara", "UN", "ar"),
    ("UNIFIL", "United Nations Interim Force in Lebanon", "Force intérimaire des Nations Unies au Liban", "Lebanon", "UN", "ar"),
    ("EUAM-UA", "EU Advisory Mission Ukraine", "", "Ukraine", "EU", "uk"),
    ("EUPOL-COPPS", "EU Police and Rule of Law Mission for the Palestinian Territories", "", "Palestinian Territories", "EU", "ar"),
    ("UNSMIL", "United Nations Support Mission in Libya", "", "Libya", "UN", "ar"),
    ("MSS-HT", "Multinational Security Support Mission in Haiti", "Mission multinationale d'appui à la sécurité en Haïti", "Haiti", "Kenya-led", "ht"),
    ("UNAMA", "United Nations Assistance Mission in Afghanistan", "", "Afghanistan", "UN", "fa"),
]

# --scale medium: more missions than the 15 real ones, each a second (third, ...) office of a
# real mission, with the same working language
MISSION_SUFFIXES = ["B", "C", "D", "E"]


def medium_mission_pool():
    out = list(MISSION_POOL)
    for suf in MISSION_SUFFIXES:
        for (mid, name, name_fr, country, org, lang) in MISSION_POOL:
            out.append((f"{mid}-{suf}", f"{name}, office {suf}", f"{name_fr}, bureau {suf}" if name_fr else "",
                        country, org, lang))
    return out


ROLES = [
    # role, min_rank, min_years, skills, leadership, priority
    ("head_of_contingent", "superintendent", 20, ["command"], True, 3),
    ("deputy_head_of_contingent", "inspector", 16, ["command"], True, 2.5),
    ("team_leader", "staff_sergeant", 12, ["command"], True, 2),
    ("investigator", "corporal", 5, ["investigation"], False, 1),
    ("human_rights_officer", "constable", 5, ["human_rights"], False, 1),
    ("community_policing_advisor", "constable", 4, ["community_policing"], False, 1),
    ("sgbv_investigator", "corporal", 5, ["gender_based_violence", "investigation"], False, 2),
    ("trainer", "sergeant", 8, ["training"], False, 1),
    ("forensic_specialist", "corporal", 6, ["forensics"], False, 1.5),
    ("cybercrime_advisor", "sergeant", 7, ["cybercrime"], False, 1.25),
    ("public_order_advisor", "sergeant", 10, ["public_order"], False, 1),
    ("police adviser", "constable", 3, [], False, 1),
    ("IPO", None, None, [], False, 0.5),
    ("child_protection_officer", "constable", 5, ["child_protection"], False, 1.75),
    ("border_management_advisor", "corporal", 6, ["border_security"], False, 0.75),
    ("anti-corruption mentor", "inspector", 15, ["anti_corruption", "investigation"], False, 1.1),
    ("close_protection_officer", "constable", 3, ["close_protection"], False, 0.01),
    ("intelligence_analyst", "corporal", 5, ["intelligence"], False, 100),
]

FIRST_F = ["Anouk", "Chloé", "Émilie", "Sarah", "Priya", "Fatima", "Marie-Ève", "Isabelle",
           "Aisha", "Nadia", "Léa", "Zoë", "Olivia", "Kateri", "Mei", "Siobhan", "Ngozi",
           "Amélie", "Geneviève", "Rania", "Hana", "Maëlle", "Josée", "Tanya"]
FIRST_M = ["Mathis", "Dev", "Bastien", "Tobias", "Liam", "Olivier", "Hamza", "Jean-François",
           "Étienne", "Kwame", "Rahul", "Gurpreet", "Noah", "Luc", "Matteo", "Declan",
           "Amir", "François", "Youssef", "Pierre-Luc", "Connor", "Hiroshi", "Kenji", "Ali"]
FIRST_X = ["Alex", "Sam", "Robin", "Charlie", "Jessie", "Dominique", "Camille"]
LAST = ["Nakamura", "Villeneuve", "Caron-Singh", "Marchetti", "Quesnel", "Iqbal",
        "Desrochers", "Pelletier-Khan", "Ekwueme", "Lavoie-Tran", "Tremblay", "Gagnon",
        "Roy", "Côté", "Bouchard", "O'Neil", "MacDonald", "Smith", "Nguyen", "Singh",
        "Bélanger", "Lévesque", "Okafor", "Ahmadi", "Kowalski", "Da Silva", "St-Pierre",
        "Wong", "Chen", "Morin", "Gauthier", "Paquette", "Leblanc", "Sauvé", "Haddad",
        "Bergeron", "Fortin", "McCarthy", "Østergaard", "Nuñez"]


# ---------------------------------------------------------------- dates

def add_months(d, n):
    y = d.year + (d.month - 1 + n) // 12
    m = (d.month - 1 + n) % 12 + 1
    last = calendar.monthrange(y, m)[1]
    return D(y, m, min(d.day, last))


def tour_end(start, months):
    """Documented rule: same day `months` later (its last day when shorter), minus one day."""
    return add_months(start, months) - dt.timedelta(days=1)


def rand_date(rng, lo, hi):
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def awkward_date(rng, lo, hi):
    """Mostly plain dates; sometimes month ends, the 29th-31st, or a leap day."""
    r = rng.random()
    if r < 0.15:
        return rng.choice([D(2027, 1, 31), D(2027, 3, 31), D(2028, 2, 29), D(2027, 8, 31),
                           D(2027, 10, 31), D(2028, 1, 30), D(2027, 5, 29), D(2027, 12, 31)])
    if r < 0.5:
        d = rand_date(rng, lo, hi)
        return D(d.year, d.month, 1)
    if r < 0.6:
        d = rand_date(rng, lo, hi)
        return D(d.year, d.month, 15)
    return rand_date(rng, lo, hi)


# ---------------------------------------------------------------- helpers

def rank_ix(r):
    return RANKS.index(r)


def fmt_num(x, decimals=None):
    if isinstance(x, int):
        return str(x)
    if decimals is not None:
        s = f"{x:.{decimals}f}"
    else:
        s = repr(float(x))
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


class Pool:
    pass


def weighted(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


def split_total(total, weights, fixed):
    """`fixed` with the entries of positive weight replaced by a split of `total` (at least 0)
    in proportion to the weights, largest remainders first, so that they add up to `total`."""
    total = max(0, total)
    tot = sum(weights)
    share = [total * x / tot for x in weights]
    out = [math.floor(x) if weights[i] > 0 else fixed[i] for i, x in enumerate(share)]
    free = [i for i in range(len(out)) if weights[i] > 0]
    for i in sorted(free, key=lambda i: share[i] - out[i], reverse=True)[:total - sum(out[i] for i in free)]:
        out[i] += 1
    return out


# ---------------------------------------------------------------- drawing a pool

ARCHETYPES = [
    "giant_and_tiny",
    "scarce",
    "pins_heavy",
    "targets_impossible",
    "requirements_extreme",
    "ties",
    "dated",
    "rotations",
    "decimals_and_scores",
    "single_mission",
    "ample_everything",
    "zero_release",
    "contention",
]


def draw_traits(rng, archetype, scale="small"):
    t = {
        "archetype": archetype,
        "giant": rng.random() < 0.3,
        "fill_share": rng.uniform(0.3, 1.0),
        "pins": weighted(rng, ["none", "few", "many"], [4, 4, 2]),
        "targets": weighted(rng, ["none", "normal", "impossible"], [3, 5, 2]),
        "extreme_req": rng.random() < 0.3,
        "ties": rng.random() < 0.2,
        "decimals": rng.random() < 0.4,
        "scores_csv": rng.random() < 0.5,
        "dated": rng.random() < 0.5,
        "deployments": rng.random() < 0.4,
        "rotations": False,
        "last_return": rng.random() < 0.4,
        "availability": rng.random() < 0.4,
        "prefs": weighted(rng, ["none", "some", "all"], [2, 5, 2]),
        "max_per_service": rng.random() < 0.5,
        "format": weighted(rng, ["plain", "crlf_bom", "semicolon", "tab", "messy"], [4, 2, 2, 1, 2]),
        "officers": None,
        "missions": None,
        "quirky_values": rng.random() < 0.4,
        "soft": rng.random() < 0.35,
    }
    if archetype == "giant_and_tiny":
        t["giant"] = True
    elif archetype == "scarce":
        t["fill_share"] = rng.uniform(0.3, 0.5)
    elif archetype == "pins_heavy":
        t["pins"] = "many"
    elif archetype == "targets_impossible":
        t["targets"] = "impossible"
    elif archetype == "requirements_extreme":
        t["extreme_req"] = True
    elif archetype == "ties":
        t["soft"] = True
        t["ties"] = True
        t["decimals"] = False
        t["scores_csv"] = False
        t["prefs"] = weighted(rng, ["none", "some"], [3, 1])
    elif archetype == "dated":
        t["dated"] = True
        t["deployments"] = True
        t["last_return"] = True
    elif archetype == "rotations":
        t["dated"] = rng.random() < 0.7
        t["deployments"] = True
        t["rotations"] = True
    elif archetype == "decimals_and_scores":
        t["decimals"] = True
        t["scores_csv"] = True
        t["format"] = rng.choice(["semicolon", "plain", "messy"])
    elif archetype == "single_mission":
        t["missions"] = 1
    elif archetype == "ample_everything":
        t["fill_share"] = rng.uniform(1.2, 3.0)
    elif archetype == "contention":
        # many eligible officers, few releases, moderate targets: the levels have to trade
        t["soft"] = True
        t["extreme_req"] = False
        t["fill_share"] = rng.uniform(0.4, 0.8)
        t["targets"] = "normal"
        t["max_per_service"] = True
        t["officers"] = rng.randint(150, 400)
        t["missions"] = rng.randint(4, 10)
    elif archetype == "zero_release":
        t["fill_share"] = rng.uniform(0.3, 0.6)
        t["zero_release"] = True
    if scale == "medium":
        # a national pool; the archetype's own traits above stay (one mission stays one)
        t["scale"] = "medium"
        t["officers"] = rng.randint(1500, 3000)
        t["missions"] = 1 if archetype == "single_mission" else rng.randint(25, 60)
    if t["officers"] is None:
        t["officers"] = weighted(rng, [rng.randint(20, 60), rng.randint(60, 200), rng.randint(200, 400)], [3, 4, 3])
    if t["missions"] is None:
        t["missions"] = weighted(rng, [1, rng.randint(2, 4), rng.randint(5, 10)], [1, 4, 4])
    return t


def make_pool(rng, traits, conflicting=None):
    P = Pool()
    P.traits = traits
    P.warnings_expected = []
    n_off = traits["officers"]
    n_mis = traits["missions"]
    medium = traits.get("scale") == "medium"
    fmt_prefix = rng.choice(["CPA-{:04d}", "CPA-{:04d}", "IPO-{:05d}", "{svc}-{:04d}", "P{:06d}",
                             "CIVPOL-27-{:03d}", "cpa{:04d}"])
    P.id_style = fmt_prefix

    # ---- missions
    mis = rng.sample(medium_mission_pool() if medium else MISSION_POOL, n_mis)
    P.missions = []
    for (mid, name, name_fr, country, org, lang) in mis:
        m = {"id": mid, "name": name, "name_fr": name_fr, "country": country, "org": org}
        if traits["dated"]:
            m["start"] = awkward_date(rng, D(2027, 1, 1), D(2028, 6, 30))
            m["months"] = weighted(rng, [1, 3, 6, 9, 12, 18, 24], [1, 2, 4, 3, 5, 1, 1])
        else:
            # undated flavour: every tour overlaps one common day
            m["start"] = rng.choice([D(2027, 2, 1), D(2027, 3, 1), D(2027, 3, 15), D(2027, 4, 1)])
            m["months"] = rng.choice([9, 12, 12, 12])
        m["lang_code"] = lang
        m["women"] = None
        m["language"] = None
        m["lang_share"] = None
        tg = traits["targets"]
        if tg == "normal":
            m["women"] = rng.choice([None, 0.25, 0.3, 0.4, 0.5])
            if rng.random() < 0.6:
                m["language"] = f"{lang}:{rng.choice(['B1', 'B2'])}" if rng.random() < 0.8 else lang
                m["lang_share"] = rng.choice([None, 0.5, 0.6, 0.9])
        elif tg == "impossible":
            m["women"] = rng.choice([0.8, 0.9, 1.0, 0.75])
            m["language"] = f"{rng.choice(['sw', 'ln', 'fa', 'uk', lang])}:{rng.choice(['C1', 'C2'])}"
            m["lang_share"] = rng.choice([0.9, 1.0, 1])
        if traits["max_per_service"] and rng.random() < 0.7:
            m["mps"] = weighted(rng, [1, 2, 3, rng.randint(4, 12)], [3, 3, 2, 2])
        else:
            m["mps"] = None
        P.missions.append(m)

    # ---- positions
    P.positions = []
    for m in P.missions:
        if n_mis == 1 and medium:
            n_roles = rng.randint(30, 60)
        elif n_mis == 1:
            n_roles = rng.randint(4, 12)
        else:
            n_roles = weighted(rng, [1, 2, 3, 4, 6], [1, 3, 4, 3, 1])
        roles = rng.sample(ROLES, min(n_roles, len(ROLES)))
        if n_roles > len(ROLES):
            # one mission of a national pool: each role again in further sectors (team_leader_2, ...)
            for k in range(2, 2 + (n_roles - 1) // len(ROLES)):
                again = rng.sample(ROLES, min(n_roles - len(roles), len(ROLES)))
                roles += [((f"{r[0]}_{k}" if " " not in r[0] else f"{r[0]} {k}"),) + r[1:] for r in again]
        contingents = []
        for (role, mr, my, sk, lead, prio) in roles:
            p = {"mission": m["id"], "role": role, "min_rank": mr, "min_years": my,
                 "skills": list(sk), "leadership": lead, "priority": prio,
                 "langs": [], "start": None, "months": None}
            if role.rstrip("_ 0123456789") in ("head_of_contingent", "deputy_head_of_contingent", "team_leader"):
                p["count"] = 1  # team_leader_2 too
            elif medium:
                # larger contingents, so that the seats grow with the officers (3-5 officers a seat)
                p["count"] = weighted(rng, [1, 2, 3, rng.randint(4, 12), rng.randint(13, 40)], [4, 3, 2, 2, 1])
            else:
                p["count"] = weighted(rng, [1, 2, 3, rng.randint(4, 8), rng.randint(9, 25)], [4, 3, 2, 2, 1])
            # language requirement: the mission's
            lvl = rng.choice(["A2", "B1", "B2"]) if m["lang_code"] in ("en", "fr") else rng.choice(["A1", "A2", "B1", ""])
            if rng.random() < (0.75 if m["lang_code"] in ("en", "fr", "es") else 0.35):
                p["langs"].append(f"{m['lang_code']}:{lvl}" if lvl else m["lang_code"])
            if False:
                p["langs"].append(f"{m['lang_code']}:{lvl}")
            if rng.random() < 0.4 and m["lang_code"] != "en":
                p["langs"].append(f"en:{rng.choice(['B1', 'B2'])}")
            if traits["extreme_req"] and rng.random() < 0.35:
                # many languages / many skills
                extra = rng.sample([l for l in LANGS if l not in (x.split(':')[0] for x in p["langs"])], rng.randint(2, 4))
                p["langs"] += [f"{c}:{rng.choice(LEVELS)}" if rng.random() < 0.8 else c for c in extra]
                p["skills"] = list(dict.fromkeys(p["skills"] + rng.sample(SKILLS, rng.randint(2, 5))))
            if traits["extreme_req"] and rng.random() < 0.25:
                # nobody meets: the rank/years top
                p["min_rank"] = "executive"
                p["min_years"] = rng.choice([40, 45, 60])
            elif traits["extreme_req"] and rng.random() < 0.25:
                # everybody meets
                p["min_rank"] = rng.choice(["constable", None])
                p["min_years"] = rng.choice([0, None])
                p["langs"] = []
                p["skills"] = []
                p["leadership"] = False
            if traits["soft"] and not traits["extreme_req"]:
                if rng.random() < 0.7:
                    p["skills"] = []
                if p["min_rank"] and rng.random() < 0.6:
                    p["min_rank"] = RANKS[max(0, rank_ix(p["min_rank"]) - 2)]
                p["langs"] = [x for x in p["langs"] if x.split(":")[0] in ("en", "fr", "es")][:1]
            if not traits["extreme_req"]:
                # softer requirements, so that the pools have contention
                if rng.random() < 0.35:
                    p["skills"] = p["skills"][:1] if rng.random() < 0.5 else []
                if p["min_rank"] and rng.random() < 0.3:
                    p["min_rank"] = RANKS[max(0, rank_ix(p["min_rank"]) - rng.randint(1, 3))]
                if p["min_years"] and rng.random() < 0.3:
                    p["min_years"] = max(0, p["min_years"] - rng.randint(2, 8))
            if traits["decimals"] and rng.random() < 0.3:
                p["priority"] = rng.choice([0.01, 0.33, 1.5, 2.75, 99.99, 100, 7.25])
            if traits["dated"] and rng.random() < 0.5:
                # own tour: overlapping or non-overlapping with the mission's
                kind = rng.random()
                mend = tour_end(m["start"], m["months"])
                if kind < 0.4:
                    p["start"] = mend + dt.timedelta(days=rng.choice([1, 2, 30]))  # next contingent
                elif kind < 0.7:
                    p["start"] = m["start"] + dt.timedelta(days=rng.randint(10, 200))  # staggered
                else:
                    p["start"] = awkward_date(rng, D(2027, 1, 1), D(2028, 12, 31))
                if rng.random() < 0.6:
                    p["months"] = rng.choice([1, 2, 6, 9, 12, 13])
            contingents.append(p)
            # a second contingent row, the sample's style
            if traits["dated"] and rng.random() < 0.2 and "@" not in role:
                q = dict(p)
                q["skills"] = list(p["skills"])
                q["langs"] = list(p["langs"])
                q["role"] = role.replace(" ", "_") + "_2nd" if " " not in role else role + " 2nd"
                q["start"] = tour_end(p["start"] or m["start"], p["months"] or m["months"]) + dt.timedelta(days=1)
                q["months"] = p["months"]
                contingents.append(q)
        P.positions += contingents

    def ptour(p):
        m = next(mm for mm in P.missions if mm["id"] == p["mission"])
        s = p["start"] or m["start"]
        mo = p["months"] or m["months"]
        return s, tour_end(s, mo)
    P.ptour = ptour

    seats = sum(p["count"] for p in P.positions)

    # ---- services
    if medium:
        n_svc = rng.randint(15, len(SERVICE_POOL))
    else:
        n_svc = weighted(rng, [rng.randint(1, 3), rng.randint(3, 8), rng.randint(8, 25)], [1, 4, 3])
    if traits["giant"] and not medium:
        n_svc = max(n_svc, rng.randint(6, 25))
    svcs = rng.sample(SERVICE_POOL, min(n_svc, len(SERVICE_POOL)))
    if traits["giant"]:
        svcs.sort(key=lambda s: -s[4])
    P.services = []
    target_cap = max(0, round(traits["fill_share"] * seats))
    # split the capacity: giant takes most, others small (0, 1, 2)
    caps = []
    if traits["giant"]:
        g = max(1, round(target_cap * rng.uniform(0.5, 0.9)))
        caps.append(g)
        rest = max(0, target_cap - g)
        for _ in svcs[1:]:
            c = weighted(rng, [0, 1, 2], [3, 4, 2])
            caps.append(c)
        # fix the sum roughly
        if medium:
            # forty tiny services would add up: they share what the giant leaves, the giant the rest
            while sum(caps[1:]) > rest:
                i = rng.choice([k for k in range(1, len(caps)) if caps[k] > 0])
                caps[i] -= 1
            caps[0] += rest - sum(caps[1:])
    else:
        w = [rng.random() ** 2 + 0.05 for _ in svcs]
        tot = sum(w)
        caps = [max(0, int(round(target_cap * x / tot))) for x in w]
        tiny = []
        for i in range(len(caps)):
            if rng.random() < 0.2:
                caps[i] = rng.choice([0, 1, 2])
                tiny.append(i)
        if medium and len(tiny) < len(caps):
            # the others release what the tiny ones do not, so the total stays fill_share x seats
            caps = split_total(target_cap - sum(caps[i] for i in tiny),
                               [0 if i in tiny else w[i] for i in range(len(caps))], caps)
    if traits.get("zero_release"):
        for i in range(len(caps)):
            if rng.random() < 0.5:
                caps[i] = 0
        if all(c == 0 for c in caps):
            caps[0] = 1
    for (sid, name, name_fr, prov, sworn), cap in zip(svcs, caps):
        s = {"id": sid, "name": name, "name_fr": name_fr, "province": prov,
             "sworn": sworn, "max_deployed": None, "deployed_now": None, "deps": []}
        mode = rng.random()
        if mode < 0.35:
            # via the default release share: choose sworn so floor(sworn*0.01) == cap (exact hundreds + slack)
            s["sworn"] = cap * 100 + rng.choice([0, 1, 37, 99])
            s["max_deployed"] = None
        else:
            s["max_deployed"] = cap
        if rng.random() < 0.25 and cap > 0:
            s["deployed_now"] = rng.randint(0, min(cap, 3))
            if rng.random() < 0.1:
                s["deployed_now"] = cap + 1  # already over the limit: releases nobody (a warning)
        elif rng.random() < 0.2:
            s["deployed_now"] = 0
        P.services.append(s)

    def cap_of(s):
        if s["max_deployed"] is not None:
            return s["max_deployed"]
        return min(math.floor(s["sworn"] * 0.01), s["sworn"] // 100)
    P.cap_of = cap_of

    # ---- officers: distributed over the services
    svc_w = []
    for i, s in enumerate(P.services):
        if traits["giant"] and i == 0:
            svc_w.append(len(P.services) * rng.uniform(1.5, 4))
        elif traits["giant"]:
            svc_w.append(rng.choice([0.05, 0.1, 0.2, 0.3]))
        else:
            svc_w.append(rng.random() + 0.1)
    P.officers = []
    taken = set()
    seq = list(range(1, 10000))
    if "P{" in fmt_prefix or "IPO" in fmt_prefix:
        nums = rng.sample(range(1, 99999), n_off)
    else:
        # distinct numbers, so distinct ids; a national pool's numbers are sparser (up to 5 digits)
        hi = 30000 if medium else 9000
        nums = sorted(rng.sample(range(1, hi), n_off)) if rng.random() < 0.5 else list(range(1, n_off + 1))
    # ties: a handful of score values
    tie_values = [70] if rng.random() < 0.5 else [55, 70, 85]
    pool_langs = sorted({m["lang_code"] for m in P.missions} - {"en", "fr"})
    lang_rate = rng.choice([0.1, 0.2, 0.35])
    women_rate = 0.05 if traits["targets"] == "impossible" else weighted(rng, [0.1, 0.25, 0.4, 0.6], [1, 3, 2, 1])
    for k in range(n_off):
        s = rng.choices(P.services, weights=svc_w, k=1)[0]
        oid = fmt_prefix.format(nums[k], svc=s["id"])
        while oid in taken:
            oid = oid + "b"
        taken.add(oid)
        g = weighted(rng, ["F", "M", "X"], [women_rate, 1 - women_rate - 0.02, 0.02])
        first = rng.choice(FIRST_F if g == "F" else FIRST_M if g == "M" else FIRST_X)
        last = rng.choice(LAST)
        if rng.random() < 0.05:
            name = f"{last}, {first[0]}."  # a comma inside: quoted by the csv writer
        else:
            name = f"{first} {last}"
        r = weighted(rng, list(range(8)), [30, 18, 18, 14, 9, 6, 3, 2])
        years = max(0, min(45, int(rng.gauss(3 + r * 3.5, 4))))
        if rng.random() < 0.02:
            years = 0
        langs = {}
        if s["province"] == "QC":
            langs["fr"] = "C2"
            if rng.random() < 0.7:
                langs["en"] = rng.choice(LEVELS[1:])
        else:
            langs["en"] = "C2"
            if rng.random() < 0.35:
                langs["fr"] = rng.choice(LEVELS)
        for _ in range(weighted(rng, [0, 1, 2, 3], [5, 3, 1, 0.3])):
            langs.setdefault(rng.choice(LANGS), rng.choice(LEVELS))
        for c in pool_langs:
            if c not in langs and rng.random() < lang_rate:
                langs[c] = weighted(rng, LEVELS, [1, 2, 3, 3, 2, 1])
        if rng.random() < 0.01:
            langs = {}
        nsk = weighted(rng, [0, 1, 2, 3, 4, 6, 10], [1, 3, 4, 4, 2, 0.5, 0.2])
        skills = []
        while len(skills) < nsk:
            k = rng.choices(SKILLS, weights=SKILL_W, k=1)[0]
            if k not in skills:
                skills.append(k)
        if r >= 3 and rng.random() < 0.6 and "command" not in skills:
            skills.append("command")
        lead = r >= 3 and rng.random() < 0.6 or rng.random() < 0.05
        if traits["ties"]:
            score = rng.choice(tie_values)
        elif traits["decimals"] and rng.random() < 0.6:
            score = round(rng.uniform(40, 100), rng.choice([1, 1, 2]))
        else:
            score = rng.randint(35, 100)
        if rng.random() < 0.02:
            score = rng.choice([0, 100])
        o = {"id": oid, "name": name, "service": s["id"], "gender": g, "rank": RANKS[r],
             "rank_text": RANKS[r], "years": years, "langs": langs, "skills": skills,
             "lead": lead, "score": score, "score_blank": False, "prefs": [], "prefs_written": [],
             "excluded": [], "from": None, "until": None, "last_return": None}
        if traits["quirky_values"] and RANKS[r] in RANK_ALIASES and rng.random() < 0.3:
            o["rank_text"] = rng.choice(RANK_ALIASES[RANKS[r]])
        if traits["quirky_values"] and rng.random() < 0.03:
            o["score_blank"] = True
            o["score"] = 0
        # preferences
        mids = [m["id"] for m in P.missions]
        if traits["prefs"] == "all" or (traits["prefs"] == "some" and rng.random() < 0.5):
            pr = rng.sample(mids, min(len(mids), rng.randint(1, 3)))
            o["prefs"] = pr
            o["prefs_written"] = list(pr)
            if traits["quirky_values"] and rng.random() < 0.05 and pr:
                o["prefs_written"] = pr[:1] + pr  # a mission given twice: a warning
        if rng.random() < 0.08:
            others = [x for x in mids if x not in o["prefs"]]
            if rng.random() < 0.1 or not others:
                others = mids  # preferred and excluded: a warning, the exclusion wins
            o["excluded"] = rng.sample(others, min(len(others), rng.randint(1, 2)))
        if traits["availability"] and rng.random() < 0.3:
            if rng.random() < 0.5:
                o["from"] = awkward_date(rng, D(2026, 10, 1), D(2028, 1, 1))
            if rng.random() < 0.6:
                o["until"] = awkward_date(rng, D(2027, 6, 1), D(2030, 1, 1))
            if o["from"] and o["until"] and o["until"] < o["from"]:
                o["from"], o["until"] = o["until"], o["from"]
        if traits["last_return"] and rng.random() < 0.3:
            o["last_return"] = awkward_date(rng, D(2024, 6, 1), D(2027, 9, 30))
        P.officers.append(o)

    # ---- scores.csv
    P.scores = {}
    if traits["scores_csv"]:
        share = rng.choice([0.05, 0.2, 0.5])
        for o in P.officers:
            for m in P.missions:
                if rng.random() < share:
                    if traits["decimals"]:
                        d = weighted(rng, [0, 1, 2, 3, 4], [3, 4, 2, 1, 0.3])
                        v = round(rng.uniform(20, 100), d)
                        if d == 0:
                            v = int(v)
                    else:
                        v = rng.randint(20, 100)
                    P.scores[(o["id"], m["id"])] = v

    # ---- deployments.csv
    P.deployments = []
    away_n = 900
    if traits["deployments"]:
        dep_svcs = [s for s in P.services if rng.random() < 0.5] or P.services[:1]
        for s in dep_svcs:
            s["deployed_now"] = None
            ndep = weighted(rng, [1, 2, 3, 5], [4, 3, 2, 1])
            if medium:
                # officers away in proportion to the service's limit, as 1-5 rows are to a small pool's
                ndep += round(P.cap_of(s) * rng.uniform(0.1, 0.4))
            if rng.random() < 0.7:
                ndep = max(1, min(ndep, P.cap_of(s)))  # mostly within the limit
            own = [o for o in P.officers if o["service"] == s["id"]]
            for _ in range(ndep):
                row = {"service": s["id"], "officer": "", "mission": "", "role": "", "start": None, "until": None}
                r = rng.random()
                if r < 0.25 and own:
                    row["officer"] = rng.choice(own)["id"]  # a candidate: away, then eligible after until
                elif r < 0.85:
                    away_n += 1
                    row["officer"] = f"AWAY-{away_n:04d}"
                if rng.random() < 0.6:
                    p = rng.choice(P.positions)
                    row["mission"], row["role"] = p["mission"], p["role"]
                elif rng.random() < 0.5:
                    row["mission"], row["role"] = rng.choice(MISSION_POOL)[0], rng.choice(["police adviser", "IPO", "liaison"])
                if rng.random() < 0.75:
                    row["start"] = None
                    row["until"] = awkward_date(rng, D(2026, 12, 1), D(2028, 3, 31))
                else:
                    row["start"] = awkward_date(rng, D(2027, 1, 1), D(2028, 3, 1))
                    row["until"] = tour_end(row["start"], rng.choice([3, 6, 12]))
                P.deployments.append(row)
        # a candidate named twice sometimes? keep one row each
        seen = set()
        ded = []
        for r in P.deployments:
            if r["officer"] and r["officer"] in seen:
                r["officer"] = ""
            seen.add(r["officer"])
            ded.append(r)
        P.deployments = ded
    P.rotations_until = None
    if traits["rotations"]:
        P.rotations_until = rng.choice([D(2027, 12, 31), D(2028, 6, 30), D(2028, 2, 29), D(2029, 1, 31),
                                        D(2027, 6, 1)])

    # ---- pins
    P.pins = []
    if conflicting:
        make_conflicting_pins(rng, P, conflicting)
    elif traits["pins"] != "none":
        want = {"few": rng.randint(1, 3), "many": max(3, int(seats * rng.uniform(0.1, 0.3)))}[traits["pins"]]
        make_pins(rng, P, want)
    return P


# ---------------------------------------------------------------- eligibility (for pins)

def lang_ok(o, req):
    if ":" in req:
        c, l = req.split(":")
        c = c.lower()
        have = o["langs"].get(c)
        return have is not None and LEVELS.index(have) >= LEVELS.index(l.upper())
    return req.lower() in o["langs"]


def dep_until(P, oid):
    us = [r["until"] for r in P.deployments if r["officer"] == oid]
    return max(us) if us else None


def eligible(P, o, p, tour=None):
    s, e = tour or P.ptour(p)
    if p["min_rank"] and rank_ix(o["rank"]) < rank_ix(p["min_rank"]):
        return False
    if p["min_years"] is not None and o["years"] < p["min_years"]:
        return False
    if not all(lang_ok(o, r) for r in p["langs"]):
        return False
    if not all(k in o["skills"] for k in p["skills"]):
        return False
    if p["leadership"] and not o["lead"]:
        return False
    if o["from"] and o["from"] > s:
        return False
    if o["until"] and o["until"] < e:
        return False
    u = dep_until(P, o["id"])
    if u and not s > u:
        return False
    if p["mission"] in o["excluded"]:
        return False
    if o["last_return"] and not s > o["last_return"]:
        return False
    return True


def successor_seats(P):
    """Seats --rotations-until derives (documented rule), as (position, name, start, end, count)."""
    out = []
    if not P.rotations_until:
        return out
    groups = {}
    for r in P.deployments:
        p = next((q for q in P.positions if q["mission"] == r["mission"] and q["role"] == r["role"]), None)
        if p is None:
            continue
        groups.setdefault((p["mission"], p["role"], r["until"]), []).append(r)
    for (mid, role, until), rows in groups.items():
        p = next(q for q in P.positions if q["mission"] == mid and q["role"] == role)
        m = next(mm for mm in P.missions if mm["id"] == mid)
        months = p["months"] or m["months"]
        start = until + dt.timedelta(days=1) - dt.timedelta(days=14)
        prev = None
        while start <= P.rotations_until and (prev is None or start > prev):
            end = tour_end(start, months)
            out.append((p, f"{role}@{start.isoformat()}", start, end, len(rows)))
            prev = start
            start = end + dt.timedelta(days=1) - dt.timedelta(days=14)
    return out


class PinState:
    def __init__(self, P):
        self.P = P
        self.officers = set()
        self.pos_count = {}
        self.mis_svc = {}
        self.tours = {}  # service -> list of (start, end)

    def fits(self, o, key, mission, tour, count):
        P = self.P
        if o["id"] in self.officers:
            return False
        if self.pos_count.get(key, 0) + 1 > count:
            return False
        m = next(mm for mm in P.missions if mm["id"] == mission)
        if m["mps"] is not None and self.mis_svc.get((mission, o["service"]), 0) + 1 > m["mps"]:
            return False
        s = next(ss for ss in P.services if ss["id"] == o["service"])
        cap = P.cap_of(s)
        now = s["deployed_now"] or 0
        deps = [(r["start"], r["until"]) for r in P.deployments if r["service"] == s["id"]]
        mine = self.tours.get(s["id"], []) + [tour]
        days = set(a for a, _ in mine) | set(a for a, _ in deps if a is not None)
        for d in days:
            pins_here = sum(1 for a, b in mine if a <= d <= b)
            if pins_here == 0:
                continue
            away = now + sum(1 for a, b in deps if (a is None or a <= d) and d <= b)
            if away + pins_here > cap:
                return False
        return True

    def add(self, o, key, mission, tour):
        self.officers.add(o["id"])
        self.pos_count[key] = self.pos_count.get(key, 0) + 1
        self.mis_svc[(mission, o["service"])] = self.mis_svc.get((mission, o["service"]), 0) + 1
        self.tours.setdefault(o["service"], []).append(tour)


REASONS = ["requested by the mission", "board decision of 2027-01-12",
           "continuity: handover with predecessor", "Kreyòl speaker requested by the mission",
           "", "", "already trained for the role; see minutes, item 4"]


def make_pins(rng, P, want):
    st = PinState(P)
    targets = [(p, p["role"], P.ptour(p), p["count"]) for p in P.positions]
    for (p, name, s, e, c) in successor_seats(P):
        targets.append((p, name, (s, e), c))
    tries = 0
    # a national pool has ten times the (officer, seat) pairs to look through
    max_tries = 200000 if P.traits.get("scale") == "medium" else 20000
    # bias: low scorers first half the time (pins that cost quality), or one service's officers
    officers = list(P.officers)
    if rng.random() < 0.5:
        officers.sort(key=lambda o: o["score"])
    else:
        rng.shuffle(officers)
    focus_svc = rng.choice(P.services)["id"] if rng.random() < 0.5 else None
    if focus_svc:
        officers.sort(key=lambda o: o["service"] != focus_svc)
    for o in officers:
        if len(P.pins) >= want or tries > max_tries:
            break
        cand = targets[:]
        rng.shuffle(cand)
        for (p, name, tour, count) in cand:
            tries += 1
            if not eligible(P, o, p, tour):
                continue
            key = (p["mission"], name)
            if st.fits(o, key, p["mission"], tour, count):
                st.add(o, key, p["mission"], tour)
                P.pins.append({"officer": o["id"], "mission": p["mission"], "role": name,
                               "reason": rng.choice(REASONS)})
                break


def make_conflicting_pins(rng, P, kind):
    """Plant a conflict of the given kind; record what was planted in P.expected."""
    P.expected = kind
    # first a couple of valid pins
    make_pins(rng, P, rng.randint(0, 3))
    pinned = {p["officer"] for p in P.pins}
    free = [o for o in P.officers if o["id"] not in pinned]
    if kind == "officer_twice":
        for o in free:
            el = [p for p in P.positions if eligible(P, o, p)]
            if len(el) >= 2:
                a, b = rng.sample(el, 2)
                P.pins.append({"officer": o["id"], "mission": a["mission"], "role": a["role"], "reason": ""})
                P.pins.append({"officer": o["id"], "mission": b["mission"], "role": b["role"], "reason": ""})
                return
        P.expected += " (not planted)"
    elif kind == "position_count":
        for p in sorted(P.positions, key=lambda p: p["count"]):
            taken = sum(1 for q in P.pins if q["mission"] == p["mission"] and q["role"] == p["role"])
            el = [o for o in free if eligible(P, o, p)]
            need = p["count"] - taken + 1
            if len(el) >= need > 0:
                for o in el[:need]:
                    P.pins.append({"officer": o["id"], "mission": p["mission"], "role": p["role"], "reason": "over"})
                return
        P.expected += " (not planted)"
    elif kind == "service_capacity":
        for s in P.services:
            cap = P.cap_of(s)
            own = [o for o in free if o["service"] == s["id"]]
            # pins on one position (or positions sharing its start day) so tours overlap
            for p in P.positions:
                el = [o for o in own if eligible(P, o, p)]
                if len(el) >= cap + 1 and p["count"] >= cap + 1:
                    m = next(mm for mm in P.missions if mm["id"] == p["mission"])
                    if m["mps"] is not None and m["mps"] < cap + 1:
                        continue
                    for o in el[:cap + 1]:
                        P.pins.append({"officer": o["id"], "mission": p["mission"], "role": p["role"], "reason": "capacity"})
                    return
        P.expected += " (not planted)"
    elif kind == "ineligible":
        for o in free:
            for p in P.positions:
                if not eligible(P, o, p):
                    P.pins.append({"officer": o["id"], "mission": p["mission"], "role": p["role"], "reason": "rule"})
                    return
        P.expected += " (not planted)"
    elif kind == "mission_service_limit":
        for m in P.missions:
            if m["mps"] is None:
                continue
            for s in P.services:
                own = [o for o in free if o["service"] == s["id"]]
                plist = [p for p in P.positions if p["mission"] == m["id"]]
                chosen = []
                used = {}
                for o in own:
                    for p in plist:
                        if eligible(P, o, p) and used.get(p["role"], 0) < p["count"]:
                            chosen.append((o, p))
                            used[p["role"]] = used.get(p["role"], 0) + 1
                            break
                    if len(chosen) == m["mps"] + 1:
                        for o, p in chosen:
                            P.pins.append({"officer": o["id"], "mission": p["mission"], "role": p["role"], "reason": "mps"})
                        return
        P.expected += " (not planted)"


# ---------------------------------------------------------------- writing

class Writer:
    def __init__(self, rng, fmt):
        self.rng = rng
        self.fmt = fmt
        self.delim = {"semicolon": ";", "tab": "\t"}.get(fmt, ",")
        self.crlf = fmt in ("crlf_bom",) or (fmt == "messy" and rng.random() < 0.5)
        self.bom = fmt in ("crlf_bom",) or (fmt == "messy" and rng.random() < 0.3)
        self.decimal_comma = fmt == "semicolon"
        self.messy = fmt == "messy"

    def num(self, x):
        if x is None:
            return ""
        s = fmt_num(x)
        if self.decimal_comma:
            s = s.replace(".", ",")
        return s

    def write(self, path, header, rows, optional=()):
        """rows: list of dicts keyed by header names."""
        rng = self.rng
        cols = list(header)
        # drop some optional columns that are empty everywhere
        for c in optional:
            if all((r.get(c) in (None, "")) for r in rows) and rng.random() < 0.5:
                cols.remove(c)
        names = {c: c for c in cols}
        extra = None
        trailing = 0
        if self.messy:
            if rng.random() < 0.5:
                rest = cols[1:]
                rng.shuffle(rest)
                cols = [cols[0]] + rest
            for c in cols:
                r = rng.random()
                if r < 0.2:
                    names[c] = c.upper()
                elif r < 0.3:
                    names[c] = " " + c.title() + " "
            if rng.random() < 0.3:
                extra = "notes"
            if rng.random() < 0.3:
                trailing = 2
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=self.delim, lineterminator="\r\n" if self.crlf else "\n")
        head = [names[c] for c in cols] + ([extra] if extra else []) + [""] * trailing
        w.writerow(head)
        for r in rows:
            vals = []
            for c in cols:
                v = r.get(c)
                if v is None:
                    v = ""
                elif isinstance(v, bool):
                    v = rng.choice(["yes", "true", "Y", "1"]) if self.messy and v else \
                        (rng.choice(["no", "false", "N", "0"]) if self.messy else ("yes" if v else "no"))
                elif isinstance(v, (int, float)):
                    v = self.num(v)
                elif isinstance(v, D):
                    v = v.isoformat()
                if self.messy and isinstance(v, str) and v and rng.random() < 0.05:
                    v = " " + v + " "  # spaces around values are ignored
                vals.append(v)
            if extra:
                vals.append(rng.choice(["", "", "checked by HR", "à revoir"]))
            vals += [""] * trailing
            w.writerow(vals)
        data = buf.getvalue()
        with open(path, "w", encoding="utf-8", newline="") as f:
            if self.bom:
                f.write("\ufeff")
            f.write(data)


def write_pool(P, folder, rng):
    os.makedirs(folder, exist_ok=True)
    t = P.traits
    W = Writer(rng, t["format"])

    rows = []
    for s in P.services:
        rows.append({"service_id": s["id"], "name": s["name"], "name_fr": s["name_fr"] or None,
                     "province": s["province"], "sworn_officers": s["sworn"],
                     "max_deployed": s["max_deployed"], "deployed_now": s["deployed_now"]})
    W.write(os.path.join(folder, "services.csv"),
            ["service_id", "name", "name_fr", "province", "sworn_officers", "max_deployed", "deployed_now"],
            rows, optional=["name_fr", "province", "max_deployed", "deployed_now"])

    rows = []
    for m in P.missions:
        rows.append({"mission_id": m["id"], "name": m["name"], "name_fr": m["name_fr"] or None,
                     "country": m["country"], "organization": m["org"], "start": m["start"],
                     "months": m["months"], "min_women_share": m["women"], "language": m["language"],
                     "min_language_share": m["lang_share"] if m["language"] else None,
                     "max_per_service": m["mps"]})
    W.write(os.path.join(folder, "missions.csv"),
            ["mission_id", "name", "name_fr", "country", "organization", "start", "months",
             "min_women_share", "language", "min_language_share", "max_per_service"],
            rows, optional=["name_fr", "country", "organization", "min_women_share", "language",
                            "min_language_share", "max_per_service"])

    rows = []
    for p in P.positions:
        rows.append({"mission_id": p["mission"], "role": p["role"], "count": p["count"],
                     "min_rank": p["min_rank"], "min_years": p["min_years"],
                     "languages": ";".join(p["langs"]) or None, "skills": ";".join(p["skills"]) or None,
                     "leadership": p["leadership"], "priority": p["priority"],
                     "start": p["start"], "months": p["months"]})
    W.write(os.path.join(folder, "positions.csv"),
            ["mission_id", "role", "count", "min_rank", "min_years", "languages", "skills",
             "leadership", "priority", "start", "months"],
            rows, optional=["min_rank", "min_years", "languages", "skills", "start", "months"])

    rows = []
    for o in P.officers:
        langs = ";".join(f"{c}:{l}" for c, l in o["langs"].items())
        if t["quirky_values"] and rng.random() < 0.05 and o["langs"]:
            c, l = next(iter(o["langs"].items()))
            langs = f"{c.upper()}:{l.lower()};{c}:A1;" + langs  # a language twice: the higher counts
        skills = ";".join(o["skills"])
        if t["quirky_values"] and rng.random() < 0.05:
            skills = skills.title()
        rows.append({"officer_id": o["id"], "name": o["name"], "service_id": o["service"],
                     "gender": o["gender"].lower() if t["quirky_values"] and rng.random() < 0.1 else o["gender"],
                     "rank": o["rank_text"], "years_service": o["years"], "languages": langs or None,
                     "skills": skills or None, "leadership": o["lead"],
                     "board_score": None if o["score_blank"] else o["score"],
                     "preferences": ";".join(o["prefs_written"]) or None,
                     "excluded": ";".join(o["excluded"]) or None,
                     "available_from": o["from"], "available_until": o["until"],
                     "last_return": o["last_return"]})
    W.write(os.path.join(folder, "officers.csv"),
            ["officer_id", "name", "service_id", "gender", "rank", "years_service", "languages",
             "skills", "leadership", "board_score", "preferences", "excluded", "available_from",
             "available_until", "last_return"],
            rows, optional=["languages", "skills", "preferences", "excluded", "available_from",
                            "available_until", "last_return"])

    if P.scores:
        rows = [{"officer_id": k[0], "mission_id": k[1], "score": v} for k, v in P.scores.items()]
        W.write(os.path.join(folder, "scores.csv"), ["officer_id", "mission_id", "score"], rows)
    if P.pins:
        rows = [{"officer_id": p["officer"], "mission_id": p["mission"], "role": p["role"],
                 "reason": p["reason"] or None} for p in P.pins]
        W.write(os.path.join(folder, "pins.csv"), ["officer_id", "mission_id", "role", "reason"], rows,
                optional=["reason"])
    if P.deployments:
        rows = [{"service_id": r["service"], "officer_id": r["officer"] or None,
                 "mission_id": r["mission"] or None, "role": r["role"] or None,
                 "start": r["start"], "until": r["until"]} for r in P.deployments]
        W.write(os.path.join(folder, "deployments.csv"),
                ["service_id", "officer_id", "mission_id", "role", "start", "until"], rows)
    if P.rotations_until:
        with open(os.path.join(folder, "rotations_until"), "w") as f:
            f.write(P.rotations_until.isoformat() + "\n")

    seats = sum(p["count"] for p in P.positions)
    cap = sum(P.cap_of(s) for s in P.services)
    with open(os.path.join(folder, "shape.txt"), "w", encoding="utf-8") as f:
        for k in sorted(t):
            f.write(f"{k}: {t[k]}\n")
        f.write(f"services: {len(P.services)}\npositions: {len(P.positions)}\nseats: {seats}\n")
        f.write(f"sum_max_deployed: {cap}\npins: {len(P.pins)}\ndeployments: {len(P.deployments)}\n")
        f.write(f"scores: {len(P.scores)}\nid_style: {P.id_style}\n")
        f.write(f"rotations_until: {P.rotations_until}\n")
    dump_json(P, os.path.join(folder, "pool.json"))
    if getattr(P, "expected", None):
        with open(os.path.join(folder, "expected_error.txt"), "w") as f:
            f.write(P.expected + "\n")


# ---------------------------------------------------------------- the canonical pool, and an independent plan check

def _iso(d):
    return d.isoformat() if d else None


def dump_json(P, path):
    """The pool as drawn, canonical (not read by missionmatch), for --check-plan."""
    import json
    doc = {
        "services": [{"id": s["id"], "cap": P.cap_of(s), "deployed_now": s["deployed_now"] or 0}
                     for s in P.services],
        "missions": [{"id": m["id"], "start": _iso(m["start"]), "months": m["months"],
                      "women": m["women"], "language": m["language"],
                      "lang_share": m["lang_share"] if m["language"] else None, "mps": m["mps"]}
                     for m in P.missions],
        "positions": [{"mission": p["mission"], "role": p["role"], "count": p["count"],
                       "min_rank": p["min_rank"], "min_years": p["min_years"], "langs": p["langs"],
                       "skills": p["skills"], "leadership": p["leadership"], "priority": p["priority"],
                       "start": _iso(P.ptour(p)[0]), "end": _iso(P.ptour(p)[1])} for p in P.positions],
        "successors": [{"mission": p["mission"], "role": name, "follows": p["role"], "count": c,
                        "start": _iso(a), "end": _iso(b)} for (p, name, a, b, c) in successor_seats(P)],
        "officers": [{"id": o["id"], "service": o["service"], "gender": o["gender"], "rank": o["rank"],
                      "years": o["years"], "langs": o["langs"], "skills": o["skills"], "lead": o["lead"],
                      "score": o["score"], "prefs": o["prefs_written"], "excluded": o["excluded"],
                      "from": _iso(o["from"]), "until": _iso(o["until"]),
                      "last_return": _iso(o["last_return"])} for o in P.officers],
        "scores": [[k[0], k[1], v] for k, v in P.scores.items()],
        "pins": [[p["officer"], p["mission"], p["role"]] for p in P.pins],
        "deployments": [{"service": r["service"], "officer": r["officer"], "start": _iso(r["start"]),
                         "until": _iso(r["until"])} for r in P.deployments],
        "rotations_until": _iso(P.rotations_until),
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=0)


def check_plan(pool_dir, plan_path, summary_path=None):
    """Check a plan (assignments.csv) against pool.json by this script's own reading of the
    documented rules (default flags: cooldown 0, overlap 14 days). Returns a list of problems."""
    import json
    J = json.load(open(os.path.join(pool_dir, "pool.json"), encoding="utf-8"))
    pd = lambda x: D.fromisoformat(x) if x else None
    probs = []
    offs = {o["id"]: o for o in J["officers"]}
    mis = {m["id"]: m for m in J["missions"]}
    svc = {s["id"]: s for s in J["services"]}
    pos = {}
    for p in J["positions"]:
        pos[(p["mission"], p["role"])] = dict(p)
    for q in J["successors"]:
        base = pos[(q["mission"], q["follows"])]
        d = dict(base)
        d.update(role=q["role"], count=q["count"], start=q["start"], end=q["end"])
        pos[(q["mission"], q["role"])] = d
    scores = {(a, b): v for a, b, v in J["scores"]}
    dep_until_of = {}
    for r in J["deployments"]:
        if r["officer"]:
            u = pd(r["until"])
            dep_until_of[r["officer"]] = max(u, dep_until_of.get(r["officer"], u))
    with open(plan_path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    seen = {}
    plan = []
    for i, r in enumerate(rows, start=2):
        oid, mid, role = r["officer_id"], r["mission_id"], r["role"]
        if oid not in offs:
            probs.append(f"line {i}: unknown officer {oid}")
            continue
        if (mid, role) not in pos:
            probs.append(f"line {i}: unknown position {mid}/{role}")
            continue
        if oid in seen:
            probs.append(f"line {i}: officer {oid} placed twice (also line {seen[oid]})")
        seen[oid] = i
        o, p = offs[oid], pos[(mid, role)]
        s, e = pd(p["start"]), pd(p["end"])
        if r.get("start") and r["start"] != p["start"]:
            probs.append(f"line {i}: {mid}/{role} start {r['start']}, documented rule gives {p['start']}")
        if r.get("end") and r["end"] != p["end"]:
            probs.append(f"line {i}: {mid}/{role} end {r['end']}, documented rule gives {p['end']}")
        why = []
        if p["min_rank"] and rank_ix(o["rank"]) < rank_ix(p["min_rank"]):
            why.append("rank")
        if p["min_years"] is not None and o["years"] < p["min_years"]:
            why.append("experience")
        if not all(lang_ok(o, q) for q in p["langs"]):
            why.append("language")
        if not all(k in o["skills"] for k in p["skills"]):
            why.append("skills")
        if p["leadership"] and not o["lead"]:
            why.append("leadership")
        if (o["from"] and pd(o["from"]) > s) or (o["until"] and pd(o["until"]) < e):
            why.append("availability")
        if oid in dep_until_of and not s > dep_until_of[oid]:
            why.append("availability(deployments)")
        if mid in o["excluded"]:
            why.append("excluded")
        if o["last_return"] and s < pd(o["last_return"]):
            why.append("cooldown")
        if why:
            probs.append(f"line {i}: {oid} in {mid}/{role} breaks {','.join(why)}")
        plan.append((o, p, s, e))
    # position_count
    cnt = {}
    for o, p, s, e in plan:
        cnt[(p["mission"], p["role"])] = cnt.get((p["mission"], p["role"]), 0) + 1
    for k, c in cnt.items():
        if c > pos[k]["count"]:
            probs.append(f"position_count: {k[0]}/{k[1]} has {c} > {pos[k]['count']}")
    # mission_service_limit
    ms = {}
    for o, p, s, e in plan:
        ms[(p["mission"], o["service"])] = ms.get((p["mission"], o["service"]), 0) + 1
    for (m, sv), c in ms.items():
        if mis[m]["mps"] is not None and c > mis[m]["mps"]:
            probs.append(f"mission_service_limit: {m} has {c} of {sv} > {mis[m]['mps']}")
    # service_capacity, day by day (checked on every day an interval starts)
    for sid, sv in svc.items():
        mine = [(s, e) for o, p, s, e in plan if o["service"] == sid]
        if not mine:
            continue
        deps = [(pd(r["start"]), pd(r["until"])) for r in J["deployments"] if r["service"] == sid]
        days = {a for a, _ in mine} | {a for a, _ in deps if a}
        for d in sorted(days):
            here = sum(1 for a, b in mine if a <= d <= b)
            if not here:
                continue
            away = sv["deployed_now"] + sum(1 for a, b in deps if (a is None or a <= d) and d <= b)
            if here + away > sv["cap"]:
                probs.append(f"service_capacity: {sid} has {here}+{away} away on {d} > {sv['cap']}")
                break
    # pins
    placed = {(o["id"], p["mission"], p["role"]) for o, p, s, e in plan}
    for a, b, c in J["pins"]:
        if (a, b, c) not in placed:
            probs.append(f"pin {a} {b}/{c} not in the plan")
    # levels
    fill = sum(min(c, pos[k]["count"]) * pos[k]["priority"] for k, c in cnt.items())
    balance = 0.0
    for mid, m in mis.items():
        members = [o for o, p, s, e in plan if p["mission"] == mid]
        n = len(members)
        if m["women"]:
            balance += max(0.0, m["women"] * n - sum(1 for o in members if o["gender"] == "F"))
        if m["language"] and m["lang_share"]:
            balance += max(0.0, m["lang_share"] * n - sum(1 for o in members if lang_ok(o, m["language"])))
    quality = 0.0
    for o, p, s, e in plan:
        mid = p["mission"]
        quality += scores.get((o["id"], mid), o["score"])
        order = list(dict.fromkeys(o["prefs"]))
        if mid in order and mid not in o["excluded"]:
            quality += {0: 20, 1: 10, 2: 5}.get(order.index(mid), 0)
    levels = {"fill": fill, "balance": balance, "quality": quality}
    if summary_path and os.path.exists(summary_path):
        import json as _j
        S = _j.load(open(summary_path))
        for k, v in levels.items():
            got = S["levels"][k]["value"]
            if abs(got - v) > 1e-3:
                probs.append(f"level {k}: summary.json says {got}, this check computes {round(v, 4)}")
    return probs, levels


def main_check(argv):
    ap = argparse.ArgumentParser(prog="independent_pools.py --check-plan")
    ap.add_argument("--check-plan", nargs=2, metavar=("POOL", "PLAN"), required=True)
    a = ap.parse_args(argv)
    pool, plan = a.check_plan
    probs, levels = check_plan(pool, plan, os.path.join(os.path.dirname(plan), "summary.json"))
    for x in probs:
        print("PROBLEM", x)
    print(f"{plan}: {len(probs)} problems; fill {round(levels['fill'], 4)}, "
          f"balance {round(levels['balance'], 4)}, quality {round(levels['quality'], 4)}")
    return 1 if probs else 0


def main():
    import sys
    if "--check-plan" in sys.argv:
        sys.exit(main_check(sys.argv[1:]))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--conflicting-pins", action="store_true",
                    help="write pools whose pins deliberately conflict (invalid by design)")
    ap.add_argument("--scale", choices=["small", "medium"], default="small",
                    help="small: 20-400 officers, 1-10 missions (the default); "
                         "medium: 1,500-3,000 officers, 25-60 missions, 15-46 services")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    kinds = ["officer_twice", "position_count", "service_capacity", "ineligible", "mission_service_limit"]
    for i in range(a.count):
        rng = random.Random(a.seed * 100003 + i)
        arch = ARCHETYPES[(a.seed * a.count + i) % len(ARCHETYPES)]
        traits = draw_traits(rng, arch, a.scale)
        conflict = kinds[i % len(kinds)] if a.conflicting_pins else None
        if conflict == "mission_service_limit":
            traits["max_per_service"] = True
        P = make_pool(rng, traits, conflict)
        folder = os.path.join(a.out, f"pool-{i:03d}")
        if os.path.exists(folder):
            shutil.rmtree(folder)
        write_pool(P, folder, rng)
        print(f"{folder}: {arch}, {len(P.officers)} officers, {len(P.missions)} missions, "
              f"{sum(p['count'] for p in P.positions)} seats, {len(P.pins)} pins, format {traits['format']}"
              + (f", rotations until {P.rotations_until}" if P.rotations_until else "")
              + (f", {len(P.services)} services, capacity {sum(P.cap_of(s) for s in P.services)}"
                 if a.scale != "small" else "")
              + (f", conflict {P.expected}" if conflict else ""))


if __name__ == "__main__":
    main()
