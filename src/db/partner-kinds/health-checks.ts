import { checkHealthCheck } from '../../domain/health/checks.ts'
import type { HealthCheckKind, HealthCheckOutcome } from '../../domain/health/due-dates.ts'
import type { PartnerTable, RecordKind } from '../partner-records.ts'
import { text, type RecordIdentifiers } from './fields.ts'

export const HEALTH_CHECKS: PartnerTable = {
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
}

/** A health check as the health trust posts it (or a snapshot carries it), after its schema. */
export interface HealthCheckInput extends RecordIdentifiers {
  recordId: string
  kind?: HealthCheckKind
  date?: string
  outcome?: HealthCheckOutcome
  clinicianRole?: string | null
  immunisationsUpToDate?: boolean | null
  purge?: boolean
}

/** Health checks as a kind of partner record: checked against the child, stored by record id. */
export const healthCheckKind: RecordKind<HealthCheckInput> = {
  spec: HEALTH_CHECKS,
  recordKey: (r) => r.recordId,
  isPurge: (r) => r.purge === true,
  identifiers: (r) => r,
  build(r, child, today) {
    // The schema requires these unless the record is a purge.
    const input = {
      kind: r.kind as HealthCheckKind,
      date: r.date as string,
      outcome: r.outcome as HealthCheckOutcome,
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
