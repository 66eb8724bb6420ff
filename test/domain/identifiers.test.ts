import t from 'tap'
import fc from 'fast-check'
import {
  checkNhsNumber,
  checkPostcode,
  checkUpn,
  checkUrn,
  nhsCheckDigit,
  normaliseNhsNumber,
  normalisePostcode,
  UPN_UNKNOWN_CODES,
} from '../../src/domain/identifiers.ts'

t.test('NHS numbers', async (t) => {
  // 9434765919: 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2 = 299; 299 mod 11 = 2; 11 - 2 = 9.
  t.equal(nhsCheckDigit('943476591'), 9)
  t.equal(checkNhsNumber('9434765919'), null)
  // 4010232137: 40 + 0 + 8 + 0 + 12 + 15 + 8 + 3 + 6 = 92; 92 mod 11 = 4; 11 - 4 = 7.
  t.equal(nhsCheckDigit('401023213'), 7)
  t.equal(checkNhsNumber('4010232137'), null)
  // 11 becomes 0: 200000001 -> 2*10 + 1*2 = 22; 22 mod 11 = 0; 11 - 0 = 11 -> 0.
  t.equal(nhsCheckDigit('200000001'), 0)
  t.equal(checkNhsNumber('2000000010'), null)
  // 10 means no check digit exists: 100000001 -> 1*10 + 1*2 = 12; 12 mod 11 = 1; 11 - 1 = 10.
  t.equal(nhsCheckDigit('100000001'), null)
  for (let d = 0; d <= 9; d++) t.not(checkNhsNumber(`100000001${d}`), null, `100000001${d}`)
  t.throws(() => nhsCheckDigit('12345678'), RangeError)

  t.equal(checkNhsNumber('943 476 5919'), null, 'spaces are accepted')
  t.equal(checkNhsNumber('943-476-5919'), null, 'hyphens are accepted')
  t.equal(normaliseNhsNumber(' 943 476-5919 '), '9434765919')
  t.equal(checkNhsNumber('9434765918'), 'NHS number check digit is wrong')
  t.equal(checkNhsNumber('943476591'), 'NHS number must be 10 digits')
  t.equal(checkNhsNumber('94347659190'), 'NHS number must be 10 digits')
  t.equal(checkNhsNumber('94347659I9'), 'NHS number must be 10 digits')
  t.equal(checkNhsNumber(''), 'NHS number must be 10 digits')
  // Every repeated-digit number passes mod 11 (the check digit of ddddddddd is d), so they are rejected
  // by a rule of their own.
  for (let d = 0; d <= 9; d++) {
    t.equal(nhsCheckDigit(String(d).repeat(9)), d)
    t.equal(checkNhsNumber(String(d).repeat(10)), 'NHS number cannot be one digit repeated (a placeholder)')
  }
})

const validNhsNumber = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
  .map((digits) => digits.join(''))
  .filter((nine) => nhsCheckDigit(nine) !== null && !/^(\d)\1{8}$/.test(nine))
  .map((nine) => `${nine}${nhsCheckDigit(nine)}`)

t.test('NHS number properties', async () => {
  fc.assert(fc.property(validNhsNumber, (n) => checkNhsNumber(n) === null))
  // Changing any one digit makes the number invalid (11 is prime and every weight is below it).
  fc.assert(
    fc.property(validNhsNumber, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (n, pos, delta) => {
      const digit = (Number(n[pos]) + delta) % 10
      const changed = `${n.slice(0, pos)}${digit}${n.slice(pos + 1)}`
      return checkNhsNumber(changed) !== null
    }),
    { numRuns: 1000 },
  )
  // Swapping two different adjacent digits is caught too.
  fc.assert(
    fc.property(validNhsNumber, fc.integer({ min: 0, max: 8 }), (n, pos) => {
      if (n[pos] === n[pos + 1]) return true
      const swapped = `${n.slice(0, pos)}${n[pos + 1]}${n[pos]}${n.slice(pos + 2)}`
      return checkNhsNumber(swapped) !== null
    }),
    { numRuns: 1000 },
  )
})

t.test('UPN (rule 168)', async (t) => {
  for (const ok of ['A123456789012', 'Z12345678901A', 'H00000000000Z', 'T999999999999', ...UPN_UNKNOWN_CODES]) {
    t.equal(checkUpn(ok), null, ok)
  }
  t.same(UPN_UNKNOWN_CODES, ['UN1', 'UN2', 'UN3', 'UN4', 'UN5'])
  for (const bad of [
    'I123456789012',
    'O123456789012',
    'S123456789012',
    'a123456789012',
    'A12345678901',
    'A1234567890123',
    'A12345678901a',
    'A1234567890AB',
    'UN6',
    'UN0',
    'un1',
    ' A123456789012',
    '',
  ]) {
    t.equal(checkUpn(bad), 'UPN must be a letter (not I, O or S) and 12 digits, or 11 digits and a letter, or UN1-UN5', bad)
  }
})

t.test('postcodes', async (t) => {
  for (const ok of [
    'SW1A 1AA',
    'SW1A1AA',
    'sw1a 1aa',
    'M1 1AE',
    'B33 8TH',
    'CR2 6XH',
    'DN55 1PT',
    'W1A 0AX',
    'EC1A 1BB',
    'S60 1AE',
    'S65 1DA',
    'N1C 4AG',
    'GIR 0AA',
    'gir0aa',
    'LS1 4AP',
  ]) {
    t.equal(checkPostcode(ok), null, ok)
  }
  for (const bad of [
    'SW1A  1AA',
    ' SW1A 1AA',
    'SW1A 1AA ',
    'SW1A',
    '1AA',
    'QA1 1AA',
    'VA1 1AA',
    'XA1 1AA',
    'AI1 1AA',
    'AZ1 1AA',
    'A1I 1AA',
    'AA1C 1AA',
    'SW1A 1CA',
    'SW1A 1AI',
    'SW1A 11A',
    'SW1A-1AA',
    'SW123 1AA',
    '',
  ]) {
    t.equal(checkPostcode(bad), 'not a UK postcode (e.g. SW1A 1AA)', bad)
  }
  t.equal(normalisePostcode(' sw1a1aa '), 'SW1A 1AA')
  t.equal(normalisePostcode('s60  1ae'), 'S60 1AE')
  t.equal(normalisePostcode('M1 1AE'), 'M1 1AE')
  t.equal(normalisePostcode('1aa'), '1AA', 'too short to split, returned as it is')
  t.equal(normalisePostcode(''), '')
  fc.assert(
    fc.property(fc.constantFrom('SW1A 1AA', 'M1 1AE', 'B33 8TH', 'DN55 1PT', 'N1C 4AG'), fc.boolean(), (p, lower) => {
      const messy = (lower ? p.toLowerCase() : p).replace(' ', '  ')
      const n = normalisePostcode(messy)
      return n === p && checkPostcode(n) === null
    }),
  )
})

t.test('URN', async (t) => {
  for (const ok of ['SC123456', '1234567', 'XXXXXXX']) t.equal(checkUrn(ok), null, ok)
  for (const bad of ['SC12345', 'SC1234567', 'sc123456', '123456', '12345678', 'XXXXXX', 'xxxxxxx', 'AB123456', '']) {
    t.equal(checkUrn(bad), "URN must be SC and 6 digits, 7 digits, or 'XXXXXXX'", bad)
  }
})
