// Shared by the binding classes: the field enums of the typed-array views,
// error capture, views onto engine buffers, reading the facade's config (by
// the field list of settings.hpp) and named results as plain objects.
// See module.cpp for the rules every binding follows.
#pragma once

#include <emscripten/heap.h>

#include <array>
#include <cmath>
#include <exception>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "mnist.hpp"
#include "settings.hpp"
#include "trainer.hpp"

// JavaScript values: embind's val in the full module; in the embed's, which links no embind
// (BNLAB_NO_EMBIND, CMakeLists.txt), js_value.hpp's of the same names.
#ifdef BNLAB_NO_EMBIND
#include "js_value.hpp"
#else
#include <emscripten/bind.h>
#include <emscripten/val.h>

namespace bnlab::web {
using emscripten::convertJSArrayToNumberVector;
using emscripten::typed_memory_view;
using emscripten::val;
using emscripten::vecFromJSArray;
}  // namespace bnlab::web
#endif

namespace bnlab::web {

// Per-layer buffers. Which object serves which field is listed at each *View method.
enum class LayerField {
  Z,            // (n, m) dense output W·A[l−1] (+ b)
  ZNorm,        // (n, m) z_norm = (Z − μ)/√(σ² + ε), whichever the normalization
  ZTilde,       // (n, m) z̃ = γ ⊙ z_norm + β
  A,            // (n, m) activation output
  BatchMean,    // (n) μ used by the last forward (batch mean, or the fixed mean); LN/GN: (G, m), per group and example
  BatchVar,     // (n) σ² used by the last forward (biased batch variance, or the fixed one); LN/GN: (G, m)
  BatchInvStd,  // (n) 1/√(σ² + ε); LN/GN: (G, m)
  RunningMean,  // (n) BN only
  RunningVar,   // (n) BN only
  Gamma,        // (n) γ of BN, LN or GN
  Beta,         // (n) β
  DGamma,       // (n) ∂ℓ/∂γ of the last backward
  DBeta,        // (n) ∂ℓ/∂β
  W,            // (n, n_prev) weights
  B,            // (n) bias
  DW,           // (n, n_prev) ∂ℓ/∂W
  DB,           // (n) ∂ℓ/∂b
};

// Data and evaluation buffers of a TwinLab. d is the input dimension: 2 for
// the toy sets, 784 for MNIST.
enum class DataField {
  XTrain,      // (d, n_train)
  YTrain,      // (1, n_train)
  XTest,       // (d, n_test)
  YTest,       // (1, n_test)
  GridPoints,  // (2, R²): row by row from (−extent, −extent)
  GridValues,  // (R²): output of the last evaluateGrid
  BatchX,      // (d, m): the last training mini-batch X{t}
  BatchY,      // (1, m): its targets
  BatchNoise,  // (draws): output of the last batchNoise
  InputGradient,  // (d, m): ∂ℓ/∂X of the last inspectBatch
};

// Buffers of a ReferenceBatchNorm.
enum class BnField {
  Z,            // (n, m) input, written by JS
  DZTilde,      // (n, m) upstream gradient ∂ℓ/∂z̃, written by JS
  ZTilde,       // (n, m) output
  ZNorm,        // (n, m)
  DZ,           // (n, m) ∂ℓ/∂Z
  Mean,         // (n)
  Var,          // (n)
  InvStd,       // (n)
  Gamma,        // (n) writable
  Beta,         // (n) writable
  RunningMean,  // (n) writable
  RunningVar,   // (n) writable
  DGamma,       // (n)
  DBeta,        // (n)
};


// What an allocation failure becomes: a sentence, not a bare "std::bad_alloc".
// The budgets of budget.hpp keep one object within 256 MiB, so this happens
// only when many objects are alive at once (or the browser refuses to grow
// the memory).
inline std::string out_of_memory_message() {
  const double mib = 1024.0 * 1024.0;
  return "out of memory: the engine could not allocate what this call needs (WebAssembly memory is " +
         std::to_string(static_cast<long long>(static_cast<double>(emscripten_get_heap_size()) / mib)) +
         " MiB, at most " + std::to_string(static_cast<long long>(static_cast<double>(emscripten_get_heap_max()) / mib)) +
         " MiB); dispose objects you no longer need or use a smaller configuration";
}

// Runs f and returns "" on success, or the engine's message: every exception,
// allocation failure included, stops here and never crosses into JavaScript.
template <class F>
std::string guarded(F&& f) {
  try {
    f();
    return {};
  } catch (const std::bad_alloc&) {
    return out_of_memory_message();
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown engine error";
  }
}

inline val view(const Scalar* data, Eigen::Index size) {
  return val(typed_memory_view(static_cast<size_t>(size), data));
}
inline val view(const Matrix& m) { return view(m.data(), m.size()); }
inline val view(const Vector& v) { return view(v.data(), v.size()); }
// Double-precision buffers (the input-scaling demo) become Float64Arrays.
inline val view(const VectorD& v) { return val(typed_memory_view(static_cast<size_t>(v.size()), v.data())); }
inline val view(const MatrixD& m) { return val(typed_memory_view(static_cast<size_t>(m.size()), m.data())); }
inline val empty_view() { return view(nullptr, 0); }
template <size_t N>
val view(const std::array<double, N>& a) {
  return val(typed_memory_view(N, a.data()));
}

// The statistics a BN layer normalizes with, one vocabulary with the facade's
// BN_MODES: 'train' batch statistics, running statistics updated; 'batch' batch
// statistics, running ones untouched; 'running' the running statistics. The
// module registers it by these names (module.cpp), so JavaScript passes
// Module.BnMode[name], never a position.
enum class BnMode { Train, Batch, Running };

// An evaluation's statistics: the running ones (inference), or the probe batch's.
inline StatsMode eval_mode(BnMode mode) {
  if (mode == BnMode::Running) return StatsMode::Running;
  if (mode == BnMode::Batch) return StatsMode::Given;
  throw std::invalid_argument("mode must be running or batch: an evaluation never updates the running statistics");
}

// Reads the facade's config into a spec: a visitor over the fields of
// settings.hpp, by their camelCase keys. The config is the facade's
// normalized one (every field present and type-checked), but a config from
// elsewhere must not reach undefined behaviour: a number that does not fit its
// member is refused here, and the engine then validates every value.
class ConfigReader {
 public:
  // twin: read a twin's config, which has no Scope::LoneNetwork fields.
  ConfigReader(const val& config, bool twin) : c_(config), twin_(twin) {}

  template <class T>
  void number(const Field& f, T& value, Range r) {
    if (skip(f)) return;
    value = to<T>(f, c_[f.key], r);
  }
  void flag(const Field& f, bool& value) {
    if (!skip(f)) value = c_[f.key].as<bool>();
  }
  template <class E>
  void choice(const Field& f, E& value) {
    if (skip(f)) return;
    const std::string text = c_[f.key].as<std::string>();
    // The facade's own extra name ("mnist", "auto") is resolved before the engine sees the field.
    if (f.facade_name && text == f.facade_name) return;
    value = parse_name<E>(f.key, text);
  }
  void sizes(const Field& f, std::vector<int>& values, Range each, Range) {
    if (skip(f)) return;
    const val list = c_[f.key];
    values.clear();
    const auto n = list["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) values.push_back(to<int>(f, list[i], each));
  }
  // One name for every hidden layer, or an array with one name per layer.
  template <class E>
  void per_layer(const Field& f, E& all, std::vector<E>& each, size_t) {
    if (skip(f)) return;
    const val v = c_[f.key];
    each.clear();
    if (v.isString()) {
      all = parse_name<E>(f.key, v.as<std::string>());
      return;
    }
    for (const std::string& name : vecFromJSArray<std::string>(v))
      each.push_back(parse_name<E>(f.key, name));
    if (!each.empty()) all = each.front();
  }
  // true or false for every hidden layer, or one flag per layer.
  void layer_flags(const Field& f, std::vector<bool>& flags, size_t layers) {
    if (skip(f)) return;
    const val v = c_[f.key];
    if (v.isTrue() || v.isFalse()) {
      flags.assign(v.isTrue() ? 0 : layers, false);
      return;
    }
    flags = vecFromJSArray<bool>(v);
  }
  // One number for every hidden layer, or an array with one number per layer.
  void layer_numbers(const Field& f, double& all, std::vector<double>& each, Range r, size_t) {
    if (skip(f)) return;
    const val v = c_[f.key];
    each.clear();
    if (!v.isArray()) {
      all = v.as<double>();
      return;
    }
    const auto n = v["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) each.push_back(to<double>(f, v[i], r));
  }
  void optional_number(const Field& f, double& value, bool& off, Range r) {
    if (skip(f)) return;
    off = c_[f.key].isNull();
    if (!off) value = to<double>(f, c_[f.key], r);
  }

 private:
  bool skip(const Field& f) const { return twin_ && !f.in_twin(); }

  // A JavaScript number as T: an integer member takes only whole numbers in its
  // range (casting others would be undefined behaviour).
  template <class T>
  static T to(const Field& f, const val& v, Range r) {
    const double x = v.as<double>();
    if constexpr (std::is_integral_v<T>) {
      if (!(x >= r.lo && x <= r.hi && x == std::floor(x)))
        fail_field(f.key, Validator::range_text(true, r), format_number(x));
    }
    return static_cast<T>(x);
  }

  val c_;
  bool twin_;
};

// A lone network's config (ReferenceNetwork): the network fields, inputSize
// and outputSize included.
inline NetworkSpec read_network(const val& c) {
  NetworkSpec n;
  ConfigReader reader(c, false);
  visit(n, reader);
  return n;
}

// A twin's config. The toy sets are 2-D points with one row of labels: two
// logits for softmax, one logit (or value) otherwise; for MNIST, configureMnist
// takes both sizes from the file.
inline TrainerSpec read_trainer(const val& c, MnistOptions* mnist = nullptr) {
  TrainerSpec s;
  MnistOptions options;
  ConfigReader reader(c, true);
  visit_twin(s, options, reader);
  if (mnist) *mnist = options;
  s.network.input_size = 2;
  s.network.output_size = s.network.loss == LossKind::SoftmaxCrossEntropy ? 2 : 1;
  return s;
}

// A struct's named fields (visit(s, v) with v(name, value): TwinStatus,
// Metrics, TwinCost) as a plain JavaScript object.
template <class S>
val to_object(const S& s) {
  val o = val::object();
  visit(s, [&o](const char* name, auto value) {
    if constexpr (std::is_same_v<decltype(value), bool>) {
      o.set(name, value);
    } else {
      o.set(name, static_cast<double>(value));
    }
  });
  return o;
}

// The per-layer buffers of a network and one of its workspaces; layer L (one
// past the hidden layers) is the output layer, which has only W, b, dW, db.
inline val layer_view(const Network& net, const Workspace& ws, int layer, LayerField field) {
  const int L = net.num_hidden();
  if (layer < 0 || layer > L) return empty_view();
  if (layer == L) {
    const Dense& d = net.output();
    switch (field) {
      case LayerField::W: return view(d.W);
      case LayerField::B: return view(d.b);
      case LayerField::DW: return view(d.dW);
      case LayerField::DB: return view(d.db);
      default: return empty_view();
    }
  }
  const HiddenLayer& h = net.hidden(layer);
  const HiddenCache& c = ws.hidden[static_cast<size_t>(layer)];
  const bool per_example = h.normalized() && !h.has_bn;  // LN / GN: statistics per group and example
  switch (field) {
    case LayerField::Z: return view(c.Z);
    case LayerField::ZNorm: return view(net.z_norm(ws, layer));
    case LayerField::ZTilde: return view(c.z_tilde);
    case LayerField::A: return view(c.A);
    case LayerField::BatchMean: return per_example ? view(c.gn.mean) : view(c.bn.mean);
    case LayerField::BatchVar: return per_example ? view(c.gn.var) : view(c.bn.var);
    case LayerField::BatchInvStd: return per_example ? view(c.gn.inv_std) : view(c.bn.inv_std);
    case LayerField::RunningMean: return h.has_bn ? view(h.bn.running_mean) : empty_view();
    case LayerField::RunningVar: return h.has_bn ? view(h.bn.running_var) : empty_view();
    case LayerField::Gamma: return h.normalized() ? view(h.gamma()) : empty_view();
    case LayerField::Beta: return h.normalized() ? view(h.beta()) : empty_view();
    case LayerField::DGamma: return h.normalized() ? view(h.dgamma()) : empty_view();
    case LayerField::DBeta: return h.normalized() ? view(h.dbeta()) : empty_view();
    case LayerField::W: return view(h.dense.W);
    case LayerField::B: return view(h.dense.b);
    case LayerField::DW: return view(h.dense.dW);
    case LayerField::DB: return view(h.dense.db);
  }
  return empty_view();
}

// Throws unless 0 ≤ n ≤ max_steps_per_call(cost): one step(n) call of `what`
// ("this twin") stays within the work budget of one engine call.
inline void check_step_count(int n, const TwinCost& cost, const std::string& what) {
  if (n < 0) throw std::invalid_argument("n must be at least 0, got " + std::to_string(n));
  const int most = max_steps_per_call(cost);
  if (n > most)
    throw std::invalid_argument("n must be at most " + std::to_string(most) + " for " + what +
                                ": one engine call may cost at most 1e10 work units (about a second); take more "
                                "steps in several calls (stepAsync), got " + std::to_string(n));
}

// A twin from JavaScript (Module.Twin.withBn / withoutBn); anything else is refused.
inline int check_twin(Twin twin) {
  if (twin != kWithBn && twin != kWithoutBn)
    throw std::invalid_argument("twin must be Twin.withBn or Twin.withoutBn, got " + std::to_string(int(twin)));
  return twin;
}

inline bool valid_twin(Twin twin) { return twin == kWithBn || twin == kWithoutBn; }

}  // namespace bnlab::web
