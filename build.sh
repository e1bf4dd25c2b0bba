#!/usr/bin/env bash
# BatchNorm Lab: one entry point for setting up, building, testing and serving.
#
#   ./build.sh deps    install what is missing (Debian packages as root, npm packages)
#   ./build.sh build   native engine + tests, WebAssembly module, web bundle
#   ./build.sh test    every test: native doctest (ctest), WASM in Node, the page in Chromium
#   ./build.sh bench   throughput of the engine, native and WASM, side by side
#   ./build.sh serve   build, then serve the demo at http://127.0.0.1:8000/
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
NATIVE_DIR="$ROOT/build/native"
JOBS=${JOBS:-2}

# Debian packages the project needs: package name -> a file that proves it is installed.
declare -A APT_PROBES=(
  [g++]=/usr/bin/g++
  [cmake]=/usr/bin/cmake
  [libeigen3-dev]=/usr/include/eigen3/Eigen/Core
  [doctest-dev]=/usr/include/doctest/doctest.h
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
      echo "install them with:  sudo apt-get install -y $missing" >&2
      exit 1
    fi
  fi
}

build_native() {
  log "native build"
  cmake -S "$ROOT" -B "$NATIVE_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$NATIVE_DIR" -j "$JOBS"
}

build() {
  deps
  build_native
}

test_native() {
  log "native tests (ctest)"
  ctest --test-dir "$NATIVE_DIR" --output-on-failure
}

run_tests() {
  build
  test_native
}

bench() {
  build
  log "native benchmark"
  "$NATIVE_DIR/bench_engine"
}

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

case "${1:-}" in
  deps) deps ;;
  build) build ;;
  test) run_tests ;;
  bench) bench ;;
  *) usage ;;
esac
