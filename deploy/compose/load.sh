#!/bin/sh
# The `load` service of docker-compose.yml: one shard of a run against the stateless fleet's
# HAProxy. Scaled (`--scale load=N`, with SHARDS=N), each copy claims the lowest free shard
# index by creating a folder in the shared reports volume (mkdir is atomic), then waits for
# the shared START_AT so every shard's clock lines up (docs/remote.md).
set -eu
: "${SHARDS:=1}"
: "${SEED:=42}"
: "${START_AT:=}"
: "${DURATION:=20s}"
: "${USERS:=50}"
run="/reports/${RUN:-compose}"
mkdir -p "$run/claims"
index=1
while ! mkdir "$run/claims/$index" 2>/dev/null; do
  index=$((index + 1))
  if [ "$index" -gt "$SHARDS" ]; then
    echo "load: every shard of $SHARDS is taken in $run/claims (set SHARDS to the --scale count, or a new RUN)" >&2
    exit 2
  fi
done
set -- run pizza --url http://haproxy-stateless:8080 \
  --server server-1=http://pizza-stateless-1:4100 \
  --server server-2=http://pizza-stateless-2:4100 \
  --server server-3=http://pizza-stateless-3:4100 \
  --design stateless --users "$USERS" --duration "$DURATION" --seed "$SEED" \
  --shard "$index/$SHARDS" --out "$run" --quiet
if [ -n "$START_AT" ]; then set -- "$@" --start-at "$START_AT"; fi
exec node bin/statebench.js "$@"
