#!/usr/bin/env bash
# What a user gets from `npm install billing-mocks` on this machine's Node: the package as `npm pack` makes it,
# installed from the registry into a scratch project, with no engine warning (EBADENGINE), then imported and
# started (`startMockServer`, /health, one API answer). .ci/run runs it after `npm test`; it needs dist/ built
# and the npm registry (which `npm ci` uses too).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

npm pack --ignore-scripts --silent --pack-destination "$scratch" --prefix "$root" "$root" >/dev/null
cd "$scratch"
printf '{ "name": "packed-install-check", "version": "1.0.0", "private": true, "type": "module" }\n' > package.json
if ! npm install --no-audit --no-fund ./billing-mocks-*.tgz >install.log 2>&1; then
  cat install.log >&2
  echo "packed install: npm install failed (above)." >&2
  exit 1
fi
if grep -i 'EBADENGINE' install.log >&2; then
  echo "packed install: npm warned that a dependency does not support Node $(node --version) (above). Pin a range that does, in package.json's dependencies." >&2
  exit 1
fi
node --input-type=module -e "
import { startMockServer } from 'billing-mocks'
const server = await startMockServer({ logLevel: 'silent' })
try {
  const health = await fetch(server.healthUrl)
  const invoices = await fetch(server.apis.masstack + '/v2/orgs/telco/accounts/214748364/invoices', { headers: { 'x-auth-roles': 'API_KEY' } })
  if (health.status !== 200 || invoices.status !== 200) throw new Error('the installed package answered ' + health.status + ' and ' + invoices.status)
} finally {
  await server.close()
}
"
echo "packed install: clean on Node $(node --version); imported billing-mocks, started it, /health and masstack answered 200"
