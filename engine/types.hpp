// Shared numeric types for the BatchNorm Lab engine.
//
// Data layout, stated once for the whole engine: a column is one example.
// Every activation matrix is (features, batch) and Eigen stores it column-major,
// so the values of one example are contiguous and per-feature batch statistics
// are row-wise reductions. This is the course notation: Z[l] has shape (n[l], m).
//
// The shipped build computes in float32. Defining BNLAB_DOUBLE compiles the very
// same code in float64, which the gradient-check tests use.
#pragma once

#include <Eigen/Core>
#include <cstdint>

namespace bnlab {

#ifdef BNLAB_DOUBLE
using Scalar = double;
#else
using Scalar = float;
#endif

using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;  // column-major
using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
using MatrixD = Eigen::MatrixXd;  // double buffers for accumulations and reference data
using VectorD = Eigen::VectorXd;

using MatRef = Eigen::Ref<Matrix>;
using ConstMatRef = const Eigen::Ref<const Matrix>&;
using VecRef = Eigen::Ref<Vector>;
using ConstVecRef = const Eigen::Ref<const Vector>&;

}  // namespace bnlab
