//===- Config.h - Reading and checking config.json --------------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_IMPORT_CONFIG_H
#define BEEX_IMPORT_CONFIG_H

#include "beex/Model/Model.h"

#include "llvm/Support/Error.h"

namespace beex {

/// Parses and range-checks the text of config.json (docs/checkpoint.md). Errors name
/// `fileName` and the key.
llvm::Expected<ModelConfig> parseConfig(llvm::StringRef json,
                                        llvm::StringRef fileName);

/// Checks the ranges and relations of docs/checkpoint.md (D % H, min_layer <= L, ...).
/// Shared by the config parser and the .beex reader.
llvm::Error validateConfig(const ModelConfig &config, llvm::StringRef fileName);

} // namespace beex

#endif // BEEX_IMPORT_CONFIG_H
