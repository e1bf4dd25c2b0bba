// Micro-benchmark of the dense-layer products: Eigen's `C.noalias() = A * B` against
// bnlab::gemm_nn / gemm_nt / gemm_tn, on the shapes the demo networks use.
//
// The same source runs natively, where bnlab's functions are Eigen called on blocks small enough
// for its workspace to stay on the stack (the same speed as plain Eigen, or faster where plain
// Eigen would malloc and free its workspace on every call), and in WebAssembly, where they are
// the f32x4 kernels:
//   both:    tests/gemm_check.sh --bench
//   native:  build/native/gemm_bench              (the CMake build, -O3 -march=native)
//   wasm:    NODE_PATH=/usr/share/nodejs em++ -O3 -msimd128 -std=c++17 -DNDEBUG
//              -I/usr/include/eigen3 -Iengine engine/gemm.cpp engine/tools/gemm_bench.cpp
//              -sSINGLE_FILE=1 -o gemm_bench.js  &&  node gemm_bench.js
// Prints GFLOP/s (2·m·n·k per product) and, per network, a whole training step's worth of products
// (forward Z = W·A_prev, dW = dZ·A_prevᵀ and dA_prev = Wᵀ·dZ of every layer but the first).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "gemm.hpp"

namespace {

using bnlab::Matrix;
using Clock = std::chrono::steady_clock;

enum class Op { nn, nt, tn };

struct Case {
  const char* network;  // shapes are grouped by network, one training step per group
  const char* role;     // which product of which layer
  Op op;
  int m, n, k;          // C(m, n), inner dimension k
};

// Per layer with W (out, in) and batch b: forward Z = W·A_prev (nn: out, b, in),
// dW = dZ·A_prevᵀ (nt: out, in, b) and, except for the first layer, dA_prev = Wᵀ·dZ (tn: in, b, out).
const Case kCases[] = {
    {"MNIST-PAPER 784-100-100-100-10, batch 60", "L1 Z = W A_prev", Op::nn, 100, 60, 784},
    {"MNIST-PAPER 784-100-100-100-10, batch 60", "L1 dW = dZ A_prev^T", Op::nt, 100, 784, 60},
    {"MNIST-PAPER 784-100-100-100-10, batch 60", "L2,3 Z = W A_prev (x2)", Op::nn, 100, 60, 100},
    {"MNIST-PAPER 784-100-100-100-10, batch 60", "L2,3 dW = dZ A_prev^T (x2)", Op::nt, 100, 100, 60},
    {"MNIST-PAPER 784-100-100-100-10, batch 60", "L2,3 dA_prev = W^T dZ (x2)", Op::tn, 100, 60, 100},
    {"MNIST-PAPER 784-100-100-100-10, batch 60", "L4 Z = W A_prev", Op::nn, 10, 60, 100},
    {"MNIST-PAPER 784-100-100-100-10, batch 60", "L4 dW = dZ A_prev^T", Op::nt, 10, 100, 60},
    {"MNIST-PAPER 784-100-100-100-10, batch 60", "L4 dA_prev = W^T dZ", Op::tn, 100, 60, 10},
    {"TOY 2-8-8-8-8-1, batch 32", "L1 Z = W A_prev", Op::nn, 8, 32, 2},
    {"TOY 2-8-8-8-8-1, batch 32", "L1 dW = dZ A_prev^T", Op::nt, 8, 2, 32},
    {"TOY 2-8-8-8-8-1, batch 32", "L2-4 Z = W A_prev (x3)", Op::nn, 8, 32, 8},
    {"TOY 2-8-8-8-8-1, batch 32", "L2-4 dW = dZ A_prev^T (x3)", Op::nt, 8, 8, 32},
    {"TOY 2-8-8-8-8-1, batch 32", "L2-4 dA_prev = W^T dZ (x3)", Op::tn, 8, 32, 8},
    {"TOY 2-8-8-8-8-1, batch 32", "L5 Z = W A_prev", Op::nn, 1, 32, 8},
    {"TOY 2-8-8-8-8-1, batch 32", "L5 dW = dZ A_prev^T", Op::nt, 1, 8, 32},
    {"TOY 2-8-8-8-8-1, batch 32", "L5 dA_prev = W^T dZ", Op::tn, 8, 32, 1},
    {"GRID forward 2-32-32-32-1, 4096 points", "L1 Z = W A_prev", Op::nn, 32, 4096, 2},
    {"GRID forward 2-32-32-32-1, 4096 points", "L2,3 Z = W A_prev (x2)", Op::nn, 32, 4096, 32},
    {"GRID forward 2-32-32-32-1, 4096 points", "L4 Z = W A_prev", Op::nn, 1, 4096, 32},
    {"(extra) dA_prev of a 784-input layer", "Wt dZ, W 100x784", Op::tn, 784, 60, 100},
};

// How many times a shape occurs in one training step (the "(x2)" in its role).
int repeats_in_step(const Case& c) {
  const std::string role = c.role;
  if (role.find("(x3)") != std::string::npos) return 3;
  if (role.find("(x2)") != std::string::npos) return 2;
  return 1;
}

const char* op_name(Op op) { return op == Op::nn ? "nn" : op == Op::nt ? "nt" : "tn"; }

// Calls in one timed batch: enough for the batch to last at least ~10 ms.
template <class F>
int calls_per_batch(F&& call) {
  for (int calls = 1;; calls *= 2) {
    const auto t0 = Clock::now();
    for (int r = 0; r < calls; ++r) call();
    if (std::chrono::duration<double>(Clock::now() - t0).count() >= 0.01) return calls;
  }
}

template <class F>
double seconds_per_call(F&& call, int calls) {
  const auto t0 = Clock::now();
  for (int r = 0; r < calls; ++r) call();
  return std::chrono::duration<double>(Clock::now() - t0).count() / calls;
}

struct Timing {
  double eigen_s = 1e30, bnlab_s = 1e30;  // best time of one call, in seconds
};

// Times the two implementations in alternating batches and keeps the best batch of each, so that
// a burst of load from other processes on the machine hits both alike and rarely hits the best.
template <class E, class K>
Timing race(E&& eigen, K&& kernel) {
  const int eigen_calls = calls_per_batch(eigen);
  const int kernel_calls = calls_per_batch(kernel);
  Timing t;
  for (int batch = 0; batch < 15; ++batch) {
    t.eigen_s = std::min(t.eigen_s, seconds_per_call(eigen, eigen_calls));
    t.bnlab_s = std::min(t.bnlab_s, seconds_per_call(kernel, kernel_calls));
  }
  return t;
}

Timing time_case(const Case& c) {
  // Operand shapes as stored: nn A(m,k) B(k,n); nt A(m,k) B(n,k); tn A(k,m) B(k,n).
  const Matrix A = c.op == Op::tn ? Matrix::Random(c.k, c.m) : Matrix::Random(c.m, c.k);
  const Matrix B = c.op == Op::nt ? Matrix::Random(c.n, c.k) : Matrix::Random(c.k, c.n);
  Matrix C(c.m, c.n);
  Timing t;
  switch (c.op) {
    case Op::nn:
      t = race([&] { C.noalias() = A * B; }, [&] { bnlab::gemm_nn(A, B, C); });
      break;
    case Op::nt:
      t = race([&] { C.noalias() = A * B.transpose(); }, [&] { bnlab::gemm_nt(A, B, C); });
      break;
    case Op::tn:
      t = race([&] { C.noalias() = A.transpose() * B; }, [&] { bnlab::gemm_tn(A, B, C); });
      break;
  }
  // Keep the results observable so the products cannot be optimised away.
  static volatile float sink = 0;
  sink = sink + static_cast<float>(C.sum());
  return t;
}

}  // namespace

int main() {
#ifdef __EMSCRIPTEN__
  const char* platform = "WebAssembly";
#else
  const char* platform = "native";
#endif
  std::printf("gemm_bench (%s, %s, bnlab path: %s)\n", platform, sizeof(bnlab::Scalar) == 4 ? "float32" : "float64",
              bnlab::gemm_uses_simd128_kernels() ? "f32x4 kernels" : "Eigen");
  std::printf("%-30s %2s %5s %5s %5s %9s %9s %7s\n", "product", "op", "m", "n", "k", "Eigen", "bnlab", "ratio");
  std::printf("%-30s %2s %5s %5s %5s %9s %9s %7s\n", "", "", "", "", "", "GFLOP/s", "GFLOP/s", "");

  std::string network;
  double step_flops = 0, step_eigen_s = 0, step_bnlab_s = 0;
  auto print_step = [&] {
    if (network.empty() || network[0] == '(') return;
    std::printf("%-30s %23s %9.2f %9.2f %7.2f\n", "  one training step", "", step_flops / step_eigen_s * 1e-9,
                step_flops / step_bnlab_s * 1e-9, step_eigen_s / step_bnlab_s);
  };
  for (const Case& c : kCases) {
    if (network != c.network) {
      print_step();
      network = c.network;
      step_flops = step_eigen_s = step_bnlab_s = 0;
      std::printf("%s\n", c.network);
    }
    const Timing t = time_case(c);
    const double flops = 2.0 * c.m * c.n * c.k;
    const int reps = repeats_in_step(c);
    step_flops += reps * flops;
    step_eigen_s += reps * t.eigen_s;
    step_bnlab_s += reps * t.bnlab_s;
    std::printf("  %-28s %2s %5d %5d %5d %9.2f %9.2f %7.2f\n", c.role, op_name(c.op), c.m, c.n, c.k,
                flops / t.eigen_s * 1e-9, flops / t.bnlab_s * 1e-9, t.eigen_s / t.bnlab_s);
  }
  print_step();
  std::printf("ratio = bnlab speed / Eigen speed in this build\n");
  return 0;
}
