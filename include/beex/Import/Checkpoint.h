//===- Checkpoint.h - Importing config.json + model.safetensors -*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_IMPORT_CHECKPOINT_H
#define BEEX_IMPORT_CHECKPOINT_H

#include "beex/Model/Model.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>

namespace beex {

/// Reads a Hugging Face style checkpoint folder (config.json and
/// model.safetensors), checks every tensor (present, no extras, shape,
/// finite) and binarizes the block linears per docs/math.md §2.
llvm::Expected<std::unique_ptr<Model>>
importCheckpoint(llvm::StringRef directory);

/// The same import from files already in memory: the text of config.json
/// (`configName` names it in errors) and the safetensors image (its buffer
/// identifier names it). Used by importCheckpoint and the fuzzers.
llvm::Expected<std::unique_ptr<Model>>
importCheckpointFromBuffers(llvm::StringRef configText,
                            llvm::StringRef configName,
                            std::unique_ptr<llvm::MemoryBuffer> weights);

} // namespace beex

#endif // BEEX_IMPORT_CHECKPOINT_H
