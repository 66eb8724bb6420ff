/** What the benchmark scripts share: a timer, a median, and a multipart upload as a council's sends it. */

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now()
  const value = await work()
  return { ms: performance.now() - started, value }
}

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

/** A multipart body of files under the field `files`, with its content type and the key's authorization. */
export async function multipartFiles(files: Record<string, string>, authorization: string): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData()
  for (const [name, content] of Object.entries(files)) {
    form.append('files', new Blob([content], { type: name.endsWith('.xml') ? 'application/xml' : 'text/csv' }), name)
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form })
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type') as string, authorization } }
}
