//===- IRNesting.h - Refusing IR the MLIR parser cannot survive -*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// MLIR's parser recurses once per nested region, attribute, type or
// parenthesis, so on the default 8 MiB stack it dies (SIGSEGV) at about 4,000
// nested regions or 7,000 nested arrays. Real beex IR nests a few dozen levels
// (the lowered exit cascade about one per layer). Tools that parse IR a user
// gives them check this first.
//
// The same check refuses a string literal still open at the end of the
// text: MLIR's lexer then stops past the end of the buffer, and the parser
// of a {-# dialect_resources #-} section lexes on from there, reading memory
// after the text until it faults (found by fuzz/ir.cpp). A string left open
// before a newline is safe: the lexer stops on the newline.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_SUPPORT_IRNESTING_H
#define BEEX_SUPPORT_IRNESTING_H

#include "llvm/Support/Error.h"

namespace beex {

/// A quarter of the shallowest depth measured to crash the parser.
constexpr unsigned kMaxIRNesting = 1000;

/// Fails, naming `name` and the line and column, when the MLIR text `text`
/// opens more than `limit` brackets ((, [, {, <) that it has not closed,
/// ignoring string literals, // comments, -> and >=, or ends inside a
/// string literal.
llvm::Error checkIRNesting(llvm::StringRef text, llvm::StringRef name,
                           unsigned limit = kMaxIRNesting);

} // namespace beex

#endif // BEEX_SUPPORT_IRNESTING_H
