# The ClientTether source as an Airbyte connector image.
#
# The builder stage needs the dev dependencies: `npm run build` generates TypeScript types from
# the JSON Schemas with json-schema-to-typescript, then compiles with tsc. The final stage holds
# only the compiled connector, the stream schemas it loads at run time and the production
# dependencies, and runs as the image's unprivileged `node` user.

FROM node:20.20.2-bookworm-slim AS builder

WORKDIR /build

COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# tsconfig.json compiles sandbox/ too, so its sources are part of the build input.
COPY tsconfig.json ./
COPY scripts ./scripts
COPY schemas ./schemas
COPY source-clienttether ./source-clienttether
COPY sandbox ./sandbox
RUN npm run build

FROM node:20.20.2-bookworm-slim

WORKDIR /airbyte/integration_code
ENV NODE_ENV=production

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# The compiled streams require their schemas as ../../schemas/<stream>.json, so dist/schemas
# must sit beside dist/source-clienttether.
COPY --from=builder /build/dist/source-clienttether ./dist/source-clienttether
COPY --from=builder /build/dist/schemas ./dist/schemas
# The launcher starts node with the heap limits that keep a long read's memory flat.
COPY bin ./bin

USER node

LABEL io.airbyte.name=airbyte/source-clienttether
LABEL io.airbyte.version=0.1.0

ENV AIRBYTE_ENTRYPOINT="/airbyte/integration_code/bin/source-clienttether"
ENTRYPOINT ["/airbyte/integration_code/bin/source-clienttether"]
