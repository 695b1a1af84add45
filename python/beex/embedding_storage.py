# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Compressed embedding tables (docs/math.md §2.4), written from the docs in
numpy alone: an implementation independent of beex-import's C++ quantizer
(include/beex/Support/EmbeddingTable.h), which test/Import checks it against
byte for byte, and a way to see what a storage does to a table in Python.
"""

import numpy as np

MAX_CODE = {"int8": 127, "q4": 7}
Q4_GROUP = 32
Q4_OFFSET = 8


def float_to_bf16(values):
    """The nearest bf16 bits (ties to even) of float32 `values`."""
    words = np.asarray(values, dtype=np.float32).view(np.uint32).astype(np.uint64)
    return ((words + 0x7FFF + ((words >> 16) & 1)) >> 16).astype(np.uint16)


def bf16_to_float(bits):
    return (np.asarray(bits, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)


def quantize(table, storage):
    """(codes int8 [rows, bytes per row], scales as bf16 bits [rows, groups]) of a
    float32 [rows, columns] table in `storage` ("int8" or "q4")."""
    table = np.asarray(table, dtype=np.float32)
    rows, columns = table.shape
    group = Q4_GROUP if storage == "q4" else columns
    groups = -(-columns // group)
    padded = np.zeros((rows, groups * group), dtype=np.float32)
    padded[:, :columns] = table
    grouped = padded.reshape(rows, groups, group)
    largest = np.abs(grouped).max(axis=2)
    scale_bits = float_to_bf16(largest / np.float32(MAX_CODE[storage]))
    scales = bf16_to_float(scale_bits)[:, :, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        codes = np.where(scales == 0, np.float32(0), np.rint(grouped / scales))
    codes = np.clip(codes, -MAX_CODE[storage], MAX_CODE[storage]).astype(np.int64)
    if storage == "int8":
        return codes.reshape(rows, groups * group)[:, :columns].astype(np.int8), scale_bits
    nibbles = (codes + Q4_OFFSET).astype(np.uint8)  # padding columns: code 0
    half = Q4_GROUP // 2
    packed = nibbles[:, :, :half] | (nibbles[:, :, half:] << 4)
    return packed.reshape(rows, groups * half).view(np.int8), scale_bits


def dequantize(codes, scale_bits, storage, columns):
    """The float32 [rows, columns] table the codes stand for: code * scale."""
    scales = bf16_to_float(scale_bits)
    rows = codes.shape[0]
    if storage == "int8":
        return codes.astype(np.float32) * scales
    bytes_ = codes.view(np.uint8).reshape(rows, -1, Q4_GROUP // 2)
    nibbles = np.concatenate([bytes_ & 15, bytes_ >> 4], axis=2).astype(np.int64) - Q4_OFFSET
    values = nibbles.astype(np.float32) * scales[:, :, None]
    return values.reshape(rows, -1)[:, :columns]
