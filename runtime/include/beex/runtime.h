/*===- beex/runtime.h - The beex C runtime ------------------------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*|
|*                                                                            *|
|* The public interface of libbeex_runtime, the C11 library that runs models  *|
|* compiled by beexc.                                                         *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

/*
 * A compiled model is an object file that defines one `const beex_model`
 * descriptor (below): its sizes, its compiled exit policy and a pointer to
 * the generated forward pass. The generated code trusts its arguments, so
 * that it carries no checks on the hot path; this library is the one place
 * that checks them. A program links the model's object file and this library
 * and calls beex_run():
 *
 *   extern const beex_model my_model;      // defined by `beexc --name ...`
 *
 *   if (beex_check_model(&my_model) != BEEX_OK) ...
 *   size_t bytes = beex_scratch_size(&my_model);
 *   void *scratch = aligned_alloc(BEEX_SCRATCH_ALIGNMENT, bytes);
 *   float logits[NUM_LABELS], entropies[NUM_LAYERS];
 *   beex_result result = {logits, entropies, 0};
 *   beex_status status = beex_run(&my_model, tokens, length, scratch, bytes,
 *                                 NULL, &result);
 *   if (status != BEEX_OK) puts(beex_status_message(status));
 *
 * The library has no global state and never allocates: the caller owns every
 * buffer, so it can run on a bare-metal target, and several threads may run
 * the same model at once as long as each uses its own scratch and result
 * arrays. It needs no libc at all (not even memset or memcpy) and no libm.
 *
 * One run can also use several cores: give beex_run() a parallel-for in its
 * options (beex_run_options::parallel_for), e.g. the thread pool of
 * beex/thread_pool.h, a separate small library on pthreads:
 *
 *   beex_thread_pool *pool = beex_thread_pool_create(4);
 *   beex_run_options options;
 *   beex_run_options_init(&options);
 *   beex_thread_pool_use(pool, &options);
 *   beex_run(&my_model, tokens, length, scratch, bytes, &options, &result);
 *
 * The results are the same as a serial run's, bit for bit.
 */

#ifndef BEEX_RUNTIME_H
#define BEEX_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*===-- Versions ----------------------------------------------------------===*/

/*
 * beex's version, of this header, the runtime and the compiler alike: the one
 * place it is written (the top CMakeLists.txt reads it from here). beexc
 * writes it into every object's .comment section.
 */
#define BEEX_VERSION_MAJOR 0
#define BEEX_VERSION_MINOR 1
#define BEEX_VERSION_PATCH 0

/**
 * Returns "MAJOR.MINOR.PATCH" of the runtime library the program is linked
 * with, e.g. for a program's --version.
 *
 * Parameters: none. Errors: none.
 */
const char *beex_runtime_version(void);

/*
 * The version of the beex_model layout and of the beex_forward_fn calling
 * contract. Any change to either bumps it. `abi_version` is the first field
 * of beex_model in every version, so that a runtime can read it from a
 * descriptor of any version and refuse the ones it does not understand.
 */
#define BEEX_ABI_VERSION 3u

/**
 * Returns BEEX_ABI_VERSION as this library was built with it, so that a
 * program can tell at run time which runtime it was linked with.
 *
 * Parameters: none. Errors: none.
 */
uint32_t beex_runtime_abi_version(void);

/*===-- Status codes ------------------------------------------------------===*/

/*
 * What every checking function returns. BEEX_OK is 0 so that
 * `if (status) ...` reads as "on error". The values are stable: new codes are
 * only ever appended.
 */
typedef enum beex_status {
  BEEX_OK = 0,
  /* A required pointer argument (or a pointer inside beex_result) is NULL. */
  BEEX_ERROR_NULL_ARGUMENT,
  /* The model's abi_version is not BEEX_ABI_VERSION: the object was made by
     a beexc whose model layout this runtime does not know. */
  BEEX_ERROR_ABI_MISMATCH,
  /* The input has no tokens (length 0). */
  BEEX_ERROR_EMPTY_INPUT,
  /* The input has more tokens than the model's max_positions. */
  BEEX_ERROR_INPUT_TOO_LONG,
  /* A token id is negative or not below the model's vocab_size. */
  BEEX_ERROR_TOKEN_OUT_OF_RANGE,
  /* scratch_bytes is smaller than the model's scratch_size. */
  BEEX_ERROR_SCRATCH_TOO_SMALL,
  /* The scratch pointer is not a multiple of BEEX_SCRATCH_ALIGNMENT. */
  BEEX_ERROR_SCRATCH_MISALIGNED,
  /* A run-time override is invalid: a threshold that is NaN or infinite, or
     a patience below 1. */
  BEEX_ERROR_INVALID_OPTION,
  /* The model descriptor is inconsistent (see beex_check_model), or its
     forward pass returned an impossible exit layer. */
  BEEX_ERROR_BAD_MODEL,
  /* beex_tokenize: the model was compiled without a vocabulary. */
  BEEX_ERROR_NO_TOKENIZER,
  /* beex_tokenize: the text is not valid UTF-8. */
  BEEX_ERROR_INVALID_TEXT,
  /* beex_tokenize: the id array cannot hold [CLS] and [SEP] (capacity < 2). */
  BEEX_ERROR_BUFFER_TOO_SMALL
} beex_status;

/**
 * Returns a short English description of `status`, for messages to users.
 *
 * @param status Any value, including ones that are not a beex_status.
 * @return A static, NUL-terminated string that the caller must not free or
 *         modify; a generic "unknown status" message for values that are not
 *         a beex_status. Never NULL. Errors: none.
 */
const char *beex_status_message(beex_status status);

/*===-- The compiled model ------------------------------------------------===*/

/* Exit policies (docs/math.md §4), numbered as in the .beex file. */
typedef enum beex_exit_policy {
  /* Stop at l > min_layer when (H_{l-1} - H_l) / H_{l-1} < threshold. */
  BEEX_EXIT_ENTROPY_DROP = 0,
  /* Stop at l >= min_layer when H_l < threshold. */
  BEEX_EXIT_ENTROPY_BELOW = 1,
  /* Stop when the argmax has been the same at patience + 1 exits in a row. */
  BEEX_EXIT_PATIENCE = 2,
  /* Run every layer. */
  BEEX_EXIT_NONE = 3
} beex_exit_policy;

/**
 * The compiled forward pass (docs/math.md §3-§4), generated by beexc.
 * Programs do not call it directly: beex_run() validates every argument
 * before calling it, and the generated code relies on that and checks
 * nothing.
 *
 * @param tokens     `length` token ids, each in [0, vocab_size).
 * @param length     The number of tokens, in [1, max_positions].
 * @param scratch    At least `scratch_size` bytes, BEEX_SCRATCH_ALIGNMENT-byte
 *                   aligned, holding nothing the caller needs; the forward pass
 *                   may overwrite all of it.
 * @param threshold  The threshold of the exit policy to apply (finite).
 * @param patience   The patience to apply, in [1, num_layers] (beex_run()
 *                   clamps larger values, which mean the same: never stop
 *                   by patience).
 * @param full_depth Nonzero to never exit early: run all num_layers blocks.
 * @param logits     num_labels floats, written with the logits z_e of the
 *                   exit e taken.
 * @param entropies  num_layers floats: entry l-1 is written with H_l for every
 *                   layer l that computed an exit head (min_layer <= l <= e),
 *                   and with a quiet NaN for every other layer.
 * @param run        The runtime's state of this run, passed back unchanged to
 *                   every beex_parallel_task() call the forward pass makes.
 * @return The exit layer e (1-based), in [min_layer, num_layers]; num_layers
 *         when full_depth is nonzero or the policy is BEEX_EXIT_NONE.
 */
typedef int32_t (*beex_forward_fn)(const int32_t *tokens, int64_t length,
                                   void *scratch, float threshold,
                                   int64_t patience, int32_t full_depth,
                                   float *logits, float *entropies, void *run);

/**
 * One part of the forward pass's work, generated by beexc: task `task` (a
 * kernel of one layer) on its items [begin, end): rows of the input, groups
 * of outputs, or attention's heads (their key transposes) or query tiles.
 * Calls for disjoint ranges of one task may run at the same time on
 * different threads; each item is computed exactly as a serial run computes
 * it, so results never depend on the split. The arguments are the forward
 * pass's (tokens, length, scratch).
 */
typedef void (*beex_task_fn)(const int32_t *tokens, int64_t length,
                             void *scratch, int64_t task, int64_t begin,
                             int64_t end);

/**
 * Called by the generated forward pass, not by programs: runs task `task`
 * on `items` items, through the run's parallel-for when it has one
 * (beex_run_options), and returns when every item is done.
 */
void beex_parallel_task(void *run, int64_t task, int64_t items);

/**
 * The WordPiece vocabulary a model was trained with, when its .beex carried
 * one (beex-import reads the checkpoint's vocab.txt). beexc emits it as
 * constant tables; beex_tokenize() reads them. Pieces are UTF-8 byte strings
 * ("##" starts a continuation piece); the tokenizer is uncased (lower-cases
 * and strips accents, as bert-base-uncased does). On LP64 targets: offsets
 * 0, 4, 8, 12, 16, 24, 32, 40 bytes in all.
 */
typedef struct beex_vocabulary {
  uint32_t num_pieces;    /* = the model's vocab_size; ids are [0, num_pieces) */
  int32_t unk_id;         /* id of "[UNK]" */
  int32_t cls_id;         /* id of "[CLS]" */
  int32_t sep_id;         /* id of "[SEP]" */
  const uint32_t *offsets; /* num_pieces + 1 entries: piece i is the bytes
                              [offsets[i], offsets[i + 1]) of `bytes` */
  const uint32_t *sorted; /* the ids ordered by their pieces' bytes, compared
                             as unsigned bytes, a prefix before any longer
                             piece (memcmp order): for binary search */
  const char *bytes;      /* the pieces, concatenated in id order */
} beex_vocabulary;

/**
 * The descriptor that a compiled model's object file defines, as a constant.
 * beexc lays it out as the target's C compiler would. On the LP64 targets of
 * docs/targets.md (x86-64, AArch64, RISC-V 64) the layout is fixed and checked at
 * build time: offsets 0, 4, 8, 16, 24, 32, 40, 48, 56, 60, 64, 72, 80, 88, 96
 * in field order, 104 bytes in all, 8-byte aligned.
 */
typedef struct beex_model {
  uint32_t abi_version;    /* BEEX_ABI_VERSION of the compiler that made the
                              object; must stay the first field */
  uint32_t flags;          /* reserved, 0 */
  const char *name;        /* the --name given to beexc, NUL-terminated */
  int64_t vocab_size;      /* V: token ids are in [0, V) */
  int64_t max_positions;   /* P: the longest input, in tokens */
  int64_t num_labels;      /* C: the length of the logits, >= 2 */
  int64_t num_layers;      /* L: blocks, and the length of the entropies */
  int64_t min_layer;       /* the first layer with an exit head, in [1, L] */
  int32_t exit_policy;     /* a beex_exit_policy; int32_t to fix its size */
  float threshold;         /* compiled default threshold (finite) */
  int64_t patience;        /* compiled default patience (>= 1, also when the
                              policy is not BEEX_EXIT_PATIENCE) */
  uint64_t scratch_size;   /* bytes of scratch one run needs */
  beex_forward_fn forward; /* the compiled forward pass */
  const beex_vocabulary *vocabulary; /* NULL when compiled without one */
  beex_task_fn task;       /* the parts of the forward pass that may run on
                              several threads (beex_parallel_task) */
} beex_model;

/**
 * Checks that `model` is a descriptor this runtime can run. beex_run() makes
 * the same checks on every call; call this once after loading a model to
 * report a bad one early.
 *
 * @param model The descriptor to check.
 * @return BEEX_OK if it is usable;
 *         BEEX_ERROR_NULL_ARGUMENT if `model` is NULL;
 *         BEEX_ERROR_ABI_MISMATCH if model->abi_version != BEEX_ABI_VERSION
 *         (no other field is read then, since their layout is unknown);
 *         BEEX_ERROR_BAD_MODEL if `flags` is not 0, `name`, `forward` or
 *         `task` is NULL, vocab_size is not in [1, 2^31] (ids are int32_t),
 *         max_positions < 1, num_labels < 2, num_layers is not in
 *         [1, INT32_MAX] (the exit layer is an int32_t), min_layer is not in
 *         [1, num_layers], exit_policy is not a beex_exit_policy, threshold is
 *         not finite, patience < 1, or scratch_size or another size does not
 *         fit in size_t once rounded up by beex_scratch_size(), or a
 *         vocabulary is present whose num_pieces is not vocab_size, whose
 *         special ids are out of range or whose tables are NULL.
 */
beex_status beex_check_model(const beex_model *model);

/*===-- Scratch memory ----------------------------------------------------===*/

/* The alignment, in bytes, that beex_run() requires of the scratch memory:
   the generated kernels use aligned vector loads up to 512 bits. */
#define BEEX_SCRATCH_ALIGNMENT 64u

/**
 * Returns how many bytes of scratch to allocate for one run of `model`:
 * model->scratch_size rounded up to a multiple of BEEX_SCRATCH_ALIGNMENT, and
 * at least BEEX_SCRATCH_ALIGNMENT. The rounding makes the value a valid size
 * for C11 aligned_alloc(BEEX_SCRATCH_ALIGNMENT, size), which requires a
 * multiple of the alignment; beex_run() itself accepts any size
 * >= model->scratch_size.
 *
 * @param model The descriptor of the model to run.
 * @return The size in bytes, always > 0 for a usable model; 0 when `model` is
 *         NULL or beex_check_model() rejects it (call that for the reason).
 */
size_t beex_scratch_size(const beex_model *model);

/*===-- Run options -------------------------------------------------------===*/

/*
 * Run-time overrides of the compiled exit policy (docs/math.md §4), so that users can
 * trade accuracy for speed without recompiling. A field takes effect only when
 * its override flag is nonzero; otherwise the model's compiled default is used
 * and the field is ignored (it is not even checked).
 */
/*
 * A parallel-for that beex_run() spreads one forward pass over: it must call
 * task(arg, begin, end) for disjoint ranges that together cover [0, n), in
 * any order and on any threads, and return only when every call has
 * returned. beex calls it from the thread that called beex_run(), once per
 * kernel of the forward pass (n is the kernel's rows, attention heads or
 * groups of outputs, about a dozen calls per layer), never from inside a
 * task. Any split gives the same results, bit for bit. beex/thread_pool.h
 * provides one; an application may plug in its own (OpenMP, TBB, a job
 * system).
 */
typedef void (*beex_parallel_for_fn)(void *context, size_t n,
                                     void (*task)(void *arg, size_t begin,
                                                  size_t end),
                                     void *arg);

typedef struct beex_run_options {
  int override_threshold; /* nonzero: use `threshold` instead of the model's */
  float threshold;        /* must be finite when overridden */
  int override_patience;  /* nonzero: use `patience` instead of the model's */
  int64_t patience;       /* must be >= 1 when overridden */
  int full_depth;         /* nonzero: run every layer, never exit early */
  /* NULL (the default): run on the calling thread only. Otherwise the
     forward pass's kernels run through it, with `parallel_context` as its
     first argument. One scratch serves all the threads of a run. */
  beex_parallel_for_fn parallel_for;
  void *parallel_context;
} beex_run_options;

/**
 * Sets `options` to "no overrides": the compiled threshold and patience,
 * early exits allowed, and no parallel-for. Passing NULL options to
 * beex_run() means the same.
 *
 * @param options The options to initialize; nothing happens if it is NULL.
 * Errors: none.
 */
void beex_run_options_init(beex_run_options *options);

/*===-- Running a model ---------------------------------------------------===*/

/*
 * Where beex_run() puts its results. The caller provides both arrays, sized
 * from the model's descriptor; neither may overlap the tokens or the scratch.
 */
typedef struct beex_result {
  float *logits;      /* caller array of num_labels floats: the logits of
                         the exit taken */
  float *entropies;   /* caller array of num_layers floats: entry l-1 holds
                         H_l for each layer l that computed an exit head,
                         NaN for the others */
  int32_t exit_layer; /* the exit layer taken, 1-based */
} beex_result;

/**
 * Runs `model` on one input: validates every argument, then calls the
 * compiled forward pass with the effective threshold, patience and full-depth
 * flag, and stores the exit layer taken.
 *
 * The checks run in this order and the first failure is returned: NULL
 * pointers, the model (as beex_check_model), the options, the length, the
 * tokens, the scratch. On any of these errors nothing is written: neither
 * `result` nor its arrays nor the scratch are touched, and the forward pass is
 * not called.
 *
 * @param model         The compiled model's descriptor.
 * @param tokens        `length` token ids.
 * @param length        The number of tokens, in [1, model->max_positions].
 * @param scratch       Working memory for the forward pass, aligned to
 *                      BEEX_SCRATCH_ALIGNMENT; its contents on entry do not
 *                      matter and on return are unspecified.
 * @param scratch_bytes The size of `scratch`, >= model->scratch_size.
 * @param options       Run-time overrides, or NULL for the compiled defaults.
 * @param result        Receives the exit layer; result->logits and
 *                      result->entropies receive the logits and entropies.
 * @return BEEX_OK on success;
 *         BEEX_ERROR_NULL_ARGUMENT if model, tokens, scratch, result,
 *         result->logits or result->entropies is NULL (options may be);
 *         BEEX_ERROR_ABI_MISMATCH or BEEX_ERROR_BAD_MODEL as
 *         beex_check_model() returns them;
 *         BEEX_ERROR_INVALID_OPTION if an overridden threshold is NaN or
 *         infinite, or an overridden patience is < 1;
 *         BEEX_ERROR_EMPTY_INPUT if length is 0;
 *         BEEX_ERROR_INPUT_TOO_LONG if length > model->max_positions;
 *         BEEX_ERROR_TOKEN_OUT_OF_RANGE if a token is < 0 or >= vocab_size;
 *         BEEX_ERROR_SCRATCH_TOO_SMALL if scratch_bytes < model->scratch_size;
 *         BEEX_ERROR_SCRATCH_MISALIGNED if scratch is not aligned to
 *         BEEX_SCRATCH_ALIGNMENT;
 *         BEEX_ERROR_BAD_MODEL also if the forward pass returns an exit layer
 *         outside [min_layer, num_layers], or other than num_layers when no
 *         early exit was possible (full depth, or BEEX_EXIT_NONE). The arrays
 *         have been written by then but hold no trustworthy result, and
 *         result->exit_layer is left untouched.
 */
beex_status beex_run(const beex_model *model, const int32_t *tokens,
                     size_t length, void *scratch, size_t scratch_bytes,
                     const beex_run_options *options, beex_result *result);

/*===-- Running many inputs -----------------------------------------------===*/

/**
 * Returns how many bytes of scratch beex_run_batch() needs to run `slots`
 * inputs at once: slots * beex_scratch_size(model). Give it as many slots as
 * the parallel-for has threads (one slot runs the batch serially).
 *
 * @param model The descriptor of the model to run.
 * @param slots Inputs that may run at once, >= 1.
 * @return The size in bytes, a multiple of BEEX_SCRATCH_ALIGNMENT; 0 when
 *         `model` is NULL or beex_check_model() rejects it, when slots is 0,
 *         or when the size does not fit in size_t.
 */
size_t beex_batch_scratch_size(const beex_model *model, size_t slots);

/**
 * Runs `model` on `count` inputs of any lengths: input i is tokens[i]
 * (lengths[i] ids) and its results go to results[i], exactly as
 * beex_run(model, tokens[i], lengths[i], ..., options, &results[i]) with a
 * scratch of its own would write them, bit for bit. Each input exits at its
 * own layer: one that exits early costs nothing more while the others go on.
 *
 * The scratch holds scratch_bytes / beex_scratch_size(model) slots (at most
 * `count` are used). With a parallel-for in `options`, the batch runs one
 * input per slot at once on its threads, each slot taking the next input not
 * yet taken, and every input's forward pass runs on one thread; without one,
 * the inputs run one after another on the calling thread. Whole inputs per
 * thread is what scales on short inputs, whose kernels are too small to
 * split (bench/RESULTS.md, "Batches"). The function lives in its own object
 * of the library and uses C11 atomics, which beex_run() does not need.
 *
 * Every input, the options and the scratch are checked first, in
 * beex_run()'s order; on an error these checks find, nothing is run and
 * nothing is written.
 *
 * @param model          The compiled model's descriptor.
 * @param count          The number of inputs; 0 does nothing.
 * @param tokens         `count` pointers to token ids.
 * @param lengths        `count` lengths, each in [1, model->max_positions].
 * @param scratch        At least one slot, aligned to BEEX_SCRATCH_ALIGNMENT.
 * @param scratch_bytes  Its size (beex_batch_scratch_size()).
 * @param options        As for beex_run(), or NULL.
 * @param results        `count` results, each with its own logits and
 *                       entropies arrays.
 * @param failed         If not NULL, receives the index of the input that an
 *                       error is about (unchanged for errors about no input).
 * @return BEEX_OK when every input ran; otherwise beex_run()'s status for the
 *         first input (or argument) that fails its checks;
 *         BEEX_ERROR_NULL_ARGUMENT also when count > 0 and tokens, lengths or
 *         results is NULL, or tokens[i] or an array of results[i] is;
 *         BEEX_ERROR_BAD_MODEL, with `failed` set, when a forward pass
 *         returned an impossible exit layer (the other inputs still ran).
 */
beex_status beex_run_batch(const beex_model *model, size_t count,
                           const int32_t *const *tokens, const size_t *lengths,
                           void *scratch, size_t scratch_bytes,
                           const beex_run_options *options,
                           beex_result *results, size_t *failed);

/*===-- Tokenizing text ---------------------------------------------------===*/

/**
 * Turns a UTF-8 sentence into the token ids the model was trained on:
 * [CLS], the WordPiece pieces of each word, [SEP], exactly as
 * bert-base-uncased's tokenizer does over the model's vocabulary (and as
 * python/beex/tokenizer.py does): control characters are dropped, whitespace
 * separates words, text is lower-cased and accents are stripped (Unicode
 * NFD, combining marks dropped), punctuation and CJK characters become words
 * of their own, and each word is split greedily into the longest pieces of
 * the vocabulary; a word the pieces cannot cover, or longer than 100
 * characters, becomes [UNK]. Uses no heap and no libc; safe to call from
 * several threads at once.
 *
 * When the ids do not fit, the sequence is cut as BERT's max_length cuts
 * it: the first capacity - 1 ids, then [SEP]. Pass the model's
 * max_positions as `capacity` to get input beex_run() accepts.
 *
 * One known difference from Python's str.lower(): a Greek capital sigma
 * always becomes σ (Python gives ς at the end of a word).
 *
 * @param model      A model compiled with a vocabulary.
 * @param text       The sentence; need not be NUL-terminated.
 * @param text_bytes Its length in bytes.
 * @param ids        Receives up to `capacity` token ids.
 * @param capacity   The size of `ids`, >= 2.
 * @param length     Receives the number of ids written.
 * @return BEEX_OK;
 *         BEEX_ERROR_NULL_ARGUMENT if model, ids or length is NULL, or text
 *         is NULL while text_bytes > 0;
 *         BEEX_ERROR_ABI_MISMATCH or BEEX_ERROR_BAD_MODEL as
 *         beex_check_model() returns them;
 *         BEEX_ERROR_NO_TOKENIZER if the model has no vocabulary;
 *         BEEX_ERROR_BUFFER_TOO_SMALL if capacity < 2;
 *         BEEX_ERROR_INVALID_TEXT if text is not valid UTF-8 (overlong
 *         forms, surrogates and code points past U+10FFFF included).
 *         On error nothing is written to `ids` or `length`.
 */
beex_status beex_tokenize(const beex_model *model, const char *text,
                          size_t text_bytes, int32_t *ids, size_t capacity,
                          size_t *length);

#ifdef __cplusplus
}
#endif

#endif /* BEEX_RUNTIME_H */
