//===- header_check.cpp - beex/runtime.h compiles as C++ --------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Compiles the runtime header as C++ and links against the C library: without
// the header's extern "C" block the calls below would refer to C++-mangled
// names and the link would fail. Exits 0 when the calls behave as in C.
//
//===----------------------------------------------------------------------===//

#include "beex/runtime.h"

#include <cstdio>

static_assert(sizeof(beex_model) == 13 * 8, "beex_model layout as in C");
static_assert(sizeof(beex_vocabulary) == 5 * 8, "beex_vocabulary as in C");

int main() {
  beex_run_options options;
  beex_run_options_init(&options);
  bool ok = beex_runtime_abi_version() == BEEX_ABI_VERSION &&
            beex_check_model(nullptr) == BEEX_ERROR_NULL_ARGUMENT &&
            beex_scratch_size(nullptr) == 0 &&
            beex_run(nullptr, nullptr, 0, nullptr, 0, &options, nullptr) ==
                BEEX_ERROR_NULL_ARGUMENT &&
            beex_tokenize(nullptr, nullptr, 0, nullptr, 0, nullptr) ==
                BEEX_ERROR_NULL_ARGUMENT &&
            beex_status_message(BEEX_OK) != nullptr;
  std::printf("%s beex/runtime.h from C++\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
