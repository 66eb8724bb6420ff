import type { ExclusionKind, KeyStage, PepKind, PepQuality, PepStatus } from '../../domain/education/records.ts'
import type { Term } from '../../domain/education/school-year.ts'
import type { CreatedAt, DateString, Timestamp } from '../types.ts'

/** The virtual school's returns, keyed by its own record id (migrations/0016_education.ts). */

export interface EducationPepsTable {
  la: string
  recordId: string
  childId: string
  /** The PEP meeting's date. */
  date: DateString
  status: PepStatus
  kind: PepKind | null
  /** The virtual school's rating of a completed PEP. */
  quality: PepQuality | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface EducationAttendanceTable {
  la: string
  recordId: string
  childId: string
  /** The calendar year the academic year starts in (2024 for 2024/25). */
  academicYear: number
  term: Term
  possibleSessions: number
  attendedSessions: number
  authorisedAbsences: number | null
  unauthorisedAbsences: number | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface EducationExclusionsTable {
  la: string
  recordId: string
  childId: string
  kind: ExclusionKind
  startDate: DateString
  /** School days (halves allowed); required on a suspension. */
  days: number | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface EducationAttainmentTable {
  la: string
  recordId: string
  childId: string
  academicYear: number
  keyStage: KeyStage
  goodLevelOfDevelopment: boolean | null
  readingExpected: boolean | null
  writingExpected: boolean | null
  mathsExpected: boolean | null
  attainment8: number | null
  englishMathsGrade4: boolean | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}
