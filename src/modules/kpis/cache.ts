/**
 * KPI results cached in memory per (authority, data version, key). Every write to an authority's data
 * bumps its data version in the same transaction, and an entry is only ever served under the version
 * its figures were read with, so a cached number can never be older than the data: after a write,
 * readers ask for the new version and miss. A newer version seen for an authority drops the old
 * entries; each authority keeps at most `maxPerAuthority` entries (oldest out first).
 */
export interface KpiCache {
  get<T>(la: string, version: string, key: string): T | undefined
  set(la: string, version: string, key: string, value: unknown): void
  /** Entries held, for tests and metrics. */
  size(): number
}

const newer = (a: string, b: string) => BigInt(a) > BigInt(b)

export function createKpiCache(maxPerAuthority = 2000): KpiCache {
  const buckets = new Map<string, { version: string; entries: Map<string, unknown> }>()
  return {
    get<T>(la: string, version: string, key: string): T | undefined {
      const b = buckets.get(la)
      return b && b.version === version ? (b.entries.get(key) as T | undefined) : undefined
    },
    set(la, version, key, value) {
      let b = buckets.get(la)
      if (b && newer(b.version, version)) return // read before a write another reader has already seen
      if (!b || b.version !== version) {
        b = { version, entries: new Map() }
        buckets.set(la, b)
      }
      b.entries.delete(key)
      b.entries.set(key, value)
      if (b.entries.size > maxPerAuthority) {
        const oldest = b.entries.keys().next().value
        if (oldest !== undefined) b.entries.delete(oldest)
      }
    },
    size() {
      let n = 0
      for (const b of buckets.values()) n += b.entries.size
      return n
    },
  }
}
