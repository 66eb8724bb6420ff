import t from 'tap'
import { allCodes } from '../../../src/domain/code-lists/index.ts'
import { accommodationCode, activityCode, checkContact, joinAccommodation, splitAccommodation } from '../../../src/domain/care-leavers/oc3.ts'

t.test('every ACCOM code splits into parts and comes back the same', async (t) => {
  for (const { code } of allCodes('accommodation')) {
    t.equal(accommodationCode('YES', splitAccommodation(code)), code, code)
  }
  t.same(splitAccommodation('U1'), { type: 'U', suitable: true })
  t.same(splitAccommodation('S2'), { type: 'S', suitable: false })
  t.same(splitAccommodation('0'), { type: null, suitable: null })
  t.same(splitAccommodation(null), { type: null, suitable: null })
  for (const bad of ['U3', 'u1', 'UU', '', '00']) t.throws(() => splitAccommodation(bad), RangeError, bad)
})

t.test('died or returned home: no ACTIV or ACCOM; otherwise 0 when not known', async (t) => {
  t.equal(accommodationCode('DIED', { type: 'U', suitable: true }), null)
  t.equal(accommodationCode('RHOM', { type: null, suitable: null }), null)
  t.equal(accommodationCode('NO', { type: null, suitable: null }), '0')
  t.equal(accommodationCode('REFU', { type: 'D', suitable: false }), 'D2')
  t.equal(activityCode('DIED', null), null)
  t.equal(joinAccommodation({ type: 'U', suitable: true }), 'U1')
  t.equal(joinAccommodation({ type: 'S', suitable: false }), 'S2')
  t.equal(joinAccommodation({ type: null, suitable: null }), null)
  t.equal(activityCode('NREQ', null), '0')
  t.equal(activityCode('YES', 'F5'), 'F5')
})

const DOB = '2006-04-01'
const TODAY = '2025-06-30'
const issues = (fields: Partial<Parameters<typeof checkContact>[0]>, dob = DOB) =>
  checkContact({ date: '2025-03-01', inTouch: 'YES', activity: 'F1', accommodation: 'U1', ...fields }, dob, TODAY).map((i) =>
    `${i.severity} ${i.field} ${i.rule ?? ''}`.trim(),
  )

t.test('contact rules: codes, 344, 345, 3001, 347', async (t) => {
  t.same(issues({}), [])
  t.same(issues({ inTouch: 'NO', activity: null, accommodation: null }), [])
  t.same(issues({ inTouch: 'DIED', activity: 'F1', accommodation: 'U1' }), ['error activity 344', 'error accommodation 344'])
  t.same(issues({ inTouch: 'RHOM', activity: null, accommodation: null }), [])
  t.same(issues({ activity: null, accommodation: '0' }), ['warning activity 345', 'warning accommodation 345'])
  t.same(issues({ activity: '0' }), ['warning activity 345'])
  t.same(issues({ inTouch: 'OK', activity: 'F3', accommodation: 'X1' }), ['error inTouch 131', 'error activity 132', 'error accommodation 133'])
  t.same(issues({ accommodation: 'Z1' }, '2008-01-01'), ['warning accommodation 3001'], '17 on the contact date')
  t.same(issues({ accommodation: 'Z1' }, '2007-01-01'), [], '18')
  t.same(issues({ accommodation: 'T2' }, '2007-04-01'), ['warning accommodation 347'])
  t.same(issues({ accommodation: 'T2' }, '2007-03-01'), [])
  t.same(issues({ date: '2025-07-01' }), ['error date'])
})
