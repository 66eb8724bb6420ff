// Every curl example in the README and docs/ is run, with the real curl, against the service listening
// on the test database: an example that no longer works fails here, not in a reader's terminal.
import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { ep } from './domain/care-history/fixtures.ts'
import { buildTestApp, integration, truncateAll } from './helper.ts'

const root = fileURLToPath(new URL('../', import.meta.url))
const documents = [
  'README.md',
  ...readdirSync(new URL('docs/', `file://${root}`))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
]

/** The shell blocks that run curl: their `cd` and `curl` commands, continuation lines joined; `npm` lines are for a person. */
function examples(text: string): string[] {
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)]
    .map((m) => (m[1] ?? '').replace(/\\\n\s*/g, ' '))
    .filter((block) => /^curl /m.test(block))
    .map((block) =>
      block
        .split('\n')
        .filter((line) => /^(curl|cd) /.test(line))
        .join('\n'),
    )
}

const h = await buildTestApp(t)
let key = ''
const { child, episodes } = integration(h, () => key)

/** Each document's examples start from authority 372, empty or holding the children the example partner files name. */
async function freshAuthority(withChildren: boolean) {
  await truncateAll(h.db)
  await h.authority('372')
  key = await h.key(['admin', 'records:write', 'records:read', 'kpi:read', 'child:read', 'health:write', 'leaving-care:write', 'education:write'])
  if (!withChildren) return
  for (const [id, nhsNumber, dateOfBirth, start] of [
    ['C100234', '3982597919', '2012-03-14', '2024-01-10'],
    ['C100235', '9074833780', '2021-07-02', '2024-10-21'],
  ] as const) {
    await child(id, { nhsNumber, dateOfBirth })
    await episodes(id, [ep(start, null, { reasonEnded: null })])
  }
}
await h.app.listen({ port: 0, host: '127.0.0.1' })
const base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`

for (const document of documents) {
  const found = examples(readFileSync(`${root}${document}`, 'utf8'))
  if (found.length) t.test(`${document}: a fresh authority`, () => freshAuthority(found.some((e) => e.includes('partner-files'))))
  for (const [i, example] of found.entries()) {
    t.test(`${document}, curl example ${i + 1}`, async (t) => {
      const script = example
        .replaceAll('$(cat .data/pglite/first-admin-key)', '$KEY')
        .replace(/https?:\/\/(127\.0\.0\.1|localhost):3000/g, base)
        .replace(/https:\/\/cpds\.example/g, base)
      t.notMatch(script, /https?:\/\/(?!127\.0\.0\.1)/, 'every address is the service')
      // Fails on an HTTP error, printing its body. (Not spawnSync: the service answers on this thread.)
      const run = await new Promise<{ status: number; output: string }>((resolve) => {
        execFile(
          'bash',
          ['-euo', 'pipefail', '-c', `curl() { command curl -sS --fail-with-body "$@"; }\n${script}`],
          { cwd: root, env: { ...process.env, KEY: key }, encoding: 'utf8', timeout: 60_000 },
          (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) || 1 : 0, output: `${stdout.slice(0, 2000)}${stderr.slice(0, 2000)}` }),
        )
      })
      t.equal(run.status, 0, `${script}\n${run.output}`)
    })
  }
}

t.test('the documents hold curl examples to run', async (t) => {
  t.ok(documents.map((d) => examples(readFileSync(`${root}${d}`, 'utf8')).length).reduce((a, b) => a + b) >= 3)
})
