#!/usr/bin/env bash
# make bench: Tapedeck measured beside rrweb's Replayer, in the same run, on this machine.
#
# 1. Copies ../shared/bench (the reference harness) and ../shared/sessions to a scratch folder
#    outside the checkout (BENCH_DIR, default ~/.cache/tapedeck/anchor), installs it (npm ci).
# 2. Runs rrweb's Replayer there: first frame, 40 seeded seeks, reference screenshots.
# 3. Runs bench/tapedeck-bench.mjs on the built player: the same figures, the frames compared
#    with rrweb's screenshots, determinism, playback at 4×.
# 4. Drags the playhead across monaco-long (bench/scrub-bench.mjs): frames shown per second.
# 5. Opens monaco-long from the home page and leaves it, four times in one tab, printing the
#    renderer's memory and DOM counts after each return (bench/memory-bench.mjs).
# 6. Runs the core's native benchmark (cargo bench).
# RECORDINGS="buggy-checkout rust-book" limits the recordings; REPS sets rrweb's repetitions.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED_BENCH="${SHARED_BENCH:-../shared/bench}"
SHARED_SESSIONS="${SHARED_SESSIONS:-../shared/sessions}"
BENCH_DIR="${BENCH_DIR:-$HOME/.cache/tapedeck/anchor}"
OUT="$(pwd)/target/bench"
RECORDINGS="${RECORDINGS:-buggy-checkout rust-book monaco-long}"
mkdir -p "$BENCH_DIR" "$OUT"

if [ ! -f "$BENCH_DIR/anchor-bench.mjs" ]; then
  cp -r "$SHARED_BENCH"/. "$BENCH_DIR"/
  chmod -R u+w "$BENCH_DIR"
fi
mkdir -p "$BENCH_DIR/recordings"
for f in "$SHARED_SESSIONS"/*; do
  [ -f "$BENCH_DIR/recordings/$(basename "$f")" ] || cp "$f" "$BENCH_DIR/recordings/"
done
for gz in "$BENCH_DIR"/recordings/*.json.gz; do
  [ -f "${gz%.gz}" ] || gunzip -k "$gz"
done
[ -d "$BENCH_DIR/node_modules/rrweb" ] || (cd "$BENCH_DIR" && npm ci --no-audit --no-fund --silent)

echo "== rrweb's Replayer (reference harness) =="
(cd "$BENCH_DIR" && node anchor-bench.mjs --reps "${REPS:-1}" --configs default \
   --out "$OUT/rrweb-results.json" --shots "$OUT/shots-rrweb" $RECORDINGS)

echo "== Tapedeck =="
node bench/tapedeck-bench.mjs --anchor "$BENCH_DIR" --rrweb "$OUT/rrweb-results.json" \
  --shots-rrweb "$OUT/shots-rrweb" --out "$OUT" $RECORDINGS | tee "$OUT/summary.md"

echo "== Scrubbing (the playhead dragged to and fro for 4 s, right after the first frame and once indexed) =="
node bench/scrub-bench.mjs --anchor "$BENCH_DIR" --session monaco-long --early | tee "$OUT/scrub.json"

echo "== Memory comes back (monaco-long opened and left 4 times in one tab) =="
node bench/memory-bench.mjs --session monaco-long --rounds 4 | tee "$OUT/memory.md"

echo "== Work budget (every adversarial recording at 1x and 4x CPU throttling) =="
node bench/longtask-bench.mjs | tee "$OUT/longtasks.md"

echo "== Core (native) =="
cargo bench --offline -p tapedeck-core --bench core
cargo bench --offline -p tapedeck-core --bench inspect
[ -f target/huge/huge-1h.json ] || node scripts/make-huge-session.mjs
cargo bench --offline -p tapedeck-core --bench find

echo "== Find in the browser (keystroke to results painted) =="
node bench/find-bench.mjs --anchor "$BENCH_DIR" | tee "$OUT/find.md"
