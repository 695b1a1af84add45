//===- ToolOptions.cpp - The command line every beex tool shares ---------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Support/ToolOptions.h"
#include "beex/Version.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Config/llvm-config.h"

using namespace llvm;

void beex::hideForeignOptions(StringRef tool,
                              ArrayRef<const cl::OptionCategory *> categories) {
  std::string name = tool.str();
  cl::SetVersionPrinter([name](raw_ostream &os) {
    os << name << " (beex) " << BEEX_VERSION << "\n  LLVM " << LLVM_VERSION_STRING
       << "\n";
  });
  // Hidden, not ReallyHidden (what cl::HideUnrelatedOptions sets): the
  // others stay listed under --help-hidden.
  for (auto &entry : cl::getRegisteredOptions()) {
    cl::Option *option = entry.second;
    StringRef flag = entry.first();
    bool ours = false;
    for (const cl::OptionCategory *category : option->Categories)
      ours |= is_contained(categories, category);
    if (!ours && option->getOptionHiddenFlag() == cl::NotHidden &&
        !flag.starts_with("help") && flag != "version")
      option->setHiddenFlag(cl::Hidden);
  }
}

void beex::parseToolOptions(int argc, char **argv, StringRef tool, StringRef overview,
                            ArrayRef<const cl::OptionCategory *> categories) {
  hideForeignOptions(tool, categories);
  cl::ParseCommandLineOptions(argc, argv, overview);
}
