import t from 'tap'
import { createKpiCache } from '../../../src/modules/kpis/cache.ts'

t.test('entries are served only under the version they were stored with', async (t) => {
  const cache = createKpiCache()
  cache.set('372', '5', 'a', 1)
  t.equal(cache.get('372', '5', 'a'), 1)
  t.equal(cache.get('372', '6', 'a'), undefined, 'a newer version misses')
  t.equal(cache.get('373', '5', 'a'), undefined, 'another authority misses')
  // A result read at version 7 replaces the authority's entries...
  cache.set('372', '7', 'b', 2)
  t.equal(cache.get('372', '5', 'a'), undefined)
  t.equal(cache.get('372', '7', 'b'), 2)
  // ...and one read at an older version (before a write another reader saw) is not kept.
  cache.set('372', '6', 'c', 3)
  t.equal(cache.get('372', '6', 'c'), undefined)
  t.equal(cache.get('372', '7', 'b'), 2)
  t.equal(cache.size(), 1)
})

t.test('each authority keeps at most so many entries, oldest out first', async (t) => {
  const cache = createKpiCache(3)
  for (const k of ['a', 'b', 'c', 'd']) cache.set('372', '1', k, k)
  t.same(
    ['a', 'b', 'c', 'd'].map((k) => cache.get('372', '1', k)),
    [undefined, 'b', 'c', 'd'],
  )
  cache.set('372', '1', 'b', 'b2') // a rewrite moves it to the back
  cache.set('372', '1', 'e', 'e')
  t.same(
    ['b', 'c', 'd', 'e'].map((k) => cache.get('372', '1', k)),
    ['b2', undefined, 'd', 'e'],
  )
  // Versions are compared as numbers, not text.
  cache.set('372', '10', 'x', 1)
  cache.set('372', '9', 'y', 2)
  t.equal(cache.get('372', '10', 'x'), 1)
  t.equal(cache.get('372', '9', 'y'), undefined)
})
