#!/usr/bin/env bash
# Makes the base images the Dockerfile and docker-compose.yml name, on this machine and without
# any registry, when they are not in podman's storage yet (they stay there between runs):
#   localhost/debian:bookworm          debootstrap --variant=minbase bookworm
#   localhost/node:20-bookworm-slim    that root file system + this machine's Node.js and npm,
#                                      a `node` user (uid 1000) and the CA bundle
#   localhost/postgres:15              Debian's postgresql-15 with an entrypoint that honours
#                                      POSTGRES_USER, POSTGRES_DB, POSTGRES_PASSWORD and PGDATA
# Short names (`node:20-bookworm-slim`, `postgres:15`) then resolve to these local images.
# Run as root. Set REBUILD_BASE_IMAGES=1 to make them again.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export BUILDAH_FORMAT=docker
rebuild=${REBUILD_BASE_IMAGES:-}

have() { [ -z "$rebuild" ] && podman image exists "$1"; }
elapsed() { echo "   $1 in $(( $(date +%s) - $2 )) s"; }

work=$(mktemp -d /tmp/gatehouse-base.XXXXXX)
trap 'rm -rf "$work"' EXIT

if ! have localhost/debian:bookworm; then
  started=$(date +%s)
  echo "-- making localhost/debian:bookworm (debootstrap)"
  mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
  debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -30 "$work/debootstrap.log"; exit 1; }
  # Apt caches and lists are not needed at run time; a smaller base for every image.
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
  tar -C "$work/rootfs" -c . | podman import --quiet --change 'CMD ["/bin/bash"]' - localhost/debian:bookworm >/dev/null
  rm -rf "$work/rootfs"
  elapsed 'debian:bookworm' "$started"
fi

if ! have localhost/node:20-bookworm-slim; then
  started=$(date +%s)
  echo "-- making localhost/node:20-bookworm-slim (this machine's Node.js $(node -v))"
  mkdir -p "$work/node/usr/bin" "$work/node/usr/lib/node_modules" "$work/node/etc/ssl/certs"
  cp "$(readlink -f "$(command -v node)")" "$work/node/usr/bin/node"
  cp -a /usr/lib/node_modules/npm "$work/node/usr/lib/node_modules/npm"
  cp /etc/ssl/certs/ca-certificates.crt "$work/node/etc/ssl/certs/ca-certificates.crt"
  cat >"$work/node/Containerfile" <<'CONTAINERFILE'
FROM localhost/debian:bookworm
COPY usr /usr
COPY etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/bin/npx \
 && groupadd --gid 1000 node && useradd --uid 1000 --gid node --create-home --shell /bin/bash node
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
CMD ["node"]
CONTAINERFILE
  podman build -q -t localhost/node:20-bookworm-slim "$work/node" >/dev/null
  elapsed 'node:20-bookworm-slim' "$started"
fi

if ! have localhost/postgres:15; then
  started=$(date +%s)
  echo "-- making localhost/postgres:15 (Debian's postgresql-15)"
  mkdir -p "$work/postgres"
  cp "$here/postgres-entrypoint.sh" "$work/postgres/docker-entrypoint.sh"
  cp /etc/ssl/certs/ca-certificates.crt "$work/postgres/ca-certificates.crt"
  cat >"$work/postgres/Containerfile" <<'CONTAINERFILE'
FROM localhost/debian:bookworm
RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb \
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data
VOLUME ["/var/lib/postgresql/data"]
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["postgres"]
CONTAINERFILE
  podman build -q -t localhost/postgres:15 "$work/postgres" >/dev/null
  elapsed 'postgres:15' "$started"
fi
