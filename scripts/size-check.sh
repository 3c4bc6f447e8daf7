#!/usr/bin/env bash
# The release build's size, gzipped (-9): the wasm and the JS glue together must stay within
# SIZE_BUDGET_KB (a ratchet: lowered as the build shrinks; #15's goal is 350).
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET_KB="${SIZE_BUDGET_KB:-789}"
total=0
for f in dist/*.wasm dist/*.js; do
  [ -f "$f" ] || continue
  n=$(gzip -9 -c "$f" | wc -c)
  printf '  %-28s %8d bytes raw, %7d gzipped\n' "$(basename "$f")" "$(wc -c < "$f")" "$n"
  total=$((total + n))
done
kb=$(( (total + 1023) / 1024 ))
echo "release build: ${kb} KB gzipped (budget ${BUDGET_KB} KB)"
if [ "$total" -eq 0 ]; then
  echo "no build in dist/: run make build" >&2
  exit 1
fi
if [ "$kb" -gt "$BUDGET_KB" ]; then
  echo "the release build grew past its budget: ${kb} KB > ${BUDGET_KB} KB" >&2
  exit 1
fi
