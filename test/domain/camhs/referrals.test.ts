import fc from 'fast-check'
import t from 'tap'
import { camhsDaysWaited, camhsStatus, checkCamhsReferral, type CamhsReferralInput } from '../../../src/domain/camhs/referrals.ts'
import { addDays } from '../../../src/domain/dates/calendar.ts'

const TODAY = '2025-06-30'
const DOB = '2012-03-10'
const errors = (issues: Array<{ field: string; severity: string }>) => issues.filter((i) => i.severity === 'error').map((i) => i.field)
const ref = (f: Partial<CamhsReferralInput> = {}): CamhsReferralInput => ({
  referredOn: '2025-01-06',
  decision: 'accepted',
  decidedOn: '2025-01-20',
  firstAppointmentOn: '2025-02-03',
  dischargedOn: '2025-05-01',
  ...f,
})

t.test('a referral: dates between birth and today, each after the one it follows', async (t) => {
  t.same(checkCamhsReferral(ref(), DOB, TODAY), [])
  t.same(checkCamhsReferral(ref({ decision: null, decidedOn: null, firstAppointmentOn: null, dischargedOn: null }), DOB, TODAY), [], 'undecided')
  t.same(
    checkCamhsReferral(ref({ referredOn: TODAY, decidedOn: TODAY, firstAppointmentOn: TODAY, dischargedOn: TODAY }), DOB, TODAY),
    [],
    'all on one day, today',
  )
  t.same(errors(checkCamhsReferral(ref({ referredOn: '2025-07-01', decidedOn: null, firstAppointmentOn: null, dischargedOn: null }), DOB, TODAY)), [
    'referredOn',
  ])
  t.same(errors(checkCamhsReferral(ref({ referredOn: '2012-03-09' }), DOB, TODAY)), ['referredOn'], 'before birth')
  t.same(errors(checkCamhsReferral(ref({ decidedOn: '2025-01-05' }), DOB, TODAY)), ['decidedOn'])
  t.same(
    errors(checkCamhsReferral(ref({ decision: null, firstAppointmentOn: null, dischargedOn: null }), DOB, TODAY)),
    ['decidedOn'],
    'a date without a decision',
  )
  t.same(errors(checkCamhsReferral(ref({ firstAppointmentOn: '2025-01-05', dischargedOn: null }), DOB, TODAY)), ['firstAppointmentOn'], 'before the referral')
  t.same(errors(checkCamhsReferral(ref({ firstAppointmentOn: '2025-07-01', dischargedOn: null }), DOB, TODAY)), ['firstAppointmentOn'], 'in the future')
  t.same(errors(checkCamhsReferral(ref({ decision: 'declined' }), DOB, TODAY)), ['firstAppointmentOn'], 'seen on a declined referral')
  t.same(errors(checkCamhsReferral(ref({ dischargedOn: '2025-02-02' }), DOB, TODAY)), ['dischargedOn'], 'before the first appointment')
  t.same(errors(checkCamhsReferral(ref({ firstAppointmentOn: null, dischargedOn: '2025-01-05' }), DOB, TODAY)), ['dischargedOn'], 'before the referral')
  t.same(errors(checkCamhsReferral(ref({ decision: 'declined', firstAppointmentOn: null, dischargedOn: '2025-01-20' }), DOB, TODAY)), [], 'declined and closed')
})

t.test("where a referral stands, and the days waited (5c's waiting: accepted, not seen, not discharged)", async (t) => {
  const r = ref()
  t.equal(camhsStatus(r, '2025-02-02'), 'waiting')
  t.equal(camhsDaysWaited(r, '2025-02-02'), 27)
  t.equal(camhsStatus(r, '2025-02-03'), 'seen', 'seen on the day of the first appointment')
  t.equal(camhsDaysWaited(r, '2025-06-30'), 28, 'a wait ends at the first appointment')
  t.equal(camhsStatus(ref({ decision: null, decidedOn: null, firstAppointmentOn: null, dischargedOn: null }), '2025-01-10'), 'awaiting-decision')
  t.equal(camhsDaysWaited(ref({ decision: null, decidedOn: null, firstAppointmentOn: null, dischargedOn: null }), '2025-01-10'), 4)
  const declined = ref({ decision: 'declined', firstAppointmentOn: null, dischargedOn: null })
  t.equal(camhsStatus(declined, '2025-03-01'), 'declined')
  t.equal(camhsDaysWaited(declined, '2025-03-01'), null)
  const closedUnseen = ref({ firstAppointmentOn: null, dischargedOn: '2025-03-01' })
  t.equal(camhsStatus(closedUnseen, '2025-02-28'), 'waiting')
  t.equal(camhsStatus(closedUnseen, '2025-03-01'), 'discharged-unseen', 'closed unseen is not waiting')
  t.equal(camhsDaysWaited(closedUnseen, '2025-03-01'), null)
  t.equal(
    camhsStatus(ref({ decidedOn: '2025-03-01', firstAppointmentOn: null, dischargedOn: null }), '2025-02-01'),
    'waiting',
    'the decision stored counts, whatever its date',
  )
})

// Whatever the rules let through, the table's checks (migration 0022) take: a post never meets a 500.
t.test('a referral the rules accept meets the table constraints', async (t) => {
  const day = fc.integer({ min: 0, max: 400 }).map((n) => addDays('2024-06-01', n))
  fc.assert(
    fc.property(
      day,
      fc.constantFrom('accepted', 'declined', null),
      fc.option(day),
      fc.option(day),
      fc.option(day),
      (referredOn, decision, decidedOn, firstAppointmentOn, dischargedOn) => {
        const r = { referredOn, decision, decidedOn, firstAppointmentOn, dischargedOn }
        if (errors(checkCamhsReferral(r, DOB, TODAY)).length) return
        if (decidedOn !== null && (decision === null || decidedOn < referredOn)) throw new Error('decided_on')
        if (firstAppointmentOn !== null && (decision !== 'accepted' || firstAppointmentOn < referredOn)) throw new Error('first_appointment_on')
        if (dischargedOn !== null && (dischargedOn < referredOn || (firstAppointmentOn !== null && dischargedOn < firstAppointmentOn)))
          throw new Error('discharged_on')
        if ([referredOn, decidedOn, firstAppointmentOn, dischargedOn].some((d) => d !== null && d > TODAY)) throw new Error('future')
      },
    ),
  )
  t.pass('no counterexample')
})
