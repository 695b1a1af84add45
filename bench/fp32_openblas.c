/*===- fp32_openblas.c - The same model in plain fp32 with OpenBLAS --------===*
 *
 * Part of the beex project, under the Apache License v2.0 with LLVM Exceptions.
 * SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 * fp32_openblas D H F L S[,S...] LAYERS_TO_RUN ITERATIONS
 *
 * The baseline a user would otherwise pick: the BEExformer forward pass of
 * docs/math.md §3 with dense f32 weights (what the binarized weights are worth in
 * fp32), every linear an OpenBLAS sgemm, attention as per-head sgemms,
 * running LAYERS_TO_RUN blocks plus their exit heads, for each length S.
 * Also times one sgemm of the SLFN's first linear shape (S x D -> F). Prints
 * JSON: the OpenBLAS core in use and, per S, the best times in ms. Values are
 * random: only the time matters here.
 *
 * Before timing anything it checks sgemm against a naive loop and exits with
 * status 3 if they disagree: the bench runs this program with kernels chosen
 * by OPENBLAS_CORETYPE, and a fast wrong kernel must not make a baseline.
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

/* The largest |C - ref| over max |ref| for C = A op(B) (+ C0 when beta is 1),
 * A [m, k], B [n, k] or [k, n]; ref is a naive loop in double. */
static double sgemm_error(int m, int n, int k, int transposed, float beta) {
  float *a = random_floats((size_t)m * k, 1.0f), *b = random_floats((size_t)n * k, 1.0f);
  float *c = random_floats((size_t)m * n, 1.0f);
  double *ref = malloc(sizeof(double) * (size_t)m * n);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      double sum = beta * c[(size_t)i * n + j];
      for (int p = 0; p < k; ++p)
        sum += (double)a[(size_t)i * k + p] *
               b[transposed ? (size_t)j * k + p : (size_t)p * n + j];
      ref[(size_t)i * n + j] = sum;
    }
  cblas_sgemm(CblasRowMajor, CblasNoTrans, transposed ? CblasTrans : CblasNoTrans, m, n, k,
              1.0f, a, k, b, transposed ? k : n, beta, c, n);
  double worst = 0, peak = 0;
  for (size_t i = 0; i < (size_t)m * n; ++i) {
    worst = fmax(worst, fabs(c[i] - ref[i]));
    peak = fmax(peak, fabs(ref[i]));
  }
  free(a), free(b), free(c), free(ref);
  return worst / peak;
}

/* Both operand layouts the model uses, on the small shape (OpenBLAS may take
 * its small-matrix path there) and on one large enough for the blocked
 * kernels the model's linears run on. Returns the worst error seen. */
static double check_sgemm(void) {
  static const int shapes[][3] = {{64, 96, 80}, {192, 256, 160}};
  double worst = 0;
  for (int s = 0; s < 2; ++s)
    for (int transposed = 0; transposed < 2; ++transposed) {
      int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
      double error = sgemm_error(m, n, k, transposed, transposed ? 1.0f : 0.0f);
      if (!(error <= 1e-4)) {
        fprintf(stderr,
                "fp32_openblas: OpenBLAS sgemm (core %s) differs from a naive loop on "
                "%dx%dx%d (B %s): relative error %g > 1e-4; its kernels are wrong on "
                "this CPU, do not use them\n",
                openblas_get_corename(), m, n, k, transposed ? "transposed" : "as is", error);
        exit(3);
      }
      worst = fmax(worst, error);
    }
  return worst;
}

typedef struct {
  float *q, *k, *v, *o, *g1, *g2, *c1, *c2, *bias_d, *bias_f, *exit_w;
} block_weights;

typedef struct {
  int d, h, f;
  block_weights *blocks;
} model;

typedef struct {
  double model_ms, sgemm_ms;
} timing;

/* Best of `iterations` runs of `run` blocks at length s, and of the sgemm. */
static timing time_length(const model *m, int s, int run, int iterations) {
  int d = m->d, h = m->h, f = m->f, hd = d / h;
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
      block_weights *b = &m->blocks[l];
      linear(x, b->q, b->bias_d, q, s, d, d);
      linear(x, b->k, b->bias_d, k, s, d, d);
      linear(x, b->v, b->bias_d, v, s, d, d);
      for (int head = 0; head < h; ++head) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, s, s, hd,
                    1.0f / sqrtf((float)hd), q + head * hd, d, k + head * hd, d, 0.0f,
                    scores, s);
        for (int i = 0; i < s; ++i) {
          float *row = scores + (size_t)i * s, mx = row[0], sum = 0;
          for (int j = 1; j < s; ++j)
            mx = row[j] > mx ? row[j] : mx;
          for (int j = 0; j < s; ++j)
            sum += row[j] = expf(row[j] - mx);
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
    linear(x, m->blocks[0].g1, m->blocks[0].bias_f, hidden_g, s, f, d);
    double elapsed = now_ms() - start;
    if (elapsed < gemm_best)
      gemm_best = elapsed;
  }
  free(x), free(x0), free(q), free(k), free(v), free(att), free(proj), free(scores);
  free(hidden_g), free(hidden_c), free(gate), free(cand);
  return (timing){best, gemm_best};
}

int main(int argc, char **argv) {
  if (argc < 8) {
    fprintf(stderr, "usage: fp32_openblas D H F L S[,S...] LAYERS_TO_RUN ITERATIONS\n");
    return 2;
  }
  int d = atoi(argv[1]), h = atoi(argv[2]), f = atoi(argv[3]), layers = atoi(argv[4]);
  int run = atoi(argv[6]), iterations = atoi(argv[7]);
  double check = check_sgemm();

  model m = {d, h, f, malloc(sizeof(block_weights) * (size_t)layers)};
  float ws = 1.0f / sqrtf((float)d);
  for (int l = 0; l < layers; ++l) {
    block_weights *b = &m.blocks[l];
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

  printf("{\"core\": \"%s\", \"sgemm_check_error\": %.3g, \"runs\": [", openblas_get_corename(),
         check);
  const char *lengths = argv[5];
  for (int first = 1; *lengths; first = 0) {
    char *end;
    int s = (int)strtol(lengths, &end, 10);
    timing t = time_length(&m, s, run, iterations);
    printf("%s{\"s\": %d, \"model_ms\": %.4f, \"sgemm_ms\": %.4f, \"sgemm_gmacs\": %.2f}",
           first ? "" : ", ", s, t.model_ms, t.sgemm_ms, (double)s * f * d / t.sgemm_ms / 1e6);
    fflush(stdout);
    lengths = *end == ',' ? end + 1 : end;
  }
  printf("]}\n");
  return 0;
}
