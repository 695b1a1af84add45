//===- checkpoint.cpp - Fuzzing config.json + model.safetensors import ----===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Input: the text of config.json, one NUL byte, then the safetensors image
// (no NUL: config text only, empty weights). A config is never valid with a
// NUL in it, so the split loses nothing, and seeds stay readable.
//
// Checks beyond "no crash, no leak, no undefined behaviour":
// - whatever the importer accepts, the .beex writer writes and the .beex
//   reader accepts (so beex-import never writes a file beex-run rejects);
// - the reference interpreter runs the imported model (fuzz/FuzzSupport.h).
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "beex/Import/BeexFile.h"
#include "beex/Import/Checkpoint.h"

#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef input(reinterpret_cast<const char *>(data), size);
  auto [configText, weights] = input.split('\0');
  llvm::Expected<std::unique_ptr<beex::Model>> model =
      beex::importCheckpointFromBuffers(
          configText, "config.json",
          llvm::MemoryBuffer::getMemBufferCopy(weights, "model.safetensors"));
  if (!model) {
    llvm::consumeError(model.takeError());
    return 0;
  }

  beex::fuzz::checkRewrites(**model, "an imported model");
  beex::fuzz::runReferenceBounded(**model, beex::fuzz::hashBytes(data, size));
  return 0;
}
