// Layer and group norm, left out: the embed's module (web/dist/bnlab-embed.wasm, CMakeLists.txt)
// links this file in place of engine/groupnorm.cpp. No embedded figure normalizes by layer or
// group (<bn-lab> takes no norm setting: its twins are with and without batch norm), and their
// kernels cost the served module about 3 kB gzipped (README "Bundles").
//
// It defines every symbol of groupnorm.cpp, so the linker never takes that object from the
// engine's library. A network asking for layer or group norm is refused where it would build
// one (the constructor below) with a message naming the setting; the other members are never
// reached, since no GroupNorm exists. Everything else, batch norm's networks and their training
// included, is the same object code as in the full module (tests/node/embed-module.test.mjs).
#include "groupnorm.hpp"
#include "schema.hpp"

namespace bnlab {

GroupNorm::GroupNorm(int, int, double) {
  fail_field("norm", "none or batch in the embed's engine (it has no layer or group norm)", "layer or group");
}

void GroupNormCache::resize(int, int, int) {}
void GroupNorm::reset_parameters() {}
void GroupNorm::forward(ConstMatRef, GroupNormCache&, MatRef) const {}
void GroupNorm::backward(ConstMatRef, const GroupNormCache&, MatRef) {}

}  // namespace bnlab
