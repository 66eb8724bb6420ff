import t from 'tap'
import { checkEligibility, ELIGIBILITY_CATEGORIES } from '../../../src/domain/care-leavers/eligibility.ts'

const TODAY = '2026-11-25'
const issues = (eligibility: (typeof ELIGIBILITY_CATEGORIES)[number], dateOfBirth: string) =>
  checkEligibility(eligibility, dateOfBirth, TODAY).map((i) => `${i.severity} ${i.field}`)

t.test('no category before the 16th birthday', async (t) => {
  for (const e of ELIGIBILITY_CATEGORIES) t.same(issues(e, '2010-11-26'), ['error eligibility'], e)
  t.same(issues('eligible', '2010-11-25'), [], '16 today')
})

t.test('eligible and relevant at 16-17, former relevant from 18', async (t) => {
  t.same(issues('eligible', '2009-01-01'), [])
  t.same(issues('relevant', '2009-01-01'), [])
  t.same(issues('former_relevant', '2009-01-01'), ['warning eligibility'], 'former relevant at 17')
  t.same(issues('eligible', '2008-11-25'), ['warning eligibility'], 'eligible on the 18th birthday')
  t.same(issues('relevant', '2008-11-25'), ['warning eligibility'])
  t.same(issues('former_relevant', '2008-11-25'), [])
  t.same(issues('qualifying', '2004-01-01'), [])
  t.same(issues('former_relevant', '1996-01-01'), [], 'kept after 25: history, not a query')
})

t.test('born on 29 February: 18 on 1 March in a year that is not leap', async (t) => {
  t.same(checkEligibility('relevant', '2008-02-29', '2026-02-28'), [])
  t.same(
    checkEligibility('relevant', '2008-02-29', '2026-03-01').map((i) => i.severity),
    ['warning'],
  )
})
