/**
 * All of yaml that billing-mocks uses, from one module. `npm run build` replaces its compiled form with a
 * single-file bundle (esbuild), as for typebox (src/typebox.ts): the fixture files are read at start-up, and
 * yaml is some 70 modules.
 */
export { Document, isMap, LineCounter, parse, parseDocument } from 'yaml'
