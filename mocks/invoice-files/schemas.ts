/**
 * Get Customer Invoice Files (004_715d166116d01f0a.txt, quoted in README.md). Field names verbatim.
 */
import { Type, type Static } from '../../src/typebox.js'
import { ScenarioTagSchema } from '../../src/engine/scenario-schema.js'

/** At most this many invoice IDs per request; more → GLOBAL_1010. */
export const MAX_IDS_PER_REQUEST = 20
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'

export const DownloadParamsSchema = Type.Object({
  id: Type.String({ description: 'Customer ID (UUID): the requestor\'s own customer or one of its direct sub-customers.' })
})

export const DownloadBodySchema = Type.Union([
  Type.Object({
    id: Type.Optional(Type.Union([
      Type.Array(Type.String({ description: 'Invoice UUID' }), { description: 'Array of invoice UUIDs to retrieve' }),
      Type.String({ description: 'A single invoice UUID' })
    ]))
  }, { description: 'Absent or empty `id`: every invoice of the customer.' }),
  Type.Array(Type.String({ description: 'Invoice UUID' }), { description: 'A bare array of invoice UUIDs, accepted too.' })
], { description: `Invoices to download (at most ${MAX_IDS_PER_REQUEST}). Required: {} downloads every invoice of the customer; a request without a body answers 400 GLOBAL_1000.` })

export const SuccessSchema = Type.Object({
  errorCode: Type.String({ enum: [''], description: 'Empty on success.' }),
  errorMessage: Type.String({ enum: [''], description: 'Empty on success.' }),
  content: Type.Array(Type.Object({
    attachmentData: Type.String({ format: 'byte', description: 'Base64 of the requested invoice file: the PDF or XML itself when the request results in one file, a ZIP of all of them (named <invoiceNumber>.pdf / .xml) when it results in several.' })
  }, { additionalProperties: false })),
  pageable: Type.Null({ description: 'Always null: one answer holds every file.' })
}, { additionalProperties: false })

export const FailureSchema = Type.Object({
  errorCode: Type.String({ description: 'Failure code: GLOBAL_1001, CUSTOMER_1002, CUSTOMER_1006, CUSTOMER_1040, or one of the general codes (see README).' }),
  errorMessage: Type.String({ description: 'Failure detailed description, verbatim from the catalogue.' }),
  content: Type.String({ enum: [''], description: 'Empty on failure.' }),
  pageable: Type.Null()
}, { additionalProperties: false })

const IssuerSchema = Type.Object({
  name: Type.String({ minLength: 1 }),
  taxId: Type.String({ minLength: 1 }),
  address: Type.String({ minLength: 1 }),
  city: Type.String({ minLength: 1 }),
  country: Type.String({ pattern: '^[A-Z]{2}$' }),
  currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  taxName: Type.String({ minLength: 1 }),
  taxRate: Type.Number({ minimum: 0, maximum: 1 })
}, { additionalProperties: false })

export const InvoiceFilesFixturesSchema = Type.Object({
  customers: Type.Optional(Type.Array(Type.Object({
    id: Type.String({ pattern: UUID_PATTERN }),
    name: Type.String({ minLength: 1 }),
    parent: Type.Optional(Type.String({ pattern: UUID_PATTERN, description: 'The customer this one is a direct sub-customer of.' })),
    requestors: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'OAuth client_ids whose tokens act for this customer.' })),
    issuer: Type.Optional(IssuerSchema),
    scenario: ScenarioTagSchema,
    invoices: Type.Array(Type.Object({
      id: Type.String({ pattern: UUID_PATTERN }),
      number: Type.String({ minLength: 1 }),
      issueDate: Type.String({ format: 'date' }),
      files: Type.Array(Type.String({ enum: ['pdf', 'xml'] }), { minItems: 1, uniqueItems: true })
    }, { additionalProperties: false }))
  }, { additionalProperties: false })))
}, { additionalProperties: false })

export type InvoiceFilesFixtures = Static<typeof InvoiceFilesFixturesSchema>
export type Issuer = Static<typeof IssuerSchema>
export type DownloadAnswer = Static<typeof SuccessSchema>
