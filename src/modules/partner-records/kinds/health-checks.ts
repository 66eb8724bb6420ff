import { Type, type Static } from '@sinclair/typebox'
import type { HealthChecksTable } from '../../../db/tables/partner-returns.ts'
import { checkHealthCheck } from '../../../domain/health/checks.ts'
import {
  HEALTH_CHECK_KINDS,
  HEALTH_CHECK_OUTCOMES,
  type HealthCheckKind as Kind,
  type HealthCheckOutcome as Outcome,
} from '../../../domain/health/due-dates.ts'
import { IsoDate, Text } from '../../../http/schemas.ts'
import type { RecordKind, StoredRow } from '../kind.ts'
import { ChildAddress, NullOr, PurgeFlag, RecordId, requiredUnlessPurged } from '../schemas.ts'
import { text } from './fields.ts'

const literals = <T extends string>(values: readonly T[], description: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  )

export const HealthCheckKind = literals(
  HEALTH_CHECK_KINDS,
  'initial_health_assessment (IHA), review_health_assessment (RHA), dental_check, development_assessment (under-5s), ' +
    'immunisations_review (immunisation status), optician.',
)
export const HealthCheckOutcome = literals(HEALTH_CHECK_OUTCOMES, 'Only completed checks meet a due date; the others are kept and shown.')

export const HealthCheckRecord = Type.Object(
  {
    recordId: RecordId,
    ...ChildAddress,
    kind: Type.Optional(HealthCheckKind),
    date: Type.Optional(IsoDate),
    outcome: Type.Optional(HealthCheckOutcome),
    clinicianRole: Type.Optional(NullOr(Text(100, { description: "The clinician's role, where given.", examples: ['LAC nurse'] }))),
    immunisationsUpToDate: Type.Optional(
      NullOr(Type.Boolean({ description: 'On an immunisations_review only (required when completed): are the immunisations up to date?' })),
    ),
    purge: PurgeFlag,
  },
  {
    $id: 'HealthCheckRecord',
    additionalProperties: false,
    description: 'One health check. kind, date and outcome are required unless purge is true. Give the child by childId, nhsNumber or upn.',
    ...requiredUnlessPurged(['kind', 'date', 'outcome']),
  },
)
export type HealthCheckRecord = Static<typeof HealthCheckRecord>

/**
 * The words a health trust's own extracts use for kinds and outcomes, accepted in a CSV file where they
 * can mean one thing only ('review' could be any review: only RHA and the full names are taken).
 */
export const HEALTH_CHECK_WORDS = {
  kind: {
    IHA: 'initial_health_assessment',
    'Initial health assessment (IHA)': 'initial_health_assessment',
    RHA: 'review_health_assessment',
    'Review health assessment (RHA)': 'review_health_assessment',
    Dental: 'dental_check',
    'Dental check-up': 'dental_check',
    Dentist: 'dental_check',
    'Development check': 'development_assessment',
    'Developmental assessment': 'development_assessment',
    Immunisations: 'immunisations_review',
    Immunisation: 'immunisations_review',
    'Immunisation status': 'immunisations_review',
    'Eye test': 'optician',
    'Sight test': 'optician',
  },
  outcome: {
    Complete: 'completed',
    Done: 'completed',
    Attended: 'completed',
    Refused: 'declined',
    Canceled: 'cancelled',
    DNA: 'did_not_attend',
    'Did not attend': 'did_not_attend',
    'Was not brought': 'did_not_attend',
    WNB: 'did_not_attend',
  },
} as const

/** Health checks as a kind of partner record: checked against the child, stored by record id. */
export const healthChecks: RecordKind<HealthCheckRecord, StoredRow<HealthChecksTable>> = {
  table: {
    table: 'health_checks',
    key: 'record_id',
    columns: {
      record_id: 'text',
      child_id: 'text',
      kind: 'text',
      date: 'date',
      outcome: 'text',
      clinician_role: 'text',
      immunisations_up_to_date: 'boolean',
    },
  },
  build(r, child, today) {
    // The schema requires these unless the record is a purge.
    const input = {
      kind: r.kind as Kind,
      date: r.date as string,
      outcome: r.outcome as Outcome,
      clinicianRole: text(r.clinicianRole),
      immunisationsUpToDate: r.immunisationsUpToDate ?? null,
    }
    return {
      issues: checkHealthCheck(input, child, today),
      row: {
        record_id: r.recordId,
        child_id: child.childId,
        kind: input.kind,
        date: input.date,
        outcome: input.outcome,
        clinician_role: input.clinicianRole,
        immunisations_up_to_date: input.immunisationsUpToDate,
      },
    }
  },
}
