import type { FastifyRequest } from 'fastify'
import type { ImportFinding, Snapshot } from '../../domain/imports/types.ts'
import { episodeFromBody, headerFromBody } from '../../domain/care-history/normalise.ts'
import { HttpProblem, type FieldError } from '../../http/problem.ts'
import { fieldErrors } from '../../plugins/errors.ts'
import type { PartnerSection, PartnerSnapshot, SentRecord } from './apply-partner.ts'
import type { JsonSnapshot } from './schemas.ts'

const SECTIONS: readonly PartnerSection[] = ['healthChecks', 'sdqReturns', 'careLeavers', 'personalAdvisers', 'pathwayPlans', 'careLeaverContacts']
const IN_RECORD = new RegExp(`^/(${SECTIONS.join('|')})/(\\d+)(/|$)`)

/** Schema errors inside partner records: list -> record index -> the fields wrong. */
export type RecordSchemaErrors = Map<PartnerSection, Map<number, FieldError[]>>

interface AjvError {
  instancePath?: string
  message?: string
  keyword?: string
  params?: Record<string, unknown>
}

/**
 * The snapshot route validates with attachValidation, so that a partner record failing its schema is
 * a finding that skips that record (as a bad row is), not a 400 for the night's data. Any other schema
 * error (the children, the lists themselves) is the 400 it always was. When the body failed, Fastify
 * stopped before the query string: it is checked (and coerced) here.
 */
export function recordSchemaErrors(request: FastifyRequest): RecordSchemaErrors {
  const out: RecordSchemaErrors = new Map()
  const error = request.validationError as (Error & { validation?: AjvError[]; validationContext?: string }) | undefined
  if (!error) return out
  const validation = error.validation ?? []
  if (error.validationContext !== 'body' || validation.some((v) => !IN_RECORD.test(v.instancePath ?? ''))) throw error
  const query = request.getValidationFunction('querystring')
  if (query && !query(request.query)) {
    throw new HttpProblem(400, 'validation', 'The request querystring is not valid.', fieldErrors((query.errors ?? []) as AjvError[], 'querystring'))
  }
  for (const e of fieldErrors(validation, 'body')) {
    const m = IN_RECORD.exec(e.pointer)
    if (!m) continue
    const section = m[1] as PartnerSection
    const index = Number(m[2])
    const bySection = out.get(section) ?? new Map<number, FieldError[]>()
    bySection.set(index, [...(bySection.get(index) ?? []), { ...e, pointer: e.pointer.slice(m[0].length - (m[3] ? 1 : 0)) }])
    out.set(section, bySection)
  }
  return out
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null)

/**
 * A JSON snapshot as the domain sees it: codes and identifiers normalised; rows are list positions.
 * Its partner lists go beside it (they are checked against the children inside the import's
 * transaction); a record that failed its schema comes with its findings and is skipped.
 */
export function snapshotFromJson(body: JsonSnapshot, schemaErrors: RecordSchemaErrors = new Map()): { snapshot: Snapshot; partner: PartnerSnapshot } {
  const findings: ImportFinding[] = []
  const partner: PartnerSnapshot = {}
  const list = <T>(section: PartnerSection, records: readonly T[] | undefined, keyField: 'recordId' | 'childId'): Array<SentRecord<T>> | undefined => {
    if (records === undefined) return undefined
    const errors = schemaErrors.get(section)
    return records.map((value, i) => {
      const raw = (value !== null && typeof value === 'object' ? value : {}) as Record<string, unknown>
      const childId = str(raw.childId)
      const wrong = errors?.get(i)
      for (const e of wrong ?? []) {
        const field = e.pointer.replace(/^\//, '')
        findings.push({ table: section, rowNumber: i + 1, childId, rule: 'SCHEMA', severity: 'error', fields: field ? [field] : [], message: `${field || 'The record'} ${e.message}` })
      }
      return { row: i + 1, key: str(raw[keyField]), childId, value: wrong ? null : value }
    })
  }
  const set = <K extends PartnerSection>(section: K, sent: PartnerSnapshot[K] | undefined) => {
    if (sent) partner[section] = sent
  }
  set('healthChecks', list('healthChecks', body.healthChecks, 'recordId'))
  set('sdqReturns', list('sdqReturns', body.sdqReturns, 'recordId'))
  set('careLeavers', list('careLeavers', body.careLeavers, 'childId'))
  set('personalAdvisers', list('personalAdvisers', body.personalAdvisers, 'recordId'))
  set('pathwayPlans', list('pathwayPlans', body.pathwayPlans, 'recordId'))
  set('careLeaverContacts', list('careLeaverContacts', body.careLeaverContacts, 'recordId'))

  const snapshot: Snapshot = {
    children: body.children.map((c, i) => ({
      header: headerFromBody(c.childId.trim(), c),
      episodes: c.episodes.map(episodeFromBody),
      row: i + 1,
      episodeRows: c.episodes.map((_e, j) => j + 1),
    })),
    rejectedChildIds: new Set(),
    findings,
  }
  return { snapshot, partner }
}
