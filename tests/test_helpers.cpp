#include "test_helpers.hpp"

#include "rng.hpp"

namespace bnlab::test {

Matrix random_matrix(int rows, int cols, uint64_t seed, double lo, double hi) {
  Rng rng(seed);
  Matrix M(rows, cols);
  for (Eigen::Index i = 0; i < M.size(); ++i) M.data()[i] = static_cast<Scalar>(rng.uniform(lo, hi));
  return M;
}

}  // namespace bnlab::test
