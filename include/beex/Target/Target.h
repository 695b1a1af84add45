//===- Target.h - Targets, object emission and the model header -*- C++ -*-===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef BEEX_TARGET_TARGET_H
#define BEEX_TARGET_TARGET_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <string>

namespace beex {

/// What the compiler needs to know about a target (docs/targets.md).
struct TargetChoice {
  std::string triple;
  std::string cpu;
  std::string features;
  /// Vector register width the kernels are tiled for.
  unsigned vectorBits = 128;
  /// Whether the target has fused multiply-add (else math.fma is expanded,
  /// since LLVM would call libm's fmaf).
  bool hasFma = false;
  /// Whether popcount of 64-bit vector lanes is one instruction.
  bool widePopcount = false;
  /// Whether the kernels use scalable vectors (RVV: any VLEN >= vectorBits).
  bool scalableVectors = false;
  /// Whether int8-activation linears use 4-byte dot products (vpdpbusd,
  /// sdot).
  bool int8Dot = false;
  /// Whether f32-activation linears use 16-entry lookup tables (vpermps).
  bool f32Lookup = false;
};

/// Resolves `name` (a preset of docs/targets.md, a triple, or "host") with optional
/// --mcpu / --mattr overrides. Fails for a target the installed LLVM cannot
/// build for.
llvm::Expected<TargetChoice> resolveTarget(llvm::StringRef name,
                                           llvm::StringRef cpu,
                                           llvm::StringRef features);

/// Lists the presets resolveTarget knows, with what each enables (beexc
/// --target=help).
void printTargetPresets(llvm::raw_ostream &os);

enum class EmitKind { Object, Assembly, LLVMIR };

/// Translates `module` (LLVM dialect, after the compile pipeline) to LLVM IR,
/// adds the model descriptor `<name>_model` that the runtime reads, optimises
/// at `optLevel` and writes the requested form to `output`. `translated`,
/// if given, runs once the module is in LLVM IR, after which `module`'s
/// weights are not read again (beexc hands their pages back then).
llvm::Error emitModel(mlir::ModuleOp module, llvm::StringRef name,
                      const TargetChoice &target, unsigned optLevel,
                      EmitKind kind, llvm::StringRef output,
                      llvm::function_ref<void()> translated = {});

/// Writes the C header declaring the descriptor of `module`'s model `name`.
llvm::Error writeModelHeader(mlir::ModuleOp module, llvm::StringRef name,
                             llvm::StringRef output);

} // namespace beex

#endif // BEEX_TARGET_TARGET_H
