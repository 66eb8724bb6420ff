import t from 'tap'
import { attendanceThisYear, exclusionsThisYear, pepDue, type PepFact } from '../../../src/domain/education/summary.ts'

const DOB = '2014-03-10'
const pep = (date: string, status: PepFact['status'] = 'completed'): PepFact => ({ recordId: `P-${date}`, date, status, kind: null, quality: null })
const inCare = [{ startDate: '2025-01-06', endDate: null }]

t.test('the PEP due: 20 working days for a new entrant, then termly', async (t) => {
  // In care from Monday 6 January 2025: day 20 is Monday 3 February.
  const start = pepDue({ dateOfBirth: DOB, asAt: '2025-01-20', timesInCare: inCare, peps: [] })
  t.match(start, { inCare: true, schoolAge: true, careStart: '2025-01-06', lastCompleted: null, dueBy: '2025-02-03', overdue: false })
  t.match(
    pepDue({ dateOfBirth: DOB, asAt: '2025-02-04', timesInCare: inCare, peps: [pep('2025-01-30', 'draft')] }),
    { dueBy: '2025-02-03', overdue: true },
    'a draft does not count',
  )
  // Completed in the spring term: due by the end of the summer term.
  t.match(pepDue({ dateOfBirth: DOB, asAt: '2025-03-31', timesInCare: inCare, peps: [pep('2025-01-30')] }), {
    completedThisTerm: true,
    dueBy: '2025-08-31',
    overdue: false,
  })
  // On 1 April the summer term holds none: due by its end.
  t.match(pepDue({ dateOfBirth: DOB, asAt: '2025-04-01', timesInCare: inCare, peps: [pep('2025-01-30')] }), { completedThisTerm: false, dueBy: '2025-08-31' })
  // No summer PEP: overdue from 1 September.
  t.match(pepDue({ dateOfBirth: DOB, asAt: '2025-09-01', timesInCare: inCare, peps: [pep('2025-01-30')] }), { dueBy: '2025-12-31', overdue: false })
  t.match(
    pepDue({ dateOfBirth: DOB, asAt: '2025-09-01', timesInCare: inCare, peps: [pep('2025-01-30'), pep('2025-09-02')] }),
    { lastCompleted: '2025-01-30' },
    'a PEP after asAt is not read',
  )
  // A PEP before the time in care began does not count.
  t.match(pepDue({ dateOfBirth: DOB, asAt: '2025-01-20', timesInCare: inCare, peps: [pep('2025-01-03')] }), { lastCompleted: null, dueBy: '2025-02-03' })
})

t.test('no PEP due out of care or out of school age', async (t) => {
  t.match(pepDue({ dateOfBirth: DOB, asAt: '2024-12-31', timesInCare: inCare, peps: [] }), { inCare: false, dueBy: null, overdue: false })
  t.match(pepDue({ dateOfBirth: '2022-01-01', asAt: '2025-02-20', timesInCare: inCare, peps: [] }), { inCare: true, schoolAge: false, dueBy: null })
  t.match(
    pepDue({ dateOfBirth: DOB, asAt: '2025-02-20', timesInCare: [{ startDate: '2025-01-06', endDate: '2025-02-20' }], peps: [] }),
    { inCare: false },
    'the day care ended is not in care',
  )
})

t.test('attendance this school year: terms summed; below 90% is strict', async (t) => {
  const r = (academicYear: number, term: 'autumn' | 'spring' | 'summer', possibleSessions: number, attendedSessions: number) => ({
    recordId: `${academicYear}-${term}`,
    academicYear,
    term,
    possibleSessions,
    attendedSessions,
    authorisedAbsences: null,
    unauthorisedAbsences: null,
  })
  const year = attendanceThisYear('2025-03-01', [r(2023, 'summer', 100, 10), r(2024, 'autumn', 140, 126), r(2024, 'spring', 60, 54)])
  t.same(year, {
    academicYear: '2024/25',
    terms: [
      { term: 'autumn', possibleSessions: 140, attendedSessions: 126, rate: 0.9 },
      { term: 'spring', possibleSessions: 60, attendedSessions: 54, rate: 0.9 },
    ],
    possibleSessions: 200,
    attendedSessions: 180,
    rate: 0.9,
    persistentlyAbsent: false,
  })
  t.equal(attendanceThisYear('2025-03-01', [r(2024, 'autumn', 140, 125)]).persistentlyAbsent, true)
  t.same(attendanceThisYear('2025-03-01', [r(2024, 'autumn', 0, 0)]).persistentlyAbsent, null, 'no possible sessions: neither')
})

t.test('suspensions this school year: counted, days added; permanent exclusions apart', async (t) => {
  const e = (startDate: string, kind: 'suspension' | 'permanent_exclusion', days: number | null) => ({ recordId: startDate, kind, startDate, days })
  t.same(
    exclusionsThisYear('2025-03-01', [
      e('2024-08-31', 'suspension', 3),
      e('2024-09-01', 'suspension', 1.5),
      e('2025-03-01', 'suspension', 2),
      e('2025-03-02', 'suspension', 5),
      e('2025-01-10', 'permanent_exclusion', null),
    ]),
    {
      academicYear: '2024/25',
      suspensions: 2,
      daysLost: 3.5,
      permanentExclusions: 1,
    },
  )
})
