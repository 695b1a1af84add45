//===- RuntimeAbi.h - runtime.h's structs as the pass emits them -*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The one source of the runtime ABI is runtime/include/beex/runtime.h. This
// header includes it and describes the fields of beex_model and
// beex_vocabulary as the LLVM types convert-beex-to-llvm emits them with,
// each with its offsetof and sizeof from runtime.h; the static_asserts below
// check that the emitted struct lays out exactly as the C one. A field added,
// removed, moved or retyped in runtime.h without the same change here fails
// the build.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_LIB_CONVERSION_BEEXTOLLVM_RUNTIMEABI_H
#define BEEX_LIB_CONVERSION_BEEXTOLLVM_RUNTIMEABI_H

#include "beex/runtime.h"

#include <cstddef>
#include <iterator>

namespace beex::abi {

enum class FieldType { i32, i64, f32, ptr };

struct Field {
  FieldType type;
  std::size_t offset, size; // in the C struct, from runtime.h
};

constexpr std::size_t sizeOf(FieldType type) {
  switch (type) {
  case FieldType::i32:
  case FieldType::f32:
    return 4;
  case FieldType::i64:
    return 8;
  case FieldType::ptr:
    return sizeof(void *);
  }
  return 0;
}

/// True when the C struct of `size` bytes holds exactly `fields`, in order,
/// each of its type's size at the next multiple of that size (no field
/// elsewhere, none missing). That is how LLVM lays out a struct of these
/// types on every target whose C ABI aligns scalars to their size, the
/// LP64 targets of docs/targets.md among them.
template <std::size_t N>
constexpr bool isNaturalLayout(const Field (&fields)[N], std::size_t size) {
  std::size_t end = 0, align = 1;
  for (const Field &field : fields) {
    std::size_t bytes = sizeOf(field.type);
    end = (end + bytes - 1) / bytes * bytes;
    if (field.size != bytes || field.offset != end)
      return false;
    end += bytes;
    align = bytes > align ? bytes : align;
  }
  return (end + align - 1) / align * align == size;
}

#define BEEX_ABI_FIELD(type, record, member)                                   \
  Field { FieldType::type, offsetof(record, member), sizeof(record::member) }

/// beex_model, field by field, in declaration order.
enum ModelField : unsigned {
  kAbiVersion, kFlags, kName, kVocabSize, kMaxPositions, kNumLabels, kNumLayers,
  kMinLayer, kExitPolicy, kThreshold, kPatience, kScratchSize, kForward,
  kVocabulary, kTask, kNumModelFields
};
inline constexpr Field kModelFields[] = {
    BEEX_ABI_FIELD(i32, beex_model, abi_version),
    BEEX_ABI_FIELD(i32, beex_model, flags),
    BEEX_ABI_FIELD(ptr, beex_model, name),
    BEEX_ABI_FIELD(i64, beex_model, vocab_size),
    BEEX_ABI_FIELD(i64, beex_model, max_positions),
    BEEX_ABI_FIELD(i64, beex_model, num_labels),
    BEEX_ABI_FIELD(i64, beex_model, num_layers),
    BEEX_ABI_FIELD(i64, beex_model, min_layer),
    BEEX_ABI_FIELD(i32, beex_model, exit_policy),
    BEEX_ABI_FIELD(f32, beex_model, threshold),
    BEEX_ABI_FIELD(i64, beex_model, patience),
    BEEX_ABI_FIELD(i64, beex_model, scratch_size),
    BEEX_ABI_FIELD(ptr, beex_model, forward),
    BEEX_ABI_FIELD(ptr, beex_model, vocabulary),
    BEEX_ABI_FIELD(ptr, beex_model, task),
};
static_assert(std::size(kModelFields) == kNumModelFields);
static_assert(isNaturalLayout(kModelFields, sizeof(beex_model)),
              "beex_model in runtime.h differs from the descriptor "
              "convert-beex-to-llvm emits: change kModelFields with it");

/// beex_vocabulary, field by field, in declaration order.
enum VocabularyField : unsigned {
  kNumPieces, kUnknownId, kClassId, kSeparatorId, kOffsets, kSorted, kBytes,
  kNumVocabularyFields
};
inline constexpr Field kVocabularyFields[] = {
    BEEX_ABI_FIELD(i32, beex_vocabulary, num_pieces),
    BEEX_ABI_FIELD(i32, beex_vocabulary, unk_id),
    BEEX_ABI_FIELD(i32, beex_vocabulary, cls_id),
    BEEX_ABI_FIELD(i32, beex_vocabulary, sep_id),
    BEEX_ABI_FIELD(ptr, beex_vocabulary, offsets),
    BEEX_ABI_FIELD(ptr, beex_vocabulary, sorted),
    BEEX_ABI_FIELD(ptr, beex_vocabulary, bytes),
};
static_assert(std::size(kVocabularyFields) == kNumVocabularyFields);
static_assert(isNaturalLayout(kVocabularyFields, sizeof(beex_vocabulary)),
              "beex_vocabulary in runtime.h differs from the tables "
              "convert-beex-to-llvm emits: change kVocabularyFields with it");

#undef BEEX_ABI_FIELD

} // namespace beex::abi

#endif // BEEX_LIB_CONVERSION_BEEXTOLLVM_RUNTIMEABI_H
