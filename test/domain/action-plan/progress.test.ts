import t from 'tap'
import { compareUpdates } from '../../../src/domain/action-plan/progress-updates.ts'
import { summariseProgress, type ProgressItem } from '../../../src/domain/action-plan/progress.ts'
import { isOverdue, ragOf } from '../../../src/domain/action-plan/rag.ts'
import { refNote } from '../../../src/domain/action-plan/refs.ts'

const item = (over: Partial<ProgressItem>): ProgressItem => ({
  id: 'a',
  ref: '1.1',
  priority: 1,
  position: 0,
  byWhen: 'March 2026',
  status: 'in_progress',
  dueDate: '2026-03-31',
  ragOverride: null,
  ragOverrideReason: null,
  ...over,
})

t.test('overdue: past the due day and not finished', async (t) => {
  t.equal(isOverdue(item({}), '2026-03-31'), false, 'due means by the end of the day')
  t.equal(isOverdue(item({}), '2026-04-01'), true)
  t.equal(isOverdue(item({ status: 'complete' }), '2026-04-01'), false)
  t.equal(isOverdue(item({ status: null }), '2026-04-01'), true)
  t.equal(isOverdue(item({ dueDate: null }), '2026-04-01'), false)
})

t.test('an override counts only with a reason', async (t) => {
  t.equal(ragOf(item({ ragOverride: 'red' }), '2026-01-01').colour, 'green')
  t.equal(ragOf(item({ ragOverride: 'red', ragOverrideReason: 'board said so' }), '2026-01-01').colour, 'red')
})

t.test('progress: counts by status, RAG and priority; overdue; due dates moved', async (t) => {
  const items = [
    item({ id: 'a' }),
    item({ id: 'b', ref: '2.1', priority: 2, position: 1, status: 'complete' }),
    item({ id: 'c', ref: null, priority: null, position: 2, status: null, dueDate: null }),
  ]
  const changes = [
    { itemId: 'a', seq: 2, fromDate: '2026-01-31', fromWording: 'January', changedOn: '2026-02-01' },
    { itemId: 'a', seq: 1, fromDate: '2025-12-31', fromWording: 'December', changedOn: '2026-01-02' },
  ]
  const p = summariseProgress(
    'plan',
    '2026-04-02',
    [
      { number: 1, title: 'One' },
      { number: 2, title: 'Two' },
    ],
    items,
    changes,
  )
  t.equal(p.total, 3)
  t.match(p.byStatus, { in_progress: 1, complete: 1, unknown: 1 })
  t.match(p.byRag, { red: 1, blue: 1, none: 1 })
  t.same(
    p.byPriority.map((b) => [b.number, b.title, b.total]),
    [
      [null, null, 1],
      [1, 'One', 1],
      [2, 'Two', 1],
    ],
  )
  t.same(
    p.overdue.map((o) => [o.id, o.daysOverdue]),
    [['a', 2]],
  )
  t.match(p.dueDateMoves, [{ id: 'a', moves: 2, firstDueDate: '2025-12-31', firstByWhen: 'December', lastChangedOn: '2026-02-01' }])
})

t.test('updates: undated first, then by date, then as written', async (t) => {
  const rows = [
    { date: '2026-02-01', seq: 1 },
    { date: null, seq: 3 },
    { date: '2026-01-01', seq: 4 },
    { date: '2026-01-01', seq: 2 },
  ]
  t.same(
    [...rows].sort(compareUpdates).map((r) => r.seq),
    [3, 2, 4, 1],
  )
})

t.test('a ref that does not fit is noted, never renumbered', async (t) => {
  t.equal(refNote(null, 1, null), null)
  t.equal(refNote('1.2', 1, null), null)
  t.match(refNote('2.1', 1, null), /does not fit priority 1/)
  t.match(refNote('abc', 1, null), /not dotted numbers/)
})
