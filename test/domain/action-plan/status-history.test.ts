import fc from 'fast-check'
import t from 'tap'
import { statusOn } from '../../../src/domain/action-plan/status-history.ts'

const changes = [
  { status: 'not_started', changedOn: '2025-03-01' },
  { status: 'in_progress', changedOn: '2025-06-10' },
  { status: 'in_progress', changedOn: '2025-06-10' },
  { status: 'complete', changedOn: '2025-11-30' },
]

t.test('the status that stood on a day', async (t) => {
  t.equal(statusOn(changes, '2025-06-09')?.status, 'not_started')
  t.equal(statusOn(changes, '2025-06-10'), changes[2], 'the last recorded that day')
  t.equal(statusOn(changes, '2025-11-29')?.status, 'in_progress')
  t.equal(statusOn(changes, '2026-01-01')?.status, 'complete')
  t.equal(statusOn(changes, '2024-12-31')?.status, 'not_started', 'before the first record: the first')
  t.equal(statusOn([], '2025-01-01'), null)
})

t.test('always one of the changes, never a later one than the day allows', async () => {
  const day = fc.integer({ min: 0, max: 400 }).map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10))
  fc.assert(
    fc.property(fc.array(day, { minLength: 1, maxLength: 8 }), day, (days, d) => {
      const sorted = [...days].sort().map((changedOn, i) => ({ i, changedOn }))
      const got = statusOn(sorted, d) as { i: number; changedOn: string }
      const onOrBefore = sorted.filter((c) => c.changedOn <= d)
      return onOrBefore.length ? got === onOrBefore[onOrBefore.length - 1] : got === sorted[0]
    }),
  )
})
