/**
 * The rules on the previous year added after 503A-503F (205A, 205C, 205D, 207, 559-562, 576, 584,
 * 624, 626, NoE, 1001, 1002, 1010) and 199, which reads last year's episodes when given: each on a
 * record that breaks it and one that does not.
 */
import t from 'tap'
import { run } from './previous.ts'

t.test('205A, 205C: UASC last year and not now, or neither year, against the dates UASC ceased', async (t) => {
  // CSV sets: a child is UASC in a year when in that year's UASC file; an XML header carries the flag.
  const last = {
    Header: [{ CHILD: 'A' }, { CHILD: 'B' }, { CHILD: 'C' }],
    UASC: [
      { CHILD: 'A', DUC: '01/06/2023' }, // ceased during 2023-24
      { CHILD: 'B', DUC: '01/06/2022' }, // ceased before 2023-24
    ],
  }
  const now = {
    Header: [
      { CHILD: 'A', UASC: '0' },
      { CHILD: 'B', UASC: '0' },
      { CHILD: 'C', UASC: '0' },
    ],
    UASC: [
      { CHILD: 'A', DUC: null },
      { CHILD: 'B', DUC: null },
      { CHILD: 'C', DUC: '01/05/2024' },
    ],
  }
  t.same(run('205A', 2025, now, last), ['UASC:1', 'Header:1'], "B's UASC ceased before last year")
  t.same(run('205A', 2025, { ...now, UASC: [{ CHILD: 'A', DUC: '01/06/2023' }] }, last), ['UASC:0', 'Header:0'], 'no longer UASC, so no DUC this year')
  t.same(run('205C', 2025, now, last), ['UASC:2', 'Header:2'], 'C was never UASC but has a DUC')
  t.same(run('205C', 2025, { Header: now.Header, UASC: [{ CHILD: 'C', DUC: null }] }, last), [])
  t.same(run('205A', 2025, now, null), [], 'nothing without last year')
})

t.test('205D: UASC this year, not last year', async (t) => {
  const now = { Header: [{ CHILD: 'A' }, { CHILD: 'B' }, { CHILD: 'C' }], UASC: [{ CHILD: 'A' }, { CHILD: 'B' }, { CHILD: 'C' }] }
  const last = { Header: [{ CHILD: 'A' }, { CHILD: 'B' }], UASC: [{ CHILD: 'A' }] }
  t.same(run('205D', 2025, now, last), ['Header:1'], 'B became UASC; C was not in last year')
  t.same(run('205D', 2025, { Header: now.Header }, last), [], 'a CSV header without its UASC file has no flag to read')
})

t.test('207, 624, 626: the mother status and her first child', async (t) => {
  const last = {
    Header: [
      { CHILD: 'A', MOTHER: '1', MC_DOB: '01/01/2023' },
      { CHILD: 'B', MOTHER: '1', MC_DOB: '01/01/2023' },
      { CHILD: 'C', MOTHER: '0', MC_DOB: null },
      { CHILD: 'D', MOTHER: '0', MC_DOB: null },
    ],
  }
  const now = {
    Header: [
      { CHILD: 'A', MOTHER: '0', MC_DOB: '1/1/2023' }, // no longer a mother; the same date written otherwise
      { CHILD: 'B', MOTHER: '1', MC_DOB: '02/01/2023' },
      { CHILD: 'C', MOTHER: '1', MC_DOB: '01/02/2024' }, // a child born before this year, not recorded last year
      { CHILD: 'D', MOTHER: '1', MC_DOB: '01/06/2024' }, // born this year
    ],
    Episodes: [{ CHILD: 'A' }, { CHILD: 'B' }, { CHILD: 'C' }, { CHILD: 'D' }],
  }
  t.same(run('207', 2025, now, last), ['Header:0'])
  t.same(run('207', 2025, { ...now, Episodes: [{ CHILD: 'B' }] }, last), [], 'only children with an episode this year')
  t.same(run('624', 2025, now, last), ['Header:1'])
  t.same(run('626', 2025, now, last), ['Header:2'])
})

t.test('559, 560, 561, 584: the decision to place for adoption', async (t) => {
  const last = {
    PlacedAdoption: [
      { CHILD: 'A', DATE_PLACED: '01/02/2024', DATE_PLACED_CEASED: null, REASON_PLACED_CEASED: null },
      { CHILD: 'B', DATE_PLACED: '01/02/2024', DATE_PLACED_CEASED: '01/03/2024', REASON_PLACED_CEASED: 'RD1' },
      { CHILD: 'C', DATE_PLACED: '01/02/2024', DATE_PLACED_CEASED: '01/03/2024', REASON_PLACED_CEASED: 'RD1' },
    ],
  }
  const now = {
    PlacedAdoption: [
      { CHILD: 'A', DATE_PLACED: '02/02/2024', DATE_PLACED_CEASED: null, REASON_PLACED_CEASED: null }, // moved, though it stands
      { CHILD: 'B', DATE_PLACED: '01/02/2024', DATE_PLACED_CEASED: null, REASON_PLACED_CEASED: null }, // the ceased decision again
      { CHILD: 'C', DATE_PLACED: '01/06/2024', DATE_PLACED_CEASED: null, REASON_PLACED_CEASED: null }, // a new, later decision
      { CHILD: 'D', DATE_PLACED: '01/03/2024', DATE_PLACED_CEASED: null, REASON_PLACED_CEASED: null }, // before the year, not in last year's
    ],
  }
  t.same(run('559', 2025, now, last), ['PlacedAdoption:3'])
  t.same(run('560', 2025, now, last), ['PlacedAdoption:0'])
  t.same(run('561', 2025, now, last), ['PlacedAdoption:1'])
  t.same(run('584', 2025, now, last), ['PlacedAdoption:1'], 'B is not after the ceased one; C is')
})

t.test('562, NoE: care that began before the year is in last year', async (t) => {
  const last = {
    Episodes: [
      { CHILD: 'A', DECOM: '01/01/2024', DEC: '01/03/2024' },
      { CHILD: 'A', DECOM: '01/03/2024', DEC: null },
      { CHILD: 'B', DECOM: '01/01/2024', DEC: null },
    ],
  }
  const now = {
    Episodes: [
      { CHILD: 'A', DECOM: '01/03/2024', DEC: '01/06/2024' },
      { CHILD: 'A', DECOM: '01/06/2024', DEC: null },
      { CHILD: 'B', DECOM: '01/02/2024', DEC: null }, // last year's began a month earlier
      { CHILD: 'C', DECOM: '01/02/2024', DEC: null }, // not in last year's return at all
      { CHILD: 'D', DECOM: '01/05/2024', DEC: null }, // began this year
    ],
  }
  t.same(run('562', 2025, now, last), ['Episodes:2', 'Episodes:3'])
  t.same(run('NoE', 2025, now, last), ['Episodes:3'])
})

t.test('576: an open missing period of last year carries on', async (t) => {
  const last = {
    Missing: [
      { CHILD: 'A', MIS_START: '20/03/2024', MIS_END: null },
      { CHILD: 'B', MIS_START: '20/03/2024', MIS_END: null },
      { CHILD: 'C', MIS_START: '20/03/2024', MIS_END: '21/03/2024' },
    ],
  }
  const now = {
    Missing: [
      { CHILD: 'A', MIS_START: '01/05/2024', MIS_END: '02/05/2024' },
      { CHILD: 'A', MIS_START: '20/03/2024', MIS_END: '02/04/2024' },
      { CHILD: 'B', MIS_START: '01/05/2024', MIS_END: null },
      { CHILD: 'C', MIS_START: '01/05/2024', MIS_END: null },
    ],
  }
  t.same(run('576', 2025, now, last), ['Missing:2'], "A's first period is last year's; B's is not; C's had ended")
})

t.test('1002, 1010: care leavers with no episodes, or none this year after one left open', async (t) => {
  const last = {
    Episodes: [
      { CHILD: 'B', DECOM: '01/01/2023', DEC: '01/01/2024' },
      { CHILD: 'C', DECOM: '01/01/2023', DEC: '01/01/2024' },
      { CHILD: 'C', DECOM: '01/01/2024', DEC: null },
    ],
  }
  const now = { Episodes: [{ CHILD: 'A', DECOM: '01/01/2024', DEC: '01/05/2024' }], OC3: [{ CHILD: 'A' }, { CHILD: 'B' }, { CHILD: 'C' }, { CHILD: 'D' }] }
  t.same(run('1002', 2025, now, last), ['OC3:3'], 'D has no episode in either year')
  t.same(run('1010', 2025, now, last), ['OC3:2'], "C's last episode was open and C has none this year")
})

t.test('1001: a care leaver was looked after 13 weeks after 14 and a day after 16, and not adopted', async (t) => {
  const header = [
    { CHILD: 'A', DOB: '01/06/2007' },
    { CHILD: 'B', DOB: '01/06/2007' },
    { CHILD: 'C', DOB: '01/06/2007' },
    { CHILD: 'D', DOB: '01/06/2004' }, // 20 on 31 March 2025: flagged, as two years of episodes cannot show the care
  ]
  const last = {
    Episodes: [
      { CHILD: 'A', DECOM: '01/01/2023', DEC: null, LS: 'C2', REC: null }, // runs on into this year
      { CHILD: 'B', DECOM: '01/01/2024', DEC: '10/01/2024', LS: 'C2', REC: 'E4A' }, // 9 days after 16
      { CHILD: 'C', DECOM: '01/01/2023', DEC: '01/03/2024', LS: 'C2', REC: 'E11' }, // adopted
    ],
  }
  const now = {
    Header: header,
    Episodes: [
      { CHILD: 'A', DECOM: '01/01/2023', DEC: '01/06/2024', LS: 'C2', REC: 'E8' },
      { CHILD: 'D', DECOM: '01/01/2022', DEC: '01/06/2024', LS: 'C2', REC: 'E8' },
    ],
    OC3: header.map((h) => ({ CHILD: h.CHILD, IN_TOUCH: 'YES' })),
  }
  t.same(run('1001', 2025, now, last), ['OC3:1', 'OC3:2', 'OC3:3'])
  t.same(run('1001', 2025, { ...now, Header: header.slice(0, 1), OC3: [{ CHILD: 'A' }] }, last), [], 'A alone: looked after from 15 to 17')
})

t.test('199 reads last year too: an episode after an adoption of last year follows an adoption', async (t) => {
  const last = { Episodes: [{ CHILD: 'A', DECOM: '01/01/2023', DEC: '01/03/2024', REC: 'E11' }] }
  const now = {
    Episodes: [
      { CHILD: 'A', DECOM: '01/06/2024', DEC: null, REC: null },
      { CHILD: 'B', DECOM: '01/06/2024', DEC: null, REC: null },
    ],
  }
  t.same(run('199', 2025, now, last), ['Episodes:0'])
  t.same(run('199', 2025, now, null), [], 'without last year, nothing shows the adoption')
})
