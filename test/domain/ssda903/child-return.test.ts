import t from 'tap'
import { RETURN_TABLES } from '../../../src/db/return-store.ts'
import { checkChildReturn, RETURN_COLUMNS, RETURN_KINDS, returnRows, rowFingerprint } from '../../../src/domain/ssda903/child-return.ts'

t.test('the domain and the data layer list the same columns for each kind', async (t) => {
  for (const kind of RETURN_KINDS) t.same(Object.keys(RETURN_TABLES[kind].types), RETURN_COLUMNS[kind], kind)
})

t.test('rows are numbered in a stable order, so the same rows in another order store the same', async (t) => {
  const a = { rowNumber: 1, reviewDate: '2024-01-02', reviewCode: 'PN1' }
  const b = { rowNumber: 2, reviewDate: '2023-05-01', reviewCode: 'PN0' }
  const one = returnRows({ reviews: [a, b] }).reviews ?? []
  const other = returnRows({ reviews: [b, a] }).reviews ?? []
  t.same(one, [
    { seq: 1, review_date: '2023-05-01', review_code: 'PN0' },
    { seq: 2, review_date: '2024-01-02', review_code: 'PN1' },
  ])
  t.same(
    other.map((r) => rowFingerprint('reviews', r)),
    one.map((r) => rowFingerprint('reviews', r)),
  )
  t.same(returnRows({}), {}, 'a table not sent has no rows (what is stored stays)')
  t.same(returnRows({ oc2: null, adoption: null, previousPermanence: null }), { oc2: [], adoption: [], previousPermanence: [] }, 'sent as none: no rows')
})

t.test('an end before its start is an error naming the row and both fields', async (t) => {
  const findings = checkChildReturn('C1', {
    missingEpisodes: [{ rowNumber: 4, missingType: 'M', startDate: '2024-02-02', endDate: '2024-02-01' }],
    socialWorkerEpisodes: [{ rowNumber: 2, socialWorkerId: 'SW1', startDate: '2024-01-01', endDate: '2024-01-01', reason: null }],
    placedForAdoption: [{ rowNumber: 3, datePlaced: null, datePlacedCeased: '2024-01-01', reasonPlacedCeased: null }],
  })
  t.same(
    findings.map((f) => [f.table, f.rowNumber, f.rule, f.severity, f.fields]),
    [['Missing', 4, 'END-BEFORE-START', 'error', ['MIS_END', 'endDate', 'MIS_START', 'startDate']]],
    'the same day, or an unknown start, is not a finding',
  )
})
