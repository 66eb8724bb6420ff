import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { pageOf, rowsToFetch, type Page } from '../../http/pagination.ts'
import type { AuditEvent, AuditQuery } from './schemas.ts'

/**
 * Audit events matching the filters, newest first, a page at a time (cursor: the last event's id).
 * `authorities` are those the reader holds: an administrator of some authorities sees their events
 * only; one holding '*' sees all, events not tied to an authority included.
 */
export async function listAuditEvents(db: Kysely<Database>, q: AuditQuery, authorities: ReadonlySet<string>): Promise<Page<AuditEvent>> {
  const limit = q.limit ?? 100
  let query = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(rowsToFetch(limit))
  if (q.clientId) query = query.where('clientId', '=', q.clientId)
  if (q.la) query = query.where('la', '=', q.la)
  if (q.resource) query = query.where('resource', '=', q.resource)
  if (q.from) query = query.where('at', '>=', new Date(q.from))
  if (q.to) query = query.where('at', '<', new Date(q.to))
  if (q.cursor) query = query.where('id', '<', q.cursor)
  if (!authorities.has('*')) query = query.where('la', 'in', [...authorities, '---'])
  const rows = (await query.execute()).map((r) => ({ ...r, id: Number(r.id), at: r.at.toISOString() }))
  return pageOf(rows, limit, (last) => String(last.id))
}
