//===- EnumAgreement.h - One numbering for each model enum ------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Model.h defines each of the config's enums. Three other spellings exist
// because their tools need them: the .beex schema (BeexModel.fbs, written
// and read with static_casts), the dialect's ODS enums (BeexEnums.td, which
// the Model's values are cast to) and the C runtime's beex_exit_policy
// (runtime.h, the descriptor's exit_policy). These static_asserts tie every
// spelling to Model.h's numbering: renumber one without the others and the
// build fails. Included by exactly one translation unit, ModelToIR.cpp,
// which sees all four.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_MODEL_ENUMAGREEMENT_H
#define BEEX_MODEL_ENUMAGREEMENT_H

#include "beex/Import/BeexModel_generated.h"
#include "beex/Model/Model.h"
#include "beex/runtime.h"
#include "dialects/beex/BeexAttrs.h"

namespace beex::enum_agreement {

/// Model.h's value, the FlatBuffers value and (when given) the ODS value are
/// one number.
template <typename Model, typename Schema>
constexpr bool same(Model model, Schema schema) {
  return static_cast<int>(model) == static_cast<int>(schema);
}
template <typename Model, typename Schema, typename Ods>
constexpr bool same(Model model, Schema schema, Ods ods) {
  return same(model, schema) && static_cast<int>(model) == static_cast<int>(ods);
}

using namespace mlir::beex;

static_assert(same(Activations::F32, fb::Activations::F32, ActivationMode::f32) &&
              same(Activations::Int8, fb::Activations::Int8, ActivationMode::int8) &&
              same(Activations::Binary, fb::Activations::Binary, ActivationMode::binary) &&
              fb::Activations::MAX == fb::Activations::Binary);
static_assert(same(ScaleMode::PerChannel, fb::ScaleMode::PerChannel,
                   mlir::beex::ScaleMode::per_channel) &&
              same(ScaleMode::PerTensor, fb::ScaleMode::PerTensor,
                   mlir::beex::ScaleMode::per_tensor) &&
              same(ScaleMode::None, fb::ScaleMode::None, mlir::beex::ScaleMode::none) &&
              fb::ScaleMode::MAX == fb::ScaleMode::None);
// The dialect spells patterns as attributes (#beex.local, ...), not an enum.
static_assert(same(PatternType::Dense, fb::PatternType::Dense) &&
              same(PatternType::Local, fb::PatternType::Local) &&
              same(PatternType::Strided, fb::PatternType::Strided) &&
              same(PatternType::BlockSparse, fb::PatternType::BlockSparse) &&
              fb::PatternType::MAX == fb::PatternType::BlockSparse);
static_assert(same(Pooling::Mean, fb::Pooling::Mean, PoolingKind::mean) &&
              same(Pooling::Cls, fb::Pooling::Cls, PoolingKind::cls) &&
              fb::Pooling::MAX == fb::Pooling::Cls);
static_assert(same(ExitPolicyType::EntropyDrop, fb::ExitPolicyType::EntropyDrop,
                   ExitPolicyKind::entropy_drop) &&
              same(ExitPolicyType::EntropyBelow, fb::ExitPolicyType::EntropyBelow,
                   ExitPolicyKind::entropy_below) &&
              same(ExitPolicyType::Patience, fb::ExitPolicyType::Patience,
                   ExitPolicyKind::patience) &&
              same(ExitPolicyType::None, fb::ExitPolicyType::None, ExitPolicyKind::none) &&
              fb::ExitPolicyType::MAX == fb::ExitPolicyType::None);
// Embedding storage lives in the .beex file and the model only (the IR
// spells it as beex.dequantize's bits).
static_assert(same(EmbeddingStorage::F32, fb::EmbeddingStorage::F32) &&
              same(EmbeddingStorage::Int8, fb::EmbeddingStorage::Int8) &&
              same(EmbeddingStorage::Q4, fb::EmbeddingStorage::Q4) &&
              fb::EmbeddingStorage::MAX == fb::EmbeddingStorage::Q4);
// The descriptor's exit_policy (convert-beex-to-llvm) is the ODS kind's number.
static_assert(same(ExitPolicyKind::entropy_drop, BEEX_EXIT_ENTROPY_DROP) &&
              same(ExitPolicyKind::entropy_below, BEEX_EXIT_ENTROPY_BELOW) &&
              same(ExitPolicyKind::patience, BEEX_EXIT_PATIENCE) &&
              same(ExitPolicyKind::none, BEEX_EXIT_NONE));

} // namespace beex::enum_agreement

#endif // BEEX_MODEL_ENUMAGREEMENT_H
