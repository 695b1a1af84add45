# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""BinarizedLinear against docs/math.md §2 worked by hand, one case per mode."""

import math
import unittest

import torch

from beex.binarize import BinarizedLinear, quantization_margin, sgn

# Signs [[+1, -1, +1, -1], [-1, +1, -1, +1]]: W[0][2] = 0 is positive.
WEIGHT = [[0.5, -1.0, 0.0, -0.5], [-0.25, 0.25, -0.5, 1.5]]
BIAS = [0.125, -1.0]


def layer(activations, weight_scale="none", dtype=torch.float64):
    linear = BinarizedLinear(4, 2, weight_scale, activations)
    with torch.no_grad():
        linear.weight.copy_(torch.tensor(WEIGHT))
        linear.bias.copy_(torch.tensor(BIAS))
    return linear.to(dtype).eval()


class BinarizedLinearTest(unittest.TestCase):
    def assertRows(self, actual, expected):
        self.assertEqual(actual.shape, (len(expected), 2))
        for got, want in zip(actual.tolist(), expected):
            for g, w in zip(got, want):
                self.assertAlmostEqual(g, w, places=12)

    def test_sgn_of_zero_is_plus_one(self):
        self.assertEqual(sgn(torch.tensor([0.0, -0.0, 1e-30, -1e-30])).tolist(), [1, 1, 1, -1])

    def test_scales(self):
        self.assertEqual(layer("f32", "per_channel").scale().tolist(), [0.5, 0.625])
        self.assertEqual(layer("f32", "per_tensor").scale().tolist(), [4.5 / 8])
        self.assertEqual(layer("f32", "none").scale().tolist(), [1.0])

    def test_scale_is_float32_rounded_even_in_float64(self):
        linear = BinarizedLinear(3, 1, "per_channel", "f32").double()
        with torch.no_grad():
            linear.weight.copy_(torch.tensor([[0.1, 0.2, 0.7]], dtype=torch.float64))
        exact = (0.1 + 0.2 + 0.7) / 3
        self.assertEqual(linear.scale().item(), float(torch.tensor(exact, dtype=torch.float32)))
        self.assertNotEqual(linear.scale().item(), exact)

    def test_f32(self):
        # Σ s x for x = [1, 2, 3, 4]: 1 - 2 + 3 - 4 = -2 and +2.
        y = layer("f32", "per_channel")(torch.tensor([[1.0, 2.0, 3.0, 4.0]], dtype=torch.float64))
        self.assertRows(y, [[0.5 * -2 + 0.125, 0.625 * 2 - 1.0]])

    def test_alpha_override(self):
        linear = layer("f32", "per_channel")
        x = torch.tensor([[1.0, 2.0, 3.0, 4.0]], dtype=torch.float64)
        linear.alpha = torch.tensor([3.0], dtype=torch.float64)
        self.assertRows(linear(x), [[3 * -2 + 0.125, 3 * 2 - 1.0]])
        linear.alpha = torch.tensor([2.0, 0.5], dtype=torch.float64)
        self.assertRows(linear(x), [[2 * -2 + 0.125, 0.5 * 2 - 1.0]])

    def test_int8_rounds_half_to_even_and_clamps(self):
        # max |x| = 127 so beta = 1 and x / beta = x: q = [2, -127, 0, 2].
        x = torch.tensor([[2.5, -127.0, 0.5, 1.5], [0.0, 0.0, 0.0, 0.0]], dtype=torch.float64)
        y = layer("int8")(x)
        self.assertRows(y, [[2 + 127 + 0 - 2 + 0.125, -2 - 127 - 0 + 2 - 1.0], BIAS])

    def test_int8_scale(self):
        # beta = 254 / 127 = 2; x / beta = [0.5, 1.25, -127, 3] -> q = [0, 1, -127, 3].
        x = torch.tensor([[1.0, 2.5, -254.0, 6.0]], dtype=torch.float64)
        y = layer("int8", "per_channel")(x)
        self.assertRows(y, [[0.5 * 2 * (0 - 1 - 127 - 3) + 0.125, 0.625 * 2 * (0 + 1 + 127 + 3) - 1.0]])

    def test_binary(self):
        # beta = mean |x| = 1.5; a = [+1 (sgn 0), -1, +1, +1]; Σ s a = 1 + 1 + 1 - 1, -1 - 1 - 1 + 1.
        x = torch.tensor([[0.0, -2.0, 1.0, 3.0], [0.0, 0.0, 0.0, 0.0]], dtype=torch.float64)
        y = layer("binary", "per_channel")(x)
        self.assertRows(y, [[0.5 * 1.5 * 2 + 0.125, 0.625 * 1.5 * -2 - 1.0], BIAS])

    def test_straight_through_gradients(self):
        linear = layer("binary", dtype=torch.float32).train()
        with torch.no_grad():
            linear.weight[1, 3] = 1.5  # |w| > 1: clipped
        x = torch.tensor([[0.5, -2.0, 1.0, 0.25]], requires_grad=True)
        linear(x).sum().backward()
        self.assertEqual(linear.weight.grad[1, 3].item(), 0.0)
        self.assertNotEqual(linear.weight.grad[0, 0].item(), 0.0)
        self.assertTrue(torch.isfinite(x.grad).all())

    def test_quantization_margins(self):
        x = torch.tensor([[2.4, -127.0, 0.0, 100.45]], dtype=torch.float64)
        self.assertAlmostEqual(quantization_margin(x, "int8"), 0.05 / 100.45)  # relative to |x/β|
        self.assertAlmostEqual(quantization_margin(x[:, :3], "int8"), 0.5 / 127)
        self.assertAlmostEqual(quantization_margin(x, "binary"), 2.4 / 127)
        self.assertEqual(quantization_margin(x, "binary", positive_input=True), math.inf)
        self.assertEqual(quantization_margin(x, "f32"), math.inf)

    def test_eval_records_the_smallest_margin(self):
        linear = layer("int8")
        linear(torch.tensor([[127.0, 100.45, 0.0, 0.0]], dtype=torch.float64))
        linear(torch.tensor([[127.0, 2.3, 0.0, 0.0]], dtype=torch.float64))
        self.assertAlmostEqual(linear.min_margin, 0.05 / 100.45)


if __name__ == "__main__":
    unittest.main()
