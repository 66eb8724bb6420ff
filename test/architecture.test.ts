// The architecture, drawn from the code's own imports (docs/design.md): the domain is pure, the data
// layer runs no rule and knows nothing of HTTP, the HTTP edge knows no plugin, a module reaches
// another only through the partner-records engine, and no two folders import each other.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import t from 'tap'

const SRC = resolve(import.meta.dirname, '../src')

interface Import {
  from: string
  to: string
  typeOnly: boolean
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

// Static imports and re-exports (type-only or not), side-effect imports and dynamic import() calls.
const STATIC = /^\s*(?:import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?'([^']+)'/gm
const DYNAMIC = /\bimport\(\s*'([^']+)'\s*\)/g

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8')
  const from = relative(SRC, file)
  const out: Import[] = []
  const add = (spec: string, typeOnly: boolean) => {
    const to = spec.startsWith('.') ? relative(SRC, resolve(dirname(file), spec)) : `package:${spec}`
    out.push({ from, to, typeOnly })
  }
  for (const m of text.matchAll(STATIC)) add(m[2]!, m[1] !== undefined)
  for (const m of text.matchAll(DYNAMIC)) add(m[1]!, false)
  return out
}

const imports = sourceFiles(SRC).flatMap(importsOf)
/** The top folder of a path under src (db, http, domain, ...), or the file's name for top-level files. */
const layer = (path: string) => path.split('/')[0]!.replace(/\.ts$/, '')
const isPackage = (to: string) => to.startsWith('package:')
const isInside = (to: string) => !isPackage(to) && !to.startsWith('..')
const show = (list: Import[]) => list.map((i) => `${i.from} -> ${i.to}${i.typeOnly ? ' (type)' : ''}`)

t.test('the import graph was read', async (t) => {
  t.ok(imports.length > 500, `${imports.length} imports`)
  t.ok(
    imports.some((i) => i.typeOnly),
    'type-only imports are told apart',
  )
})

t.test('domain/ is pure: it imports no other layer and no framework, driver or I/O package', async (t) => {
  const FRAMEWORK = /^package:(fastify|@fastify\/|kysely|pg|pino|node:(fs|net|http|worker_threads|child_process))/
  const bad = imports.filter((i) => layer(i.from) === 'domain' && ((isInside(i.to) && layer(i.to) !== 'domain') || FRAMEWORK.test(i.to)))
  t.same(show(bad), [])
})

t.test('db/ is the data layer: no HTTP, plugin or module code, and only types from the domain', async (t) => {
  const bad = imports.filter(
    (i) =>
      layer(i.from) === 'db' &&
      isInside(i.to) &&
      (['http', 'plugins', 'modules', 'app', 'server'].includes(layer(i.to)) || (layer(i.to) === 'domain' && !i.typeOnly)),
  )
  t.same(show(bad), [])
})

t.test('http/ (the shared HTTP edge) imports no plugin, module or data layer code', async (t) => {
  const bad = imports.filter((i) => layer(i.from) === 'http' && isInside(i.to) && ['plugins', 'modules', 'db', 'app', 'server'].includes(layer(i.to)))
  t.same(show(bad), [])
})

t.test('plugins/ import no module', async (t) => {
  t.same(show(imports.filter((i) => layer(i.from) === 'plugins' && isInside(i.to) && layer(i.to) === 'modules')), [])
})

t.test("a module reaches another only through the partner-records engine, never another module's queries", async (t) => {
  const moduleOf = (path: string) => (path.startsWith('modules/') ? path.split('/')[1] : null)
  const bad = imports.filter((i) => {
    const a = moduleOf(i.from)
    const b = moduleOf(i.to)
    return a !== null && b !== null && a !== b && b !== 'partner-records'
  })
  t.same(show(bad), [])
  const intoQueries = imports.filter((i) => moduleOf(i.to) !== null && moduleOf(i.from) !== moduleOf(i.to) && i.to.endsWith('/queries.ts'))
  t.same(show(intoQueries), [])
})

t.test('no two layers import each other, directly or round a longer cycle', async (t) => {
  const edges = new Map<string, Set<string>>()
  for (const i of imports) {
    if (!isInside(i.to) || layer(i.from) === layer(i.to)) continue
    const set = edges.get(layer(i.from)) ?? new Set<string>()
    set.add(layer(i.to))
    edges.set(layer(i.from), set)
  }
  const cycles: string[] = []
  const visit = (node: string, path: string[]) => {
    if (path.includes(node)) {
      cycles.push([...path.slice(path.indexOf(node)), node].join(' -> '))
      return
    }
    for (const next of edges.get(node) ?? []) visit(next, [...path, node])
  }
  for (const node of edges.keys()) visit(node, [])
  t.same([...new Set(cycles)], [])
  t.ok(edges.get('modules')?.has('db'), 'the graph has the expected arrows (modules -> db)')
})
