/*===- linear_alone.c - One compiled W1A1 linear kernel, timed alone -------===*
 *
 * Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 * linear_alone K N ROWS CALLS
 *
 * Times `beex_bench_linear`, one W1A1 linear kernel of a compiled model that
 * bench/linear_alone.py exposes under that name, on ROWS rows of K bits to N
 * outputs: best of CALLS calls, in 5 rounds that alternate with the
 * register peak of its mix (peak.c's binary_peak), so that kernel and limit
 * see the same clock. This is how the baselines' linears are timed too (one
 * sgemm or one torch Linear alone); the model's perf breakdown gives the rate
 * in context (cold weights, the other ops between calls).
 *
 * Before timing, the kernel's outputs for the first and the last row are
 * checked against SPEC §2 computed here: y = alpha * beta * (K - 2 popcount)
 * + bias, or sigmoid(y) or tanh(y) when the model fused the SLFN's activation
 * into the kernel, and what it wrote of its output's encoding for the next
 * linear (the SLFN's first linears). A mismatch means the kernel's arguments
 * are not the ones below (the kernel ABI changed): a clear error rather than
 * a rate of the wrong thing. Prints JSON: {"activation", "encodes",
 * "gbitmacs", "peak_gbitmacs"}.
 *===----------------------------------------------------------------------===*/

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The kernel's arguments, in lowerGroupedBinary's order: rows, the call's
   share [begin, end) (of the output groups of 8 outputs below
   BEEX_ROW_SHARE_ROWS rows, of the rows from there on: GroupShare and
   kRowShareRows in lib/Conversion/BeexToLoops/Lowering.h, which
   linear_alone.py reads it from), weights packed as
   [group][word][8 outputs] 64-bit words, per-output alpha and bias, the
   output rows (N floats each), the input rows' sign bits (K / 64 words each;
   bit set = -1, as in the weights) and per-row beta; then the encoding of
   the output rows that the SLFN's first linears write for the next linear
   (sign words, ceil(N / 64) per row, and beta), which other kernels ignore. */
void beex_bench_linear(int64_t rows, int64_t begin, int64_t end,
                       const uint64_t *weights, const float *alpha, const float *bias,
                       float *out, const uint64_t *bits, const float *beta,
                       uint64_t *out_bits, float *out_beta);
double binary_peak(long iterations);

/* The whole of the kernel's work as one share (see above). */
#ifndef BEEX_ROW_SHARE_ROWS
#error "build with -DBEEX_ROW_SHARE_ROWS=kRowShareRows (linear_alone.py does)"
#endif
static int64_t whole_share(int rows, int n) {
  return rows >= BEEX_ROW_SHARE_ROWS ? rows : n / 8;
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static uint64_t next_random(uint64_t *state) {
  *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
  return *state ^ (*state >> 29);
}

static float uniform(uint64_t *state, float low, float high) {
  return low + (high - low) * (float)(next_random(state) >> 40) / (float)(1 << 24);
}

static float sigmoid(float y) { return 1.0f / (1.0f + expf(-y)); }

/* SPEC §2's y for output j of `row`. */
static float linear_output(int k, int row, int j, const uint64_t *weights, const float *alpha,
                           const float *bias, const uint64_t *bits, const float *beta) {
  int words = k / 64, group = j / 8, lane = j % 8;
  int64_t count = 0;
  for (int w = 0; w < words; ++w)
    count += __builtin_popcountll(weights[((size_t)group * words + w) * 8 + lane] ^
                                  bits[(size_t)row * words + w]);
  return alpha[j] * beta[row] * (float)(k - 2 * count) + bias[j];
}

static int close_to(float got, float want) {
  return fabsf(got - want) <= 1e-5f * fmaxf(1.0f, fabsf(want));
}

/* Which of "none", "sigmoid" and "tanh" every output of the first and the
   last row matches, or NULL. */
static const char *activation_of(int k, int n, int rows, const float *out,
                                 const uint64_t *weights, const float *alpha,
                                 const float *bias, const uint64_t *bits, const float *beta) {
  int none = 1, logistic = 1, hyperbolic = 1;
  int checked[2] = {0, rows - 1};
  for (int c = 0; c < 2; ++c) {
    int row = checked[c];
    for (int j = 0; j < n; ++j) {
      float y = linear_output(k, row, j, weights, alpha, bias, bits, beta);
      float got = out[(size_t)row * n + j];
      none &= close_to(got, y);
      logistic &= close_to(got, sigmoid(y));
      hyperbolic &= close_to(got, tanhf(y));
    }
  }
  return none ? "none" : logistic ? "sigmoid" : hyperbolic ? "tanh" : NULL;
}

/* What the kernel wrote of its output's encoding (SPEC §2: beta = mean |y|,
   bit set where y < 0) for the first and the last row: "none" (the
   buffers kept their marks), "beta", "signs and beta", or NULL if what it
   wrote is wrong. */
static const char *encoding_of(int n, int rows, const float *out, const uint64_t *out_bits,
                               const float *out_beta, uint64_t bits_mark) {
  int words = (n + 63) / 64, wrote_beta = !isnan(out_beta[0]);
  int wrote_signs = out_bits[0] != bits_mark;
  int checked[2] = {0, rows - 1};
  for (int c = 0; c < 2; ++c) {
    int row = checked[c];
    double total = 0;
    for (int j = 0; j < n; ++j) {
      float y = out[(size_t)row * n + j];
      total += fabsf(y);
      int negative = (out_bits[(size_t)row * words + j / 64] >> (j % 64)) & 1;
      if (wrote_signs && negative != (y < 0))
        return NULL;
    }
    if (wrote_beta && !close_to(out_beta[row], (float)(total / n)))
      return NULL;
    if (!wrote_beta && !isnan(out_beta[row]))
      return NULL;
  }
  return wrote_signs ? (wrote_beta ? "signs and beta" : NULL) : wrote_beta ? "beta" : "none";
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: linear_alone K N ROWS CALLS\n");
    return 2;
  }
  int k = atoi(argv[1]), n = atoi(argv[2]), rows = atoi(argv[3]), calls = atoi(argv[4]);
  if (k <= 0 || k % 64 || n <= 0 || n % 8 || rows <= 0 || calls <= 0) {
    fprintf(stderr, "linear_alone: K must be a positive multiple of 64, N of 8, ROWS and "
                    "CALLS positive; got %s %s %s %s\n", argv[1], argv[2], argv[3], argv[4]);
    return 2;
  }
  int words = k / 64;
  uint64_t *weights = aligned_alloc(64, sizeof(uint64_t) * (size_t)n * words);
  uint64_t *bits = aligned_alloc(64, sizeof(uint64_t) * (size_t)rows * words);
  float *alpha = malloc(sizeof(float) * n), *bias = malloc(sizeof(float) * n);
  float *beta = malloc(sizeof(float) * rows);
  float *out = aligned_alloc(64, sizeof(float) * (size_t)rows * n);
  size_t out_words = (size_t)rows * ((n + 63) / 64);
  uint64_t *out_bits = aligned_alloc(64, sizeof(uint64_t) * out_words);
  float *out_beta = malloc(sizeof(float) * rows);
  if (!weights || !bits || !alpha || !bias || !beta || !out || !out_bits || !out_beta)
    return 2;
  /* Marks that a kernel which does not write its output's encoding leaves. */
  const uint64_t bits_mark = 0x5555555555555555ULL;
  for (size_t i = 0; i < out_words; ++i)
    out_bits[i] = bits_mark;
  for (int row = 0; row < rows; ++row)
    out_beta[row] = NAN;
  uint64_t state = 1;
  for (size_t i = 0; i < (size_t)n * words; ++i)
    weights[i] = next_random(&state);
  for (size_t i = 0; i < (size_t)rows * words; ++i)
    bits[i] = next_random(&state);
  for (int j = 0; j < n; ++j) {
    alpha[j] = uniform(&state, 0.001f, 0.002f);
    bias[j] = uniform(&state, -0.5f, 0.5f);
  }
  for (int row = 0; row < rows; ++row)
    beta[row] = uniform(&state, 0.5f, 1.0f);

  int64_t share = whole_share(rows, n);
  beex_bench_linear(rows, 0, share, weights, alpha, bias, out, bits, beta, out_bits, out_beta);
  const char *activation = activation_of(k, n, rows, out, weights, alpha, bias, bits, beta);
  const char *encoding = encoding_of(n, rows, out, out_bits, out_beta, bits_mark);
  if (!activation || !encoding) {
    fprintf(stderr, "linear_alone: the kernel's %s for these arguments: has the kernel ABI "
                    "changed?\n", !activation ? "outputs are not SPEC §2's linear (nor its "
                    "sigmoid or tanh)" : "encoding of its outputs is not SPEC §2's");
    return 1;
  }

  double best = 1e30, peak = 0;
  for (int round = 0; round < 5; ++round) {
    for (int i = 0; i < calls; ++i) {
      double start = now_s();
      beex_bench_linear(rows, 0, share, weights, alpha, bias, out, bits, beta, out_bits,
                        out_beta);
      double seconds = now_s() - start;
      if (seconds < best)
        best = seconds;
    }
    double rate = binary_peak(2000000);
    if (rate > peak)
      peak = rate;
  }
  printf("{\"activation\": \"%s\", \"encodes\": \"%s\", \"gbitmacs\": %.1f, "
         "\"peak_gbitmacs\": %.1f}\n",
         activation, encoding, (double)rows * n * k / best / 1e9, peak);
  return 0;
}
