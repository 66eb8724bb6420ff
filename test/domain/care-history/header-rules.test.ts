import t from 'tap'
import { checkChildHeader } from '../../../src/domain/care-history/header-rules.ts'
import type { ChildHeader } from '../../../src/domain/care-history/types.ts'

const header = (extra: Partial<ChildHeader> = {}): ChildHeader => ({
  childId: 'C1',
  sex: 'M',
  dateOfBirth: '2006-05-10',
  ethnicity: 'AOTH',
  upn: null,
  nhsNumber: null,
  uasc: true,
  uascCeasedOn: null,
  ...extra,
})
const rules = (h: ChildHeader) => checkChildHeader(h, '2026-11-25').map((f) => `${f.rule} ${f.fields.join(',')}`)

t.test('UASC status ceases on or before the 18th birthday (304)', async (t) => {
  t.same(rules(header({ uascCeasedOn: '2024-05-10' })), [], 'on the birthday')
  t.same(rules(header({ uascCeasedOn: '2024-05-11' })), ['304 uascCeasedOn'], 'the day after')
  t.same(rules(header({ uascCeasedOn: '2006-05-09' })), ['304 uascCeasedOn'], 'before birth')
  t.same(rules(header({ uascCeasedOn: '2024-02-30' })), ['304 uascCeasedOn'], 'not a date')
})

t.test('born on 29 February: the 18th birthday is 1 March in a year that is not leap', async (t) => {
  const leapling = { dateOfBirth: '2000-02-29' }
  t.same(rules(header({ ...leapling, uascCeasedOn: '2018-03-01' })), [], 'ceased on the birthday the law keeps')
  t.same(rules(header({ ...leapling, uascCeasedOn: '2018-03-02' })), ['304 uascCeasedOn'])
})
