/**
 * Each authority's state (its data versions and population) kept in memory between requests, so a
 * cache hit asks the database nothing (issue #14). Kept only while the feed of changes is live, and
 * dropped for an authority when a change to it is heard or announced in this process, for every one
 * when the feed may have missed a change.
 *
 * The race this guards against: a reader reads the versions, a write commits and its change is
 * heard, and then the reader stores what it read, now older than the data. Each drop moves the
 * authority's generation on (or the epoch, for all), and a reader stores only when both are as they
 * were before it asked the database: a change heard before the answer arrives forbids the store, a
 * change heard after it drops what was stored. A write that commits after the reader's statement
 * began is heard after the reader took its generation, since it is heard only once committed.
 */
import { ALL_AUTHORITIES, onLocalDataChange } from '../../db/data-version.ts'
import type { DataVersionFeed } from '../../db/data-version-feed.ts'

export interface AuthorityStates<S> {
  /** The state kept for the authority, if any (never while the feed is not live). */
  get(la: string): S | undefined
  /**
   * Reads the state with `read` and keeps it, unless a change was heard meanwhile. Readers that ask
   * together, with no change heard in between, share one read.
   */
  load(la: string, read: () => Promise<S>): Promise<S>
  /** Forgets the authority's state (ALL_AUTHORITIES: every one), as a heard change does. */
  drop(la: string): void
  /** States kept (tests). */
  size(): number
  /** Stops listening. */
  close(): void
}

export function authorityStates<S>(feed: DataVersionFeed | null): AuthorityStates<S> {
  const kept = new Map<string, S>()
  const generations = new Map<string, number>()
  let epoch = 0
  const reading = new Map<string, { epoch: number; generation: number; promise: Promise<S> }>()
  const generation = (la: string) => generations.get(la) ?? 0

  const drop = (la: string) => {
    if (la === ALL_AUTHORITIES) {
      epoch++
      kept.clear()
      return
    }
    generations.set(la, generation(la) + 1)
    kept.delete(la)
  }
  const unsubscribe = [feed?.subscribe(drop), onLocalDataChange(drop)]

  return {
    get: (la) => (feed?.live ? kept.get(la) : undefined),

    async load(la, read) {
      if (!feed?.live) return read()
      const seen = { epoch, generation: generation(la) }
      const running = reading.get(la)
      if (running && running.epoch === seen.epoch && running.generation === seen.generation) return running.promise
      const promise = read()
      reading.set(la, { ...seen, promise })
      try {
        const state = await promise
        // Live still, and no change heard since before the read was sent (a loss and a return are changes).
        if (feed.live && epoch === seen.epoch && generation(la) === seen.generation) kept.set(la, state)
        return state
      } finally {
        if (reading.get(la)?.promise === promise) reading.delete(la)
      }
    },

    drop,
    size: () => kept.size,
    close() {
      for (const u of unsubscribe) u?.()
      kept.clear()
    },
  }
}
