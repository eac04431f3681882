#!/usr/bin/env bash
# `npm run test:docker` (as root; CI runs it): builds the image and runs it the way users do.
#   1. podman, buildah, podman-compose and debootstrap from Debian when missing (setup.sh)
#   2. the base images, made locally without a registry and kept between runs (base-images.sh)
#   3. the image: from this checkout's build when there is one (`--target prebuilt`, seconds),
#      otherwise the full `docker build .` path (DOCKER_BUILD=full forces it)
#   4. the image alone on the embedded database, 5. docker-compose.yml with PostgreSQL:
#      health, discovery, a page, non-root user, a client_credentials token, introspection,
#      a restart that keeps the data, a clean SIGTERM
# Prints each step's time and the image size, and ends with `# pass N` / `# fail N`.
# Ports: 127.0.0.1:4111 (image alone), 4112 (PostgreSQL), 4113 (compose); DOCKER_TEST_PORT_BASE moves them.
set -uo pipefail
cd "$(dirname "$0")/../.."
export BUILDAH_FORMAT=docker NEXT_TELEMETRY_DISABLED=1
image=localhost/gatehouse:test
base=${DOCKER_TEST_PORT_BASE:-4111}
alone_port=$base postgres_port=$((base + 1)) compose_port=$((base + 2))
project=gatehouse-test
alone=gatehouse-test-alone
secret=docker-test-secret-that-is-long-enough-0123456789
postgres_password=docker-test-password
admin_user=docker-admin admin_password='docker admin password 1'
compose=(podman-compose -p "$project" -f docker-compose.yml -f scripts/docker/compose.test.yml)
# What the compose files substitute (docker-compose.yml requires AUTH_SECRET even to tear down).
export AUTH_SECRET=$secret POSTGRES_PASSWORD=$postgres_password POSTGRES_TEST_PORT=$postgres_port \
  GATEHOUSE_PORT=$compose_port GATEHOUSE_IMAGE=$image ADMIN_USERNAME=$admin_user
work=$(mktemp -d /tmp/gatehouse-docker-test.XXXXXX)
passed=0 failed=0 started=$(date +%s)
times=()

# By name, with their anonymous volumes (the image's /data): podman-compose names containers
# <project>_<service>_<n>, and `down -v` removes only the named volumes and the network.
remove_containers() {
  podman ps -a --format '{{.Names}}' | grep -E "^(${alone}|${project}_[a-z]+_[0-9]+)\$" | xargs -r podman rm -f -v -t 2 >/dev/null 2>&1
  "${compose[@]}" down -v -t 5 >/dev/null 2>&1
  podman volume ls --format '{{.Name}}' | grep -E "^${project}_" | xargs -r podman volume rm -f >/dev/null 2>&1
  return 0 # nothing left to remove is no failure
}

finish() {
  remove_containers
  rm -rf "$work"
  echo "== container test done in $(( $(date +%s) - started )) s"
  printf '   %s\n' "${times[@]}"
  echo "# pass $passed"
  echo "# fail $failed"
}
trap finish EXIT

check() {
  local name=$1; shift
  if "$@"; then echo "ok - $name"; passed=$((passed + 1)); else echo "not ok - $name"; failed=$((failed + 1)); fi
}

# Runs a step and records its time; a failed step counts as one failure.
step() {
  local name=$1; shift
  local from=$(date +%s)
  echo "== $name"
  if "$@"; then
    times+=("$name: $(( $(date +%s) - from )) s")
    return 0
  fi
  times+=("$name: failed after $(( $(date +%s) - from )) s")
  echo "not ok - $name"
  failed=$((failed + 1))
  return 1
}

json() { node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>{const v=JSON.parse(s)[process.argv[1]];console.log(typeof v==="object"?JSON.stringify(v):v)})' "$1"; }

# Waits until GET /api/health answers 200; prints the seconds it took.
healthy_within() {
  local url=$1 limit=$2 from=$(date +%s)
  while [ $(( $(date +%s) - from )) -lt "$limit" ]; do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' -m 3 "$url/api/health")" = 200 ]; then
      echo "   healthy in $(( $(date +%s) - from )) s"
      return 0
    fi
    sleep 1
  done
  echo "   not healthy after $limit s"
  return 1
}

discovery_names() { [ "$(curl -s -m 5 "$1/.well-known/openid-configuration" | json issuer)" = "$1" ]; }
page_answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' -m 10 "$1/login")" = 200 ]; }
runs_as_1000() { [ "$(podman exec "$1" id -u)" = 1000 ] && [ "$(podman exec "$1" sh -c 'stat -c %u /proc/1')" = 1000 ]; }
# The image keeps its HEALTHCHECK only in the docker format (BUILDAH_FORMAT=docker). Running it
# here needs systemd timers, which this kind of machine lacks; the health URL is checked above.
health_check_kept() { podman image inspect -f '{{.Config.Healthcheck.Test}}' "$1" | grep -q '/api/health'; }
signing_keys() { curl -s -m 5 "$1/.well-known/jwks.json" | json keys; }

# client_credentials with the client in $work/client.json; the token lands in $work/token.
token_issued() {
  local id secret_ answer
  id=$(json client_id <"$work/client.json"); secret_=$(json client_secret <"$work/client.json")
  answer=$(curl -s -m 10 -u "$id:$secret_" -d grant_type=client_credentials "$1/oauth/token")
  json access_token <<<"$answer" >"$work/token" 2>/dev/null
  [ -n "$(cat "$work/token")" ] && [ "$(cat "$work/token")" != undefined ] || { echo "   token answer: $answer"; return 1; }
}
token_active() {
  local id secret_
  id=$(json client_id <"$work/client.json"); secret_=$(json client_secret <"$work/client.json")
  [ "$(curl -s -m 10 -u "$id:$secret_" --data-urlencode "token=$(cat "$work/token")" "$1/oauth/introspect" | json active)" = true ]
}

# SIGTERM (podman stop) must end the server by itself, with status 0, within 10 s (Docker's
# default grace before SIGKILL). About a second on an idle machine, but closing the embedded
# database has been seen to take 9 s on a 2-core machine at load 25, so podman waits 30 s before
# killing: a slow stop is reported as slow, not as killed.
stops_cleanly() {
  local from=$(date +%s%N) ms code
  podman stop -t 30 "$1" >/dev/null 2>>"$work/podman.log" || return 1
  ms=$(( ($(date +%s%N) - from) / 1000000 ))
  code=$(podman inspect -f '{{.State.ExitCode}}' "$1")
  echo "   stopped in $ms ms, exit status $code"
  [ "$ms" -lt 10000 ] && [ "$code" = 0 ]
}

make_client() { env -u ADMIN_USERNAME "$@" LOG_LEVEL=warn npx tsx scripts/docker/make-client.ts >"$work/client.json" && grep -q client_secret "$work/client.json"; }

build_image() {
  local mode=${DOCKER_BUILD:-}
  if [ -z "$mode" ]; then
    if [ -f .next/BUILD_ID ] && [ -f dist/server.mjs ]; then mode=prebuilt; else mode=full; fi
  fi
  echo "   build: $mode"
  if [ "$mode" = prebuilt ]; then
    bash scripts/docker/prebuilt-context.sh "$work/context" || return 1
    podman build -q --target prebuilt -f Dockerfile -t "$image" "$work/context" >/dev/null || return 1
    rm -rf "$work/context"
  else
    podman build -q -t "$image" . >/dev/null || return 1
  fi
  local size
  size=$(podman image inspect -f '{{.Size}}' "$image")
  echo "   image size: $(( size / 1000000 )) MB"
  times+=("image size: $(( size / 1000000 )) MB ($mode)")
}

run_alone() {
  local url=http://127.0.0.1:$alone_port data=$work/data
  mkdir -p "$data" && chown 1000:1000 "$data"
  # (podman's complaint that it cannot schedule health checks without systemd goes to the log.)
  podman run -d --name "$alone" -p "127.0.0.1:$alone_port:3000" -v "$data:/data" \
    -e AUTH_SECRET=$secret -e ISSUER=$url -e ADMIN_USERNAME=$admin_user -e "ADMIN_PASSWORD=$admin_password" -e BCRYPT_COST=4 \
    "$image" >/dev/null 2>"$work/podman.log" || { cat "$work/podman.log"; return 1; }
  check 'image alone: healthy on the embedded database' healthy_within "$url" 120 || { podman logs "$alone" | tail -20; return 1; }
  check 'image alone: HEALTHCHECK kept in the image' health_check_kept "$image"
  check 'image alone: runs as uid 1000' runs_as_1000 "$alone"
  check 'image alone: discovery names the issuer' discovery_names "$url"
  check 'image alone: a page renders' page_answers "$url"
  local keys; keys=$(signing_keys "$url")
  check 'image alone: SIGTERM stops it cleanly' stops_cleanly "$alone"
  # The embedded database admits one process: the client is made while the server is stopped.
  check 'image alone: a client registered in its data folder' make_client DATA_DIR="$data"
  chown -R 1000:1000 "$data"
  podman start "$alone" >/dev/null 2>>"$work/podman.log"
  check 'image alone: healthy again after a restart' healthy_within "$url" 120
  check 'image alone: restart keeps the data (same signing keys)' test "$(signing_keys "$url")" = "$keys"
  check 'image alone: client_credentials token' token_issued "$url"
  check 'image alone: introspection says active' token_active "$url"
  podman rm -f -v -t 5 "$alone" >/dev/null
}

run_compose() {
  local url=http://127.0.0.1:$compose_port app="${project}_gatehouse_1"
  export ISSUER=$url
  "${compose[@]}" up -d >"$work/compose.log" 2>&1 || { cat "$work/compose.log"; return 1; }
  check 'compose: healthy on PostgreSQL' healthy_within "$url" 180 || { podman logs "$app" 2>&1 | tail -20; return 1; }
  check 'compose: runs as uid 1000' runs_as_1000 "$app"
  check 'compose: discovery names the issuer' discovery_names "$url"
  check 'compose: a page renders' page_answers "$url"
  check 'compose: the first admin has the name given' first_admin_named "${project}_postgres_1"
  check 'compose: a client registered in PostgreSQL' make_client DATABASE_URL="postgres://gatehouse:$postgres_password@127.0.0.1:$postgres_port/gatehouse"
  check 'compose: client_credentials token' token_issued "$url"
  check 'compose: introspection says active' token_active "$url"
  check 'compose: SIGTERM stops it cleanly' stops_cleanly "$app"
  podman start "$app" >/dev/null 2>>"$work/podman.log"
  check 'compose: healthy again after a restart' healthy_within "$url" 120
  check 'compose: restart keeps the data (the token is still active)' token_active "$url"
  remove_containers
}

# podman-compose 1.0.3 passed `${ADMIN_USERNAME:-}` through literally: the admin must have the
# name given, and no user may be named after an unsubstituted variable.
first_admin_named() {
  local names
  names=$(podman exec "$1" psql -U gatehouse -d gatehouse -Atc "select username from users where username = '$admin_user' or username like '\${%'")
  [ "$names" = "$admin_user" ] || { echo "   users: $names"; return 1; }
}

remove_containers
step 'tools (podman, buildah, podman-compose, debootstrap)' bash scripts/docker/setup.sh || exit 1
step 'base images (made once, then kept)' bash scripts/docker/base-images.sh || exit 1
step 'image build' build_image || exit 1
step 'image alone on the embedded database' run_alone
step 'docker-compose.yml with PostgreSQL' run_compose
