/*===- fp32_openblas.c - The same model in plain fp32 with OpenBLAS --------===*
 *
 * Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 * fp32_openblas D H F L S LAYERS_TO_RUN ITERATIONS
 *
 * The baseline a user would otherwise pick: the BEExformer forward pass of
 * SPEC §3 with dense f32 weights (what the binarized weights are worth in
 * fp32), every linear an OpenBLAS sgemm, attention as per-head sgemms,
 * running LAYERS_TO_RUN blocks plus their exit heads. Also times one sgemm of
 * the SLFN's first linear shape. Prints JSON with the best times in ms.
 * Values are random: only the time matters here.
 *===----------------------------------------------------------------------===*/

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

static float *random_floats(size_t n, float scale) {
  float *v = malloc(n * sizeof(float));
  for (size_t i = 0; i < n; ++i)
    v[i] = scale * ((float)rand() / (float)RAND_MAX - 0.5f);
  return v;
}

/* y[S, N] = x[S, K] W[N, K]^T + b */
static void linear(const float *x, const float *w, const float *b, float *y, int s,
                   int n, int k) {
  for (int i = 0; i < s; ++i)
    memcpy(y + (size_t)i * n, b, sizeof(float) * n);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, s, n, k, 1.0f, x, k, w, k,
              1.0f, y, n);
}

static void layer_norm(float *x, int s, int d) {
  for (int i = 0; i < s; ++i) {
    float *row = x + (size_t)i * d, mean = 0, var = 0;
    for (int j = 0; j < d; ++j)
      mean += row[j];
    mean /= d;
    for (int j = 0; j < d; ++j)
      var += (row[j] - mean) * (row[j] - mean);
    float inv = 1.0f / sqrtf(var / d + 1e-6f);
    for (int j = 0; j < d; ++j)
      row[j] = (row[j] - mean) * inv;
  }
}

typedef struct {
  float *q, *k, *v, *o, *g1, *g2, *c1, *c2, *bias_d, *bias_f, *exit_w;
} block_weights;

int main(int argc, char **argv) {
  if (argc < 8)
    return 2;
  int d = atoi(argv[1]), h = atoi(argv[2]), f = atoi(argv[3]), layers = atoi(argv[4]);
  int s = atoi(argv[5]), run = atoi(argv[6]), iterations = atoi(argv[7]);
  int hd = d / h;
  block_weights *blocks = malloc(sizeof(block_weights) * (size_t)layers);
  float ws = 1.0f / sqrtf((float)d);
  for (int l = 0; l < layers; ++l) {
    block_weights *b = &blocks[l];
    b->q = random_floats((size_t)d * d, ws);
    b->k = random_floats((size_t)d * d, ws);
    b->v = random_floats((size_t)d * d, ws);
    b->o = random_floats((size_t)d * d, ws);
    b->g1 = random_floats((size_t)f * d, ws);
    b->c1 = random_floats((size_t)f * d, ws);
    b->g2 = random_floats((size_t)d * f, ws);
    b->c2 = random_floats((size_t)d * f, ws);
    b->bias_d = random_floats((size_t)d, 0.1f);
    b->bias_f = random_floats((size_t)f, 0.1f);
    b->exit_w = random_floats((size_t)2 * d, ws);
  }
  float *x = random_floats((size_t)s * d, 1.0f), *x0 = malloc(sizeof(float) * s * d);
  memcpy(x0, x, sizeof(float) * s * d);
  float *q = malloc(sizeof(float) * s * d), *k = malloc(sizeof(float) * s * d);
  float *v = malloc(sizeof(float) * s * d), *att = malloc(sizeof(float) * s * d);
  float *proj = malloc(sizeof(float) * s * d), *scores = malloc(sizeof(float) * s * s);
  float *hidden_g = malloc(sizeof(float) * s * f), *hidden_c = malloc(sizeof(float) * s * f);
  float *gate = malloc(sizeof(float) * s * d), *cand = malloc(sizeof(float) * s * d);

  double best = 1e30;
  for (int it = 0; it < iterations; ++it) {
    memcpy(x, x0, sizeof(float) * s * d);
    double start = now_ms();
    for (int l = 0; l < run; ++l) {
      block_weights *b = &blocks[l];
      linear(x, b->q, b->bias_d, q, s, d, d);
      linear(x, b->k, b->bias_d, k, s, d, d);
      linear(x, b->v, b->bias_d, v, s, d, d);
      for (int head = 0; head < h; ++head) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, s, s, hd,
                    1.0f / sqrtf((float)hd), q + head * hd, d, k + head * hd, d, 0.0f,
                    scores, s);
        for (int i = 0; i < s; ++i) {
          float *row = scores + (size_t)i * s, m = row[0], sum = 0;
          for (int j = 1; j < s; ++j)
            m = row[j] > m ? row[j] : m;
          for (int j = 0; j < s; ++j)
            sum += row[j] = expf(row[j] - m);
          for (int j = 0; j < s; ++j)
            row[j] /= sum;
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s, hd, s, 1.0f, scores, s,
                    v + head * hd, d, 0.0f, att + head * hd, d);
      }
      linear(att, b->o, b->bias_d, proj, s, d, d);
      for (size_t i = 0; i < (size_t)s * d; ++i)
        x[i] += proj[i];
      layer_norm(x, s, d);
      linear(x, b->g1, b->bias_f, hidden_g, s, f, d);
      linear(x, b->c1, b->bias_f, hidden_c, s, f, d);
      for (size_t i = 0; i < (size_t)s * f; ++i) {
        hidden_g[i] = 1.0f / (1.0f + expf(-hidden_g[i]));
        hidden_c[i] = tanhf(hidden_c[i]);
      }
      linear(hidden_g, b->g2, b->bias_d, gate, s, d, f);
      linear(hidden_c, b->c2, b->bias_d, cand, s, d, f);
      for (size_t i = 0; i < (size_t)s * d; ++i)
        x[i] += gate[i] * cand[i];
      layer_norm(x, s, d);
      float logits[2] = {0, 0};
      for (int c = 0; c < 2; ++c)
        for (int i = 0; i < s; ++i)
          logits[c] += cblas_sdot(d, x + (size_t)i * d, 1, b->exit_w + c * d, 1) / s;
      (void)logits;
    }
    double elapsed = now_ms() - start;
    if (elapsed < best)
      best = elapsed;
  }

  double gemm_best = 1e30;
  for (int it = 0; it < 2 * iterations; ++it) {
    double start = now_ms();
    linear(x, blocks[0].g1, blocks[0].bias_f, hidden_g, s, f, d);
    double elapsed = now_ms() - start;
    if (elapsed < gemm_best)
      gemm_best = elapsed;
  }
  printf("{\"model_ms\": %.4f, \"sgemm_ms\": %.4f, \"sgemm_gmacs\": %.2f}\n", best,
         gemm_best, (double)s * f * d / gemm_best / 1e6);
  return 0;
}
