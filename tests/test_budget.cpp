// Budgets: what the UI offers fits, what would freeze a page is refused
// before any allocation, and every refusal names the field and the limit.
#include <string>

#include "budget.hpp"
#include "network.hpp"
#include "trainer.hpp"
#include "test_helpers.hpp"

using namespace bnlab;

namespace {

// The lab's largest description: 8 hidden layers of 32 units, 2,000 points,
// the whole 90% training split as one batch.
TrainerSpec lab_max() {
  TrainerSpec s;
  s.network.hidden_sizes.assign(8, 32);
  s.network.batch_size = 1800;
  s.data.num_points = 2000;
  s.data.train_fraction = 0.9;
  return s;
}

// The paper's network (784 → 3×100 → 10, batches of 60) on all of MNIST.
TrainerSpec paper_on_all_of_mnist() {
  TrainerSpec s;
  NetworkSpec& n = s.network;
  n.input_size = 784;
  n.hidden_sizes = {100, 100, 100};
  n.activation = Activation::Sigmoid;
  n.output_size = 10;
  n.loss = LossKind::SoftmaxCrossEntropy;
  n.batch_size = 60;
  return s;
}

// The message of the std::invalid_argument `f` throws ("" if none).
template <class F>
std::string refusal(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the lab's and the paper's largest descriptions fit the budgets with room to train") {
  const TwinCost lab = twin_cost(lab_max(), 1800, 200);
  CHECK_NOTHROW(check_twin_budget(lab_max(), 1800, 200, false));
  CHECK(lab.total_bytes() < kMaxObjectBytes / 4);
  CHECK(max_steps_per_call(lab) >= 20);

  const TwinCost paper = twin_cost(paper_on_all_of_mnist(), 60000, 10000);
  CHECK_NOTHROW(check_twin_budget(paper_on_all_of_mnist(), 60000, 10000, true));
  CHECK(paper.data_bytes < kMaxDataBytes);
  CHECK(paper.eval_work < kMaxCallWork);  // one evaluation over all 70,000 digits is one call
  CHECK(max_steps_per_call(paper) >= 100);

  CHECK(max_steps_per_call(twin_cost(TrainerSpec{}, 200, 200)) >= 10000);  // the default twin
}

TEST_CASE("a twin over the memory budget is refused naming the setting behind the largest share") {
  TrainerSpec wide;
  wide.network.hidden_sizes.assign(16, 1024);
  const std::string m = refusal([&] { check_twin_budget(wide, 200, 200, false); });
  CHECK(m.rfind("hidden_sizes must be smaller", 0) == 0);
  CHECK(m.find("over the budget of 256.0 MiB per object") != std::string::npos);

  TrainerSpec probe;
  probe.network.hidden_sizes.assign(8, 1024);
  probe.probe_size = 4096;
  const std::string p = refusal([&] { check_twin_budget(probe, 18000, 2000, false); });
  CHECK(p.rfind("probe_size must be smaller", 0) == 0);

  // The same refusal from the constructor, before the networks exist.
  wide.data.num_points = 400;
  CHECK(refusal([&] { TwinTrainer t(wide); }).rfind("hidden_sizes must be smaller", 0) == 0);
}

TEST_CASE("a twin whose single step, evaluation or grid would take too long is refused naming the field") {
  TrainerSpec batch;
  batch.network.hidden_sizes = {1024, 1024};
  batch.network.batch_size = 8192;
  CHECK(refusal([&] { check_twin_budget(batch, 18000, 2000, false); }).rfind("batch_size must be smaller", 0) == 0);

  TrainerSpec points;
  points.network.hidden_sizes = {1024, 1024, 1024};
  const std::string e = refusal([&] { check_twin_budget(points, 18000, 2000, false); });
  CHECK(e.rfind("num_points must be smaller: evaluating one network", 0) == 0);
  CHECK(e.find("work units, over the budget of 1.0e10 per engine call") != std::string::npos);

  TrainerSpec grid;
  grid.network.hidden_sizes = {1024, 1024, 1024};
  grid.grid_resolution = 256;
  CHECK(refusal([&] { check_twin_budget(grid, 2000, 200, false); }).rfind("grid_resolution must be smaller", 0) == 0);
}

TEST_CASE("step(n) is bounded by the work budget of one call, and batch noise by its draws") {
  const TwinCost c = twin_cost(paper_on_all_of_mnist(), 8000, 2000);
  const int most = max_steps_per_call(c);
  CHECK(most * c.step_work <= kMaxCallWork);
  CHECK((most + 1) * c.step_work > kMaxCallWork);
  TrainerSpec one = paper_on_all_of_mnist();
  one.train_only = TrainOnly::WithBn;  // a twin that trains one network may take about twice the steps
  CHECK(max_steps_per_call(twin_cost(one, 8000, 2000)) >= 2 * most - 1);
  CHECK(max_noise_draws_per_call(c) == kMaxNoiseDraws);
}

TEST_CASE("a data set over the data budget is refused naming it") {
  TrainerSpec s = paper_on_all_of_mnist();
  const std::string m = refusal([&] { check_twin_budget(s, 69000, 1000, true); });
  CHECK(m.empty());
  s.network.input_size = 4096;  // 64×64 images
  CHECK(refusal([&] { check_twin_budget(s, 69000, 1000, true); }).rfind("data must be smaller", 0) == 0);
}

TEST_CASE("a network, a reference network and a lone BN layer have budgets too") {
  NetworkSpec n;
  n.hidden_sizes.assign(16, 1024);
  n.optimizer.kind = OptimizerKind::Adam;
  n.batch_size = 256;
  CHECK(refusal([&] { Network net(n); }).rfind("hidden_sizes must be smaller", 0) == 0);
  n.hidden_sizes = {64, 64};
  n.batch_size = kMaxBatchSize;
  CHECK_NOTHROW(check_reference_network_budget(n));
  n.hidden_sizes = {1024, 1024};
  CHECK(refusal([&] { check_reference_network_budget(n); }).rfind("batch_size must be smaller", 0) == 0);
  CHECK(reference_network_bytes(n) > network_bytes(n));  // a second workspace, the inputs, dX

  CHECK_NOTHROW(check_batchnorm_budget(64, kMaxBatchSize));
  CHECK(refusal([&] { check_batchnorm_budget(kMaxUnits, kMaxBatchSize); }).rfind("batch must be smaller", 0) == 0);
}

TEST_CASE("the per-field limits are refused with the limit in the message") {
  NetworkSpec n;
  n.batch_size = kMaxBatchSize + 1;
  CHECK(refusal([&] { validate_network_spec(n); }) == "batch_size must be an integer in [1, 16384], got 16385");
  n.batch_size = 1;  // with batch norm in every layer
  CHECK(refusal([&] { validate_network_spec(n); })
            .rfind("batch_size must be an integer in [2, 16384] when batch norm trains", 0) == 0);
  n = NetworkSpec{};
  n.input_size = kMaxInputSize + 1;
  CHECK(refusal([&] { validate_network_spec(n); }).rfind("input_size must be an integer in [1, 4096]", 0) == 0);
  TrainerSpec s;
  s.probe_size = kMaxProbeSize + 1;
  CHECK(refusal([&] { TwinTrainer t(s); }) == "probe_size must be an integer in [2, 4096], got 4097");
}
