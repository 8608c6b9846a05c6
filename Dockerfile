# One image for both processes: the API (default command) and the worker (docker-compose.yml overrides the command).
# Build: docker build -t chengyun .   Run: see docker-compose.yml.

# --- build: compile TypeScript, then drop dev dependencies --------------------------------------------------------
FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund \
  && mkdir -p apps/web

# --- runtime: compiled JavaScript, production dependencies, no compilers -------------------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# package.json is needed at run time: its "imports" map resolves `#core`, `#platform`… to dist/.
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The browser console, served by the API as static files (an empty folder until apps/web exists).
COPY --from=build --chown=node:node /app/apps/web ./apps/web
# ./data holds the SQLite event store when EVENT_STORE=sqlite (the compose setup uses EventStoreDB instead).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
