import { readFileSync } from 'node:fs'
import SwaggerParser from '@apidevtools/swagger-parser'
import fc from 'fast-check'
import type { HTTPMethods } from 'fastify'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../src/db/database.ts'
import { SCOPE_NAMES } from '../../src/domain/auth/scopes.ts'
import type { TestApp } from '../helper.ts'
import { Oracle } from './oracle.ts'
import { mutatedRequests, operationName, validRequests, type FuzzRequest, type RequestSettings, type Seeds } from './requests.ts'
import { operations, type OpenApiDocument, type Operation } from './schema-walk.ts'

/**
 * A contract campaign: the committed OpenAPI document, an app on a real database with a little data
 * in it, and for each operation valid and mutated requests, every answer judged by the Oracle and
 * every refused write checked to have stored nothing. The test (test/contract/fuzz.test.ts) and the
 * long run (npm run fuzz) share it.
 */

// Another engineer is rewriting the import endpoints' limits: their bodies are only fuzzed shallowly.
export const SHALLOW_BODIES: ReadonlySet<string> = new Set(['POST /v1/authorities/{la}/imports', 'POST /v1/authorities/{la}/imports/ssda903'])

/**
 * 500s found in code another engineer owns (e.g. src/modules/imports/*), reported to them: a
 * request that matches one and fails only with a 5xx is counted apart (a TODO in the test) until it
 * is fixed; anything else it breaks still fails. One that takes the whole process down is withheld
 * (counted, not sent).
 */
export const KNOWN_ISSUES: ReadonlyArray<{ operation: string; request: RegExp; reason: string; withhold?: boolean }> = [
  // None open. The import endpoints' three (a text/plain body ended the process; the findings
  // cursor and a snapshot's placementDistance were unbounded) were fixed by their owner in be4c73a.
]

// Tables that record attempts, refused ones included, by design: the audit trail and import runs.
const ATTEMPT_TABLES = new Set(['audit_events', 'import_runs', 'import_findings', 'import_undo'])
// Derived from the stored data, not from the request: a refused acknowledgement may bring the
// findings up to date before it looks for the finding, which is a cache refresh, not a write.
const DERIVED_TABLES = new Set(['data_quality_findings', 'data_quality_state'])

export interface Campaign {
  doc: OpenApiDocument
  operations: Operation[]
  settings: RequestSettings
  oracle: Oracle
  h: TestApp
  checksum: StoredDataChecksum
}

export interface OperationReport {
  operation: string
  requests: number
  statuses: Record<number, number>
  failures: string[]
  /** Failures that match a KNOWN_ISSUES entry. */
  known: string[]
}

/** The committed contract, as written and dereferenced. */
export async function loadContract(): Promise<{ doc: OpenApiDocument; dereferenced: OpenApiDocument }> {
  const text = readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')
  const doc = JSON.parse(text) as OpenApiDocument
  const dereferenced = (await SwaggerParser.dereference(JSON.parse(text) as Parameters<typeof SwaggerParser.dereference>[0])) as unknown as OpenApiDocument
  return { doc, dereferenced }
}

export async function prepareCampaign(h: TestApp): Promise<Campaign> {
  const { doc, dereferenced } = await loadContract()
  const key = await h.key([...SCOPE_NAMES])
  const seeds = await seedData(h, key)
  const order = (op: Operation) => (op.method === 'GET' ? 0 : op.method === 'DELETE' ? 2 : 1)
  return {
    doc,
    // Reads first (they find the seeded data), then writes, then deletes (which remove it).
    operations: operations(doc).sort((a, b) => order(a) - order(b)),
    settings: { doc, seeds, key, shallowBodies: SHALLOW_BODIES },
    oracle: new Oracle(dereferenced),
    h,
    checksum: new StoredDataChecksum(h.db),
  }
}

/** A seed for one operation from the campaign's seed, stable when operations are added. */
export function operationSeed(seed: number, op: Operation): number {
  let hash = seed | 0
  for (const ch of operationName(op)) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) | 0
  return hash
}

/** Sends `valid` valid and `mutated` mutated requests to one operation and judges every answer. */
export async function fuzzOperation(c: Campaign, op: Operation, runs: { valid: number; mutated: number; seed: number }): Promise<OperationReport> {
  const seed = operationSeed(runs.seed, op)
  const requests = [
    ...(runs.valid > 0 ? fc.sample(validRequests(c.settings, op), { numRuns: runs.valid, seed }) : []),
    ...(runs.mutated > 0 ? fc.sample(mutatedRequests(c.settings, op), { numRuns: runs.mutated, seed: seed + 1 }) : []),
  ]
  const report: OperationReport = { operation: operationName(op), requests: 0, statuses: {}, failures: [], known: [] }
  const known = KNOWN_ISSUES.filter((k) => k.operation === report.operation)
  for (const request of requests) {
    const withheld = known.find((k) => k.withhold && k.request.test(describe(request)))
    if (withheld) {
      report.known.push(`withheld: ${describe(request)}`)
      continue
    }
    const write = request.method !== 'GET'
    const before = write ? await c.checksum.current() : null
    const res = await c.h.app.inject({
      method: request.method as HTTPMethods,
      url: request.url,
      headers: request.headers,
      ...(request.payload !== undefined ? { payload: request.payload } : {}),
    })
    report.requests++
    report.statuses[res.statusCode] = (report.statuses[res.statusCode] ?? 0) + 1
    const problems = c.oracle.judge(op, { statusCode: res.statusCode, headers: res.headers, body: res.body })
    if (write) {
      if (res.statusCode >= 400 && res.statusCode < 500) {
        const after = await c.checksum.recompute()
        if (after !== before) problems.push(`a ${res.statusCode} changed stored data`)
      } else {
        c.checksum.stale()
      }
    }
    if (!problems.length) continue
    const text = `${describe(request)}\n    -> ${res.statusCode} ${res.body.slice(0, 300)}\n    ${problems.join('\n    ')}`
    const onlyServerError = problems.every((p) => /^answered 5\d\d$/.test(p))
    if (onlyServerError && known.some((k) => k.request.test(describe(request)))) report.known.push(text)
    else report.failures.push(text)
  }
  return report
}

function describe(r: FuzzRequest): string {
  const payload =
    r.payload === undefined ? '' : ` ${r.headers['content-type'] ?? ''} ${JSON.stringify(r.payload.length > 300 ? `${r.payload.slice(0, 300)}...` : r.payload)}`
  return `[${r.kind}] ${r.method} ${JSON.stringify(r.url.length > 300 ? `${r.url.slice(0, 300)}...` : r.url)}${payload}`
}

/**
 * A fingerprint of every data table (row count and an order-free sum of row hashes), to show a
 * refused write stored nothing. Recomputed only when a write may have changed something.
 */
export class StoredDataChecksum {
  private tables: string[] | null = null
  private value: string | null = null

  constructor(private readonly db: Kysely<Database>) {}

  stale(): void {
    this.value = null
  }

  async current(): Promise<string> {
    return this.value ?? (await this.recompute())
  }

  async recompute(): Promise<string> {
    this.tables ??= (
      await sql<{ name: string }>`
        select tablename as name from pg_tables
        where schemaname = current_schema() and tablename not like 'kysely_%' order by tablename`.execute(this.db)
    ).rows
      .map((r) => r.name)
      .filter((name) => !ATTEMPT_TABLES.has(name) && !DERIVED_TABLES.has(name))
    const parts = this.tables.map(
      (name) => `select '${name}' as t, count(*)::text || ':' || coalesce(sum(hashtext(x::text)::bigint), 0)::text as v from "${name}" x`,
    )
    const { rows } = await sql.raw<{ t: string; v: string }>(parts.join(' union all ')).execute(this.db)
    this.value = rows.map((r) => `${r.t}=${r.v}`).join(' ')
    return this.value
  }
}

/** A little data through the API itself, so reads find something: returns the ids to use in paths. */
async function seedData(h: TestApp, key: string): Promise<Seeds> {
  const la = '372'
  await h.authority(la, 'Rotherham')
  const call = async (method: HTTPMethods, url: string, payload?: Record<string, unknown>) => {
    const res = await h.call(key, { method, url: `/v1/authorities/${la}${url}`, ...(payload ? { payload } : {}) })
    if (res.statusCode >= 300) throw new Error(`seeding ${method} ${url} answered ${res.statusCode}: ${res.body.slice(0, 500)}`)
    return res.json<Record<string, unknown>>()
  }
  const episode = { reasonNewEpisode: 'S', legalStatus: 'C2', categoryOfNeed: 'N1', placementType: 'U4', placementProvider: 'PR1' }
  await call('PUT', '/children/C1', { sex: 'F', dateOfBirth: '2012-05-01', ethnicity: 'WBRI' })
  await call('PUT', '/children/C1/episodes', { episodes: [{ startDate: '2021-01-10', ...episode }] })
  await call('PUT', '/children/C2', { sex: 'M', dateOfBirth: '2015-02-03', ethnicity: 'WBRI' })
  await call('PUT', '/children/C2/episodes', { episodes: [{ startDate: '2023-06-01', ...episode }] })
  await call('PUT', '/children/C3', { sex: 'M', dateOfBirth: '2006-01-10', ethnicity: 'WBRI' })
  await call('PUT', '/children/C3/episodes', {
    episodes: [{ startDate: '2019-01-10', ...episode, endDate: '2024-01-10', reasonEnded: 'E11' }],
  })
  await call('POST', '/health-checks', { recordId: 'HC1', childId: 'C1', kind: 'dental_check', date: '2024-05-01', outcome: 'completed' })
  await call('POST', '/sdq', { recordId: 'SDQ1', childId: 'C1', date: '2024-06-01', informant: 'carer', total: 18 })
  await call('POST', '/care-leavers', { childId: 'C3', eligibility: 'former_relevant' })
  await call('POST', '/personal-advisers', { recordId: 'PA1', childId: 'C3', name: 'Sam Okafor', allocatedOn: '2024-01-10' })
  await call('POST', '/pathway-plans', { recordId: 'PP1', childId: 'C3', planDate: '2024-02-01', reviews: ['2024-07-01'] })
  await call('POST', '/care-leaver-contacts', { recordId: 'CT1', childId: 'C3', date: '2025-01-10', inTouch: 'YES', activity: 'F5', accommodation: 'U1' })
  const plan = await call('POST', '/action-plans', { title: 'Corporate Parenting Action Plan', priorities: [{ number: 1, title: 'Health' }] })
  const planId = String(plan.id)
  const action = await call('POST', `/action-plans/${planId}/actions`, { ref: '1.1', priority: 1, action: 'Dental checks on time', byWhen: 'End of June 2026' })
  const actionId = String(action.id)
  await call('POST', `/action-plans/${planId}/actions/${actionId}/updates`, { text: 'Started.' })

  const kpis = (await h.call(key, { method: 'GET', url: '/v1/kpis' })).json<{ items: Array<{ id: string }> }>().items.map((k) => k.id)
  const firstKpi = kpis[0] ?? 'children-in-care'
  await call('PUT', '/benchmarks', { items: [{ kpiId: firstKpi, kind: 'national', periodEnd: '2025-03-31', value: 50 }] })
  const fields = (await h.call(key, { method: 'GET', url: '/v1/code-lists' })).json<{ items: Array<{ field: string }> }>().items.map((f) => f.field)
  const spare = await h.call(key, { method: 'POST', url: '/v1/clients', payload: { name: 'spare', scopes: ['kpi:read'], authorities: [la] } })
  const clientId = spare.json<{ client?: { id?: string } }>().client?.id
  // A small nightly import (delta: it adds one child), so the import runs and their findings are found.
  const run = await h.call(key, {
    method: 'POST',
    url: `/v1/authorities/${la}/imports?mode=delta`,
    payload: { children: [{ childId: 'C9', sex: 'F', dateOfBirth: '2013-03-03', ethnicity: 'WBRI', episodes: [{ startDate: '2022-02-02', ...episode }] }] },
  })
  if (run.statusCode >= 300) throw new Error(`seeding an import answered ${run.statusCode}: ${run.body.slice(0, 500)}`)
  const runs = (await call('GET', '/imports')).items as Array<{ id?: string }> | undefined

  return {
    la: [la],
    childId: ['C1', 'C2', 'C3'],
    recordId: ['HC1', 'SDQ1', 'PA1', 'PP1', 'CT1'],
    planId: [planId],
    actionId: [actionId],
    number: ['1'],
    kpiId: kpis.slice(0, 8),
    field: fields.slice(0, 8),
    clientId: clientId ? [clientId] : [],
    runId: (runs ?? []).flatMap((r) => (r.id ? [r.id] : [])),
  }
}
