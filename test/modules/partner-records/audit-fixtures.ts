import type { TestApp } from '../../helper.ts'

/**
 * The audit events of a service's routes, oldest first: its writes (`/v1/authorities/:la/<area>/...`)
 * and its per-child read (`.../children/:childId/<area>`), the refused ones left out unless asked for.
 */
export async function auditEventsOf(h: TestApp, area: string, options: { refused?: boolean } = {}) {
  await h.app.flushAudit()
  let q = h.db
    .selectFrom('audit_events')
    .select(['action', 'resource', 'resourceId', 'status'])
    .where((eb) => eb.or([eb('resource', 'like', `/v1/authorities/:la/${area}/%`), eb('resource', '=', `/v1/authorities/:la/children/:childId/${area}`)]))
  if (!options.refused) q = q.where('status', '<', 300)
  return q.orderBy('at').orderBy('id').execute()
}
