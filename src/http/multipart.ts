import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'
import { createGunzip, type Gunzip } from 'node:zlib'
import { Busboy, type BusboyInstance } from '@fastify/busboy'
import type { FastifyRequest } from 'fastify'
import { HttpProblem } from './problem.ts'

export interface UploadedFile {
  /** The file name as sent, without '.gz' when it came zipped (the 903 table is recognised from it, or from its columns). */
  name: string
  /** The form field the file came in (a route may give fields meanings, e.g. the previous year's files). */
  field: string
  content: Buffer
  /** sha256 (hex) of the file as sent and, when it came zipped, of its unzipped content. */
  sha256: string[]
  /** Why the file could not be delivered whole (a gzip stream that ends early): it is not read. */
  unreadable?: string
}

export interface MultipartUpload {
  files: UploadedFile[]
  /** Plain form fields by name (the first of each), e.g. a manifest. */
  fields: Record<string, string>
}

const GZIP_MAGIC = [0x1f, 0x8b]
// Names are echoed in findings and problems: long ones are cut.
const MAX_NAME = 100
const MAX_FIELD = 1024 * 1024
const MAX_FIELDS = 10

/**
 * Reads a multipart/form-data body into its files, in memory (903 files are a few megabytes each),
 * streaming: a file that is itself gzip (header.csv.gz) is unzipped on the way (zlib works off the
 * event loop). `total` bounds the files together after unzipping, so a small request of gzip bombs
 * cannot become gigabytes. A gzip stream that is cut short does not fail the request: the file is
 * marked unreadable, so the import can say which file was damaged. Reads the payload Fastify hands
 * over, after preParsing, so a gzip-encoded body works too.
 */
export function readMultipartFiles(request: FastifyRequest, payload: Readable, limits: { total: number; files: number }): Promise<MultipartUpload> {
  return new Promise((resolve, reject) => {
    const files: UploadedFile[] = []
    const fields: Record<string, string> = {}
    const pending = new Set<Promise<void>>()
    let total = 0
    let failed = false
    let finished = false
    const fail = (problem: HttpProblem) => {
      if (failed) return
      failed = true
      payload.unpipe()
      payload.resume()
      reject(problem)
    }
    const settle = () => {
      if (finished && pending.size === 0 && !failed) resolve({ files, fields })
    }
    const tooLarge = () =>
      fail(new HttpProblem(413, 'upload-too-large', `The files together are larger than ${limits.total} bytes (unzipped); send fewer or smaller files.`))
    let parser: BusboyInstance
    try {
      parser = new Busboy({
        headers: request.headers as { 'content-type': string },
        limits: { fileSize: limits.total, files: limits.files, fields: MAX_FIELDS, fieldSize: MAX_FIELD },
      })
    } catch {
      reject(new HttpProblem(400, 'bad-multipart', 'The multipart body has no boundary.'))
      return
    }
    parser.on('file', (field, stream, filename) => {
      const sent = (filename || `file${files.length + 1}`).slice(0, MAX_NAME)
      const raw = createHash('sha256')
      const unzipped = createHash('sha256')
      const chunks: Buffer[] = []
      let gunzip: Gunzip | null = null
      let first = true
      let broken: string | undefined
      const keep = (chunk: Buffer) => {
        total += chunk.length
        if (total > limits.total) {
          gunzip?.destroy()
          return tooLarge()
        }
        chunks.push(chunk)
        if (gunzip) unzipped.update(chunk)
      }
      const done = new Promise<void>((resolveFile) => {
        let ended = false
        const end = () => {
          if (ended) return
          ended = true
          if (gunzip === null) {
            files.push({ name: sent, field, content: Buffer.concat(chunks), sha256: [raw.digest('hex')] })
          } else {
            const name = sent.replace(/\.gz$/i, '')
            const file: UploadedFile = {
              name,
              field,
              content: broken ? Buffer.alloc(0) : Buffer.concat(chunks),
              sha256: [raw.digest('hex'), unzipped.digest('hex')],
            }
            if (broken) file.unreadable = broken
            files.push(file)
          }
          resolveFile()
        }
        stream.on('data', (chunk: Buffer) => {
          if (failed) return
          raw.update(chunk)
          if (first) {
            first = false
            if (chunk[0] === GZIP_MAGIC[0] && chunk[1] === GZIP_MAGIC[1]) {
              gunzip = createGunzip()
              gunzip.on('data', keep)
              gunzip.on('error', (e: Error & { code?: string }) => {
                broken = e.code === 'Z_BUF_ERROR' ? 'its gzip stream ends early (the file was cut off)' : 'it is not a valid gzip file'
                end()
              })
              gunzip.on('end', end)
            }
          }
          if (gunzip) {
            if (broken === undefined) gunzip.write(chunk)
          } else keep(chunk)
        })
        stream.on('limit', tooLarge)
        stream.on('end', () => {
          if (gunzip && broken === undefined) gunzip.end()
          else end()
        })
      })
      pending.add(done)
      void done.then(() => {
        pending.delete(done)
        settle()
      })
    })
    parser.on('field', (name: string, value: string) => {
      if (!(name in fields)) fields[name] = value
    })
    parser.on('filesLimit', () => fail(new HttpProblem(413, 'too-many-files', `At most ${limits.files} file${limits.files === 1 ? '' : 's'} per upload.`)))
    parser.on('fieldsLimit', () => fail(new HttpProblem(413, 'too-many-fields', `At most ${MAX_FIELDS} form fields per upload.`)))
    parser.on('error', () => fail(new HttpProblem(400, 'bad-multipart', 'The multipart body could not be read.')))
    parser.on('finish', () => {
      finished = true
      settle()
    })
    payload.on('error', (e) => fail(e instanceof HttpProblem ? e : new HttpProblem(400, 'bad-body', 'The request body could not be read.')))
    payload.pipe(parser)
  })
}
