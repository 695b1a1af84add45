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

// tanh is one rational, x P(x^2) / Q(x^2) on x clamped to +-7.998811: no
// select of x for small |x| (upstream's), so no absf or compare against it.
// CHECK-LABEL: func.func @tanh
// CHECK-DAG: arith.constant 7.99881172 : f32
// CHECK-DAG: arith.constant -7.99881172 : f32
// CHECK-NOT: math.absf
// CHECK: arith.divf
// CHECK-NOT: arith.select
// CHECK: return
func.func @tanh(%x: f32) -> f32 {
  %t = math.tanh %x : f32
  return %t : f32
}

// A sigmoid in tanh form, fma(tanh(x * 0.5), 0.5, 0.5), is one rational with
// the halves in the coefficients: x clamped to twice tanh's bound, the first
// coefficients of P and Q are a1 / 4 and b0, and 0.5 is added last.
// FMA-LABEL: func.func @sigmoid
// FMA-DAG: arith.constant 15.9976234 : f32
// FMA-DAG: arith.constant 0.00122338114 : f32
// FMA-DAG: arith.constant 0.00489352504 : f32
// FMA-NOT: math.tanh
// FMA: %[[R:.*]] = arith.divf %{{.*}}, %{{.*}} : f32
// FMA-NEXT: arith.addf %[[R]], %{{.*}} : f32
// FMA-NEXT: return
func.func @sigmoid(%x: f32) -> f32 {
  %half = arith.constant 0.5 : f32
  %h = arith.mulf %x, %half : f32
  %t = math.tanh %h : f32
  %s = math.fma %t, %half, %half : f32
  return %s : f32
}
