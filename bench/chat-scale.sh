#!/usr/bin/env bash
# Scale run of the chat scenario: 2,000 concurrent WebSocket users through the balancer,
# one design after the other, with a crash. Prints the result table (with each process's
# peak memory) and writes the JSON report. Takes about a minute on two cores.
#   bash bench/chat-scale.sh [extra statebench flags]
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
node bin/statebench.js run chat --users 2000 --think 2s --duration 15s --seed 2000 --crash server-1 --out reports "$@"
