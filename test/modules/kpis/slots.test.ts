import t from 'tap'
import { slots } from '../../../src/modules/kpis/slots.ts'

t.test('at most so many run at once, in arrival order; a failure frees its slot', async (t) => {
  const run = slots(2)
  let active = 0
  let most = 0
  const order: number[] = []
  const job = (n: number, fail = false) =>
    run(async () => {
      most = Math.max(most, ++active)
      order.push(n)
      await new Promise((r) => setTimeout(r, 10))
      active--
      if (fail) throw new Error(`job ${n}`)
      return n
    })
  const results = await Promise.allSettled([job(1), job(2, true), job(3), job(4), job(5)])
  t.equal(most, 2)
  t.same(order, [1, 2, 3, 4, 5])
  t.same(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled'],
  )
  t.equal(await job(6), 6, 'every slot came back')
})
