import t from 'tap'
import { checkNhsNumber, checkUpn } from '../../../src/domain/identifiers.ts'
import { nhsNumberSource, upnCheckLetter, upnSource } from '../../../scripts/demo/generator/identifiers.ts'
import { createRandom } from '../../../scripts/demo/generator/random.ts'

t.test('NHS numbers: the test range, valid and never repeated', async (t) => {
  const next = nhsNumberSource(createRandom('nhs'))
  const numbers = Array.from({ length: 50_000 }, next)
  t.equal(new Set(numbers).size, numbers.length)
  t.same(
    numbers.filter((n) => !/^999\d{7}$/.test(n) || checkNhsNumber(n) !== null),
    [],
  )
})

t.test('NHS test range runs out rather than repeating', async (t) => {
  const next = nhsNumberSource(createRandom('all'))
  let n = 0
  t.throws(() => {
    for (;;) {
      next()
      n++
    }
  }, RangeError)
  // Every nine-digit body with a check digit, less the placeholder 999999999: about 10/11 of a million.
  t.ok(n > 900_000 && n < 920_000, `${n} numbers`)
})

t.test('UPN check letter by the DfE weights (2-13, mod 23, no I, O or S)', async (t) => {
  // 1*2 + 2*3 + ... + 9*10 + 0*11 + 1*12 + 2*13 = 368 = 16 * 23: remainder 0, 'A'.
  t.equal(upnCheckLetter('123456789012'), 'A')
  // 1 * 13 = 13: the 14th letter of ABCDEFGHJKLMNPQRTUVWXYZ is P.
  t.equal(upnCheckLetter('000000000001'), 'P')
  // 1 * 2 = 2: C.
  t.equal(upnCheckLetter('100000000000'), 'C')
  t.throws(() => upnCheckLetter('12345'), RangeError)
})

t.test('UPNs: valid, the authority code in place, the year of issue, never repeated', async (t) => {
  const next = upnSource('372', createRandom('upn'))
  const upns = Array.from({ length: 20_000 }, (_, i) => next(2010 + (i % 10)))
  t.equal(new Set(upns).size, upns.length)
  t.same(
    upns.filter((u) => checkUpn(u) !== null || u.slice(1, 4) !== '372'),
    [],
  )
  t.equal(upns[3]?.slice(8, 10), '13')
  t.same(
    upns.filter((u) => upnCheckLetter(u.slice(1)) !== u[0]),
    [],
  )
  t.throws(() => upnSource('37', createRandom('x')), RangeError)
})
