//===- ExpandMath.cpp - Polynomial exp, tanh and log, no libm -------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::beex {
#define GEN_PASS_DEF_BEEXEXPANDMATH
#include "beex/Transforms/Passes.h.inc"
} // namespace mlir::beex

using namespace mlir;

namespace {
/// exp(x) for f32 without converting a float to an integer: upstream's
/// expansion rounds x / ln 2 with fptosi, which RVV code turns into
/// vfcvt.rtz.x.f.v, an instruction qemu 7.2 aborts on when it starts a page
/// inside a translation block (it did, in the attention kernel). Here
/// n = round(x / ln 2) comes from adding 1.5 * 2^23, whose float keeps n in
/// its low mantissa bits (as in the int8 quantisation), and 2^n is built by
/// shifting n + 127 into the exponent field. Cody-Waite reduction and a
/// polynomial for e^f on [-ln 2 / 2, ln 2 / 2]. Below ln(2^-126) the result
/// is 2^-126 (1.2e-38, also for exp(-inf): a masked attention score then
/// weighs 1e-38 of the largest), above 88.3 it is exp(88.3). The fmas become
/// a multiply and an add later where the target has no FMA.
struct ExpWithoutConversion : OpRewritePattern<math::ExpOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(math::ExpOp op, PatternRewriter &rewriter) const override {
    Type type = op.getType();
    if (!getElementTypeOrSelf(type).isF32())
      return failure();
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    auto shaped = dyn_cast<VectorType>(type);
    Type intType = shaped ? Type(shaped.clone(b.getI32Type())) : Type(b.getI32Type());
    auto constant = [&](float value) -> Value {
      Value scalar = b.create<arith::ConstantOp>(b.getF32FloatAttr(value));
      return shaped ? b.create<vector::BroadcastOp>(shaped, scalar).getResult() : scalar;
    };
    auto integer = [&](int32_t value) -> Value {
      Value scalar = b.create<arith::ConstantOp>(b.getI32IntegerAttr(value));
      return shaped ? b.create<vector::BroadcastOp>(intType, scalar).getResult() : scalar;
    };

    auto fma = [&](Value x, Value y, Value z) {
      return b.create<math::FmaOp>(x, y, z).getResult();
    };

    // x clamped to [ln(2^-126), 88.3]: 2^n stays a normal float. Each
    // clamp is a select that keeps a NaN (one vmaxps / vminps on x86).
    Value input = op.getOperand();
    Value low = constant(-87.3365f), high = constant(88.3f);
    Value x = b.create<arith::SelectOp>(
        b.create<arith::CmpFOp>(arith::CmpFPredicate::OLT, input, low), low, input);
    x = b.create<arith::SelectOp>(
        b.create<arith::CmpFOp>(arith::CmpFPredicate::OGT, x, high), high, x);
    constexpr float kMagic = 12582912.0f; // 1.5 * 2^23, bits 0x4B400000
    Value shifted = fma(x, constant(1.44269504088896341f), constant(kMagic));
    Value rounded = b.create<arith::SubFOp>(shifted, constant(kMagic));
    // n + 127, the biased exponent of 2^n.
    Value biased = b.create<arith::SubIOp>(b.create<arith::BitcastOp>(intType, shifted),
                                           integer(0x4B400000 - 127));
    // f = x - n ln 2, with ln 2 split so that n * 0.693359375 is exact.
    Value f = fma(rounded, constant(-0.693359375f), x);
    f = fma(rounded, constant(2.12194440e-4f), f);
    // Cephes' coefficients without the f^7 term (relative error 1.2e-7).
    Value p = constant(1.3981999507e-3f);
    for (float c : {8.3334519073e-3f, 4.1665795894e-2f, 1.6666665459e-1f,
                    5.0000001201e-1f})
      p = fma(p, f, constant(c));
    Value ef = b.create<arith::AddFOp>(
        fma(b.create<arith::MulFOp>(p, f), f, f), constant(1.0f));
    Value power = b.create<arith::BitcastOp>(
        type, b.create<arith::ShLIOp>(biased, integer(23)));
    rewriter.replaceOpWithNewOp<arith::MulFOp>(op, ef, power);
    return success();
  }
};

struct BeexExpandMath : mlir::beex::impl::BeexExpandMathBase<BeexExpandMath> {
  using BeexExpandMathBase::BeexExpandMathBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ExpWithoutConversion>(&getContext(), /*benefit=*/2);
    populateMathPolynomialApproximationPatterns(patterns);
    if (!keepFma)
      populateExpandFmaFPattern(patterns);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
