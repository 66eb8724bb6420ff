import { Type, type Static } from '@sinclair/typebox'
import type { SubstanceMisuseTable, YouthJusticeConvictionsTable } from '../../../db/tables/youth-justice-substance-misuse.ts'
import { checkConviction, checkSubstanceMisuse } from '../../../domain/youth-justice/oc2.ts'
import type { RecordKind, StoredRow } from '../kind.ts'
import { ChildAddress, DateField, LaterDateField, PurgeFlag, RecordId, requiredUnlessPurged } from '../schemas.ts'

/**
 * The OC2 facts of the 903 return no case-management system holds well (issue #16): convictions from
 * the youth justice service, substance misuse and its interventions from the health trust.
 */

export const ConvictionRecord = Type.Object(
  {
    recordId: {
      ...RecordId,
      description: "The youth justice service's own id for this outcome. Posting the same id again updates it.",
      examples: ['YJS-2025-0088'],
    },
    ...ChildAddress,
    convictedOn: DateField('The day the child was convicted, or given a youth caution or youth conditional caution (the DfE counts these as CONVICTED).'),
    purge: PurgeFlag,
  },
  {
    $id: 'ConvictionRecord',
    additionalProperties: false,
    description:
      'A conviction (or youth caution) of a looked-after child. convictedOn is required unless purge is true. Give the child by childId, NHS number or UPN.',
    ...requiredUnlessPurged(['convictedOn']),
  },
)
export type ConvictionRecord = Static<typeof ConvictionRecord>

export const SubstanceMisuseRecord = Type.Object(
  {
    recordId: {
      ...RecordId,
      description: "The health trust's own id for this substance misuse problem. Posting the same id again updates it (an intervention, say).",
      examples: ['RHH-SM-000041'],
    },
    ...ChildAddress,
    identifiedOn: DateField('The day the substance misuse problem was identified.'),
    interventionReceivedOn: LaterDateField('The day the child began to receive an intervention for it; null until then. Not before identifiedOn.'),
    interventionRefusedOn: LaterDateField('The day the child refused an intervention offered; null when not offered or not refused. Not before identifiedOn.'),
    purge: PurgeFlag,
  },
  {
    $id: 'SubstanceMisuseRecord',
    additionalProperties: false,
    description:
      'A substance misuse problem identified in a child, posted again (same recordId) as it goes on. identifiedOn is required unless purge is true. ' +
      'Give the child by NHS number, childId or UPN.',
    ...requiredUnlessPurged(['identifiedOn']),
  },
)
export type SubstanceMisuseRecord = Static<typeof SubstanceMisuseRecord>

export const convictions: RecordKind<ConvictionRecord, StoredRow<YouthJusticeConvictionsTable>> = {
  table: { table: 'youth_justice_convictions', key: 'record_id', columns: { record_id: 'text', child_id: 'text', convicted_on: 'date' } },
  build(r, child, today) {
    // Required by the schema unless the record is a purge, which is never built.
    const convictedOn = r.convictedOn as string
    return {
      issues: checkConviction(convictedOn, child.dateOfBirth, today),
      row: { record_id: r.recordId, child_id: child.childId, convicted_on: convictedOn },
    }
  },
}

export const substanceMisuse: RecordKind<SubstanceMisuseRecord, StoredRow<SubstanceMisuseTable>> = {
  table: {
    table: 'substance_misuse',
    key: 'record_id',
    columns: { record_id: 'text', child_id: 'text', identified_on: 'date', intervention_received_on: 'date', intervention_refused_on: 'date' },
  },
  build(r, child, today) {
    const input = {
      identifiedOn: r.identifiedOn as string,
      interventionReceivedOn: r.interventionReceivedOn ?? null,
      interventionRefusedOn: r.interventionRefusedOn ?? null,
    }
    return {
      issues: checkSubstanceMisuse(input, child.dateOfBirth, today),
      row: {
        record_id: r.recordId,
        child_id: child.childId,
        identified_on: input.identifiedOn,
        intervention_received_on: input.interventionReceivedOn,
        intervention_refused_on: input.interventionRefusedOn,
      },
    }
  },
}
