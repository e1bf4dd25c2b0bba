// Where a training step's time goes: the phases of Network::train_step timed
// one at a time, on the workload's own shapes and buffers (tools only).
//
// After one ordinary step fills a workspace, each phase is repeated `reps`
// times in isolation: dense products forward (every W·A, the output layer
// included) and backward (dW, db, dA), BN forward (statistics, normalize,
// scale and shift) and backward, the activations g and g', the loss head
// (forward and ∂ℓ/∂Z_out), the optimizer update (which also tests each
// parameter it writes for finiteness) and the step's other finiteness checks
// (train_forward_finite, running_stats_finite). Repeating a phase on the same input
// measures its arithmetic, not the step's data flow; the values computed are
// thrown away. The sum of the phases is printed beside the
// whole step: the difference is what the step does besides (the loop, the
// cache effects of interleaving).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>

#include "activation.hpp"
#include "loss.hpp"
#include "network.hpp"

namespace bnlab::tools {

// Where the finite-checks phase stores its result, so the compiler cannot drop the checks.
inline volatile bool finite_sink = false;

// Microseconds per repetition of `phase`, the median of 5 timed runs of `reps`.
inline double time_phase(int reps, const std::function<void()>& phase) {
  double best[5];
  for (double& b : best) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < reps; ++r) phase();
    b = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / reps;
  }
  std::sort(best, best + 5);
  return best[2];
}

// Prints "phase <workload> <phase> <µs per step>" for every phase of one step
// of `net` on (X, Y), then "phase <workload> sum" and "phase <workload> step".
inline void print_phases(const char* workload, Network& net, const Matrix& X, const Matrix& Y, int reps) {
  const NetworkSpec& s = net.spec();
  const int L = net.num_hidden();
  const bool bn_first = s.bn_placement == BnPlacement::BeforeActivation;
  Workspace ws = net.make_workspace(static_cast<int>(X.cols()));
  net.forward(X, ws, StatsMode::Batch);
  net.loss(Y, ws);
  net.backward(X, Y, ws);
  auto input_of = [&](int l) -> const Matrix& { return l == 0 ? X : net.layer_output(ws, l - 1); };
  auto g_input = [&](int l) -> const Matrix& { return net.activation_input(ws, l); };

  struct Phase {
    const char* name;
    std::function<void()> run;
  };
  Matrix scratch_dA;  // dA[l−1] of the backward products, sized for the widest layer below
  const Phase phases[] = {
      {"dense-forward",
       [&] {
         for (int l = 0; l < L; ++l) net.hidden(l).dense.forward(input_of(l), ws.hidden[static_cast<size_t>(l)].Z);
         net.output().forward(net.layer_output(ws, L - 1), ws.logits);
       }},
      {"bn-forward",
       [&] {
         for (int l = 0; l < L; ++l) {
           HiddenCache& c = ws.hidden[static_cast<size_t>(l)];
           if (net.hidden(l).has_bn) net.hidden(l).bn.forward_train(bn_first ? c.Z : c.A, c.bn, c.z_tilde, false);
         }
       }},
      {"activation-forward",
       [&] {
         for (int l = 0; l < L; ++l) activate(s.activation_of(l), g_input(l), ws.hidden[static_cast<size_t>(l)].A);
       }},
      {"loss", [&] {
         loss_forward(s.loss, ws.logits, Y, ws.prediction);
         loss_backward(s.loss, ws.prediction, Y, ws.dlogits);
       }},
      {"activation-backward",
       [&] {
         for (int l = 0; l < L; ++l) {
           HiddenCache& c = ws.hidden[static_cast<size_t>(l)];
           activation_backward(s.activation_of(l), g_input(l), c.A, c.d_out, c.d_tmp);
         }
       }},
      {"bn-backward",
       [&] {
         for (int l = 0; l < L; ++l) {
           HiddenCache& c = ws.hidden[static_cast<size_t>(l)];
           if (net.hidden(l).has_bn) net.hidden(l).bn.backward(c.d_tmp, c.bn, c.dZ);
         }
       }},
      {"dense-backward",
       [&] {
         net.output().backward(net.layer_output(ws, L - 1), ws.dlogits, ws.hidden[static_cast<size_t>(L - 1)].d_out,
                               true);
         for (int l = L - 1; l >= 0; --l) {
           HiddenCache& c = ws.hidden[static_cast<size_t>(l)];
           if (l == 0) {
             net.hidden(0).dense.backward(X, c.dZ, scratch_dA, false);
           } else {
             net.hidden(l).dense.backward(input_of(l), c.dZ, ws.hidden[static_cast<size_t>(l - 1)].d_tmp, true);
           }
         }
       }},
      {"update", [&] { net.apply_gradients(); }},
      // The step's checks that the forward values and the running statistics are finite (the
      // update checks the parameters it writes).
      {"finite-checks",
       [&] { finite_sink = net.train_forward_finite() && net.running_stats_finite(); }},
  };
  // The update phase moves the weights reps·5 times along one gradient: put
  // them back after each phase, so the whole step is timed on sane values.
  Vector theta(net.num_parameters());
  net.copy_parameters(theta);
  double sum = 0;
  for (const Phase& p : phases) {
    const double us = time_phase(reps, p.run);
    net.set_parameters(theta);
    sum += us;
    std::printf("phase %s %s %.2f\n", workload, p.name, us);
  }
  const double step = time_phase(reps, [&] { net.train_step(X, Y); });
  std::printf("phase %s sum %.2f\nphase %s step %.2f\n", workload, sum, workload, step);
  std::fflush(stdout);
}

}  // namespace bnlab::tools
