//===- IRNesting.cpp - Refusing IR the MLIR parser cannot survive ---------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Support/IRNesting.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

Error beex::checkIRNesting(StringRef text, StringRef name, unsigned limit) {
  unsigned depth = 0, line = 1;
  size_t lineStart = 0;
  for (size_t i = 0, e = text.size(); i < e; ++i) {
    char c = text[i];
    char next = i + 1 < e ? text[i + 1] : '\0';
    if (c == '\n') {
      ++line;
      lineStart = i + 1;
    } else if (c == '"') { // A string: skip to its closing quote.
      size_t start = i;
      for (++i; i < e && text[i] != '"' && text[i] != '\n'; ++i)
        if (text[i] == '\\' && i + 1 < e && text[i + 1] != '\n')
          ++i; // An escaped character (the lexer stops at a newline).
      if (i >= e)
        return createStringError(
            inconvertibleErrorCode(),
            formatv("{0}:{1}:{2}: string literal not closed before the end of the "
                    "input (MLIR's lexer would read past the end of the text)",
                    name, line, start - lineStart + 1));
      if (text[i] == '\n')
        --i; // Unterminated on its line: the parser reports it; keep counting lines.
    } else if (c == '/' && next == '/') { // A comment: skip to the line end.
      while (i + 1 < e && text[i + 1] != '\n')
        ++i;
    } else if (c == '(' || c == '[' || c == '{' || (c == '<' && next != '=')) {
      if (++depth > limit)
        return createStringError(
            inconvertibleErrorCode(),
            formatv("{0}:{1}:{2}: IR nested more than {3} levels deep (MLIR's "
                    "parser recurses once per level and would overflow the "
                    "stack)",
                    name, line, i - lineStart + 1, limit));
    } else if (c == ')' || c == ']' || c == '}' ||
               (c == '>' && next != '=' && (i == 0 || text[i - 1] != '-'))) {
      if (depth > 0)
        --depth;
    }
  }
  return Error::success();
}
