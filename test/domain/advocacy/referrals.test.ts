import t from 'tap'
import { checkAdvocacyIssue, checkAdvocacyReferral } from '../../../src/domain/advocacy/referrals.ts'

const TODAY = '2025-06-30'
const DOB = '2010-09-01'
const errors = (issues: Array<{ field: string; severity: string }>) => issues.filter((i) => i.severity === 'error').map((i) => i.field)

t.test('a referral: referred between birth and today, closed after it', async (t) => {
  t.same(checkAdvocacyReferral({ referredOn: '2025-02-01', closedOn: null }, DOB, TODAY), [])
  t.same(checkAdvocacyReferral({ referredOn: '2025-02-01', closedOn: '2025-02-01' }, DOB, TODAY), [], 'closed the same day')
  t.same(errors(checkAdvocacyReferral({ referredOn: '2025-07-01', closedOn: null }, DOB, TODAY)), ['referredOn'])
  t.same(errors(checkAdvocacyReferral({ referredOn: '2010-08-31', closedOn: null }, DOB, TODAY)), ['referredOn'])
  t.same(errors(checkAdvocacyReferral({ referredOn: '2025-02-01', closedOn: '2025-01-31' }, DOB, TODAY)), ['closedOn'])
  t.same(errors(checkAdvocacyReferral({ referredOn: '2025-02-01', closedOn: '2025-07-01' }, DOB, TODAY)), ['closedOn'], 'closed in the future')
})

t.test("an issue: its referral stored and the child's, raised on or after it, resolved on or after raised", async (t) => {
  const referral = { childId: 'C1', referredOn: '2025-02-01' }
  const issue = { raisedOn: '2025-02-01', resolvedOn: '2025-03-10', category: 'placement' as const }
  t.same(checkAdvocacyIssue(issue, 'C1', referral, DOB, TODAY), [])
  t.same(checkAdvocacyIssue({ ...issue, resolvedOn: null }, 'C1', referral, DOB, TODAY), [], 'open')
  t.same(errors(checkAdvocacyIssue(issue, 'C1', null, DOB, TODAY)), ['referralRecordId'], 'no such referral')
  t.same(errors(checkAdvocacyIssue(issue, 'C2', referral, DOB, TODAY)), ['referralRecordId'], "another child's")
  t.same(errors(checkAdvocacyIssue({ ...issue, raisedOn: '2025-01-31' }, 'C1', referral, DOB, TODAY)), ['raisedOn'], 'before the referral')
  t.same(errors(checkAdvocacyIssue({ ...issue, resolvedOn: '2025-01-31' }, 'C1', referral, DOB, TODAY)), ['resolvedOn'])
  t.same(errors(checkAdvocacyIssue({ ...issue, resolvedOn: '2025-07-01' }, 'C1', referral, DOB, TODAY)), ['resolvedOn'], 'resolved in the future')
  t.same(errors(checkAdvocacyIssue({ ...issue, raisedOn: '2025-07-01', resolvedOn: null }, 'C1', referral, DOB, TODAY)), ['raisedOn'])
})
