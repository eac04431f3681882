#!/usr/bin/env bash
# Makes a build context for `docker build --target prebuilt` from this checkout's build (CI has
# just made one): runtime/ holds exactly what the image's /app holds — production dependencies,
# .next without its cache, the lean server bundle, migrations. The image then takes seconds to
# pack instead of minutes of `npm ci` and `next build` inside it.
#   scripts/docker/prebuilt-context.sh <empty folder>
set -euo pipefail
cd "$(dirname "$0")/../.."
context=$1
[ -f .next/BUILD_ID ] && [ -f dist/server.mjs ] || { echo 'no build here: run npm run build first' >&2; exit 1; }
runtime=$context/runtime
mkdir -p "$runtime/lib" "$runtime/db"
# Hard links where the file system allows: nothing in this checkout is written through them
# (npm replaces files rather than writing into them, and pruning only removes links).
link() { cp -al "$1" "$2" 2>/dev/null || cp -a "$1" "$2"; }
link node_modules "$runtime/node_modules"
# npm rewrites its hidden lockfile: a copy of its own, not a link to this checkout's.
if [ -f node_modules/.package-lock.json ]; then
  rm -f "$runtime/node_modules/.package-lock.json"
  cp node_modules/.package-lock.json "$runtime/node_modules/"
fi
cp package.json package-lock.json "$runtime/"
(cd "$runtime" && npm prune --omit=dev --offline --no-audit --no-fund >/dev/null && rm package-lock.json)
sh scripts/docker/prune-runtime.sh "$runtime/node_modules"
link .next "$runtime/.next"
rm -rf "$runtime/.next/cache"
link dist "$runtime/dist"
cp next.config.mjs "$runtime/"
cp lib/security-headers.mjs "$runtime/lib/"
cp -a db/migrations "$runtime/db/migrations"
if [ -d public ]; then link public "$runtime/public"; else mkdir "$runtime/public"; fi
