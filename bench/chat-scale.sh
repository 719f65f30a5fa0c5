#!/usr/bin/env bash
# Scale runs of the chat scenario, through the balancer, on this machine.
#   bash bench/chat-scale.sh [extra statebench flags]
#       2,000 concurrent WebSocket users, both designs one after the other, server-1
#       killed at 6 s. About a minute on two cores.
#   CHAT_USERS=10000 bash bench/chat-scale.sh
#       The issue's target: 10,000 users of the stateless design, --think 2s, 15 s of
#       load, no fault. Heavy: run it on an otherwise idle machine.
# Prints the table (with each process's peak memory), the wall time, the machine and
# Node, and writes the JSON report under reports/.
set -euo pipefail
cd "$(dirname "$0")/.."
users="${CHAT_USERS:-2000}"
# Each user's WebSocket is two sockets in the balancer: 10,000 users need about 20,300
# open files, which statebench splits over balancer workers when one process's limit
# cannot hold them (docs/cli.md, "Many users"). Raise the limit as far as this shell may
# (the hard limit only as root): fewer workers are needed, and the driver, one process,
# has room for more users.
ulimit -Hn 65536 2>/dev/null || true
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
npm run build --silent
if [ "$users" -le 2000 ]; then
  set -- --users "$users" --crash server-1 "$@"
else
  set -- --users "$users" --arch stateless "$@"
fi
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), node $(node --version), ulimit -n $(ulimit -n), load $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
node bin/statebench.js run chat --think 2s --duration 15s --seed 2000 --out reports "$@"
echo "wall time: $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s for 15 s of load"
