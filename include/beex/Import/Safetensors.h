//===- Safetensors.h - Reading safetensors files ----------------*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A safetensors file is an 8-byte little-endian header length, a JSON header
// {"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__"?}
// and the raw little-endian data, offsets relative to the data section.
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_IMPORT_SAFETENSORS_H
#define BEEX_IMPORT_SAFETENSORS_H

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>
#include <string>
#include <vector>

namespace beex {

enum class StorageType { F32, F16, BF16 };

struct SafetensorsEntry {
  StorageType dtype;
  std::vector<int64_t> shape;
  llvm::StringRef bytes; ///< The tensor's data inside the file.
};

class SafetensorsFile {
public:
  /// Opens and validates `path`: header length, JSON, dtypes, shapes, and
  /// that every tensor's byte range lies in the file and matches its shape.
  static llvm::Expected<std::unique_ptr<SafetensorsFile>> open(llvm::StringRef path);

  /// The same checks on a file already in memory; the buffer's identifier is
  /// the path used in errors. The entries view `buffer`, which is kept.
  static llvm::Expected<std::unique_ptr<SafetensorsFile>>
  fromBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer);

  const llvm::StringMap<SafetensorsEntry> &tensors() const { return entries; }
  llvm::StringRef path() const { return filePath; }

  /// The values of tensor `name` widened to f32, row-major.
  std::vector<float> readFloats(const SafetensorsEntry &entry) const;

private:
  std::string filePath;
  std::unique_ptr<llvm::MemoryBuffer> buffer;
  llvm::StringMap<SafetensorsEntry> entries;
};

} // namespace beex

#endif // BEEX_IMPORT_SAFETENSORS_H
