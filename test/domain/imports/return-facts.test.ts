import t from 'tap'
import {
  careLeaverOn,
  mergeOc3,
  nearestContact,
  oc2Facts,
  oc3Birthday,
  oc3Facts,
  type CareSpan,
  type StoredContact,
} from '../../../src/domain/imports/return-facts.ts'

const span = (
  startDate: string,
  endDate: string | null,
  reasonEnded: string | null = endDate === null ? null : 'E8',
  isCessation = reasonEnded !== null && reasonEnded !== 'X1',
): CareSpan => ({
  startDate,
  endDate,
  reasonEnded,
  isCessation,
})

t.test('careLeaverOn: 91 days from the 14th birthday, some from the 16th, not in care, the last cessation not excluded', async (t) => {
  // Born 2006-06-01: 14 on 2020-06-01, 16 on 2022-06-01.
  const dob = '2006-06-01'
  const x = '2024-06-01'
  t.equal(careLeaverOn(dob, [span('2022-07-01', '2022-09-30')], x), true, '91 days, all after 16')
  t.equal(careLeaverOn(dob, [span('2022-07-01', '2022-09-29')], x), false, '90 days')
  t.equal(careLeaverOn(dob, [span('2020-07-01', '2022-05-31')], x), false, 'left the day before the 16th birthday')
  t.equal(careLeaverOn(dob, [span('2020-07-01', '2022-06-02')], x), true, 'one day after 16')
  // From the 14th birthday: 30 days (1 June to 1 July 2020) + 61 days (1 May to 1 July 2022) = 91.
  t.equal(careLeaverOn(dob, [span('2020-05-01', '2020-07-01'), span('2022-05-01', '2022-07-01')], x), true, 'periods are added up')
  t.equal(careLeaverOn(dob, [span('2020-05-01', '2020-07-01'), span('2022-05-01', '2022-06-30')], x), false, 'one day short')
  t.equal(careLeaverOn(dob, [span('2022-07-01', null)], x), false, 'still in care')
  t.equal(careLeaverOn(dob, [span('2022-07-01', x)], x), true, 'care ended on the day: not in care that day')
  t.equal(careLeaverOn(dob, [span('2022-07-01', '2023-01-01', 'E2')], x), false, 'died')
  t.equal(careLeaverOn(dob, [span('2022-07-01', '2023-01-01', 'E11'), span('2023-06-01', '2023-12-01', 'E8')], x), true, 'the latest cessation decides')
  t.equal(careLeaverOn(dob, [span('2022-07-01', '2023-01-01', 'E8'), span('2023-06-01', '2023-12-01', 'E3')], x), false, 'transferred at the last')
  t.equal(careLeaverOn(dob, [span('2022-07-01', '2023-01-01'), span('2024-08-01', '2024-09-01', 'E2')], x), true, 'what comes after the day is not read')
  t.equal(careLeaverOn(dob, [span('2022-07-01', '2023-01-01', 'X1', true)], x), true, 'care ending before a short break is a cessation')
  t.equal(careLeaverOn(dob, [span('2022-07-01', '2023-01-01', 'X1', false)], x), false, 'no cessation, no care leaver')
  t.equal(careLeaverOn(dob, [], x), false, 'never looked after')
})

t.test('oc3Birthday: the 17th to 21st birthday that falls in the collection year', async (t) => {
  t.equal(oc3Birthday('2006-10-15', 2025), '2024-10-15')
  t.equal(oc3Birthday('2007-04-01', 2025), '2024-04-01', '17 on the first day of the year')
  t.equal(oc3Birthday('2008-04-01', 2025), null, '17 the day after the year ends')
  t.equal(oc3Birthday('2003-04-01', 2025), '2024-04-01', '21')
  t.equal(oc3Birthday('2003-03-31', 2025), null, '22 on 31 March')
  t.equal(oc3Birthday('2004-02-29', 2025), '2025-03-01', 'a 29 February birthday on 1 March in other years')
})

const contact = (recordId: string, date: string, extra: Partial<StoredContact> = {}): StoredContact => ({
  recordId,
  date,
  inTouch: 'YES',
  activity: 'F2',
  accommodationType: 'D',
  accommodationSuitable: true,
  ...extra,
})

t.test('nearestContact: 3 months before to 1 month after the birthday, on or before asAt; a tie goes to the later', async (t) => {
  const pick = (contacts: StoredContact[], birthday: string, asAt = '2025-03-31') => nearestContact(contacts, birthday, asAt)?.recordId ?? null
  t.equal(pick([contact('a', '2024-07-14'), contact('b', '2024-11-16')], '2024-10-15'), null, 'both just outside')
  t.equal(pick([contact('a', '2024-07-15'), contact('b', '2024-11-15')], '2024-10-15'), 'b', 'both edges inside; the nearer')
  t.equal(pick([contact('a', '2024-10-10'), contact('b', '2024-10-20')], '2024-10-15'), 'b', 'as near: the later')
  t.equal(pick([contact('b', '2024-10-20'), contact('a', '2024-10-20')], '2024-10-15'), 'b', 'same day: the larger record id')
  t.equal(pick([contact('a', '2024-12-20'), contact('b', '2025-04-01')], '2025-03-20'), 'a', 'nothing after asAt')
  t.equal(pick([contact('a', '2024-02-28'), contact('b', '2024-02-29')], '2024-05-31'), 'b', 'month arithmetic clamps to the month end')
  t.equal(pick([], '2024-10-15'), null)
})

t.test('oc3Facts: the 903 codes of the contact used', async (t) => {
  t.same(oc3Facts(contact('a', '2024-10-20')), { inTouch: 'YES', activity: 'F2', accommodation: 'D1', accommodationType: 'D', accommodationSuitable: true })
  t.same(oc3Facts(contact('a', '2024-10-20', { activity: null, accommodationType: null, accommodationSuitable: null })), {
    inTouch: 'YES',
    activity: '0',
    accommodation: '0',
    accommodationType: null,
    accommodationSuitable: null,
  })
  t.same(oc3Facts(contact('a', '2024-10-20', { inTouch: 'RHOM', activity: null, accommodationType: null, accommodationSuitable: null })), {
    inTouch: 'RHOM',
    activity: null,
    accommodation: null,
    accommodationType: null,
    accommodationSuitable: null,
  })
  t.same(oc3Facts(null), { inTouch: null, activity: null, accommodation: null, accommodationType: null, accommodationSuitable: null })
})

t.test('oc2Facts: development only under 5, SDQ only at the ages the DfE takes it, a reason only without a score', async (t) => {
  const input = {
    healthAssessment: true,
    dentalCheck: false,
    developmentAssessment: true,
    immunisationsUpToDate: null,
    sdqScore: 15,
    sdqReason: 'SDQ4',
    convicted: null,
    substanceMisuse: null,
  }
  const blanks = { convicted: null, substanceMisuse: null, interventionReceived: null, interventionOffered: null }
  t.same(
    oc2Facts(2025, { ...input, dateOfBirth: '2021-03-31' }),
    {
      ...blanks,
      sdqScore: 15,
      sdqReason: null,
      healthCheck: true,
      immunisations: false,
      teethCheck: false,
      healthAssessment: true,
    },
    '4 on 31 March (3 on 1 April): development counted, SDQ taken',
  )
  t.match(oc2Facts(2025, { ...input, dateOfBirth: '2021-04-01' }), { sdqScore: null, sdqReason: null, healthCheck: true }, 'under 4 on 31 March: no SDQ')
  t.match(oc2Facts(2025, { ...input, dateOfBirth: '2020-03-31' }), { healthCheck: null }, '5 on 31 March: HEALTH_CHECK blank')
  t.match(oc2Facts(2025, { ...input, dateOfBirth: '2007-04-01' }), { sdqScore: null, sdqReason: null }, '17 on 1 April: no SDQ')
  t.match(
    oc2Facts(2025, { ...input, dateOfBirth: '2007-04-02', sdqScore: null }),
    { sdqScore: null, sdqReason: 'SDQ4' },
    '16 on 1 April: a reason without a score',
  )
  t.match(oc2Facts(2025, { ...input, dateOfBirth: '2012-01-01', immunisationsUpToDate: true }), { immunisations: true })
  t.match(oc2Facts(2025, { ...input, dateOfBirth: '2012-01-01', immunisationsUpToDate: false }), { immunisations: false })
})

t.test('mergeOc3: the OC3 row the integration sent wins whole when it gives IN_TOUCH; else the contact', async (t) => {
  const contact = oc3Facts({ recordId: 'c1', date: '2024-06-01', inTouch: 'YES', activity: 'F2', accommodationType: 'U', accommodationSuitable: true })
  t.same(mergeOc3(undefined, contact), contact, 'nothing sent: the contact')
  t.same(
    mergeOc3({ inTouch: 'NO', activity: '0', accommodation: '0' }, contact),
    { inTouch: 'NO', activity: '0', accommodation: '0', accommodationType: null, accommodationSuitable: null },
    'sent with IN_TOUCH: the sent row, never mixed with the contact',
  )
  t.same(mergeOc3({ inTouch: 'YES', activity: 'G5', accommodation: 'S2' }, contact), {
    inTouch: 'YES',
    activity: 'G5',
    accommodation: 'S2',
    accommodationType: 'S',
    accommodationSuitable: false,
  })
  t.same(mergeOc3({ inTouch: null, activity: 'F1', accommodation: null }, contact), contact, 'sent with IN_TOUCH blank: the contact')
  const none = oc3Facts(null)
  t.same(mergeOc3({ inTouch: null, activity: null, accommodation: null }, none), none, 'neither: blank')
})
