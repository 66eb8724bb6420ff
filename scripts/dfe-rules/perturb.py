"""
The fake 903 set made untidy, to compare the service's DfE rules with the DfE tool beyond the tidy data:
about 4% of cells blanked, 4% given another value of their column, 4% of dates moved, 1% of rows
doubled and a few rows moved out of order. Seeded, so a set can be made again.

    python3 perturb.py SOURCE_FOLDER TARGET_FOLDER SEED
"""
import csv, os, random, sys
src, dst, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(seed)
os.makedirs(dst, exist_ok=True)
codes = {}
rows_by = {}
for f in sorted(os.listdir(src)):
    if not f.endswith('.csv'): continue
    with open(os.path.join(src, f), newline='') as fh:
        r = list(csv.reader(fh))
    rows_by[f] = r
    for row in r[1:]:
        for i, v in enumerate(row):
            codes.setdefault((f, i), set()).add(v)
def shift(v):
    try:
        d, m, y = v.split('/'); d, m, y = int(d), int(m), int(y)
    except Exception:
        return v
    k = rnd.choice([-400, -40, -7, -1, 1, 3, 10, 30, 200, 800])
    import datetime
    try:
        x = datetime.date(y, m, d) + datetime.timedelta(days=k)
    except Exception:
        return v
    return x.strftime('%d/%m/%Y')
for f, r in rows_by.items():
    head, body = r[0], r[1:]
    out = []
    for row in body:
        row = list(row)
        for i in range(1, len(row)):
            p = rnd.random()
            if p < 0.04: row[i] = ''
            elif p < 0.08: row[i] = rnd.choice(sorted(codes[(f, i)]))
            elif p < 0.12 and '/' in row[i]: row[i] = shift(row[i])
        out.append(row)
        if rnd.random() < 0.01: out.append(list(row))
    # A few rows moved, so file order and date order differ.
    for _ in range(len(out) // 50):
        a, b = rnd.randrange(len(out)), rnd.randrange(len(out))
        out[a], out[b] = out[b], out[a]
    with open(os.path.join(dst, f), 'w', newline='') as fh:
        w = csv.writer(fh, lineterminator='\n'); w.writerow(head); w.writerows(out)
