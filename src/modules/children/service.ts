import type { Transaction } from 'kysely'
import { authorityExists } from '../../db/authorities.ts'
import { replaceCareHistories } from '../../db/care-history-store.ts'
import { storedEpisodePostcodes, writeDerivedPlacements } from '../../db/postcodes.ts'
import { derivedPlacementChanges } from '../../domain/postcodes/derive.ts'
import { careHistoryRows } from '../../domain/care-history/stored.ts'
import { upsertChildren } from '../../db/children-store.ts'
import { bumpDataVersion } from '../../db/data-version.ts'
import { recordWebhookEvents } from '../../db/webhook-outbox.ts'
import { careEvents } from '../../domain/webhooks/events.ts'
import type { Database } from '../../db/database.ts'
import { checkCareHistory, checkChildHeader, type ChildHeader, type Episode, type ChildFinding } from '../../domain/care-history/index.ts'
import { notFound, unprocessable, type FieldError } from '../../http/problem.ts'
import { deleteChild, lockChild } from './queries.ts'

/** Findings as the fields of a 422: one entry per field a finding names. */
function findingsToFieldErrors(findings: readonly ChildFinding[], base: (f: ChildFinding) => string): FieldError[] {
  return findings.flatMap((f) =>
    (f.fields.length ? f.fields : ['']).map((field) => ({
      in: 'body' as const,
      pointer: `${base(f)}${field ? `/${field}` : ''}`,
      message: f.message,
      rule: f.rule,
    })),
  )
}

/** Creates or replaces a child's header, in the caller's transaction; says whether it was created. */
export async function saveChild(trx: Transaction<Database>, la: string, header: ChildHeader, today: string): Promise<boolean> {
  const errors = checkChildHeader(header, today)
  if (errors.length)
    throw unprocessable(
      'The child header is not valid.',
      findingsToFieldErrors(errors, () => ''),
    )
  if (!(await authorityExists(trx, la))) throw notFound(`No authority ${la}: an administrator adds it with PUT /v1/authorities/${la}.`)
  const counts = await upsertChildren(trx, la, [header])
  if (counts.changed.length) await bumpDataVersion(trx, la)
  return counts.inserted === 1
}

/**
 * Replaces a child's whole episode list after checking it as a sequence, in the caller's transaction.
 * Errors refuse the write (422, every finding listed); warnings are stored with the episodes and returned.
 */
export async function saveEpisodes(trx: Transaction<Database>, la: string, childId: string, episodes: Episode[], today: string): Promise<ChildFinding[]> {
  const child = await lockChild(trx, la, childId)
  if (!child) throw notFound(`No child ${childId} in authority ${la}: PUT the child's header first.`)
  const findings = checkCareHistory(child, episodes)
  const errors = findings.filter((f) => f.severity === 'error')
  if (errors.length) {
    throw unprocessable(
      `The episodes break ${errors.length} rule${errors.length === 1 ? '' : 's'}; nothing was stored.`,
      findingsToFieldErrors(errors, (f) => (f.episodeIndex === null ? '/episodes' : `/episodes/${f.episodeIndex}`)),
      { findings },
    )
  }
  const warnings = findings.filter((f) => f.severity === 'warning')
  const rows = careHistoryRows(la, { childId, episodes, warnings }, today)
  const { before } = await replaceCareHistories(trx, la, [rows])
  // Admissions, moves and cessations are announced to the partners with the write, or not at all.
  await recordWebhookEvents(trx, careEvents(la, before, [rows], today))
  await writeDerivedPlacements(trx, la, derivedPlacementChanges(await storedEpisodePostcodes(trx, la, [childId])))
  await bumpDataVersion(trx, la)
  return warnings
}

/** Removes a child with everything derived from them, in the caller's transaction; false when there is no such child. */
export async function removeChild(trx: Transaction<Database>, la: string, childId: string): Promise<boolean> {
  if (!(await deleteChild(trx, la, childId))) return false
  await bumpDataVersion(trx, la)
  return true
}
