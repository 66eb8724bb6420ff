import { Type } from '@sinclair/typebox'
import { ChildId, LaCode, Nullable } from '../../http/schemas.ts'
import { HealthCheckKind, HealthCheckOutcome, HealthCheckRecord } from '../partner-records/kinds/health-checks.ts'
import { batchBody, QueryDate } from '../partner-records/schemas.ts'

export const HealthChecksBody = batchBody(Type.Ref(HealthCheckRecord), {
  description:
    'One health check, or { "records": [...] } (up to 1000). Each record is answered on its own: records with errors are ' +
    'refused and the rest applied, in one transaction, with 200 and a result per record. When no record could be applied ' +
    'the answer is a problem: 409 when every record named an NHS number or UPN two children share, otherwise 422; ' +
    "each record's errors are listed and `results` holds the per-record answer.",
  examples: [
    {
      recordId: 'RHH-IHA-000123',
      nhsNumber: '943 476 5919',
      kind: 'initial_health_assessment',
      date: '2025-05-14',
      outcome: 'completed',
      clinicianRole: 'Community paediatrician',
    },
    {
      records: [
        { recordId: 'RHH-DEN-000456', nhsNumber: '9434765919', kind: 'dental_check', date: '2025-06-02', outcome: 'completed' },
        {
          recordId: 'RHH-IMM-000457',
          nhsNumber: '9434765919',
          kind: 'immunisations_review',
          date: '2025-06-02',
          outcome: 'completed',
          immunisationsUpToDate: true,
        },
        { recordId: 'RHH-RHA-000458', childId: 'C100234', kind: 'review_health_assessment', date: '2025-06-03', outcome: 'did_not_attend' },
        { recordId: 'RHH-IHA-000099', purge: true },
      ],
    },
  ],
})

export const ChildParams = Type.Object({ la: LaCode, childId: ChildId }, { additionalProperties: false })

export const ChildHealthQuery = Type.Object(
  { asAt: Type.Optional(QueryDate('The date the due dates and overdue flags are worked out at (default today).')) },
  { additionalProperties: false },
)

const DateOrNull = Nullable(Type.String({ format: 'date' }))

export const StoredHealthCheck = Type.Object(
  {
    recordId: Type.String(),
    kind: HealthCheckKind,
    date: Type.String({ format: 'date' }),
    outcome: HealthCheckOutcome,
    clinicianRole: Nullable(Type.String()),
    immunisationsUpToDate: Nullable(Type.Boolean()),
  },
  { $id: 'HealthCheck', additionalProperties: false },
)

export const ChildHealth = Type.Object(
  {
    childId: Type.String(),
    asAt: Type.String({ format: 'date' }),
    checks: Type.Array(Type.Ref(StoredHealthCheck), { description: 'Every check recorded, oldest first (whatever the outcome).' }),
    due: Type.Object(
      {
        inCare: Type.Boolean({ description: 'Looked after on asAt (in a time in care: V3/V4 short breaks are not).' }),
        carePeriodStart: DateOrNull,
        careStart: Nullable(
          Type.String({
            format: 'date',
            description:
              'Start of the current time in care (domain doc 5b): the period of care, or the change into care from V3/V4 short breaks inside it. The dues count from it.',
          }),
        ),
        initialHealthAssessment: Nullable(
          Type.Object(
            {
              deadline: Nullable(
                Type.String({
                  format: 'date',
                  description: '20 working days after the time in care began (that day is day 0; weekends and England and Wales bank holidays skipped).',
                }),
              ),
              completedOn: DateOrNull,
              onTime: Nullable(Type.Boolean()),
              overdue: Type.Boolean({ description: 'No completed assessment in the time in care and the deadline is before asAt.' }),
            },
            { additionalProperties: false },
          ),
        ),
        reviewHealthAssessment: Nullable(
          Type.Object(
            {
              lastAssessment: Type.String({ format: 'date', description: 'The latest completed IHA or RHA in the current time in care.' }),
              dueDate: Type.String({ format: 'date', description: '6 months later while the child is under 5 on that day, otherwise 12 months.' }),
              overdue: Type.Boolean(),
            },
            { additionalProperties: false },
          ),
        ),
        nextHealthAssessment: Nullable(
          Type.Object(
            { dueDate: DateOrNull, overdue: Type.Boolean() },
            { additionalProperties: false, description: 'The RHA due date, or the IHA deadline before any assessment.' },
          ),
        ),
        dentalCheck: Nullable(
          Type.Object(
            {
              lastCompleted: DateOrNull,
              dueDate: Type.String({
                format: 'date',
                description: '12 months after the last completed dental check; with none, 12 months after the time in care began.',
              }),
              overdue: Type.Boolean(),
            },
            { additionalProperties: false },
          ),
        ),
        immunisations: Type.Object(
          { lastReview: DateOrNull, upToDate: Nullable(Type.Boolean()) },
          { additionalProperties: false, description: 'The latest completed immunisations review on or before asAt.' },
        ),
      },
      { additionalProperties: false, description: 'Worked out at asAt from checks dated on or before it. Null parts: not in care.' },
    ),
  },
  { additionalProperties: false },
)
