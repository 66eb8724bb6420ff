/**
 * Every rule on a record that breaks it and one that does not. The records are the fake set's own
 * children, one at a time: for each rule, the first child the DfE validator flags (the rule must flag
 * exactly the validator's rows of that child, read alone) and the first it does not (nothing flagged).
 * Hand-written cases below cover what the fake set does not show: the forms of a rule by year, and
 * blanks.
 */
import t from 'tap'
import { ALL_RULES, rulesForYear, validateReturn } from '../../../src/domain/dfe-rules/index.ts'
import type { DfeRule, ReturnTables, Row } from '../../../src/domain/dfe-rules/index.ts'
import type { TableName } from '../../../src/domain/ssda903/index.ts'
import { fakeReturn, oracleFindings } from './oracle.ts'

const fake = fakeReturn()

/** Rules whose validator rows come from its DEC filling (oracle.test.ts): judged on filled tables. */
const FILLED_DEC = new Set(['388', '376', '602', '387', '407', '386', '359'])

function fill(tables: ReturnTables, year: number): ReturnTables {
  const eps = tables.Episodes
  if (eps === undefined) return tables
  return { ...tables, Episodes: { columns: eps.columns, rows: eps.rows.map((r) => ((r['DEC'] ?? null) === null ? { ...r, DEC: `31/03/${year}` } : r)) } }
}

/** One child's rows of every table, and where each came from ('Table:index' in the full set). */
function childOnly(tables: ReturnTables, child: string): { tables: ReturnTables; origin: Map<string, string> } {
  const out: ReturnTables = {}
  const origin = new Map<string, string>()
  for (const [name, table] of Object.entries(tables) as Array<[TableName, { columns: readonly string[]; rows: readonly Row[] }]>) {
    const rows: Row[] = []
    table.rows.forEach((r, i) => {
      if (r['CHILD'] !== child) return
      origin.set(`${name}:${rows.length}`, `${name}:${i}`)
      rows.push(r)
    })
    out[name] = { columns: table.columns, rows }
  }
  return { tables: out, origin }
}

const flagged = (rule: DfeRule, tables: ReturnTables, year: number, origin: Map<string, string>): string[] =>
  validateReturn(tables, year, [rule])
    .findings.map((f) => origin.get(`${f.table}:${f.rowIndex}`) as string)
    .sort()

const children = [...new Set((fake.Header?.rows ?? []).map((r) => r['CHILD'] as string))]

for (const year of [2025, 2026]) {
  const oracle = oracleFindings(year)
  const childOf = new Map<string, string>()
  for (const [name, table] of Object.entries(fake)) table.rows.forEach((r, i) => childOf.set(`${name}:${i}`, r['CHILD'] ?? ''))
  t.test(`${year}: each rule on a child that breaks it and one that does not`, async (t) => {
    for (const rule of rulesForYear(year)) {
      const base = FILLED_DEC.has(rule.code) ? fill(fake, year) : fake
      const theirs = oracle.get(rule.code) ?? new Set<string>()
      const flaggedChildren = new Set([...theirs].map((k) => childOf.get(k)))
      const breaker = [...theirs].map((k) => childOf.get(k)).find((c) => c !== undefined && c !== '')
      if (breaker !== undefined) {
        const { tables, origin } = childOnly(base, breaker)
        const expected = [...theirs].filter((k) => childOf.get(k) === breaker).sort()
        t.same(flagged(rule, tables, year, origin), expected, `${rule.code} flags child ${breaker}'s rows`)
      }
      const clean = children.find((c) => !flaggedChildren.has(c))
      if (clean !== undefined) {
        const { tables, origin } = childOnly(base, clean)
        t.same(flagged(rule, tables, year, origin), [], `${rule.code} flags nothing of child ${clean}`)
      }
    }
  })
}

/** A return of hand-made rows (columns taken from the rows). */
function ret(tables: Partial<Record<TableName, Array<Record<string, string | null>>>>): ReturnTables {
  const out: ReturnTables = {}
  for (const [name, rows] of Object.entries(tables) as Array<[TableName, Array<Record<string, string | null>>]>)
    out[name] = { columns: [...new Set(rows.flatMap((r) => Object.keys(r)))], rows }
  return out
}

const run = (code: string, year: number, tables: ReturnTables): string[] => {
  const rule = rulesForYear(year).find((r) => r.code === code)
  if (rule === undefined) throw new Error(`${code} not in ${year}`)
  return validateReturn(tables, year, [rule]).findings.map((f) => `${f.table}:${f.rowIndex}`)
}

t.test('a rule the DfE changed has one form per span of years, and no year has a code twice', async (t) => {
  for (const year of [2024, 2025, 2026]) {
    const codes = rulesForYear(year).map((r) => r.code)
    t.equal(new Set(codes).size, codes.length, `${year}: each code once`)
  }
  t.ok(ALL_RULES.filter((r) => r.code === '101').length === 2)
  const header = ret({
    Header: [
      { CHILD: 'A', SEX: '1' },
      { CHILD: 'B', SEX: 'M' },
      { CHILD: 'C', SEX: null },
    ],
  })
  t.same(run('101', 2024, header), ['Header:1', 'Header:2'], '2023-24: 1 and 2; M and a blank flagged')
  t.same(run('101', 2025, header), ['Header:0', 'Header:2'], '2024-25: M, F, U; 1 and a blank flagged')
  const urn = ret({
    Episodes: [
      { CHILD: 'A', PLACE: 'P2', URN: '1234567' },
      { CHILD: 'A', PLACE: 'Z12', URN: '1234567' },
      { CHILD: 'A', PLACE: 'P1', URN: 'XXXXXXX' },
    ],
  })
  t.same(run('222', 2024, urn), ['Episodes:0'], '2023-24: P2 needs no URN')
  t.same(run('222', 2025, urn), [], '2024-25: P2 no longer listed')
  t.same(run('222', 2026, urn), ['Episodes:1'], '2025-26: Z11-Z14 need no URN; XXXXXXX is always allowed')
  t.same(
    rulesForYear(2025).filter((r) => r.code === '234'),
    [],
    '234 starts in 2025-26',
  )
})

t.test('146 takes the year’s placement codes, K3 included in 2024-25 (the validator’s lower-case k3 is not copied)', async (t) => {
  const eps = ret({
    Episodes: [
      { CHILD: 'A', PLACE: 'K3' },
      { CHILD: 'A', PLACE: 'Z1' },
      { CHILD: 'A', PLACE: 'Z11' },
      { CHILD: 'A', PLACE: null },
    ],
  })
  t.same(run('146', 2024, eps), ['Episodes:0', 'Episodes:2'])
  t.same(run('146', 2025, eps), ['Episodes:2'])
  t.same(run('146', 2026, eps), ['Episodes:1'])
})

t.test('blanks compare as the validator compares them', async (t) => {
  // 148: DEC and REC both or neither.
  const eps = ret({
    Episodes: [
      { CHILD: 'A', DEC: '01/05/2024', REC: null },
      { CHILD: 'A', DEC: null, REC: null },
      { CHILD: 'A', DEC: '01/05/2024', REC: 'E11' },
    ],
  })
  t.same(run('148', 2025, eps), ['Episodes:0'])
  // 408: a blank LS is not E1.
  t.same(
    run(
      '408',
      2025,
      ret({
        Episodes: [
          { CHILD: 'A', PLACE: 'A5', LS: null },
          { CHILD: 'A', PLACE: 'A5', LS: 'E1' },
        ],
      }),
    ),
    ['Episodes:0'],
  )
  // 132: a blank activity is not a valid code.
  t.same(
    run(
      '132',
      2025,
      ret({
        OC3: [
          { CHILD: 'A', ACTIV: null },
          { CHILD: 'B', ACTIV: 'F1' },
        ],
      }),
    ),
    ['OC3:0'],
  )
  // A date that is not a date is blank to the rules: 571 judges only real dates.
  t.same(
    run(
      '571',
      2025,
      ret({
        Missing: [
          { CHILD: 'A', MIS_END: '31/02/2025' },
          { CHILD: 'A', MIS_END: '01/04/2025' },
        ],
      }),
    ),
    ['Missing:1'],
  )
})

t.test('a table not sent: the rules needing it flag nothing', async (t) => {
  const only = ret({ Header: [{ CHILD: 'A', SEX: 'M', DOB: '01/01/2010', ETHNIC: 'WBRI', MOTHER: null }] })
  const result = validateReturn(only, 2025)
  t.same(
    result.findings.map((f) => f.rule),
    ['EPI'],
    'only EPI (the child has no episodes) fires on a header alone',
  )
})

t.test('the rules on one value: a row that breaks each and one that does not (2024-25)', async (t) => {
  // [rule, table, column, a value that breaks it, one that does not, whether a blank breaks it]
  const cases: Array<[string, TableName, string, string, string, boolean]> = [
    ['102', 'Header', 'DOB', '31/02/2012', '29/02/2012', true],
    ['103', 'Header', 'ETHNIC', 'WXYZ', 'WBRI', true],
    ['112', 'AD1', 'DATE_INT', '2024-05-01', '01/05/2024', false],
    ['113', 'AD1', 'DATE_MATCH', '1/13/2024', '1/12/2024', false],
    ['114', 'AD1', 'FOSTER_CARE', '2', '1', false],
    ['115', 'PlacedAdoption', 'DATE_PLACED', 'ZZ/05/2024', '01/05/2024', false],
    ['116', 'PlacedAdoption', 'DATE_PLACED_CEASED', '01/05/24', '01/05/2024', false],
    ['131', 'OC3', 'IN_TOUCH', 'MAYBE', 'YES', true],
    ['141', 'Episodes', 'DECOM', '00/05/2024', '01/05/2024', false],
    ['143', 'Episodes', 'RNE', 'X', 'S', false],
    ['144', 'Episodes', 'LS', 'C3', 'C2', false],
    ['145', 'Episodes', 'CIN', 'N9', 'N8', false],
    ['147', 'Episodes', 'DEC', '01/05/2024 10:00', '01/05/2024', false],
    ['149', 'Episodes', 'REC', 'E4', 'E4A', false],
    ['166', 'Reviews', 'REVIEW', '2024-05-01', '01/05/2024', true],
    ['171', 'Header', 'MC_DOB', '30/02/2020', '01/02/2020', false],
    ['175', 'AD1', 'NB_ADOPTR', '3', '2', false],
    ['176', 'AD1', 'SEX_ADOPTR', 'FM', 'MF', false],
    ['177', 'AD1', 'LS_ADOPTR', 'L1', 'L11', false],
    ['180', 'OC2', 'SDQ_SCORE', '41', '12.0', false],
    ['181', 'OC2', 'CONVICTED', '2', '0', false],
  ]
  for (const [code, table, column, bad, good, blankBreaks] of cases) {
    const rows = [bad, good, null].map((v) => ({ CHILD: 'A', [column]: v }))
    const expected = [`${table}:0`, ...(blankBreaks ? [`${table}:2`] : [])]
    t.same(
      run(code, 2025, ret({ [table]: rows })),
      expected,
      `${code}: ${bad} breaks it, ${good} does not; a blank ${blankBreaks ? 'breaks it' : 'is allowed'}`,
    )
  }
  // All or none: one item without the others.
  t.same(
    run(
      '119',
      2025,
      ret({
        PlacedAdoption: [
          { CHILD: 'A', DATE_PLACED_CEASED: '01/05/2024', REASON_PLACED_CEASED: null },
          { CHILD: 'B', DATE_PLACED_CEASED: '01/05/2024', REASON_PLACED_CEASED: 'RD1' },
        ],
      }),
    ),
    ['PlacedAdoption:0'],
  )
  t.same(
    run(
      '153',
      2025,
      ret({
        OC3: [
          { CHILD: 'A', IN_TOUCH: 'YES', ACTIV: null, ACCOM: null },
          { CHILD: 'B', IN_TOUCH: null, ACTIV: null, ACCOM: null },
        ],
      }),
    ),
    ['OC3:0'],
  )
  const ad1 = { DATE_INT: '01/05/2024', DATE_MATCH: '02/05/2024', FOSTER_CARE: '0', NB_ADOPTR: '1', SEX_ADOPTR: 'F1', LS_ADOPTR: 'L0' }
  t.same(
    run(
      '151',
      2025,
      ret({
        AD1: [
          { CHILD: 'A', ...ad1, FOSTER_CARE: null },
          { CHILD: 'B', ...ad1 },
        ],
      }),
    ),
    ['AD1:0'],
  )
  // 134: adoption items for a child with care leaver items.
  t.same(
    run(
      '134',
      2025,
      ret({
        AD1: [
          { CHILD: 'A', ...ad1 },
          { CHILD: 'B', ...ad1 },
        ],
        OC3: [{ CHILD: 'A', IN_TOUCH: 'YES', ACTIV: 'F1', ACCOM: 'B1' }],
      }),
    ),
    ['AD1:0'],
  )
})

t.test('reviews need a participation code; a boy has no mother’s child; OC2’s four core items come together (2023-24 and 2024-25)', async (t) => {
  const reviews = ret({
    Reviews: [
      { CHILD: 'A', REVIEW: '01/05/2024', REVIEW_CODE: null },
      { CHILD: 'A', REVIEW: null, REVIEW_CODE: 'PN1' },
      { CHILD: 'A', REVIEW: null, REVIEW_CODE: null },
      { CHILD: 'A', REVIEW: '01/06/2024', REVIEW_CODE: 'PN1' },
    ],
  })
  t.same(run('167', 2025, reviews), ['Reviews:0', 'Reviews:1'])
  const header = ret({
    Header: [
      { CHILD: 'A', SEX: '1', MC_DOB: '01/01/2020' },
      { CHILD: 'B', SEX: 'M', MC_DOB: '01/01/2020' },
      { CHILD: 'C', SEX: 'M', MC_DOB: null },
    ],
  })
  t.same(run('174', 2024, header), ['Header:0'], '2023-24: sex 1 is male')
  t.same(run('174', 2025, header), ['Header:1'], '2024-25: M is male')
  const core = { IMMUNISATIONS: '1', TEETH_CHECK: '1', HEALTH_ASSESSMENT: '1', SUBSTANCE_MISUSE: '0' }
  const oc2 = ret({
    OC2: [
      { CHILD: 'A', ...core, TEETH_CHECK: null, CONVICTED: '0' },
      { CHILD: 'B', ...core, CONVICTED: '0' },
      { CHILD: 'C', IMMUNISATIONS: null, CONVICTED: null },
    ],
  })
  t.same(run('182', 2025, oc2), ['OC2:0'])
})

t.test('the SDQ, OC2, UPN and adoption-date rules on rows that break them and rows that do not (2024-25)', async (t) => {
  // Child A in care since 2020 (looked after continuously at 31 March 2025); B since February 2025.
  const episodes = [
    { CHILD: 'A', DECOM: '01/01/2020', RNE: 'S', LS: 'C2', DEC: null, REC: null },
    { CHILD: 'B', DECOM: '01/02/2025', RNE: 'S', LS: 'C2', DEC: null, REC: null },
  ]
  const oc2 = (rows: Array<Record<string, string | null>>) => ret({ Episodes: episodes, OC2: rows })
  t.same(
    run(
      '186',
      2025,
      oc2([
        { CHILD: 'A', DOB: '01/01/2014', SDQ_SCORE: null, SDQ_REASON: null },
        { CHILD: 'B', DOB: '01/01/2014' },
      ]),
    ),
    ['OC2:0'],
    '186: 11, in care all year, no SDQ',
  )
  t.same(
    run(
      '188',
      2025,
      oc2([
        { CHILD: 'A', DOB: '01/06/2021', SDQ_SCORE: '10' },
        { CHILD: 'B', DOB: '01/06/2019', SDQ_SCORE: '10' },
      ]),
    ),
    ['OC2:0'],
    '188: under 4 with a score',
  )
  const core = { IMMUNISATIONS: '1', TEETH_CHECK: '1', HEALTH_ASSESSMENT: '1', SUBSTANCE_MISUSE: '0' }
  t.same(
    run(
      '191',
      2025,
      oc2([
        { CHILD: 'A', ...core, TEETH_CHECK: null },
        { CHILD: 'B', ...core, TEETH_CHECK: null },
      ]),
    ),
    ['OC2:0'],
    '191: a core item blank',
  )
  t.same(run('191', 2025, oc2([{ CHILD: 'B', ...core }])), ['Episodes:0'], '191: a child looked after all year with no OC2 row: its first episode')
  t.same(
    run(
      '192',
      2025,
      oc2([
        { CHILD: 'A', SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: null },
        { CHILD: 'B', SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '0' },
      ]),
    ),
    ['OC2:0'],
  )
  t.same(
    run(
      '196',
      2025,
      oc2([
        { CHILD: 'A', SDQ_REASON: 'SDQ6' },
        { CHILD: 'B', SDQ_REASON: 'SDQ5' },
        { CHILD: 'C', SDQ_REASON: null },
      ]),
    ),
    ['OC2:0'],
  )
  t.same(
    run(
      '197B',
      2025,
      oc2([
        { CHILD: 'A', DOB: '01/06/2020', SDQ_SCORE: null, SDQ_REASON: null },
        { CHILD: 'A', DOB: '01/06/2019', SDQ_SCORE: null, SDQ_REASON: null },
      ]),
    ),
    ['OC2:0'],
    '197B: turned 4 in the year',
  )
  t.same(
    run(
      '197a',
      2025,
      oc2([
        { CHILD: 'A', SDQ_SCORE: '12', SDQ_REASON: 'SDQ1' },
        { CHILD: 'B', SDQ_SCORE: '12', SDQ_REASON: null },
      ]),
    ),
    ['OC2:0'],
  )
  // 209: UN1 for a child 4 by 31 August 2023 (school age in 2024-25).
  t.same(
    run(
      '209',
      2025,
      ret({
        Header: [
          { CHILD: 'A', DOB: '31/08/2019', UPN: 'UN1' },
          { CHILD: 'B', DOB: '01/09/2019', UPN: 'UN1' },
        ],
      }),
    ),
    ['Header:0'],
  )
  // 210: UN4 for a child whose episode starts on or after 24 March (the validator's own test).
  const un4 = ret({
    Header: [
      { CHILD: 'A', UPN: 'UN4' },
      { CHILD: 'B', UPN: 'UN4' },
    ],
    Episodes: [
      { CHILD: 'A', DECOM: '25/03/2025' },
      { CHILD: 'B', DECOM: '01/03/2025' },
    ],
  })
  t.same(run('210', 2025, un4).sort(), ['Episodes:0', 'Header:0'])
  // 184: the decision before the date of birth on the PlacedAdoption row, or with none to compare.
  const pa = ret({
    Header: [{ CHILD: 'A' }],
    PlacedAdoption: [
      { CHILD: 'A', DOB: '01/01/2015', DATE_PLACED: '01/01/2014' },
      { CHILD: 'A', DOB: null, DATE_PLACED: '01/01/2016' },
      { CHILD: 'A', DOB: '01/01/2015', DATE_PLACED: '01/01/2016' },
      { CHILD: 'A', DOB: '01/01/2015', DATE_PLACED: null },
    ],
  })
  t.same(run('184', 2025, pa), ['PlacedAdoption:0', 'PlacedAdoption:1'])
})

t.test('sex unknown, dates of birth, UASC and adoption dates: rows that break the rule and rows that do not', async (t) => {
  t.same(
    run(
      '232',
      2025,
      ret({
        Header: [
          { CHILD: 'A', SEX: 'U' },
          { CHILD: 'B', SEX: 'F' },
        ],
      }),
    ),
    ['Header:0'],
  )
  t.same(
    rulesForYear(2024).filter((r) => r.code === '232'),
    [],
    '232 starts in 2024-25',
  )
  t.same(
    run(
      '301',
      2025,
      ret({
        Header: [
          { CHILD: 'A', DOB: '01/04/2025' },
          { CHILD: 'B', DOB: '31/03/2025' },
        ],
      }),
    ),
    ['Header:0'],
  )
  const born = ret({
    Header: [
      { CHILD: 'A', DOB: '01/06/2015' },
      { CHILD: 'B', DOB: '01/06/2015' },
    ],
    Episodes: [
      { CHILD: 'A', DECOM: '01/06/2016' },
      { CHILD: 'A', DECOM: '01/01/2015' },
      { CHILD: 'B', DECOM: '01/06/2015' },
    ],
  })
  t.same(run('302', 2025, born).sort(), ['Episodes:1', 'Header:0'], 'the first episode of A starts before A was born')
  t.same(
    run(
      '304',
      2025,
      ret({
        UASC: [
          { CHILD: 'A', DOB: '01/06/2006', DUC: '02/06/2024' },
          { CHILD: 'B', DOB: '01/06/2006', DUC: '01/06/2024' },
        ],
      }),
    ),
    ['UASC:0'],
  )
  const adopted = ret({
    AD1: [
      { CHILD: 'A', DATE_MATCH: '01/06/2024' },
      { CHILD: 'B', DATE_MATCH: '01/03/2024' },
    ],
    Episodes: [
      { CHILD: 'A', DECOM: '01/05/2024', REC: 'E11' },
      { CHILD: 'B', DECOM: '01/05/2024', REC: 'E11' },
    ],
  })
  t.same(run('331', 2025, adopted).sort(), ['AD1:0', 'Episodes:0'])
  const ad1 = ret({
    AD1: [
      { CHILD: 'A', DATE_INT: '02/06/2024', DATE_MATCH: '01/06/2024' },
      { CHILD: 'B', DATE_INT: null, DATE_MATCH: '01/06/2024' },
      { CHILD: 'C', DATE_INT: '01/06/2024', DATE_MATCH: '01/06/2024' },
    ],
  })
  t.same(run('333', 2025, ad1), ['AD1:0', 'AD1:1'])
})

t.test(
  'episode dates, ages at the start of care, care leavers in touch, adoption by foster carers: rows that break the rule and rows that do not',
  async (t) => {
    const header = [
      { CHILD: 'A', DOB: '01/06/2006' },
      { CHILD: 'B', DOB: '01/06/2010' },
    ]
    const eps = ret({
      Header: header,
      Episodes: [
        { CHILD: 'A', DECOM: '01/07/2024', RNE: 'S' },
        { CHILD: 'B', DECOM: '01/07/2024', RNE: 'S' },
      ],
    })
    t.same(run('352', 2025, eps), ['Episodes:0'], '352: A started care at 18')
    t.same(
      run(
        '351',
        2025,
        ret({
          Header: [
            { CHILD: 'A', DOB: '31/03/1999' },
            { CHILD: 'B', DOB: '01/04/1999' },
          ],
        }),
      ),
      ['Header:0'],
      '351: over 25 on 1 April 2024',
    )
    const dates = ret({
      Episodes: [
        { CHILD: 'A', DECOM: '13/10/1991', DEC: '01/01/1992' },
        { CHILD: 'A', DECOM: '01/04/2025', DEC: null },
        { CHILD: 'A', DECOM: '01/05/2024', DEC: '01/05/2024' },
        { CHILD: 'A', DECOM: '01/05/2024', DEC: '30/04/2024' },
        { CHILD: 'A', DECOM: '01/05/2024', DEC: '02/05/2024' },
      ],
    })
    t.same(run('353', 2025, dates), ['Episodes:0'], '353: before 14 October 1991')
    t.same(run('354', 2025, dates), ['Episodes:1'], '354: starts after 31 March')
    t.same(run('355', 2025, dates), ['Episodes:2'], '355: ends the day it starts')
    t.same(run('356', 2025, dates), ['Episodes:3'], '356: ends before it starts')
    t.same(
      run(
        '345',
        2025,
        ret({
          OC3: [
            { CHILD: 'A', IN_TOUCH: 'YES', ACTIV: '0', ACCOM: 'B1' },
            { CHILD: 'B', IN_TOUCH: 'YES', ACTIV: 'F1', ACCOM: 'B1' },
            { CHILD: 'C', IN_TOUCH: 'NO', ACTIV: '0', ACCOM: '0' },
          ],
        }),
      ),
      ['OC3:0'],
    )
    const foster = ret({
      Episodes: [
        { CHILD: 'A', PLACE: 'A3', REC: 'E11' },
        { CHILD: 'B', PLACE: 'A4', REC: 'E11' },
        { CHILD: 'C', PLACE: 'A3', REC: 'E11' },
      ],
      AD1: [
        { CHILD: 'A', FOSTER_CARE: '0' },
        { CHILD: 'B', FOSTER_CARE: '0' },
        { CHILD: 'C', FOSTER_CARE: '1' },
      ],
    })
    t.same(run('335', 2025, foster).sort(), ['AD1:0', 'Episodes:0'], '335: placed with foster carers for adoption (A3), yet not adopted by them')
  },
)

t.test('first episodes, ends after the year, care leavers too young, missing UPNs, E1 before December 2005', async (t) => {
  const first = ret({
    Episodes: [
      { CHILD: 'A', DECOM: '01/05/2024', RNE: 'P' },
      { CHILD: 'B', DECOM: '01/05/2024', RNE: 'S' },
      { CHILD: 'C', DECOM: '01/05/2023', RNE: 'P' },
    ],
  })
  t.same(run('357', 2025, first), ['Episodes:0'], '357: a first episode in the year not starting care (C began before the year)')
  t.same(
    run(
      '385',
      2025,
      ret({
        Episodes: [
          { CHILD: 'A', DEC: '01/04/2025' },
          { CHILD: 'A', DEC: '31/03/2025' },
        ],
      }),
    ),
    ['Episodes:0'],
  )
  t.same(
    run(
      '391',
      2025,
      ret({
        OC3: [
          { CHILD: 'A', DOB: '01/04/2008', IN_TOUCH: 'YES' },
          { CHILD: 'B', DOB: '31/03/2008', IN_TOUCH: 'YES' },
        ],
      }),
    ),
    ['OC3:0'],
  )
  const upn = ret({
    Header: [
      { CHILD: 'A', UPN: null },
      { CHILD: 'B', UPN: null },
      { CHILD: 'C', UPN: 'UN1' },
    ],
    Episodes: [
      { CHILD: 'A', LS: 'C2' },
      { CHILD: 'B', LS: 'V3' },
      { CHILD: 'C', LS: 'C2' },
    ],
  })
  t.same(run('442', 2025, upn), ['Header:0'], '442: no UPN for a child in care other than short breaks')
  t.same(
    run(
      '446',
      2025,
      ret({
        Episodes: [
          { CHILD: 'A', LS: 'E1', DECOM: '30/11/2005' },
          { CHILD: 'A', LS: 'E1', DECOM: '01/12/2005' },
        ],
      }),
    ),
    ['Episodes:0'],
  )
})

t.test('convictions and health promotion by age, and the adoption decision dates: rows that break the rule and rows that do not', async (t) => {
  // A in care since 2020 (looked after continuously at 31 March 2025).
  const episodes = [{ CHILD: 'A', DECOM: '01/01/2020', RNE: 'S', LS: 'C2', DEC: null, REC: null }]
  const oc2 = (rows: Array<Record<string, string | null>>) => ret({ Episodes: episodes, OC2: rows })
  t.same(
    run(
      '542',
      2025,
      oc2([
        { CHILD: 'A', DOB: '01/04/2015', CONVICTED: '0' },
        { CHILD: 'A', DOB: '31/03/2015', CONVICTED: '0' },
      ]),
    ),
    ['OC2:0'],
    '542: under 10',
  )
  t.same(
    run(
      '543',
      2025,
      oc2([
        { CHILD: 'A', DOB: '01/01/2012', CONVICTED: null },
        { CHILD: 'B', DOB: '01/01/2012', CONVICTED: null },
      ]),
    ),
    ['OC2:0'],
    '543: 13, in care all year',
  )
  t.same(
    run(
      '544',
      2025,
      oc2([
        { CHILD: 'A', CONVICTED: '1', IMMUNISATIONS: null },
        { CHILD: 'B', CONVICTED: '1', IMMUNISATIONS: '1', TEETH_CHECK: '1', HEALTH_ASSESSMENT: '1', SUBSTANCE_MISUSE: '0' },
      ]),
    ),
    ['OC2:0'],
  )
  t.same(
    run(
      '545',
      2025,
      oc2([
        { CHILD: 'A', DOB: '01/01/2021', HEALTH_CHECK: null },
        { CHILD: 'A', DOB: '01/01/2021', HEALTH_CHECK: '1' },
      ]),
    ),
    ['OC2:0'],
    '545: under 5',
  )
  const adoption = ret({
    Episodes: [
      { CHILD: 'A', PLACE: 'A4', DECOM: '01/05/2024' },
      { CHILD: 'B', PLACE: 'A4', DECOM: '01/05/2024' },
    ],
    AD1: [
      { CHILD: 'A', DATE_INT: '02/05/2024' },
      { CHILD: 'B', DATE_INT: '01/05/2024' },
    ],
    PlacedAdoption: [
      { CHILD: 'A', DATE_PLACED: '01/05/2024', DATE_PLACED_CEASED: '30/04/2024' },
      { CHILD: 'B', DATE_PLACED: '01/05/2024', DATE_PLACED_CEASED: null },
    ],
  })
  t.same(run('521', 2025, adoption).sort(), ['AD1:0', 'Episodes:0'], '521: the decision after the placement')
  t.same(run('522', 2025, adoption), ['PlacedAdoption:0'], '522: reversed before it was made')
  t.same(run('523', 2025, adoption).sort(), ['AD1:0', 'PlacedAdoption:0'], '523: the two decision dates differ')
})

t.test('health promotion with its items, a reversal without its decision, missing periods: rows that break the rule and rows that do not', async (t) => {
  const core = { IMMUNISATIONS: '1', TEETH_CHECK: '1', HEALTH_ASSESSMENT: '1', SUBSTANCE_MISUSE: '0' }
  t.same(
    run(
      '547',
      2025,
      ret({
        OC2: [
          { CHILD: 'A', HEALTH_CHECK: '1', ...core, TEETH_CHECK: null },
          { CHILD: 'B', HEALTH_CHECK: '1', ...core },
        ],
      }),
    ),
    ['OC2:0'],
  )
  const pa = ret({
    PlacedAdoption: [
      { CHILD: 'A', DATE_PLACED: null, DATE_PLACED_CEASED: '01/05/2024', REASON_PLACED_CEASED: 'RD1' },
      { CHILD: 'B', DATE_PLACED: '01/04/2024', DATE_PLACED_CEASED: '01/05/2024', REASON_PLACED_CEASED: 'RD1' },
    ],
  })
  t.same(run('563', 2025, pa), ['PlacedAdoption:0'])
  const missing = ret({
    Missing: [
      { CHILD: 'A', MISSING: 'M', MIS_START: null, MIS_END: null },
      { CHILD: 'A', MISSING: null, MIS_START: '01/05/2024', MIS_END: '02/05/2024' },
      { CHILD: 'A', MISSING: 'A', MIS_START: '03/05/2024', MIS_END: '02/05/2024' },
      { CHILD: 'A', MISSING: 'A', MIS_START: '01/04/2025', MIS_END: null },
      { CHILD: 'A', MISSING: 'M', MIS_START: '01/06/2024', MIS_END: '02/06/2024' },
    ],
  })
  t.same(run('564', 2025, missing), ['Missing:0'], '564: missing with no start')
  t.same(run('565', 2025, missing), ['Missing:1'], '565: a start with no type')
  t.same(run('566', 2025, missing), ['Missing:1'], '566: an end with no type')
  t.same(run('567', 2025, missing), ['Missing:2'], '567: ends before it starts')
  t.same(run('570', 2025, missing), ['Missing:3'], '570: starts after the year')
})

t.test('overlapping adoption decisions, care ended on the 18th birthday while missing, adoption on the matching day', async (t) => {
  const pa = ret({
    PlacedAdoption: [
      { CHILD: 'A', DATE_PLACED: '01/06/2024', DATE_PLACED_CEASED: null },
      { CHILD: 'A', DATE_PLACED: '01/01/2024', DATE_PLACED_CEASED: '01/07/2024' },
      { CHILD: 'B', DATE_PLACED: '01/01/2024', DATE_PLACED_CEASED: '01/02/2024' },
      { CHILD: 'B', DATE_PLACED: '01/03/2024', DATE_PLACED_CEASED: null },
    ],
  })
  t.same(run('579', 2025, pa), ['PlacedAdoption:0'], '579: A decided again before the first decision ceased')
  const missing = ret({
    Episodes: [
      { CHILD: 'A', DEC: '01/06/2024', REC: 'E4A' },
      { CHILD: 'B', DEC: '01/06/2024', REC: 'E8' },
    ],
    Missing: [
      { CHILD: 'A', DOB: '01/06/2006', MIS_END: '01/06/2024' },
      { CHILD: 'B', DOB: '01/06/2006', MIS_END: '01/06/2024' },
    ],
  })
  t.same(run('580', 2025, missing), ['Episodes:0'])
  const adopted = ret({
    Episodes: [
      { CHILD: 'A', DEC: '01/06/2024', REC: 'E11' },
      { CHILD: 'B', DEC: '01/06/2024', REC: 'E11' },
    ],
    AD1: [
      { CHILD: 'A', DATE_MATCH: '01/06/2024' },
      { CHILD: 'B', DATE_MATCH: '01/05/2024' },
    ],
  })
  t.same(run('582', 2025, adopted), ['Episodes:0'])
})

t.test('359: an open episode of a child 18 before 31 March must be V2 in K2', async (t) => {
  const tables = ret({
    Header: [
      { CHILD: 'A', DOB: '30/03/2007' }, // 18 on 30 March 2025: before 31 March
      { CHILD: 'B', DOB: '31/03/2007' }, // 18 on 31 March itself: not before it
      { CHILD: 'C', DOB: '01/01/2006' },
      { CHILD: 'D', DOB: '01/01/2006' },
    ],
    Episodes: [
      { CHILD: 'A', DEC: null, LS: 'C2', PLACE: 'K2' },
      { CHILD: 'B', DEC: null, LS: 'C2', PLACE: 'K2' },
      { CHILD: 'C', DEC: null, LS: 'V2', PLACE: 'K2' },
      { CHILD: 'C', DEC: '01/01/2025', LS: 'C2', PLACE: 'U1' },
      { CHILD: 'D', DEC: null, LS: 'V2', PLACE: 'K1' },
      { CHILD: 'E', DEC: null, LS: 'C2', PLACE: 'U1' }, // no header row: no age to judge
    ],
  })
  t.same(run('359', 2025, tables), ['Episodes:0', 'Episodes:4'], 'A (18 the day before) and D (V2 but not K2); B turns 18 on 31 March')
  t.same(run('359', 2024, tables), ['Episodes:4'], 'in 2023-24 (ending 31 March 2024) A is not 18 yet; D is')
})

t.test('575: an open missing period within an episode that has ended', async (t) => {
  const tables = ret({
    Episodes: [
      { CHILD: 'A', DECOM: '01/06/2024', DEC: '10/06/2024' },
      { CHILD: 'B', DECOM: '01/06/2024', DEC: null },
      { CHILD: 'C', DECOM: '01/06/2024', DEC: '10/06/2024' },
    ],
    Missing: [
      { CHILD: 'A', MIS_START: '10/06/2024', MIS_END: null }, // on the episode's last day: flagged
      { CHILD: 'A', MIS_START: '01/06/2024', MIS_END: '02/06/2024' }, // ended
      { CHILD: 'A', MIS_START: '11/06/2024', MIS_END: null }, // after the episode
      { CHILD: 'B', MIS_START: '05/06/2024', MIS_END: null }, // the episode is open
      { CHILD: 'C', MIS_START: '01/06/2024', MIS_END: null }, // on the first day: flagged
      { CHILD: 'C', MIS_START: '31/05/2024', MIS_END: null }, // before it
    ],
  })
  t.same(run('575', 2025, tables), ['Missing:0', 'Missing:4'])
})

t.test('303: a UASC ceased date needs the header’s UASC flag 1', async (t) => {
  // The XML return: the header carries the flag.
  const xml = ret({
    Header: [
      { CHILD: 'A', UASC: '0' },
      { CHILD: 'B', UASC: '1' },
      { CHILD: 'C', UASC: null },
      { CHILD: 'D', UASC: '0' },
    ],
    UASC: [
      { CHILD: 'A', DUC: '01/06/2024' },
      { CHILD: 'B', DUC: '01/06/2024' },
      { CHILD: 'C', DUC: '01/06/2024' },
      { CHILD: 'D', DUC: null },
    ],
  })
  t.same(run('303', 2025, xml), ['UASC:0', 'UASC:2', 'Header:0', 'Header:2'], 'A (flag 0) and C (no flag) have a DUC')
  // The CSV set: the flag is being in the UASC file, so a DUC there never disagrees with it.
  const csv = ret({ Header: [{ CHILD: 'A', SEX: 'M' }], UASC: [{ CHILD: 'A', DUC: '01/06/2024' }] })
  t.same(run('303', 2025, csv), [])
})
