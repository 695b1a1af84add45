//===- ModelToIR.cpp - A model as beex-dialect IR -------------------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "beex/Translate/ModelToIR.h"
#include "beex/Import/BeexFile.h"
#include "beex/Model/EnumAgreement.h" // the static_casts to ODS enums below
#include "dialects/beex/BeexOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace mlir::beex;
using ::beex::Model;
using ::beex::PackedLinear;

namespace {
/// Weights of one block as SSA values.
struct BlockValues {
  struct Linear {
    Value signs, alpha, bias;
  };
  Linear query, key, value, output, gateFc1, gateFc2, candFc1, candFc2;
  Value attentionGamma, attentionBeta, outputGamma, outputBeta;
};

class ModelBuilder {
public:
  ModelBuilder(const Model &model, MLIRContext *context, WeightStorage storage)
      : model(model), storage(storage), config(model.config), builder(context),
        loc(UnknownLoc::get(context)), f32(builder.getF32Type()) {}

  OwningOpRef<ModuleOp> build(StringRef name);

private:
  RankedTensorType rows(int64_t columns) {
    return RankedTensorType::get({ShapedType::kDynamic, columns}, f32);
  }

  /// The bytes of a weight as a resource blob: a copy, or a view of the
  /// model's data.
  template <typename T> AsmResourceBlob blob(ArrayRef<T> values) {
    if (storage == WeightStorage::Borrow)
      return UnmanagedAsmResourceBlob::allocateInferAlign(values);
    return HeapAsmResourceBlob::allocateAndCopyInferAlign(values);
  }

  /// A constant holding `values` as the dense resource `name`.
  Value floats(StringRef name, ArrayRef<int64_t> shape, ArrayRef<float> values) {
    auto type = RankedTensorType::get(shape, f32);
    AsmResourceBlob blob = this->blob(values);
    return builder.create<arith::ConstantOp>(
        loc, DenseResourceElementsAttr::get(type, name, std::move(blob)));
  }

  /// An embedding table as an f32 matrix: a constant, or the dequantization
  /// of constant codes and scales.
  Value table(StringRef name, const ::beex::EmbeddingTable &table) {
    if (table.storage == ::beex::EmbeddingStorage::F32)
      return floats(name, {table.rows, table.columns}, table.values);
    auto codesType = RankedTensorType::get({table.rows, table.codesPerRow()},
                                           builder.getIntegerType(8));
    auto scalesType =
        RankedTensorType::get({table.rows, table.scalesPerRow()}, builder.getBF16Type());
    Value codes = builder.create<arith::ConstantOp>(
        loc, DenseResourceElementsAttr::get(codesType, (name + ".codes").str(),
                                            blob(table.codes)));
    Value scales = builder.create<arith::ConstantOp>(
        loc, DenseResourceElementsAttr::get(scalesType, (name + ".scales").str(),
                                            blob(table.scales)));
    int64_t bits = table.storage == ::beex::EmbeddingStorage::Q4 ? 4 : 8;
    return builder.create<DequantizeOp>(
        loc, RankedTensorType::get({table.rows, table.columns}, f32), codes, scales,
        builder.getI64IntegerAttr(bits));
  }

  /// The tokenizer's pieces, each ended by "\n", as one byte tensor.
  DenseResourceElementsAttr vocabulary() {
    std::string bytes;
    for (const std::string &piece : model.vocabulary)
      (bytes += piece) += '\n';
    auto type = RankedTensorType::get({int64_t(bytes.size())},
                                      builder.getIntegerType(8));
    auto blob = HeapAsmResourceBlob::allocateAndCopyInferAlign(
        ArrayRef<char>(bytes.data(), bytes.size()));
    return DenseResourceElementsAttr::get(type, "vocabulary", std::move(blob));
  }

  BlockValues::Linear linear(const std::string &name, const PackedLinear &weights) {
    auto signsType = RankedTensorType::get(
        {weights.outFeatures, weights.wordsPerRow()}, builder.getI64Type(),
        SignBitsAttr::get(builder.getContext(), weights.inFeatures));
    AsmResourceBlob blob = this->blob(ArrayRef(weights.signs));
    Value signs = builder.create<arith::ConstantOp>(
        loc, DenseResourceElementsAttr::get(signsType, name + ".signs",
                                            std::move(blob)));
    return {signs, floats(name + ".alpha", {weights.outFeatures}, weights.alpha),
            floats(name + ".bias", {weights.outFeatures}, weights.bias)};
  }

  BlockValues blockWeights(int64_t index);
  Value applyLinear(Value input, const BlockValues::Linear &weights);
  Value layerNorm(Value input, Value gamma, Value beta) {
    return builder.create<LayerNormOp>(
        loc, input, gamma, beta,
        builder.getF32FloatAttr(static_cast<float>(config.layerNormEps)));
  }
  Attribute pattern();
  void buildLayer(Region &region, int64_t layer, const BlockValues &weights,
                  Value exitWeight, Value exitBias);

  const Model &model;
  WeightStorage storage;
  const ::beex::ModelConfig &config;
  OpBuilder builder;
  Location loc;
  Type f32;
};

BlockValues ModelBuilder::blockWeights(int64_t index) {
  const ::beex::BlockWeights &block = model.blocks[index];
  std::string prefix = "blocks." + std::to_string(index) + ".";
  int64_t hidden = config.hidden;
  BlockValues values;
  values.query = linear(prefix + "attention.query", block.query);
  values.key = linear(prefix + "attention.key", block.key);
  values.value = linear(prefix + "attention.value", block.value);
  values.output = linear(prefix + "attention.output", block.output);
  values.attentionGamma = floats(prefix + "attention.LayerNorm.weight", {hidden},
                                 block.attentionNorm.gamma);
  values.attentionBeta = floats(prefix + "attention.LayerNorm.bias", {hidden},
                                block.attentionNorm.beta);
  values.gateFc1 = linear(prefix + "slfn.gate.fc1", block.gateFc1);
  values.gateFc2 = linear(prefix + "slfn.gate.fc2", block.gateFc2);
  values.candFc1 = linear(prefix + "slfn.cand.fc1", block.candFc1);
  values.candFc2 = linear(prefix + "slfn.cand.fc2", block.candFc2);
  values.outputGamma = floats(prefix + "output.LayerNorm.weight", {hidden},
                              block.outputNorm.gamma);
  values.outputBeta = floats(prefix + "output.LayerNorm.bias", {hidden},
                             block.outputNorm.beta);
  return values;
}

Value ModelBuilder::applyLinear(Value input, const BlockValues::Linear &weights) {
  int64_t outputs = cast<ShapedType>(weights.alpha.getType()).getDimSize(0);
  auto mode = static_cast<ActivationMode>(config.activations);
  return builder.create<BinaryLinearOp>(
      loc, rows(outputs), input, weights.signs, weights.alpha, weights.bias,
      ActivationModeAttr::get(builder.getContext(), mode));
}

Attribute ModelBuilder::pattern() {
  MLIRContext *context = builder.getContext();
  const ::beex::AttentionPattern &p = config.pattern;
  switch (p.type) {
  case ::beex::PatternType::Dense:
    return DensePatternAttr::get(context);
  case ::beex::PatternType::Local:
    return LocalPatternAttr::get(context, p.window);
  case ::beex::PatternType::Strided:
    return StridedPatternAttr::get(context, p.stride);
  case ::beex::PatternType::BlockSparse:
    return BlockSparsePatternAttr::get(context, p.block, p.band, p.globalBlocks);
  }
  return {};
}

void ModelBuilder::buildLayer(Region &region, int64_t layer,
                              const BlockValues &w, Value exitWeight,
                              Value exitBias) {
  RankedTensorType hiddenRows = rows(config.hidden);
  Block *body = builder.createBlock(&region, {}, {hiddenRows}, {loc});
  Value x = body->getArgument(0);

  Value attended = builder.create<AttentionOp>(
      loc, applyLinear(x, w.query), applyLinear(x, w.key),
      applyLinear(x, w.value), builder.getI64IntegerAttr(config.heads),
      cast<AttentionPatternAttr>(pattern()));
  Value residual =
      builder.create<arith::AddFOp>(loc, x, applyLinear(attended, w.output));
  Value h = layerNorm(residual, w.attentionGamma, w.attentionBeta);

  Value gate = builder.create<SigmoidOp>(loc, applyLinear(h, w.gateFc1));
  Value candidate = builder.create<math::TanhOp>(loc, applyLinear(h, w.candFc1));
  Value slfn = builder.create<arith::MulFOp>(loc, applyLinear(gate, w.gateFc2),
                                             applyLinear(candidate, w.candFc2));
  Value out = layerNorm(builder.create<arith::AddFOp>(loc, h, slfn),
                        w.outputGamma, w.outputBeta);

  if (!exitWeight) {
    builder.create<YieldOp>(loc, out, Value(), Value());
    return;
  }
  auto pooling = static_cast<PoolingKind>(config.pooling);
  Value pooled = builder.create<PoolOp>(
      loc, RankedTensorType::get({config.hidden}, f32), out,
      PoolingKindAttr::get(builder.getContext(), pooling));
  Value logits = builder.create<ExitClassifierOp>(
      loc, RankedTensorType::get({config.labels}, f32), pooled, exitWeight,
      exitBias);
  Value entropy = builder.create<EntropyOp>(loc, f32, logits);
  builder.create<YieldOp>(loc, out, logits, entropy);
}

OwningOpRef<ModuleOp> ModelBuilder::build(StringRef name) {
  MLIRContext *context = builder.getContext();
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());

  auto tokensType = RankedTensorType::get({ShapedType::kDynamic},
                                          builder.getI32Type());
  auto logitsType = RankedTensorType::get({config.labels}, f32);
  auto entropiesType = RankedTensorType::get({config.layers}, f32);
  auto function = builder.create<func::FuncOp>(
      loc, name,
      builder.getFunctionType({tokensType},
                              {logitsType, builder.getI32Type(), entropiesType}));
  Block *entry = function.addEntryBlock();
  builder.setInsertionPointToStart(entry);

  int64_t hidden = config.hidden;
  Value word = table("embeddings.word_embeddings.weight", model.wordEmbeddings);
  Value position =
      table("embeddings.position_embeddings.weight", model.positionEmbeddings);
  Value x = builder.create<EmbedOp>(loc, rows(hidden), entry->getArgument(0),
                                    word, position);
  if (model.embeddingNorm)
    x = layerNorm(x,
                  floats("embeddings.LayerNorm.weight", {hidden},
                         model.embeddingNorm->gamma),
                  floats("embeddings.LayerNorm.bias", {hidden},
                         model.embeddingNorm->beta));

  std::vector<BlockValues> blocks;
  for (int64_t index = 0; index < config.storedBlocks(); ++index)
    blocks.push_back(blockWeights(index));
  std::vector<std::pair<Value, Value>> exits;
  for (const ::beex::ExitHeadWeights &head : model.exits) {
    std::string prefix = "exits." + std::to_string(head.layer) + ".classifier.";
    exits.emplace_back(floats(prefix + "weight", {config.labels, hidden}, head.weight),
                       floats(prefix + "bias", {config.labels}, head.bias));
  }

  const ::beex::ExitPolicy &policy = config.exitPolicy;
  auto policyAttr = ExitPolicyAttr::get(
      context, static_cast<ExitPolicyKind>(policy.type), APFloat(policy.threshold),
      policy.minLayer, policy.patience);
  auto cascade = builder.create<EarlyExitOp>(
      loc, TypeRange{logitsType, builder.getI32Type(), entropiesType}, x,
      policyAttr, config.layers);
  for (int64_t layer = 1; layer <= config.layers; ++layer) {
    OpBuilder::InsertionGuard guard(builder);
    const BlockValues &weights = blocks[config.shareBlockWeights ? 0 : layer - 1];
    bool hasExit = layer >= policy.minLayer;
    buildLayer(cascade.getLayers()[layer - 1], layer, weights,
               hasExit ? exits[layer - policy.minLayer].first : Value(),
               hasExit ? exits[layer - policy.minLayer].second : Value());
  }
  builder.create<func::ReturnOp>(loc, cascade.getResults());
  if (!model.vocabulary.empty())
    (*module)->setAttr(BeexDialect::getVocabularyAttrName(), vocabulary());
  return module;
}
} // namespace

OwningOpRef<ModuleOp> mlir::beex::translateModelToIR(const Model &model,
                                                     MLIRContext *context,
                                                     StringRef name,
                                                     WeightStorage storage) {
  context->loadDialect<BeexDialect, arith::ArithDialect, func::FuncDialect,
                       math::MathDialect>();
  return ModelBuilder(model, context, storage).build(name);
}

void mlir::beex::registerImportBeexTranslation() {
  TranslateToMLIRRegistration registration(
      "import-beex", "translate a .beex model file to beex-dialect IR",
      [](llvm::SourceMgr &sourceMgr, MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *input =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        // A view: the weights are copied into the IR's resources, so the
        // model need not outlive this call.
        llvm::Expected<std::unique_ptr<Model>> model = ::beex::readBeexBuffer(
            llvm::MemoryBuffer::getMemBuffer(input->getMemBufferRef(),
                                             /*RequiresNullTerminator=*/false));
        if (!model) {
          emitError(UnknownLoc::get(context)) << llvm::toString(model.takeError());
          return nullptr;
        }
        return translateModelToIR(**model, context);
      },
      [](DialectRegistry &registry) {
        registry.insert<BeexDialect, arith::ArithDialect, func::FuncDialect,
                        math::MathDialect>();
      },
      llvm::Align(64));
}
