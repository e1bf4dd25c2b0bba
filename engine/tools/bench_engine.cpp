// Training throughput of the engine on two fixed workloads (float32, one thread).
//
//   TOY          2 → 8 → 8 → 8 → 8 → 1, BN before tanh, sigmoid + binary CE, batch 32, SGD
//   MNIST-PAPER  784 → 100 → 100 → 100 → 10, BN before sigmoid, softmax CE, batch 60, SGD
//
// One step = forward + backward + update. Prints the median steps/s of several
// timed runs as "bench <name> <steps/s>" lines, then where a step's time goes
// as "phase <name> <phase> <µs>" lines (bench_phases.hpp); build.sh compares
// the native and WebAssembly builds of this same file side by side.
//
//   bench_engine             rates (median of 5 runs) and the split of a step
//   bench_engine rate [N]    rates only: each of N runs (default 3) as "run <name> <steps/s>",
//                            then their median; one round of tests/browser/bench-rounds.mjs
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "bench_phases.hpp"
#include "network.hpp"
#include "rng.hpp"

using namespace bnlab;

namespace {

struct Workload {
  const char* name;
  NetworkSpec spec;
  int steps_per_run;
  int phase_reps;  // repetitions of each phase in the split
};

double run(const Workload& w, int runs, bool split) {
  Network net(w.spec);
  const int m = w.spec.batch_size;
  // A handful of fixed input batches (the benchmark measures arithmetic, not data).
  Rng rng(7);
  const int num_batches = 8;
  std::vector<Matrix> xs, ys;
  for (int b = 0; b < num_batches; ++b) {
    Matrix x(w.spec.input_size, m), y(w.spec.loss == LossKind::SoftmaxCrossEntropy ? 1 : w.spec.output_size, m);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<Scalar>(rng.uniform() < 0.2 ? 1.0 : 0.0);
    for (Eigen::Index i = 0; i < y.size(); ++i)
      y.data()[i] = static_cast<Scalar>(w.spec.loss == LossKind::SoftmaxCrossEntropy ? rng.below(10) : rng.below(2));
    xs.push_back(x);
    ys.push_back(y);
  }
  for (int s = 0; s < w.steps_per_run / 10; ++s) net.train_step(xs[s % num_batches], ys[s % num_batches]);  // warm-up
  std::vector<double> rates;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int s = 0; s < w.steps_per_run; ++s) net.train_step(xs[s % num_batches], ys[s % num_batches]);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    rates.push_back(w.steps_per_run / secs);
    if (!split) std::printf("run %s %.1f\n", w.name, rates.back());  // each run, for the rounds' best
  }
  std::sort(rates.begin(), rates.end());
  if (split) tools::print_phases(w.name, net, xs[0], ys[0], w.phase_reps);
  return rates[rates.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const bool rate_only = argc > 1 && std::strcmp(argv[1], "rate") == 0;
  const int runs = rate_only ? (argc > 2 ? std::max(1, std::atoi(argv[2])) : 3) : 5;
  if (argc > 1 && !rate_only) {
    std::fprintf(stderr, "usage: bench_engine [rate [runs]]\n");
    return 2;
  }
  NetworkSpec toy;
  toy.input_size = 2;
  toy.hidden_sizes = {8, 8, 8, 8};
  toy.activation = Activation::Tanh;
  toy.output_size = 1;
  toy.loss = LossKind::SigmoidBinaryCrossEntropy;
  toy.batch_size = 32;
  toy.optimizer.learning_rate = 0.1;

  NetworkSpec paper;
  paper.input_size = 784;
  paper.hidden_sizes = {100, 100, 100};
  paper.activation = Activation::Sigmoid;
  paper.output_size = 10;
  paper.loss = LossKind::SoftmaxCrossEntropy;
  paper.batch_size = 60;
  paper.init = InitKind::Gaussian;
  paper.init_scale = 0.1;
  paper.optimizer.learning_rate = 0.5;

  const Workload workloads[] = {{"TOY", toy, 20000, 2000}, {"MNIST-PAPER", paper, 600, 60}};
  for (const Workload& w : workloads) {
    std::printf("bench %s %.1f\n", w.name, run(w, runs, !rate_only));
    std::fflush(stdout);
  }
  return 0;
}
