import t from 'tap'
import { authoritiesBeyond, holdsAuthority, withinAuthorities } from '../../../src/domain/auth/authorities.ts'

t.test("'*' holds every authority; a list holds its own", async (t) => {
  t.equal(holdsAuthority(new Set(['*']), '372'), true)
  t.equal(holdsAuthority(new Set(['372']), '372'), true)
  t.equal(holdsAuthority(new Set(['372']), '373'), false)
  t.same(authoritiesBeyond(['372', '373', '*'], new Set(['372'])), ['373', '*'])
  t.same(authoritiesBeyond(['372', '*'], new Set(['*'])), [])
})

t.test('only * covers *', async (t) => {
  t.equal(withinAuthorities(['372'], new Set(['372', '373'])), true)
  t.equal(withinAuthorities(['*'], new Set(['372'])), false)
  t.equal(withinAuthorities(['*'], new Set(['*'])), true)
  t.equal(withinAuthorities(['372'], undefined), false)
})
