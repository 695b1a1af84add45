//===- beex-import.cpp - Checkpoint folder to .beex model file ------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// beex-import <checkpoint-dir> -o model.beex
//
// Reads config.json + model.safetensors (docs/checkpoint.md), binarizes the block
// linears (docs/math.md §2) and writes the .beex file. Any malformed input is an error
// naming the file and the key or tensor, with exit status 1 and no output file.
//
//===----------------------------------------------------------------------===//

#include "beex/Import/BeexFile.h"
#include "beex/Import/Checkpoint.h"

#include "llvm/Support/CommandLine.h"
#include "beex/Support/ToolOptions.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

static cl::OptionCategory importOptions("beex-import options");
static cl::opt<std::string> checkpointDir(cl::Positional, cl::Required,
                                          cl::desc("<checkpoint-dir>"), cl::cat(importOptions));
static cl::opt<std::string> outputPath("o", cl::Required,
                                       cl::desc("Output .beex file"),
                                       cl::value_desc("model.beex"), cl::cat(importOptions));

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  beex::parseToolOptions(argc, argv, "beex-import",
                         "beex-import: turns a BEExformer checkpoint (config.json + "
                         "model.safetensors) into a .beex model file\n",
                         {&importOptions});

  auto fail = [&](Error error) {
    WithColor::error(errs(), "beex-import") << toString(std::move(error)) << "\n";
    return 1;
  };
  Expected<std::unique_ptr<beex::Model>> model =
      beex::importCheckpoint(checkpointDir);
  if (!model)
    return fail(model.takeError());
  if (Error error = beex::writeBeexFile(**model, outputPath))
    return fail(std::move(error));
  return 0;
}
