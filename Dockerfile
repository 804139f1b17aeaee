# billing-mocks as a container: the mock server on port 4010, every API under /<id>, docs at /docs.
#   docker build -t billing-mocks .
#   docker run --rm -p 4010:4010 -e BILLING_MOCKS_ADMIN_TOKEN=change-me-please billing-mocks
# It listens on 0.0.0.0 inside the container, so the admin API (/__admin) needs a token: without
# BILLING_MOCKS_ADMIN_TOKEN (8+ characters) or BILLING_MOCKS_NO_ADMIN=1 the server refuses to start and says so.
# Any option of `billing-mocks start` can be given as a BILLING_MOCKS_* variable (docs/configuration.md).
# test/packaging/docker.test.ts runs this file's packing steps and start command without Docker.

# Build: compile TypeScript, then keep exactly what the npm package holds, with production dependencies only.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run build
RUN npm pack --ignore-scripts --pack-destination /tmp
RUN mkdir /out && tar -xzf /tmp/billing-mocks-*.tgz -C /out --strip-components=1
RUN cp package-lock.json /out/ && cd /out && npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# Run: the package and its production dependencies, owned by root and run by the unprivileged "node" user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    BILLING_MOCKS_HOST=0.0.0.0 \
    BILLING_MOCKS_PORT=4010
WORKDIR /app
COPY --from=build /out ./
USER node
EXPOSE 4010
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.BILLING_MOCKS_PORT || 4010) + '/health').then((res) => process.exit(res.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/billing-mocks.js", "start"]
