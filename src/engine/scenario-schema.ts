/**
 * What a scenario can make an API answer, as fixture files write it (`scenarios:`) and as the admin API
 * accepts it. One outcome per scenario (or per state of a stateful one): a documented error, an empty
 * collection, a refused token, or a fault on the wire; latency combines with any of them.
 */
import { Type, type Static } from '../typebox.js'

export const LatencySchema = Type.Union([
  Type.Object({ fixed: Type.Integer({ minimum: 0, maximum: 600_000, description: 'Milliseconds added before answering.' }) }, { additionalProperties: false }),
  Type.Object({
    uniform: Type.Object({
      min: Type.Integer({ minimum: 0, maximum: 600_000 }),
      max: Type.Integer({ minimum: 0, maximum: 600_000 })
    }, { additionalProperties: false, description: 'Milliseconds drawn uniformly from [min, max].' })
  }, { additionalProperties: false }),
  Type.Object({
    lognormal: Type.Object({
      median: Type.Integer({ minimum: 1, maximum: 600_000, description: 'Median delay in milliseconds.' }),
      sigma: Type.Number({ minimum: 0, maximum: 4, description: 'Spread of the natural logarithm (0.1 tight, 1 heavy-tailed), as WireMock\'s lognormal.' }),
      max: Type.Optional(Type.Integer({ minimum: 1, maximum: 600_000, description: 'Upper bound of a drawn delay (default 60000).' }))
    }, { additionalProperties: false })
  }, { additionalProperties: false })
], { description: 'Extra delay before the answer: fixed, uniform or log-normal.' })

export type Latency = Static<typeof LatencySchema>

export const FAULTS = ['connection-reset', 'empty-reply', 'malformed-json', 'truncated', 'trickle'] as const
export type Fault = typeof FAULTS[number]

export const TrickleSchema = Type.Object({
  durationMs: Type.Integer({ minimum: 1, maximum: 600_000, description: 'Time the whole body takes to arrive.' }),
  chunks: Type.Optional(Type.Integer({ minimum: 2, maximum: 10_000, description: 'Pieces the body is sent in (default 10).' }))
}, { additionalProperties: false, description: 'How `fault: trickle` sends the body.' })

export type Trickle = Static<typeof TrickleSchema>

const outcomeProperties = {
  error: Type.Optional(Type.String({ minLength: 1, description: 'A code of the API\'s error catalogue (e.g. GLOBAL_1001): its documented status and body.' })),
  status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599, description: 'A documented error status of the route, answered as the API\'s error body (as Prefer: code=NNN).' })),
  empty: Type.Optional(Type.Literal(true, { description: 'The collection the route returns comes back empty.' })),
  token: Type.Optional(Type.Union([Type.Literal('expired'), Type.Literal('revoked')], { description: 'The bearer token is refused as expired or revoked (the API\'s 401).' })),
  fault: Type.Optional(Type.Union([Type.Literal('connection-reset'), Type.Literal('empty-reply'), Type.Literal('malformed-json'), Type.Literal('truncated'), Type.Literal('trickle')], {
    description: 'A failure on the wire: connection-reset (TCP RST), empty-reply (closed without a byte), malformed-json (200 whose body does not parse), truncated (closed half-way through the body), trickle (the body arrives slowly).'
  })),
  trickle: Type.Optional(TrickleSchema),
  latency: Type.Optional(LatencySchema)
}

export const OutcomeSchema = Type.Object(outcomeProperties, { additionalProperties: false, description: 'What the request gets. An empty outcome is the normal answer.' })

export type Outcome = Static<typeof OutcomeSchema>

export const StateSchema = Type.Object({
  ...outcomeProperties,
  next: Type.Optional(Type.String({ minLength: 1, description: 'The state a request in this state moves the scenario to.' }))
}, { additionalProperties: false })

export type ScenarioState = Static<typeof StateSchema>

/** The state every stateful scenario starts in, named as WireMock names it. */
export const STARTED = 'Started'

export const ScenarioSchema = Type.Object({
  name: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$', maxLength: 100, description: 'What X-Mock-Scenario and the admin API call it.' }),
  description: Type.Optional(Type.String({ description: 'What the consumer sees, for the catalogue table.' })),
  api: Type.Optional(Type.String({ description: 'Only this API (its id); every API when absent.' })),
  route: Type.Optional(Type.String({ description: 'Only this route: its operationId (e.g. getCustomerBills) or "METHOD /path" as documented.' })),
  ...outcomeProperties,
  states: Type.Optional(Type.Record(Type.String({ minLength: 1 }), StateSchema, {
    description: 'A stateful scenario (WireMock\'s vocabulary): each state\'s outcome and the state a request moves it to. It starts in "Started".'
  }))
}, { additionalProperties: false })

export type Scenario = Static<typeof ScenarioSchema>

/** Which kinds of outcome are set; a scenario or state may have one of them, plus latency. */
export function outcomeKinds (outcome: Outcome): string[] {
  return (['error', 'status', 'empty', 'token', 'fault'] as const).filter((kind) => outcome[kind] !== undefined)
}

/** The `scenario:` field a fixture entity may carry: every request about that entity gets the scenario. */
export const ScenarioTagSchema = Type.Optional(Type.String({
  minLength: 1,
  description: 'A scenario every request about this entity gets: a name from GET /__admin/scenarios or one of the API\'s error codes (e.g. CUSTOMER_1006).'
}))
