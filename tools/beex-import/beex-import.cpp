//===- beex-import.cpp - Checkpoint folder to .beex model file ------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// beex-import <checkpoint-dir> -o model.beex [--embeddings=f32|int8|q4]
//
// Reads config.json + model.safetensors (docs/checkpoint.md), binarizes the block
// linears (docs/math.md §2), stores the embedding tables as --embeddings says
// (docs/math.md §2.4) and writes the .beex file. Any malformed input is an error
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

// Storage is chosen here, not in config.json or by beexc: it is a deployment
// choice, not a training one, and the .beex file is what ships and what the
// reference interpreter reads, so the codes are made once and both the
// reference and every compiled target read the same bytes.
static cl::opt<beex::EmbeddingStorage> embeddings(
    "embeddings", cl::desc("How to store the word and position embeddings"),
    cl::init(beex::EmbeddingStorage::F32),
    cl::values(clEnumValN(beex::EmbeddingStorage::F32,
                          toString(beex::EmbeddingStorage::F32), "f32 values (default)"),
               clEnumValN(beex::EmbeddingStorage::Int8,
                          toString(beex::EmbeddingStorage::Int8),
                          "int8 codes, a bf16 scale per row"),
               clEnumValN(beex::EmbeddingStorage::Q4, toString(beex::EmbeddingStorage::Q4),
                          "4-bit codes, a bf16 scale per 32 values")),
    cl::cat(importOptions));

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
  (*model)->quantizeEmbeddings(embeddings);
  if (Error error = beex::writeBeexFile(**model, outputPath))
    return fail(std::move(error));
  return 0;
}
