#include "mnist.hpp"
#include "number_text.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <vector>

namespace bnlab {

namespace {

// Sanity limits, so a corrupt header cannot ask for gigabytes: images of at
// most 64×64 (the network's input is at most kMaxInputSize = 4096 values) and
// at most kMaxExamples digits (budget.hpp), whose floats must fit kMaxDataBytes.
constexpr uint32_t kMaxSide = 64;

uint32_t read_u32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

[[noreturn]] void fail(const std::string& what) { throw std::invalid_argument("MNIST data: " + what); }

// x (pixels, n) ← bytes/255 (or the binarized bytes); y (1, n) ← labels.
void decode_set(const uint8_t* pixels, const uint8_t* labels, uint32_t n, const MnistHeader& h, bool binarize,
                Matrix& x, Matrix& y, const char* set_name) {
  const auto P = static_cast<Eigen::Index>(h.pixels());
  x.resize(P, n);
  y.resize(1, n);
  const Scalar inv255 = Scalar(1) / Scalar(255);
  for (uint32_t j = 0; j < n; ++j) {
    const uint8_t* img = pixels + static_cast<size_t>(j) * static_cast<size_t>(P);
    Scalar* col = x.data() + static_cast<Eigen::Index>(j) * P;  // column-major: column j is contiguous
    for (Eigen::Index p = 0; p < P; ++p)
      col[p] = binarize ? Scalar(img[p] >= 128 ? 1 : 0) : static_cast<Scalar>(img[p]) * inv255;
    if (labels[j] >= h.num_classes)
      fail(std::string(set_name) + " label " + std::to_string(j) + " is " + std::to_string(labels[j]) +
           ", must be below num_classes " + std::to_string(h.num_classes));
    y(0, j) = static_cast<Scalar>(labels[j]);
  }
}

}  // namespace

uint32_t fnv1a32(const uint8_t* data, size_t size) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < size; ++i) {
    h ^= data[i];
    h *= 16777619u;
  }
  return h;
}

MnistHeader read_mnist_header(const uint8_t* data, size_t size) {
  if (size < kMnistHeaderBytes)
    fail("truncated: expected at least the " + std::to_string(kMnistHeaderBytes) + "-byte header, got " +
         std::to_string(size) + " bytes");
  if (std::memcmp(data, kMnistMagic, 4) != 0)
    fail(std::string("bad magic: this is not a BNLab MNIST file (expected \"") + kMnistMagic + "\")");
  MnistHeader h;
  h.version = read_u32(data + 4);
  h.n_train = read_u32(data + 8);
  h.n_test = read_u32(data + 12);
  h.rows = read_u32(data + 16);
  h.cols = read_u32(data + 20);
  h.num_classes = read_u32(data + 24);
  h.checksum = read_u32(data + 28);
  if (h.version != kMnistVersion)
    fail("unsupported version " + std::to_string(h.version) + " (this engine reads version " +
         std::to_string(kMnistVersion) + ")");
  if (h.rows < 1 || h.rows > kMaxSide || h.cols < 1 || h.cols > kMaxSide)
    fail("image size " + std::to_string(h.rows) + "x" + std::to_string(h.cols) + " out of range [1, " +
         std::to_string(kMaxSide) + "]");
  if (h.n_train < 1 || uint64_t{h.n_train} + h.n_test > kMaxExamples)
    fail("example counts " + std::to_string(h.n_train) + " train + " + std::to_string(h.n_test) +
         " test out of range (at least 1 train, at most " + std::to_string(kMaxExamples) + " in all)");
  if (dataset_bytes(static_cast<int>(h.pixels()), static_cast<double>(h.n_train) + h.n_test) > kMaxDataBytes)
    fail(std::to_string(h.n_train + uint64_t{h.n_test}) + " images of " + std::to_string(h.pixels()) +
         " pixels would take more than the data budget of " + std::to_string(static_cast<int>(kMaxDataBytes / kMiB)) +
         " MiB as float32");
  if (h.num_classes < 2 || h.num_classes > 256)
    fail("num_classes " + std::to_string(h.num_classes) + " out of range [2, 256]");
  if (uint64_t{size} != h.file_size())
    fail(std::string(size < h.file_size() ? "truncated" : "size mismatch") + ": expected " +
         std::to_string(h.file_size()) + " bytes (" + std::to_string(h.n_train) + " train + " +
         std::to_string(h.n_test) + " test images of " + std::to_string(h.rows) + "x" + std::to_string(h.cols) +
         "), got " + std::to_string(size));
  return h;
}

Dataset load_mnist(const uint8_t* data, size_t size, const MnistOptions& options) {
  const MnistHeader h = read_mnist_header(data, size);
  const uint8_t* payload = data + kMnistHeaderBytes;
  const uint32_t actual = fnv1a32(payload, size - kMnistHeaderBytes);
  if (actual != h.checksum) {
    fail("checksum mismatch: header says FNV-1a 0x" + hex_text(h.checksum) + ", payload hashes to 0x" + hex_text(actual) +
         " (corrupted file)");
  }
  const auto P = static_cast<size_t>(h.pixels());
  const uint8_t* train_pixels = payload;
  const uint8_t* train_labels = train_pixels + size_t{h.n_train} * P;
  const uint8_t* test_pixels = train_labels + h.n_train;
  const uint8_t* test_labels = test_pixels + size_t{h.n_test} * P;

  Dataset d;
  d.is_regression = false;
  decode_set(train_pixels, train_labels, h.n_train, h, options.binarize, d.x_train, d.y_train, "train");
  decode_set(test_pixels, test_labels, h.n_test, h, options.binarize, d.x_test, d.y_test, "test");
  return d;
}

TrainerSpec mnist_fig1_spec(uint64_t seed) {
  TrainerSpec s;
  NetworkSpec& n = s.network;
  n.input_size = 784;
  n.hidden_sizes = {100, 100, 100};
  n.activation = Activation::Sigmoid;
  n.batch_norm.clear();  // BN in every hidden layer (the twin without BN is built by the trainer)
  n.bn_placement = BnPlacement::BeforeActivation;
  n.output_size = 10;
  n.loss = LossKind::SoftmaxCrossEntropy;
  n.optimizer.kind = OptimizerKind::SGD;
  n.optimizer.learning_rate = 0.5;  // ours
  n.init = InitKind::Gaussian;
  n.init_scale = 0.03;  // ours: std of the Gaussian weights
  n.batch_size = 60;
  n.seed = seed;
  s.probe_size = 256;
  s.probe.unit = 0;
  return s;
}

Dataset load_mnist_file(const std::string& path, const MnistOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error("MNIST data: cannot open '" + path + "': " + std::strerror(errno));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw std::runtime_error("MNIST data: error while reading '" + path + "'");
  try {
    return load_mnist(bytes.data(), bytes.size(), options);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string(e.what()) + " [" + path + "]");
  }
}

}  // namespace bnlab
