import t from 'tap'
import { readStatus } from '../../../src/domain/action-plan/status.ts'

const st = (w: string) => {
  const r = readStatus(w)
  return [r.status, r.qualifier, r.colour]
}

t.test('the 2025 plan wordings', async (t) => {
  t.same(st('Complete'), ['complete', null, null])
  t.same(st('In progress'), ['in_progress', null, null])
  t.same(st('Awaiting start'), ['awaiting_start', null, null])
  t.same(st('Delayed'), ['delayed', null, null])
  t.same(st('Complete but ongoing monitoring required'), ['complete_monitoring', 'but ongoing monitoring required', null])
  t.same(st('Complete. (Review where further issues are raised).'), ['complete', '(Review where further issues are raised).', null])
  t.same(st('Complete – it has become BAU and will remain a focus as we go into any new arrangement post March 27.'), [
    'complete',
    'it has become BAU and will remain a focus as we go into any new arrangement post March 27.',
    null,
  ])
})

t.test('case, spacing, hyphens and underscores do not matter; the wording is kept', async (t) => {
  const r = readStatus('  IN-PROGRESS ')
  t.equal(r.status, 'in_progress')
  t.equal(r.wording, 'IN-PROGRESS')
  t.equal(r.finding, null)
  t.same(st('in   progress'), ['in_progress', null, null])
  t.same(st('awaiting_start'), ['awaiting_start', null, null])
  t.same(st('complete_monitoring'), ['complete_monitoring', null, null])
  t.same(st('Not yet started'), ['not_started', null, null])
  t.same(st('not started'), ['not_started', null, null])
  t.same(st('Completed'), ['complete', null, null])
  t.same(st('On track'), ['in_progress', null, null])
  t.same(st('Off-track'), ['delayed', null, null])
  t.same(st('Obsolete'), ['obsolete', null, null])
  t.same(st('No longer required'), ['obsolete', null, null])
  t.same(st('Pending start'), ['awaiting_start', null, null])
})

t.test('2016 BRAG colours', async (t) => {
  t.same(st('BLUE'), ['complete', null, 'blue'])
  t.same(st('Green'), ['in_progress', null, 'green'])
  t.same(st('amber'), ['delayed', null, 'amber'])
  t.same(st('Red'), ['not_started', null, 'red'])
  t.same(st('Grey'), ['obsolete', null, 'grey'])
  t.same(st('gray'), ['obsolete', null, 'grey'])
  t.same(st('Amber (3/9)'), ['delayed', '(3/9)', 'amber'])
})

t.test('unknown, ambiguous and missing wording: no status and a finding', async (t) => {
  const unknown = readStatus('Redesigned')
  t.equal(unknown.status, null)
  t.equal(unknown.wording, 'Redesigned')
  t.same(unknown.finding, {
    severity: 'warning',
    code: 'unknown_status',
    message: 'status wording not recognised: "Redesigned"',
    row: null,
    ref: null,
    field: 'RAG Status',
    value: 'Redesigned',
  })
  t.equal(readStatus('Green/Amber').finding?.code, 'unknown_status')
  t.equal(readStatus('Amber - Red').finding?.code, 'ambiguous_status')
  t.equal(readStatus('Amber - Red').status, null)
  t.same(st('Complete - done'), ['complete', 'done', null], 'the same status twice is not ambiguous')
  t.equal(readStatus('').finding?.code, 'missing_status')
  t.equal(readStatus('').status, null)
})
