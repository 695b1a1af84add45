# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""safetensors_io against the format's bytes, for every dtype beex accepts."""

import json
import os
import struct
import tempfile
import unittest

import torch

from beex.safetensors_io import load_file, save_file


def _read_raw(path):
    with open(path, "rb") as source:
        blob = source.read()
    (size,) = struct.unpack("<Q", blob[:8])
    return size, json.loads(blob[8 : 8 + size]), blob[8 + size :]


class SafetensorsTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.folder.name, "t.safetensors")

    def tearDown(self):
        self.folder.cleanup()

    def test_known_bytes_of_one(self):
        for dtype, raw in (("F32", b"\x00\x00\x80\x3f"), ("F16", b"\x00\x3c"), ("BF16", b"\x80\x3f")):
            with self.subTest(dtype=dtype):
                save_file({"x": torch.tensor([1.0])}, self.path, dtype)
                _, header, data = _read_raw(self.path)
                self.assertEqual(header["x"], {"dtype": dtype, "shape": [1], "data_offsets": [0, len(raw)]})
                self.assertEqual(data, raw)

    def test_round_trip_exact_values(self):
        values = torch.tensor([[1.0, -2.5, 0.15625], [0.0, -0.0, 96.0]])
        for dtype in ("F32", "F16", "BF16"):
            with self.subTest(dtype=dtype):
                save_file({"a": values, "b": values[0]}, self.path, dtype)
                loaded = load_file(self.path)
                self.assertEqual(loaded["a"].dtype, torch.float32)
                self.assertTrue(torch.equal(loaded["a"], values))
                self.assertTrue(torch.equal(loaded["b"], values[0]))

    def test_rounding_to_nearest_even(self):
        # 1 + 2^-8 is halfway between two bfloat16 values: ties go to the even 1.0;
        # 1 + 3 * 2^-8 is halfway too and goes up to 1 + 2^-6.
        values = torch.tensor([1 + 2**-8, 1 + 3 * 2**-8, 1 + 2**-11, 1 + 3 * 2**-11])
        save_file({"x": values}, self.path, "BF16")
        self.assertEqual(load_file(self.path)["x"].tolist(), [1.0, 1 + 2**-6, 1.0, 1.0])
        save_file({"x": values}, self.path, "F16")
        self.assertEqual(load_file(self.path)["x"].tolist(), [1 + 2**-8, 1 + 3 * 2**-8, 1.0, 1 + 2**-9])

    def test_header_sorted_and_padded(self):
        save_file({"zeta": torch.ones(3), "alpha": torch.zeros(2, 2)}, self.path, metadata={"format": "pt"})
        size, header, data = _read_raw(self.path)
        self.assertEqual(size % 8, 0)
        self.assertEqual([k for k in header if k != "__metadata__"], ["alpha", "zeta"])
        self.assertEqual(header["alpha"]["data_offsets"], [0, 16])
        self.assertEqual(header["zeta"]["data_offsets"], [16, 28])
        self.assertEqual(header["__metadata__"], {"format": "pt"})
        self.assertEqual(len(data), 28)

    def test_truncated_file_names_the_tensor(self):
        save_file({"weights": torch.ones(4)}, self.path)
        with open(self.path, "rb") as source:
            blob = source.read()
        with open(self.path, "wb") as out:
            out.write(blob[:-1])
        with self.assertRaisesRegex(ValueError, "weights"):
            load_file(self.path)


if __name__ == "__main__":
    unittest.main()
