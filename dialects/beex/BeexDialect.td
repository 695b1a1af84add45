//===- BeexDialect.td - BEExformer dialect definition ------*- tablegen -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_DIALECT_TD
#define BEEX_DIALECT_TD

include "mlir/IR/OpBase.td"

def Beex_Dialect : Dialect {
  let name = "beex";
  let cppNamespace = "::mlir::beex";
  let summary = "Binarized transformer classifiers with early exits (BEExformer)";
  let description = [{
    The `beex` dialect expresses the forward pass of a BEExformer (arXiv
    2412.05225) at the level a user reads it: embeddings, layer norms,
    binarized linears over packed sign bits, multi-head attention with a sparse
    pattern, the gated SLFN feed-forward, pooling, exit classifiers and the
    early-exit cascade that decides after each block whether to stop.
    Values are builtin tensors of `f32`; rows are tokens. See Rationale.md.
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
  let hasOperationAttrVerify = 1;
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let extraClassDeclaration = [{
    /// Registers the attributes; lives beside their storage in BeexAttrs.cpp.
    void registerAttributes();

    /// The module attribute holding the model's WordPiece vocabulary: a
    /// tensor<N x i8> of the pieces in id order, each ended by "\n". beexc
    /// turns it into the tables beex_tokenize reads.
    static constexpr ::llvm::StringLiteral getVocabularyAttrName() {
      return ::llvm::StringLiteral("beex.vocabulary");
    }

    /// The attribute of a compiled forward function: a
    /// #beex.compiled_model, which convert-beex-to-llvm turns into the model
    /// descriptor.
    static constexpr ::llvm::StringLiteral getCompiledModelAttrName() {
      return ::llvm::StringLiteral("beex.compiled_model");
    }
  }];
}

class Beex_Op<string mnemonic, list<Trait> traits = []>
    : Op<Beex_Dialect, mnemonic, traits>;

#endif // BEEX_DIALECT_TD
