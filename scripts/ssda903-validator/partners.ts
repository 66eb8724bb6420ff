/**
 * The OC2 facts from their real sources, for the validator comparison: the source's convictions posted
 * by a youth justice key (`youth-justice:write`) and its substance misuse by a health trust key
 * (`health:write`), through the service's own routes, in batches as a service would send them.
 */
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../../src/db/database.ts'
import type { Scope } from '../../src/domain/auth/scopes.ts'
import { createApiClient } from '../../src/modules/clients/queries.ts'
import type { SourceChild } from './source.ts'

const BATCH = 1000

type Result = { status: string }

async function postAll(app: FastifyInstance, key: string, url: string, records: ReadonlyArray<Record<string, unknown>>): Promise<Record<string, number>> {
  const statuses: Record<string, number> = {}
  for (let i = 0; i < records.length; i += BATCH) {
    const res = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${key}` }, payload: { records: records.slice(i, i + BATCH) } })
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 500)}`)
    for (const r of res.json<{ results: Result[] }>().results) statuses[r.status] = (statuses[r.status] ?? 0) + 1
  }
  return statuses
}

/** Posts every conviction and substance misuse record of the source; throws unless each is created. */
export async function postPartnerRecords(
  app: FastifyInstance,
  db: Kysely<Database>,
  la: string,
  source: readonly SourceChild[],
): Promise<{ convictions: number; substanceMisuse: number }> {
  const key = async (scope: Scope) => (await createApiClient(db, { name: `compare-903 ${scope}`, scopes: [scope], authorities: [la] })).key
  const convictions = source.flatMap((c) => c.convictions.map((x) => ({ recordId: x.id, childId: c.header.childId, convictedOn: x.date })))
  const misuse = source.flatMap((c) =>
    c.substanceMisuse.map((m) => ({
      recordId: m.id,
      childId: c.header.childId,
      identifiedOn: m.identified,
      interventionReceivedOn: m.received,
      interventionRefusedOn: m.refused,
    })),
  )
  const posted = [
    await postAll(app, await key('youth-justice:write'), `/v1/authorities/${la}/youth-justice/convictions`, convictions),
    await postAll(app, await key('health:write'), `/v1/authorities/${la}/health/substance-misuse`, misuse),
  ]
  for (const [i, statuses] of posted.entries()) {
    const other = Object.entries(statuses).filter(([s]) => s !== 'created')
    if (other.length > 0) throw new Error(`${i === 0 ? 'convictions' : 'substance misuse'}: not all created: ${JSON.stringify(statuses)}`)
  }
  return { convictions: convictions.length, substanceMisuse: misuse.length }
}
