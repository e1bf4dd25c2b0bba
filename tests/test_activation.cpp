// Activations: values, derivatives (finite differences in float64), saturation.
#include <cmath>

#include "activation.hpp"
#include "test_helpers.hpp"

using namespace bnlab;
using bnlab::test::random_matrix;

TEST_CASE("activations compute their textbook values") {
  Matrix z(1, 3), a(1, 3);
  z << -2, 0, 1.5;
  activate(Activation::ReLU, z, a);
  CHECK(a(0, 0) == 0);
  CHECK(a(0, 2) == doctest::Approx(1.5));
  activate(Activation::LeakyReLU, z, a);
  CHECK(a(0, 0) == doctest::Approx(-0.02));
  activate(Activation::Tanh, z, a);
  CHECK(a(0, 2) == doctest::Approx(std::tanh(1.5)).epsilon(1e-6));
  activate(Activation::Sigmoid, z, a);
  CHECK(a(0, 1) == doctest::Approx(0.5));
  CHECK(a(0, 0) == doctest::Approx(1 / (1 + std::exp(2.0))).epsilon(1e-6));
  activate(Activation::Linear, z, a);
  CHECK(a(0, 0) == -2);
}

TEST_CASE("a·b + c is rounded twice, as in WebAssembly: the compiler fuses no multiply-add") {
  // (1 + 2⁻¹²)² = 1 + 2⁻¹¹ + 2⁻²⁴ rounds to 1 + 2⁻¹¹ (a tie, to even); a fused a·a + c keeps the 2⁻²⁴.
  // The engine is compiled with these flags (CMakeLists.txt), so its four-lane tanh and σ give
  // WebAssembly's bits natively too.
  volatile float va = 1.0f + 0x1p-12f, vc = -(1.0f + 0x1p-11f);
  const float a = va, c = vc;
  CHECK(a * a + c == 0.0f);
}

TEST_CASE("sigmoid of a huge negative input is exactly zero, not NaN") {
  Matrix z(1, 2), a(1, 2);
  z << -1e30f, 1e30f;
  activate(Activation::Sigmoid, z, a);
  CHECK(a(0, 0) == 0);
  CHECK(a(0, 1) == 1);
}

TEST_CASE("activation names round-trip and unknown names are rejected") {
  for (Activation g : {Activation::ReLU, Activation::LeakyReLU, Activation::Tanh, Activation::Sigmoid,
                       Activation::Linear})
    CHECK(parse_name<Activation>("activation", name_of(g)) == g);
  CHECK_THROWS_WITH_AS(parse_name<Activation>("activation", "swish"),
                       doctest::Contains("activation must be one of relu, leaky_relu, tanh, sigmoid, linear; "
                                         "got \"swish\""),
                       std::invalid_argument);
}

TEST_CASE("saturation means a local slope below a tenth of its maximum") {
  CHECK(is_saturated(Activation::Sigmoid, Scalar(0.99)));
  CHECK_FALSE(is_saturated(Activation::Sigmoid, Scalar(0.9)));
  CHECK(is_saturated(Activation::Tanh, Scalar(-0.96)));
  CHECK_FALSE(is_saturated(Activation::Tanh, Scalar(0.9)));
  CHECK_FALSE(is_saturated(Activation::ReLU, Scalar(100)));
}

#ifdef BNLAB_DOUBLE
TEST_CASE("activation derivatives agree with central finite differences") {
  for (Activation g : {Activation::LeakyReLU, Activation::ReLU, Activation::Tanh, Activation::Sigmoid,
                       Activation::Linear}) {
    const std::string name = name_of(g);
    CAPTURE(name);
    Matrix Z = random_matrix(3, 4, 11, -2, 2);
    const Matrix dA = random_matrix(3, 4, 12);
    Matrix A(3, 4), dZ(3, 4);
    activate(g, Z, A);
    activation_backward(g, Z, A, dA, dZ);
    // ℓ = Σ dA ⊙ g(Z), so ∂ℓ/∂Z = dA ⊙ g'(Z)
    auto loss = [&] {
      Matrix out(3, 4);
      activate(g, Z, out);
      return (out.array() * dA.array()).sum();
    };
    const VectorD numeric = bnlab::test::numeric_gradient(Z.data(), Z.size(), loss);
    CHECK(bnlab::test::gradient_error(dZ, numeric) < 1e-6);  // h = 1e-6 in float64: round-off ~1e-10
  }
}
#endif
