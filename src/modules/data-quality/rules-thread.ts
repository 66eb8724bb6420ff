/**
 * The DfE rules run off the event loop: one worker thread (rules-worker.ts), started on first use,
 * taking one job at a time in arrival order. The service's answers keep flowing while a return is
 * read and validated. Two jobs:
 * - stored: the tables of the stored data's return (a few milliseconds to clone for a 5,000-child
 *   authority, against hundreds for the rules), every finding keyed for the findings kept;
 * - upload: the files of POST .../validate as sent; the thread reads them too and sends back only the
 *   counts and the page of findings asked for (the fake set has tens of thousands: cloning them all
 *   back cost more than the rules).
 * Should the thread fail to start, the same functions run in process.
 */
import type { Worker } from 'node:worker_threads'
import { keyedValidation, type KeyedFinding } from '../../domain/dfe-rules/stored.ts'
import { rulesForYear, validateUpload, type ReturnTables, type UploadValidation } from '../../domain/dfe-rules/index.ts'
import type { ReturnValidation } from '../../domain/dfe-rules/validate.ts'
import type { Upload903File } from '../../domain/ssda903/index.ts'
import { startScriptWorker } from '../../worker-script.ts'

export type RulesJob =
  | { id: number; kind: 'stored'; tables: ReturnTables; year: number; previous: ReturnTables | null }
  | { id: number; kind: 'upload'; files: Upload903File[]; previous: Upload903File[]; year: number; limit: number }

export type RulesReply =
  | { id: number; kind: 'stored'; counts: Array<{ rows: number; children: number }>; keyed: KeyedFinding[] }
  | { id: number; kind: 'upload'; result: UploadValidation }
  | { id: number; error: string }

export interface RulesThread {
  /** keyedValidation of the stored data's return, run on the rules' thread. */
  validate(tables: ReturnTables, year: number, previous?: ReturnTables | null): Promise<ReturnValidation & { keyed: KeyedFinding[] }>
  /** validateUpload of the files as sent, run on the rules' thread. */
  validateUpload(files: readonly Upload903File[], previous: readonly Upload903File[], year: number, limit: number): Promise<UploadValidation>
  close(): Promise<void>
}

type Answer = Exclude<RulesReply, { error: string }>
type Job = RulesJob extends infer J ? (J extends RulesJob ? Omit<J, 'id'> : never) : never

/**
 * A file's bytes in an ArrayBuffer of their own, to hand over without a copy: structured cloning a
 * Buffer copies the whole buffer it views (a multipart upload's chunk, or Node's 8 KB pool).
 */
function ownBytes(file: Upload903File): { file: Upload903File; transfer: ArrayBuffer[] } {
  if (typeof file.content === 'string') return { file, transfer: [] }
  // A copy: a Buffer's slice() would be a view of the same memory, detached by the transfer.
  const content = new Uint8Array(file.content)
  return { file: { ...file, content }, transfer: [content.buffer] }
}

export function rulesThread(): RulesThread {
  let worker: Worker | null = null
  let ready: Promise<Worker> | null = null
  let nextId = 1
  const waiting = new Map<number, { resolve: (r: RulesReply) => void; reject: (e: Error) => void }>()

  function failAll(err: Error) {
    for (const w of waiting.values()) w.reject(err)
    waiting.clear()
    worker = null
    ready = null
  }

  function started(): Promise<Worker> {
    if (ready) return ready
    const w = startScriptWorker('rules-worker', import.meta.url)
    worker = w
    ready = new Promise<Worker>((resolve, reject) => {
      w.once('message', (m) => (m === 'ready' ? resolve(w) : reject(new Error('the rules thread did not start'))))
      w.once('error', reject)
    })
    w.on('message', (reply: RulesReply | 'ready') => {
      if (reply === 'ready') return
      waiting.get(reply.id)?.resolve(reply)
      waiting.delete(reply.id)
      if (waiting.size === 0) w.unref()
    })
    w.on('error', (err) => failAll(err))
    w.on('exit', (code) => failAll(new Error(`the rules thread stopped (${code})`)))
    return ready
  }

  /** The job's reply from the thread, or null when the thread cannot start (the caller runs it here). */
  async function run(job: Job, transfer: ArrayBuffer[] = []): Promise<Answer | null> {
    let w: Worker
    try {
      w = await started()
    } catch {
      ready = null
      return null
    }
    const id = nextId++
    // Held while it works (a job in flight keeps the process alive), let go when idle.
    w.ref()
    const reply = await new Promise<RulesReply>((resolve, reject) => {
      waiting.set(id, { resolve, reject })
      w.postMessage({ ...job, id }, transfer)
    })
    if ('error' in reply) throw new Error(reply.error)
    return reply
  }

  return {
    async validate(tables, year, previous = null) {
      const reply = await run({ kind: 'stored', tables, year, previous })
      if (reply === null) return keyedValidation(tables, year, previous)
      if (reply.kind !== 'stored') throw new Error('the rules thread answered another job')
      const rules = rulesForYear(year)
      return {
        year,
        rules: rules.map((rule, i) => ({ rule, rows: reply.counts[i]?.rows ?? 0, children: reply.counts[i]?.children ?? 0 })),
        findings: reply.keyed,
        keyed: reply.keyed,
      }
    },
    async validateUpload(files, previous, year, limit) {
      const current = files.map(ownBytes)
      const last = previous.map(ownBytes)
      const transfer = [...current, ...last].flatMap((f) => f.transfer)
      const job = { kind: 'upload', files: current.map((f) => f.file), previous: last.map((f) => f.file), year, limit } as const
      const reply = await run(job, transfer)
      if (reply === null) return validateUpload(job.files, job.previous, year, limit)
      if (reply.kind !== 'upload') throw new Error('the rules thread answered another job')
      return reply.result
    },
    async close() {
      const w = worker
      failAll(new Error('the rules thread was closed'))
      await w?.terminate()
    },
  }
}
