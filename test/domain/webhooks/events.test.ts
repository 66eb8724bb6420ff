import t from 'tap'
import type { Episode } from '../../../src/domain/care-history/types.ts'
import { careHistoryRows } from '../../../src/domain/care-history/stored.ts'
import { ihaDeadline } from '../../../src/domain/health/due-dates.ts'
import { admissionEvents, careEvents, eventsBeyond, mayReceive } from '../../../src/domain/webhooks/events.ts'
import { ep } from '../care-history/fixtures.ts'

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
  // One episode row per spell, in the time in care of its period (none for short breaks), and one
  // for a period's cessation (5a: a REC other than X1, not in short breaks).
  type Rows = Array<Record<string, unknown>>
  const written = (periodRows: Rows, spellRows: Rows) => ({
    spellRows,
    episodeRows: [
      ...spellRows.map((s) => {
        const p = periodRows.find((x) => x.period_seq === s.period_seq)
        return { child_id: s.child_id, placement_spell_seq: s.spell_seq, start_date: s.start_date, care_start: p?.short_break_only ? null : p?.start_date }
      }),
      ...periodRows
        .filter((p) => p.end_date !== null && p.short_break_only !== true)
        .map((p) => ({ child_id: p.child_id, end_date: p.end_date, reason_ended: p.reason_ended, is_cessation: true, care_start: p.start_date })),
    ],
  })
  const before = {
    careStarts: [
      { childId: 'A', careStart: '2025-01-01', ceased: false },
      { childId: 'B', careStart: '2025-06-01', ceased: false },
      { childId: 'C', careStart: '2025-06-01', ceased: true },
    ],
    spells: [
      { childId: 'A', startDate: '2025-01-01' },
      { childId: 'B', startDate: '2025-06-01' },
    ],
  }
  const after = [
    // A moved on 5 March, then went home on 8 March (E4A).
    written([period('A', 0, '2025-01-01', '2026-03-08', 'E4A')], [spell('A', 0, 0, '2025-01-01'), spell('A', 1, 0, '2026-03-05')]),
    // B: a move filled in from last year is old news; ceased (E11, adopted) 40 days ago is too.
    written([period('B', 0, '2025-06-01', '2026-01-29', 'E11')], [spell('B', 0, 0, '2025-06-01'), spell('B', 1, 0, '2025-09-01')]),
    // C: its end date corrected is not a new cessation.
    written([period('C', 0, '2025-06-01', '2026-03-02', 'E4B')], []),
    // D: admitted and ceased (E8) between two writes; its first spell is the admission, not a move.
    written([period('D', 0, '2026-03-01', '2026-03-09', 'E8')], [spell('D', 0, 0, '2026-03-01')]),
    // E: short breaks alone are not care.
    written([period('E', 0, '2026-03-01', '2026-03-03', 'E4A', { short_break_only: true })], [spell('E', 0, 0, '2026-03-01'), spell('E', 1, 0, '2026-03-02')]),
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
  t.same(careEvents('372', { spells: [], careStarts: [] }, [], today), [], 'nothing written, nothing said')
})

t.test('a period that begins with V3 short breaks and moves to a full placement: admitted on the move, with its IHA deadline', async (t) => {
  const today = '2026-03-10'
  // Short breaks (V3) from 20 February; a full care order placement (RNE B: legal status and carer) from 2 March.
  const breaks = ep('2026-02-20', null, { legalStatus: 'V3', placementType: 'U1' })
  const moved = [{ ...breaks, endDate: '2026-03-02', reasonEnded: 'X1' }, ep('2026-03-02', null, { reasonNewEpisode: 'B' })]
  const rows = (episodes: Episode[]) => careHistoryRows('372', { childId: 'F', episodes, warnings: [] }, today)
  const admitted = ['F', 'child.admitted', { childId: 'F', admittedOn: '2026-03-02', ihaDueBy: ihaDeadline('2026-03-02') }]

  // Night 1 stored the short breaks alone (no time in care); night 2 the move into care.
  const night1 = rows([breaks])
  const stored = {
    spells: night1.spellRows.map((s) => ({ childId: 'F', startDate: String(s.start_date) })),
    careStarts: [],
  }
  t.same(careEvents('372', { spells: [], careStarts: [] }, [night1], today), [], 'short breaks alone: nothing')
  const events = careEvents('372', stored, [rows(moved)], today)
  t.same(
    events.map((e) => [e.childId, e.type, e.payload]),
    [admitted],
    'the move is the admission (5a), not a placement change',
  )
  t.equal(events[0]?.type === 'child.admitted' && events[0].payload.ihaDueBy, '2026-03-30', 'the 20th working day after the move, not after the first break')

  // Both sent at once: the same; the same history again: nothing.
  t.same(
    careEvents('372', { spells: [], careStarts: [] }, [rows(moved)], today).map((e) => [e.childId, e.type, e.payload]),
    [admitted],
  )
  const after = {
    ...stored,
    careStarts: [{ childId: 'F', careStart: '2026-03-02', ceased: false }],
    spells: rows(moved).spellRows.map((s) => ({ childId: 'F', startDate: String(s.start_date) })),
  }
  t.same(careEvents('372', after, [rows(moved)], today), [])
})

t.test('a move into V3 short breaks within a period ends the time in care: child.ceased on it (X1), once', async (t) => {
  const today = '2026-03-10'
  const rows = (episodes: Episode[]) => careHistoryRows('372', { childId: 'G', episodes, warnings: [] }, today)
  // What a write stored before: each time in care, and whether its cessation was stored.
  const storedOf = (episodes: Episode[]) => {
    const r = rows(episodes)
    const ceased = new Map<string, boolean>()
    for (const e of r.episodeRows) {
      if (typeof e.care_start === 'string') ceased.set(e.care_start, (ceased.get(e.care_start) ?? false) || e.is_cessation === true)
    }
    return {
      spells: r.spellRows.map((s) => ({ childId: 'G', startDate: String(s.start_date) })),
      careStarts: [...ceased].map(([careStart, c]) => ({ childId: 'G', careStart, ceased: c })),
    }
  }
  const said = (before: ReturnType<typeof storedOf>, episodes: Episode[]) => careEvents('372', before, [rows(episodes)], today).map((e) => [e.type, e.payload])
  const nothing = { spells: [], careStarts: [] }

  // In care (a care order) since January 2025; on 5 March a V3 short-break agreement (RNE L) instead; home (E4A) on 8 March.
  const inCare = ep('2025-01-06', null)
  const toBreaks = [{ ...inCare, endDate: '2026-03-05', reasonEnded: 'X1' }, ep('2026-03-05', null, { reasonNewEpisode: 'L', legalStatus: 'V3' })]
  const home = [toBreaks[0] as Episode, { ...(toBreaks[1] as Episode), endDate: '2026-03-08', reasonEnded: 'E4A' }]
  const ceased = ['child.ceased', { childId: 'G', ceasedOn: '2026-03-05', reasonEnded: 'X1', admittedOn: '2025-01-06' }]

  t.same(said(storedOf([inCare]), toBreaks), [ceased], 'the move into breaks is the cessation (5a), dated by the last care episode; not a return home')
  t.same(said(storedOf(toBreaks), toBreaks), [], 'the same history again: nothing')
  t.same(said(storedOf(toBreaks), home), [], 'the period ends in short breaks: no cessation (5a), no return home from care')
  t.same(said(storedOf([inCare]), home), [ceased], 'all at once: the one cessation, never a second for the period end')
  t.same(said(nothing, home), [ceased], 'a first load of it: the same')
  const corrected = [{ ...inCare, endDate: '2026-03-06', reasonEnded: 'X1' }, ep('2026-03-06', null, { reasonNewEpisode: 'L', legalStatus: 'V3' })]
  t.same(said(storedOf(toBreaks), corrected), [], 'a corrected date is not a new cessation')

  // Back from the breaks into care on 9 March: a new time in care (admitted), not the old one's cessation again.
  const back = [
    toBreaks[0] as Episode,
    { ...(toBreaks[1] as Episode), endDate: '2026-03-09', reasonEnded: 'X1' },
    ep('2026-03-09', null, { reasonNewEpisode: 'L' }),
  ]
  t.same(said(storedOf(toBreaks), back), [['child.admitted', { childId: 'G', admittedOn: '2026-03-09', ihaDueBy: ihaDeadline('2026-03-09') }]])

  // A move into breaks 40 days ago, filled in late, is old news.
  const old = [{ ...inCare, endDate: '2026-01-29', reasonEnded: 'X1' }, ep('2026-01-29', null, { reasonNewEpisode: 'L', legalStatus: 'V3' })]
  t.same(said(storedOf([inCare]), old), [])
})

t.test('child.ceased carries the start of the time in care, as child.admitted did, not the period start in short breaks', async (t) => {
  const today = '2026-03-10'
  // V3 short breaks from 20 February, a care order placement from 2 March, home (E4A) on 8 March.
  const episodes = [
    ep('2026-02-20', '2026-03-02', { legalStatus: 'V3', placementType: 'U1' }),
    ep('2026-03-02', '2026-03-08', { reasonNewEpisode: 'B', reasonEnded: 'E4A' }),
  ]
  const rows = careHistoryRows('372', { childId: 'H', episodes, warnings: [] }, today)
  const before = { spells: [], careStarts: [{ childId: 'H', careStart: '2026-03-02', ceased: false }] }
  t.same(
    careEvents('372', before, [rows], today).map((e) => [e.type, e.payload]),
    [
      ['child.ceased', { childId: 'H', ceasedOn: '2026-03-08', reasonEnded: 'E4A', admittedOn: '2026-03-02' }],
      ['child.returned-home', { childId: 'H', returnedOn: '2026-03-08', reasonEnded: 'E4A' }],
    ],
  )
})
