import fc from 'fast-check'
import t from 'tap'
import { addWorkingDays } from '../../../src/domain/dates/working-days.ts'
import {
  directionOfTravel,
  figuresFrom,
  groupLabel,
  headlineKpis,
  kpiById,
  KPI_DEFINITIONS,
  KpiPeriodError,
  reportedPeriod,
  resolvePoint,
  round1,
  seriesPoints,
  suppressFigures,
  suppressSecondary,
  windowsOf,
  workingDayDeadlines,
  yearEarlier,
  type KpiCounts,
} from '../../../src/domain/kpis/index.ts'
import { KPI_QUERIES } from '../../../src/modules/kpis/queries/index.ts'

const at = kpiById('children-in-care')!
const period = kpiById('admissions')!
const stability = kpiById('short-term-stability')!

t.test('the catalogue: unique ids, SQL for each, rules and choices written down', async (t) => {
  const ids = KPI_DEFINITIONS.map((d) => d.id)
  t.equal(new Set(ids).size, ids.length, 'ids are unique')
  t.same(Object.keys(KPI_QUERIES).sort(), [...ids].sort(), 'one query per KPI and no other')
  for (const d of KPI_DEFINITIONS) {
    t.match(d.id, /^[a-z0-9-]{1,60}$/)
    t.ok(d.rule.length > 40 && d.description.length > 20, `${d.id} explains itself`)
    if (d.defaultBreakdown) t.ok(d.breakdowns.includes(d.defaultBreakdown), `${d.id} can be split by its default breakdown`)
    if (d.unit === 'count') t.equal(d.denominator, null, `${d.id}: a count has no denominator`)
    else t.type(d.denominator, 'string', `${d.id} names its denominator`)
  }
  t.ok(kpiById('children-in-care'), 'the id the access tests use is real')
  t.equal(kpiById('nope'), undefined)
  t.ok(headlineKpis().length >= 30)
  t.ok(headlineKpis().every((d) => d.headline))
})

t.test('resolvePoint: asAt, year, from/to, today, and what is refused', async (t) => {
  t.same(resolvePoint(at, {}, '2025-06-01'), { asAt: '2025-06-01', from: null })
  t.same(resolvePoint(at, { asAt: '2025-03-31' }, '2025-06-01'), { asAt: '2025-03-31', from: null })
  t.same(resolvePoint(at, { year: 2025 }, '2025-06-01'), { asAt: '2025-03-31', from: null })
  t.same(resolvePoint(period, { asAt: '2025-03-31' }, 'x'), { asAt: '2025-03-31', from: '2024-04-01' })
  t.same(resolvePoint(period, { year: 2024 }, 'x'), { asAt: '2024-03-31', from: '2023-04-01' })
  // 29 February: the 12 months are from 1 March.
  t.same(resolvePoint(period, { asAt: '2024-02-29' }, 'x'), { asAt: '2024-02-29', from: '2023-03-01' })
  t.same(resolvePoint(period, { from: '2025-01-01', to: '2025-01-31' }, 'x'), { asAt: '2025-01-31', from: '2025-01-01' })
  const refused = (q: Parameters<typeof resolvePoint>[1], field: string, def = period) => {
    try {
      resolvePoint(def, q, '2025-06-01')
      t.fail(`${JSON.stringify(q)} was accepted`)
    } catch (e) {
      t.ok(e instanceof KpiPeriodError && e.field === field, `${JSON.stringify(q)} refused on ${field}`)
    }
  }
  refused({ asAt: '2025-03-31', year: 2025 }, 'year')
  refused({ asAt: '2025-03-31', from: '2025-01-01', to: '2025-02-01' }, 'asAt')
  refused({ from: '2025-01-01' }, 'to')
  refused({ to: '2025-01-01' }, 'from')
  refused({ from: '2025-02-01', to: '2025-01-01' }, 'from')
  refused({ from: '2025-01-01', to: '2025-02-01' }, 'from', at)
  refused({ asAt: '1999-03-31' }, 'asAt', at)
  refused({ asAt: '2036-03-31' }, 'asAt', at)
  refused({ from: '1990-01-01', to: '2025-01-01' }, 'from')
})

t.test('windows and the reported period use clamped month arithmetic', async (t) => {
  t.same(windowsOf('2025-03-31'), { m6: '2024-09-30', m12: '2024-03-31', m24: '2023-03-31', m30: '2022-09-30' })
  t.same(windowsOf('2024-08-31'), { m6: '2024-02-29', m12: '2023-08-31', m24: '2022-08-31', m30: '2022-02-28' })
  t.same(reportedPeriod(at, { asAt: '2025-03-31', from: null }), { asAt: '2025-03-31', from: null, to: null })
  t.same(reportedPeriod(stability, { asAt: '2025-03-31', from: null }), { asAt: '2025-03-31', from: '2024-04-01', to: '2025-03-31' })
  t.same(reportedPeriod(period, { asAt: '2025-01-31', from: '2025-01-01' }), { asAt: '2025-01-31', from: '2025-01-01', to: '2025-01-31' })
  t.same(yearEarlier({ asAt: '2024-02-29', from: '2023-03-01' }), { asAt: '2023-02-28', from: '2022-03-01' })
  t.same(yearEarlier({ asAt: '2025-03-31', from: null }), { asAt: '2024-03-31', from: null })
})

t.test('series points: period ends, each period for period KPIs', async (t) => {
  t.same(seriesPoints(at, '2024-01-15', '2024-04-30', 'month'), [
    { asAt: '2024-01-31', from: null },
    { asAt: '2024-02-29', from: null },
    { asAt: '2024-03-31', from: null },
    { asAt: '2024-04-30', from: null },
  ])
  t.same(
    seriesPoints(period, '2024-01-01', '2024-12-31', 'quarter').map((p) => [p.from, p.asAt]),
    [
      ['2024-01-01', '2024-03-31'],
      ['2024-04-01', '2024-06-30'],
      ['2024-07-01', '2024-09-30'],
      ['2024-10-01', '2024-12-31'],
    ],
  )
  t.same(
    seriesPoints(period, '2020-01-01', '2025-12-31', 'year').map((p) => p.asAt),
    ['2020-03-31', '2021-03-31', '2022-03-31', '2023-03-31', '2024-03-31', '2025-03-31'],
  )
  t.equal(seriesPoints(at, '2015-04-01', '2025-03-31', 'month').length, 120)
  t.throws(() => seriesPoints(at, '2005-01-01', '2030-12-31', 'month'), KpiPeriodError)
  t.throws(() => seriesPoints(at, '2025-01-01', '2024-12-31', 'month'), KpiPeriodError)
})

const counts = (c: Partial<KpiCounts>): KpiCounts => ({
  cohortSize: 0,
  denominator: 0,
  numerator: 0,
  measureSum: null,
  measureCount: 0,
  measureMedian: null,
  details: {},
  ...c,
})

t.test('values by unit', async (t) => {
  t.same(figuresFrom('count', counts({ numerator: 7, cohortSize: 9 }), null), { value: 7, numerator: 7, denominator: null, cohortSize: 9, details: {} })
  t.equal(figuresFrom('percent', counts({ numerator: 1, denominator: 3 }), null).value, 33.3)
  t.equal(figuresFrom('percent', counts({ numerator: 2, denominator: 3 }), null).value, 66.7)
  t.equal(figuresFrom('percent', counts({ numerator: 0, denominator: 0 }), null).value, null)
  t.same(figuresFrom('rate-per-10000', counts({ numerator: 488 }), 57_000), { value: 85.6, numerator: 488, denominator: 57_000, cohortSize: 0, details: {} })
  t.equal(figuresFrom('rate-per-10000', counts({ numerator: 488 }), null).value, null)
  t.same(figuresFrom('average', counts({ measureSum: 50, measureCount: 3, cohortSize: 4 }), null), {
    value: 16.7,
    numerator: 50,
    denominator: 3,
    cohortSize: 4,
    details: {},
  })
  t.equal(figuresFrom('average', counts({}), null).value, null)
  // A median has no numerator; the denominator is how many values it is the middle of.
  t.same(figuresFrom('median', counts({ measureMedian: 22.5, measureCount: 6, cohortSize: 8 }), null), {
    value: 22.5,
    numerator: null,
    denominator: 6,
    cohortSize: 8,
    details: {},
  })
  t.equal(figuresFrom('median', counts({}), null).value, null)
  t.equal(round1(0.05), 0.1)
  t.equal(round1(12.34), 12.3)
})

t.test('small-number suppression: counts of 1-4 and what is built on them', async (t) => {
  const s = (unit: Parameters<typeof suppressFigures>[0], c: Partial<KpiCounts>, population: number | null = null) =>
    suppressFigures(unit, figuresFrom(unit, counts(c), population))
  t.same(s('count', { numerator: 4, cohortSize: 4 }), {
    figures: { value: null, numerator: null, denominator: null, cohortSize: null, details: {} },
    suppressed: true,
  })
  t.same(s('count', { numerator: 0, cohortSize: 0 }), { figures: { value: 0, numerator: 0, denominator: null, cohortSize: 0, details: {} }, suppressed: false })
  t.same(s('count', { numerator: 5, cohortSize: 5 }).suppressed, false)
  t.same(s('percent', { numerator: 3, denominator: 40, cohortSize: 40 }).figures, {
    value: null,
    numerator: null,
    denominator: 40,
    cohortSize: 40,
    details: {},
  })
  // 37 of 40 would disclose the 3 not counted.
  t.same(s('percent', { numerator: 37, denominator: 40, cohortSize: 40 }).figures, {
    value: null,
    numerator: null,
    denominator: 40,
    cohortSize: 40,
    details: {},
  })
  t.same(s('percent', { numerator: 20, denominator: 40, cohortSize: 40 }), {
    figures: { value: 50, numerator: 20, denominator: 40, cohortSize: 40, details: {} },
    suppressed: false,
  })
  t.same(s('percent', { numerator: 0, denominator: 3, cohortSize: 3 }).figures, {
    value: null,
    numerator: null,
    denominator: null,
    cohortSize: null,
    details: {},
  })
  t.same(s('percent', { numerator: 10, denominator: 10, cohortSize: 12, details: { unknown: 2 } }).figures.details, { unknown: null })
  t.same(s('average', { measureSum: 40, measureCount: 3, cohortSize: 10 }).figures, {
    value: null,
    numerator: null,
    denominator: null,
    cohortSize: 10,
    details: {},
  })
  t.same(s('average', { measureSum: 80, measureCount: 6, cohortSize: 10 }).suppressed, false)
  t.same(s('median', { measureMedian: 30, measureCount: 4, cohortSize: 10 }).figures, {
    value: null,
    numerator: null,
    denominator: null,
    cohortSize: 10,
    details: {},
  })
  t.same(s('median', { measureMedian: 30, measureCount: 5, cohortSize: 10 }).suppressed, false)
  t.same(s('rate-per-10000', { numerator: 2, cohortSize: 2 }, 10_000).figures, {
    value: null,
    numerator: null,
    denominator: 10_000,
    cohortSize: null,
    details: {},
  })
  // Whatever the counts, no shown count is 1-4 and a shown percentage never rests on one.
  fc.assert(
    fc.property(fc.nat(60), fc.nat(60), (a, b) => {
      const denominator = Math.max(a, b)
      const numerator = Math.min(a, b)
      const { figures } = s('percent', { numerator, denominator, cohortSize: denominator })
      const shown = [figures.numerator, figures.denominator, figures.cohortSize].filter((x): x is number => x !== null)
      const ok = shown.every((x) => x === 0 || x > 4)
      const valueSafe = figures.value === null || ((numerator === 0 || numerator > 4) && (denominator - numerator === 0 || denominator - numerator > 4))
      return ok && valueSafe
    }),
  )
})

t.test('direction of travel', async (t) => {
  t.same(directionOfTravel(12, 10, true), { change: 'up', direction: 'improving' })
  t.same(directionOfTravel(12, 10, false), { change: 'up', direction: 'worsening' })
  t.same(directionOfTravel(8, 10, false), { change: 'down', direction: 'improving' })
  t.same(directionOfTravel(8, 10, true), { change: 'down', direction: 'worsening' })
  t.same(directionOfTravel(10.04, 10, true), { change: 'same', direction: 'same' })
  t.same(directionOfTravel(500, 480, null), { change: 'up', direction: null })
  t.same(directionOfTravel(null, 10, true), { change: null, direction: null })
  t.same(directionOfTravel(10, null, true), { change: null, direction: null })
})

t.test('labels for breakdown groups', async (t) => {
  t.equal(groupLabel('ageBand', '10-15'), '10 to 15')
  t.equal(groupLabel('ageBand', 'under-1'), 'Under 1')
  t.equal(groupLabel('ethnicityGroup', 'mixed'), 'Mixed or multiple ethnic groups')
  t.equal(groupLabel('sex', 'F'), 'Female')
  t.equal(groupLabel('uasc', 'uasc'), 'Unaccompanied asylum-seeking children')
  t.match(groupLabel('placementType', 'U4'), /foster/i)
  t.match(groupLabel('provider', 'PR1'), /own provision/i)
  t.match(groupLabel('provider', 'none'), /No provider/)
  t.equal(groupLabel('legalStatus', 'none'), 'None')
  t.match(groupLabel('reasonEnded', 'E4A'), /home/i)
  t.equal(groupLabel('placementType', 'Q9'), 'Q9')
})

t.test('working-day deadlines agree with addWorkingDays for every start date', async (t) => {
  const table = workingDayDeadlines('2024-11-01', '2025-02-28', 20)
  t.equal(table.starts.length, 120)
  table.starts.forEach((s, i) => t.equal(table.deadlines[i], addWorkingDays(s, 20), s))
  t.equal(table.deadlines[table.starts.indexOf('2024-12-20')], '2025-01-22')
  // Clamped to the bank-holiday calendar.
  const edge = workingDayDeadlines('1999-12-01', '2000-01-05', 20)
  t.equal(edge.starts[0], '2000-01-01')
  const end = workingDayDeadlines('2035-12-01', '2035-12-31', 20)
  t.ok(end.starts.length < 31 && end.starts.every((s, i) => (end.deadlines[i] as string) <= '2035-12-31'))
  t.same(workingDayDeadlines('2040-01-01', '2040-02-01', 20), { starts: [], deadlines: [] })
  t.throws(() => workingDayDeadlines('2024-01-01', '2024-02-01', 0), RangeError)
})

t.test('secondary suppression: no withheld group count comes back as the total minus the others', async (t) => {
  const group = (unit: 'count' | 'percent', c: Partial<KpiCounts>) => {
    const raw = figuresFrom(unit, counts(c), null)
    const { figures, suppressed } = suppressFigures(unit, raw)
    return { raw, shown: figures, suppressed }
  }
  const total = (unit: 'count' | 'percent', c: Partial<KpiCounts>) => suppressFigures(unit, figuresFrom(unit, counts(c), null)).figures
  const numerators = (gs: ReturnType<typeof suppressSecondary>) => gs.map((g) => g.shown.numerator)

  // 2 + 5 + 9 = 16: the 2 is withheld, so is the next smallest (5); the 9 stays.
  const three = [group('count', { numerator: 2 }), group('count', { numerator: 9 }), group('count', { numerator: 5 })]
  const out = suppressSecondary('count', three, total('count', { numerator: 16 }))
  t.same(numerators(out), [null, 9, null])
  t.same(
    out.map((g) => g.suppressed),
    [true, false, true],
  )
  t.same(numerators(three), [null, 9, 5], 'the groups given are not changed')
  // Two withheld already, or the total withheld: nothing more to do. Zero groups are never picked.
  t.same(
    numerators(
      suppressSecondary(
        'count',
        [group('count', { numerator: 2 }), group('count', { numerator: 3 }), group('count', { numerator: 9 })],
        total('count', { numerator: 14 }),
      ),
    ),
    [null, null, 9],
  )
  t.same(numerators(suppressSecondary('count', [group('count', { numerator: 2 }), group('count', { numerator: 1 })], total('count', { numerator: 3 }))), [
    null,
    null,
  ])
  t.same(
    numerators(
      suppressSecondary(
        'count',
        [group('count', { numerator: 0 }), group('count', { numerator: 3 }), group('count', { numerator: 7 })],
        total('count', { numerator: 10 }),
      ),
    ),
    [0, null, null],
  )
  // Percentages: a withheld denominator is protected the same way.
  const pct = suppressSecondary(
    'percent',
    [
      group('percent', { numerator: 1, denominator: 3 }),
      group('percent', { numerator: 5, denominator: 10 }),
      group('percent', { numerator: 10, denominator: 20 }),
    ],
    total('percent', { numerator: 16, denominator: 33 }),
  )
  t.same(
    pct.map((g) => [g.shown.numerator, g.shown.denominator, g.shown.value]),
    [
      [null, null, null],
      [null, null, null],
      [10, 20, 50],
    ],
  )

  // Whatever the groups: after suppression, no numerator withheld can be solved from the total.
  fc.assert(
    fc.property(fc.array(fc.nat(12), { minLength: 1, maxLength: 6 }), (ns) => {
      const sum = ns.reduce((a, b) => a + b, 0)
      const shownTotal = total('count', { numerator: sum })
      const gs = suppressSecondary(
        'count',
        ns.map((n) => group('count', { numerator: n })),
        shownTotal,
      )
      const hidden = gs.filter((g) => g.shown.numerator === null)
      return shownTotal.numerator === null || hidden.length !== 1
    }),
  )
})
