/**
 * The rules that compare a return with the previous year's (202-208, 502, 503A-503F; the others in
 * previous-year-more.test.ts): each on a
 * record that breaks it and one that does not, and nothing flagged when last year's return is not given.
 */
import t from 'tap'
import { rulesForYear } from '../../../src/domain/dfe-rules/index.ts'
import { run } from './previous.ts'

t.test('every previous-year rule says so, and flags nothing without last year', async (t) => {
  // prettier-ignore
  const codes = ['1001', '1002', '1010', '202', '203', '204', '205A', '205B', '205C', '205D', '207', '208', '502', '503A', '503B', '503C', '503D', '503E', '503F',
    '559', '560', '561', '562', '576', '584', '624', '626', 'NoE']
  for (const year of [2024, 2025, 2026]) {
    const rules = rulesForYear(year).filter((r) => r.previousYear === true)
    t.same(rules.map((r) => r.code).sort(), codes, `${year}: the previous-year rules`)
  }
  t.same(run('202', 2025, { Header: [{ CHILD: 'A', SEX: 'M' }] }, null), [])
})

t.test('202-204: sex, date of birth and ethnicity as last year', async (t) => {
  const now = {
    Header: [
      { CHILD: 'A', SEX: 'M', DOB: '01/02/2010', ETHNIC: 'WBRI' },
      { CHILD: 'B', SEX: 'F', DOB: '1/2/2010', ETHNIC: null },
      { CHILD: 'C', SEX: 'F', DOB: '01/02/2010', ETHNIC: 'WBRI' }, // new this year
      { CHILD: 'D', SEX: null, DOB: null, ETHNIC: 'WIRI' },
    ],
  }
  const last = {
    Header: [
      { CHILD: 'A', SEX: '1', DOB: '01/02/2010', ETHNIC: 'WBRI' }, // 2023-24 coding of male
      { CHILD: 'B', SEX: '1', DOB: '01/02/2010', ETHNIC: null },
      { CHILD: 'D', SEX: null, DOB: '31/02/2010', ETHNIC: 'WBRI' },
    ],
  }
  t.same(run('202', 2025, now, last), ['Header:1'], 'B was male; A was 1, which is M; blank both years is no change')
  t.same(run('203', 2025, now, last), [], 'the same date however written; two non-dates are alike')
  t.same(
    run('203', 2025, now, {
      Header: [
        { CHILD: 'A', DOB: '02/02/2010' },
        { CHILD: 'B', DOB: null },
      ],
    }),
    ['Header:0', 'Header:1'],
  )
  t.same(run('204', 2025, now, last), ['Header:3'])
})

t.test('208: a UPN may go from unknown to known, or from UN1 to another reason, but not change otherwise', async (t) => {
  const pairs: Array<[string | null, string | null, boolean]> = [
    ['A1234567890123', 'A1234567890123', false],
    ['A1234567890124', 'A1234567890123', true], // one real UPN for another
    ['UN2', 'A1234567890123', true], // known, now unknown
    [null, 'A1234567890123', true], // known, now blank
    ['A1234567890123', 'UN3', false], // unknown, now known
    ['A1234567890123', null, false], // blank, now known
    ['UN3', 'UN1', false], // UN1 to another reason
    ['UN3', null, false],
    ['UN1', 'UN3', true], // another reason back to UN1
    ['UN1', null, true],
    [null, null, false],
  ]
  const now = { Header: pairs.map(([upn], i) => ({ CHILD: String(i), UPN: upn })) }
  const last = { Header: pairs.map(([, upn], i) => ({ CHILD: String(i), UPN: upn })) }
  const expected = pairs.flatMap(([, , flagged], i) => (flagged ? [`Header:${i}`] : []))
  t.same(run('208', 2025, now, last), expected)
})

t.test('502, 503A-503F: the first episode carries on the episode left open last year', async (t) => {
  const last = {
    Episodes: [
      { CHILD: 'A', DECOM: '01/01/2024', DEC: '01/03/2024', RNE: 'S', LS: 'C2', CIN: 'N1', PLACE: 'U1', PLACE_PROVIDER: 'PR1', URN: 'SC1' },
      { CHILD: 'A', DECOM: '01/03/2024', DEC: null, RNE: 'P', LS: 'C2', CIN: 'N1', PLACE: 'U1', PLACE_PROVIDER: 'PR1', URN: 'SC1' },
      { CHILD: 'B', DECOM: '01/03/2024', DEC: '31/03/2024', RNE: 'S', LS: 'C2', CIN: 'N1', PLACE: 'U1', PLACE_PROVIDER: 'PR1', URN: null },
      { CHILD: 'C', DECOM: '01/03/2024', DEC: null, RNE: 'S', LS: 'V2', CIN: 'N2', PLACE: 'H5', PLACE_PROVIDER: 'PR2', URN: null },
    ],
  }
  const now = {
    Episodes: [
      { CHILD: 'A', DECOM: '01/06/2024', DEC: null, RNE: 'P', LS: 'C2', CIN: 'N1', PLACE: 'U3', PLACE_PROVIDER: 'PR1', URN: 'SC1' },
      { CHILD: 'A', DECOM: '01/03/2024', DEC: '01/06/2024', RNE: 'P', LS: 'C2', CIN: 'N1', PLACE: 'U1', PLACE_PROVIDER: 'PR1', URN: 'SC1' },
      { CHILD: 'B', DECOM: '01/05/2024', DEC: null, RNE: 'S', LS: 'C1', CIN: 'N3', PLACE: 'U2', PLACE_PROVIDER: 'PR4', URN: 'SC9' }, // B left care last year
      { CHILD: 'C', DECOM: '02/03/2024', DEC: null, RNE: 'P', LS: 'C2', CIN: 'N1', PLACE: 'K3', PLACE_PROVIDER: 'PR1', URN: 'SC2' },
    ],
  }
  // A's first episode (row 1, the earliest start) continues the open one exactly; C's differs in all.
  t.same(run('502', 2025, now, last), ['Episodes:3'], "C's first episode starts a day after last year's open one")
  for (const code of ['503A', '503B', '503C', '503E', '503F']) t.same(run(code, 2025, now, last), ['Episodes:3'], code)
  t.same(run('503D', 2025, now, last), [], 'H5 became K3 in 2024-25: no change of placement')
  t.same(run('503D', 2024, now, last), [], 'nor in 2023-24, as the DfE has it')
  t.same(run('503D', 2026, now, last), ['Episodes:3'], 'in 2025-26 H5 to K3 is a change')
  const z = { Episodes: [{ CHILD: 'C', DECOM: '01/03/2025', DEC: null, PLACE: 'Z1' }] }
  t.same(run('503D', 2026, { Episodes: [{ CHILD: 'C', DECOM: '01/03/2025', PLACE: 'Z12' }] }, z), [], 'Z1 became Z11-Z14 in 2025-26')
  t.same(run('503D', 2026, { Episodes: [{ CHILD: 'C', DECOM: '01/03/2025', PLACE: 'U1' }] }, z), ['Episodes:0'])
})

t.test('205B: UASC in both years, last year ceased on the 18th birthday and this year within the year or the same day', async (t) => {
  const last = {
    Header: [{ CHILD: 'A' }, { CHILD: 'B' }, { CHILD: 'C' }, { CHILD: 'D' }],
    UASC: [
      { CHILD: 'A', DOB: '10/05/2007', DUC: '10/05/2025' }, // the 18th birthday
      { CHILD: 'B', DOB: '10/05/2007', DUC: '09/05/2025' }, // not the 18th birthday
      { CHILD: 'C', DOB: '10/05/2006', DUC: '10/05/2024' },
      { CHILD: 'D', DOB: '10/05/2007', DUC: '10/05/2025' },
    ],
  }
  const now = {
    Header: [{ CHILD: 'A' }, { CHILD: 'B' }, { CHILD: 'C' }, { CHILD: 'D' }, { CHILD: 'E' }],
    UASC: [
      { CHILD: 'A', DOB: '10/05/2007', DUC: '10/05/2025' }, // the same day as last year: fine, though after this year
      { CHILD: 'B', DOB: '10/05/2007', DUC: '01/06/2024' }, // within the year, but last year's was no 18th birthday
      { CHILD: 'C', DOB: '10/05/2006', DUC: '31/03/2025' }, // within the year (its last day)
      { CHILD: 'D', DOB: '10/05/2007', DUC: '01/04/2025' }, // after the year, not last year's day
      { CHILD: 'E', DOB: '10/05/2007', DUC: '01/04/2025' }, // not UASC last year
    ],
  }
  t.same(run('205B', 2025, now, last), ['UASC:1', 'UASC:3', 'Header:1', 'Header:3'])
})
