import { PassThrough } from 'node:stream'
import { createGunzip } from 'node:zlib'
import type { preParsingHookHandler } from 'fastify'
import { HttpProblem } from './problem.ts'

/**
 * Accepts `Content-Encoding: gzip` request bodies (nightly snapshots compress ten to one). The body
 * limit then applies to the unzipped size, so a small bomb cannot become a huge body. A stream that
 * ends early is a body cut off in transfer (422): nothing of it may be read as the whole.
 */
export const gunzipRequest: preParsingHookHandler = async (request, _reply, payload) => {
  const encoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase()
  if (encoding === 'identity') return payload
  if (encoding !== 'gzip') throw new HttpProblem(415, 'unsupported-encoding', `Content-Encoding ${encoding} is not supported; send gzip or none.`)
  delete request.headers['content-length']
  const gunzip = createGunzip()
  // The body is read from `out`, so the reader sees this service's problem rather than zlib's error.
  const out = new PassThrough()
  gunzip.on('error', (e: Error & { code?: string }) =>
    out.destroy(
      e.code === 'Z_BUF_ERROR'
        ? new HttpProblem(422, 'body-truncated', 'The gzip body ends early: the upload was cut off, and nothing of it was read. Send it again whole.')
        : new HttpProblem(400, 'bad-gzip', 'The gzip body could not be read.'),
    ),
  )
  payload.on('error', (e) => out.destroy(e))
  return payload.pipe(gunzip).pipe(out)
}
