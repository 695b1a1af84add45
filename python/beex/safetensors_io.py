# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Reading and writing safetensors files by hand (docs/checkpoint.md).

Debian ships no safetensors package, and the format is small: an 8-byte
little-endian header length, a JSON header mapping each tensor name to its
dtype, shape and [begin, end) byte offsets into the data section, then the raw
little-endian data. Only the float dtypes beex checkpoints use are supported.
"""

import json
import struct

import numpy as np
import torch

_ITEM_SIZE = {"F32": 4, "F16": 2, "BF16": 2}


def _encode(tensor, dtype):
    """Little-endian bytes of `tensor` rounded (to nearest even) to `dtype`."""
    values = tensor.detach().to(torch.float32).contiguous()
    if dtype == "F32":
        return values.numpy().astype("<f4").tobytes()
    if dtype == "F16":
        return values.numpy().astype("<f2").tobytes()
    # numpy has no bfloat16; torch's conversion rounds to nearest even.
    bits = values.to(torch.bfloat16).view(torch.int16).numpy()
    return bits.astype("<i2").tobytes()


def _decode(raw, dtype, shape):
    """A float32 tensor from the little-endian bytes `raw` of `dtype`."""
    if dtype == "F32":
        values = np.frombuffer(raw, dtype="<f4").astype(np.float32)
    elif dtype == "F16":
        values = np.frombuffer(raw, dtype="<f2").astype(np.float32)
    else:  # BF16 is the high half of a float32: shift the bits back in place.
        bits = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
        values = bits.view(np.float32)
    return torch.from_numpy(values.reshape(shape).copy())


def save_file(tensors, path, dtype="F32", metadata=None):
    """Writes `tensors` (name -> tensor) to `path`, every tensor as `dtype`.

    Names are sorted and the header is padded with spaces to a multiple of 8
    bytes, as the reference implementation does, so the data stays aligned.
    """
    if dtype not in _ITEM_SIZE:
        raise ValueError(f"unsupported safetensors dtype {dtype!r}")
    header, chunks, offset = {}, [], 0
    for name in sorted(tensors):
        data = _encode(tensors[name], dtype)
        header[name] = {
            "dtype": dtype,
            "shape": list(tensors[name].shape),
            "data_offsets": [offset, offset + len(data)],
        }
        chunks.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = dict(metadata)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(text)))
        out.write(text)
        for data in chunks:
            out.write(data)


def load_file(path):
    """Reads `path` into a dict name -> float32 tensor (F16 and BF16 widened).

    Raises ValueError naming the tensor for an unsupported dtype, a size that
    does not match the shape, or data outside the file.
    """
    with open(path, "rb") as source:
        blob = source.read()
    if len(blob) < 8:
        raise ValueError(f"{path}: truncated safetensors file (no header length)")
    (header_size,) = struct.unpack("<Q", blob[:8])
    if 8 + header_size > len(blob):
        raise ValueError(f"{path}: truncated safetensors file (header)")
    header = json.loads(blob[8 : 8 + header_size].decode("utf-8"))
    data = blob[8 + header_size :]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype, shape = entry["dtype"], entry["shape"]
        begin, end = entry["data_offsets"]
        if dtype not in _ITEM_SIZE:
            raise ValueError(f"{path}: tensor {name!r} has unsupported dtype {dtype!r}")
        count = int(np.prod(shape, dtype=np.int64))
        if end - begin != count * _ITEM_SIZE[dtype] or begin < 0:
            raise ValueError(f"{path}: tensor {name!r}: offsets do not match shape {shape}")
        if end > len(data):
            raise ValueError(f"{path}: tensor {name!r}: data past the end of the file")
        tensors[name] = _decode(data[begin:end], dtype, shape)
    return tensors
