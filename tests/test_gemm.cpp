// Tests of the dense-layer products gemm_nn / gemm_nt / gemm_tn.
//
// Natively these exercise the Eigen path; the same file is compiled to WebAssembly with -msimd128
// by tests/gemm_check.sh to exercise the hand-written f32x4 kernels under Node.
//
// Every product is compared with a reference computed in double precision. Tolerance: whatever
// order a kernel sums its k products in, the result obeys (Higham, "Accuracy and Stability of
// Numerical Algorithms", §3.1)
//     |Ĉ(i,j) − C(i,j)| ≤ γ_k · (|Â|·|B̂|)(i,j),   γ_k = k·u / (1 − k·u),  u = eps / 2,
// and the double reference of the float64 build carries the same bound, so we allow
// (k + 1)·eps · (|Â|·|B̂|)(i,j). A wrong index or a dropped term costs about |Â|·|B̂| / k,
// far above that for the sizes tested here.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include "gemm.hpp"
#include "rng.hpp"

namespace {

using bnlab::Matrix;
using bnlab::MatrixD;
using bnlab::Scalar;
using Eigen::Index;

enum class Op { nn, nt, tn };

std::string product_name(Op op) { return op == Op::nn ? "gemm_nn" : op == Op::nt ? "gemm_nt" : "gemm_tn"; }

// Stored shapes of the operands of C(m, n) with inner dimension k:
//   nn: A(m, k), B(k, n)     nt: A(m, k), B(n, k)     tn: A(k, m), B(k, n)
Index a_rows(Op op, Index m, Index k) { return op == Op::tn ? k : m; }
Index a_cols(Op op, Index m, Index k) { return op == Op::tn ? m : k; }
Index b_rows(Op op, Index n, Index k) { return op == Op::nt ? n : k; }
Index b_cols(Op op, Index n, Index k) { return op == Op::nt ? k : n; }

void fill_uniform(bnlab::MatRef M, bnlab::Rng& rng) {
  for (Index j = 0; j < M.cols(); ++j)
    for (Index i = 0; i < M.rows(); ++i) M(i, j) = static_cast<Scalar>(rng.uniform(-1.0, 1.0));
}

void multiply(Op op, bnlab::ConstMatRef A, bnlab::ConstMatRef B, bnlab::MatRef C) {
  switch (op) {
    case Op::nn: bnlab::gemm_nn(A, B, C); break;
    case Op::nt: bnlab::gemm_nt(A, B, C); break;
    case Op::tn: bnlab::gemm_tn(A, B, C); break;
  }
}

// Â and B̂ in double: the matrices the product actually multiplies.
MatrixD lhs_of(Op op, bnlab::ConstMatRef A) {
  const MatrixD a = A.cast<double>();
  return op == Op::tn ? MatrixD(a.transpose()) : a;
}
MatrixD rhs_of(Op op, bnlab::ConstMatRef B) {
  const MatrixD b = B.cast<double>();
  return op == Op::nt ? MatrixD(b.transpose()) : b;
}

// Largest |Ĉ − C| / ((k + 1)·eps·(|Â|·|B̂|)) over the elements: ≤ 1 passes. NaN (e.g. a C that was
// accumulated into instead of overwritten) gives infinity.
double worst_error_ratio(Op op, bnlab::ConstMatRef A, bnlab::ConstMatRef B, bnlab::ConstMatRef C) {
  const MatrixD lhs = lhs_of(op, A), rhs = rhs_of(op, B);
  const MatrixD exact = lhs * rhs;
  const MatrixD magnitude = lhs.cwiseAbs() * rhs.cwiseAbs();
  const double tolerance = static_cast<double>(lhs.cols() + 1) * std::numeric_limits<Scalar>::epsilon();
  double worst = 0.0;
  for (Index j = 0; j < C.cols(); ++j) {
    for (Index i = 0; i < C.rows(); ++i) {
      const double error = std::abs(static_cast<double>(C(i, j)) - exact(i, j));
      const double allowed = tolerance * magnitude(i, j) + std::numeric_limits<double>::min();
      const double ratio = error / allowed;
      worst = std::isnan(ratio) ? std::numeric_limits<double>::infinity() : std::max(worst, ratio);
    }
  }
  return worst;
}

// Multiplies fresh random operands of the given shape into a C that starts as NaN.
double product_error_ratio(Op op, Index m, Index n, Index k, uint64_t seed) {
  bnlab::Rng rng(seed);
  Matrix A(a_rows(op, m, k), a_cols(op, m, k)), B(b_rows(op, n, k), b_cols(op, n, k));
  fill_uniform(A, rng);
  fill_uniform(B, rng);
  Matrix C = Matrix::Constant(m, n, std::numeric_limits<Scalar>::quiet_NaN());
  multiply(op, A, B, C);
  return worst_error_ratio(op, A, B, C);
}

const Op kOps[] = {Op::nn, Op::nt, Op::tn};

}  // namespace

TEST_CASE("the f32x4 kernels are selected exactly in WebAssembly SIMD float32 builds") {
#if defined(__wasm_simd128__) && !defined(BNLAB_DOUBLE)
  CHECK(bnlab::gemm_uses_simd128_kernels());
#else
  CHECK_FALSE(bnlab::gemm_uses_simd128_kernels());
#endif
}

TEST_CASE("each product matches a double-precision reference on all small shapes, multiples of 4 or not") {
  const Index sizes[] = {1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 17};
  uint64_t seed = 1;
  for (Op op : kOps)
    for (Index m : sizes)
      for (Index n : sizes)
        for (Index k : sizes) {
          INFO(product_name(op) << " m=" << m << " n=" << n << " k=" << k);
          CHECK(product_error_ratio(op, m, n, k, seed++) <= 1.0);
        }
}

TEST_CASE("each product matches the reference when the inner dimension spans several cache blocks") {
  const Index inner[] = {255, 256, 257, 513, 784};
  uint64_t seed = 100;
  for (Op op : kOps)
    for (Index k : inner)
      for (Index m : {Index(3), Index(12), Index(21)}) {
        INFO(product_name(op) << " m=" << m << " n=7 k=" << k);
        CHECK(product_error_ratio(op, m, 7, k, seed++) <= 1.0);
      }
}

TEST_CASE("each product matches the reference on the shapes of the demo networks") {
  struct Shape {
    Index m, n, k;
  };
  const Shape shapes[] = {
      {100, 60, 784}, {100, 784, 60}, {784, 60, 100}, {100, 60, 100}, {100, 100, 60},  // MNIST-PAPER
      {10, 60, 100},  {10, 100, 60},  {100, 60, 10},                                   // its output layer
      {8, 32, 2},     {8, 2, 32},     {8, 32, 8},     {1, 32, 8},     {8, 32, 1},      // TOY
      {32, 4096, 2},  {32, 4096, 32}, {1, 4096, 32},                                   // grid evaluation
  };
  uint64_t seed = 200;
  for (Op op : kOps)
    for (const Shape& s : shapes) {
      INFO(product_name(op) << " m=" << s.m << " n=" << s.n << " k=" << s.k);
      CHECK(product_error_ratio(op, s.m, s.n, s.k, seed++) <= 1.0);
    }
}

TEST_CASE("a mostly-zero right operand (MNIST's black pixels) gives the reference product, the dense kernel's bits") {
  // B̂ with 80% zeros takes the zero-skipping path of the f32x4 kernels (nn and nt). The same
  // columns beside as many dense ones (40% zeros overall) take the dense path: skipping zeros
  // must change no bit of them.
  struct Shape {
    Index m, n, k;
  };
  const Shape shapes[] = {{100, 60, 784}, {100, 784, 60}, {100, 512, 784}, {13, 5, 7}, {21, 9, 300}, {3, 4, 257}};
  uint64_t seed = 300;
  for (Op op : {Op::nn, Op::nt})
    for (const Shape& s : shapes) {
      INFO(product_name(op) << " m=" << s.m << " n=" << s.n << " k=" << s.k);
      bnlab::Rng rng(seed++);
      Matrix A(s.m, s.k);
      fill_uniform(A, rng);
      // nn: B(k, 2n) = [sparse | dense];  nt: B(2n, k) = [sparse; dense].
      Matrix both = op == Op::nn ? Matrix(s.k, 2 * s.n) : Matrix(2 * s.n, s.k);
      fill_uniform(both, rng);
      Matrix sparse = op == Op::nn ? Matrix(both.leftCols(s.n)) : Matrix(both.topRows(s.n));
      for (Index i = 0; i < sparse.size(); ++i)
        if (rng.uniform() < 0.8) sparse.data()[i] = 0.0f;
      if (op == Op::nn) both.leftCols(s.n) = sparse;
      else both.topRows(s.n) = sparse;
      Matrix C = Matrix::Constant(s.m, s.n, std::numeric_limits<Scalar>::quiet_NaN());
      Matrix C_both = Matrix::Constant(s.m, 2 * s.n, std::numeric_limits<Scalar>::quiet_NaN());
      multiply(op, A, sparse, C);
      multiply(op, A, both, C_both);
      CHECK(worst_error_ratio(op, A, sparse, C) <= 1.0);
#if defined(__wasm_simd128__) && !defined(BNLAB_DOUBLE)
      // (Natively Eigen may order the sums of a column by the shape of the whole product.)
      CHECK(C == C_both.leftCols(s.n));
#endif
    }
}

TEST_CASE("an empty inner dimension (k = 0) sets every element of C to zero") {
  for (Op op : kOps) {
    INFO(product_name(op));
    const Matrix A(a_rows(op, 5, 0), a_cols(op, 5, 0)), B(b_rows(op, 6, 0), b_cols(op, 6, 0));
    Matrix C = Matrix::Constant(5, 6, std::numeric_limits<Scalar>::quiet_NaN());
    multiply(op, A, B, C);
    CHECK((C.array() == Scalar(0)).all());
  }
}

TEST_CASE("an empty output (m = 0 or n = 0) is accepted and nothing is written") {
  for (Op op : kOps) {
    INFO(product_name(op));
    for (Index m : {Index(0), Index(3)}) {
      const Index n = m == 0 ? 4 : 0;
      const Matrix A = Matrix::Ones(a_rows(op, m, 5), a_cols(op, m, 5));
      const Matrix B = Matrix::Ones(b_rows(op, n, 5), b_cols(op, n, 5));
      Matrix C(m, n);
      multiply(op, A, B, C);
      CHECK(C.size() == 0);
    }
  }
}

TEST_CASE("products read and write blocks with an outer stride and leave the rest of the parent untouched") {
  struct Shape {
    Index m, n, k;
  };
  const Shape shapes[] = {{1, 1, 1}, {3, 5, 2}, {9, 1, 1}, {10, 7, 13}, {13, 6, 300}, {100, 60, 100}};
  constexpr Scalar kSentinel = 7.0;
  uint64_t seed = 300;
  for (Op op : kOps) {
    for (const Shape& s : shapes) {
      INFO(product_name(op) << " m=" << s.m << " n=" << s.n << " k=" << s.k);
      bnlab::Rng rng(seed++);
      // Each operand is a block at offset (2, 3) in a parent with 5 extra rows and 4 extra columns.
      Matrix A_parent(a_rows(op, s.m, s.k) + 5, a_cols(op, s.m, s.k) + 4);
      Matrix B_parent(b_rows(op, s.n, s.k) + 5, b_cols(op, s.n, s.k) + 4);
      fill_uniform(A_parent, rng);
      fill_uniform(B_parent, rng);
      Matrix C_parent = Matrix::Constant(s.m + 5, s.n + 4, kSentinel);
      const bnlab::MatRef A = A_parent.block(2, 3, a_rows(op, s.m, s.k), a_cols(op, s.m, s.k));
      const bnlab::MatRef B = B_parent.block(2, 3, b_rows(op, s.n, s.k), b_cols(op, s.n, s.k));
      bnlab::MatRef C = C_parent.block(2, 3, s.m, s.n);
      C.setConstant(std::numeric_limits<Scalar>::quiet_NaN());

      multiply(op, A, B, C);

      CHECK(worst_error_ratio(op, A, B, C) <= 1.0);
      Matrix outside = C_parent;
      outside.block(2, 3, s.m, s.n).setConstant(kSentinel);
      CHECK((outside.array() == kSentinel).all());
    }
  }
}

// Built only by tests/gemm_check.sh, which links with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc
// so that every direct call to the C allocator (where Eigen gets its heap memory) is counted.
// In WebAssembly the C++ runtime is linked in as well, so operator new is counted there too.
#ifdef BNLAB_GEMM_COUNT_MALLOC
extern "C" {
void* __real_malloc(size_t size);
void* __real_calloc(size_t count, size_t size);
void* __real_realloc(void* pointer, size_t size);
static long g_allocations = 0;
void* __wrap_malloc(size_t size) {
  ++g_allocations;
  return __real_malloc(size);
}
void* __wrap_calloc(size_t count, size_t size) {
  ++g_allocations;
  return __real_calloc(count, size);
}
void* __wrap_realloc(void* pointer, size_t size) {
  ++g_allocations;
  return __real_realloc(pointer, size);
}
}

TEST_CASE("the products never allocate heap memory, whatever their size") {
  struct Shape {
    Index m, n, k;
  };
  const Shape shapes[] = {{100, 60, 784}, {100, 784, 60}, {784, 60, 100}, {10, 60, 100}, {1, 32, 8},
                          {32, 4096, 32}, {1, 4096, 32},  {256, 256, 256}, {5, 3, 1000}};
  for (Op op : kOps) {
    for (const Shape& s : shapes) {
      INFO(product_name(op) << " m=" << s.m << " n=" << s.n << " k=" << s.k);
      const Matrix A = Matrix::Ones(a_rows(op, s.m, s.k), a_cols(op, s.m, s.k));
      const Matrix B = Matrix::Ones(b_rows(op, s.n, s.k), b_cols(op, s.n, s.k));
      Matrix C(s.m, s.n);
      const long before = g_allocations;
      multiply(op, A, B, C);
      CHECK(g_allocations == before);
    }
  }
}
#endif
