//===- JsonLimits.h - Parsing untrusted JSON safely -------------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// llvm::json::parse recurses once per nesting level, so a file of a million
// '[' overflows the stack. config.json and the safetensors header nest three
// levels deep; anything deeper than kMaxJsonDepth is rejected before parsing.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_LIB_IMPORT_JSONLIMITS_H
#define BEEX_LIB_IMPORT_JSONLIMITS_H

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

namespace beex {

/// Far beyond what a checkpoint needs, far below what the stack holds.
constexpr unsigned kMaxJsonDepth = 64;

/// llvm::json::parse, after checking that `text` does not nest arrays and
/// objects more than kMaxJsonDepth levels deep (brackets inside strings do
/// not count).
inline llvm::Expected<llvm::json::Value> parseJsonLimited(llvm::StringRef text) {
  unsigned depth = 0;
  bool inString = false, escaped = false;
  for (auto [offset, c] : llvm::enumerate(text)) {
    if (inString) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth)
        return llvm::createStringError(
            llvm::inconvertibleErrorCode(),
            llvm::formatv("nested more than {0} levels deep at byte {1}",
                          kMaxJsonDepth, offset));
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return llvm::json::parse(text);
}

} // namespace beex

#endif // BEEX_LIB_IMPORT_JSONLIMITS_H
