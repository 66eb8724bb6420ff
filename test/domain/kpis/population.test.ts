import fc from 'fast-check'
import t from 'tap'
import { populationOn } from '../../../src/domain/kpis/population.ts'

const estimates = [
  { year: 2023, population: 50_000 },
  { year: 2025, population: 52_000 },
  { year: 2024, population: 51_000 },
]

t.test('the latest mid-year estimate (30 June) on or before the date; before the first, the fallback', async (t) => {
  t.equal(populationOn(estimates, '2025-03-31', 49_000), 51_000, '31 March 2025 takes mid-2024')
  t.equal(populationOn(estimates, '2025-06-30', 49_000), 52_000, 'the estimate counts from its own day')
  t.equal(populationOn(estimates, '2025-06-29', 49_000), 51_000)
  t.equal(populationOn(estimates, '2031-03-31', 49_000), 52_000, 'after the last, the last')
  t.equal(populationOn(estimates, '2023-06-29', 49_000), 49_000, 'before the first, the single figure')
  t.equal(populationOn(estimates, '2023-06-29', null), null, 'or nothing')
  t.equal(populationOn([], '2025-03-31', 49_000), 49_000)
})

t.test('property: the answer is the estimate of the greatest year whose 30 June is not after the date', async () => {
  const year = fc.integer({ min: 1990, max: 2100 })
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.record({ year, population: fc.integer({ min: 1, max: 10_000_000 }) }), { selector: (e) => e.year, maxLength: 12 }),
      fc.date({ min: new Date('1989-01-01T00:00:00Z'), max: new Date('2101-12-31T00:00:00Z'), noInvalidDate: true }),
      (list, day) => {
        const asAt = day.toISOString().slice(0, 10)
        const got = populationOn(list, asAt, -1)
        const eligible = list.filter((e) => `${e.year}-06-30` <= asAt)
        if (eligible.length === 0) return got === -1
        const best = eligible.reduce((a, b) => (b.year > a.year ? b : a))
        return got === best.population
      },
    ),
  )
})
