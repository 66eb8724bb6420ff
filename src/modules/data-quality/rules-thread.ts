/**
 * The DfE rules run off the event loop: one worker thread (rules-worker.ts), started on first use,
 * taking one job at a time in arrival order. The service's answers keep flowing while a return is
 * validated; the tables cross by structured clone (a few milliseconds for a 5,000-child authority,
 * against hundreds for the rules). Should the thread fail to start, the rules run in process.
 */
import type { Worker } from 'node:worker_threads'
import { keyedValidation, type KeyedFinding } from '../../domain/dfe-rules/stored.ts'
import { rulesForYear, type ReturnTables } from '../../domain/dfe-rules/index.ts'
import type { ReturnValidation } from '../../domain/dfe-rules/validate.ts'
import { startScriptWorker } from '../../worker-script.ts'

export interface RulesJob {
  id: number
  tables: ReturnTables
  year: number
  previous: ReturnTables | null
}

export type RulesReply = { id: number; counts: Array<{ rows: number; children: number }>; keyed: KeyedFinding[] } | { id: number; error: string }

export interface RulesThread {
  /** keyedValidation, run on the rules' thread. */
  validate(tables: ReturnTables, year: number, previous?: ReturnTables | null): Promise<ReturnValidation & { keyed: KeyedFinding[] }>
  close(): Promise<void>
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

  return {
    async validate(tables, year, previous = null) {
      let w: Worker
      try {
        w = await started()
      } catch {
        ready = null
        return keyedValidation(tables, year, previous)
      }
      const id = nextId++
      // Held while it works (a job in flight keeps the process alive), let go when idle.
      w.ref()
      const reply = await new Promise<RulesReply>((resolve, reject) => {
        waiting.set(id, { resolve, reject })
        w.postMessage({ id, tables, year, previous } satisfies RulesJob)
      })
      if ('error' in reply) throw new Error(reply.error)
      const rules = rulesForYear(year)
      return {
        year,
        rules: rules.map((rule, i) => ({ rule, rows: reply.counts[i]?.rows ?? 0, children: reply.counts[i]?.children ?? 0 })),
        findings: reply.keyed,
        keyed: reply.keyed,
      }
    },
    async close() {
      const w = worker
      failAll(new Error('the rules thread was closed'))
      await w?.terminate()
    },
  }
}
