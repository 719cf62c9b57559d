#!/usr/bin/env python3
"""Maps an OR-Library assignment instance (J. E. Beasley) onto a missionmatch
data folder, as tests/orlib.rs does in code: officer i, mission T{j} with one
seat requiring skill t{j} (officer i holds t{j} exactly when the pair is in
the file), score(i, j) = 100 - cost(i, j). Quality = 100*n - optimum.

  python3 scripts/orlib_to_folder.py ../shared/data/real/orlib/assign800.txt gen/assign800
"""
import csv
import sys
from pathlib import Path

src, out = Path(sys.argv[1]), Path(sys.argv[2])
nums = src.read_text().split()
n = int(nums[0])
rest = [int(float(x)) for x in nums[1:]]
costs = {}
if src.name.startswith("assignp"):
    for k in range(0, len(rest), 3):
        costs[(rest[k] - 1, rest[k + 1] - 1)] = rest[k + 2]
else:
    for k, c in enumerate(rest):
        costs[(k // n, k % n)] = c
out.mkdir(parents=True, exist_ok=True)

def write(name, header, rows):
    with open(out / name, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)

skills = [[] for _ in range(n)]
for (i, j) in sorted(costs):
    skills[i].append(f"t{j}")
write("services.csv", ["service_id", "name", "sworn_officers", "max_deployed"], [["ALL", "All officers", n, n]])
write("missions.csv", ["mission_id", "name", "start", "months"], [[f"T{j}", f"Task {j}", "2027-01-01", 6] for j in range(n)])
write("positions.csv", ["mission_id", "role", "count", "skills"], [[f"T{j}", "seat", 1, f"t{j}"] for j in range(n)])
write("officers.csv", ["officer_id", "name", "service_id", "gender", "rank", "years_service", "skills"],
      [[f"O{i}", f"Officer {i}", "ALL", "M", "sergeant", 10, ";".join(skills[i])] for i in range(n)])
write("scores.csv", ["officer_id", "mission_id", "score"], [[f"O{i}", f"T{j}", 100 - c] for (i, j), c in sorted(costs.items())])
