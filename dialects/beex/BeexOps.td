//===- BeexOps.td - BEExformer operations -------------------*- tablegen -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_OPS_TD
#define BEEX_OPS_TD

include "BeexAttrs.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

// Rows are tokens (static or dynamic count), columns are features (static).
def Beex_Rows : Type<And<[TensorRankOf<[F32], [2]>.predicate,
                          CPred<"!::llvm::cast<::mlir::ShapedType>($_self).isDynamicDim(1)">]>,
    "2-D tensor of f32 with static columns", "::mlir::RankedTensorType">;
// Parameters are fully static.
def Beex_Vector : Type<And<[TensorRankOf<[F32], [1]>.predicate, HasStaticShapePred]>,
    "statically shaped 1-D tensor of f32", "::mlir::RankedTensorType">;
def Beex_Matrix : Type<And<[TensorRankOf<[F32], [2]>.predicate, HasStaticShapePred]>,
    "statically shaped 2-D tensor of f32", "::mlir::RankedTensorType">;
def Beex_PackedSigns
    : Type<And<[TensorRankOf<[I8, I16, I32, I64], [2]>.predicate, HasStaticShapePred]>,
    "statically shaped 2-D tensor of i8, i16, i32 or i64 words",
    "::mlir::RankedTensorType">;
def Beex_Tokens : Type<TensorRankOf<[I32], [1]>.predicate, "1-D tensor of i32",
    "::mlir::RankedTensorType">;

//===----------------------------------------------------------------------===//
// Embedding and normalisation
//===----------------------------------------------------------------------===//

def Beex_EmbedOp : Beex_Op<"embed", [Pure]> {
  let summary = "Token plus position embedding";
  let description = [{
    Row i of the result is `word[tokens[i]] + position[i]`. Token ids must lie
    in [0, V) and the sequence must not be longer than the P rows of the
    position table; the compiled code checks both at run time.

    ```mlir
    %x = beex.embed %tokens, %word, %pos
        : tensor<?xi32>, tensor<30522x768xf32>, tensor<512x768xf32> -> tensor<?x768xf32>
    ```
  }];
  let arguments = (ins Beex_Tokens:$tokens, Beex_Matrix:$word,
                       Beex_Matrix:$position);
  let results = (outs Beex_Rows:$result);
  let assemblyFormat = [{
    $tokens `,` $word `,` $position attr-dict `:` type($tokens) `,` type($word)
    `,` type($position) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Beex_DequantizeOp : Beex_Op<"dequantize", [Pure]> {
  let summary = "A table of integer codes with bf16 scales, as f32 values";
  let description = [{
    Element [r][c] of the result is `code(r, c) * scale(r, c)`, one f32
    product, with the layouts of docs/math.md §2.4:

    - `bits(8)`: `codes` is [R, C], one code per element; `scales` is [R, 1],
      one scale per row.
    - `bits(4)`: a row is cut into groups of 32 columns with one scale each
      (`scales` is [R, ceil(C / 32)]) and 16 bytes of `codes` each: byte k of
      group g holds column 32g + k in its low nibble and 32g + 16 + k in its
      high nibble, as code + 8.

    This is how a table that `beex-import --embeddings=int8|q4` stored as
    codes reaches `beex.embed`. The compiled gather dequantizes only the rows
    it reads, so the f32 table never exists.

    ```mlir
    %word = beex.dequantize %codes, %scales bits(4)
        : tensor<30522x384xi8>, tensor<30522x24xbf16> -> tensor<30522x768xf32>
    ```
  }];
  let arguments = (ins
      Type<And<[TensorRankOf<[I8], [2]>.predicate, HasStaticShapePred]>,
           "statically shaped 2-D tensor of i8", "::mlir::RankedTensorType">:$codes,
      Type<And<[TensorRankOf<[BF16], [2]>.predicate, HasStaticShapePred]>,
           "statically shaped 2-D tensor of bf16", "::mlir::RankedTensorType">:$scales,
      I64Attr:$bits);
  let results = (outs Beex_Matrix:$result);
  let assemblyFormat = [{
    $codes `,` $scales `bits` `(` $bits `)` attr-dict `:` type($codes) `,`
    type($scales) `->` type($result)
  }];
  let extraClassDeclaration = [{
    /// The storage the op reads (Int8 or Q4).
    ::beex::EmbeddingStorage getStorage() {
      return getBits() == 4 ? ::beex::EmbeddingStorage::Q4
                            : ::beex::EmbeddingStorage::Int8;
    }
  }];
  let hasVerifier = 1;
}

def Beex_LayerNormOp : Beex_Op<"layer_norm",
    [Pure, AllTypesMatch<["input", "result"]>, AllTypesMatch<["gamma", "beta"]>]> {
  let summary = "Layer normalisation of every row";
  let description = [{
    `(x - mean) / sqrt(var + epsilon) * gamma + beta` per row, with the
    population variance.

    ```mlir
    %y = beex.layer_norm %x, %gamma, %beta eps(1.0e-06) : tensor<?x768xf32>, tensor<768xf32>
    ```
  }];
  let arguments = (ins Beex_Rows:$input, Beex_Vector:$gamma, Beex_Vector:$beta,
                       F32Attr:$epsilon);
  let results = (outs Beex_Rows:$result);
  let assemblyFormat = [{
    $input `,` $gamma `,` $beta `eps` `(` $epsilon `)` attr-dict `:` type($input)
    `,` type($gamma)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Binarized linear layers
//===----------------------------------------------------------------------===//

def Beex_PackSignsOp : Beex_Op<"pack_signs", [Pure]> {
  let summary = "Packs the signs of a latent weight into bits";
  let description = [{
    Takes the latent real weight `[N, K]` of training and packs its signs into
    the `#beex.sign_bits` layout (a set bit is a negative sign). Folds when the
    weight is a constant, so imported models carry only packed bits.

    ```mlir
    %s = beex.pack_signs %w : tensor<48x100xf32> -> tensor<48x2xi64, #beex.sign_bits<100>>
    ```
  }];
  let arguments = (ins Beex_Matrix:$latent);
  let results = (outs Beex_PackedSigns:$result);
  let assemblyFormat = "$latent attr-dict `:` type($latent) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Beex_WeightScaleOp : Beex_Op<"weight_scale", [Pure]> {
  let summary = "The scale alpha of a latent weight";
  let description = [{
    One scale per output row: the row's mean absolute value (`per_channel`),
    the mean absolute value of the whole matrix (`per_tensor`, repeated per
    row) or 1 (`none`). Folds when the weight is a constant.

    ```mlir
    %a = beex.weight_scale %w {mode = #beex.scale_mode<per_channel>}
        : tensor<48x100xf32> -> tensor<48xf32>
    ```
  }];
  let arguments = (ins Beex_Matrix:$latent, Beex_ScaleModeAttr:$mode);
  let results = (outs Beex_Vector:$result);
  let assemblyFormat = "$latent attr-dict `:` type($latent) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Beex_BinaryLinearOp : Beex_Op<"binary_linear", [Pure]> {
  let summary = "Linear layer with binarized weights";
  let description = [{
    `y[i, j] = alpha[j] * beta_i * sum_k s[j, k] * a[i, k] + bias[j]` where `s`
    are the packed signs and `a`, `beta_i` depend on `activations`:
    `f32` uses the row as it is (beta = 1); `int8` quantises the row
    symmetrically to [-127, 127] with beta = max|x| / 127; `binary` takes the
    signs of the row with beta = mean|x|, so the sum is an xor-popcount.

    ```mlir
    %y = beex.binary_linear %x, %signs, %alpha, %bias {activations = #beex.activations<binary>}
        : (tensor<?x100xf32>, tensor<48x2xi64, #beex.sign_bits<100>>, tensor<48xf32>,
           tensor<48xf32>) -> tensor<?x48xf32>
    ```
  }];
  let arguments = (ins Beex_Rows:$input, Beex_PackedSigns:$signs,
                       Beex_Vector:$alpha, Beex_Vector:$bias,
                       Beex_ActivationModeAttr:$activations);
  let results = (outs Beex_Rows:$result);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Attention, SLFN pieces, exit heads
//===----------------------------------------------------------------------===//

def Beex_AttentionOp : Beex_Op<"attention",
    [Pure, AllTypesMatch<["query", "key", "value", "result"]>]> {
  let summary = "Multi-head scaled dot-product attention with a sparse pattern";
  let description = [{
    Splits the columns of the projected `query`, `key` and `value` into
    `num_heads` heads of size d = D / num_heads; per head computes
    `softmax(Q K^T / sqrt(d) + M) V` where M is -inf where `pattern` forbids a
    query to see a key; concatenates the heads. Lowering skips the tiles the
    pattern masks entirely.

    ```mlir
    %o = beex.attention %q, %k, %v heads(12) pattern(#beex.local<window = 8>)
        : tensor<?x768xf32>
    ```
  }];
  let arguments = (ins Beex_Rows:$query, Beex_Rows:$key, Beex_Rows:$value,
                       ConfinedAttr<I64Attr, [IntPositive]>:$num_heads,
                       Beex_AttentionPatternAttrInterface:$pattern);
  let results = (outs Beex_Rows:$result);
  let assemblyFormat = [{
    $query `,` $key `,` $value `heads` `(` $num_heads `)` `pattern` `(` $pattern `)`
    attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

def Beex_SigmoidOp : Beex_Op<"sigmoid", [Pure, Elementwise, SameOperandsAndResultType]> {
  let summary = "Logistic function 1 / (1 + exp(-x)), element by element";
  let description = [{
    The forget gate of the SLFN. Upstream `math` has `tanh` but no logistic
    function, so beex provides it.

    ```mlir
    %g = beex.sigmoid %x : tensor<?x3072xf32>
    ```
  }];
  let arguments = (ins TensorOf<[F32]>:$input);
  let results = (outs TensorOf<[F32]>:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Beex_PoolOp : Beex_Op<"pool", [Pure]> {
  let summary = "Reduces the rows to the one vector an exit head sees";
  let description = [{
    `mean` averages the S rows; `cls` takes row 0.

    ```mlir
    %p = beex.pool %x {kind = #beex.pooling<mean>} : tensor<?x768xf32> -> tensor<768xf32>
    ```
  }];
  let arguments = (ins Beex_Rows:$input, Beex_PoolingKindAttr:$kind);
  let results = (outs Beex_Vector:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Beex_ExitClassifierOp : Beex_Op<"exit_classifier", [Pure]> {
  let summary = "Real-valued linear head: logits = weight * pooled + bias";
  let description = [{
    Exit classifiers are not binarized. `weight` is `[C, D]` with C >= 2.

    ```mlir
    %z = beex.exit_classifier %p, %w, %b
        : tensor<768xf32>, tensor<2x768xf32>, tensor<2xf32> -> tensor<2xf32>
    ```
  }];
  let arguments = (ins Beex_Vector:$pooled, Beex_Matrix:$weight, Beex_Vector:$bias);
  let results = (outs Beex_Vector:$logits);
  let assemblyFormat = [{
    $pooled `,` $weight `,` $bias attr-dict `:` type($pooled) `,` type($weight) `,`
    type($bias) `->` type($logits)
  }];
  let hasVerifier = 1;
}

def Beex_EntropyOp : Beex_Op<"entropy", [Pure]> {
  let summary = "Entropy of softmax(logits) in nats";
  let description = [{
    `H = -sum_c p_c ln p_c` with `p = softmax(logits)`.

    ```mlir
    %h = beex.entropy %z : tensor<2xf32>
    ```
  }];
  let arguments = (ins Beex_Vector:$logits);
  let results = (outs F32:$result);
  let assemblyFormat = "$logits attr-dict `:` type($logits)";
}

//===----------------------------------------------------------------------===//
// Early-exit cascade
//===----------------------------------------------------------------------===//

def Beex_EarlyExitOp : Beex_Op<"early_exit", [
    RecursiveMemoryEffects,
    DeclareOpInterfaceMethods<RegionBranchOpInterface, ["getEntrySuccessorOperands"]>]> {
  let summary = "The blocks of the encoder and the decisions to stop after them";
  let description = [{
    Region l (one per block, 1-based) receives the rows after block l - 1 and
    ends in a `beex.yield` of the rows after block l. From layer `min_layer`
    of `policy` on, the yield also carries the exit head's logits and entropy,
    and the cascade applies the policy: when it says stop, the remaining
    regions are not executed. The last region always returns.

    Results: the logits of the exit taken, the exit layer (1-based) and the
    entropy of every layer, NaN for the layers that computed none (below
    `min_layer` or after the exit). Weights are values defined above the
    op, so a model with shared block weights uses the same values in every
    region.

    ```mlir
    %z, %layer, %h = beex.early_exit %x policy(<entropy_drop, threshold = 1.000000e-01, min_layer = 1>)
        : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<2xf32>) {
    ^bb0(%in: tensor<?x8xf32>):
      // ... block 1, then its exit head ...
      beex.yield %out exit(%z1, %h1) : tensor<?x8xf32>, tensor<2xf32>, f32
    }, {
    ^bb0(%in: tensor<?x8xf32>):
      // ... block 2, then its exit head ...
      beex.yield %out exit(%z2, %h2) : tensor<?x8xf32>, tensor<2xf32>, f32
    }
    ```
  }];
  let arguments = (ins Beex_Rows:$input, Beex_ExitPolicyAttr:$policy);
  let results = (outs Beex_Vector:$logits, I32:$exit_layer, Beex_Vector:$entropies);
  let regions = (region VariadicRegion<SizedRegion<1>>:$layers);
  let assemblyFormat = [{
    $input `policy` `(` $policy `)` attr-dict `:` type($input) `->` `(` type(results) `)`
    $layers
  }];
  // A plain verifier, not a region verifier: it runs before RegionBranchOpInterface
  // checks the control-flow edges, so users get the messages that name the layer.
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The number of blocks L.
    int64_t getNumLayers() { return getLayers().size(); }
    /// Whether block `layer` (1-based) has an exit head.
    bool hasExitHead(int64_t layer) {
      return layer >= getPolicy().getMinLayer();
    }
  }];
}

def Beex_YieldOp : Beex_Op<"yield", [
    Pure, Terminator, HasParent<"EarlyExitOp">, AttrSizedOperandSegments,
    DeclareOpInterfaceMethods<RegionBranchTerminatorOpInterface>]> {
  let summary = "Ends a block of the early-exit cascade";
  let description = [{
    `next` flows into the following block. In layers with an exit head,
    `exit(logits, entropy)` hands the head's result to the cascade, which
    returns it when the policy stops here.

    ```mlir
    beex.yield %out : tensor<?x8xf32>
    beex.yield %out exit(%z, %h) : tensor<?x8xf32>, tensor<2xf32>, f32
    ```
  }];
  let arguments = (ins Beex_Rows:$next, Optional<Beex_Vector>:$logits,
                       Optional<F32>:$entropy);
  let assemblyFormat = [{
    $next (`exit` `(` $logits^ `,` $entropy `)`)? attr-dict `:` type($next)
    (`,` type($logits)^ `,` type($entropy))?
  }];
  let hasVerifier = 1;
}

#endif // BEEX_OPS_TD
