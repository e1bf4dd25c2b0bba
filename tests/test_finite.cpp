// all_finite (finite.hpp): the per-step check that values stayed in the float range.
#include <limits>

#include "finite.hpp"
#include "test_helpers.hpp"

using namespace bnlab;

TEST_CASE("all_finite is true for finite values, subnormals and the extremes of the range") {
  Matrix m(3, 5);
  m.setConstant(Scalar(0.5));
  CHECK(all_finite(m));
  m(0, 0) = std::numeric_limits<Scalar>::max();
  m(1, 1) = -std::numeric_limits<Scalar>::max();
  m(2, 2) = std::numeric_limits<Scalar>::denorm_min();
  m(0, 3) = Scalar(-0.0);
  CHECK(all_finite(m));
  CHECK(all_finite(Matrix(0, 4)));  // nothing to check
}

TEST_CASE("all_finite finds a NaN or an infinity anywhere, in matrices and vectors, float and double") {
  const Scalar bad[] = {std::numeric_limits<Scalar>::quiet_NaN(), std::numeric_limits<Scalar>::infinity(),
                        -std::numeric_limits<Scalar>::infinity()};
  for (Scalar b : bad) {
    for (Eigen::Index at = 0; at < 37; ++at) {  // every position, in the vector loop's body and its tail
      Vector v = Vector::Ones(37);
      v(at) = b;
      CHECK_FALSE(all_finite(v));
    }
  }
  VectorD d = VectorD::Zero(9);
  CHECK(all_finite(d));
  d(8) = std::numeric_limits<double>::quiet_NaN();
  CHECK_FALSE(all_finite(d));
}
