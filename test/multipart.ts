/** A multipart/form-data body for inject(), as a browser or curl -F would send it: files, then plain fields. */
export function multipart(
  files: Array<{ name: string; content: string | Buffer; field?: string }>,
  fields: Record<string, string> = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----cpds${Math.random().toString(16).slice(2)}`
  const parts: Buffer[] = []
  for (const f of files) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'files'}"; filename="${f.name}"\r\nContent-Type: text/csv\r\n\r\n`),
    )
    parts.push(Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content))
    parts.push(Buffer.from('\r\n'))
  }
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}
