//===- beexc.cpp - The beex compiler driver -------------------------------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// beexc model.beex|model.mlir -o model.o [--header model.h] [--name NAME]
//       [--target=x86-avx512|x86-avx2|arm-neon|riscv-rvv|<triple>|host]
//       [--mcpu CPU] [--mattr FEATURES] [-O0..3] [--emit=obj|asm|llvm|mlir]
//
// Runs --beex-compile-pipeline (the pipeline beex-opt shows), then LLVM, and
// writes an object whose one export is `const beex_model NAME_model`.
//
//===----------------------------------------------------------------------===//

#include "beex/Import/BeexFile.h"
#include "beex/Pipeline/CompilePipeline.h"
#include "beex/Support/IRNesting.h"
#include "beex/Support/MappedPages.h"
#include "beex/Support/ToolOptions.h"
#include "beex/Support/WriteFile.h"
#include "beex/Target/Target.h"
#include "beex/Translate/ModelToIR.h"
#include "dialects/beex/BeexOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/AsmState.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

static cl::OptionCategory outputOptions("Input and output");
static cl::OptionCategory targetOptions("Target");

static cl::opt<std::string> inputPath(cl::Positional,
                                      cl::desc("<model.beex | model.mlir>"),
                                      cl::cat(outputOptions));
static cl::opt<std::string> outputPath("o", cl::desc("Output file"),
                                       cl::value_desc("file"), cl::cat(outputOptions));
static cl::opt<std::string> headerPath("header",
                                       cl::desc("Also write the model's C header"),
                                       cl::value_desc("model.h"), cl::cat(outputOptions));
static cl::opt<std::string> modelName("name", cl::init("beex"),
                                      cl::desc("Symbol prefix: NAME_model"),
                                      cl::cat(outputOptions));
static cl::opt<std::string> emit("emit", cl::init("obj"),
                                 cl::desc("obj, asm, llvm or mlir"), cl::cat(outputOptions));
static cl::opt<std::string> targetName(
    "target", cl::init("host"),
    cl::desc("A preset (--target=help lists them), an LLVM triple, or host"),
    cl::cat(targetOptions));
static cl::opt<std::string> cpu("mcpu", cl::desc("Target CPU"), cl::cat(targetOptions));
static cl::opt<std::string> features("mattr", cl::desc("Target features (+a,-b)"),
                                     cl::cat(targetOptions));
static cl::opt<unsigned> optLevel("O", cl::init(3), cl::Prefix,
                                  cl::desc("Optimisation level 0-3"),
                                  cl::cat(targetOptions));

namespace {
int fail(const Twine &message) {
  WithColor::error(errs(), "beexc") << message << "\n";
  return 1;
}

/// The model as beex IR whose model function is named `name`. For a .beex
/// input the IR's weights view the mapped file, which `file` keeps.
mlir::OwningOpRef<mlir::ModuleOp> loadModel(mlir::MLIRContext &context,
                                            std::unique_ptr<beex::Model> &file) {
  if (StringRef(inputPath).ends_with(".beex")) {
    Expected<std::unique_ptr<beex::Model>> model = beex::readBeexFile(inputPath);
    if (!model) {
      fail(toString(model.takeError()));
      return nullptr;
    }
    file = std::move(*model);
    return mlir::beex::translateModelToIR(*file, &context, modelName,
                                          mlir::beex::WeightStorage::Borrow);
  }
  auto input = MemoryBuffer::getFileOrSTDIN(inputPath, /*IsText=*/true);
  if (!input) {
    fail(inputPath + ": cannot read: " + input.getError().message());
    return nullptr;
  }
  // MLIR's parser recurses per bracket: refuse what would exhaust the stack.
  if (Error error = beex::checkIRNesting((*input)->getBuffer(), inputPath)) {
    fail(toString(std::move(error)));
    return nullptr;
  }
  SourceMgr sources;
  sources.AddNewSourceBuffer(std::move(*input), SMLoc());
  mlir::SourceMgrDiagnosticHandler handler(sources, &context);
  auto module = mlir::parseSourceFile<mlir::ModuleOp>(sources,
                                                      mlir::ParserConfig(&context));
  if (!module)
    return nullptr;
  // The model function takes the requested name.
  SmallVector<mlir::func::FuncOp> models;
  module->walk([&](mlir::func::FuncOp function) {
    if (mlir::beex::isModelFunction(function))
      models.push_back(function);
  });
  if (models.size() != 1) {
    fail(inputPath + ": expected one model function (with a beex.early_exit), "
                     "found " + Twine(models.size()));
    return nullptr;
  }
  models.front().setSymName(modelName);
  return module;
}
} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  mlir::registerDefaultTimingManagerCLOptions();
  beex::parseToolOptions(argc, argv, "beexc",
                         "beexc: compiles a BEExformer model to an object and a C header\n",
                         {&outputOptions, &targetOptions});
  if (targetName == "help") {
    beex::printTargetPresets(outs());
    return 0;
  }
  if (inputPath.empty() || outputPath.empty())
    return fail("expected a model file and -o FILE (see beexc --help)");

  std::optional<beex::EmitKind> kind;
  if (emit == "obj")
    kind = beex::EmitKind::Object;
  else if (emit == "asm")
    kind = beex::EmitKind::Assembly;
  else if (emit == "llvm")
    kind = beex::EmitKind::LLVMIR;
  else if (emit != "mlir")
    return fail("--emit=" + emit + ": expected obj, asm, llvm or mlir");
  if (modelName.empty() ||
      !llvm::all_of(modelName, [](char c) { return isAlnum(c) || c == '_'; }) ||
      isDigit(modelName[0]))
    return fail("--name=" + modelName + ": must be a C identifier");

  Expected<beex::TargetChoice> target = beex::resolveTarget(targetName, cpu, features);
  if (!target)
    return fail(toString(target.takeError()));

  mlir::DialectRegistry registry;
  registry.insert<mlir::beex::BeexDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect, mlir::math::MathDialect>();
  mlir::MLIRContext context(registry);
  // --mlir-timing: loading, each pass and LLVM code generation.
  mlir::DefaultTimingManager timing;
  mlir::applyDefaultTimingManagerCLOptions(timing);
  mlir::TimingScope total = timing.getRootScope();
  mlir::TimingScope loading = total.nest("Load model");
  std::unique_ptr<beex::Model> file;
  mlir::OwningOpRef<mlir::ModuleOp> module = loadModel(context, file);
  if (!module)
    return 1;
  loading.stop();

  mlir::PassManager pm(&context);
  if (failed(mlir::applyPassManagerCLOptions(pm)))
    return 1;
  mlir::TimingScope pipelineScope = total.nest("Compile pipeline");
  pm.enableTiming(pipelineScope);
  mlir::beex::CompilePipelineOptions pipeline;
  pipeline.vectorBits = target->vectorBits;
  pipeline.hasFma = target->hasFma;
  pipeline.widePopcount = target->widePopcount;
  pipeline.scalableVectors = target->scalableVectors;
  pipeline.int8Dot = target->int8Dot;
  pipeline.f32Lookup = target->f32Lookup;
  mlir::beex::buildCompilePipeline(pm, pipeline);
  if (failed(pm.run(*module)))
    return fail(inputPath + ": compilation failed");
  pipelineScope.stop();

  // All outputs or none, since build systems take a fresh file as up to
  // date: the header first (its folder may not exist), then the object, and
  // the header removed again if the object cannot be written. A failed
  // compile has written neither.
  mlir::TimingScope emitting = total.nest("LLVM code generation and output");
  // The weights now live in LLVM's constants: the mapped .beex pages can go
  // (a third of beexc's peak memory on a BERT-sized model).
  auto releaseInput = [&] {
    if (file)
      beex::releasePages(*file->file, file->file->getBuffer());
  };
  Error error = headerPath.empty()
                    ? Error::success()
                    : beex::writeModelHeader(*module, modelName, headerPath);
  if (!error) {
    error = kind ? beex::emitModel(*module, modelName, *target, optLevel, *kind,
                                   outputPath, releaseInput)
                 : beex::writeFileAtomically(outputPath, [&](raw_ostream &os) {
                     module->print(os);
                     return Error::success();
                   });
    if (error && !headerPath.empty())
      llvm::sys::fs::remove(headerPath);
  }
  if (error)
    return fail(toString(std::move(error)));
  return 0;
}
