#include "batch_coupling.hpp"

#include <stdexcept>
#include <string>

namespace bnlab {

BatchInspector::BatchInspector(Network& net, int batch)
    : ws_(net.make_workspace(batch, /*input_gradient=*/true)) {
  saved_.setZero(net.num_parameters());
}

const Workspace& BatchInspector::run(Network& net, ConstMatRef X, ConstMatRef Y) {
  if (X.cols() != ws_.batch || Y.cols() != ws_.batch || X.rows() != ws_.dX.rows())
    throw std::invalid_argument("the inspected batch must be (" + std::to_string(ws_.dX.rows()) + ", " +
                                std::to_string(ws_.batch) + "), got (" + std::to_string(X.rows()) + ", " +
                                std::to_string(X.cols()) + ")");
  net.copy_gradients(saved_);
  net.forward(X, ws_, StatsMode::Batch);
  loss_ = net.loss(Y, ws_);
  net.backward(X, Y, ws_);  // dX = W[0]ᵀ·dZ[0]; also rewrites dθ, put back below
  net.set_gradients(saved_);
  return ws_;
}

}  // namespace bnlab
