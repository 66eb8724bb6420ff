import { checkSdq, type SdqInformant } from '../../domain/health/sdq.ts'
import type { PartnerTable, RecordKind, Row } from '../partner-records.ts'
import type { RecordIdentifiers } from './fields.ts'

export const SDQ_RETURNS: PartnerTable = {
  table: 'sdq_returns',
  key: 'record_id',
  columns: {
    record_id: 'text',
    child_id: 'text',
    date: 'date',
    informant: 'text',
    total: 'integer',
    emotional: 'integer',
    conduct: 'integer',
    hyperactivity: 'integer',
    peer: 'integer',
    prosocial: 'integer',
    reason_code: 'text',
  },
}

export const TEACHER_ONLY = 'a virtual school key (education:write without health:write) may post teacher returns only'

/** An SDQ return as a partner posts it (or a snapshot carries it), after its schema. */
export interface SdqInput extends RecordIdentifiers {
  recordId: string
  date?: string
  informant?: SdqInformant
  total?: number | null
  emotional?: number | null
  conduct?: number | null
  hyperactivity?: number | null
  peer?: number | null
  prosocial?: number | null
  reasonCode?: string | null
  purge?: boolean
}

/**
 * SDQ returns as a kind of partner record. `teacherOnly` is for the virtual school's key: it may
 * write (and purge) teacher returns only, never touching a carer's or young person's.
 */
export function sdqKind(options: { teacherOnly: boolean }): RecordKind<SdqInput> {
  return {
    spec: SDQ_RETURNS,
    recordKey: (r) => r.recordId,
    isPurge: (r) => r.purge === true,
    identifiers: (r) => r,
    build(r, child, today) {
      const scores = {
        date: r.date as string,
        total: r.total ?? null,
        emotional: r.emotional ?? null,
        conduct: r.conduct ?? null,
        hyperactivity: r.hyperactivity ?? null,
        peer: r.peer ?? null,
        prosocial: r.prosocial ?? null,
        reasonCode: r.reasonCode ? r.reasonCode.toUpperCase() : null,
      }
      const { issues, total } = checkSdq(scores, child.dateOfBirth, today)
      return {
        issues,
        row: {
          record_id: r.recordId,
          child_id: child.childId,
          date: scores.date,
          informant: r.informant,
          total,
          emotional: scores.emotional,
          conduct: scores.conduct,
          hyperactivity: scores.hyperactivity,
          peer: scores.peer,
          prosocial: scores.prosocial,
          reason_code: scores.reasonCode,
        },
      }
    },
    forbid(r, stored: Row | undefined) {
      if (!options.teacherOnly) return null
      if ((r.purge !== true && r.informant !== 'teacher') || (stored !== undefined && stored.informant !== 'teacher')) {
        return { field: 'informant', message: TEACHER_ONLY }
      }
      return null
    },
  }
}
