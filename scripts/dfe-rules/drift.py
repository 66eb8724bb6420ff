"""
A previous year's return made from a 903 CSV set, for comparing the rules on the previous year with
the DfE tool (compare.ts, COMPARE_PREVIOUS): the same set with some of its children changed as a
council's records drift between two returns. Unlike perturb.py it keeps every date a date and every
child's rows together (the tool stops on a child whose episodes all lack a start), so the tool runs
every rule. Of the children, about 4% each: left out, the latest episode's start moved, the latest
episode left open, the mother status flipped with the first child's date of birth changed, the last
missing period left open, the UASC row dropped or added, the adoption decision ceased or moved; and
half the care leavers (OC3) with no episode given an open one (another child's). Seeded.

    python3 drift.py SOURCE_FOLDER TARGET_FOLDER SEED
"""
import csv, datetime, os, random, sys

src, dst, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(seed)
os.makedirs(dst, exist_ok=True)
tables = {}
for f in sorted(os.listdir(src)):
    if f.endswith('.csv'):
        with open(os.path.join(src, f), newline='', encoding='utf-8-sig') as fh:
            rows = list(csv.reader(fh))
        tables[f] = (rows[0], [dict(zip(rows[0], r)) for r in rows[1:]])
children = sorted({r['CHILD'] for _, rows in tables.values() for r in rows})
pick = {c: rnd.random() for c in children}
what = lambda c, k: k * 0.04 <= pick[c] < (k + 1) * 0.04


def moved(v, days):
    try:
        d = datetime.datetime.strptime(v, '%d/%m/%Y').date()
    except ValueError:
        return v
    return (d + datetime.timedelta(days=days)).strftime('%d/%m/%Y')


def latest(rows, column):
    dated = [r for r in rows if r.get(column)]
    key = lambda r: datetime.datetime.strptime(r[column], '%d/%m/%Y') if r[column].count('/') == 2 else datetime.datetime.min
    return max(dated, key=key) if dated else None


def by_child(rows):
    out = {}
    for r in rows:
        out.setdefault(r['CHILD'], []).append(r)
    return out


for f, (head, rows) in tables.items():
    rows = [r for r in rows if not what(r['CHILD'], 0)]
    groups = by_child(rows)
    if f == 'episodes.csv':
        open_eps = [r for r in rows if not r.get('DEC')]
        leavers = [r['CHILD'] for r in tables.get('oc3.csv', ([], []))[1] if r['CHILD'] not in groups]
        for c in leavers:
            if open_eps and rnd.random() < 0.5:
                rows.append(dict(rnd.choice(open_eps), CHILD=c))
        for c, eps in groups.items():
            last = latest(eps, 'DECOM')
            if last is not None and what(c, 1):
                last['DECOM'] = moved(last['DECOM'], rnd.choice([-10, -1, 2, 30]))
            if last is not None and what(c, 2):
                last['DEC'], last['REC'] = '', ''
    if f == 'header.csv':
        for r in rows:
            if what(r['CHILD'], 3):
                r['MOTHER'] = '0' if r.get('MOTHER') == '1' else '1'
                r['MC_DOB'] = moved(r['MC_DOB'], 40) if r.get('MC_DOB') else '01/01/2020'
    if f == 'missing.csv':
        for c, mis in groups.items():
            last = latest(mis, 'MIS_START')
            if last is not None and what(c, 4):
                last['MIS_END'] = ''
                last['MIS_START'] = moved(last['MIS_START'], -3)
    if f == 'uasc.csv':
        rows = [r for r in rows if not what(r['CHILD'], 5)]
        extra = [c for c in children if what(c, 6)][:5]
        rows += [{'CHILD': c, 'SEX': '1', 'DOB': '01/01/2006', 'DUC': '01/01/2024'} for c in extra]
    if f == 'placed_for_adoption.csv':
        for r in rows:
            if what(r['CHILD'], 7):
                r['DATE_PLACED_CEASED'], r['REASON_PLACED_CEASED'] = moved(r['DATE_PLACED'], 20), 'RD1'
            if what(r['CHILD'], 8):
                r['DATE_PLACED'] = moved(r['DATE_PLACED'], 5)
    with open(os.path.join(dst, f), 'w', newline='') as fh:
        w = csv.writer(fh)
        w.writerow(head)
        for r in rows:
            w.writerow([r.get(h, '') for h in head])
