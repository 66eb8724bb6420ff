import t from 'tap'
import { sql } from 'kysely'
import { openDatabase } from '../../../src/db/connect.ts'
import { demoApiRecords, generateAuthority } from '../../../scripts/demo/generator/index.ts'
import { createApiClient } from '../../../src/modules/clients/queries.ts'
import { eventually } from '../../helper.ts'
import { serverSchema, startServer, type ServerProcess } from '../../server-process.ts'
import { fingerprint } from '../../fixtures/fingerprint.ts'
import { snapshotChild, snapshotEpisode } from '../../fixtures/snapshot.ts'

// kill -9 of the service in the middle of applying a nightly import: the data is exactly as it was,
// the run is left 'running', and the next import marks it failed. Only a real process and a real
// server show this (the connection dies with the process; PostgreSQL rolls the transaction back).

const TABLES = [
  'children',
  'episodes',
  'care_periods',
  'placement_spells',
  'health_checks',
  'sdq_returns',
  'care_leavers',
  'pathway_plans',
  'care_leaver_contacts',
]

t.test(
  'kill -9 while an import is being applied leaves the data as it was',
  {
    skip: !process.env.TEST_DATABASE_URL && 'needs a PostgreSQL server (TEST_DATABASE_URL): the embedded database dies with the process',
    timeout: 180_000,
  },
  async (t) => {
    const { schema, url } = await serverSchema(t)
    // Not a test of overload: a machine busy with other test files must not make the server shed the import.
    const env = { OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' }
    let server: ServerProcess = await startServer(url, env)
    t.teardown(() => {
      if (server.child.exitCode === null) server.child.kill('SIGKILL')
    })
    const handle = await openDatabase({ url: process.env.TEST_DATABASE_URL, schema, poolSize: 2 })
    t.teardown(() => handle.close())
    const { db } = handle
    await sql`insert into authorities (la, name) values ('372', 'Test')`.execute(db)
    const { key } = await createApiClient(db, { name: 'cms', scopes: ['records:write', 'records:read'], authorities: ['372'] })
    const post = (base: string, body: unknown) =>
      fetch(`${base}/v1/authorities/372/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })

    // Last night's import, applied.
    const lastNight = {
      children: [snapshotChild('C1', [snapshotEpisode('2023-01-10')]), snapshotChild('C2', [snapshotEpisode('2023-06-01')])],
      healthChecks: [{ recordId: 'HC-1', childId: 'C1', kind: 'dental_check', date: '2024-05-10', outcome: 'completed' }],
    }
    t.equal((await post(server.baseUrl, lastNight)).status, 201)
    const before = await fingerprint(db, TABLES)

    // Tonight's: a whole authority. Killed while its health checks are being written, after its
    // children and episodes were.
    const { children, ...partner } = demoApiRecords(generateAuthority({ la: '372', seed: 7, scale: 1.5 }))
    const tonight = post(server.baseUrl, { children, ...partner }).catch((err: unknown) => err)
    const applying = sql<{ query: string }>`
    select a.query from pg_locks l join pg_stat_activity a on a.pid = l.pid
    where l.locktype = 'advisory' and l.granted and l.objid = 372
      and l.classid = ((hashtext(${schema} || '/import')::bigint & 4294967295)::oid)`
    const writingHealthChecks = await eventually(
      async () => /insert into "health_checks"|copy health_checks /.test((await applying.execute(db)).rows[0]?.query ?? ''),
      60_000,
    )
    t.ok(writingHealthChecks, 'caught in the middle of applying')
    server.child.kill('SIGKILL')
    t.equal(await server.exited, 'SIGKILL')
    t.type(await tonight, Error, 'the client saw the connection drop')

    // The database notices the dead connection and rolls back; the lock goes with it.
    t.ok(await eventually(async () => (await applying.execute(db)).rows.length === 0, 60_000), 'rolled back')
    t.same(await fingerprint(db, TABLES), before, 'every table exactly as it was')
    const runs = await db.selectFrom('import_runs').select(['status', 'changed']).orderBy('startedAt').execute()
    t.same(
      runs,
      [
        { status: 'succeeded', changed: true },
        { status: 'running', changed: null },
      ],
      'the killed run is on record as running',
    )

    // The service comes back; the next import marks the killed run failed and applies as usual.
    server = await startServer(url, env)
    const res = await post(server.baseUrl, lastNight)
    t.equal(res.status, 201)
    t.match(await res.json(), { status: 'succeeded', changed: false })
    const after = await db.selectFrom('import_runs').select(['status', 'message']).orderBy('startedAt').execute()
    t.match(after[1], { status: 'failed', message: /stopped before the import finished; nothing was applied/ })
    t.same(await fingerprint(db, TABLES), before)
  },
)
