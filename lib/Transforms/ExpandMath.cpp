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
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::beex {
#define GEN_PASS_DEF_BEEXEXPANDMATH
#include "beex/Transforms/Passes.h.inc"
} // namespace mlir::beex

using namespace mlir;

namespace {
/// An f32 constant of `type`'s shape: a scalar, or its splat for a vector.
Value f32Constant(ImplicitLocOpBuilder &b, Type type, float value) {
  Value scalar = b.create<arith::ConstantOp>(b.getF32FloatAttr(value));
  if (auto shaped = dyn_cast<VectorType>(type))
    return b.create<vector::BroadcastOp>(shaped, scalar);
  return scalar;
}

Value fmaOp(ImplicitLocOpBuilder &b, Value x, Value y, Value z) {
  return b.create<math::FmaOp>(x, y, z);
}

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
    auto constant = [&](float value) { return f32Constant(b, type, value); };
    auto integer = [&](int32_t value) -> Value {
      Value scalar = b.create<arith::ConstantOp>(b.getI32IntegerAttr(value));
      return shaped ? b.create<vector::BroadcastOp>(intType, scalar).getResult() : scalar;
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
    Value shifted = fmaOp(b, x, constant(1.44269504088896341f), constant(kMagic));
    Value rounded = b.create<arith::SubFOp>(shifted, constant(kMagic));
    // n + 127, the biased exponent of 2^n.
    Value biased = b.create<arith::SubIOp>(b.create<arith::BitcastOp>(intType, shifted),
                                           integer(0x4B400000 - 127));
    // f = x - n ln 2, with ln 2 split so that n * 0.693359375 is exact.
    Value f = fmaOp(b, rounded, constant(-0.693359375f), x);
    f = fmaOp(b, rounded, constant(2.12194440e-4f), f);
    // Cephes' coefficients without the f^7 term (relative error 1.2e-7).
    Value p = constant(1.3981999507e-3f);
    for (float c : {8.3334519073e-3f, 4.1665795894e-2f, 1.6666665459e-1f,
                    5.0000001201e-1f})
      p = fmaOp(b, p, f, constant(c));
    Value ef = b.create<arith::AddFOp>(
        fmaOp(b, b.create<arith::MulFOp>(p, f), f, f), constant(1.0f));
    Value power = b.create<arith::BitcastOp>(
        type, b.create<arith::ShLIOp>(biased, integer(23)));
    rewriter.replaceOpWithNewOp<arith::MulFOp>(op, ef, power);
    return success();
  }
};

/// A splat or scalar f32 constant's value, if `value` is one.
std::optional<float> constantValue(Value value) {
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  if (auto splat = dyn_cast<SplatElementsAttr>(attr))
    attr = splat.getSplatValue<Attribute>();
  if (auto scalar = dyn_cast<FloatAttr>(attr); scalar && scalar.getType().isF32())
    return scalar.getValue().convertToFloat();
  return std::nullopt;
}

/// outer * tanh(inner * x) for f32, inner and outer powers of two, as
/// upstream's rational approximation (Eigen's): tanh(t) = t P(t^2) / Q(t^2)
/// on t clamped to +-7.998811..., with P of degree 6 and Q of degree 3 in t^2.
/// The scales go into the coefficients and the clamp; being powers of two,
/// every rounding is the unscaled one's. Without upstream's select of t itself
/// for |t| < 0.0004: there P(0) / Q(0) = 1 - 1.3e-7, within 2 ulp of it, and
/// the select costs 3 of the 16 vector instructions.
Value rationalTanh(ImplicitLocOpBuilder &b, Value x, float inner, float outer) {
  auto constant = [&](float value) { return f32Constant(b, x.getType(), value); };
  // Each select keeps a NaN (one vmaxps / vminps on x86).
  float clamp = 7.99881172180175781f / inner;
  Value clamped = b.create<arith::SelectOp>(
      b.create<arith::CmpFOp>(arith::CmpFPredicate::OLT, x, constant(-clamp)),
      constant(-clamp), x);
  clamped = b.create<arith::SelectOp>(
      b.create<arith::CmpFOp>(arith::CmpFPredicate::OGT, clamped, constant(clamp)),
      constant(clamp), clamped);
  Value square = b.create<arith::MulFOp>(clamped, clamped);
  // Coefficient i of P and Q multiplies t^(2i) = inner^(2i) x^(2i).
  auto horner = [&](ArrayRef<float> coefficients, float scale) {
    float power = scale;
    SmallVector<float> scaled;
    for (float c : coefficients) {
      scaled.push_back(c * power);
      power *= inner * inner;
    }
    Value sum = constant(scaled.back());
    for (float c : llvm::reverse(ArrayRef<float>(scaled).drop_back()))
      sum = fmaOp(b, square, sum, constant(c));
    return sum;
  };
  Value numerator = b.create<arith::MulFOp>(
      clamped, horner({4.89352455891786e-03f, 6.37261928875436e-04f, 1.48572235717979e-05f,
                       5.12229709037114e-08f, -8.60467152213735e-11f, 2.00018790482477e-13f,
                       -2.76076847742355e-16f},
                      outer * inner));
  Value denominator = horner({4.89352518554385e-03f, 2.26843463243900e-03f,
                              1.18534705686654e-04f, 1.19825839466702e-06f},
                             1.0f);
  return b.create<arith::DivFOp>(numerator, denominator);
}

struct RationalTanh : OpRewritePattern<math::TanhOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(math::TanhOp op, PatternRewriter &rewriter) const override {
    if (!getElementTypeOrSelf(op.getType()).isF32())
      return failure();
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    rewriter.replaceOp(op, rationalTanh(b, op.getOperand(), 1.0f, 1.0f));
    return success();
  }
};

/// The sigmoid in tanh form that the kernels emit, fma(tanh(x * 0.5), 0.5,
/// 0.5), as 0.5 + 0.5 tanh(0.5 x) with both halves in the coefficients: the
/// same roundings as expanding the tanh, 3 vector instructions fewer.
struct SigmoidInTanhForm : OpRewritePattern<math::FmaOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(math::FmaOp op, PatternRewriter &rewriter) const override {
    auto tanh = op.getA().getDefiningOp<math::TanhOp>();
    auto half = tanh ? tanh.getOperand().getDefiningOp<arith::MulFOp>() : arith::MulFOp();
    if (!half || !getElementTypeOrSelf(op.getType()).isF32() ||
        constantValue(op.getB()) != 0.5f || constantValue(op.getC()) != 0.5f ||
        constantValue(half.getRhs()) != 0.5f)
      return failure();
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    Value scaled = rationalTanh(b, half.getLhs(), 0.5f, 0.5f);
    rewriter.replaceOpWithNewOp<arith::AddFOp>(op, scaled, op.getC());
    return success();
  }
};

struct BeexExpandMath : mlir::beex::impl::BeexExpandMathBase<BeexExpandMath> {
  using BeexExpandMathBase::BeexExpandMathBase;

  void runOnOperation() override {
    // Sigmoids first, while their tanh is still a math.tanh.
    RewritePatternSet sigmoids(&getContext());
    sigmoids.add<SigmoidInTanhForm>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(sigmoids))))
      return signalPassFailure();
    RewritePatternSet patterns(&getContext());
    patterns.add<ExpWithoutConversion, RationalTanh>(&getContext(), /*benefit=*/2);
    populateMathPolynomialApproximationPatterns(patterns);
    if (!keepFma)
      populateExpandFmaFPattern(patterns);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace
