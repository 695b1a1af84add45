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


def scale_divisors(storage):
    """The divisors d of a group's max |x| whose scales bf16(max|x| / d) the
    quantizer tries, in the order it tries them (docs/math.md §2.4): m alone
    for int8; for q4 m first, then m + k/10 for k = -9 ... 9."""
    m = MAX_CODE[storage]
    if storage == "int8":
        return [np.float32(m)]
    steps = [0] + [k for k in range(-9, 10) if k != 0]
    return [np.float32(10 * m + k) / np.float32(10) for k in steps]


def _codes(grouped, scales, storage):
    with np.errstate(divide="ignore", invalid="ignore"):
        codes = np.where(scales == 0, np.float32(0), np.rint(grouped / scales))
    return np.clip(codes, -MAX_CODE[storage], MAX_CODE[storage]).astype(np.int64)


def _squared_error(grouped, codes, scales):
    """Σ (f32(q·s) − x)² per group, in f64, column after column (the C++
    quantizer's order, so both pick the same scale)."""
    values = (codes.astype(np.float32) * scales).astype(np.float64)
    difference = values - grouped.astype(np.float64)
    error = np.zeros(grouped.shape[:2])
    for column in range(grouped.shape[2]):
        error += difference[:, :, column] ** 2
    return error


def quantize(table, storage, divisors=None):
    """(codes int8 [rows, bytes per row], scales as bf16 bits [rows, groups]) of a
    float32 [rows, columns] table in `storage` ("int8" or "q4"); `divisors`
    replaces scale_divisors(storage) (e.g. [m] alone, max |x| / m)."""
    table = np.asarray(table, dtype=np.float32)
    rows, columns = table.shape
    group = Q4_GROUP if storage == "q4" else columns
    groups = -(-columns // group)
    # Padding columns (x = 0, code 0) add nothing to a group's error.
    padded = np.zeros((rows, groups * group), dtype=np.float32)
    padded[:, :columns] = table
    grouped = padded.reshape(rows, groups, group)
    largest = np.abs(grouped).max(axis=2)
    best_bits = best_error = None
    for divisor in divisors or scale_divisors(storage):
        bits = float_to_bf16(largest / divisor)
        scales = bf16_to_float(bits)[:, :, None]
        error = _squared_error(grouped, _codes(grouped, scales, storage), scales)
        if best_bits is None:
            best_bits, best_error = bits, error
        else:
            better = error < best_error
            best_bits = np.where(better, bits, best_bits)
            best_error = np.where(better, error, best_error)
    scale_bits = best_bits
    codes = _codes(grouped, bf16_to_float(scale_bits)[:, :, None], storage)
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
