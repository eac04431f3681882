#!/usr/bin/env bash
# README's test command (`npm test`): unit + API tests (node's test runner, real database),
# then a production build, the server tests over it (tests/server) and the Playwright e2e suite
# in Debian's chromium.
# Uses PostgreSQL when DATABASE_URL is set, a fresh embedded database otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
# One secret for both phases: on PostgreSQL the API tests and the e2e server share the database,
# and signing keys sealed under one AUTH_SECRET cannot be opened under another.
export AUTH_SECRET="${AUTH_SECRET:-test-secret-that-is-long-enough-0123456789}"
status=0

echo "== unit and API tests ($([ -n "${DATABASE_URL:-}" ] && echo PostgreSQL || echo PGlite))"
# Node 20's test runner does not expand globs itself: the shell does (globstar for the ** part).
shopt -s globstar nullglob
npx tsx --test --test-concurrency=2 --test-reporter=spec tests/unit/**/*.test.ts tests/api/**/*.test.ts || status=1

# The example relying party has its own lockfile; its browser test runs it (a fresh clone lacks it).
if [ ! -x examples/relying-party/node_modules/.bin/tsx ]; then
  echo "== installing the example relying party's dependencies"
  npm ci --no-audit --no-fund --prefix examples/relying-party >/dev/null || status=1
fi

echo "== build (next build + the lean server bundle)"
if [ "${SKIP_BUILD:-}" != 1 ] || [ ! -f "${NEXT_DIST_DIR:-.next}/BUILD_ID" ] || [ ! -f dist/server.mjs ]; then
  build_log=$(mktemp)
  npm run -s build >"$build_log" 2>&1 || { cat "$build_log"; exit 1; }
fi

# Server-level tests over the build: both serving modes compared, database outage, SIGTERM.
echo "== server tests (built servers)"
npx tsx --test --test-concurrency=1 --test-reporter=spec tests/server/*.test.ts || status=1

# E2E_SERVER=lean serves the suite from the production server (`npm start`, server/), which
# answers the machine endpoints itself and hands pages to Next; the default is `next start`.
if [ "${E2E_SERVER:-next}" = lean ]; then export E2E_SERVER_COMMAND="node dist/server.mjs"; fi
echo "== e2e tests ($([ "${E2E_SERVER:-next}" = lean ] && echo 'lean server, npm start' || echo 'next start'))"
npx playwright test || status=1
exit $status
