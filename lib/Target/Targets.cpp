//===- Targets.cpp - The presets of docs/targets.md, any LLVM triple ------===//
//
// Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A preset fixes the triple, the features the kernels rely on and the vector
// width they are tiled for:
//
//   x86-avx512  512-bit registers; VPOPCNTDQ turns math.ctpop on vector<8xi64>
//               into vpopcntq, and the 64-lane sign masks live in k registers.
//               With +avx512vnni (not in the preset: Skylake-X lacks it) the
//               int8 linears use vpdpbusd. The f32 linears use vpermps table
//               lookups.
//   x86-avx2    256-bit registers; popcount is done with the byte-shuffle
//               sequence LLVM generates. With +avxvnni the int8 linears use
//               (VEX) vpdpbusd.
//   arm-neon    128-bit registers; ctpop becomes cnt on bytes plus widening
//               adds. With +dotprod (not in the preset: Cortex-A53/A72 lack
//               it; --mattr=+dotprod, or a host that has it) the int8 linears
//               use sdot.
//   riscv-rvv   RVV 1.0 with 128-bit minimum VLEN; +zvbb gives vcpop.v. The
//               binarized linears are vector-length agnostic (scalable
//               vectors stepped by vscale), for RVV triples with +v too.
//
// Anything else is a triple (generic code, 128-bit vectors); "host" asks LLVM
// for this machine's CPU and features.
//
//===----------------------------------------------------------------------===//

#include "beex/Target/Target.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

using namespace beex;

namespace {
/// A preset: its TargetChoice fields and what --target=help says of it.
struct Preset {
  const char *name, *triple, *cpu, *features;
  unsigned vectorBits;
  const char *summary;
};

constexpr Preset kPresets[] = {
    {"x86-avx512", "x86_64-unknown-linux-gnu", "x86-64-v4",
     "+avx512f,+avx512bw,+avx512vl,+avx512dq,+avx512vpopcntdq,+fma", 512,
     "512-bit vectors, vpopcntq; --mattr=+avx512vnni adds vpdpbusd (W1A8); "
     "W1A32 on vpermps lookups"},
    {"x86-avx2", "x86_64-unknown-linux-gnu", "x86-64-v3", "+avx2,+fma,+popcnt", 256,
     "256-bit vectors, vpshufb popcount; --mattr=+avxvnni adds vpdpbusd (W1A8)"},
    {"arm-neon", "aarch64-unknown-linux-gnu", "generic", "+neon", 128,
     "128-bit vectors, cnt; --mattr=+dotprod adds sdot (W1A8)"},
    {"riscv-rvv", "riscv64-unknown-linux-gnu", "generic-rv64", "+m,+a,+f,+d,+c,+v", 128,
     "RVV 1.0, any VLEN >= 128 (scalable); --mattr=+zvbb adds vcpop.v"},
};

TargetChoice preset(llvm::StringRef name) {
  for (const Preset &p : kPresets)
    if (name == p.name)
      return {p.triple, p.cpu, p.features, p.vectorBits, /*hasFma=*/true};
  return {};
}

/// The widest vectors `features` enable on x86 (the host case).
unsigned x86VectorBits(const llvm::StringMap<bool> &features) {
  if (features.lookup("avx512f") && features.lookup("avx512bw"))
    return 512;
  if (features.lookup("avx2"))
    return 256;
  return 128;
}
} // namespace

void beex::printTargetPresets(llvm::raw_ostream &os) {
  os << "beexc --target=<preset | LLVM triple | host> (default host):\n";
  for (const Preset &p : kPresets)
    os << "  " << llvm::left_justify(p.name, 12) << p.summary << "\n"
       << "  " << llvm::left_justify("", 12) << p.triple << ", -mcpu=" << p.cpu
       << ", " << p.features << "\n";
  os << "  " << llvm::left_justify("host", 12)
     << "this machine's CPU and features, as LLVM detects them\n"
     << "  " << llvm::left_justify("<triple>", 12)
     << "any triple LLVM builds for: generic code, 128-bit vectors\n";
}

llvm::Expected<TargetChoice> beex::resolveTarget(llvm::StringRef name,
                                                 llvm::StringRef cpu,
                                                 llvm::StringRef features) {
  llvm::InitializeAllTargetInfos();
  llvm::InitializeAllTargets();
  llvm::InitializeAllTargetMCs();
  llvm::InitializeAllAsmPrinters();
  llvm::InitializeAllAsmParsers();

  TargetChoice choice = preset(name);
  if (choice.triple.empty()) {
    if (name.empty() || name == "host") {
      choice.triple = llvm::sys::getDefaultTargetTriple();
      choice.cpu = llvm::sys::getHostCPUName().str();
      llvm::StringMap<bool> hostFeatures = llvm::sys::getHostCPUFeatures();
      std::string list;
      for (const auto &feature : hostFeatures)
        list += (list.empty() ? "" : ",") + std::string(feature.second ? "+" : "-") +
                feature.first().str();
      choice.features = list;
      if (llvm::Triple(choice.triple).isX86())
        choice.vectorBits = x86VectorBits(hostFeatures);
      choice.hasFma = hostFeatures.lookup("fma") ||
                      !llvm::Triple(choice.triple).isX86();
    } else {
      choice.triple = llvm::Triple::normalize(name);
      choice.cpu = "generic";
    }
  }
  if (!cpu.empty())
    choice.cpu = cpu.str();
  if (!features.empty())
    choice.features = choice.features.empty()
                          ? features.str()
                          : choice.features + "," + features.str();
  if (features.contains("+fma"))
    choice.hasFma = true;
  llvm::Triple triple(choice.triple);
  auto enabled = [&](llvm::StringRef feature) {
    return llvm::StringRef(choice.features).contains(feature);
  };
  // vpopcntq and vcpop.v count 64-bit lanes directly.
  choice.widePopcount = enabled("+avx512vpopcntdq") || enabled("+zvbb");
  // 4-byte dot products of int8 lanes: vpdpbusd on 512-bit registers with
  // AVX-512 VNNI or on 256-bit ones with AVX-VNNI, sdot with AArch64's
  // dotprod (host CPUs that have them, or --mattr=+avx512vnni / +avxvnni /
  // +dotprod with the presets).
  choice.int8Dot =
      (triple.isX86() && choice.vectorBits == 512 && enabled("+avx512vnni")) ||
      (triple.isX86() && choice.vectorBits == 256 && enabled("+avxvnni")) ||
      (triple.isAArch64() && choice.vectorBits == 128 && enabled("+dotprod"));
  // vpermps: a 16-entry f32 table is one 512-bit register.
  choice.f32Lookup = triple.isX86() && choice.vectorBits >= 512;
  // RVV code is written once for every VLEN: vsetvli, not a fixed width.
  choice.scalableVectors = triple.isRISCV() && enabled("+v");

  std::string error;
  if (!llvm::TargetRegistry::lookupTarget(choice.triple, error))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "target '" + name + "' (" + choice.triple +
                                       "): the installed LLVM cannot build for "
                                       "it: " + error);
  return choice;
}
