/*===- main.c - The beex-runtime-tests driver ---------------------*- C -*-===*\
|*                                                                            *|
|* Part of the beex project, under the Apache License v2.0 with LLVM          *|
|* Exceptions.                                                                *|
|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*/

/* Runs every test of tests.def, or only those whose names contain the
   first argument, printing one line per test. Exits 1 if any failed. */

#include "harness.h"

#include <string.h>

int beex_test_failures;

typedef struct test_case {
  const char *name;
  void (*run)(void);
} test_case;

static const test_case tests[] = {
#define BEEX_TEST(name) {#name, test_##name},
#include "tests.def"
#undef BEEX_TEST
};

int main(int argc, char **argv) {
  const char *filter = argc > 1 ? argv[1] : NULL;
  int run = 0, failed = 0;
  for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); ++i) {
    if (filter && !strstr(tests[i].name, filter))
      continue;
    beex_test_failures = 0;
    tests[i].run();
    ++run;
    if (beex_test_failures) {
      ++failed;
      printf("FAIL %s (%d failed checks)\n", tests[i].name, beex_test_failures);
    } else {
      printf("PASS %s\n", tests[i].name);
    }
    fflush(stdout);
  }
  printf("%d tests, %d passed, %d failed\n", run, run - failed, failed);
  return failed || run == 0 ? 1 : 0;
}
