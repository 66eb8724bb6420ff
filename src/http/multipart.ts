import type { Readable } from 'node:stream'
import { gunzipSync } from 'node:zlib'
import { Busboy, type BusboyInstance } from '@fastify/busboy'
import type { FastifyRequest } from 'fastify'
import { HttpProblem } from './problem.ts'

export interface UploadedFile {
  /** The file name as sent (the 903 table is recognised from it, or from its columns). */
  name: string
  content: Buffer
}

const GZIP_MAGIC = [0x1f, 0x8b]

/**
 * Reads a multipart/form-data body into its files, in memory (903 files are a few megabytes each).
 * Reads the payload Fastify hands over, after preParsing, so a gzip-encoded body works too; a file
 * that is itself gzip (header.csv.gz) is unzipped. Plain form fields are ignored.
 */
export function readMultipartFiles(request: FastifyRequest, payload: Readable, limits: { fileSize: number; files: number }): Promise<UploadedFile[]> {
  return new Promise((resolve, reject) => {
    const files: UploadedFile[] = []
    let failed = false
    const fail = (problem: HttpProblem) => {
      if (failed) return
      failed = true
      payload.unpipe()
      reject(problem)
    }
    let parser: BusboyInstance
    try {
      parser = new Busboy({ headers: request.headers as { 'content-type': string }, limits: { fileSize: limits.fileSize, files: limits.files } })
    } catch {
      reject(new HttpProblem(400, 'bad-multipart', 'The multipart body has no boundary.'))
      return
    }
    parser.on('file', (_field, stream, filename) => {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('limit', () => fail(new HttpProblem(413, 'file-too-large', `File ${filename} is larger than ${limits.fileSize} bytes.`)))
      stream.on('end', () => {
        let content = Buffer.concat(chunks)
        let name = filename || `file${files.length + 1}`
        if (content[0] === GZIP_MAGIC[0] && content[1] === GZIP_MAGIC[1]) {
          try {
            content = gunzipSync(content, { maxOutputLength: limits.fileSize })
          } catch {
            fail(new HttpProblem(400, 'bad-gzip', `File ${name} could not be unzipped.`))
            return
          }
          name = name.replace(/\.gz$/i, '')
        }
        files.push({ name, content })
      })
    })
    parser.on('filesLimit', () => fail(new HttpProblem(413, 'too-many-files', `At most ${limits.files} files per upload.`)))
    parser.on('error', () => fail(new HttpProblem(400, 'bad-multipart', 'The multipart body could not be read.')))
    parser.on('finish', () => {
      if (!failed) resolve(files)
    })
    payload.on('error', () => fail(new HttpProblem(400, 'bad-body', 'The request body could not be read.')))
    payload.pipe(parser)
  })
}
