import { createGunzip } from 'node:zlib'
import type { preParsingHookHandler } from 'fastify'
import { HttpProblem } from './problem.ts'

/**
 * Accepts `Content-Encoding: gzip` request bodies (nightly snapshots compress ten to one). The body
 * limit then applies to the unzipped size, so a small bomb cannot become a huge body.
 */
export const gunzipRequest: preParsingHookHandler = async (request, _reply, payload) => {
  const encoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase()
  if (encoding === 'identity') return payload
  if (encoding !== 'gzip') throw new HttpProblem(415, 'unsupported-encoding', `Content-Encoding ${encoding} is not supported; send gzip or none.`)
  delete request.headers['content-length']
  const gunzip = createGunzip()
  gunzip.on('error', () => gunzip.destroy(new HttpProblem(400, 'bad-gzip', 'The gzip body could not be read.')))
  return payload.pipe(gunzip)
}
