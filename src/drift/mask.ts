/**
 * What a recording of the real provider must not keep. Always: secrets and tokens (secret-named fields,
 * and any literal value the proxy knows to be a credential). By rules (defaults below, or a YAML file given
 * to `--mask`): personal data, i.e. fields whose values are names or addresses, and patterns such as
 * Honduran MSISDNs. Masking is deterministic (same input, same masked value), so one customer's MSISDN
 * reads the same in a recording's path and in its body, and across recordings. File payloads (base64 PDFs,
 * ZIPs, XML inside JSON) are replaced by a short placeholder unless the API's files are kept.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Type, type Static } from '../typebox.js'
import { Value } from 'typebox/value'
import { parse } from '../yaml.js'
import { SECRET_NAME } from '../auth/secrets.js'
import { fileKind } from '../documents/file-kind.js'

export const MaskRulesSchema = Type.Object({
  defaults: Type.Optional(Type.Boolean({ description: 'false: drop the default rules (MSISDNs, e-mails, name and address fields). Default true: these rules add to them.' })),
  salt: Type.Optional(Type.String({ description: 'Mixed into every masked value, so nobody can recompute a masked MSISDN from a guessed one.' })),
  fields: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'JSON field names (any depth, case-insensitive) whose values are personal: each string inside becomes MASKED-<hash>.' })),
  patterns: Type.Optional(Type.Array(Type.Object({
    regex: Type.String({ minLength: 1, description: 'A JavaScript regular expression, applied to every string (path, query, bodies).' }),
    replacement: Type.String({ description: 'As String.replace ($1, $&), plus {digits:N} and {hex:N}: N characters hashed from the whole match.' })
  }, { additionalProperties: false })))
}, { additionalProperties: false })

export type MaskRules = Static<typeof MaskRulesSchema>

/** Personal data a recording never keeps unless a rules file says `defaults: false`. */
export const DEFAULT_MASK_RULES = {
  fields: ['name', 'fullName', 'firstName', 'lastName', 'customerName', 'companyName', 'businessName', 'street', 'address', 'neighborhood', 'email'],
  patterns: [
    // Honduran MSISDN: 504 and eight digits. The first digit after 504 stays (3, 7, 8 or 9 for mobiles), so the
    // masked number still passes the mock's own MSISDN check and a recorded path stays servable.
    { regex: '(?<![0-9])(504[0-9])[0-9]{7}(?![0-9])', replacement: '$1{digits:7}' },
    { regex: '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+', replacement: 'user-{hex:8}@example.com' }
  ]
} as const satisfies MaskRules

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
export const MASKED = '[masked]'
/** Credentials shorter than this are not searched for literally (they would mask unrelated text). */
const MIN_SECRET_LENGTH = 6

export interface MaskContext {
  /** Keep base64 file payloads (--record-files); otherwise each becomes a placeholder of its kind. */
  keepFiles: boolean
  /** Literal credentials (tokens, the client secret) that must not appear anywhere. */
  secrets: readonly string[]
}

export interface Masker {
  /** A string with the known secrets and the personal-data patterns masked. */
  text: (value: string, context: MaskContext) => string
  /** A JSON value with secret fields, personal fields, patterns and file payloads masked; `changed` tells whether anything was. */
  json: (value: unknown, context: MaskContext) => { value: unknown, changed: boolean }
}

/**
 * Reads a `--mask` rules file (YAML: `fields`, `patterns`, `salt`, `defaults`), checked against MaskRulesSchema.
 * @example
 * const rules = loadMaskRules('qa/mask.yaml') // { fields: ['contactName'], patterns: [{ regex: 'RTN-\\d+', replacement: 'RTN-{digits:6}' }] }
 */
export function loadMaskRules (file: string): MaskRules {
  let rules: unknown
  try {
    rules = parse(readFileSync(file, 'utf8')) ?? {}
  } catch (err) {
    throw new Error(`Failed to read the masking rules ${file}: ${(err as Error).message}. Give --mask a YAML file with fields: [...] and patterns: [{regex, replacement}].`)
  }
  const error = Value.Errors(MaskRulesSchema, rules)[0]
  if (error !== undefined) {
    throw new Error(`Failed to load the masking rules ${file}: ${error.instancePath || 'the file'} ${error.message}. Allowed keys: defaults, salt, fields (names), patterns ({regex, replacement}).`)
  }
  for (const [index, pattern] of ((rules as MaskRules).patterns ?? []).entries()) {
    try {
      RegExp(pattern.regex)
    } catch (err) {
      throw new Error(`Failed to load the masking rules ${file}: patterns[${index}].regex is no regular expression (${(err as Error).message}). Fix it or remove the entry.`)
    }
  }
  return rules as MaskRules
}

/**
 * A masker for the given rules, added to the defaults unless `defaults: false`.
 * @example
 * const masker = createMasker({})
 * masker.text('/customers/50499990001/invoices', { keepFiles: false, secrets: [] }) // '/customers/5049…(7 hashed digits)/invoices'
 */
export function createMasker (rules: MaskRules = {}): Masker {
  const base: MaskRules = rules.defaults === false ? {} : DEFAULT_MASK_RULES
  const fields = new Set([...(base.fields ?? []), ...(rules.fields ?? [])].map((field) => field.toLowerCase()))
  const salt = rules.salt ?? ''
  const patterns = [...(base.patterns ?? []), ...(rules.patterns ?? [])].map(({ regex, replacement }) => ({ regex: new RegExp(regex, 'g'), replacement }))
  const hash = (value: string): Buffer => createHash('sha256').update(`${salt}\u0000${value}`).digest()

  const text = (value: string, context: MaskContext): string => {
    let out = value
    for (const secret of context.secrets) {
      if (secret.length >= MIN_SECRET_LENGTH) out = out.replaceAll(secret, MASKED)
    }
    for (const { regex, replacement } of patterns) {
      out = out.replace(regex, (...args: unknown[]) => expand(replacement, args, hash))
    }
    return out
  }

  const personal = (value: unknown): unknown => {
    if (typeof value === 'string') return value === '' ? value : `MASKED-${hash(value).toString('hex').slice(0, 6)}`
    if (Array.isArray(value)) return value.map(personal)
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, personal(item)]))
    return value
  }

  const walk = (value: unknown, key: string | undefined, context: MaskContext): unknown => {
    if (key !== undefined && SECRET_NAME.test(key) && value !== null && typeof value !== 'object') return MASKED
    if (typeof value === 'string') {
      if (isFilePayload(value)) return context.keepFiles ? value : filePlaceholder(value)
      if (key !== undefined && fields.has(key.toLowerCase())) return personal(value)
      return text(value, context)
    }
    if (typeof value === 'number') {
      const masked = text(String(value), context)
      return masked === String(value) ? value : Number(masked)
    }
    if (key !== undefined && fields.has(key.toLowerCase())) return personal(value)
    if (Array.isArray(value)) return value.map((item) => walk(item, key, context))
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, walk(item, name, context)]))
    return value
  }

  return {
    text,
    json (value, context) {
      const masked = walk(value, undefined, context)
      return { value: masked, changed: JSON.stringify(masked) !== JSON.stringify(value) }
    }
  }
}

/**
 * Whether a JSON string holds a file: base64 that decodes to a PDF, a ZIP or XML (hn-billing's `invoice`,
 * invoice-files' `attachmentData`), recognised by content, so no API's field names live here.
 * @example
 * isFilePayload('JVBERi0xLjQK…') // true
 */
export function isFilePayload (value: string): boolean {
  if (value.length < 16) return false
  if (!BASE64.test(value)) return false
  return fileKind(Buffer.from(value.slice(0, 16), 'base64')) !== undefined
}

const OMITTED = 'file omitted by billing-mocks proxy: record with --record-files <api> to keep it'

/**
 * A short file of the same kind standing in for one that was not recorded: a PDF-looking text, an empty
 * (valid) ZIP, or an XML element saying so. Base64 in, base64 out.
 * @example
 * Buffer.from(filePlaceholder(pdfBase64), 'base64').toString() // '%PDF-1.4\n% file omitted by billing-mocks proxy…'
 */
export function filePlaceholder (base64: string): string {
  return placeholderBytes(Buffer.from(base64.slice(0, 16), 'base64')).toString('base64')
}

/** The placeholder bytes for a file whose first bytes are given. */
export function placeholderBytes (head: Buffer): Buffer {
  switch (fileKind(head)) {
    case 'zip':
      // End-of-central-directory record alone: an empty archive every unzip tool opens.
      return Buffer.concat([Buffer.from('PK\u0005\u0006', 'latin1'), Buffer.alloc(18)])
    case 'xml':
      return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<omitted reason="${OMITTED}"/>\n`)
    default:
      return Buffer.from(`%PDF-1.4\n% ${OMITTED}\n%%EOF\n`)
  }
}

function expand (replacement: string, args: unknown[], hash: (value: string) => Buffer): string {
  // String.replace's callback: (match, ...groups, offset, whole[, named groups]).
  const match = String(args[0])
  const groups = args.slice(1, args.findIndex((arg, index) => index > 0 && typeof arg === 'number'))
  const digest = hash(match)
  const group = (token: string): string => {
    // As String.replace: $12 is group 12 if there is one, else group 1 and a literal 2.
    const two = Number(token)
    if (token.length === 2 && two <= groups.length) return String(groups[two - 1] ?? '')
    const one = Number(token[0])
    if (one >= 1 && one <= groups.length) return `${String(groups[one - 1] ?? '')}${token.slice(1)}`
    return `$${token}`
  }
  // One pass, so hashed digits right after $1 are never read as part of a group number.
  return replacement.replace(/\{digits:(\d+)\}|\{hex:(\d+)\}|\$(\$|&|\d{1,2})/g, (_all, digits: string | undefined, hex: string | undefined, token: string | undefined) => {
    if (digits !== undefined) return Array.from({ length: Number(digits) }, (_unused, index) => String((digest[index % digest.length] ?? 0) % 10)).join('')
    if (hex !== undefined) return digest.toString('hex').repeat(Math.ceil(Number(hex) / 64)).slice(0, Number(hex))
    if (token === '$') return '$'
    if (token === '&') return match
    return group(token ?? '')
  })
}
