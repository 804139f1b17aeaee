/**
 * The floors of docs/architecture.md as rules: a module imports only its own floor and the floors below it,
 * there are no cycles, a mock never imports another mock, and src/ reaches an API folder only through the
 * registry (mocks/index.ts). `npm test` runs `npm run lint:layers`; no exceptions are listed.
 *
 *   surfaces and tools  src/admin src/docs src/cluster src/contracts src/drift src/tools, src/*.ts
 *   assembly            src/assembly/   (buildApp's parts, the request pipeline, runtime and state, mounting)
 *   the APIs            mocks/<id>/     (each on its own; mocks/index.ts is the registry)
 *   features            src/world src/documents src/auth src/scenarios src/clients (what every typed client shares)
 *   ground              src/engine/, src/config.ts, src/typebox.ts, src/yaml.ts
 */
const GROUND = '^src/(engine/|(config|typebox|yaml)[.]ts$)'
const FEATURES = '^src/(world|documents|auth|scenarios|clients)/'
const MOCKS = '^mocks/'
const ASSEMBLY = '^src/assembly/'
const ABOVE_ASSEMBLY = '^src/(?!engine/|world/|documents/|auth/|scenarios/|clients/|assembly/|(config|typebox|yaml)[.]ts$)'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'A cycle ties its modules into one: no floor can be read without the others.', from: {}, to: { circular: true } },
    { name: 'ground-imports-nothing-above', severity: 'error', comment: 'The engine is the ground floor: it imports nothing above it.', from: { path: GROUND }, to: { path: [FEATURES, MOCKS, ASSEMBLY, ABOVE_ASSEMBLY] } },
    { name: 'features-stay-below-the-apis', severity: 'error', comment: 'World, documents, auth and scenarios sit on the engine; the APIs, the assembly and the surfaces build on them, not the other way round.', from: { path: FEATURES }, to: { path: [MOCKS, ASSEMBLY, ABOVE_ASSEMBLY] } },
    { name: 'apis-stay-below-the-assembly', severity: 'error', comment: 'An API folder uses the engine and the features; the assembly mounts it.', from: { path: MOCKS }, to: { path: [ASSEMBLY, ABOVE_ASSEMBLY] } },
    { name: 'no-api-imports-another', severity: 'error', comment: 'Each API is readable alone.', from: { path: '^mocks/([^/]+)/' }, to: { path: '^mocks/[^/]+/', pathNot: '^mocks/$1/' } },
    { name: 'assembly-stays-below-the-surfaces', severity: 'error', comment: 'buildApp\'s parts are handed the surfaces (admin, docs) by the app that composes them.', from: { path: ASSEMBLY }, to: { path: ABOVE_ASSEMBLY } },
    { name: 'src-reaches-apis-through-the-registry', severity: 'error', comment: 'Adding an API is a folder and its line in mocks/index.ts: nothing in src/ names an API folder.', from: { path: '^src/' }, to: { path: '^mocks/[^/]+/' } },
    { name: 'no-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } }
  ],
  options: {
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|test|bench)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' }
  }
}
