import t from 'tap'
import {
  academicYearLabel,
  academicYearOf,
  curriculumYear,
  isSchoolAge,
  nextTerm,
  parseAcademicYear,
  termBounds,
  schoolAgeBirthRange,
  termOf,
} from '../../../src/domain/education/school-year.ts'

t.test('academic years run 1 September to 31 August', async (t) => {
  t.equal(academicYearOf('2024-09-01'), 2024)
  t.equal(academicYearOf('2025-08-31'), 2024)
  t.equal(academicYearOf('2025-09-01'), 2025)
  t.equal(academicYearLabel(2024), '2024/25')
  t.equal(academicYearLabel(1999), '1999/00')
  t.equal(parseAcademicYear('2024/25'), 2024)
  t.equal(parseAcademicYear('2024-25'), 2024)
  t.equal(parseAcademicYear(' 1999/00 '), 1999)
  t.equal(parseAcademicYear('2024/26'), null, 'the second half is the year after the first')
  t.equal(parseAcademicYear('2024'), null)
})

t.test('terms are fixed: autumn to 31 December, spring to 31 March, summer to 31 August', async (t) => {
  t.same(termBounds(2024, 'autumn'), { start: '2024-09-01', end: '2024-12-31' })
  t.same(termBounds(2024, 'spring'), { start: '2025-01-01', end: '2025-03-31' })
  t.same(termBounds(2024, 'summer'), { start: '2025-04-01', end: '2025-08-31' })
  t.same(termOf('2024-12-31'), { academicYear: 2024, term: 'autumn' })
  t.same(termOf('2025-01-01'), { academicYear: 2024, term: 'spring' })
  t.same(termOf('2025-03-31'), { academicYear: 2024, term: 'spring' })
  t.same(termOf('2025-04-01'), { academicYear: 2024, term: 'summer' })
  t.same(termOf('2025-09-01'), { academicYear: 2025, term: 'autumn' })
  t.same(nextTerm({ academicYear: 2024, term: 'summer' }), { academicYear: 2025, term: 'autumn' })
  t.same(nextTerm({ academicYear: 2024, term: 'autumn' }), { academicYear: 2024, term: 'spring' })
})

t.test('the curriculum year is the age on the 31 August before the year, less 4', async (t) => {
  // Turning 4 on 31 August: Reception that September, the youngest in the year.
  t.equal(curriculumYear('2020-08-31', 2024), 0)
  // Turning 4 on 1 September: a year later.
  t.equal(curriculumYear('2020-09-01', 2024), -1)
  t.equal(curriculumYear('2020-09-01', 2025), 0)
  t.equal(curriculumYear('2013-10-10', 2024), 6, 'Year 6')
  t.equal(curriculumYear('2008-09-01', 2024), 11, 'Year 11')
  t.ok(isSchoolAge('2020-08-31', '2024-09-01'))
  t.notOk(isSchoolAge('2020-08-31', '2024-08-31'), 'not before the year begins')
  t.ok(isSchoolAge('2008-09-01', '2025-08-31'), 'Year 11 to its last day')
  t.notOk(isSchoolAge('2008-09-01', '2025-09-01'), 'Year 12 is past school age')
})

t.test('the births that are Reception to Year 11 in a year agree with the curriculum year', async (t) => {
  const { bornAfter, bornOnOrBefore } = schoolAgeBirthRange(2024)
  t.same({ bornAfter, bornOnOrBefore }, { bornAfter: '2008-08-31', bornOnOrBefore: '2020-08-31' })
  t.equal(curriculumYear(bornOnOrBefore, 2024), 0, 'the youngest in Reception')
  t.equal(curriculumYear('2008-09-01', 2024), 11, 'the oldest in Year 11')
  t.equal(curriculumYear(bornAfter, 2024), 12, 'the day before is Year 12')
})
