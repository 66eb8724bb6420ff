// The nightly import never loses data: damaged, truncated or empty snapshots are refused and change
// nothing; a large deletion must be confirmed; a dry run writes nothing; any applied run can be undone
// exactly. Each case compares a fingerprint of every table the import writes (every row, timestamps
// included) and the board's scorecard before and after.
import { gzipSync } from 'node:zlib'
import t from 'tap'
import { demoApiRecords, generateAuthority } from '../../../scripts/demo/generator/index.ts'
import { buildTestApp, expectProblem, truncateAll } from '../../helper.ts'
import { fingerprint } from '../../fixtures/fingerprint.ts'
import { multipart } from '../../multipart.ts'

const h = await buildTestApp(t)
let key = ''
const LA = '372'
const AS_AT = '2026-03-31'

/** Every table an import writes, and what it records of its runs. */
const TABLES = [
  'children',
  'episodes',
  'care_periods',
  'placement_spells',
  'episode_findings',
  'health_checks',
  'sdq_returns',
  'care_leavers',
  'personal_advisers',
  'pathway_plans',
  'pathway_plan_reviews',
  'care_leaver_contacts',
] as const

const scorecard = async () => {
  const res = await h.call(key, { method: 'GET', url: `/v1/authorities/${LA}/scorecard?asAt=${AS_AT}` })
  if (res.statusCode !== 200) throw new Error(`scorecard ${res.statusCode} ${res.body}`)
  // Every figure; not the data version, which any write moves on.
  return JSON.parse(res.body, (k, v: unknown) => (k === 'dataVersion' ? undefined : v)) as unknown
}
const state = async () => ({ tables: await fingerprint(h.db, TABLES), scorecard: await scorecard() })

const postJson = (body: unknown, query = '') => h.call(key, { method: 'POST', url: `/v1/authorities/${LA}/imports${query}`, payload: body as object })
const upload = (files: Array<{ name: string; content: string | Buffer }>, query = '', fields: Record<string, string> = {}) => {
  const { payload, headers } = multipart(files, fields)
  return h.call(key, { method: 'POST', url: `/v1/authorities/${LA}/imports/ssda903${query}`, payload, headers })
}
const runCount = async () =>
  Number(
    (
      await h.db
        .selectFrom('import_runs')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

// A small generated authority (about 140 children, with health checks, SDQs and care leavers).
const demo = generateAuthority({ la: LA, seed: 7, scale: 0.1 })
const snapshot = demoApiRecords(demo)

/** Loads the authority and returns its 903 CSV set (every episode), as the service exports it. */
async function loaded(): Promise<Record<string, string>> {
  await truncateAll(h.db)
  await h.authority(LA)
  key = await h.key(['records:write', 'records:read', 'kpi:read', 'child:read', 'health:write'], [LA])
  const first = await postJson(snapshot)
  if (first.statusCode !== 201) throw new Error(`first import ${first.statusCode} ${first.body.slice(0, 500)}`)
  // The 903 set carries less than the JSON (no placement authority or distance): the data is taken
  // through it once, so that the set below is exactly what is stored.
  const set = await exported()
  const through = await upload(asFiles(set), '?allowShrink=true')
  if (through.statusCode !== 201) throw new Error(`903 import ${through.statusCode} ${through.body.slice(0, 500)}`)
  return exported()
}
async function exported(): Promise<Record<string, string>> {
  const res = await h.call(key, { method: 'GET', url: `/v1/authorities/${LA}/exports/ssda903?year=2026&history=all` })
  const files = res.json<{ files: Record<string, string> }>().files
  return { 'header.csv': files['header.csv'] as string, 'episodes.csv': files['episodes.csv'] as string, 'uasc.csv': files['uasc.csv'] as string }
}
const asFiles = (set: Record<string, string>) => Object.entries(set).map(([name, content]) => ({ name, content }))

t.test('the export re-imports without a change: the baseline for the damaged copies below', async (t) => {
  const set = await loaded()
  const before = await state()
  const res = await upload(asFiles(set))
  t.equal(res.statusCode, 201, res.body.slice(0, 300))
  t.equal(res.json().changed, false)
  t.same(await state(), before)
})

t.test('a file set cut at many byte offsets is refused, and changes nothing', async (t) => {
  const set = await loaded()
  const before = await state()
  const runs = await runCount()
  const episodes = set['episodes.csv'] as string
  const header = set['header.csv'] as string
  // Cuts across each file: mid-row, mid-cell, just before and after a line break, the header line.
  const offsets = (text: string) => {
    const out = new Set<number>([1, 10, text.indexOf('\n') + 1, text.length - 1, text.length - 2])
    for (let i = 1; i < 12; i++) out.add(Math.floor((text.length * i) / 12))
    for (let i = 0; i < 6; i++) out.add(text.indexOf('\n', Math.floor((text.length * i) / 6)) + 1)
    return [...out].filter((n) => n > 0 && n < text.length).sort((a, b) => a - b)
  }
  const statuses = new Map<number, number>()
  for (const [name, text] of [
    ['episodes.csv', episodes],
    ['header.csv', header],
  ] as const) {
    for (const cut of offsets(text)) {
      const res = await upload(asFiles({ ...set, [name]: text.slice(0, cut) }))
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
      // Refused; or, where the cut left every row (only a final line feed gone) or left rows whose
      // children then had no header (each such child is refused and keeps what is stored), nothing changed.
      const harmless = res.statusCode === 201 && res.json().changed === false
      if (res.statusCode !== 422 && res.statusCode !== 409 && !harmless)
        t.fail(`${name} cut at ${cut} of ${text.length}: ${res.statusCode} ${res.body.slice(0, 200)}`)
    }
  }
  t.comment(`statuses: ${JSON.stringify(Object.fromEntries(statuses))}`)
  t.same(await state(), before, 'every table and the scorecard as before')
  t.ok((await runCount()) > runs, 'each refusal is on record as a failed run')
})

t.test('damaged files: 422 naming the file, the line and what was wrong', async (t) => {
  const set = await loaded()
  const before = await state()
  const episodes = set['episodes.csv'] as string
  const lines = episodes.split('\r\n')

  const cut = expectProblem(t, await upload(asFiles({ ...set, 'episodes.csv': episodes.slice(0, Math.floor(episodes.length * 0.55)) })), 422)
  t.match(cut, { type: /import-unreadable$/, detail: /episodes\.csv/, findings: [{ table: 'Episodes', rule: /FILE-(TRUNCATED|DAMAGED)/ }] })
  t.match(cut.detail, /line \d+/)
  t.type(cut.runId, 'string')

  const garbage = [...lines.slice(0, 20), 'x,y,z', ...lines.slice(20)].join('\r\n')
  const g = expectProblem(t, await upload(asFiles({ ...set, 'episodes.csv': garbage })), 422)
  t.match(g, { detail: /episodes\.csv line 21 has 3 cells where the header has 13/, findings: [{ rule: 'FILE-DAMAGED', rowNumber: 21 }] })

  const header = set['header.csv'] as string
  const twice = header.replace(/^CHILD,SEX,DOB,ETHNIC,UPN,MOTHER/, 'CHILD,SEX,DOB,ETHNIC,UPN,DOB')
  t.match(expectProblem(t, await upload(asFiles({ ...set, 'header.csv': twice })), 422), {
    findings: [{ rule: 'COLUMN-DUPLICATE', fields: ['DOB', 'dateOfBirth'] }],
  })

  const renamed = header.replace(/^CHILD,SEX,DOB/, 'CHILD,SEX,BIRTH_DATE')
  t.match(expectProblem(t, await upload(asFiles({ ...set, 'header.csv': renamed })), 422), { findings: [{ rule: 'COLUMN-MISSING' }] })

  const zipped = gzipSync(episodes)
  const gz = expectProblem(
    t,
    await upload([
      ...asFiles({ ...set, 'episodes.csv': '' }).filter((f) => f.name !== 'episodes.csv'),
      { name: 'episodes.csv.gz', content: zipped.subarray(0, zipped.length >> 1) },
    ]),
    422,
  )
  t.match(gz, { detail: /episodes\.csv could not be read: its gzip stream ends early/ })

  t.same(await state(), before)
})

t.test('an emptied snapshot or a mass deletion is refused with 409 and the numbers; confirmed, it applies', async (t) => {
  const set = await loaded()
  const before = await state()
  const stored = Number(
    (
      await h.db
        .selectFrom('children')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

  const headersOnly = Object.fromEntries(Object.entries(set).map(([name, text]) => [name, `${text.split('\r\n')[0]}\r\n`]))
  const emptied = expectProblem(t, await upload(asFiles(headersOnly)), 409)
  t.match(emptied, { type: /import-shrink$/, deletes: [{ table: 'children', stored, deleting: stored, share: 1 }], limit: 0.1 })

  const none = expectProblem(t, await postJson({ children: [] }), 409)
  t.match(none, { deletes: [{ table: 'children', stored, deleting: stored }] })
  t.match(none.detail, new RegExp(`would delete ${stored.toLocaleString('en-GB')} of ${stored.toLocaleString('en-GB')} children \\(100%\\)`))

  // A header.csv with one unreadable row, sent alone: its episodes stay (no episodes.csv sent), and
  // the children it leaves out would go: refused.
  const lone = expectProblem(
    t,
    await upload([{ name: 'header.csv', content: `${(set['header.csv'] as string).split('\r\n')[0]}\r\nZZ,9,99/99/9999,XXXX,,,\r\n` }]),
    409,
  )
  t.match(lone, { deletes: [{ table: 'children' }] })
  t.same(await state(), before, 'nothing applied')

  // A fifth of the children leave: confirmed with the numbers the refusal gave, it applies.
  const fewer = { ...snapshot, children: snapshot.children.slice(0, Math.floor(snapshot.children.length * 0.8)) }
  const refused = expectProblem(t, await postJson(fewer), 409)
  const confirm = String(refused.confirmDeletes)
  t.match(confirm, /^children:\d+/)
  const tooFew = confirm.replace(/children:(\d+)/, (_m, n: string) => `children:${Number(n) - 1}`)
  expectProblem(t, await postJson(fewer, `?confirmDeletes=${tooFew}`), 409)
  const applied = await postJson(fewer, `?confirmDeletes=${confirm}`)
  t.equal(applied.statusCode, 201, applied.body.slice(0, 300))
  t.match(applied.json(), { status: 'succeeded', shrinkConfirmed: confirm })
})

t.test('a manifest that disagrees refuses the run', async (t) => {
  const set = await loaded()
  const before = await state()
  const rows = (text: string) => text.split('\r\n').filter((l) => l !== '').length - 1
  const manifest = (episodesRows: number) =>
    JSON.stringify({
      files: {
        'header.csv': { rows: rows(set['header.csv'] as string) },
        'episodes.csv': { rows: episodesRows },
        'uasc.csv': { rows: rows(set['uasc.csv'] as string) },
      },
    })
  const ok = await upload(asFiles(set), '', { manifest: manifest(rows(set['episodes.csv'] as string)) })
  t.equal(ok.statusCode, 201, ok.body.slice(0, 300))
  const wrong = expectProblem(t, await upload(asFiles(set), '', { manifest: manifest(rows(set['episodes.csv'] as string) + 1) }), 422)
  t.match(wrong, { findings: [{ rule: 'MANIFEST' }], detail: /episodes\.csv holds \d+ data rows; the manifest says \d+/ })
  const missing = expectProblem(
    t,
    await upload(asFiles({ 'header.csv': set['header.csv'] as string, 'uasc.csv': set['uasc.csv'] as string }), '', { manifest: manifest(1) }),
    422,
  )
  t.match(missing.detail, /episodes\.csv is in the manifest but was not sent/)
  const malformed = expectProblem(t, await upload(asFiles(set), '', { manifest: '{"files": {"header.csv": {"rows": -1}}}' }), 400)
  t.match(malformed.errors?.[0]?.pointer, /^\/manifest\/files/)

  const json = expectProblem(
    t,
    await postJson({ ...snapshot, manifest: { counts: { children: snapshot.children.length + 1, healthChecks: snapshot.healthChecks.length } } }),
    422,
  )
  t.match(json, { findings: [{ rule: 'MANIFEST', fields: ['children'] }] })
  t.same(await state(), before)
  const agrees = await postJson({ ...snapshot, manifest: { counts: { children: snapshot.children.length, healthChecks: snapshot.healthChecks.length } } })
  t.equal(agrees.statusCode, 201, agrees.body.slice(0, 300))
})

t.test('a dry run answers what the import would do and writes nothing', async (t) => {
  await loaded()
  const before = await state()
  const runs = await runCount()
  const changed = { ...snapshot, children: snapshot.children.slice(0, -3), healthChecks: snapshot.healthChecks.slice(0, -5) }
  const res = await postJson(changed, '?dryRun=true&allowShrink=true')
  t.equal(res.statusCode, 200, res.body.slice(0, 300))
  t.match(res.json(), { dryRun: true, changed: true, counts: { children: { deleted: 3 } } })
  t.ok(res.json().counts.healthChecks.deleted >= 5, 'the five left out, and those of the children who left')
  t.same(await state(), before)
  t.equal(await runCount(), runs, 'no run recorded')
  // Without the confirmation, the dry run says the guard would refuse.
  const big = { ...snapshot, children: snapshot.children.slice(0, 10) }
  expectProblem(t, await postJson(big, '?dryRun=true'), 409)
})

t.test('an applied run is undone exactly; undone again it is refused; the revert can itself be undone', async (t) => {
  await loaded()
  const before = await state()
  // A legitimate nightly change: some children leave, some episodes end, new health checks, one SDQ gone.
  const next = structuredClone(snapshot)
  next.children = next.children.slice(0, -4)
  const open = next.children.find((c) => c.episodes.some((e) => !e.endDate))
  const last = open?.episodes[open.episodes.length - 1]
  if (last && !last.endDate) Object.assign(last, { endDate: '2026-02-01', reasonEnded: 'E4A' })
  next.healthChecks = [
    ...next.healthChecks.slice(2),
    { recordId: 'NEW-HC-1', childId: next.children[0]?.childId as string, kind: 'dental_check', date: '2026-01-10', outcome: 'completed' },
  ]
  next.sdqReturns = next.sdqReturns.slice(1)
  const applied = await postJson(next, '?allowShrink=true')
  t.equal(applied.statusCode, 201, applied.body.slice(0, 300))
  const run = applied.json()
  t.ok(run.undoUntil, 'what it replaced is kept')
  const after = await state()
  t.not(JSON.stringify(after.tables), JSON.stringify(before.tables))

  const revert = await h.call(key, { method: 'POST', url: `/v1/authorities/${LA}/imports/${run.id}/revert` })
  t.equal(revert.statusCode, 201, revert.body.slice(0, 300))
  t.match(revert.json(), { format: 'revert', status: 'succeeded', reverts: run.id })
  t.same(await state(), before, 'every table and the scorecard as before the run')
  t.match((await h.call(key, { method: 'GET', url: `/v1/authorities/${LA}/imports/${run.id}` })).json(), { revertedBy: revert.json().id })
  expectProblem(t, await h.call(key, { method: 'POST', url: `/v1/authorities/${LA}/imports/${run.id}/revert` }), 409)

  const redo = await h.call(key, { method: 'POST', url: `/v1/authorities/${LA}/imports/${revert.json().id}/revert` })
  t.equal(redo.statusCode, 201, redo.body.slice(0, 300))
  t.same((await state()).tables, after.tables, 'undoing the revert gives the run back')
})

t.test('a revert that would lose a later write is refused, naming it; an earlier run untouched since can be reverted', async (t) => {
  await loaded()
  const next = structuredClone(snapshot)
  const added = { ...structuredClone(next.children[0] as (typeof next.children)[number]), childId: 'NEWCHILD1' }
  next.children.push(added)
  const run = (await postJson(next)).json()
  t.equal(run.status, 'succeeded')
  // The health trust posts for the child the run added.
  const posted = await h.call(key, {
    method: 'POST',
    url: `/v1/authorities/${LA}/health-checks`,
    payload: { recordId: 'TRUST-1', childId: 'NEWCHILD1', kind: 'dental_check', date: '2026-01-12', outcome: 'completed' },
  })
  t.equal(posted.statusCode, 200, posted.body)
  const before = await state()
  const refused = expectProblem(t, await h.call(key, { method: 'POST', url: `/v1/authorities/${LA}/imports/${run.id}/revert` }), 409)
  t.match(refused, { type: /revert-conflict$/, conflicts: [{ table: 'health_checks', why: 'owned' }] })
  t.same(await state(), before, 'nothing reverted')

  // A later run (children only: the partner lists are left alone) adds another child.
  const second = (
    await postJson({
      children: [...snapshot.children, added, { ...structuredClone(snapshot.children[1] as (typeof snapshot.children)[number]), childId: 'NEWCHILD2' }],
    })
  ).json()
  t.equal(second.status, 'succeeded')
  const undoSecond = await h.call(key, { method: 'POST', url: `/v1/authorities/${LA}/imports/${second.id}/revert` })
  t.equal(undoSecond.statusCode, 201, undoSecond.body.slice(0, 300))
  t.equal((await h.call(key, { method: 'GET', url: `/v1/authorities/${LA}/children/NEWCHILD2` })).statusCode, 404)
  // Once the trust's record is gone, the first run is as it left it: it reverts, with a later run
  // (and that run's revert) in between.
  t.equal((await h.call(key, { method: 'DELETE', url: `/v1/authorities/${LA}/health-checks/TRUST-1` })).statusCode, 204)
  const undoFirst = await h.call(key, { method: 'POST', url: `/v1/authorities/${LA}/imports/${run.id}/revert` })
  t.equal(undoFirst.statusCode, 201, undoFirst.body.slice(0, 300))
  t.equal((await h.call(key, { method: 'GET', url: `/v1/authorities/${LA}/children/NEWCHILD1` })).statusCode, 404)
})

t.test('what a run replaced is kept for a while: after that, 410', async (t) => {
  await loaded()
  const run = (await postJson({ ...snapshot, children: snapshot.children.slice(1) })).json()
  await h.db
    .updateTable('import_runs')
    .set({ undoUntil: new Date(Date.now() - 1000) })
    .where('id', '=', run.id)
    .execute()
  // The next import drops what expired runs kept.
  await postJson({ ...snapshot, children: snapshot.children.slice(1) })
  t.equal(
    Number(
      (
        await h.db
          .selectFrom('import_undo')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('runId', '=', run.id)
          .executeTakeFirstOrThrow()
      ).n,
    ),
    0,
  )
  t.match(expectProblem(t, await h.call(key, { method: 'POST', url: `/v1/authorities/${LA}/imports/${run.id}/revert` }), 410), { type: /undo-expired$/ })
})

t.test('an import for an authority that does not exist is 404 saying how to create it', async (t) => {
  await loaded()
  const admin = await h.key(['records:write'], ['*'])
  const res = await h.call(admin, { method: 'POST', url: '/v1/authorities/999/imports', payload: { children: [] } })
  t.match(expectProblem(t, res, 404), { detail: /PUT \/v1\/authorities\/999/ })
  const csv = multipart([{ name: 'header.csv', content: 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n' }])
  expectProblem(t, await h.call(admin, { method: 'POST', url: '/v1/authorities/999/imports/ssda903', payload: csv.payload, headers: csv.headers }), 404)
})

t.test('reading a run’s findings is audited like a child-level read', async (t) => {
  await loaded()
  const bad = structuredClone(snapshot)
  ;(bad.children[0] as { sex: string }).sex = 'Q'
  const run = (await postJson(bad)).json()
  const res = await h.call(key, { method: 'GET', url: `/v1/authorities/${LA}/imports/${run.id}/findings` })
  t.equal(res.statusCode, 200)
  t.ok(res.json().items.some((f: { message: string }) => /Sex 'Q'/.test(f.message)))
  await h.app.flushAudit()
  const events = await h.db.selectFrom('audit_events').select(['action', 'resource', 'resourceId']).where('resource', 'like', '%/findings').execute()
  t.match(events, [{ action: 'read', resourceId: run.id }])
})

t.test('every import request is audited once: an applied run with its writes, a dry run and a refusal on their own', async (t) => {
  await loaded()
  const send = (body: unknown, query: string, requestId: string) =>
    h.call(key, { method: 'POST', url: `/v1/authorities/${LA}/imports${query}`, payload: body as object, headers: { 'x-request-id': requestId } })
  const applied = await send({ ...snapshot, children: snapshot.children.slice(1) }, '', 'imp-applied')
  t.equal(applied.statusCode, 201, applied.body.slice(0, 200))
  t.equal((await send(snapshot, '?dryRun=true', 'imp-dry')).statusCode, 200)
  t.equal((await send({ children: [] }, '', 'imp-refused')).statusCode, 409)
  const revert = await h.call(key, {
    method: 'POST',
    url: `/v1/authorities/${LA}/imports/${applied.json().id}/revert`,
    headers: { 'x-request-id': 'imp-revert' },
  })
  t.equal(revert.statusCode, 201)
  await h.app.flushAudit()
  const events = await h.db
    .selectFrom('audit_events')
    .select(['requestId', 'status', 'action'])
    .where('requestId', 'like', 'imp-%')
    .orderBy('requestId')
    .execute()
  t.same(events, [
    { requestId: 'imp-applied', status: 201, action: 'post' },
    { requestId: 'imp-dry', status: 200, action: 'post' },
    { requestId: 'imp-refused', status: 409, action: 'post' },
    { requestId: 'imp-revert', status: 201, action: 'post' },
  ])
  t.notOk(
    h.logs.some((l) => l.includes('without its audit event')),
    'no write answered without its event',
  )
})
