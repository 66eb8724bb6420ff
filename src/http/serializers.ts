/**
 * Response serializers built once per distinct schema. Fastify builds one per route, status and media
 * type (fast-json-stringify: generated code, a millisecond or more each), and most are the same: the
 * problem document on each route's ten or so error statuses. Within one encapsulation context (one
 * set of shared schemas, which is what a build depends on beside the schema) a schema written alike is
 * serialized alike, so the first build serves the rest. This took most of the app's start.
 */
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'

type SerializerFactory = ReturnType<typeof SerializerSelector>
type Serializer = ReturnType<ReturnType<SerializerFactory>>

export function sharedSerializers(): SerializerFactory {
  const build = SerializerSelector()
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options)
    const made = new Map<string, Serializer>()
    return (route) => {
      const key = JSON.stringify(route.schema)
      let serializer = made.get(key)
      if (serializer === undefined) {
        serializer = compile(route)
        made.set(key, serializer)
      }
      return serializer
    }
  }
}
