# syntax=docker/dockerfile:1
# Gatehouse production image: a standalone Next.js build (server.js + the traced node_modules),
# run as the unprivileged `node` user. PostgreSQL via DATABASE_URL (see docker-compose.yml), or the
# embedded database in the /data volume when DATABASE_URL is unset (one container only).

ARG NODE_IMAGE=node:20-bookworm-slim

# --- dependencies (dev ones too: the build needs TypeScript and Tailwind) -----------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# --- build ---------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 NEXT_OUTPUT=standalone
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# The repository may have no public/ folder; the runtime stage copies one either way.
RUN mkdir -p public && npx next build

# --- runtime -------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    DATA_DIR=/data

# server.js chdirs to /app: static assets, public files and the SQL migrations sit beside it
# (STACK-NOTES pitfall 7: standalone output does not copy .next/static by itself).
COPY --from=build --chown=node:node /app/.next/standalone ./
COPY --from=build --chown=node:node /app/.next/static ./.next/static
COPY --from=build --chown=node:node /app/public ./public
COPY --from=build --chown=node:node /app/db/migrations ./db/migrations

# The embedded database and a generated AUTH_SECRET live here when DATABASE_URL is unset.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]

USER node
EXPOSE 3000

# Liveness plus a database round trip; the slim image has no curl, so Node's fetch does it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

CMD ["node", "server.js"]
