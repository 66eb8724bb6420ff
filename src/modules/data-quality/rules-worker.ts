/**
 * The DfE rules' thread: reads a return's files or takes its tables (rules-thread.ts sends them) and
 * runs the year's rules, so that validating a return (the fake set's 250 ms, or a large authority's
 * 800 ms after an import) never holds the service's event loop. Pure work: no database, nothing kept between jobs.
 */
import { setPriority } from 'node:os'
import { parentPort } from 'node:worker_threads'
import { validateUpload } from '../../domain/dfe-rules/index.ts'
import { keyedValidation } from '../../domain/dfe-rules/stored.ts'
import type { RulesJob, RulesReply } from './rules-thread.ts'

const port = parentPort
if (port === null) throw new Error('rules-worker.ts runs as a worker thread')
// Behind the event loop when the cores are busy, as the import thread is (on Linux, this thread only):
// a validation can wait a moment, the requests the service is answering meanwhile should not.
try {
  setPriority(0, 10)
} catch {
  // the platform refused: the rules run at the service's priority
}

port.on('message', (job: RulesJob) => {
  try {
    port.postMessage(answer(job))
  } catch (err) {
    port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) } satisfies RulesReply)
  }
})
port.postMessage('ready')

function answer(job: RulesJob): RulesReply {
  if (job.kind === 'upload') return { id: job.id, kind: 'upload', result: validateUpload(job.files, job.previous, job.year, job.limit) }
  const result = keyedValidation(job.tables, job.year, job.previous)
  // The rules themselves (functions) stay here: their counts go back in the year's rule order.
  return { id: job.id, kind: 'stored', counts: result.rules.map((r) => ({ rows: r.rows, children: r.children })), keyed: result.keyed }
}
