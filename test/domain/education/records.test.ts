import t from 'tap'
import {
  checkAttainment,
  checkAttendance,
  checkExclusion,
  checkPep,
  type AttainmentInput,
  type AttendanceInput,
} from '../../../src/domain/education/records.ts'

const TODAY = '2025-06-30'
const DOB = '2014-03-10' // Year 6 in 2024/25
const errors = (issues: Array<{ field: string; severity: string }>) => issues.filter((i) => i.severity === 'error').map((i) => i.field)
const warnings = (issues: Array<{ field: string; severity: string }>) => issues.filter((i) => i.severity === 'warning').map((i) => i.field)

t.test('a PEP: dated between birth and today; quality only on a completed one', async (t) => {
  const pep = { date: '2025-05-01', status: 'completed' as const, kind: 'review' as const, quality: 'good' as const }
  t.same(checkPep(pep, DOB, TODAY), [])
  t.same(checkPep({ ...pep, date: TODAY }, DOB, TODAY), [], 'today is not the future')
  t.same(errors(checkPep({ ...pep, date: '2025-07-01' }, DOB, TODAY)), ['date'])
  t.same(errors(checkPep({ ...pep, date: '2014-03-09' }, DOB, TODAY)), ['date'])
  t.same(errors(checkPep({ ...pep, status: 'draft' }, DOB, TODAY)), ['quality'])
  t.same(checkPep({ ...pep, status: 'draft', quality: null }, DOB, TODAY), [])
})

t.test('attendance: a term that has begun, attended within possible, absences adding up', async (t) => {
  const att = (f: Partial<AttendanceInput> = {}): AttendanceInput => ({
    academicYear: 2024,
    term: 'spring',
    possibleSessions: 120,
    attendedSessions: 110,
    authorisedAbsences: 6,
    unauthorisedAbsences: 4,
    ...f,
  })
  t.same(checkAttendance(att(), DOB, TODAY), [])
  t.same(checkAttendance(att({ term: 'summer' }), DOB, TODAY), [], 'the term in progress')
  t.same(errors(checkAttendance(att({ academicYear: 2025, term: 'autumn' }), DOB, TODAY)), ['term'], 'not begun')
  t.same(checkAttendance(att({ academicYear: 2025, term: 'autumn' }), DOB, '2025-09-01'), [], 'begun on its first day')
  t.same(errors(checkAttendance(att({ attendedSessions: 121 }), DOB, TODAY)), ['attendedSessions'])
  t.same(checkAttendance(att({ attendedSessions: 120, authorisedAbsences: null, unauthorisedAbsences: null }), DOB, TODAY), [], 'all attended')
  t.same(errors(checkAttendance(att({ unauthorisedAbsences: 5 }), DOB, TODAY)), ['unauthorisedAbsences'], '110 + 6 + 5 > 120')
  t.same(errors(checkAttendance(att({ possibleSessions: 400, attendedSessions: 0 }), DOB, TODAY)), ['possibleSessions'], 'more than the spring term holds')
  t.same(errors(checkAttendance(att({ academicYear: 2012 }), DOB, TODAY)), ['academicYear'], 'ended before birth')
  t.same(warnings(checkAttendance(att({ academicYear: 2016 }), DOB, TODAY)), ['academicYear'], 'Nursery age')
  t.same(checkAttendance(att({ academicYear: 2018 }), DOB, TODAY), [], 'Reception')
})

t.test('a suspension needs days (whole or half, at most 45); a permanent exclusion may leave them out', async (t) => {
  t.same(checkExclusion({ kind: 'suspension', startDate: '2025-03-04', days: 2.5 }, DOB, TODAY), [])
  t.same(errors(checkExclusion({ kind: 'suspension', startDate: '2025-03-04', days: null }, DOB, TODAY)), ['days'])
  t.same(errors(checkExclusion({ kind: 'suspension', startDate: '2025-03-04', days: 45.5 }, DOB, TODAY)), ['days'])
  t.same(errors(checkExclusion({ kind: 'suspension', startDate: '2025-03-04', days: 1.25 }, DOB, TODAY)), ['days'])
  t.same(errors(checkExclusion({ kind: 'suspension', startDate: '2025-07-04', days: 1 }, DOB, TODAY)), ['startDate'])
  t.same(checkExclusion({ kind: 'permanent_exclusion', startDate: '2025-03-04', days: null }, DOB, TODAY), [])
})

t.test("a result holds its key stage's fields and no other; out of year group is a warning", async (t) => {
  const none = { goodLevelOfDevelopment: null, readingExpected: null, writingExpected: null, mathsExpected: null, attainment8: null, englishMathsGrade4: null }
  const ks2: AttainmentInput = { ...none, academicYear: 2024, keyStage: 'ks2', readingExpected: true, writingExpected: false, mathsExpected: true }
  t.same(checkAttainment(ks2, DOB, TODAY), [])
  t.same(errors(checkAttainment({ ...ks2, mathsExpected: null }, DOB, TODAY)), ['mathsExpected'])
  t.same(errors(checkAttainment({ ...ks2, attainment8: 40 }, DOB, TODAY)), ['attainment8'])
  t.same(errors(checkAttainment({ ...ks2, academicYear: 2025 }, DOB, TODAY)), ['academicYear'], 'not begun')
  t.same(warnings(checkAttainment({ ...ks2, academicYear: 2023 }, DOB, TODAY)), ['keyStage'], 'KS2 in Year 5')
  const ks4: AttainmentInput = { ...none, academicYear: 2024, keyStage: 'ks4', attainment8: 34.55, englishMathsGrade4: true }
  t.same(checkAttainment(ks4, '2008-10-01', TODAY), [])
  t.same(checkAttainment({ ...ks4, attainment8: 0.07 }, '2008-10-01', TODAY), [], 'two decimals, whatever binary makes of them')
  t.same(errors(checkAttainment({ ...ks4, attainment8: 34.555 }, '2008-10-01', TODAY)), ['attainment8'])
  // A child turning 4 on 31 August 2020 is in Reception in 2020/21: the EYFS year.
  const eyfs: AttainmentInput = { ...none, academicYear: 2020, keyStage: 'eyfs', goodLevelOfDevelopment: true }
  t.same(checkAttainment(eyfs, '2016-08-31', TODAY), [])
  t.same(warnings(checkAttainment(eyfs, '2016-09-01', TODAY)), ['keyStage'], 'a day younger: a year behind')
})
