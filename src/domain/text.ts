/**
 * Bytes a council's tools wrote -> text. UTF-8 (a byte-order mark dropped), or UTF-16 when a BOM says so
 * (Excel's "Unicode text"). Bytes that are not UTF-8 become U+FFFD, and then a code or date that is not
 * valid, reported as such, rather than a file refused whole.
 */
export function decodeText(content: string | Uint8Array): string {
  if (typeof content === 'string') return content
  if (content[0] === 0xff && content[1] === 0xfe) return new TextDecoder('utf-16le').decode(content)
  if (content[0] === 0xfe && content[1] === 0xff) return new TextDecoder('utf-16be').decode(content)
  return new TextDecoder('utf-8').decode(content)
}
