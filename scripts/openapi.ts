/** npm run openapi: writes openapi/openapi.json from the route schemas (a test fails when it is stale). */
import { mkdirSync, writeFileSync } from 'node:fs'
import { generateOpenApiDocument } from '../src/openapi-document.ts'

mkdirSync('openapi', { recursive: true })
writeFileSync('openapi/openapi.json', await generateOpenApiDocument())
console.log('wrote openapi/openapi.json')
