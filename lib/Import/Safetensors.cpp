//===- Safetensors.cpp - Reading safetensors files ------------------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Import/Safetensors.h"

#include "beex/Support/MappedPages.h"
#include "JsonLimits.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <cstring>

using namespace beex;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

namespace {
Error fail(StringRef path, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 path + ": " + message);
}

std::optional<StorageType> parseDtype(StringRef name) {
  if (name == "F32")
    return StorageType::F32;
  if (name == "F16")
    return StorageType::F16;
  if (name == "BF16")
    return StorageType::BF16;
  return std::nullopt;
}

size_t elementBytes(StorageType type) { return type == StorageType::F32 ? 4 : 2; }

float halfToFloat(uint16_t half) {
  uint32_t sign = uint32_t(half >> 15) << 31;
  uint32_t exponent = (half >> 10) & 0x1f, mantissa = half & 0x3ff;
  uint32_t bits;
  if (exponent == 0x1f) { // Inf or NaN.
    bits = sign | 0x7f800000 | (mantissa << 13);
  } else if (exponent != 0) { // Normal.
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) { // Zero.
    bits = sign;
  } else { // Subnormal: normalise the mantissa.
    int shift = 0;
    while (!(mantissa & 0x400)) {
      mantissa <<= 1;
      ++shift;
    }
    bits = sign | ((113 - shift) << 23) | ((mantissa & 0x3ff) << 13);
  }
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}
} // namespace

Expected<std::unique_ptr<SafetensorsFile>>
SafetensorsFile::open(StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return fail(path, "cannot read: " + buffer.getError().message());
  return fromBuffer(std::move(*buffer));
}

Expected<std::unique_ptr<SafetensorsFile>>
SafetensorsFile::fromBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer) {
  auto file = std::make_unique<SafetensorsFile>();
  file->filePath = buffer->getBufferIdentifier().str();
  file->buffer = std::move(buffer);
  StringRef path = file->filePath;
  StringRef contents = file->buffer->getBuffer();

  if (contents.size() < 8)
    return fail(path, llvm::formatv("truncated: {0} bytes, not even the 8-byte "
                                    "header length",
                                    contents.size()));
  uint64_t headerSize =
      llvm::support::endian::read64le(contents.data());
  if (headerSize > contents.size() - 8)
    return fail(path, llvm::formatv("truncated: header of {0} bytes but only {1} "
                                    "bytes follow the length",
                                    headerSize, contents.size() - 8));
  StringRef header = contents.substr(8, headerSize);
  StringRef data = contents.substr(8 + headerSize);

  Expected<llvm::json::Value> json = parseJsonLimited(header);
  if (!json)
    return fail(path, "header is not valid JSON: " +
                          llvm::toString(json.takeError()));
  const llvm::json::Object *object = json->getAsObject();
  if (!object)
    return fail(path, "header is not a JSON object");

  for (const auto &[key, value] : *object) {
    StringRef name = key;
    if (name == "__metadata__")
      continue;
    auto where = [&](const llvm::Twine &what) {
      return fail(path, "tensor '" + name + "': " + what);
    };
    const llvm::json::Object *info = value.getAsObject();
    if (!info)
      return where("header entry is not an object");
    std::optional<StringRef> dtypeName = info->getString("dtype");
    if (!dtypeName)
      return where("missing \"dtype\"");
    std::optional<StorageType> dtype = parseDtype(*dtypeName);
    if (!dtype)
      return where("dtype " + *dtypeName + " is not supported (F32, F16, BF16)");
    const llvm::json::Array *shapeJson = info->getArray("shape");
    const llvm::json::Array *offsets = info->getArray("data_offsets");
    if (!shapeJson)
      return where("missing \"shape\"");
    if (!offsets || offsets->size() != 2)
      return where("\"data_offsets\" must be [begin, end]");

    SafetensorsEntry entry{*dtype, {}, {}};
    // Element counts are checked against the byte range, so a huge shape
    // cannot overflow into a small one.
    uint64_t elements = 1;
    for (const llvm::json::Value &dim : *shapeJson) {
      std::optional<int64_t> size = dim.getAsInteger();
      if (!size || *size < 0)
        return where("shape entries must be non-negative integers");
      entry.shape.push_back(*size);
      if (*size != 0 && elements > data.size() / uint64_t(*size))
        return where("shape is larger than the file");
      elements *= uint64_t(*size);
    }
    std::optional<int64_t> begin = (*offsets)[0].getAsInteger();
    std::optional<int64_t> end = (*offsets)[1].getAsInteger();
    if (!begin || !end || *begin < 0 || *end < *begin)
      return where("\"data_offsets\" must be integers with 0 <= begin <= end");
    if (uint64_t(*end) > data.size())
      return where(llvm::formatv("truncated: data ends at byte {0} but the data "
                                 "section has {1} bytes",
                                 *end, data.size()));
    uint64_t expected = elements * elementBytes(*dtype);
    if (uint64_t(*end - *begin) != expected)
      return where(llvm::formatv("{0} bytes of data for {1} elements of {2}",
                                 *end - *begin, elements, *dtypeName));
    entry.bytes = data.substr(*begin, *end - *begin);
    file->entries[name] = std::move(entry);
  }
  return file;
}

namespace {
/// The tensor's values widened to f32.
std::vector<float> widen(const SafetensorsEntry &entry) {
  const char *bytes = entry.bytes.data();
  size_t count = entry.bytes.size() / elementBytes(entry.dtype);
  if (entry.dtype == StorageType::F32 && llvm::sys::IsLittleEndianHost &&
      uintptr_t(bytes) % alignof(float) == 0) {
    // One pass: no zero-filling first.
    const float *first = reinterpret_cast<const float *>(bytes);
    return std::vector<float>(first, first + count);
  }
  std::vector<float> values(count);
  switch (entry.dtype) {
  case StorageType::F32:
    for (size_t i = 0; i < count; ++i) {
      uint32_t bits = llvm::support::endian::read32le(bytes + 4 * i);
      std::memcpy(&values[i], &bits, sizeof(float));
    }
    break;
  case StorageType::F16:
    for (size_t i = 0; i < count; ++i)
      values[i] = halfToFloat(llvm::support::endian::read16le(bytes + 2 * i));
    break;
  case StorageType::BF16:
    for (size_t i = 0; i < count; ++i) {
      uint32_t bits = uint32_t(llvm::support::endian::read16le(bytes + 2 * i)) << 16;
      std::memcpy(&values[i], &bits, sizeof(float));
    }
    break;
  }
  return values;
}
} // namespace

std::vector<float> SafetensorsFile::readFloats(const SafetensorsEntry &entry) const {
  prefetchPages(*buffer, entry.bytes);
  std::vector<float> values = widen(entry);
  // Each tensor is read once: its pages are not needed again.
  releasePages(*buffer, entry.bytes);
  return values;
}

