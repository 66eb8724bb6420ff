import t from 'tap'
import fc from 'fast-check'
import { deriveRag } from '../../../src/domain/action-plan/rag.ts'
import { actionStatuses } from '../../../src/domain/action-plan/types.ts'
import type { ActionStatus } from '../../../src/domain/action-plan/types.ts'

const colour = (status: ActionStatus | null, dueDate: string | null, asAt: string) => {
  const r = deriveRag({ status, dueDate, asAt })
  return [r.colour, r.basis]
}

t.test('complete, monitored and obsolete actions ignore the due date', async (t) => {
  t.same(colour('complete', '2025-01-31', '2026-03-01'), ['blue', 'complete'])
  t.same(colour('complete_monitoring', '2025-01-31', '2026-03-01'), ['green', 'complete_monitoring'])
  t.same(colour('obsolete', '2025-01-31', '2026-03-01'), ['grey', 'obsolete'])
  t.same(colour(null, '2025-01-31', '2026-03-01'), [null, 'unknown_status'])
})

t.test('past due and not complete is red; due means by the end of the due date', async (t) => {
  t.same(colour('in_progress', '2026-03-31', '2026-03-31'), ['green', 'on_track'], 'on the due date: still on time')
  t.same(colour('in_progress', '2026-03-31', '2026-04-01'), ['red', 'past_due'])
  t.same(colour('delayed', '2025-12-31', '2026-03-10'), ['red', 'past_due'], '2.2.5 Transitions Guide, due Dec 2025')
  t.same(colour('not_started', '2026-01-31', '2026-02-01'), ['red', 'past_due'])
  t.same(colour('awaiting_start', '2026-01-31', '2026-02-01'), ['red', 'past_due'])
})

t.test('delayed but not yet due is amber', async (t) => {
  t.same(colour('delayed', '2026-06-30', '2026-03-10'), ['amber', 'delayed'])
  t.same(colour('delayed', null, '2026-03-10'), ['amber', 'delayed'])
})

t.test('not started with a deadline within 28 days is amber', async (t) => {
  // 2026-06-30 - 2026-06-02 = 28 days; 2026-06-01 is 29 days before.
  t.same(colour('awaiting_start', '2026-06-30', '2026-06-02'), ['amber', 'due_soon_not_started'])
  t.same(colour('awaiting_start', '2026-06-30', '2026-06-01'), ['green', 'on_track'])
  t.same(colour('not_started', '2026-06-30', '2026-06-30'), ['amber', 'due_soon_not_started'])
  t.same(colour('not_started', null, '2026-06-30'), ['green', 'on_track'])
  t.same(colour('in_progress', '2026-06-30', '2026-06-29'), ['green', 'on_track'], 'in progress: not amber when close')
  const wider = deriveRag({ status: 'awaiting_start', dueDate: '2026-06-30', asAt: '2026-05-01', dueSoonDays: 60 })
  t.equal(wider.colour, 'amber')
})

t.test('an override with a reason wins; without one it is ignored', async (t) => {
  const r = deriveRag({
    status: 'in_progress',
    dueDate: '2026-01-31',
    asAt: '2026-03-01',
    override: { colour: 'amber', reason: ' Service Director agreed the new date ', setOn: '2026-02-10' },
  })
  t.same(r, {
    colour: 'amber',
    derived: 'red',
    basis: 'override',
    overridden: true,
    overrideReason: 'Service Director agreed the new date',
    overrideIgnored: false,
  })
  const blank = deriveRag({
    status: 'in_progress',
    dueDate: '2026-01-31',
    asAt: '2026-03-01',
    override: { colour: 'green', reason: '   ' },
  })
  t.same(blank, {
    colour: 'red',
    derived: 'red',
    basis: 'past_due',
    overridden: false,
    overrideReason: null,
    overrideIgnored: true,
  })
  const none = deriveRag({ status: 'complete', dueDate: null, asAt: '2026-03-01', override: null })
  t.equal(none.overrideIgnored, false)
  const greyed = deriveRag({ status: null, dueDate: null, asAt: '2026-03-01', override: { colour: 'grey', reason: 'merged into 2.1.1' } })
  t.equal(greyed.colour, 'grey')
  t.equal(greyed.derived, null)
})

t.test('bad dates are refused', async (t) => {
  t.throws(() => deriveRag({ status: 'complete', dueDate: null, asAt: '1/3/26' }), RangeError)
  t.throws(() => deriveRag({ status: 'complete', dueDate: '2026-02-30', asAt: '2026-03-01' }), RangeError)
})

t.test('properties', async () => {
  const day = fc.integer({ min: 0, max: 2000 }).map((n) => {
    const d = new Date(Date.UTC(2024, 0, 1 + n))
    return d.toISOString().slice(0, 10)
  })
  const status = fc.constantFrom(...actionStatuses)
  fc.assert(
    fc.property(status, day, day, (s, due, asAt) => {
      const r = deriveRag({ status: s, dueDate: due, asAt })
      if (s === 'complete' || s === 'complete_monitoring' || s === 'obsolete') return r.colour !== 'red'
      return due < asAt === (r.colour === 'red')
    }),
    { numRuns: 500 },
  )
})
