/**
 * tigo_b2b_bo_billing_v2 (001_d07d847a5b61e1b3.txt, quoted in README.md). Field names verbatim.
 */
import { Type, type Static } from '../../src/typebox.js'
import { StringEnum } from '../../src/engine/schema.js'
import { CITY_NAMES } from './geography.js'
import { TigoErrorBodySchema } from '../tigo.js'
import { ScenarioTagSchema } from '../../src/engine/scenario-schema.js'

/** Identification types the mock accepts in the path; the upstream names only the local client number. */
export const ID_TYPES = ['CLIENT_NUMBER'] as const

export const PAGING = { defaultPageInit: 1, defaultQuantity: 10, maxQuantity: 100 } as const

export const AddressSchema = Type.Object({
  street: Type.String({ description: 'Customer address', 'x-faker': 'person.lastName' }),
  neighborhood: Type.String({ description: 'Neighborhood where the customer lives' }),
  city: Type.String({ description: 'City where the consumer lives' }),
  state: Type.String({ description: 'State where the consumer resides (Bolivian department)' }),
  country: Type.String({ description: 'Country of residence of the consumer', 'x-faker': { 'helpers.arrayElement': [['Bolivia']] } }),
  zipCode: Type.String({ description: 'Customer zipCode', pattern: '^[0-9]{4}$' })
}, { additionalProperties: false })

export const InvoiceSchema = Type.Object({
  invoiceContractNo: Type.String({ description: 'Invoice contract number' }),
  invoiceNumber: Type.String({ description: 'Invoice number', pattern: '^[0-9]{10}$' }),
  billPeriod: Type.String({ description: 'Billing period, yyyy-mm', pattern: '^[0-9]{4}-[0-9]{2}$' }),
  invoiceAmount: Type.Integer({ description: 'Total invoice value, in bolivianos (BOB), taxes included', minimum: 0 }),
  invoiceStatus: Type.Boolean({ description: 'Invoice Status: true when paid, false while pending' })
}, { additionalProperties: false })

export const BillsCollectionSchema = Type.Object({
  contractNo: Type.String({ description: 'Contract number' }),
  billingAddress: Type.Array(AddressSchema, { description: 'Addresses related to the contract', minItems: 1, maxItems: 2 }),
  dueDate: Type.String({ format: 'date', description: 'Account expiration date: due date of the latest bill (yyyy-mm-dd)' }),
  invoiceCollection: Type.Array(InvoiceSchema, { description: 'Invoices related to the contract, newest first, paged by pageInit and quantity' })
}, { additionalProperties: false })

/** The Tigo errorBody, shared with the other Tigo API (mocks/tigo.ts). */
export const ErrorBodySchema = TigoErrorBodySchema

export const BillsParamsSchema = Type.Object({
  idType: StringEnum(ID_TYPES, { description: 'Identification Type (related to the Local Client Number)' }),
  id: Type.Integer({ minimum: 1, maximum: 999_999_999_999, description: 'The Identifier number related to the Type (the Local Client Number in this case)' })
})

export const BillsQuerySchema = Type.Object({
  contractNumber: Type.Integer({ minimum: 1, maximum: 999_999_999_999, description: 'Contract Number Identification' }),
  pageInit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: PAGING.defaultPageInit, description: 'Initial number for pagination: the page, counted from 1.' })),
  quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGING.maxQuantity, default: PAGING.defaultQuantity, description: `Number of bills to be returned (page size, 1–${PAGING.maxQuantity}).` }))
})

export const BoFixturesSchema = Type.Object({
  customers: Type.Optional(Type.Array(Type.Object({
    idType: StringEnum(ID_TYPES),
    id: Type.Integer({ minimum: 1 }),
    contracts: Type.Array(Type.Object({
      contractNumber: Type.Integer({ minimum: 1 }),
      bills: Type.Integer({ minimum: 0, maximum: 240, description: 'Number of monthly bills, the latest for the reference month 2026-10.' }),
      city: Type.Optional(StringEnum(CITY_NAMES, { description: 'City of the billing address.' }))
    }, { additionalProperties: false }), { minItems: 1 }),
    scenario: ScenarioTagSchema
  }, { additionalProperties: false })))
}, { additionalProperties: false })

export type Address = Static<typeof AddressSchema>
export type Invoice = Static<typeof InvoiceSchema>
export type BillsCollection = Static<typeof BillsCollectionSchema>
export type BoFixtures = Static<typeof BoFixturesSchema>
