/**
 * The real service as a process of its own (src/server.ts, as `npm start` runs it) for the benchmarks
 * that measure it over HTTP: on a free port, in a benchmark schema named through DATABASE_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { openSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'

/** A connection string that works in `schema` (then public) on the server `base` names. */
export function schemaUrl(base: string, schema: string): string {
  const url = new URL(base)
  url.searchParams.set('options', `-c search_path=${schema},public`)
  return url.toString()
}

export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (typeof address !== 'object' || !address) throw new Error('no free port')
  return address.port
}

/** CPU seconds used and resident memory of a process, from /proc (Linux); zeros elsewhere. */
export function processStats(pid: number): { cpuSeconds: number; rssBytes: number } {
  try {
    // Fields after the command name (which may hold spaces) start at "state": utime is the 12th, stime the 13th, rss the 22nd.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    return { cpuSeconds: ticks / 100, rssBytes: Number(fields[21]) * 4096 }
  } catch {
    return { cpuSeconds: 0, rssBytes: 0 }
  }
}

export interface ServiceProcess {
  base: string
  child: ChildProcess
  /** What it wrote to stderr (start-up failures, crashes); stdout (the request log) is discarded. */
  stderr(): string
  stop(): Promise<void>
}

/**
 * Starts `node --import tsx src/server.ts` (or another entry point) with the environment given, and
 * waits until /health/ready answers 200. Its request log goes to /dev/null: written, as in production,
 * but not kept; BENCH_SERVICE_LOG=<file> keeps it there (to see what the service said during a run).
 */
export async function startService(env: Record<string, string>, entry = 'src/server.ts', nodeArgs: string[] = []): Promise<ServiceProcess> {
  const port = await freePort()
  const { NODE_V8_COVERAGE: _coverage, ...inherited } = process.env
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    env: { ...inherited, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', process.env.BENCH_SERVICE_LOG ? openSync(process.env.BENCH_SERVICE_LOG, 'w') : 'ignore', 'pipe'],
  })
  let err = ''
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-20_000)))
  const base = `http://127.0.0.1:${port}`
  const until = Date.now() + 120_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited (${child.exitCode}):\n${err}`)
    if (Date.now() > until) throw new Error(`${entry} did not become ready:\n${err}`)
    const ready = await fetch(`${base}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    )
    if (ready) break
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    base,
    child,
    stderr: () => err,
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    },
  }
}
