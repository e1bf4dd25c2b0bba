// Dense layer: forward values and finite-difference gradients.
#include "dense.hpp"
#include "test_helpers.hpp"

using namespace bnlab;
using bnlab::test::random_matrix;

TEST_CASE("a dense layer computes W times A plus the bias in every column") {
  Dense d(2, 2, true);
  d.W << 1, 2, 3, 4;
  d.b << 10, 20;
  Matrix a(2, 2), z(2, 2);
  a << 1, 0, 0, 1;  // the identity: Z = W + b
  d.forward(a, z);
  CHECK(z(0, 0) == 11);
  CHECK(z(0, 1) == 12);
  CHECK(z(1, 0) == 23);
  CHECK(z(1, 1) == 24);
}

TEST_CASE("a dense layer without bias ignores b") {
  Dense d(2, 1, false);
  d.W << 1, 1;
  d.b << 5;
  Matrix a(2, 1), z(1, 1);
  a << 1, 2;
  d.forward(a, z);
  CHECK(z(0, 0) == 3);
}

#ifdef BNLAB_DOUBLE
TEST_CASE("dense gradients for W, b and the input agree with finite differences") {
  Dense d(4, 3, true);
  d.W = random_matrix(3, 4, 1);
  d.b = random_matrix(3, 1, 2);
  Matrix a = random_matrix(4, 6, 3);
  const Matrix dz = random_matrix(3, 6, 4);
  Matrix z(3, 6), da(4, 6);
  d.forward(a, z);
  d.backward(a, dz, da, true);
  // ℓ = Σ dZ ⊙ Z
  auto loss = [&] {
    Matrix out(3, 6);
    d.forward(a, out);
    return (out.array() * dz.array()).sum();
  };
  CHECK(bnlab::test::gradient_error(d.dW, bnlab::test::numeric_gradient(d.W.data(), d.W.size(), loss)) < 1e-6);
  CHECK(bnlab::test::gradient_error(d.db, bnlab::test::numeric_gradient(d.b.data(), d.b.size(), loss)) < 1e-6);
  CHECK(bnlab::test::gradient_error(da, bnlab::test::numeric_gradient(a.data(), a.size(), loss)) < 1e-6);
}
#endif
