//===- BeexAttrs.td - BEExformer attributes -----------------*- tablegen -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_ATTRS_TD
#define BEEX_ATTRS_TD

include "BeexDialect.td"
include "BeexEnums.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

class Beex_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<Beex_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

//===----------------------------------------------------------------------===//
// Enumerations as attributes
//===----------------------------------------------------------------------===//

def Beex_ActivationModeAttr
    : EnumAttr<Beex_Dialect, Beex_ActivationMode, "activations"> {
  let assemblyFormat = "`<` $value `>`";
}
def Beex_ScaleModeAttr : EnumAttr<Beex_Dialect, Beex_ScaleMode, "scale_mode"> {
  let assemblyFormat = "`<` $value `>`";
}
def Beex_PoolingKindAttr : EnumAttr<Beex_Dialect, Beex_PoolingKind, "pooling"> {
  let assemblyFormat = "`<` $value `>`";
}

//===----------------------------------------------------------------------===//
// Packed sign bits: the tensor encoding of a binarized weight
//===----------------------------------------------------------------------===//

def Beex_SignBitsAttr : Beex_Attr<"SignBits", "sign_bits"> {
  let summary = "Encoding of a tensor of packed weight signs";
  let description = [{
    Attached as the encoding of a builtin tensor `tensor<N x W x iB, #beex.sign_bits<K>>`
    that holds the signs of an `N x K` weight matrix, row by row. Element `[j, w]`
    is a word of `B` bits (B = 8, 16, 32 or 64) holding the signs of columns
    `w*B ... w*B + B - 1` of row `j`, least significant bit first. A set bit
    means the sign is -1 (the weight was negative); a clear bit means +1, so
    `sgn(0) = +1`. `W = ceil(K / B)`; the `W*B - K` padding bits of the last
    word are zero and contribute nothing to any product.

    ```mlir
    // 48 output channels, 100 inputs, packed into two 64-bit words per row.
    tensor<48x2xi64, #beex.sign_bits<100>>
    ```
  }];
  let parameters = (ins "int64_t":$columns);
  let assemblyFormat = "`<` $columns `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The number of words a row of `columns` signs needs with `wordBits`-bit words.
    static int64_t wordsPerRow(int64_t columns, unsigned wordBits) {
      return ::beex::signWordsPerRow(columns, wordBits);
    }
  }];
}

//===----------------------------------------------------------------------===//
// Attention patterns
//===----------------------------------------------------------------------===//

def Beex_AttentionPatternAttrInterface : AttrInterface<"AttentionPatternAttr"> {
  let cppNamespace = "::mlir::beex";
  let description = [{
    Which keys a query may see. Every pattern lets a query see itself, so no
    row of the attention matrix is empty.
  }];
  let methods = [
    InterfaceMethod<"Whether query row `query` may attend to key row `key`.",
      "bool", "allows", (ins "int64_t":$query, "int64_t":$key)>,
  ];
}

class Beex_PatternAttr<string name, string attrMnemonic>
    : Beex_Attr<name, attrMnemonic,
                [DeclareAttrInterfaceMethods<Beex_AttentionPatternAttrInterface>]>;

def Beex_DenseAttr : Beex_PatternAttr<"DensePattern", "dense"> {
  let summary = "Every query sees every key";
  let description = [{
    ```mlir
    #beex.dense
    ```
  }];
}

def Beex_LocalAttr : Beex_PatternAttr<"LocalPattern", "local"> {
  let summary = "Query i sees key j when |i - j| <= window";
  let description = [{
    ```mlir
    #beex.local<window = 2>
    ```
  }];
  let parameters = (ins "int64_t":$window);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Beex_StridedAttr : Beex_PatternAttr<"StridedPattern", "strided"> {
  let summary = "Query i sees key j when |i - j| < stride or (i - j) mod stride = 0";
  let description = [{
    ```mlir
    #beex.strided<stride = 4>
    ```
  }];
  let parameters = (ins "int64_t":$stride);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Beex_BlockSparseAttr : Beex_PatternAttr<"BlockSparsePattern", "block_sparse"> {
  let summary = "Banded blocks of rows plus global blocks";
  let description = [{
    With I = floor(i / block) and J = floor(j / block), query i sees key j when
    |I - J| <= band, or I or J is one of the `global` block indices (sorted,
    unique; omitted when empty).

    ```mlir
    #beex.block_sparse<block = 16, band = 1, global = [0]>
    ```
  }];
  let parameters = (ins "int64_t":$block, "int64_t":$band,
                        OptionalArrayRefParameter<"int64_t">:$global);
  let assemblyFormat = [{
    `<` `block` `=` $block `,` `band` `=` $band (`,` `global` `=` `[` $global^ `]`)? `>`
  }];
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// Exit policy
//===----------------------------------------------------------------------===//

def Beex_ExitPolicyAttr : Beex_Attr<"ExitPolicy", "exit_policy"> {
  let summary = "When the early-exit cascade stops";
  let description = [{
    `kind` is one of:
    - `entropy_drop`: at layer l > min_layer stop when
      (H[l-1] - H[l]) / H[l-1] < threshold (0 when H[l-1] = 0);
    - `entropy_below`: at layer l >= min_layer stop when H[l] < threshold;
    - `patience`: stop when the argmax of the logits was the same at
      patience + 1 consecutive exits;
    - `none`: run every block.
    Exit heads exist for every layer from `min_layer` (1-based) on. Only the
    parameters of the kind are printed; the others keep their defaults
    (threshold 0.1, patience 1). These are the compiled defaults: the runtime
    may override threshold and patience and force full depth.

    ```mlir
    #beex.exit_policy<entropy_drop, threshold = 1.000000e-01, min_layer = 1>
    #beex.exit_policy<patience, patience = 2, min_layer = 3>
    ```
  }];
  let parameters = (ins "ExitPolicyKind":$kind, APFloatParameter<"">:$threshold,
                        "int64_t":$minLayer, "int64_t":$patience);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    bool usesThreshold() const {
      return getKind() == ExitPolicyKind::entropy_drop ||
             getKind() == ExitPolicyKind::entropy_below;
    }
    bool usesPatience() const { return getKind() == ExitPolicyKind::patience; }
  }];
}

//===----------------------------------------------------------------------===//
// The compiled model
//===----------------------------------------------------------------------===//

def Beex_CompiledModelAttr : Beex_Attr<"CompiledModel", "compiled_model"> {
  let summary = "What the runtime must know of a compiled forward pass";
  let description = [{
    convert-beex-to-loops records it, as the `beex.compiled_model` attribute,
    on the `<name>_forward` function it creates from a model function:
    the sizes beex_run checks its arguments against (`vocab_size`,
    `max_positions`, `labels`, `layers`), the compiled exit policy and the
    scratch bytes one run needs at any length. convert-beex-to-llvm turns it
    into the `const beex_model <name>_model` descriptor of runtime.h, and
    beexc's C header is written from it.

    ```mlir
    #beex.compiled_model<vocab_size = 30522, max_positions = 128, labels = 2,
      layers = 12, policy = <entropy_drop, threshold = 1.000000e-01,
      min_layer = 1>, scratch_bytes = 1048576>
    ```
  }];
  let parameters = (ins "int64_t":$vocab_size, "int64_t":$max_positions,
                        "int64_t":$labels, "int64_t":$layers,
                        "ExitPolicyAttr":$policy, "int64_t":$scratch_bytes);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The compiled default threshold as the descriptor holds it: the
    /// policy's, rounded to the nearest f32 (finite, as verified).
    float getF32Threshold() const;
  }];
}

#endif // BEEX_ATTRS_TD
