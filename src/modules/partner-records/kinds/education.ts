import { Type, type Static } from '@sinclair/typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../../db/database.ts'
import type { EducationAttainmentTable, EducationAttendanceTable, EducationExclusionsTable, EducationPepsTable } from '../../../db/tables/education.ts'
import {
  checkAttainment,
  checkAttendance,
  checkExclusion,
  checkPep,
  EXCLUSION_KINDS,
  KEY_STAGES,
  PEP_KINDS,
  PEP_QUALITY,
  PEP_STATUSES,
  type ExclusionKind,
  type KeyStage,
  type PepStatus,
} from '../../../domain/education/records.ts'
import { parseAcademicYear, TERMS, type Term } from '../../../domain/education/school-year.ts'
import { IsoDate } from '../../../http/schemas.ts'
import type { RecordKind, StoredRow } from '../kind.ts'
import { countRowsOfChildren } from '../queries.ts'
import { ChildAddress, literals, NullOr, PurgeFlag, RecordId, requiredUnlessPurged } from '../schemas.ts'

/** The virtual school's records (domain doc 5c): PEPs, termly attendance, suspensions and exclusions, attainment. */

const AcademicYear = Type.String({
  pattern: '^[0-9]{4}[/-][0-9]{2}$',
  description: 'The academic year (1 September to 31 August) as schools write it: 2024/25 (or 2024-25).',
  examples: ['2024/25'],
})
const Sessions = (description: string) => Type.Integer({ minimum: 0, maximum: 400, description })
const YesNo = (description: string) => Type.Optional(NullOr(Type.Boolean({ description })))

export const PepRecord = Type.Object(
  {
    recordId: RecordId,
    ...ChildAddress,
    date: Type.Optional(IsoDate),
    status: Type.Optional(literals(PEP_STATUSES, 'completed or draft: only a completed PEP meets a due date.')),
    kind: Type.Optional(NullOr(literals(PEP_KINDS, 'initial (the first PEP of a time in care) or review.'))),
    quality: Type.Optional(
      NullOr(literals(PEP_QUALITY, "The virtual school's rating of a completed PEP: outstanding, good, requires_improvement or inadequate.")),
    ),
    purge: PurgeFlag,
  },
  {
    $id: 'PepRecord',
    additionalProperties: false,
    description: 'A personal education plan meeting. date and status are required unless purge is true. Give the child by upn or childId.',
    ...requiredUnlessPurged(['date', 'status']),
  },
)
export type PepRecord = Static<typeof PepRecord>

export const AttendanceRecord = Type.Object(
  {
    recordId: RecordId,
    ...ChildAddress,
    academicYear: Type.Optional(AcademicYear),
    term: Type.Optional(literals(TERMS, 'autumn (1 September-31 December), spring (1 January-31 March) or summer (1 April-31 August).')),
    possibleSessions: Type.Optional(Sessions('Possible sessions (two a school day) in the term so far.')),
    attendedSessions: Type.Optional(Sessions('Sessions attended (approved educational activity included); at most possibleSessions.')),
    authorisedAbsences: Type.Optional(NullOr(Sessions('Sessions of authorised absence.'))),
    unauthorisedAbsences: Type.Optional(NullOr(Sessions('Sessions of unauthorised absence.'))),
    purge: PurgeFlag,
  },
  {
    $id: 'AttendanceRecord',
    additionalProperties: false,
    description:
      "A child's attendance for one term. academicYear, term, possibleSessions and attendedSessions are required unless purge is true; " +
      'post the term again (same recordId) as it goes on.',
    ...requiredUnlessPurged(['academicYear', 'term', 'possibleSessions', 'attendedSessions']),
  },
)
export type AttendanceRecord = Static<typeof AttendanceRecord>

export const ExclusionRecord = Type.Object(
  {
    recordId: RecordId,
    ...ChildAddress,
    kind: Type.Optional(literals(EXCLUSION_KINDS, 'suspension (fixed period) or permanent_exclusion.')),
    startDate: Type.Optional(IsoDate),
    days: Type.Optional(
      NullOr(
        Type.Number({
          minimum: 0.5,
          maximum: 45,
          description: 'School days (whole or half): required on a suspension, at most 45. Optional on a permanent exclusion.',
          examples: [2.5],
        }),
      ),
    ),
    purge: PurgeFlag,
  },
  {
    $id: 'ExclusionRecord',
    additionalProperties: false,
    description: 'A suspension or a permanent exclusion. kind and startDate are required unless purge is true.',
    ...requiredUnlessPurged(['kind', 'startDate']),
  },
)
export type ExclusionRecord = Static<typeof ExclusionRecord>

export const AttainmentRecord = Type.Object(
  {
    recordId: RecordId,
    ...ChildAddress,
    academicYear: Type.Optional(AcademicYear),
    keyStage: Type.Optional(literals(KEY_STAGES, 'eyfs (end of Reception), ks2 (end of Year 6) or ks4 (end of Year 11).')),
    goodLevelOfDevelopment: YesNo('EYFS: a good level of development.'),
    readingExpected: YesNo('KS2: reading at the expected standard.'),
    writingExpected: YesNo('KS2: writing at the expected standard.'),
    mathsExpected: YesNo('KS2: maths at the expected standard.'),
    attainment8: Type.Optional(NullOr(Type.Number({ minimum: 0, maximum: 90, description: 'KS4: the Attainment 8 score, 0-90.', examples: [34.5] }))),
    englishMathsGrade4: YesNo('KS4: English and maths both at grade 4 or above.'),
    purge: PurgeFlag,
  },
  {
    $id: 'AttainmentRecord',
    additionalProperties: false,
    description:
      "A key stage result for an academic year, with that key stage's fields only: EYFS goodLevelOfDevelopment; KS2 readingExpected, " +
      'writingExpected and mathsExpected; KS4 attainment8 and englishMathsGrade4. academicYear and keyStage are required unless purge is true.',
    ...requiredUnlessPurged(['academicYear', 'keyStage']),
  },
)
export type AttainmentRecord = Static<typeof AttainmentRecord>

/** A school's own words, accepted in a CSV file where they can mean one thing only (the codes themselves are taken in any case). */
export const PEP_WORDS = {
  status: { Complete: 'completed', Signed: 'completed', 'Signed off': 'completed', 'In progress': 'draft' },
  quality: { RI: 'requires_improvement' },
} as const
export const ATTENDANCE_WORDS = { term: { Aut: 'autumn', Spr: 'spring', Sum: 'summer' } } as const
export const EXCLUSION_WORDS = {
  kind: {
    Suspended: 'suspension',
    'Fixed term': 'suspension',
    'Fixed-term exclusion': 'suspension',
    FTE: 'suspension',
    Permanent: 'permanent_exclusion',
    PEX: 'permanent_exclusion',
  },
} as const
export const ATTAINMENT_WORDS = { keyStage: { EYFSP: 'eyfs', 'Key stage 2': 'ks2', 'Key stage 4': 'ks4' } } as const

// Each schema requires the fields cast below unless the record is a purge, which is never built.
// An academic year the pattern allows but that is not one (2024/27) reads as -1: refused by its rule.
const yearOf = (label: string | undefined) => parseAcademicYear(label ?? '') ?? -1
const badYear = { field: 'academicYear', message: 'is not an academic year: the second half is the year after the first (2024/25)', severity: 'error' as const }

export const peps: RecordKind<PepRecord, StoredRow<EducationPepsTable>> = {
  table: {
    table: 'education_peps',
    key: 'record_id',
    columns: { record_id: 'text', child_id: 'text', date: 'date', status: 'text', kind: 'text', quality: 'text' },
  },
  build(r, child, today) {
    const input = { date: r.date as string, status: r.status as PepStatus, kind: r.kind ?? null, quality: r.quality ?? null }
    return {
      issues: checkPep(input, child.dateOfBirth, today),
      row: { record_id: r.recordId, child_id: child.childId, date: input.date, status: input.status, kind: input.kind, quality: input.quality },
    }
  },
}

export const attendance: RecordKind<AttendanceRecord, StoredRow<EducationAttendanceTable>> = {
  table: {
    table: 'education_attendance',
    key: 'record_id',
    columns: {
      record_id: 'text',
      child_id: 'text',
      academic_year: 'integer',
      term: 'text',
      possible_sessions: 'integer',
      attended_sessions: 'integer',
      authorised_absences: 'integer',
      unauthorised_absences: 'integer',
    },
  },
  build(r, child, today) {
    const input = {
      academicYear: yearOf(r.academicYear),
      term: r.term as Term,
      possibleSessions: r.possibleSessions as number,
      attendedSessions: r.attendedSessions as number,
      authorisedAbsences: r.authorisedAbsences ?? null,
      unauthorisedAbsences: r.unauthorisedAbsences ?? null,
    }
    return {
      issues: input.academicYear < 0 ? [badYear] : checkAttendance(input, child.dateOfBirth, today),
      row: {
        record_id: r.recordId,
        child_id: child.childId,
        academic_year: input.academicYear,
        term: input.term,
        possible_sessions: input.possibleSessions,
        attended_sessions: input.attendedSessions,
        authorised_absences: input.authorisedAbsences,
        unauthorised_absences: input.unauthorisedAbsences,
      },
    }
  },
}

export const exclusions: RecordKind<ExclusionRecord, StoredRow<EducationExclusionsTable>> = {
  table: {
    table: 'education_exclusions',
    key: 'record_id',
    columns: { record_id: 'text', child_id: 'text', kind: 'text', start_date: 'date', days: 'double precision' },
  },
  build(r, child, today) {
    const input = { kind: r.kind as ExclusionKind, startDate: r.startDate as string, days: r.days ?? null }
    return {
      issues: checkExclusion(input, child.dateOfBirth, today),
      row: { record_id: r.recordId, child_id: child.childId, kind: input.kind, start_date: input.startDate, days: input.days },
    }
  },
}

export const attainment: RecordKind<AttainmentRecord, StoredRow<EducationAttainmentTable>> = {
  table: {
    table: 'education_attainment',
    key: 'record_id',
    columns: {
      record_id: 'text',
      child_id: 'text',
      academic_year: 'integer',
      key_stage: 'text',
      good_level_of_development: 'boolean',
      reading_expected: 'boolean',
      writing_expected: 'boolean',
      maths_expected: 'boolean',
      attainment8: 'double precision',
      english_maths_grade4: 'boolean',
    },
  },
  build(r, child, today) {
    const input = {
      academicYear: yearOf(r.academicYear),
      keyStage: r.keyStage as KeyStage,
      goodLevelOfDevelopment: r.goodLevelOfDevelopment ?? null,
      readingExpected: r.readingExpected ?? null,
      writingExpected: r.writingExpected ?? null,
      mathsExpected: r.mathsExpected ?? null,
      attainment8: r.attainment8 ?? null,
      englishMathsGrade4: r.englishMathsGrade4 ?? null,
    }
    return {
      issues: input.academicYear < 0 ? [badYear] : checkAttainment(input, child.dateOfBirth, today),
      row: {
        record_id: r.recordId,
        child_id: child.childId,
        academic_year: input.academicYear,
        key_stage: input.keyStage,
        good_level_of_development: input.goodLevelOfDevelopment,
        reading_expected: input.readingExpected,
        writing_expected: input.writingExpected,
        maths_expected: input.mathsExpected,
        attainment8: input.attainment8,
        english_maths_grade4: input.englishMathsGrade4,
      },
    }
  },
}

/**
 * The virtual school's tables, by the names an import run counts them under. The nightly snapshot
 * does not carry them (the virtual school is their one source, domain doc 5c), but a child it
 * deletes takes its records: the run counts them as deleted and the shrink guard weighs them.
 */
export const EDUCATION_TABLES = [
  ['educationPeps', peps.table.table],
  ['educationAttendance', attendance.table.table],
  ['educationExclusions', exclusions.table.table],
  ['educationAttainment', attainment.table.table],
] as const

/** The education records of the children a snapshot deletes, per table name. One statement. */
export function countEducationRowsOf(db: Kysely<Database>, la: string, childIds: readonly string[]): Promise<Map<string, number>> {
  return countRowsOfChildren(db, la, EDUCATION_TABLES, childIds)
}
