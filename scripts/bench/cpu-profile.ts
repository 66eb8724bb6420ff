/**
 * Reads a V8 CPU profile (node --cpu-prof) and says which code spent the process's busy time. Each
 * sample goes to the nearest frame on its stack that is package or project code, so a builtin
 * (JSON.stringify, a socket write) counts for whoever called it: pino, fastify, pg, src/... Samples
 * with no such frame are Node's own work (the HTTP parser, timers), named by its module.
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

// Packages that do one job for the service, named by that job.
const GROUPS: Array<[RegExp, string]> = [
  [
    /^(pino|pino-std-serializers|sonic-boom|fast-redact|@pinojs\/redact|thread-stream|on-exit-leak-free|quick-format-unescaped|safe-stable-stringify|atomic-sleep)$/,
    'logging (pino, redaction)',
  ],
  [
    /^(pg|pg-protocol|pg-pool|pg-types|pg-connection-string|postgres-array|postgres-date|postgres-interval|postgres-bytea|pgpass|pg-copy-streams)$/,
    'pg driver (protocol, row parsing)',
  ],
  [/^kysely$/, 'kysely (query building, camelCase)'],
  [/^(fast-json-stringify|fast-uri|json-schema-ref-resolver|@fastify\/fast-json-stringify-compiler)$/, 'response serialisation (fast-json-stringify)'],
  [/^(ajv|ajv-formats|@fastify\/ajv-compiler)$/, 'request validation (ajv)'],
  [/^(@fastify\/helmet|helmet)$/, 'security headers (helmet)'],
  [/^(@fastify\/rate-limit|toad-cache)$/, 'rate limit'],
  [/^(find-my-way|fast-querystring|safe-regex2|ret)$/, 'routing (find-my-way)'],
  [
    /^(fastify|avvio|light-my-request|abstract-logging|process-warning|rfdc|@fastify\/error|fastify-plugin|@fastify\/proxy-addr|proxy-addr|content-type|@fastify\/forwarded|forwarded|toad-cache|secure-json-parse)$/,
    'fastify core',
  ],
  [/^(@fastify\/under-pressure)$/, 'overload check (under-pressure)'],
  [/^(tsx|esbuild|get-tsconfig)$/, 'TypeScript loader (tsx)'],
]

function categoryOf(url: string): string | null {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]
  if (pkg) return GROUPS.find(([re]) => re.test(pkg))?.[1] ?? `package ${pkg}`
  const src = /\/((?:src|scripts)\/.+?)(?:\?.*)?$/.exec(url)?.[1]
  if (src) return src
  return null
}

function nodeCore(url: string, name: string): string {
  if (name === '(garbage collector)') return 'V8: garbage collection'
  if (name === '(program)') return 'V8/native (program)'
  if (name === '(root)') return 'V8/native (program)'
  const m = /^node:(?:internal\/)?([a-z_]+)/.exec(url)
  return m ? `node core: ${m[1]}` : 'V8/native (program)'
}

/**
 * The table of who spent the busy time. `window` keeps only the samples taken between so many
 * milliseconds before the profile ends (the process exits) and so many before: the measured load,
 * without start-up and shutdown.
 */
export function summariseProfile(file: string, top = 14, window?: { fromMsBeforeEnd: number; toMsBeforeEnd: number }): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile & { endTime: number }
  // Each sample's time, counted back from the profile's end.
  const at: number[] = []
  let clock = profile.endTime
  for (let i = profile.timeDeltas.length - 1; i >= 0; i--) {
    at[i] = clock
    clock -= profile.timeDeltas[i] ?? 0
  }
  const inWindow = (i: number) =>
    !window || (profile.endTime - (at[i] ?? 0) <= window.fromMsBeforeEnd * 1000 && profile.endTime - (at[i] ?? 0) >= window.toMsBeforeEnd * 1000)
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const memo = new Map<number, string>()
  const attribute = (id: number): string => {
    const cached = memo.get(id)
    if (cached) return cached
    const leaf = byId.get(id) as ProfileNode
    let out: string | null = null
    for (let at: number | undefined = id; at !== undefined && out === null; at = parent.get(at)) {
      out = categoryOf(byId.get(at)?.callFrame.url ?? '')
    }
    const result = out ?? nodeCore(leaf.callFrame.url, leaf.callFrame.functionName)
    memo.set(id, result)
    return result
  }
  const time = new Map<string, number>()
  let busy = 0
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)
    const dt = profile.timeDeltas[i] ?? 0
    if (!node || node.callFrame.functionName === '(idle)' || !inWindow(i)) return
    busy += dt
    const c = attribute(id)
    time.set(c, (time.get(c) ?? 0) + dt)
  })
  const rows = [...time].sort((a, b) => b[1] - a[1])
  const lines = ['| spent by | CPU s | share of busy time |', '|---|---|---|']
  for (const [name, us] of rows.slice(0, top)) lines.push(`| ${name} | ${(us / 1e6).toFixed(2)} | ${((100 * us) / busy).toFixed(1)}% |`)
  const rest = rows.slice(top).reduce((n, [, us]) => n + us, 0)
  if (rest > 0) lines.push(`| everything else | ${(rest / 1e6).toFixed(2)} | ${((100 * rest) / busy).toFixed(1)}% |`)
  lines.push(`| **busy in all** | ${(busy / 1e6).toFixed(2)} | 100% |`)
  return lines.join('\n')
}

// As a command: npx tsx scripts/bench/cpu-profile.ts FILE.cpuprofile
if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2]
  if (!file) throw new Error('usage: cpu-profile.ts FILE.cpuprofile')
  console.log(summariseProfile(file, 30))
}
