/**
 * All of typebox that billing-mocks uses, from one module. `npm run build` replaces its compiled form with a
 * single-file bundle (esbuild): typebox is some 540 small ES modules, and loading them one by one was a
 * fifth of the server's start-up.
 */
export { Type } from 'typebox'
export type { Static, TSchema, TUnsafe } from 'typebox'
export { Check, Errors, Pointer } from 'typebox/schema'
