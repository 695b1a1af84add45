//===- BeexFile.h - Writing and reading .beex model files -------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The .beex format is the FlatBuffers schema include/beex/Import/BeexModel.fbs.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_IMPORT_BEEXFILE_H
#define BEEX_IMPORT_BEEXFILE_H

#include "beex/Model/Model.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <string>

namespace beex {

/// The format version this build writes and reads.
constexpr uint32_t kBeexFormatVersion = 1;

/// Serialises `model`; tensor data lands on 64-byte boundaries of the result.
/// Fails when the model does not fit the format's 2 GiB.
llvm::Expected<std::string> serializeBeexModel(const Model &model);

/// Writes `model` to `path` through a temporary file renamed into place, so
/// an error never leaves a partial file.
llvm::Error writeBeexFile(const Model &model, llvm::StringRef path);

/// Reads `path`: the FlatBuffers verifier, then the semantic checks (shapes
/// against the config, counts, finite values, zero padding bits). The model
/// views the mapped file in place.
llvm::Expected<std::unique_ptr<Model>> readBeexFile(llvm::StringRef path);

/// The same checks on a buffer already in memory; `name` is used in errors.
llvm::Expected<std::unique_ptr<Model>>
readBeexBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer);

} // namespace beex

#endif // BEEX_IMPORT_BEEXFILE_H
