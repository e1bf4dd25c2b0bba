#include "gemm.hpp"

#include <algorithm>
#include <cassert>

// The hand-written kernels are compiled only where Eigen has no vector code of its own:
// WebAssembly with the SIMD proposal enabled (-msimd128), in float32.
#if defined(__wasm_simd128__) && !defined(BNLAB_DOUBLE)
#define BNLAB_GEMM_SIMD128 1
#include <wasm_simd128.h>
#endif

namespace bnlab {

namespace {

void check_shapes_nn(ConstMatRef A, ConstMatRef B, MatRef C) {
  (void)A, (void)B, (void)C;
  assert(A.cols() == B.rows() && "gemm_nn: A(m,k) · B(k,n) needs matching k");
  assert(C.rows() == A.rows() && C.cols() == B.cols() && "gemm_nn: C must be (m,n)");
}

void check_shapes_nt(ConstMatRef A, ConstMatRef B, MatRef C) {
  (void)A, (void)B, (void)C;
  assert(A.cols() == B.cols() && "gemm_nt: A(m,k) · B(n,k)ᵀ needs matching k");
  assert(C.rows() == A.rows() && C.cols() == B.rows() && "gemm_nt: C must be (m,n)");
}

void check_shapes_tn(ConstMatRef A, ConstMatRef B, MatRef C) {
  (void)A, (void)B, (void)C;
  assert(A.rows() == B.rows() && "gemm_tn: A(k,m)ᵀ · B(k,n) needs matching k");
  assert(C.rows() == A.cols() && C.cols() == B.cols() && "gemm_tn: C must be (m,n)");
}

}  // namespace

#ifndef BNLAB_GEMM_SIMD128

// Native builds and the float64 build: Eigen's own blocked products, which are already fast.
//
// One catch: Eigen packs the operands of a product into a workspace that it places on the stack
// when it fits in EIGEN_STACK_ALLOCATION_LIMIT (128 KiB) and on the heap otherwise; W · A_prev
// with W (100 × 784) already needs more. So large products are cut into blocks of C and of k whose
// packed operands (k_block × m_block and k_block × n_block values) fit, and each block is one Eigen
// product. Small products, the common case, remain a single call.
namespace {

using Index = Eigen::Index;

constexpr Index kStackValues = EIGEN_STACK_ALLOCATION_LIMIT / sizeof(Scalar);  // 32 Ki floats
constexpr Index kMaxBlockSide = 256;  // rows or columns of C per Eigen call

// C(m, n) = lhs(m, k) · rhs(k, n), where lhs and rhs may be transposed views of A and B.
template <class Lhs, class Rhs>
void eigen_product_on_stack(const Lhs& lhs, const Rhs& rhs, MatRef C) {
  const Index m = C.rows(), n = C.cols(), k = lhs.cols();
  if (k == 0) {
    C.setZero();  // an empty sum
    return;
  }
  const Index m_block = std::min(m, kMaxBlockSide);
  const Index n_block = std::min(n, kMaxBlockSide);
  const Index k_block = std::min(k, kStackValues / std::max<Index>({m_block, n_block, 1}));
  for (Index j0 = 0; j0 < n; j0 += n_block) {
    const Index nj = std::min(n_block, n - j0);
    for (Index i0 = 0; i0 < m; i0 += m_block) {
      const Index mi = std::min(m_block, m - i0);
      C.block(i0, j0, mi, nj).noalias() = lhs.block(i0, 0, mi, std::min(k_block, k)) *
                                          rhs.block(0, j0, std::min(k_block, k), nj);
      for (Index k0 = k_block; k0 < k; k0 += k_block) {  // later k-blocks add to the first
        const Index kk = std::min(k_block, k - k0);
        C.block(i0, j0, mi, nj).noalias() += lhs.block(i0, k0, mi, kk) * rhs.block(k0, j0, kk, nj);
      }
    }
  }
}

}  // namespace

void gemm_nn(ConstMatRef A, ConstMatRef B, MatRef C) {
  check_shapes_nn(A, B, C);
  eigen_product_on_stack(A, B, C);
}

void gemm_nt(ConstMatRef A, ConstMatRef B, MatRef C) {
  check_shapes_nt(A, B, C);
  eigen_product_on_stack(A, B.transpose(), C);
}

void gemm_tn(ConstMatRef A, ConstMatRef B, MatRef C) {
  check_shapes_tn(A, B, C);
  eigen_product_on_stack(A.transpose(), B, C);
}

bool gemm_uses_simd128_kernels() { return false; }

#else  // BNLAB_GEMM_SIMD128

namespace {

using Index = Eigen::Index;

// acc + a·b, four lanes. The shipped build rounds the product, then the sum (no fused multiply-add,
// so the same bits on every machine). BNLAB_RELAXED_MADD is an experiment for benchmarks only
// (tests/gemm_check.sh --bench): LLVM 14 emits the relaxed-SIMD proposal's early fma opcode, which
// no engine runs any more; web/tools/relaxed-madd.mjs rewrites it to the standard
// f32x4.relaxed_madd(a, b, acc) = a·b + acc, fused where the CPU has FMA.
inline v128_t madd4(v128_t a, v128_t b, v128_t acc) {
#ifdef BNLAB_RELAXED_MADD
  using F4 = float __attribute__((vector_size(16)));
  return reinterpret_cast<v128_t>(__builtin_wasm_fma_f32x4(reinterpret_cast<F4>(a), reinterpret_cast<F4>(b),
                                                           reinterpret_cast<F4>(acc)));
#else
  return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b));
#endif
}

// A strided column-major view: element (r, c) lives at data[r + c * stride].
struct Strided {
  const float* data;
  Index stride;
};

// ---------------------------------------------------------------------------------------------
// All three products are computed the same way: C = Â · B̂ as a sum of rank-1 updates,
//   C += Â(:, p) · B̂(p, :),   one p at a time,
// where Â is A (nn, nt) or Aᵀ (tn), and B̂ is B (nn, tn) or Bᵀ (nt).
//
// Register tile: 8 rows × 4 columns of C live in eight f32x4 accumulators for a whole block of k.
// At each p the kernel loads two vectors from column p of Â and broadcasts the four scalars
// B̂(p, j0..j0+3) (one v128.load32_splat each: row p of B in nn/tn, column p of B in nt).
// 8 accumulators + 2 Â vectors + 1 broadcast fit in the 16 vector registers V8 has on x86-64.
//
// Cache blocking: k is cut into blocks of 256 so that the 8 × 256 slice of Â a panel works on
// (8 KiB) stays in L1 while every column tile of C reuses it; the first k-block overwrites C and
// the later ones add to it.
//
// Packing: nn and nt read a full 8-row panel of A in place (each column of it is 8 contiguous
// floats). tn, whose Â = Aᵀ is not contiguous along the rows of C, and the last panel of fewer
// than 8 rows copy the slice into a stack buffer first, p-major (the values Â(i0..i0+7, p) side by
// side), padding missing rows with zeros. Odd m (10 outputs, 1 output) thus stays on the vector
// path; the padding rows are computed but never stored.
// ---------------------------------------------------------------------------------------------

constexpr int kPanelRows = 8;    // rows of C per register tile (two f32x4)
constexpr int kTileCols = 4;     // columns of C per register tile
constexpr Index kBlockK = 256;   // values of k per block

// Copies Â(i0 .. i0+rows, k0 .. k0+kc) into panel[p · width + r], zero for rows ≥ `rows`, where
// width = 4·MV. Â = A (stored m × k) when !kTransposedA, Â = Aᵀ (A stored k × m) when kTransposedA.
// (width is a template parameter so that the copies below compile to vector moves, not memcpy calls.)
template <int MV, bool kTransposedA>
void pack_panel(Strided a, Index i0, int rows, Index k0, Index kc, float* panel) {
  constexpr int width = 4 * MV;
  if (!kTransposedA) {
    // Column p of A holds the rows contiguously: copy a short run per p.
    for (Index p = 0; p < kc; ++p) {
      const float* src = a.data + i0 + (k0 + p) * a.stride;
      float* dst = panel + p * width;
      if (rows == width) {
        for (int r = 0; r < width; r += 4) wasm_v128_store(dst + r, wasm_v128_load(src + r));
      } else {
        for (int r = 0; r < width; ++r) dst[r] = r < rows ? src[r] : 0.0f;
      }
    }
    return;
  }
  // Transposed: row r of the panel is column i0 + r of A, contiguous in p. Transpose 4×4 blocks
  // (4 columns × 4 consecutive p) in registers, then finish the last kc % 4 values of p in scalar.
  const Index kc_vec = kc - kc % 4;
  for (int r0 = 0; r0 < width; r0 += 4) {
    for (Index p = 0; p < kc_vec; p += 4) {
      v128_t col[4];
      for (int q = 0; q < 4; ++q)
        col[q] = r0 + q < rows ? wasm_v128_load(a.data + k0 + p + (i0 + r0 + q) * a.stride) : wasm_f32x4_splat(0.0f);
      const v128_t t0 = wasm_i32x4_shuffle(col[0], col[1], 0, 4, 1, 5);  // c0p0 c1p0 c0p1 c1p1
      const v128_t t1 = wasm_i32x4_shuffle(col[2], col[3], 0, 4, 1, 5);  // c2p0 c3p0 c2p1 c3p1
      const v128_t t2 = wasm_i32x4_shuffle(col[0], col[1], 2, 6, 3, 7);  // c0p2 c1p2 c0p3 c1p3
      const v128_t t3 = wasm_i32x4_shuffle(col[2], col[3], 2, 6, 3, 7);  // c2p2 c3p2 c2p3 c3p3
      float* dst = panel + p * width + r0;
      wasm_v128_store(dst + 0 * width, wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5));  // p
      wasm_v128_store(dst + 1 * width, wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7));  // p + 1
      wasm_v128_store(dst + 2 * width, wasm_i32x4_shuffle(t2, t3, 0, 1, 4, 5));  // p + 2
      wasm_v128_store(dst + 3 * width, wasm_i32x4_shuffle(t2, t3, 2, 3, 6, 7));  // p + 3
    }
    for (Index p = kc_vec; p < kc; ++p)
      for (int q = 0; q < 4; ++q) {
        const int r = r0 + q;
        panel[p * width + r] = r < rows ? a.data[k0 + p + (i0 + r) * a.stride] : 0.0f;
      }
  }
}

// C[0:rows, 0:NR] (= or +=) Â[0:rows, 0:kc] · B̂[0:kc, 0:NR]; a, b and c are already offset to the
// tile. Column p of Â starts at a.data + p · a.stride: straight in A, or in a packed panel.
template <int MV, int NR, bool kTransposedB>
inline void rank_update_tile(Strided a, Strided b, Index kc, float* c, Index ldc, int rows, bool accumulate) {
  v128_t acc[NR][MV];
  for (int j = 0; j < NR; ++j)
    for (int v = 0; v < MV; ++v) acc[j][v] = wasm_f32x4_splat(0.0f);

  for (Index p = 0; p < kc; ++p) {
    v128_t a_col[MV];
    for (int v = 0; v < MV; ++v) a_col[v] = wasm_v128_load(a.data + p * a.stride + 4 * v);
    for (int j = 0; j < NR; ++j) {
      // B̂(p, j): B(p, j) for nn and tn, B(j, p) for nt.
      const float* b_pj = kTransposedB ? b.data + j + p * b.stride : b.data + p + j * b.stride;
      const v128_t b_bcast = wasm_v128_load32_splat(b_pj);
      for (int v = 0; v < MV; ++v) acc[j][v] = madd4(a_col[v], b_bcast, acc[j][v]);
    }
  }

  for (int j = 0; j < NR; ++j) {
    float* c_j = c + j * ldc;
    if (rows == 4 * MV) {
      for (int v = 0; v < MV; ++v) {
        const v128_t sum = accumulate ? wasm_f32x4_add(wasm_v128_load(c_j + 4 * v), acc[j][v]) : acc[j][v];
        wasm_v128_store(c_j + 4 * v, sum);
      }
    } else {  // a short last panel: store only the real rows
      alignas(16) float lanes[4 * MV];
      for (int v = 0; v < MV; ++v) wasm_v128_store(lanes + 4 * v, acc[j][v]);
      for (int r = 0; r < rows; ++r) c_j[r] = lanes[r] + (accumulate ? c_j[r] : 0.0f);
    }
  }
}

// One panel of rows of C across all n columns, for one k-block.
template <int MV, bool kTransposedB>
void rank_update_panel(Strided a, Strided b, Index n, Index kc, float* c, Index ldc, int rows,
                       bool accumulate) {
  // Column j0 of B̂ starts at B(0, j0) for nn/tn and at B(j0, 0) for nt.
  auto b_at = [&](Index j0) { return Strided{kTransposedB ? b.data + j0 : b.data + j0 * b.stride, b.stride}; };
  Index j0 = 0;
  for (; j0 + kTileCols <= n; j0 += kTileCols)
    rank_update_tile<MV, kTileCols, kTransposedB>(a, b_at(j0), kc, c + j0 * ldc, ldc, rows, accumulate);
  float* c_tail = c + j0 * ldc;
  switch (n - j0) {
    case 3: rank_update_tile<MV, 3, kTransposedB>(a, b_at(j0), kc, c_tail, ldc, rows, accumulate); break;
    case 2: rank_update_tile<MV, 2, kTransposedB>(a, b_at(j0), kc, c_tail, ldc, rows, accumulate); break;
    case 1: rank_update_tile<MV, 1, kTransposedB>(a, b_at(j0), kc, c_tail, ldc, rows, accumulate); break;
    default: break;
  }
}

// C(m, n) = Â(m, k) · B̂(k, n), for k ≥ 1.
template <bool kTransposedA, bool kTransposedB>
void blocked_product(Strided a, Strided b, Index m, Index n, Index k, float* c, Index ldc) {
  alignas(16) float panel[kBlockK * kPanelRows];  // 8 KiB on the stack, never on the heap
  // Equal k-blocks of at most kBlockK (784 = 4 × 196 rather than 3 × 256 + 16: a short last block
  // would pay the fixed cost of every tile for little work).
  const Index k_blocks = (k + kBlockK - 1) / kBlockK;
  const Index k_step = (k + k_blocks - 1) / k_blocks;
  for (Index k0 = 0; k0 < k; k0 += k_step) {
    const Index kc = std::min(k_step, k - k0);
    const bool accumulate = k0 > 0;  // the first k-block overwrites C, the next ones add to it
    // B̂(k0, 0): row k0 of B for nn/tn, column k0 of B for nt.
    const Strided b_k{kTransposedB ? b.data + k0 * b.stride : b.data + k0, b.stride};
    for (Index i0 = 0; i0 < m; i0 += kPanelRows) {
      const int rows = static_cast<int>(std::min<Index>(kPanelRows, m - i0));
      if (!kTransposedA && rows == kPanelRows) {
        // A full panel of A (nn, nt): its columns are already contiguous, read them in place.
        const Strided a_panel{a.data + i0 + k0 * a.stride, a.stride};
        rank_update_panel<2, kTransposedB>(a_panel, b_k, n, kc, c + i0, ldc, rows, accumulate);
      } else if (rows > 4) {
        pack_panel<2, kTransposedA>(a, i0, rows, k0, kc, panel);
        rank_update_panel<2, kTransposedB>(Strided{panel, 8}, b_k, n, kc, c + i0, ldc, rows, accumulate);
      } else {  // at most 4 rows left: a one-vector panel wastes less work on padding
        pack_panel<1, kTransposedA>(a, i0, rows, k0, kc, panel);
        rank_update_panel<1, kTransposedB>(Strided{panel, 4}, b_k, n, kc, c + i0, ldc, rows, accumulate);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Skipping zeros of B̂. MNIST digits are about 80% black pixels (exact zeros), so in the first
// layer's products, Z = W · X (nn) and dW = dZ · Xᵀ (nt), most terms Â(:, p) · B̂(p, j) add
// nothing. When at least half of B's values are zero, each column j of C is computed from the
// nonzero B̂(p, j) alone: for each k-block, the (p, value) pairs of column j are gathered once,
// then every row panel of Â runs over that list.
//
// The result is the dense kernel's, bit for bit: a column of C sums the same products, in the same
// order of p, from the same zero in the same k-blocks; a skipped term is Â(i, p) · 0 = ±0, and
// x + (±0) = x for every x (with +0 + −0 = +0, which the dense sum also produces). The only
// difference would come from an infinite or NaN Â(i, p) against a zero (NaN in the dense sum):
// training stops a network whose parameters leave the float range before they reach a product.
// ---------------------------------------------------------------------------------------------

constexpr int kSparseRows = 16;  // rows of C per pass over a column's nonzeros (four f32x4)

// True when at least half of the stored values of B (rows × cols) are exactly zero. Looks at the
// first column before counting all, so a dense B costs one column's look.
bool mostly_zero(Strided b, Index rows, Index cols) {
  if (rows == 0 || cols == 0) return false;
  auto zeros_in = [&](Index j) {
    const float* col = b.data + j * b.stride;
    Index z = 0, i = 0;
    for (; i + 4 <= rows; i += 4)
      z += __builtin_popcount(static_cast<unsigned>(wasm_i32x4_bitmask(wasm_f32x4_eq(wasm_v128_load(col + i),
                                                                                      wasm_f32x4_splat(0.0f)))));
    for (; i < rows; ++i) z += col[i] == 0.0f;
    return z;
  };
  if (2 * zeros_in(0) < rows) return false;
  Index zeros = 0;
  for (Index j = 0; j < cols; ++j) zeros += zeros_in(j);
  return 2 * zeros >= rows * cols;
}

// C[0:rows, j] (= or +=) Σ over the listed p of Â[0:rows, p] · value; Â(r, p) at a.data[r + p · a.stride].
// Same arithmetic as rank_update_tile with NR = 1, on the nonzero terms only.
template <int MV>
inline void sparse_update_column(Strided a, const int* ps, const float* values, int count, float* c, int rows,
                                 bool accumulate) {
  v128_t acc[MV];
  for (int v = 0; v < MV; ++v) acc[v] = wasm_f32x4_splat(0.0f);
  for (int q = 0; q < count; ++q) {
    const float* a_p = a.data + static_cast<Index>(ps[q]) * a.stride;
    const v128_t b_bcast = wasm_f32x4_splat(values[q]);
    for (int v = 0; v < MV; ++v) acc[v] = madd4(wasm_v128_load(a_p + 4 * v), b_bcast, acc[v]);
  }
  if (rows == 4 * MV) {
    for (int v = 0; v < MV; ++v) {
      const v128_t sum = accumulate ? wasm_f32x4_add(wasm_v128_load(c + 4 * v), acc[v]) : acc[v];
      wasm_v128_store(c + 4 * v, sum);
    }
  } else {  // the padded last panel: store only the real rows
    alignas(16) float lanes[4 * MV];
    for (int v = 0; v < MV; ++v) wasm_v128_store(lanes + 4 * v, acc[v]);
    for (int r = 0; r < rows; ++r) c[r] = lanes[r] + (accumulate ? c[r] : 0.0f);
  }
}

// Columns of C whose nonzeros are gathered together. Each slab of Â (16 rows × a k-block, up to 16 KiB)
// then serves all of them while it sits in L1: with 8 columns a group, the first layer's W (313 KiB)
// came back from L2 once per 8 columns of the batch.
constexpr int kSparseGroup = 32;

// Appends (p, B̂(k0 + p, j)) to list g for every nonzero of column j = j0 + g of B̂, p in order.
// Four values are tested for zero at once (one f32x4 compare and bitmask); MNIST's black pixels
// come in runs, so most such tests find nothing to keep.
inline void keep_nonzeros(v128_t v, int p, int* ps, float* values, int& count) {
  int mask = wasm_i32x4_bitmask(wasm_f32x4_ne(v, wasm_f32x4_splat(0.0f)));
  alignas(16) float lanes[4];
  if (mask) wasm_v128_store(lanes, v);
  while (mask) {
    const int lane = __builtin_ctz(static_cast<unsigned>(mask));
    ps[count] = p + lane;
    values[count++] = lanes[lane];
    mask &= mask - 1;
  }
}

// (transposed_b is a run-time flag, not a template parameter: one copy of this code in the module.)
void gather_nonzeros(bool transposed_b, Strided b, Index k0, Index kc, Index j0, int group, int (*ps)[kBlockK],
                     float (*values)[kBlockK], int* counts) {
  for (int g = 0; g < group; ++g) counts[g] = 0;
  if (!transposed_b) {
    // nn: column j of B̂ is column j of B, contiguous in p.
    for (int g = 0; g < group; ++g) {
      const float* col = b.data + k0 + (j0 + g) * b.stride;
      Index p = 0;
      for (; p + 4 <= kc; p += 4)
        keep_nonzeros(wasm_v128_load(col + p), static_cast<int>(p), ps[g], values[g], counts[g]);
      for (; p < kc; ++p)
        if (col[p] != 0.0f) {
          ps[g][counts[g]] = static_cast<int>(p);
          values[g][counts[g]++] = col[p];
        }
    }
    return;
  }
  // nt: B̂(p, j) = B(j, p): for each p, the group's columns are contiguous values of column p of B,
  // tested eight at a time.
  for (Index p = 0; p < kc; ++p) {
    const float* src = b.data + j0 + (k0 + p) * b.stride;
    int g0 = 0;
    for (; g0 + 8 <= group; g0 += 8) {
      const int mask = wasm_i32x4_bitmask(wasm_f32x4_ne(wasm_v128_load(src + g0), wasm_f32x4_splat(0.0f))) |
                       wasm_i32x4_bitmask(wasm_f32x4_ne(wasm_v128_load(src + g0 + 4), wasm_f32x4_splat(0.0f))) << 4;
      for (int m = mask; m; m &= m - 1) {
        const int g = g0 + __builtin_ctz(static_cast<unsigned>(m));
        ps[g][counts[g]] = static_cast<int>(p);
        values[g][counts[g]++] = src[g];
      }
    }
    for (int g = g0; g < group; ++g)
      if (src[g] != 0.0f) {
        ps[g][counts[g]] = static_cast<int>(p);
        values[g][counts[g]++] = src[g];
      }
  }
}

// C(m, n) = Â(m, k) · B̂(k, n) for k ≥ 1 and Â = A (nn, nt), skipping the zeros of B̂.
// Columns of C are taken in groups of kSparseGroup: their nonzeros are gathered first, then each
// slab of rows of Â (16 × k-block, in L1) serves every column of the group before the next slab.
void sparse_product(bool transposed_b, Strided a, Strided b, Index m, Index n, Index k, float* c, Index ldc) {
  alignas(16) float tail[kBlockK * kPanelRows];  // the last m % 8 rows of Â, zero-padded to 8
  int ps[kSparseGroup][kBlockK];                 // p of each nonzero B̂(k0 + p, j) of the group's columns
  float values[kSparseGroup][kBlockK];           // and its value
  int counts[kSparseGroup];
  const Index k_blocks = (k + kBlockK - 1) / kBlockK;  // the dense kernel's k-blocks, for the same sums
  const Index k_step = (k + k_blocks - 1) / k_blocks;
  const Index wide_rows = m - m % kSparseRows;
  const Index panel_rows = m - m % kPanelRows;
  const int tail_rows = static_cast<int>(m - panel_rows);
  for (Index k0 = 0; k0 < k; k0 += k_step) {
    const Index kc = std::min(k_step, k - k0);
    const bool accumulate = k0 > 0;
    if (tail_rows > 0) pack_panel<2, false>(a, panel_rows, tail_rows, k0, kc, tail);
    const Strided a_k{a.data + k0 * a.stride, a.stride};
    for (Index j0 = 0; j0 < n; j0 += kSparseGroup) {
      const int group = static_cast<int>(std::min<Index>(kSparseGroup, n - j0));
      gather_nonzeros(transposed_b, b, k0, kc, j0, group, ps, values, counts);
      float* c_g = c + j0 * ldc;
      Index i0 = 0;
      for (; i0 < wide_rows; i0 += kSparseRows)
        for (int g = 0; g < group; ++g)
          sparse_update_column<kSparseRows / 4>(Strided{a_k.data + i0, a.stride}, ps[g], values[g], counts[g],
                                                c_g + g * ldc + i0, kSparseRows, accumulate);
      for (; i0 < panel_rows; i0 += kPanelRows)
        for (int g = 0; g < group; ++g)
          sparse_update_column<2>(Strided{a_k.data + i0, a.stride}, ps[g], values[g], counts[g], c_g + g * ldc + i0,
                                  kPanelRows, accumulate);
      if (tail_rows > 0)
        for (int g = 0; g < group; ++g)
          sparse_update_column<2>(Strided{tail, kPanelRows}, ps[g], values[g], counts[g], c_g + g * ldc + panel_rows,
                                  tail_rows, accumulate);
    }
  }
}

template <bool kTransposedA, bool kTransposedB>
void simd_product(ConstMatRef A, ConstMatRef B, MatRef C, Index k) {
  if (k == 0) {
    C.setZero();  // an empty sum
    return;
  }
  const Strided a{A.data(), A.outerStride()}, b{B.data(), B.outerStride()};
  if (!kTransposedA && mostly_zero(b, B.rows(), B.cols())) {
    sparse_product(kTransposedB, a, b, C.rows(), C.cols(), k, C.data(), C.outerStride());
    return;
  }
  blocked_product<kTransposedA, kTransposedB>(a, b, C.rows(), C.cols(), k, C.data(), C.outerStride());
}

}  // namespace

void gemm_nn(ConstMatRef A, ConstMatRef B, MatRef C) {
  check_shapes_nn(A, B, C);
  simd_product<false, false>(A, B, C, A.cols());
}

void gemm_nt(ConstMatRef A, ConstMatRef B, MatRef C) {
  check_shapes_nt(A, B, C);
  simd_product<false, true>(A, B, C, A.cols());
}

void gemm_tn(ConstMatRef A, ConstMatRef B, MatRef C) {
  check_shapes_tn(A, B, C);
  simd_product<true, false>(A, B, C, A.rows());
}

bool gemm_uses_simd128_kernels() { return true; }

#endif  // BNLAB_GEMM_SIMD128

}  // namespace bnlab
