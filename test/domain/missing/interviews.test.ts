import t from 'tap'
import { checkOneInterviewPerEpisode, checkReturnInterview, offeredWithin72Hours } from '../../../src/domain/missing/interviews.ts'

const TODAY = '2025-06-30'
const DOB = '2009-05-05'
const errors = (issues: Array<{ field: string; severity: string }>) => issues.filter((i) => i.severity === 'error').map((i) => i.field)
const rhi = { missingStart: '2025-04-10', offeredOn: '2025-04-12', response: 'accepted' as const, heldOn: '2025-04-14' }

t.test('an interview: offered after the episode began, answered once offered, held once accepted', async (t) => {
  t.same(checkReturnInterview(rhi, DOB, TODAY), [])
  t.same(checkReturnInterview({ ...rhi, offeredOn: null, response: null, heldOn: null }, DOB, TODAY), [], 'not yet offered')
  t.same(checkReturnInterview({ ...rhi, offeredOn: rhi.missingStart, heldOn: rhi.missingStart }, DOB, TODAY), [], 'all on the first day')
  t.same(errors(checkReturnInterview({ ...rhi, missingStart: '2025-07-01', offeredOn: null, response: null, heldOn: null }, DOB, TODAY)), ['missingStart'])
  t.same(errors(checkReturnInterview({ ...rhi, missingStart: '2009-05-04' }, DOB, TODAY)), ['missingStart'], 'before birth')
  t.same(errors(checkReturnInterview({ ...rhi, offeredOn: '2025-04-09', heldOn: null, response: null }, DOB, TODAY)), ['offeredOn'], 'before the episode')
  t.same(errors(checkReturnInterview({ ...rhi, offeredOn: '2025-07-01', response: null, heldOn: null }, DOB, TODAY)), ['offeredOn'], 'in the future')
  t.same(errors(checkReturnInterview({ ...rhi, offeredOn: null, heldOn: null }, DOB, TODAY)), ['response'], 'an answer without an offer')
  t.same(errors(checkReturnInterview({ ...rhi, response: 'declined' }, DOB, TODAY)), ['heldOn'], 'held though declined')
  t.same(errors(checkReturnInterview({ ...rhi, heldOn: '2025-04-11' }, DOB, TODAY)), ['heldOn'], 'held before offered')
  t.same(errors(checkReturnInterview({ ...rhi, heldOn: '2025-07-01' }, DOB, TODAY)), ['heldOn'], 'held in the future')
})

t.test('one interview per episode', async (t) => {
  t.same(checkOneInterviewPerEpisode('R1', null, 1), [])
  t.same(checkOneInterviewPerEpisode('R1', 'R1', 1), [], 'the stored interview itself, posted again')
  t.same(errors(checkOneInterviewPerEpisode('R2', 'R1', 1)), ['missingStart'])
  t.same(errors(checkOneInterviewPerEpisode('R2', null, 2)), ['missingStart'])
})

t.test('offered within 72 hours: on or before the third day after MIS_END', async (t) => {
  t.ok(offeredWithin72Hours('2025-04-11', '2025-04-14'), 'the third day')
  t.notOk(offeredWithin72Hours('2025-04-11', '2025-04-15'), 'the fourth day')
  t.ok(offeredWithin72Hours('2025-04-11', '2025-04-11'), 'the day of return')
  t.notOk(offeredWithin72Hours('2025-04-11', null), 'never offered')
  t.ok(offeredWithin72Hours('2024-12-30', '2025-01-02'), 'across a year end')
})
