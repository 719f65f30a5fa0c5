# The reference targets and statebench itself, built from this repository: the image the
# top-level docker-compose.yml and deploy/k8s/ run (docs/remote.md).
#   docker build -t statebench:local .
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src src
COPY targets targets
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
COPY bin bin
COPY targets targets
COPY deploy deploy
COPY docs docs
# Reports of the load service go here (a volume in docker-compose.yml).
RUN mkdir -p /reports && chown node:node /reports
USER node
# The servers and the balancer's health checks use this port; each service names its command.
EXPOSE 4100
CMD ["node", "bin/statebench.js", "--help"]
