# Image for the worker and the dashboard on ECS Fargate; infra/ passes the command and environment.
# Not built in CI here (no Docker engine on the build machines): see docs/infra.md for the deploy steps.
# The dashboard's web page is built in a first stage (with the dev dependencies that bundle it) and only the built
# files are copied into the runtime image, which the dashboard process serves itself.
FROM node:24-bookworm-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY dashboard dashboard
RUN node --import tsx dashboard/build-web.ts

FROM node:24-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm install --no-save tsx@4 && npm cache clean --force
COPY config config
COPY db db
COPY domain domain
COPY activities activities
COPY workflows workflows
COPY workers workers
COPY starters starters
COPY dashboard dashboard
# Imported by the entry points too (test/infra/compute.test.ts follows their imports): metrics and the stack helpers
# by workers/main.ts and dashboard/main.ts, the sample generator by the CLI (db-bootstrap runs through it).
COPY metrics metrics
COPY stack stack
COPY generator generator
COPY --from=web /app/dist/dashboard dist/dashboard
COPY tsconfig.json ./
USER node
CMD ["node", "--max-old-space-size=1536", "--import", "tsx", "workers/main.ts"]
