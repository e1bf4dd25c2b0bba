// Writes web/engine-schema.js: the engine's settings (settings.hpp) and the
// facts the page takes from the engine, as a JavaScript module.
//
//   schema_js > web/engine-schema.js
//
// web/tools/engine-schema.mjs runs this program to write the committed file,
// and tests/node/schema.test.mjs fails when the committed file differs from
// what it prints (the schema changed but the file was not regenerated).
//
// The module's tables:
//   NAMES           the names of every choice, by setting
//   FIELDS          every setting: key, kind, default, range or options,
//                   whether a built twin takes it live, which configs have it,
//                   the engine's member and one line of documentation
//   CONFIG_FIELDS   a twin's settings (engine.createTwin)
//   REFERENCE_FIELDS  a lone network's settings (engine.referenceStep)
//   MNIST_DEFAULTS  where the paper's network (mnist_fig1_spec) differs from the defaults
//   LIMITS, BUDGET, EVAL_CHUNK, MAX_MNIST_FILE_BYTES  budget.hpp's numbers
//   ACTIVATION_FACTS  which activations saturate, and the range of A the histograms cover
//   SHIFT_DIRECTION, MNIST_FORMAT  the data's facts
#include <cstdio>
#include <string>
#include <type_traits>
#include <vector>

#include "config_writer.hpp"

using namespace bnlab;

namespace {

// 'text' with quotes and backslashes escaped.
std::string js_string(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string js_bool(bool b) { return b ? "true" : "false"; }

// One FIELDS entry per field, and the NAMES of every choice.
class TableWriter {
 public:
  // Fields of the data, MNIST and trainer specs belong to a twin only; the
  // network's to both configs unless they are Scope::LoneNetwork.
  void begin(bool network) { network_ = network; }

  template <class T>
  void number(const Field& f, const T& value, Range r) {
    entry(f, std::is_integral_v<T> ? "int" : "number", value_of([&](auto& w) { w.number(f, value, r); }),
          "min: " + format_number(r.lo) + ", max: " + format_number(r.hi));
  }
  void flag(const Field& f, const bool& value) {
    entry(f, "bool", value_of([&](auto& w) { w.flag(f, value); }), "");
  }
  template <class E>
  void choice(const Field& f, const E& value) {
    add_names<E>(f.key);
    std::string def = value_of([&](auto& w) { w.choice(f, value); });
    const std::string names = std::string("NAMES.") + f.key;
    if (!f.facade_name) return entry(f, "enum", def, "options: " + names);
    // The facade's extra name: first (and the default) or last.
    const std::string extra = js_string(f.facade_name);
    const std::string options =
        f.facade_default ? "[" + extra + ", ..." + names + "]" : "[..." + names + ", " + extra + "]";
    const std::string engine = "engineOptions: " + names + ", engineDef: " + def;
    entry(f, "enum", f.facade_default ? extra : def, "options: " + options + ", " + engine,
          std::string("; '") + f.facade_name + "': " + f.facade_doc);
  }
  void sizes(const Field& f, const std::vector<int>& values, Range each, Range count) {
    entry(f, "intList", value_of([&](auto& w) { w.sizes(f, values, each, count); }),
          "min: " + format_number(each.lo) + ", max: " + format_number(each.hi) +
              ", minLength: " + format_number(count.lo) + ", maxLength: " + format_number(count.hi));
  }
  template <class E>
  void per_layer(const Field& f, const E& all, const std::vector<E>& each, size_t layers) {
    add_names<E>(f.key);
    entry(f, "enums", value_of([&](auto& w) { w.per_layer(f, all, each, layers); }),
          std::string("options: NAMES.") + f.key);
  }
  void layer_flags(const Field& f, const std::vector<bool>& flags, size_t layers) {
    entry(f, "bools", value_of([&](auto& w) { w.layer_flags(f, flags, layers); }), "");
  }
  void layer_numbers(const Field& f, const double& all, const std::vector<double>& each, Range r, size_t layers) {
    entry(f, "numbers", value_of([&](auto& w) { w.layer_numbers(f, all, each, r, layers); }),
          "min: " + format_number(r.lo) + ", max: " + format_number(r.hi));
  }
  void optional_number(const Field& f, const double& value, const bool& off, Range r) {
    entry(f, "numberOrNull", value_of([&](auto& w) { w.optional_number(f, value, off, r); }),
          "min: " + format_number(r.lo) + ", max: " + format_number(r.hi));
  }

  std::string names() const { return names_; }
  std::string fields() const { return fields_; }
  std::string docs() const { return docs_; }

 private:
  // The value as a JavaScript literal, written by the parity tool's writer.
  template <class Call>
  static std::string value_of(Call&& call) {
    tools::ConfigWriter w('\'', false);
    call(w);
    return w.entries().back().second;
  }

  template <class E>
  void add_names(const char* key) {
    std::vector<std::string> quoted;
    for (const Named<E>& n : enum_names(E{})) quoted.push_back(js_string(n.name));
    names_ += std::string("  ") + key + ": Object.freeze(" + tools::ConfigWriter::list(quoted) + "),\n";
  }

  void entry(const Field& f, const char* kind, const std::string& def, const std::string& limits,
             const std::string& extra_doc = "") {
    const bool twin = !network_ || f.in_twin();
    fields_ += std::string("  { key: '") + f.key + "', kind: '" + kind + "', def: " + def +
               (limits.empty() ? "" : ", " + limits) + ",\n    live: " + js_bool(f.change == Change::Live) +
               ", twin: " + js_bool(twin) + ", reference: " + js_bool(network_) + ", engine: '" + f.path + "' },\n";
    docs_ += std::string("  ") + f.key + ": " + js_string(f.doc + extra_doc) + ",\n";
  }

  bool network_ = false;
  std::string names_;
  std::string fields_;
  std::string docs_;
};

// Where the paper's network differs from a default twin, as {key: value}.
std::string mnist_defaults() {
  const MnistOptions mnist;
  const TrainerSpec defaults, fig1 = mnist_fig1_spec();
  tools::ConfigWriter plain('\''), paper('\'');
  visit_twin(defaults, mnist, plain);
  visit_twin(fig1, mnist, paper);
  std::string out;
  for (size_t i = 0; i < paper.entries().size(); ++i) {
    const auto& [key, value] = paper.entries()[i];
    if (value != plain.entries()[i].second) out += (out.empty() ? "" : ", ") + key + ": " + value;
  }
  return "{ " + out + " }";
}

std::string activation_facts() {
  std::string out;
  for (const Named<Activation>& n : kActivationNames) {
    Scalar lo = 0, hi = 0;
    activation_display_range(n.value, lo, hi);
    out += std::string("  ") + n.name + ": Object.freeze({ saturates: " + js_bool(activation_saturates(n.value)) +
           ", range: Object.freeze([" + format_number(lo) + ", " + format_number(hi) + "]) }),\n";
  }
  return out;
}

}  // namespace

int main() {
  TableWriter table;
  const TrainerSpec twin;
  const MnistOptions mnist;
  // visit_twin's order, with the network marked.
  visit(twin.data, table);
  visit(mnist, table);
  table.begin(true);
  visit(twin.network, table);
  table.begin(false);
  visit(twin, table);

  std::printf(
      "// Generated by build/native/schema_js (engine/tools/schema_js.cpp) from the engine's settings\n"
      "// (engine/settings.hpp) and facts. Do not edit: change the engine, then run\n"
      "//   node web/tools/engine-schema.mjs\n"
      "// tests/node/schema.test.mjs fails while this file differs from what the engine says.\n"
      "//\n"
      "// FIELDS kinds: 'int', 'number', 'bool', 'enum'; 'intList' (hidden layer sizes); 'enums' (one name,\n"
      "// or one per hidden layer); 'bools' (one flag, or one per hidden layer); 'numbers' (one number, or one\n"
      "// per hidden layer); 'numberOrNull'.\n"
      "// live: a built twin takes a new value between steps; otherwise it needs a new twin.\n"
      "// twin / reference: a setting of engine.createTwin / of a lone network (engine.referenceStep).\n"
      "// engine: the member in the engine's spec, as the engine's messages name it.\n"
      "// A choice the facade extends ('mnist', 'auto') keeps the engine's own names and default in\n"
      "// engineOptions and engineDef.\n\n");
  std::printf("/** The names of every choice, by setting. */\nexport const NAMES = Object.freeze({\n%s});\n\n",
              table.names().c_str());
  std::printf("/** Every setting, once. */\nexport const FIELDS = Object.freeze([\n%s].map(Object.freeze));\n\n",
              table.fields().c_str());
  // Apart from FIELDS and marked pure, so that a bundle that never reads them (the pages, the embed)
  // leaves them out: only the README's tables (web/tools/settings-docs.mjs) and tests read them.
  std::printf("/** One line of documentation per setting, by key. */\n"
              "export const FIELD_DOCS = /* @__PURE__ */ Object.freeze({\n%s});\n\n",
              table.docs().c_str());
  std::printf(
      "/** A twin's settings (engine.createTwin). */\n"
      "export const CONFIG_FIELDS = Object.freeze(FIELDS.filter((f) => f.twin));\n\n"
      "/** A lone network's settings (engine.referenceStep): the engine's own names and defaults. */\n"
      "export const REFERENCE_FIELDS = Object.freeze(FIELDS.filter((f) => f.reference).map((f) => (f.engineOptions\n"
      "  ? Object.freeze({ ...f, options: f.engineOptions, def: f.engineDef }) : f)));\n\n");
  std::printf(
      "/**\n * Defaults that differ for dataset 'mnist': the Figure 1 network of Ioffe & Szegedy §4.1 as\n"
      " * engine/mnist.hpp's mnist_fig1_spec() sets it up (the learning rate and init std are ours).\n */\n"
      "export const MNIST_DEFAULTS = Object.freeze(%s);\n\n",
      mnist_defaults().c_str());
  std::printf(
      "/** Per-field limits (engine/budget.hpp): the ranges above take theirs from these. */\n"
      "export const LIMITS = Object.freeze({\n"
      "  hiddenLayers: %d, units: %d, inputSize: %d, outputSize: %d, batchSize: %d, points: %d,\n"
      "  probeSize: %d, gridResolution: %d, bins: %d, noiseDraws: %d, examples: %s,\n});\n\n",
      kMaxHiddenLayers, kMaxUnits, kMaxInputSize, kMaxOutputSize, kMaxBatchSize, kMaxPoints, kMaxProbeSize,
      kMaxGridResolution, kMaxBins, kMaxNoiseDraws, format_number(static_cast<double>(kMaxExamples)).c_str());
  std::printf(
      "/**\n * Budgets (engine/budget.hpp): bytes of one object (without its data), bytes of a data set, work\n"
      " * units of one engine call.\n */\n"
      "export const BUDGET = Object.freeze({ objectBytes: %s, dataBytes: %s, callWork: %s });\n\n"
      "/** Columns per chunk when the trainer evaluates whole sets and grids (engine/trainer.hpp). */\n"
      "export const EVAL_CHUNK = %d;\n\n"
      "/** The largest MNIST file the data budget admits (engine/mnist.hpp). */\n"
      "export const MAX_MNIST_FILE_BYTES = %s;\n\n",
      format_number(kMaxObjectBytes).c_str(), format_number(kMaxDataBytes).c_str(), format_number(kMaxCallWork).c_str(),
      kEvalChunk, format_number(kMaxMnistFileBytes).c_str());
  std::printf(
      "/**\n * Each activation g (engine/activation.hpp): whether it saturates (the probes count saturated\n"
      " * units, where g'(z) is below a tenth of its largest value, only for these) and the range of A\n"
      " * its histograms cover.\n */\n"
      "export const ACTIVATION_FACTS = Object.freeze({\n%s});\n\n",
      activation_facts().c_str());
  std::printf(
      "/** The unit direction along which shift 'translate' moves the test points (engine/dataset.hpp). */\n"
      "export const SHIFT_DIRECTION = Object.freeze([%s, %s]);\n\n"
      "/** The MNIST file's header (engine/mnist.hpp): magic, version and size in bytes. */\n"
      "export const MNIST_FORMAT = Object.freeze({ magic: '%s', version: %u, headerBytes: %zu });\n",
      format_number(kShiftDirection).c_str(), format_number(kShiftDirection).c_str(), kMnistMagic, kMnistVersion,
      kMnistHeaderBytes);
  return 0;
}
