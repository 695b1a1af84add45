/*===- fake_model.h - A stand-in for a compiled model -------------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

/*
 * A beex_model descriptor with a forward pass written by hand, standing in for
 * what beexc emits. Its outputs are simple functions of its inputs, so tests
 * can predict them exactly, and it records the arguments of every call so
 * tests can check what beex_run() handed over. Test code may keep state in
 * statics; the runtime itself may not.
 *
 * The fake computes H_l = 1 / l at every layer l >= min_layer and exits at the
 * first such l with H_l < threshold (an entropy_below rule), or at num_layers
 * when full_depth is set or no layer qualifies. Logits: z_c = 10 * exit +
 * c + tokens[0] / 2. Entropies: 1 / l for min_layer <= l <= exit, NaN
 * otherwise. It also overwrites all scratch_size bytes of the scratch.
 */

#ifndef BEEX_RUNTIME_TESTS_FAKE_MODEL_H
#define BEEX_RUNTIME_TESTS_FAKE_MODEL_H

#include "beex/runtime.h"

#define FAKE_VOCAB_SIZE 100
#define FAKE_MAX_POSITIONS 16
#define FAKE_NUM_LABELS 3
#define FAKE_NUM_LAYERS 6
#define FAKE_MIN_LAYER 2
#define FAKE_THRESHOLD 0.3f /* 1/4 is the first H_l below it: exit 4 */
#define FAKE_PATIENCE 2
#define FAKE_SCRATCH_SIZE 200 /* deliberately not a multiple of 64 */

/* What the last call of the fake forward pass received. */
typedef struct fake_call {
  int count; /* calls since fake_model_reset() */
  const int32_t *tokens;
  int64_t length;
  void *scratch;
  float threshold;
  int64_t patience;
  int32_t full_depth;
  float *logits;
  float *entropies;
  /* The forward pass runs one task, FAKE_TASK, over the `length` tokens
     through beex_parallel_task(): the calls of the task, and how often each
     token was done. */
  int task_calls;
  int item_counts[FAKE_MAX_POSITIONS];
} fake_call;

#define FAKE_TASK 3

/* The recorded arguments; reset by fake_model_reset(). */
extern fake_call fake_last_call;

/* When nonzero, the forward pass returns this exit layer instead of the one it
   computes, to test that beex_run() rejects impossible ones. */
extern int32_t fake_forced_exit_layer;

/* Returns a valid descriptor of the fake (exit policy entropy_below), and
   clears the recorded call and the forced exit layer. */
beex_model fake_model_reset(void);

/* The layer at which the fake exits for `threshold`, without full depth. */
int32_t fake_expected_exit(float threshold);

/* The logit the fake writes for label `label` at exit layer `exit`. */
float fake_expected_logit(int32_t exit, int label, int32_t first_token);

/*
 * A small WordPiece vocabulary of FAKE_VOCAB_SIZE pieces, so that the fake
 * model can carry it: the pieces below, then "[unused<n>]" fillers. The
 * special tokens are deliberately not at BERT's ids, nor first, so that a
 * tokenizer that assumes their place fails. Every piece is lower-case and
 * unaccented, as a bert-base-uncased vocabulary is, except FAKE_MARKS.
 */
enum fake_piece {
  FAKE_PAD,        /* [PAD] */
  FAKE_HELLO,      /* hello */
  FAKE_WORLD,      /* world */
  FAKE_S_CONT,     /* ##s */
  FAKE_UN,         /* un */
  FAKE_WANT_CONT,  /* ##want */
  FAKE_ED_CONT,    /* ##ed */
  FAKE_COMMA,      /* , */
  FAKE_PERIOD,     /* . */
  FAKE_BANG,       /* ! */
  FAKE_CAFE,       /* cafe */
  FAKE_NAIVE,      /* naive */
  FAKE_IT,         /* it */
  FAKE_APOSTROPHE, /* ' */
  FAKE_S,          /* s */
  FAKE_ZHONG,      /* U+4E2D, CJK "middle" */
  FAKE_WEN,        /* U+6587, CJK "writing" */
  FAKE_A,          /* a */
  FAKE_A_CONT,     /* ##a */
  FAKE_A10_CONT,   /* ##aaaaaaaaaa (10 a's) */
  FAKE_E,          /* e */
  FAKE_E_CONT,     /* ##e */
  FAKE_GA,         /* U+1100 U+1161: the jamo of the Hangul syllable U+AC00 */
  FAKE_GA_CONT,    /* ## U+1100 U+1161 */
  FAKE_MARKS,      /* x U+1D165 U+1D16D: two marks in NFD order (216, 226) */
  FAKE_UNK,        /* [UNK] */
  FAKE_CLS,        /* [CLS] */
  FAKE_SEP,        /* [SEP] */
  FAKE_PIECE_COUNT /* the named pieces; fillers follow up to FAKE_VOCAB_SIZE */
};

/* The fake vocabulary, with its sorted table computed (once) by sorting. */
const beex_vocabulary *fake_vocabulary(void);

/* The text of piece `id` of the fake vocabulary, NUL-terminated. */
const char *fake_piece_text(int32_t id);

#endif /* BEEX_RUNTIME_TESTS_FAKE_MODEL_H */
