// The README stays true: every command it shows is a script, every variable it documents is read
// (and every one read is documented), and every route in "The API at a glance" exists in the
// contract with the methods it names.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { CONFIG_VARIABLES } from '../src/config.ts'

const root = new URL('../', import.meta.url)
const readme = readFileSync(new URL('README.md', root), 'utf8')
const scripts = Object.keys((JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> }).scripts)
const contract = JSON.parse(readFileSync(new URL('openapi/openapi.json', root), 'utf8')) as { paths: Record<string, Record<string, unknown>> }

/** The text of one `## Heading` section. */
function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`)
  if (start < 0) throw new Error(`no section ${heading}`)
  const end = readme.indexOf('\n## ', start + 1)
  return readme.slice(start, end < 0 ? undefined : end)
}

t.test('the two commands are there, and CI runs the same test command', async (t) => {
  t.match(section('The two commands'), /npm ci && npm start[^\n]*\nnpm test/)
  t.match(readFileSync(new URL('.ci/run', root), 'utf8'), /\nnpm test\b/)
})

t.test('every npm run command in the README is a script', async (t) => {
  const named = [...readme.matchAll(/npm run ([a-z0-9:-]+)/g)].map((m) => m[1]!)
  t.ok(named.length >= 10, `${named.length} commands named`)
  t.same([...new Set(named.filter((n) => !scripts.includes(n)))], [])
})

t.test('the configuration table documents every variable the service reads, and only those', async (t) => {
  const documented = [...section('Configuration').matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]!)
  t.same([...documented].sort(), [...CONFIG_VARIABLES].sort())
})

/** Path templates compare with their parameters unnamed: {la} and {authority} are the same place. */
const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}')
const routes = new Map(Object.entries(contract.paths).map(([path, ops]) => [shape(path), new Set(Object.keys(ops).map((m) => m.toUpperCase()))]))

/** `[/{runId}[/findings]]` stands for each of the paths it allows. */
function expand(path: string): string[] {
  const open = path.indexOf('[')
  if (open < 0) return [path]
  let depth = 0
  let close = open
  for (; close < path.length; close++) {
    if (path[close] === '[') depth++
    else if (path[close] === ']' && --depth === 0) break
  }
  const before = path.slice(0, open)
  const inner = path.slice(open + 1, close)
  const after = path.slice(close + 1)
  return [...expand(before + after), ...expand(before + inner + after)]
}

t.test('every route in "The API at a glance" exists in the contract with the methods named', async (t) => {
  const rows = section('The API at a glance')
    .split('\n')
    .filter((l) => l.startsWith('| `'))
  t.ok(rows.length >= 15, `${rows.length} rows`)
  const wrong: string[] = []
  let checked = 0
  for (const row of rows) {
    const cell = row.split(' | ')[0]!
    let methods = ['GET']
    for (const [, token] of cell.matchAll(/`([^`]+)`/g)) {
      const m = /^(?:([A-Z/]+) )?(\S+)$/.exec(token!)
      if (!m) continue
      if (m[1]) methods = m[1].split('/')
      const written = m[2]!.replace(/\?.*$/, '').replace(/^\.\.\.\//, '/v1/authorities/{la}/')
      for (const full of expand(written)) {
        const prefix = full.endsWith('/...')
        const path = shape(prefix ? full.slice(0, -4) : full)
        const known = prefix ? [...routes.keys()].filter((r) => r.startsWith(path)) : routes.has(path) ? [path] : []
        checked++
        if (known.length === 0) wrong.push(`${token}: no such path ${full}`)
        for (const method of prefix ? [] : methods) if (!routes.get(path)?.has(method)) wrong.push(`${token}: ${method} ${full} is not in the contract`)
      }
    }
  }
  t.ok(checked >= 40, `${checked} paths checked`)
  t.same(wrong, [])
})
