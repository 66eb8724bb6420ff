/**
 * Identifiers for synthetic children: NHS numbers from the NHS test range (999 000 0000 - 999 999 9999,
 * never issued to a person, so demo data can never point at a real patient) and UPNs built the way
 * schools build them, each valid by the checks in ../identifiers.ts and unique within an authority.
 */
import { nhsCheckDigit } from '../../../src/domain/identifiers.ts'
import type { Random } from './random.ts'

/** A stride coprime with 10^n (odd, not a multiple of 5) walks every n-digit number once. */
const STRIDE = 618_033

/**
 * A source of distinct NHS numbers: '999' and six digits walked from a random offset with a fixed
 * stride (so no two calls repeat), skipping the bodies that have no check digit.
 */
export function nhsNumberSource(random: Random): () => string {
  const offset = random.int(0, 999_999)
  let i = 0
  return () => {
    for (;;) {
      if (i >= 1_000_000) throw new RangeError('the NHS test range is exhausted for this authority')
      const body = `999${String((offset + i * STRIDE) % 1_000_000).padStart(6, '0')}`
      i++
      const check = nhsCheckDigit(body)
      if (check === null || body === '999999999') continue
      return `${body}${check}`
    }
  }
}

const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ' // 23 letters: no I, O or S

/** The UPN check letter for the twelve digits after it (DfE UPN guidance: weights 2-13, mod 23). */
export function upnCheckLetter(twelveDigits: string): string {
  if (!/^\d{12}$/.test(twelveDigits)) throw new RangeError('upnCheckLetter needs exactly twelve digits')
  let sum = 0
  for (let i = 0; i < 12; i++) sum += Number(twelveDigits[i]) * (i + 2)
  return UPN_LETTERS[sum % 23] as string
}

/**
 * A source of distinct UPNs for an authority: check letter, the LA's three-digit code, a four-digit
 * school number, the two-digit year of issue and a three-digit serial. The school number and serial
 * (seven digits between them) are walked with a stride, so they never repeat within the authority.
 */
export function upnSource(la: string, random: Random): (issuedInYear: number) => string {
  if (!/^\d{3}$/.test(la)) throw new RangeError(`a UPN needs a three-digit LA code, got ${JSON.stringify(la)}`)
  const offset = random.int(0, 9_999_999)
  let i = 0
  return (issuedInYear) => {
    if (i >= 10_000_000) throw new RangeError('UPN serials exhausted for this authority')
    const seven = String((offset + i * STRIDE) % 10_000_000).padStart(7, '0')
    i++
    const year = String(((issuedInYear % 100) + 100) % 100).padStart(2, '0')
    const digits = `${la}${seven.slice(0, 4)}${year}${seven.slice(4)}`
    return `${upnCheckLetter(digits)}${digits}`
  }
}
