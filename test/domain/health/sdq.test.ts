import t from 'tap'
import { checkSdq, checkSdqInformant, sdqBand, sdqBandRange, sdqBandsText, sdqDueDate, type SdqInput } from '../../../src/domain/health/sdq.ts'

t.test('bands: 0-13 normal, 14-16 borderline, 17-40 concern', async (t) => {
  t.same([0, 13, 14, 16, 17, 40].map(sdqBand), ['normal', 'normal', 'borderline', 'borderline', 'concern', 'concern'])
  for (const bad of [-1, 41, 12.5]) t.throws(() => sdqBand(bad), RangeError)
  t.equal(sdqBandsText(), '0-13 normal, 14-16 borderline, 17-40 cause for concern')
  t.equal(sdqBandRange('borderline', ' to '), '14 to 16')
})

const TODAY = '2025-06-30'
const DOB = '2012-01-01'
const scores = (fields: Partial<SdqInput> = {}): SdqInput => ({
  date: '2025-02-01',
  total: 15,
  emotional: 4,
  conduct: 3,
  hyperactivity: 6,
  peer: 2,
  prosocial: 9,
  reasonCode: null,
  ...fields,
})
const none = { total: null, emotional: null, conduct: null, hyperactivity: null, peer: null, prosocial: null }

t.test('the total is the four difficulty subscales; prosocial is not part of it', async (t) => {
  t.same(checkSdq(scores(), DOB, TODAY), { issues: [], total: 15 })
  t.same(checkSdq(scores({ total: null }), DOB, TODAY), { issues: [], total: 15 }, 'worked out from the subscales')
  t.same(checkSdq(scores({ ...none, total: 22 }), DOB, TODAY), { issues: [], total: 22 }, 'a total alone')
  t.same(checkSdq(scores({ emotional: null }), DOB, TODAY), { issues: [], total: 15 }, 'a total with some subscales')
  const wrong = checkSdq(scores({ total: 24 }), DOB, TODAY)
  t.same(
    wrong.issues.map((i) => [i.field, i.message]),
    [['total', 'is 24 but emotional + conduct + hyperactivity + peer = 15']],
  )
  const missing = checkSdq(scores({ total: null, peer: null }), DOB, TODAY)
  t.same(
    missing.issues.map((i) => [i.field, i.rule]),
    [['total', '197a']],
  )
})

t.test('a score or a reason code, never both', async (t) => {
  t.same(checkSdq(scores({ ...none, reasonCode: 'SDQ1' }), DOB, TODAY), { issues: [], total: null })
  const both = checkSdq(scores({ reasonCode: 'SDQ4', hyperactivity: null }), DOB, TODAY)
  t.same(
    both.issues.map((i) => i.field),
    ['total', 'emotional', 'conduct', 'peer', 'prosocial'],
  )
  t.equal(both.total, null)
  t.same(
    checkSdq(scores({ ...none }), DOB, TODAY).issues.map((i) => i.field),
    ['total'],
  )
  t.same(
    checkSdq(scores({ date: '2011-12-31' }), DOB, TODAY).issues.map((i) => i.field),
    ['date'],
  )
})

t.test('the annual SDQ is due 12 months after the last score, or once in care 12 months and aged 4', async (t) => {
  t.equal(sdqDueDate('2024-02-29', '2020-01-01', DOB), '2025-02-28')
  t.equal(sdqDueDate(null, '2023-05-10', DOB), '2024-05-10')
  t.equal(sdqDueDate(null, '2023-05-10', '2020-08-01'), '2024-08-01', 'the 4th birthday comes later')
  t.equal(sdqDueDate(null, '2023-05-10', '2019-02-28'), '2024-05-10')
  t.equal(sdqDueDate(null, '2019-01-10', '2016-02-29'), '2020-02-29', 'a 29 February child is 4 on 29 February 2020')
  t.equal(sdqDueDate(null, '2020-01-10', '2017-02-28'), '2021-02-28')
})

t.test("SDQ informant: a warning when a looked-after child's return is not the carer's", async (t) => {
  const times = [['2023-01-10', '2024-06-01'] as const, ['2025-01-01', null] as const]
  t.same(checkSdqInformant('carer', '2024-02-01', times), [])
  t.match(checkSdqInformant('teacher', '2024-02-01', times), [{ field: 'informant', severity: 'warning', rule: 'SDQ_INFORMANT' }])
  t.match(checkSdqInformant('self', '2025-06-01', times), [{ severity: 'warning' }])
  // Not looked after on the date: on the day care ended, between times in care, before any.
  t.same(checkSdqInformant('teacher', '2024-06-01', times), [])
  t.same(checkSdqInformant('teacher', '2024-09-01', times), [])
  t.same(checkSdqInformant('teacher', '2022-01-01', times), [])
  t.same(checkSdqInformant('teacher', '2024-02-01', []), [])
})
