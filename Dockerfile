# syntax=docker/dockerfile:1
# Gatehouse production image: the lean server (`npm start`, dist/server.mjs) — the hot protocol
# endpoints served straight from lib/, pages through Next's request handler — run as the
# unprivileged `node` user (uid 1000). PostgreSQL via DATABASE_URL (see docker-compose.yml), or
# the embedded database in the /data volume when DATABASE_URL is unset (one container only).
#
#   docker build -t gatehouse .                      installs and builds inside the image
#   docker build --target prebuilt -t gatehouse CTX  packs a build made outside (CI does this:
#                                                    scripts/docker/prebuilt-context.sh makes CTX)
#
# (Next's `output: standalone` is not used: it brings its own server.js, which would bypass the
# lean path.)

ARG NODE_IMAGE=node:20-bookworm-slim

# --- all dependencies: the build needs TypeScript, Tailwind and esbuild ---------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# --- production dependencies only, for the runtime image ----------------------------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json scripts/docker/prune-runtime.sh ./
# The compiler (SWC) and the image optimiser are build-time tools: the runtime never loads them.
RUN npm ci --omit=dev --no-audit --no-fund && sh prune-runtime.sh node_modules && rm prune-runtime.sh

# --- build: next build + the lean server bundle ------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# The repository may have no public/ folder; the runtime stage copies one either way.
RUN mkdir -p public && npm run build && rm -rf .next/cache

# --- what every runtime image shares ------------------------------------------------------------
FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    LISTEN_HOST=0.0.0.0 \
    DATA_DIR=/data
# The embedded database and a generated AUTH_SECRET live here when DATABASE_URL is unset.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
EXPOSE 3000
# Liveness plus a database round trip; the slim image has no curl, so Node's fetch does it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/server.mjs"]

# --- a build made outside the image (a context of exactly the runtime files) ---------------------
FROM base AS prebuilt
COPY --chown=node:node runtime/ ./
USER node

# --- default: built inside the image ---------------------------------------------------------------
FROM base AS runtime
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/package.json /app/next.config.mjs ./
COPY --from=build --chown=node:node /app/lib/security-headers.mjs ./lib/security-headers.mjs
COPY --from=build --chown=node:node /app/.next ./.next
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/public ./public
COPY --from=build --chown=node:node /app/db/migrations ./db/migrations
USER node
