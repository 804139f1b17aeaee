/**
 * The admin API's request and response schemas: validation, types and its OpenAPI document (/docs).
 */
import { Type } from '../typebox.js'
import { OutcomeSchema, ScenarioSchema } from '../engine/scenario-schema.js'

export const AdminErrorSchema = Type.Object({
  error: Type.String({ description: 'Short code: bad_request, unauthorized, forbidden_host, not_found, too_many_activations, invalid_fixtures, state_unavailable (503: the shared state, Redis, cannot be reached).' }),
  message: Type.String({ description: 'What failed and how to fix it.' })
}, { additionalProperties: false })

export const ActivationMatchSchema = Type.Object({
  headers: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Header name → exact value the request must carry (e.g. {"x-test-run": "suite-a"}).' })),
  token: Type.Optional(Type.String({ description: 'The bearer token the request must carry.' })),
  client: Type.Optional(Type.String({ description: 'The OAuth client behind the request\'s token.' }))
}, { additionalProperties: false, description: 'Only requests that meet every condition; parallel test suites stay out of each other\'s way.' })

const activationFields = {
  api: Type.Optional(Type.String({ description: 'Only this API (its id).' })),
  route: Type.Optional(Type.String({ description: 'Only this route: operationId or "METHOD /path".' })),
  times: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Only the next N matching requests, then back to normal (a retry sees fail → succeed).' })),
  match: Type.Optional(ActivationMatchSchema)
}

export const ActivateBodySchema = Type.Object(activationFields, { additionalProperties: false })

export const ActivationBodySchema = Type.Object({
  scenario: Type.Optional(Type.String({ description: 'A scenario name (GET /__admin/scenarios).' })),
  outcome: Type.Optional(OutcomeSchema),
  ...activationFields
}, { additionalProperties: false, description: 'A named scenario or an inline outcome, and which requests it is for.' })

export const ActivationSchema = Type.Object({
  id: Type.String(),
  scenario: Type.String(),
  outcome: Type.Optional(OutcomeSchema),
  api: Type.Optional(Type.String()),
  route: Type.Optional(Type.String()),
  remaining: Type.Optional(Type.Integer({ description: 'Matching requests left; absent when unlimited.' })),
  used: Type.Integer({ description: 'Requests it has answered.' }),
  match: Type.Optional(ActivationMatchSchema),
  activatedAt: Type.String({ format: 'date-time' })
}, { additionalProperties: false })

export const ScenarioListSchema = Type.Object({
  scenarios: Type.Array(Type.Object({
    ...ScenarioSchema.properties,
    source: Type.String({ description: 'built-in or fixtures' }),
    state: Type.Optional(Type.String({ description: 'Current state of a stateful scenario.' }))
  }, { additionalProperties: false })),
  errorCodes: Type.Record(Type.String(), Type.Array(Type.String()), { description: 'Each API\'s error codes; each is also a scenario name for that API.' }),
  active: Type.Array(ActivationSchema)
}, { additionalProperties: false })

export const ScenarioNameParamsSchema = Type.Object({ name: Type.String({ minLength: 1 }) })

export const StateBodySchema = Type.Object({ state: Type.String({ minLength: 1 }) }, { additionalProperties: false })

export const JournalQuerySchema = Type.Object({
  api: Type.Optional(Type.String({ description: 'API id, or "oauth".' })),
  method: Type.Optional(Type.String()),
  path: Type.Optional(Type.String({ description: 'Request path; * matches anything (e.g. /masstack/*).' })),
  since: Type.Optional(Type.String({ format: 'date-time', description: 'Only requests at or after this instant.' })),
  status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
  unmatched: Type.Optional(Type.Boolean({ description: 'true: only requests no route matched (each with its near misses).' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'At most this many, newest first (default 100).' }))
}, { additionalProperties: false })

const NearMissSchema = Type.Object({
  route: Type.String(),
  distance: Type.Number(),
  reasons: Type.Array(Type.String())
}, { additionalProperties: false })

export const ViolationSchema = Type.Object({
  kind: Type.String({ description: 'status, content-type, unknown-field, missing-field, renamed-field, type, format, value, not-json or unknown-operation.' }),
  path: Type.String({ description: 'JSON pointer into the body (/invoices/0/pay_date), or the status or header it is about.' }),
  message: Type.String(),
  expected: Type.Optional(Type.String()),
  actual: Type.Optional(Type.String())
}, { additionalProperties: false, description: 'How a real provider\'s answer differs from the OpenAPI document (billing-mocks proxy).' })

export const JournalEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  method: Type.String(),
  url: Type.String(),
  path: Type.String(),
  api: Type.Union([Type.String(), Type.Null()]),
  route: Type.Union([Type.String(), Type.Null()]),
  headers: Type.Record(Type.String(), Type.String()),
  body: Type.Optional(Type.Unknown()),
  status: Type.Integer(),
  durationMs: Type.Number(),
  scenario: Type.Optional(Type.Object({ name: Type.String(), source: Type.String(), state: Type.Optional(Type.String()) }, { additionalProperties: false })),
  recorded: Type.Optional(Type.Boolean({ description: 'A recorded exchange of the real provider answered.' })),
  nearMisses: Type.Optional(Type.Array(NearMissSchema)),
  violations: Type.Optional(Type.Array(ViolationSchema, { description: 'billing-mocks proxy: how the real answer differs from the OpenAPI document.' })),
  responseBody: Type.Optional(Type.String()),
  replica: Type.Optional(Type.String({ description: 'With a shared state (--state redis://…): the process that answered (host name:pid).' }))
}, { additionalProperties: false })

export const JournalSchema = Type.Object({
  requests: Type.Array(JournalEntrySchema),
  total: Type.Integer({ description: 'Matching requests in the journal (may exceed the page).' }),
  capacity: Type.Integer({ description: 'Requests the journal keeps (--journal-size).' })
}, { additionalProperties: false })

export const FixturesStatusSchema = Type.Object({
  files: Type.Array(Type.String()),
  scenarios: Type.Integer({ description: 'Scenarios the files define.' }),
  loadedAt: Type.String({ format: 'date-time' }),
  changes: Type.Optional(Type.Array(Type.String(), { description: 'After a reload: activations switched off and scenario states reset because the new fixtures no longer support them.' })),
  lastError: Type.Optional(Type.Object({
    at: Type.String({ format: 'date-time' }),
    message: Type.String({ description: 'What was wrong, with the file and line. The fixtures loaded at loadedAt stay in force.' })
  }, { description: 'The last reload that failed (from this API, --watch-fixtures or another replica), until one succeeds.' }))
}, { additionalProperties: false })

export const WorldSchema = Type.Object({
  seed: Type.Integer(),
  apis: Type.Record(Type.String(), Type.Object({
    fixtures: Type.Unknown({ description: 'The API\'s entities from the fixture files, with their identifiers.' }),
    generated: Type.Optional(Type.String({ description: 'Which other identifiers answer with generated data.' }))
  }, { additionalProperties: false }))
}, { additionalProperties: false })
