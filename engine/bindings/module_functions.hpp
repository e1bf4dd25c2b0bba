// The module-level functions of both modules (module.cpp registers them with embind; the
// embed's embed_exports.cpp exports them as C functions): Module.heapBytesInUse(),
// twinCost(...), mnistShape(...), toyTrainSize(...), buildInfo().
#pragma once

#include <malloc.h>

#include <string>
#include <vector>

#include "gemm.hpp"
#include "support.hpp"

namespace bnlab::web {

// Bytes currently allocated on the C++ heap (dlmalloc's in-use count): the
// memory test watches it for leaks that would not yet grow the wasm memory.
inline double heapBytesInUse() { return static_cast<double>(mallinfo().uordblks); }

// The engine's own cost estimate of a twin (budget.hpp) for the facade's
// config on a data set of nTrain + nTest examples of inputSize values with
// outputSize outputs: {parameterBytes, …, noiseWork} (TwinCost) plus
// maxStepsPerCall and maxNoiseDraws. The Node tests check
// web/engine-budget.js against it. null for a config the engine cannot read.
inline val cost_object(const val& config, int n_train, int n_test, int input_size, int output_size,
                const std::vector<NormKind>& siblings) {
  val out = val::null();
  guarded([&] {
    TrainerSpec spec = read_trainer(config);
    spec.network.input_size = input_size;
    spec.network.output_size = output_size;
    const TwinCost c = twin_cost(spec, n_train, n_test, 1, siblings);
    out = to_object(c);
    out.set("maxStepsPerCall", max_steps_per_call(c));
    out.set("maxNoiseDraws", max_noise_draws_per_call(c));
  });
  return out;
}

inline val twinCost(const val& config, int n_train, int n_test, int input_size, int output_size) {
  return cost_object(config, n_train, n_test, input_size, output_size, {});
}


// The shape of an MNIST file (engine/mnist.hpp) from its first bytes (up to the
// 32-byte header) and its total size: {nTrain, nTest, inputSize, outputSize},
// or {error} naming what is wrong with the header or the size. The facade
// checks the budget with it before handing the engine the whole file.
inline val mnistShape(const val& head, double file_size) {
  std::vector<uint8_t> bytes = convertJSArrayToNumberVector<uint8_t>(head);
  bytes.resize(kMnistHeaderBytes, 0);
  val out = val::object();
  const std::string error = guarded([&] {
    if (!(file_size >= 0 && file_size <= kMaxMnistFileBytes))
      throw std::invalid_argument("MNIST data: the file must be at most " + format_number(kMaxMnistFileBytes) +
                                  " bytes (the data budget), got " + format_number(file_size));
    const MnistHeader h = read_mnist_header(bytes.data(), static_cast<size_t>(file_size));
    out.set("nTrain", h.n_train);
    out.set("nTest", h.n_test);
    out.set("inputSize", static_cast<double>(h.pixels()));
    out.set("outputSize", h.num_classes);
  });
  if (!error.empty()) out.set("error", error);
  return out;
}

// The toy sets' split (dataset.hpp): n_train for num_points and train_fraction.
inline int toyTrainSize(int num_points, double train_fraction) { return toy_train_size(num_points, train_fraction); }

// Build facts for the page and the benchmark.
inline std::string buildInfo() {
  std::string info = sizeof(Scalar) == 4 ? "float32" : "float64";
  info += gemm_uses_simd128_kernels() ? " simd128-gemm" : " eigen-gemm";
  return info;
}

}  // namespace bnlab::web
