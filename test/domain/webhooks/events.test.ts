import t from 'tap'
import { ihaDeadline } from '../../../src/domain/health/due-dates.ts'
import { admissionEvents, careEvents, eventsBeyond, mayReceive } from '../../../src/domain/webhooks/events.ts'

t.test('a key receives an event its scopes allow; one naming a child needs child:read', async (t) => {
  t.ok(mayReceive(new Set(['health:write', 'child:read']), 'child.admitted'))
  t.notOk(mayReceive(new Set(['health:write']), 'child.admitted'), 'no child:read')
  t.notOk(mayReceive(new Set(['child:read']), 'child.admitted'), 'child:read alone')
  t.ok(mayReceive(new Set(['kpi:read']), 'import.completed'), 'counts only: no child:read needed')
  t.notOk(mayReceive(new Set(['admin']), 'import.completed'))
  t.same(eventsBeyond(new Set(['education:write', 'child:read']), ['child.admitted', 'health-assessment.overdue', 'sdq.due']), ['health-assessment.overdue'])
})

t.test('child.admitted for new periods begun in the last 35 days up to today, with the IHA deadline', async (t) => {
  const today = '2026-03-10'
  const events = admissionEvents(
    '372',
    [
      { childId: 'C1', startDate: '2026-03-02' },
      { childId: 'C2', startDate: '2026-02-03' }, // 35 days before: in
      { childId: 'C3', startDate: '2026-02-02' }, // 36 days before: an old admission filled in late
      { childId: 'C4', startDate: '2026-03-11' }, // after today
    ],
    today,
  )
  t.same(
    events.map((e) => e.childId),
    ['C1', 'C2'],
  )
  t.same(events[0], {
    la: '372',
    type: 'child.admitted',
    childId: 'C1',
    payload: { childId: 'C1', admittedOn: '2026-03-02', ihaDueBy: ihaDeadline('2026-03-02') },
  })
  t.equal(events[0]?.payload.ihaDueBy, '2026-03-30', 'the 20th working day after')
})

t.test('careEvents: admissions, moves and cessations found by comparing before and after, recent ones only, in order per child', async (t) => {
  const today = '2026-03-10'
  const period = (childId: string, seq: number, start: string, end: string | null, rec: string | null, extra = {}) => ({
    child_id: childId,
    period_seq: seq,
    start_date: start,
    end_date: end,
    reason_ended: rec,
    short_break_only: false,
    ...extra,
  })
  const spell = (childId: string, seq: number, periodSeq: number, start: string, byMove = true) => ({
    child_id: childId,
    spell_seq: seq,
    period_seq: periodSeq,
    start_date: start,
    started_by_move: byMove,
  })
  const before = {
    periods: [
      { childId: 'A', startDate: '2025-01-01', endDate: null },
      { childId: 'B', startDate: '2025-06-01', endDate: null },
      { childId: 'C', startDate: '2025-06-01', endDate: '2026-03-01' },
    ],
    spells: [
      { childId: 'A', startDate: '2025-01-01' },
      { childId: 'B', startDate: '2025-06-01' },
    ],
  }
  const after = [
    // A moved on 5 March, then went home on 8 March (E4A).
    { periodRows: [period('A', 0, '2025-01-01', '2026-03-08', 'E4A')], spellRows: [spell('A', 0, 0, '2025-01-01'), spell('A', 1, 0, '2026-03-05')] },
    // B: a move filled in from last year is old news; ceased (E11, adopted) 40 days ago is too.
    { periodRows: [period('B', 0, '2025-06-01', '2026-01-29', 'E11')], spellRows: [spell('B', 0, 0, '2025-06-01'), spell('B', 1, 0, '2025-09-01')] },
    // C: its end date corrected is not a new cessation.
    { periodRows: [period('C', 0, '2025-06-01', '2026-03-02', 'E4B')], spellRows: [] },
    // D: admitted and ceased (E8) between two writes; its first spell is the admission, not a move.
    { periodRows: [period('D', 0, '2026-03-01', '2026-03-09', 'E8')], spellRows: [spell('D', 0, 0, '2026-03-01')] },
    // E: short breaks alone are not care.
    {
      periodRows: [period('E', 0, '2026-03-01', '2026-03-03', 'E4A', { short_break_only: true })],
      spellRows: [spell('E', 0, 0, '2026-03-01'), spell('E', 1, 0, '2026-03-02')],
    },
  ]
  const events = careEvents('372', before, after, today)
  t.same(
    events.map((e) => [e.childId, e.type, e.payload]),
    [
      ['A', 'child.placement-changed', { childId: 'A', changedOn: '2026-03-05' }],
      ['A', 'child.ceased', { childId: 'A', ceasedOn: '2026-03-08', reasonEnded: 'E4A', admittedOn: '2025-01-01' }],
      ['A', 'child.returned-home', { childId: 'A', returnedOn: '2026-03-08', reasonEnded: 'E4A' }],
      ['D', 'child.admitted', { childId: 'D', admittedOn: '2026-03-01', ihaDueBy: ihaDeadline('2026-03-01') }],
      ['D', 'child.ceased', { childId: 'D', ceasedOn: '2026-03-09', reasonEnded: 'E8', admittedOn: '2026-03-01' }],
    ],
  )
  t.same(careEvents('372', { periods: [], spells: [] }, [], today), [], 'nothing written, nothing said')
})
