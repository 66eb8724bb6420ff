import { Type, type Static } from '@sinclair/typebox'
import type { SdqReturnsTable } from '../../../db/tables/partner-returns.ts'
import { checkSdq, checkSdqInformant, SDQ_INFORMANTS, type SdqInformant } from '../../../domain/health/sdq.ts'
import { IsoDate } from '../../../http/schemas.ts'
import type { RecordKind, StoredRow } from '../kind.ts'
import { ChildAddress, NullOr, PurgeFlag, RecordId, requiredUnlessPurged } from '../schemas.ts'

export const Informant = Type.Union(
  SDQ_INFORMANTS.map((i) => Type.Literal(i)),
  {
    description:
      "Who completed the questionnaire: carer, teacher or self (the young person). Only the carer's counts for the SDQ KPIs (the DfE's SDQ, " +
      "the 903 OC2 score, is the main carer's); a teacher or self-report return for a child looked after on its date is kept, shown and " +
      'answered with a warning (SDQ_INFORMANT), never counted.',
  },
)
const Subscale = (name: string) => Type.Optional(NullOr(Type.Integer({ minimum: 0, maximum: 10, description: `${name} subscale, 0-10.`, examples: [3] })))

export const SdqRecord = Type.Object(
  {
    recordId: RecordId,
    ...ChildAddress,
    date: Type.Optional(IsoDate),
    informant: Type.Optional(Informant),
    total: Type.Optional(
      NullOr(
        Type.Integer({
          minimum: 0,
          maximum: 40,
          description: 'Total difficulties, 0-40: emotional + conduct + hyperactivity + peer (left out, it is worked out from them).',
          examples: [18],
        }),
      ),
    ),
    emotional: Subscale('Emotional symptoms'),
    conduct: Subscale('Conduct problems'),
    hyperactivity: Subscale('Hyperactivity/inattention'),
    peer: Subscale('Peer relationship problems'),
    prosocial: Subscale('Prosocial (not part of the total)'),
    reasonCode: Type.Optional(
      NullOr(
        Type.String({
          pattern: '^[Ss][Dd][Qq][1-5]$',
          description:
            'Instead of a score, why there is none: SDQ1 aged under 4 or over 16, SDQ2 carer refused, SDQ3 severity of disability, SDQ4 other, SDQ5 young person refused.',
          examples: ['SDQ5'],
        }),
      ),
    ),
    purge: PurgeFlag,
  },
  {
    $id: 'SdqRecord',
    additionalProperties: false,
    description:
      'One SDQ return: a score (the total, the subscales, or both) or a reason code, never both. date and informant are required unless purge is true.',
    ...requiredUnlessPurged(['date', 'informant']),
  },
)
export type SdqRecord = Static<typeof SdqRecord>

/** Informants as the questionnaires name them, accepted in a CSV file (the parent form is the carer's for a child in care). */
export const SDQ_WORDS = {
  informant: {
    'Foster carer': 'carer',
    'Parent/carer': 'carer',
    Parent: 'carer',
    'Main carer': 'carer',
    School: 'teacher',
    'Self-report': 'self',
    'Young person': 'self',
  },
} as const

export const TEACHER_ONLY = 'a virtual school key (education:write without health:write) may post teacher returns only'

type SdqRow = StoredRow<SdqReturnsTable>

/**
 * SDQ returns as a kind of partner record. `teacherOnly` is for the virtual school's key: it may
 * write (and purge) teacher returns only, never touching a carer's or young person's.
 */
export function sdqReturns(options: { teacherOnly: boolean }): RecordKind<SdqRecord, SdqRow> {
  return {
    table: {
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
    },
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
      // The schema requires it unless the record is a purge.
      const informant = r.informant as SdqInformant
      return {
        issues: [...issues, ...checkSdqInformant(informant, scores.date, child.timesInCare)],
        row: {
          record_id: r.recordId,
          child_id: child.childId,
          date: scores.date,
          informant,
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
    ...(options.teacherOnly
      ? {
          forbid(sent: SdqRecord | null, stored: Partial<SdqRow> | undefined) {
            const writes = sent !== null && sent.purge !== true
            if ((writes && sent.informant !== 'teacher') || (stored !== undefined && stored.informant !== 'teacher')) {
              return { field: 'informant', message: TEACHER_ONLY }
            }
            return null
          },
        }
      : {}),
  }
}
