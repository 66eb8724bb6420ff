import type { Worker } from 'node:worker_threads'
import type { DatabaseOptions } from '../../db/connect.ts'
import { HttpProblem } from '../../http/problem.ts'
import { startScriptWorker } from '../../worker-script.ts'
import type { ImportJob, ImportInput, PipelineResult } from './pipeline.ts'
import type { WorkerReply, WorkerRequest } from './worker.ts'

/**
 * Runs imports in a worker thread (worker.ts), one at a time, in the order they came. The service's
 * event loop only receives the bytes and sends the answer; the reading, checking and applying (seconds
 * of work for a large authority) happen on the worker's. The worker's heap is bounded: a snapshot that
 * needs more ends that import with 413 and a fresh worker takes the next one. An idle worker is
 * stopped, so the memory a large import took is given back.
 */
export interface ImportWorkerOptions {
  /** How the worker opens the database (the same server and schema as the service). */
  database: DatabaseOptions
  /** The worker's heap limit. */
  memoryMb: number
  /** Stop the worker after this long without an import. */
  idleMs: number
  /** Imports waiting beyond this are refused with 503. */
  queueLimit: number
}

export interface ImportWorkerPool {
  run(job: ImportJob): Promise<PipelineResult>
  /** Waits for the import in hand, refuses the rest, and stops the worker. */
  close(): Promise<void>
}

interface Pending {
  job: ImportJob
  resolve: (r: PipelineResult) => void
  reject: (e: unknown) => void
}

/** Transfers large buffers to the worker instead of copying them; a small one may share a pool slab, so it is copied. */
function transferable(input: ImportInput): ArrayBuffer[] {
  const buffers = input.kind === 'ssda903-csv' ? input.files.map((f) => f.content) : [input.body]
  const out: ArrayBuffer[] = []
  for (const b of buffers) {
    if (b instanceof Uint8Array && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer) out.push(b.buffer)
  }
  return out
}

/** The import thread, its heap capped. */
function startWorker(options: ImportWorkerOptions): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: options.memoryMb, maxYoungGenerationSizeMb: 64 }
  return startScriptWorker('worker', import.meta.url, { workerData: { database: options.database }, resourceLimits })
}

export function importWorkerPool(options: ImportWorkerOptions): ImportWorkerPool {
  const queue: Pending[] = []
  // The import in hand; settled resolves when it has its answer, whatever it is.
  let current: (Pending & { id: number; settled: Promise<void> }) | null = null
  let worker: Worker | null = null
  let ready: Promise<void> | null = null
  let idle: NodeJS.Timeout | null = null
  let nextId = 1
  let closing = false

  function spawn(): Promise<void> {
    const w = startWorker(options)
    worker = w
    ready = new Promise<void>((resolve, reject) => {
      w.once('message', (m) => (m === 'ready' ? resolve() : reject(new Error('the import worker did not start'))))
      w.once('error', reject)
    })
    w.on('message', (reply: WorkerReply | 'ready') => {
      if (reply === 'ready' || current === null || reply.id !== current.id) return
      const done = current
      current = null
      if ('result' in reply) done.resolve(reply.result)
      else done.reject(Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {}))
      next()
    })
    w.on('error', (err: Error & { code?: string }) => failCurrent(w, err))
    w.on('exit', () => failCurrent(w, new Error('the import worker stopped')))
    return ready
  }

  /** The worker died (out of memory, or a crash): the import in hand fails; the next gets a new worker. */
  function failCurrent(w: Worker, err: Error & { code?: string }) {
    if (worker !== w) return
    worker = null
    ready = null
    const lost = current
    current = null
    if (lost) {
      lost.reject(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new HttpProblem(
              413,
              'import-too-large',
              `The snapshot needs more memory than an import may use (${options.memoryMb} MB): nothing was applied. Send it in parts (mode=delta), or raise IMPORT_WORKER_MEMORY_MB.`,
            )
          : err,
      )
    }
    next()
  }

  function next() {
    if (current !== null || closing) return
    const job = queue.shift()
    if (!job) {
      if (worker && idle === null) idle = setTimeout(() => void stopWorker(), options.idleMs).unref()
      return
    }
    if (idle) clearTimeout(idle)
    idle = null
    const id = nextId++
    let settle = () => {}
    const settled = new Promise<void>((resolve) => (settle = resolve))
    current = {
      id,
      job: job.job,
      settled,
      resolve: (r) => {
        settle()
        job.resolve(r)
      },
      reject: (e) => {
        settle()
        job.reject(e)
      },
    }
    const started = worker && ready ? ready : spawn()
    started.then(
      () => {
        if (current?.id !== id || worker === null) return
        const request: WorkerRequest = { id, job: job.job }
        try {
          worker.postMessage(request, transferable(job.job.input))
        } catch (err) {
          // A job that cannot be sent fails alone; the worker and the queue go on.
          const failed = current
          current = null
          failed.reject(err)
          next()
        }
      },
      (err: unknown) => {
        if (current?.id !== id) return
        const failed = current
        current = null
        worker = null
        ready = null
        failed.reject(err)
        next()
      },
    )
  }

  async function stopWorker() {
    idle = null
    const w = worker
    worker = null
    ready = null
    if (w) await w.terminate()
  }

  return {
    run(job) {
      if (closing) return Promise.reject(new HttpProblem(503, 'shutting-down', 'The service is shutting down; send the import again shortly.'))
      // One import per authority at a time, as the database's lock has it: a second is refused at once.
      const la = job.request.la
      if (current?.job.request.la === la || queue.some((q) => q.job.request.la === la)) {
        return Promise.reject(new HttpProblem(409, 'import-busy', `Another import for authority ${la} is running; try again when it has finished.`))
      }
      if (queue.length >= options.queueLimit) {
        return Promise.reject(new HttpProblem(503, 'imports-queued', `${queue.length} imports are waiting already; send this one again shortly.`))
      }
      return new Promise<PipelineResult>((resolve, reject) => {
        queue.push({ job, resolve, reject })
        next()
      })
    },
    async close() {
      closing = true
      for (const waiting of queue.splice(0))
        waiting.reject(new HttpProblem(503, 'shutting-down', 'The service is shutting down; send the import again shortly.'))
      if (current) await current.settled
      if (idle) clearTimeout(idle)
      await stopWorker()
    },
  }
}
