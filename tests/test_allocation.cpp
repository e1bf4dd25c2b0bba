// No allocation inside a training step, a probe refresh or an evaluation.
//
// This file counts every heap allocation of the test binary (operator new and
// Eigen both end in malloc) while a CountAllocations scope is alive.
#include <atomic>
#include <cstdlib>
#include <new>

#include "trainer.hpp"
#include "test_helpers.hpp"

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};

struct CountAllocations {
  CountAllocations() {
    g_allocations = 0;
    g_counting = true;
  }
  ~CountAllocations() { g_counting = false; }
  long count() const { return g_allocations.load(); }
};
}  // namespace

// Eigen allocates with std::malloc, not operator new, so the count happens in
// malloc itself: this binary interposes glibc's malloc family (the documented
// "replacing malloc" mechanism) and forwards to glibc's own implementation.
extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* p, std::size_t size);
void __libc_free(void* p);

void* malloc(std::size_t size) {
  if (g_counting) ++g_allocations;
  return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) {
  if (g_counting) ++g_allocations;
  return __libc_calloc(count, size);
}
void* realloc(void* p, std::size_t size) {
  if (g_counting) ++g_allocations;
  return __libc_realloc(p, size);
}
void free(void* p) { __libc_free(p); }
}

using namespace bnlab;

TEST_CASE("training steps, probe refreshes and evaluations allocate nothing") {
  for (Activation g : {Activation::Tanh, Activation::ReLU}) {
    for (OptimizerKind opt : {OptimizerKind::SGD, OptimizerKind::Momentum, OptimizerKind::Adam}) {
      for (BnPlacement placement : {BnPlacement::BeforeActivation, BnPlacement::AfterActivation}) {
        TrainerSpec s;
        s.network.activation = g;
        s.network.optimizer.kind = opt;
        s.network.bn_placement = placement;
        s.network.keep_bias_before_bn = true;
        s.network.batch_norm = {true, false, true, true};
        TwinTrainer t(s);
        t.step(2);  // warm-up outside the counted scope
        auto allocations = [](auto&& action) {
          CountAllocations counter;
          action();
          return counter.count();
        };
        CHECK(allocations([&] { t.step(20); }) == 0);
        CHECK(allocations([&] { t.refresh_probes(); }) == 0);
        CHECK(allocations([&] { t.evaluate(kWithBn, StatsMode::Running); }) == 0);
        CHECK(allocations([&] { t.evaluate(kWithBn, StatsMode::Given); }) == 0);
        CHECK(allocations([&] { t.evaluate_grid(kWithoutBn, StatsMode::Given); }) == 0);
        CHECK(allocations([&] {
                t.set_learning_rate(0.05);
                t.reset();
                t.step(3);
              }) == 0);
      }
    }
  }
}

TEST_CASE("the allocation counter does count allocations") {
  CountAllocations counter;
  int* volatile p = new int(3);  // volatile: the compiler may not elide the pair
  delete p;
  Matrix* volatile m = new Matrix(40, 40);  // the object and Eigen's buffer
  delete m;
  CHECK(counter.count() == 3);
}
