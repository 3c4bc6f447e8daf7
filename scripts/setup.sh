#!/usr/bin/env bash
# Installs what building (and with --test, testing) Tapedeck needs, skipping what is already
# there. Idempotent and quick when everything is installed. Downloads only from package
# registries: rustup's wasm target, crates.io, npm and Debian.
#
#   scripts/setup.sh          build tools: wasm32 target, Trunk, wasm-bindgen-cli, wasm-opt
#   scripts/setup.sh --test   also Chromium + chromedriver (apt) and the end-to-end test packages (npm)
#
# Tools go to $TOOLS_DIR (default ~/.cache/tapedeck/tools), outside the checkout so clean clones
# (CI) reuse them; nothing is installed system-wide except the Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS_DIR="${TOOLS_DIR:-$HOME/.cache/tapedeck/tools}"
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132.0.0"
mkdir -p "$TOOLS_DIR"
export PATH="$TOOLS_DIR/bin:$TOOLS_DIR/npm/node_modules/.bin:$PATH"

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

# 1. The wasm32 target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for c in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$c"; then
    say "adding $c"
    rustup component add "$c"
  fi
done

# 2. Trunk (0.21.x: 0.22 needs a newer rustc than this machine's).
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 10 minutes the first time)"
  cargo install --locked trunk --version "$TRUNK_VERSION" --root "$TOOLS_DIR"
fi

# 3. wasm-bindgen-cli at exactly the version Cargo.lock pins (without --locked: its own
#    lockfile wants a crate release the registry does not have).
WB_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ -z "$WB_VERSION" ]; then echo "setup: cannot find wasm-bindgen in Cargo.lock" >&2; exit 1; fi
if ! grep -q "^wasm_bindgen = \"$WB_VERSION\"" Trunk.toml; then
  echo "setup: Trunk.toml [tools] wasm_bindgen must be \"$WB_VERSION\" (the version Cargo.lock pins)" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WB_VERSION" ]; then
  say "installing wasm-bindgen-cli $WB_VERSION (about 5 minutes the first time)"
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --root "$TOOLS_DIR" --force
fi

# 4. wasm-opt from npm's binaryen (Debian's binaryen 108 silently builds a blank app).
if ! "$TOOLS_DIR/npm/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version_${BINARYEN_VERSION%%.*}"; then
  say "installing wasm-opt (npm binaryen@$BINARYEN_VERSION)"
  mkdir -p "$TOOLS_DIR/npm"
  (cd "$TOOLS_DIR/npm" && { [ -f package.json ] || echo '{"private":true}' > package.json; } \
     && npm install --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION")
fi

# 5. Crates for offline builds (trunk --offline passes --offline to cargo).
cargo fetch --locked >/dev/null 2>&1 || cargo fetch --locked

if [ "${1:-}" = "--test" ]; then
  # 6. Chromium and chromedriver from Debian.
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing chromium and chromium-driver (apt)"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  # 7. End-to-end test runner (Playwright with the system Chromium; it never downloads a browser).
  if ! cmp -s tests/e2e/package-lock.json tests/e2e/node_modules/.installed-lock.json 2>/dev/null; then
    say "installing end-to-end test packages (npm ci)"
    (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent \
       && cp package-lock.json node_modules/.installed-lock.json)
  fi
fi
say "tools ready"
