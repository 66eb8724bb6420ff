/**
 * The import worker: a thread of its own that reads, checks and applies snapshots (pipeline.ts) on
 * its own connections, so a nightly import never holds the service's event loop, and a snapshot that
 * needs more memory than allowed stops this thread, not the service. Started and fed by
 * worker-pool.ts.
 */
import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import { openDatabase, type DatabaseOptions } from '../../db/connect.ts'
import { importFromBody, type ImportJob } from './pipeline.ts'

/** The import thread's niceness (0 the service's, 19 the lowest priority). */
const IMPORT_THREAD_NICE = 10

export interface WorkerRequest {
  id: number
  job: ImportJob
}

export type WorkerReply = { id: number; result: Awaited<ReturnType<typeof importFromBody>> } | { id: number; error: { message: string; code?: string } }

const port = parentPort
if (port === null) throw new Error('worker.ts runs as a worker thread')
const { database } = workerData as { database: DatabaseOptions }
// The nightly import is not in a hurry; dashboards reading meanwhile are. On Linux this lowers this
// thread's priority only (a thread is a task of its own), so the service's event loop goes first
// when the cores are busy.
try {
  setPriority(0, IMPORT_THREAD_NICE)
} catch {
  // the platform refused: the import runs at the service's priority
}
const handle = await openDatabase(database)

port.on('message', (request: WorkerRequest) => {
  importFromBody(handle.db, request.job).then(
    (result) => port.postMessage({ id: request.id, result } satisfies WorkerReply),
    (err: unknown) => {
      // Only the message and code cross: a driver error's other fields can quote a row.
      const code = err instanceof Error ? (err as { code?: unknown }).code : undefined
      port.postMessage({
        id: request.id,
        error: { message: err instanceof Error ? err.message : String(err), ...(typeof code === 'string' ? { code } : {}) },
      } satisfies WorkerReply)
    },
  )
})
port.postMessage('ready')
