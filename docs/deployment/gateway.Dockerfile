# NOT BUILT ON THIS MACHINE (there is no Docker engine where this project is developed): the gateway image of
# docs/deployment/compose.yaml, built from the repository root (build context ../..). api/server.ts needs no change:
# everything it needs comes from the environment.
FROM node:22-bookworm-slim

WORKDIR /app
COPY package.json package-lock.json ./
# `npm install`, not `npm ci`: the lockfile names platform packages for other systems that a registry may not serve.
RUN npm install --no-audit --no-fund
COPY . .
# Compiled once here, so that `npm run serve` finds the artifacts; DATA_DIR is a volume owned by the node user.
RUN npx hardhat compile --quiet && mkdir -p /data && chown -R node:node /app /data

USER node
EXPOSE 3000
CMD ["npm", "run", "serve"]
