// RUN: beex-opt %s --beex-expand-math | FileCheck %s
// RUN: beex-opt %s --beex-expand-math=keep-fma=1 | FileCheck %s --check-prefix=FMA

// exp, tanh and log become polynomials: no math op is left that LLVM would
// turn into a libm call. Without keep-fma, fused multiply-adds are split too.
// CHECK-LABEL: func.func @expand
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK-NOT: math.log
// CHECK-NOT: math.fma
// CHECK: return
// FMA-LABEL: func.func @expand
// FMA: math.fma
// FMA-NOT: math.exp
// FMA-NOT: math.tanh
// FMA-NOT: math.log
func.func @expand(%x: vector<16xf32>, %s: f32) -> (vector<16xf32>, vector<16xf32>, f32) {
  %e = math.exp %x : vector<16xf32>
  %t = math.tanh %x : vector<16xf32>
  %l = math.log %s : f32
  return %e, %t, %l : vector<16xf32>, vector<16xf32>, f32
}

// sqrt stays: every target has an instruction for it.
// CHECK-LABEL: func.func @sqrt
// CHECK: math.sqrt
func.func @sqrt(%x: f32) -> f32 {
  %r = math.sqrt %x : f32
  return %r : f32
}
