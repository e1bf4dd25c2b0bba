// The names by which JavaScript passes the bindings' enums: Module.Twin.withBn,
// Module.BnMode.running, Module.LayerField.Z, Module.DataField.GridValues. Listed once here;
// module.cpp registers them with embind (enum_), the embed's module hands them to
// engine/bindings/embed_module.js as plain numbers (embed_exports.cpp).
#pragma once

#include <array>

#include "names.hpp"
#include "support.hpp"

namespace bnlab::web {

constexpr std::array<Named<Twin>, 2> kTwinNames{{{kWithBn, "withBn"}, {kWithoutBn, "withoutBn"}}};

constexpr std::array<Named<BnMode>, 3> kBnModeNames{
    {{BnMode::Train, "train"}, {BnMode::Batch, "batch"}, {BnMode::Running, "running"}}};

constexpr std::array<Named<LayerField>, 17> kLayerFieldNames{{
    {LayerField::Z, "Z"},
    {LayerField::ZNorm, "ZNorm"},
    {LayerField::ZTilde, "ZTilde"},
    {LayerField::A, "A"},
    {LayerField::BatchMean, "BatchMean"},
    {LayerField::BatchVar, "BatchVar"},
    {LayerField::BatchInvStd, "BatchInvStd"},
    {LayerField::RunningMean, "RunningMean"},
    {LayerField::RunningVar, "RunningVar"},
    {LayerField::Gamma, "Gamma"},
    {LayerField::Beta, "Beta"},
    {LayerField::DGamma, "DGamma"},
    {LayerField::DBeta, "DBeta"},
    {LayerField::W, "W"},
    {LayerField::B, "B"},
    {LayerField::DW, "DW"},
    {LayerField::DB, "DB"},
}};

constexpr std::array<Named<DataField>, 10> kDataFieldNames{{
    {DataField::XTrain, "XTrain"},
    {DataField::YTrain, "YTrain"},
    {DataField::XTest, "XTest"},
    {DataField::YTest, "YTest"},
    {DataField::GridPoints, "GridPoints"},
    {DataField::GridValues, "GridValues"},
    {DataField::BatchX, "BatchX"},
    {DataField::BatchY, "BatchY"},
    {DataField::BatchNoise, "BatchNoise"},
    {DataField::InputGradient, "InputGradient"},
}};

// Calls f(enum name, its value names) for each of the four enums.
template <class F>
void for_each_enum(F&& f) {
  f("Twin", kTwinNames);
  f("BnMode", kBnModeNames);
  f("LayerField", kLayerFieldNames);
  f("DataField", kDataFieldNames);
}

}  // namespace bnlab::web
