#!/usr/bin/env bash
# Checks the dense-layer products (engine/gemm.*) on both of their code paths, and the
# WebAssembly activations' vector exp and tanh (engine/expf4.hpp, tanhf4.hpp), and optionally
# benchmarks the products. The CMake build only ever sees the Eigen path; this script also compiles
# tests/test_gemm.cpp to WebAssembly with the shipped module's flags (BNLAB_WASM_FLAGS in
# CMakeLists.txt: -msimd128, so the hand-written f32x4 kernels are used, and -fwasm-exceptions),
# and runs it under Node.
#
#   tests/gemm_check.sh            tests: native float32 + float64 (Eigen path), wasm float32 (f32x4
#                                  kernels) + wasm float64 (Eigen path)
#   tests/gemm_check.sh --bench    the same, then engine/tools/gemm_bench natively and in wasm, and an
#                                  experiment: the kernels on relaxed SIMD fused multiply-add
#
# Every test binary here is linked with -Wl,--wrap=malloc,... so that the "never allocate heap
# memory" test case is compiled in (BNLAB_GEMM_COUNT_MALLOC); the CMake test binaries leave it out.
# Needs g++, Debian's em++ (Emscripten 3.1.6), node, Eigen 3.4 and doctest. Outputs go to build/gemm_check/.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/build/gemm_check"
mkdir -p "$out/include"
# doctest lives in /usr/include, which must not be put on em++'s include path (it would shadow
# Emscripten's libc headers with glibc's), so expose just that directory.
ln -sfn /usr/include/doctest "$out/include/doctest"
# Emscripten emits CommonJS; the repository's package.json says "type": "module", so say otherwise here.
echo '{ "type": "commonjs" }' >"$out/package.json"

export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"  # Debian's em++ needs acorn from here
CXX="${CXX:-g++}"
EMXX="${EMXX:-em++}"

common=(-std=c++17 -I/usr/include/eigen3 -I"$root/engine")
# test_vector_math.cpp: the activations' four-lane exp and tanh against the scalar functions, bit for bit
# (WebAssembly float32 only; it compiles to nothing elsewhere).
test_sources=("$root/tests/doctest_main.cpp" "$root/tests/test_gemm.cpp" "$root/tests/test_vector_math.cpp"
  "$root/engine/gemm.cpp" "$root/engine/rng.cpp")
count_malloc=(-DBNLAB_GEMM_COUNT_MALLOC -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc)
# Node 20 cannot fetch a separate .wasm by file path with this Emscripten's loader: embed it.
wasm_link=(-sSINGLE_FILE=1 -sALLOW_MEMORY_GROWTH=1)
# The WebAssembly compile flags of the shipped module, read from their one definition in
# CMakeLists.txt (`set(BNLAB_WASM_FLAGS ...)`, applied to every object and, for the exception
# mode, to the link), so these kernels are tested as the page runs them.
flags_line='s/^[[:space:]]*set(BNLAB_WASM_FLAGS[[:space:]]\{1,\}\(.*\))[[:space:]]*$/\1/p'
read -r -a wasm_flags <<<"$(sed -n "$flags_line" "$root/CMakeLists.txt")"
if ((${#wasm_flags[@]} == 0)); then
  echo "error: no 'set(BNLAB_WASM_FLAGS ...)' line in $root/CMakeLists.txt to read the WebAssembly flags from" >&2
  exit 1
fi

# g++ 12 prints pages of warnings from inside Eigen's AVX-512 code: keep them in a log, show it on failure.
native_compile() {
  local log="$out/$1.log"
  shift
  "$CXX" "$@" 2>"$log" || { cat "$log"; exit 1; }
}

echo "== native tests (Eigen path), float32 and float64"
native_compile test_native_f32 -O2 -march=native "${common[@]}" -I"$out/include" "${test_sources[@]}" \
  "${count_malloc[@]}" -o "$out/test_gemm_native_f32"
native_compile test_native_f64 -O2 -march=native -DBNLAB_DOUBLE "${common[@]}" -I"$out/include" "${test_sources[@]}" \
  "${count_malloc[@]}" -o "$out/test_gemm_native_f64"
"$out/test_gemm_native_f32" --no-colors
"$out/test_gemm_native_f64" --no-colors

echo "== WebAssembly tests: float32 (f32x4 kernels) and float64 (Eigen path), under node (${wasm_flags[*]})"
"$EMXX" -O3 "${wasm_flags[@]}" "${common[@]}" -I"$out/include" "${test_sources[@]}" "${count_malloc[@]}" \
  "${wasm_link[@]}" -o "$out/test_gemm_wasm_f32.js"
"$EMXX" -O3 "${wasm_flags[@]}" -DBNLAB_DOUBLE "${common[@]}" -I"$out/include" "${test_sources[@]}" \
  "${count_malloc[@]}" "${wasm_link[@]}" -o "$out/test_gemm_wasm_f64.js"
node "$out/test_gemm_wasm_f32.js" --no-colors
node "$out/test_gemm_wasm_f64.js" --no-colors

if [[ "${1:-}" == "--bench" ]]; then
  bench_sources=("$root/engine/gemm.cpp" "$root/engine/tools/gemm_bench.cpp")
  echo "== benchmark, native (-O3 -march=native)"
  native_compile bench_native -O3 -march=native -DNDEBUG "${common[@]}" "${bench_sources[@]}" -o "$out/gemm_bench_native"
  "$out/gemm_bench_native"
  echo "== benchmark, WebAssembly (-O3 ${wasm_flags[*]}) under node"
  "$EMXX" -O3 "${wasm_flags[@]}" -DNDEBUG "${common[@]}" "${bench_sources[@]}" -sSINGLE_FILE=1 \
    -o "$out/gemm_bench_wasm.js"
  node "$out/gemm_bench_wasm.js"

  # An experiment, not the shipped build: the f32x4 kernels on relaxed SIMD's fused multiply-add
  # (engine/gemm.cpp BNLAB_RELAXED_MADD; web/tools/relaxed-madd.mjs rewrites LLVM 14's early opcode
  # to the standard one). Node 20 runs it behind a flag; its accuracy is checked first.
  relaxed=(-mrelaxed-simd -DBNLAB_RELAXED_MADD)
  node_relaxed=(node)
  node --experimental-wasm-relaxed-simd -e 0 2>/dev/null && node_relaxed+=(--experimental-wasm-relaxed-simd)
  echo "== experiment: relaxed SIMD f32x4.relaxed_madd in the kernels (${node_relaxed[*]})"
  "$EMXX" -O3 "${wasm_flags[@]}" "${relaxed[@]}" "${common[@]}" -I"$out/include" "${test_sources[@]}" \
    "${count_malloc[@]}" "${wasm_link[@]}" -o "$out/test_gemm_wasm_relaxed.js"
  node "$root/web/tools/relaxed-madd.mjs" "$out/test_gemm_wasm_relaxed.js"
  "${node_relaxed[@]}" "$out/test_gemm_wasm_relaxed.js" --no-colors
  "$EMXX" -O3 "${wasm_flags[@]}" "${relaxed[@]}" -DNDEBUG "${common[@]}" "${bench_sources[@]}" -sSINGLE_FILE=1 \
    -o "$out/gemm_bench_wasm_relaxed.js"
  node "$root/web/tools/relaxed-madd.mjs" "$out/gemm_bench_wasm_relaxed.js"
  "${node_relaxed[@]}" "$out/gemm_bench_wasm_relaxed.js"
fi
