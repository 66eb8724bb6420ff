import { Type } from '@sinclair/typebox'
import { EXCLUSION_KINDS, KEY_STAGES, PEP_KINDS, PEP_QUALITY, PEP_STATUSES } from '../../domain/education/records.ts'
import { TERMS } from '../../domain/education/school-year.ts'
import { ChildId, LaCode, Nullable, PageInfo, PageQuery } from '../../http/schemas.ts'
import { AttainmentRecord, AttendanceRecord, ExclusionRecord, PepRecord } from '../partner-records/kinds/education.ts'
import { batchBody, QueryDate } from '../partner-records/schemas.ts'

const answered =
  ' Each record is answered on its own: records with errors are refused and the rest applied, in one transaction, with 200 ' +
  'and a result per record. When none could be applied the answer is a problem: 409 when every record named a UPN two ' +
  "children share, otherwise 422; each record's errors are listed and `results` holds the per-record answer."

export const PepsBody = batchBody(Type.Ref(PepRecord), {
  description: `One PEP, or { "records": [...] } (up to 1000).${answered}`,
  examples: [
    { recordId: 'VS-PEP-2025-0101', upn: 'A123456789012', date: '2025-10-08', status: 'completed', kind: 'review', quality: 'good' },
    {
      records: [
        { recordId: 'VS-PEP-2025-0102', childId: 'C100234', date: '2025-11-12', status: 'draft' },
        { recordId: 'VS-PEP-2024-0077', purge: true },
      ],
    },
  ],
})

export const AttendanceBody = batchBody(Type.Ref(AttendanceRecord), {
  description: `One term's attendance, or { "records": [...] } (up to 1000).${answered}`,
  examples: [
    {
      recordId: 'VS-ATT-2024-AUT-0101',
      upn: 'A123456789012',
      academicYear: '2024/25',
      term: 'autumn',
      possibleSessions: 142,
      attendedSessions: 131,
      authorisedAbsences: 8,
      unauthorisedAbsences: 3,
    },
  ],
})

export const ExclusionsBody = batchBody(Type.Ref(ExclusionRecord), {
  description: `One suspension or permanent exclusion, or { "records": [...] } (up to 1000).${answered}`,
  examples: [{ recordId: 'VS-SUS-2025-0007', upn: 'A123456789012', kind: 'suspension', startDate: '2025-03-04', days: 2.5 }],
})

export const AttainmentBody = batchBody(Type.Ref(AttainmentRecord), {
  description: `One key stage result, or { "records": [...] } (up to 1000).${answered}`,
  examples: [
    {
      records: [
        {
          recordId: 'VS-KS2-2025-0101',
          upn: 'A123456789012',
          academicYear: '2024/25',
          keyStage: 'ks2',
          readingExpected: true,
          writingExpected: false,
          mathsExpected: true,
        },
        { recordId: 'VS-KS4-2025-0055', childId: 'C100302', academicYear: '2024/25', keyStage: 'ks4', attainment8: 34.5, englishMathsGrade4: true },
      ],
    },
  ],
})

export const ChildParams = Type.Object({ la: LaCode, childId: ChildId }, { additionalProperties: false })

export const ChildEducationQuery = Type.Object(
  { asAt: Type.Optional(QueryDate('The date the PEP due date, this school year and this term are worked out at (default today).')) },
  { additionalProperties: false },
)

const DateField = Type.String({ format: 'date' })
const DateOrNull = Nullable(Type.String({ format: 'date' }))
const choice = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)))
const Rate = Nullable(Type.Number({ description: 'Sessions attended / possible sessions, 0-1 (4 decimals); null when none were possible.' }))

export const StoredPep = Type.Object(
  {
    recordId: Type.String(),
    date: DateField,
    status: choice(PEP_STATUSES),
    kind: Nullable(choice(PEP_KINDS)),
    quality: Nullable(choice(PEP_QUALITY)),
  },
  { $id: 'StoredPep', additionalProperties: false },
)

export const StoredAttendance = Type.Object(
  {
    recordId: Type.String(),
    academicYear: Type.String({ description: '2024/25' }),
    term: choice(TERMS),
    possibleSessions: Type.Integer(),
    attendedSessions: Type.Integer(),
    authorisedAbsences: Nullable(Type.Integer()),
    unauthorisedAbsences: Nullable(Type.Integer()),
  },
  { $id: 'StoredAttendance', additionalProperties: false },
)

export const StoredExclusion = Type.Object(
  { recordId: Type.String(), kind: choice(EXCLUSION_KINDS), startDate: DateField, days: Nullable(Type.Number()) },
  { $id: 'StoredExclusion', additionalProperties: false },
)

export const StoredAttainment = Type.Object(
  {
    recordId: Type.String(),
    academicYear: Type.String({ description: '2024/25' }),
    keyStage: choice(KEY_STAGES),
    goodLevelOfDevelopment: Nullable(Type.Boolean()),
    readingExpected: Nullable(Type.Boolean()),
    writingExpected: Nullable(Type.Boolean()),
    mathsExpected: Nullable(Type.Boolean()),
    attainment8: Nullable(Type.Number()),
    englishMathsGrade4: Nullable(Type.Boolean()),
  },
  { $id: 'StoredAttainment', additionalProperties: false },
)

export const ChildEducation = Type.Object(
  {
    childId: Type.String(),
    asAt: DateField,
    schoolYear: Type.Object(
      {
        academicYear: Type.String({ description: 'The academic year holding asAt: 2025/26.' }),
        curriculumYear: Type.Integer({ description: "The child's national curriculum year then: 0 Reception, 1-11 Years 1-11 (below 0: not yet Reception)." }),
      },
      { additionalProperties: false },
    ),
    pep: Type.Object(
      {
        inCare: Type.Boolean({ description: 'Looked after on asAt (in a time in care: V3/V4 short breaks are not).' }),
        schoolAge: Type.Boolean({ description: 'Reception to Year 11 on asAt.' }),
        careStart: DateOrNull,
        lastCompleted: Nullable(Type.String({ format: 'date', description: 'The latest completed PEP in the current time in care, on or before asAt.' })),
        completedThisTerm: Type.Boolean({ description: 'A completed PEP dated from the first day of the term holding asAt up to asAt.' }),
        dueBy: Nullable(
          Type.String({
            format: 'date',
            description:
              'With no completed PEP in the time in care, 20 working days after it began (day 0); with one this term, the end of next term; ' +
              'otherwise the end of this term. Null when not in care or not of school age.',
          }),
        ),
        overdue: Type.Boolean({ description: 'dueBy is before asAt.' }),
      },
      { additionalProperties: false },
    ),
    attendance: Type.Object(
      {
        academicYear: Type.String(),
        terms: Type.Array(
          Type.Object({ term: choice(TERMS), possibleSessions: Type.Integer(), attendedSessions: Type.Integer(), rate: Rate }, { additionalProperties: false }),
        ),
        possibleSessions: Type.Integer(),
        attendedSessions: Type.Integer(),
        rate: Rate,
        persistentlyAbsent: Nullable(Type.Boolean({ description: 'Attendance strictly below 90% this school year; null when no sessions were possible.' })),
      },
      { additionalProperties: false, description: 'This school year (the academic year holding asAt), from the termly returns.' },
    ),
    exclusions: Type.Object(
      {
        academicYear: Type.String(),
        suspensions: Type.Integer({ description: 'Suspensions starting this school year, up to asAt.' }),
        daysLost: Type.Number({ description: 'The school days those suspensions took.' }),
        permanentExclusions: Type.Integer(),
      },
      { additionalProperties: false },
    ),
    peps: Type.Array(Type.Ref(StoredPep), { description: 'Every PEP recorded, oldest first.' }),
    attendanceRecords: Type.Array(Type.Ref(StoredAttendance), { description: 'Every termly return, oldest first.' }),
    exclusionRecords: Type.Array(Type.Ref(StoredExclusion), { description: 'Every suspension and permanent exclusion, oldest first.' }),
    results: Type.Array(Type.Ref(StoredAttainment), { description: 'Every key stage result, oldest first.' }),
  },
  { additionalProperties: false },
)

export const ListQuery = Type.Object(
  { asAt: Type.Optional(QueryDate('The date the list is for (default today): the term and school year are those holding it.')), ...PageQuery },
  { additionalProperties: false },
)

const ListChild = {
  childId: Type.String(),
  upn: Nullable(Type.String()),
}

export const PepsDueList = Type.Object(
  {
    asAt: DateField,
    term: Type.Object({ academicYear: Type.String(), term: choice(TERMS), start: DateField, end: DateField }, { additionalProperties: false }),
    items: Type.Array(
      Type.Object(
        {
          ...ListChild,
          curriculumYear: Type.Integer({ description: '0 Reception, 1-11 Years 1-11.' }),
          careStart: DateField,
          lastCompleted: DateOrNull,
          dueBy: DateOrNull,
          overdue: Type.Boolean(),
        },
        { additionalProperties: false },
      ),
    ),
    ...PageInfo,
  },
  { additionalProperties: false },
)

export const PersistentAbsenceList = Type.Object(
  {
    asAt: DateField,
    academicYear: Type.String(),
    items: Type.Array(
      Type.Object(
        {
          ...ListChild,
          curriculumYear: Type.Integer(),
          possibleSessions: Type.Integer(),
          attendedSessions: Type.Integer(),
          rate: Type.Number({ description: 'Sessions attended / possible, 0-1 (4 decimals): below 0.9.' }),
        },
        { additionalProperties: false },
      ),
    ),
    ...PageInfo,
  },
  { additionalProperties: false },
)

export const SuspensionsList = Type.Object(
  {
    asAt: DateField,
    term: Type.Object({ academicYear: Type.String(), term: choice(TERMS), start: DateField, end: DateField }, { additionalProperties: false }),
    items: Type.Array(
      Type.Object(
        {
          ...ListChild,
          suspensions: Type.Integer(),
          daysLost: Type.Number(),
          permanentExclusions: Type.Integer(),
          records: Type.Array(Type.Ref(StoredExclusion)),
        },
        { additionalProperties: false },
      ),
    ),
    ...PageInfo,
  },
  { additionalProperties: false },
)
