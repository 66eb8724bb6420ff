import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import t from 'tap'
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { childEnv } from '../child-env.ts'
import { testDatabase } from '../helper.ts'

// The made-up directory: eight ZY postcodes with a grid reference, one without, one district code
// (E06000999) no table knows.
const fixture = readFileSync(new URL('../fixtures/onspd-fake.csv', import.meta.url), 'utf8')

const dir = mkdtempSync(join(tmpdir(), 'load-postcodes-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

// On the test server, a schema of its own the script reaches through PGOPTIONS; otherwise an
// embedded database on disk, opened by the script and by the checks in turn (one process at a time).
const url = process.env.TEST_DATABASE_URL
const server: (DatabaseHandle & { schema?: string }) | null = url ? await testDatabase(t) : null
const dataDir = join(dir, 'db')
if (!server) {
  const handle = await openDatabase({ dataDir })
  await migrateToLatest(handle.db)
  await handle.close()
}
const env: Record<string, string> = server
  ? { DATABASE_URL: url ?? '', PGOPTIONS: `-c search_path=${String(server.schema)},public` }
  : { DATABASE_URL: '', DATA_DIR: dataDir }

const run = (...args: string[]) =>
  spawnSync(join(process.cwd(), 'node_modules/.bin/tsx'), ['scripts/load-postcodes.ts', ...args], {
    cwd: process.cwd(),
    env: childEnv({ ...env, LOG_LEVEL: 'silent' }),
    encoding: 'utf8',
    timeout: 120_000,
  })

async function stored(): Promise<Array<{ postcode: string; laua: string | null; easting: number; northing: number }>> {
  const handle = server ?? (await openDatabase({ dataDir }))
  try {
    return await handle.db.selectFrom('postcodes').selectAll().orderBy('postcode').execute()
  } finally {
    if (!server) await handle.close()
  }
}

const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

t.test('loads the directory, says what it skipped and which codes it cannot place', async (t) => {
  const ok = run(file('onspd.csv', fixture))
  t.equal(ok.status, 0, ok.stderr)
  t.match(ok.stdout, /^loaded 8 postcodes in [\d.]+ s \(1 of 9 rows skipped: no grid reference or no postcode\)\n/)
  t.match(ok.stdout, /1 English district code\(s\) the service's tables do not know.*: E06000999 \(1\)\n/)
  t.match(ok.stdout, /next import/)
  const rows = await stored()
  t.equal(rows.length, 8)
  t.same(rows[0], { postcode: 'Z11AA', laua: 'W06000015', easting: 318000, northing: 176000 })
  t.ok(
    rows.some((r) => r.postcode === 'ZY101AA'),
    'no spaces',
  )
})

t.test('a new load replaces the old one whole; a .gz file is read as well', async (t) => {
  const lines = fixture.split('\n')
  const smaller = [lines[0], lines[1], lines[2], ''].join('\n')
  const ok = run(file('smaller.csv.gz', gzipSync(smaller)))
  t.equal(ok.status, 0, ok.stderr)
  t.match(ok.stdout, /^loaded 2 postcodes/)
  t.same(
    (await stored()).map((r) => r.postcode),
    ['ZY11AA', 'ZY11AB'],
  )
})

t.test('a file it cannot use changes nothing', async (t) => {
  const before = await stored()
  const wrong = run(file('wrong.csv', 'pcd,laua\r\nZY1 1AA,E08000018\r\n'))
  t.equal(wrong.status, 1)
  t.match(wrong.stdout, /not loaded: the header row has no column oseast1m or east1m, no osnrth1m or north1m; the postcodes stored before are unchanged/)
  const empty = run(file('empty.csv', `${fixture.split('\n')[0] ?? ''}\n"ZY9 9ZZ","","","","","","","","9","","","","","",""\n`))
  t.equal(empty.status, 1)
  t.match(empty.stdout, /not loaded: no row has a postcode with a grid reference/)
  const missing = run(join(dir, 'no-such-file.csv'))
  t.equal(missing.status, 1)
  t.match(missing.stdout, /not loaded: ENOENT/, missing.stderr)
  t.same(await stored(), before)
  const usage = run()
  t.equal(usage.status, 2)
  t.match(usage.stderr, /usage: npm run load-postcodes -- FILE/)
})
