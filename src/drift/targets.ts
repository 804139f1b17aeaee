/**
 * The proxy's targets, checked before it starts: each `--api` a known API with a readable OpenAPI document,
 * each `--target` an http(s) URL, and, with client credentials, one token provider per token URL (several
 * APIs on one provider share a token).
 */
import { mocks } from '../../mocks/index.js'
import { clientCredentials, defaultTokenUrl, type TokenProvider } from '../clients/token-provider.js'
import { readCommittedOpenApi } from '../openapi-read.js'
import { createValidator, type Validator } from './validate.js'
import type { MaskRules } from './mask.js'

/** What `billing-mocks proxy` is told (its flags, or `buildProxy`'s argument). */
export interface ProxyOptions {
  /** Which API goes to which provider: each under its usual /<id> prefix. */
  targets: ReadonlyArray<{ api: string, target: string }>
  /** With clientSecret: the proxy gets its own token (client credentials) and sends it to APIs that take one. */
  clientId?: string
  clientSecret?: string
  /** Default: <target origin>/oauth/client_credential/accesstoken. */
  tokenUrl?: string
  /** A drifted answer becomes a 502 with the report. */
  errors?: boolean
  /** Folder the real exchanges are recorded to, one `<api>.recorded.yaml` each. */
  record?: string
  /** APIs whose file payloads are recorded, or ['all']. */
  recordFiles?: readonly string[]
  /** Masking rules: a YAML file (`--mask`) or the rules themselves. */
  mask?: string | MaskRules
  /** Requests the journal keeps (default 1000). */
  journalSize?: number
  logLevel?: string
  /** How long the provider may take (default 30 s). */
  timeoutMs?: number
}

export interface ProxyTarget {
  api: string
  target: string
  validator: Validator
  /** The document's operations take a bearer token: the proxy sends its own when it has credentials. */
  secured: boolean
  tokens: TokenProvider | undefined
  tokenUrl: string | undefined
}

/**
 * The targets checked and paired with their documents and token providers. Throws, naming the flag, on a
 * bad configuration.
 * @example
 * const [masstack] = resolveTargets({ targets: [{ api: 'masstack', target: 'https://api.example.com/masstack' }] })
 */
export function resolveTargets (options: ProxyOptions): ProxyTarget[] {
  const known: readonly string[] = mocks.map((mock) => mock.id)
  if (options.targets.length === 0) throw new Error('The proxy needs at least one API: --api <id> --target <url> (APIs: ' + known.join(', ') + ').')
  if ((options.clientId === undefined) !== (options.clientSecret === undefined)) {
    throw new Error('--client-id and --client-secret go together: give both for the proxy to get its own token, or neither to pass the applications\' credentials through.')
  }
  if (options.record === undefined && ((options.recordFiles?.length ?? 0) > 0 || options.mask !== undefined)) {
    throw new Error(`${options.mask === undefined ? '--record-files' : '--mask'} applies to recordings: add --record <dir>, or leave it out.`)
  }
  for (const api of options.recordFiles ?? []) {
    if (api !== 'all' && !options.targets.some((target) => target.api === api)) throw new Error(`--record-files names ${api}, which the proxy does not forward. Use ids of --api (${options.targets.map((target) => target.api).join(', ')}) or "all".`)
  }
  const seen = new Set<string>()
  const tokenProviders = new Map<string, TokenProvider>()
  return options.targets.map(({ api, target }) => {
    if (!known.includes(api)) throw new Error(`--api ${api} is no API of billing-mocks. Use one of ${known.join(', ')}.`)
    if (seen.has(api)) throw new Error(`--api ${api} is given twice. Give each API once, with its --target.`)
    seen.add(api)
    let url: URL
    try {
      url = new URL(target)
    } catch {
      throw new Error(`--target ${target} (for ${api}) is not a URL. Give the provider's base URL, e.g. https://api.example.com/${api}.`)
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--target ${target} (for ${api}) is not http(s).`)
    const document = readCommittedOpenApi(api) as OpenApiDocument
    let tokens: TokenProvider | undefined
    let tokenUrl: string | undefined
    if (options.clientId !== undefined && options.clientSecret !== undefined) {
      tokenUrl = defaultTokenUrl(options, target)
      tokens = tokenProviders.get(tokenUrl) ?? clientCredentials({ tokenUrl, clientId: options.clientId, clientSecret: options.clientSecret, timeoutMs: options.timeoutMs })
      tokenProviders.set(tokenUrl, tokens)
    }
    return { api, target, validator: createValidator(document), secured: isSecured(document), tokens, tokenUrl }
  })
}

type OpenApiDocument = Parameters<typeof createValidator>[0] & { security?: unknown[] }

function isSecured (document: OpenApiDocument): boolean {
  if ((document.security?.length ?? 0) > 0) return true
  return Object.values(document.paths ?? {}).some((item) => Object.values(item).some((operation) => ((operation as { security?: unknown[] }).security?.length ?? 0) > 0))
}

/** The token endpoint refused the proxy's credentials or could not be reached. */
export class TokenFailure extends Error {}

/**
 * The provider's token for a target, or a TokenFailure that says which token URL refused and what to check.
 * @example
 * headers.authorization = `Bearer ${await freshToken(tokens, target)}`
 */
export async function freshToken (tokens: TokenProvider, target: ProxyTarget): Promise<string> {
  try {
    return await tokens.token()
  } catch (err) {
    throw new TokenFailure(`Could not get a token for ${target.api} from ${target.tokenUrl ?? 'the token URL'}: ${(err as Error).message}. Check --client-id, --client-secret and --token-url.`)
  }
}
