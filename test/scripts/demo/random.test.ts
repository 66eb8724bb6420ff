import t from 'tap'
import { createRandom, hashString } from '../../../scripts/demo/generator/random.ts'

t.test('the same seed gives the same stream, another seed another', async (t) => {
  const draw = (seed: string): number[] => {
    const r = createRandom(seed, 7)
    return Array.from({ length: 5 }, () => r.float())
  }
  t.same(draw('a'), draw('a'))
  t.not(draw('a').join(), draw('b').join())
  // Seed parts are kept apart: ('ab', 1) is not ('a', 'b1').
  t.not(createRandom('ab', 1).float(), createRandom('a', 'b1').float())
  t.equal(hashString('x'), hashString('x'))
  t.not(hashString('x'), hashString('y'))
})

t.test('draws stay in their ranges', async (t) => {
  const r = createRandom('ranges')
  const ints = new Set<number>()
  for (let i = 0; i < 5000; i++) {
    const f = r.float()
    if (f < 0 || f >= 1) t.fail(`float ${f}`)
    const n = r.int(3, 6)
    ints.add(n)
    if (r.exponential(2) < 0) t.fail('exponential below 0')
    if (r.logNormal(10, 1) <= 0) t.fail('log-normal not positive')
  }
  t.same([...ints].sort(), [3, 4, 5, 6], 'int is inclusive at both ends')
  t.throws(() => r.pick([]), RangeError)
  t.throws(() => r.weighted([['a', 0]]), RangeError)
  t.equal(r.pick(['only']), 'only')
  t.equal(
    r.weighted([
      ['x', 0],
      ['y', 1],
    ]),
    'y',
  )
})

t.test('distributions have the shape asked for', async (t) => {
  const r = createRandom('shape')
  const n = 20000
  let heads = 0
  let sum = 0
  let sumSq = 0
  let expSum = 0
  let belowMedian = 0
  const picks = { a: 0, b: 0, c: 0 }
  for (let i = 0; i < n; i++) {
    if (r.chance(0.3)) heads++
    const x = r.normal(14, 5)
    sum += x
    sumSq += x * x
    expSum += r.exponential(3)
    if (r.logNormal(100, 0.8) < 100) belowMedian++
    picks[
      r.weighted<'a' | 'b' | 'c'>([
        ['a', 1],
        ['b', 2],
        ['c', 7],
      ])
    ]++
  }
  const mean = sum / n
  t.ok(Math.abs(heads / n - 0.3) < 0.015, `chance ${heads / n}`)
  t.ok(Math.abs(mean - 14) < 0.15, `normal mean ${mean}`)
  t.ok(Math.abs(Math.sqrt(sumSq / n - mean * mean) - 5) < 0.15, 'normal sd')
  t.ok(Math.abs(expSum / n - 3) < 0.1, 'exponential mean')
  t.ok(Math.abs(belowMedian / n - 0.5) < 0.015, 'log-normal median')
  t.ok(Math.abs(picks.a / n - 0.1) < 0.01 && Math.abs(picks.c / n - 0.7) < 0.015, `weighted ${JSON.stringify(picks)}`)
})

t.test('fork gives independent, reproducible child seeds', async (t) => {
  const a = createRandom('parent')
  const b = createRandom('parent')
  const seeds = Array.from({ length: 100 }, () => a.fork())
  t.same(
    seeds,
    Array.from({ length: 100 }, () => b.fork()),
  )
  t.equal(new Set(seeds).size, 100)
  t.ok(seeds.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 32))
})
