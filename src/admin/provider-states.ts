/**
 * `POST /__admin/provider-states`: Pact's state-change endpoint, for any Pact verifier
 * (`providerStatesSetupUrl: http://127.0.0.1:4010/__admin/provider-states?api=bo-billing`). Pact posts
 * `{state, params, action}`; a set-up first clears what earlier states switched on, then realises the state
 * from the API's `states.ts`; a teardown clears.
 *
 * States are matched as other teams write them: the exact name first, then a paraphrase (parameters in any
 * order, an optional part such as masstack's org left out, "doesn't exist" for "does not exist"). A state the
 * mock cannot recognise is, as pact-js does when no handler matches, a warning: nothing is set up and the
 * interaction is verified against the default world, passing or failing on its own merits. `?strict=true`
 * (`npm run verify -- --strict-states`) makes it a 400 instead.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type TSchema } from '../typebox.js'
import type { ProviderState, StateContext, StateParams } from '../engine/provider-states.js'
import type { MockDefinition } from '../engine/define-mock.js'
import type { Runtime } from '../assembly/runtime.js'
import { StateUnavailableError } from '../assembly/state/store.js'
import { AdminErrorSchema } from './schemas.js'

export interface ProviderStatesOptions {
  runtime: Runtime
  definitions: ReadonlyArray<MockDefinition<any, any>>
  /** The error responses every admin route documents (401 without the admin token, 403, the limits…). */
  errors: Record<number, TSchema>
}

const StateChangeSchema = Type.Object({
  state: Type.String({ description: 'The provider state, as the pact names it (empty: none, only a reset).' }),
  params: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'The state\'s parameters (read from the name when absent).' })),
  action: Type.Optional(Type.Union([Type.Literal('setup'), Type.Literal('teardown')], { description: 'Default setup.' })),
  consumer: Type.Optional(Type.String())
})

const providerStates: FastifyPluginAsyncTypebox<ProviderStatesOptions> = async (app, { runtime, definitions, errors }) => {
  app.post('/provider-states', {
    schema: {
      operationId: 'changeProviderState',
      summary: 'Pact state change: set up (or tear down) a provider state of an API\'s contract',
      description: 'Give `?api=<id>` when several APIs name the same state (e.g. "the bearer token has expired").',
      tags: ['Contracts'],
      querystring: Type.Object({
        api: Type.Optional(Type.String()),
        strict: Type.Optional(Type.Boolean({ description: 'Refuse (400) a state the mock cannot recognise, rather than warn and verify against the default world.' }))
      }),
      body: StateChangeSchema,
      response: {
        200: Type.Object({
          state: Type.String(),
          api: Type.String(),
          kind: Type.String({ description: '"data", "scenario", or "unknown" for a state the mock cannot recognise (then `warning` says so).' }),
          warning: Type.Optional(Type.String())
        }),
        204: Type.Null(),
        ...errors,
        400: AdminErrorSchema
      }
    }
  }, async (request, reply) => {
    await runtime.state.resetScenarios()
    const { state, action = 'setup' } = request.body
    // Pact also calls for interactions without a state (with an empty name): nothing to set up.
    if (action === 'teardown' || state.trim() === '') return reply.code(204).send(null)

    const scoped = definitions.filter((definition) => request.query.api === undefined || definition.id === request.query.api)
    const found = scoped.flatMap((definition) => (definition.states ?? [])
      // Verifiers send `params: {}` for states without parameters: the name's own values fill the gaps.
      .map((candidate: ProviderState) => ({ definition, candidate, params: { ...candidate.parse(state), ...(request.body.params as StateParams | undefined) } }))
      .filter(({ candidate }) => candidate.parse(state) !== undefined))
    // Not by its exact name: as another team may have written it.
    if (found.length === 0) {
      for (const definition of scoped) {
        for (const candidate of (definition.states ?? []) as ProviderState[]) {
          const params = candidate.paraphrase(state)
          if (params !== undefined) found.push({ definition, candidate, params: { ...params, ...(request.body.params as StateParams | undefined) } })
        }
      }
    }
    const match = found[0]
    if (match === undefined) {
      const known = scoped.flatMap((definition) => (definition.states ?? []).map((candidate: ProviderState) => `${definition.id}: "${candidate.template}"`))
      const unknown = `No provider state "${state}"${request.query.api === undefined ? '' : ` for ${request.query.api}`}. Known: ${known.join('; ')}.`
      if (request.query.strict === true) return reply.code(400).send({ error: 'unknown_state', message: unknown })
      const warning = `${unknown} Nothing was set up: the interaction is verified against the default world.`
      request.log.warn(warning)
      return { state, api: request.query.api ?? '', kind: 'unknown', warning }
    }
    if (found.length > 1 && new Set(found.map(({ definition }) => definition.id)).size > 1) {
      return reply.code(400).send({ error: 'ambiguous_state', message: `"${state}" is a state of ${found.map(({ definition }) => definition.id).join(' and ')}: add ?api=<id> to the state-change URL.` })
    }

    const api = match.definition.id
    // A state's setup is synchronous; what it switches on reaches the store (maybe Redis) once it returns.
    const activations: Array<Parameters<typeof runtime.state.activate>[0]> = []
    const context: StateContext = {
      api,
      activate (scenario) { activations.push(typeof scenario === 'string' ? { scenario, api } : { outcome: scenario, api }) },
      world: <W>() => runtime.world(api) as W
    }
    try {
      match.candidate.setup(match.params ?? {}, context)
      for (const activation of activations) await runtime.state.activate(activation, runtime.current().catalogue)
    } catch (err) {
      if (err instanceof StateUnavailableError) throw err
      return reply.code(400).send({ error: 'state_not_met', message: `Provider state "${state}" of ${api} cannot be set up: ${(err as Error).message}` })
    }
    return { state, api, kind: match.candidate.kind }
  })
}

export default providerStates
