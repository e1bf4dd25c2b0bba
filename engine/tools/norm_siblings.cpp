// Batch norm among its siblings, measured natively: no normalization, BN, LN
// and GN trained from the same initial weights on the same mini-batches
// (TwinTrainer's siblings), at several batch sizes and seeds.
//
// For every (batch size m, seed) one sibling run trains the four networks for
// --steps steps; then, per network:
//   train loss, training    the loss over the training set as the network
//                           computes it while training: one shuffled epoch of
//                           full mini-batches of m examples, BN normalizing
//                           with each batch's own statistics
//   train loss, inference   the loss over the same examples with the network in
//                           inference mode (BN: running statistics; LN, GN,
//                           none: the same function as in training)
//   gap                     inference − training: what the switch to inference
//                           changes (0 by construction without batch statistics)
//   test accuracy           inference mode
// and prints, per (m, method), the mean and standard deviation over the seeds
// as a Markdown table (README "Batch norm among its siblings"), plus one CSV
// row per run with --csv.
//
// Usage:
//   norm_siblings [--steps N] [--seeds K] [--batches 2,4,16,64] [--csv FILE]
// The network and data are the lab's defaults (engine-schema defaults, lab
// overrides: moons, sigmoid, 8-8-8-8, SGD lr 0.1, 400 points, half for
// training), with norm_groups 2 for GN (groups of 4 units).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <sstream>
#include <string>
#include <vector>

#include "batch_sampler.hpp"
#include "loss.hpp"
#include "trainer.hpp"

using namespace bnlab;

namespace {

struct Args {
  int steps = 3000;
  int seeds = 5;
  std::vector<int> batches{2, 4, 16, 64};
  std::string csv;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr, "norm_siblings: %s\nusage: norm_siblings [--steps N] [--seeds K] [--batches 2,4,16,64] [--csv FILE]\n",
               why);
  std::exit(2);
}

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value after " + arg).c_str());
      return argv[++i];
    };
    if (arg == "--steps") a.steps = std::atoi(value().c_str());
    else if (arg == "--seeds") a.seeds = std::atoi(value().c_str());
    else if (arg == "--csv") a.csv = value();
    else if (arg == "--batches") {
      a.batches.clear();
      std::stringstream list(value());
      for (std::string item; std::getline(list, item, ',');) a.batches.push_back(std::atoi(item.c_str()));
    } else usage(("unknown option " + arg).c_str());
  }
  if (a.steps < 1 || a.seeds < 1 || a.batches.empty()) usage("--steps, --seeds and --batches must be positive");
  return a;
}

// The lab's defaults (web/state.js over web/engine-schema.js) at batch size m.
TrainerSpec lab_spec(int m, uint64_t seed) {
  TrainerSpec s;
  s.data.kind = DatasetKind::Moons;
  s.network.activation = Activation::Sigmoid;
  s.network.batch_size = m;
  s.network.norm_groups = 2;
  s.network.seed = seed;
  return s;
}

struct EpochLoss {
  double training = 0;   // batch statistics (StatsMode::Batch: BN's running statistics untouched)
  double inference = 0;  // running statistics
};

// The training set's loss over one shuffled epoch of full mini-batches of m,
// each normalized with its own statistics, and the same examples in inference mode.
EpochLoss epoch_loss(Network& net, const Dataset& data, int m, uint64_t seed) {
  const auto n = static_cast<int>(data.x_train.cols());
  BatchSampler order(n, m, derive_seed(seed, 0x65706f6368ULL));  // "epoch"
  Workspace ws = net.make_workspace(m);
  Matrix x(data.x_train.rows(), m), y(data.y_train.rows(), m);
  EpochLoss sum;
  const int batches = n / m;
  for (int b = 0; b < batches; ++b) {
    const int* idx = order.next();
    gather_columns(data.x_train, idx, m, x);
    gather_columns(data.y_train, idx, m, y);
    net.forward(x, ws, StatsMode::Batch);
    sum.training += net.loss(y, ws) / batches;
    net.forward(x, ws, StatsMode::Running);
    sum.inference += net.loss(y, ws) / batches;
  }
  return sum;
}

struct Run {
  int m;
  uint64_t seed;
  int net;
  double inference, training, test_accuracy;
  bool diverged;
};

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}
double stdev(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  const double mu = mean(v);
  double s = 0;
  for (double x : v) s += (x - mu) * (x - mu);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse(argc, argv);
  const std::vector<NormKind> kinds{NormKind::None, NormKind::Batch, NormKind::Layer, NormKind::Group};
  const char* labels[] = {"none", "BN", "LN", "GN (2 groups)"};
  std::vector<Run> runs;
  try {
    for (int m : args.batches) {
      for (int k = 1; k <= args.seeds; ++k) {
        const auto seed = static_cast<uint64_t>(k);
        TwinTrainer t(lab_spec(m, seed), kinds);
        t.step(args.steps);
        for (int net = 0; net < t.num_nets(); ++net) {
          const Metrics inference = t.evaluate(net, StatsMode::Running);
          const EpochLoss loss = epoch_loss(t.net(net), t.data(), m, seed);
          runs.push_back({m, seed, net, loss.inference, loss.training, inference.test_accuracy, t.status(net).diverged});
        }
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "norm_siblings: %s\n", e.what());
    return 1;
  }

  if (!args.csv.empty()) {
    FILE* f = std::fopen(args.csv.c_str(), "w");
    if (!f) {
      std::fprintf(stderr, "norm_siblings: cannot write %s\n", args.csv.c_str());
      return 1;
    }
    std::fprintf(f, "batch_size,seed,norm,train_loss_inference,train_loss_training,gap,test_accuracy,diverged\n");
    for (const Run& r : runs)
      std::fprintf(f, "%d,%llu,%s,%.6f,%.6f,%.6f,%.4f,%d\n", r.m, static_cast<unsigned long long>(r.seed),
                   name_of(kinds[static_cast<size_t>(r.net)]), r.inference, r.training, r.inference - r.training,
                   r.test_accuracy, r.diverged ? 1 : 0);
    std::fclose(f);
  }

  std::printf("Siblings on the lab's defaults (moons, 8-8-8-8 sigmoid, SGD lr 0.1, 200 training points), %d steps, "
              "seeds 1-%d; mean ± sd over the seeds.\n\n",
              args.steps, args.seeds);
  std::printf("| m | norm | train loss, inference | train loss, training mode | gap (inference − training) | test acc. |\n");
  std::printf("|---|---|---|---|---|---|\n");
  for (int m : args.batches) {
    for (int net = 0; net < static_cast<int>(kinds.size()); ++net) {
      std::vector<double> inf, tr, gap, acc;
      int diverged = 0;
      for (const Run& r : runs) {
        if (r.m != m || r.net != net) continue;
        if (r.diverged) {
          ++diverged;
          continue;
        }
        inf.push_back(r.inference);
        tr.push_back(r.training);
        gap.push_back(r.inference - r.training);
        acc.push_back(r.test_accuracy);
      }
      if (inf.empty()) {
        std::printf("| %d | %s | diverged in every seed | | | |\n", m, labels[net]);
        continue;
      }
      std::printf("| %d | %s | %.3f ± %.3f | %.3f ± %.3f | %+.3f ± %.3f | %.3f ± %.3f |%s\n", m, labels[net],
                  mean(inf), stdev(inf), mean(tr), stdev(tr), mean(gap), stdev(gap), mean(acc), stdev(acc),
                  diverged ? (" (" + std::to_string(diverged) + " seeds diverged, left out)").c_str() : "");
    }
  }
  return 0;
}
