import t from 'tap'
import { ihaDeadline } from '../../../src/domain/health/due-dates.ts'
import { admissionEvents, eventsBeyond, mayReceive } from '../../../src/domain/webhooks/events.ts'

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
