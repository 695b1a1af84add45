/*===- harness.h - A minimal C test harness -----------------------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

/*
 * The runtime is plain C with no dependencies, so its tests are too: a test is
 * a `void test_<name>(void)` listed in tests.def, CHECK macros record
 * failures (and keep going, so one run shows every broken expectation), and
 * main.c prints one PASS/FAIL line per test and exits non-zero on any failure.
 */

#ifndef BEEX_RUNTIME_TESTS_HARNESS_H
#define BEEX_RUNTIME_TESTS_HARNESS_H

#include "beex/runtime.h"

#include <stdio.h>

/* Failed checks in the current test; main.c resets it before each test. */
extern int beex_test_failures;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      ++beex_test_failures;                                                    \
      printf("    %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);      \
    }                                                                          \
  } while (0)

/* Compares two beex_status values and prints both messages on a mismatch. */
#define CHECK_STATUS(actual, expected)                                         \
  do {                                                                         \
    beex_status check_actual_ = (actual);                                      \
    beex_status check_expected_ = (expected);                                  \
    if (check_actual_ != check_expected_) {                                    \
      ++beex_test_failures;                                                    \
      printf("    %s:%d: %s is %d (%s), expected %d (%s)\n", __FILE__,         \
             __LINE__, #actual, (int)check_actual_,                            \
             beex_status_message(check_actual_), (int)check_expected_,         \
             beex_status_message(check_expected_));                            \
    }                                                                          \
  } while (0)

/* Prototypes of every test, so that each file sees the ones it defines. */
#define BEEX_TEST(name) void test_##name(void);
#include "tests.def"
#undef BEEX_TEST

#endif /* BEEX_RUNTIME_TESTS_HARNESS_H */
