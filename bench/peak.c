/*===- peak.c - The register peak of each kernel's instruction mix ---------===*
 *
 * Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 * peak ITERATIONS
 *
 * The machine's limit for each linear kernel, measured rather than taken from
 * a datasheet (clocks and port counts differ between cores and VMs): the
 * instructions of the kernel's inner loop, on registers only, in 16
 * independent chains so that latency never binds, for ITERATIONS rounds; best
 * of 5. Prints JSON, in G MAC/s:
 *
 *   binary_bit_macs  vpxorq + vpopcntq + vpaddq on 512 bits: 512 bit-MACs
 *                    (8 outputs x 64 columns), the W1A1 kernel's mix
 *   int8_macs        vpdpbusd: 64 MACs (16 outputs x 4 bytes), W1A8's
 *   lookup_macs      vpermps + vaddps: 64 MACs (16 outputs x 4 columns picked
 *                    by one table lookup), W1A32's
 *   fma_macs         vfmadd231ps: 16 MACs, what an fp32 sgemm can reach
 *
 * The asm is volatile and its registers are outputs, so the compiler keeps
 * every instruction; the loop counter adds one scalar op per 16 vector ops.
 * Needs AVX-512 F, VPOPCNTDQ and VNNI (built with -mavx512f -mavx512vpopcntdq
 * -mavx512vnni). Built with -DPEAK_NO_MAIN it is a library of binary_peak
 * alone, for bench/linear_alone.c to time its kernel and this limit in turns.
 *===----------------------------------------------------------------------===*/

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/* Accumulators zmm16-31; sources zmm0-7 (zmm0-3 as one operand, zmm4-7 as
   the other); temporaries zmm8-15. */
#define CLOBBERS                                                               \
  "zmm0", "zmm1", "zmm2", "zmm3", "zmm4", "zmm5", "zmm6", "zmm7", "zmm8",      \
      "zmm9", "zmm10", "zmm11", "zmm12", "zmm13", "zmm14", "zmm15", "zmm16",   \
      "zmm17", "zmm18", "zmm19", "zmm20", "zmm21", "zmm22", "zmm23", "zmm24",  \
      "zmm25", "zmm26", "zmm27", "zmm28", "zmm29", "zmm30", "zmm31"

#define XOR_POPCNT_ADD(a, b, t, acc)                                           \
  "vpxorq %%zmm" #a ", %%zmm" #b ", %%zmm" #t "\n\t"                           \
  "vpopcntq %%zmm" #t ", %%zmm" #t "\n\t"                                      \
  "vpaddq %%zmm" #t ", %%zmm" #acc ", %%zmm" #acc "\n\t"
#define DPBUSD(a, b, t, acc) "vpdpbusd %%zmm" #a ", %%zmm" #b ", %%zmm" #acc "\n\t"
#define PERM_ADD(a, b, t, acc)                                                 \
  "vpermps %%zmm" #a ", %%zmm" #b ", %%zmm" #t "\n\t"                          \
  "vaddps %%zmm" #t ", %%zmm" #acc ", %%zmm" #acc "\n\t"
#define FMA(a, b, t, acc) "vfmadd231ps %%zmm" #a ", %%zmm" #b ", %%zmm" #acc "\n\t"

#define SIXTEEN(OP)                                                            \
  OP(0, 4, 8, 16) OP(1, 4, 9, 17) OP(2, 4, 10, 18) OP(3, 4, 11, 19)            \
  OP(0, 5, 12, 20) OP(1, 5, 13, 21) OP(2, 5, 14, 22) OP(3, 5, 15, 23)          \
  OP(0, 6, 8, 24) OP(1, 6, 9, 25) OP(2, 6, 10, 26) OP(3, 6, 11, 27)            \
  OP(0, 7, 12, 28) OP(1, 7, 13, 29) OP(2, 7, 14, 30) OP(3, 7, 15, 31)

#define LOOP(OP)                                                               \
  __asm__ volatile("vpxorq %%zmm0, %%zmm0, %%zmm0\n\t"                         \
                   "vpternlogd $0xff, %%zmm1, %%zmm1, %%zmm1\n\t"              \
                   "vmovdqa64 %%zmm1, %%zmm2\n\t"                              \
                   "vmovdqa64 %%zmm0, %%zmm3\n\t"                              \
                   "vmovdqa64 %%zmm0, %%zmm4\n\t"                              \
                   "vmovdqa64 %%zmm1, %%zmm5\n\t"                              \
                   "vmovdqa64 %%zmm0, %%zmm6\n\t"                              \
                   "vmovdqa64 %%zmm1, %%zmm7\n\t"                              \
                   "1:\n\t" SIXTEEN(OP) "dec %0\n\t"                           \
                   "jnz 1b\n\t"                                                \
                   : "+r"(n)                                                   \
                   :                                                           \
                   : "cc", CLOBBERS)

typedef void (*Kernel)(long n);
static void binary(long n) { LOOP(XOR_POPCNT_ADD); }

/* G MAC/s of `kernel`, doing `macs` MACs per instruction group. */
static double rate(Kernel kernel, long iterations, double macs) {
  double best = 1e30;
  kernel(iterations / 10); /* warm up: clocks, and the AVX-512 license */
  for (int i = 0; i < 5; ++i) {
    double start = now_s();
    kernel(iterations);
    double seconds = now_s() - start;
    if (seconds < best)
      best = seconds;
  }
  return 16.0 * macs * iterations / best / 1e9;
}

/* The W1A1 mix's peak, G bit-MAC/s. */
double binary_peak(long iterations) { return rate(binary, iterations, 512); }

#ifndef PEAK_NO_MAIN
static void int8(long n) { LOOP(DPBUSD); }
static void lookup(long n) { LOOP(PERM_ADD); }
static void fma(long n) { LOOP(FMA); }

int main(int argc, char **argv) {
  long iterations = argc > 1 ? atol(argv[1]) : 10000000;
  if (iterations <= 0) {
    fprintf(stderr, "peak: ITERATIONS must be a positive count, got '%s'\n", argv[1]);
    return 2;
  }
  printf("{\"binary_bit_macs\": %.1f, \"int8_macs\": %.1f, \"lookup_macs\": %.1f, "
         "\"fma_macs\": %.1f}\n",
         binary_peak(iterations), rate(int8, iterations, 64), rate(lookup, iterations, 64),
         rate(fma, iterations, 16));
  return 0;
}
#endif
