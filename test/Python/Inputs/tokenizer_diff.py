#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Compares the runtime's beex_tokenize() with python/beex/tokenizer.py.

  tokenizer_diff.py --driver DRIVER --source-root ROOT --work-dir DIR
      [--data-dir DATA] [--count N] [--seed S]

Two comparisons, each printing "NAME: M/N identical" and failing on any
difference (the first few are printed):
  random    N random strings over a synthetic vocabulary: every script and
            kind of character the tokenizer treats specially, mixed, with
            random capacities so that truncation is compared too.
  sst2-dev  every sentence of GLUE SST-2's dev set over the full
            bert-base-uncased vocabulary, when DATA/vocab/bert-base-uncased
            and DATA/glue/SST-2 exist; "sst2-dev: skipped" otherwise. Then
            the same cut at 16 ids (sst2-dev-capacity-16).

DRIVER is test/Python/Inputs/tokenize_driver.c, built. Greek capital sigma
(U+03A3) is left out of the random strings: Python lower-cases it to final
sigma at the end of a word and the runtime does not (beex/runtime.h).
"""
import argparse
import importlib.util
import os
import random
import re
import subprocess
import sys
import unicodedata


def load_tokenizer(source_root):
    """python/beex/tokenizer.py alone: the beex package imports torch."""
    path = os.path.join(source_root, "python", "beex", "tokenizer.py")
    spec = importlib.util.spec_from_file_location("beex_tokenizer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_unicode_version(source_root):
    """The C tables must come from the Unicode that the reference uses."""
    path = os.path.join(source_root, "runtime", "src", "unicode_data.h")
    with open(path, encoding="utf-8") as f:
        match = re.search(r'#define BEEX_UNICODE_VERSION "([0-9.]+)"', f.read())
    if match.group(1) != unicodedata.unidata_version:
        sys.exit(f"runtime/src/unicode_data.h is from Unicode {match.group(1)} but this Python "
                 f"has {unicodedata.unidata_version}: rerun runtime/tools/gen_unicode_data.py")


def span(first, last):
    return list(range(first, last + 1))


# What random strings are made of: (weight, code points).
POOLS = [
    (12, span(0x61, 0x7A) + span(0x41, 0x5A)),                  # ASCII letters
    (3, span(0x21, 0x7E)),                                      # ASCII symbols
    (3, span(0xA0, 0xFF)),                                      # Latin-1
    (3, span(0x100, 0x24F) + span(0x1E00, 0x1EFF)),             # Latin Extended
    (3, span(0x300, 0x36F) + span(0x483, 0x489) + span(0x591, 0x5C7)
     + span(0x610, 0x61A) + span(0x0F71, 0x0F84) + [0x034F, 0x1AB0, 0x20D0, 0xFE0F]),
    (2, [c for c in span(0x370, 0x3FF) + span(0x1F00, 0x1FFF) if c != 0x03A3]),  # Greek
    (2, span(0x400, 0x4FF)),                                    # Cyrillic
    (2, span(0x4E00, 0x9FFF) + span(0x3400, 0x4DBF) + span(0xF900, 0xFAFF)
     + span(0x2F800, 0x2FA1F) + span(0x20000, 0x2A6DF)),        # CJK
    (2, span(0xAC00, 0xD7A3) + span(0x1100, 0x11FF)),           # Hangul
    (2, span(0xFF01, 0xFF5E)),                                  # fullwidth forms
    (2, span(0x2000, 0x206F)),                                  # general punctuation
    (2, span(0x00, 0x1F) + span(0x7F, 0x9F) + [0xAD, 0xFEFF, 0xFFFD, 0x180E]),  # controls
    (1, [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]),              # zero-width
    (2, span(0x1F300, 0x1F6FF) + span(0x1F900, 0x1F9FF) + span(0x1F3FB, 0x1F3FF)),  # emoji
    (1, span(0x1D100, 0x1D1FF) + span(0x1715, 0x1715) + [0x302E, 0x302F, 0x16FF0, 0x16FF1]),
    # Spacing marks that NFD reorders, and marks that vanish but keep (0301)
    # or end (034F, 0F73) their run: words of these test the reordering.
    (1, [0x1D165, 0x1D16D, 0x1D16E, 0x302E, 0x1715, 0x16FF0, 0x1D15E, 0x0301, 0x034F,
         0x0F73, 0x61]),
    (1, [0x130, 0x1E9E, 0x2126, 0x212A, 0x212B, 0x149, 0xFB01, 0x1F80, 0x1FB3, 0x390]),
    (1, span(0x0E00, 0x0E7F) + span(0x0900, 0x097F) + span(0x0600, 0x06FF)),  # Thai, Devanagari, Arabic
    (1, span(0x20, 0xD7FF) + span(0xE000, 0x10FFFF)),           # anything at all
]
SPACES = [" "] * 8 + ["\t", "\n", "\r", "\u00a0", "\u3000", "\u1680", "\u2028"]


def random_word(rng, pools, weights):
    pool = rng.choices(pools, weights)[0]
    second = rng.choices(pools, weights)[0]
    length = rng.choice([1, 2, 3, 4, 5, 6, 8, 12, 20])
    if rng.random() < 0.03:
        length = rng.choice([99, 100, 101, 102, 150])
    return "".join(chr(rng.choice(second if rng.random() < 0.2 else pool))
                   for _ in range(length))


def random_text(rng, pools, weights):
    words = [random_word(rng, pools, weights) for _ in range(rng.randint(0, 12))]
    return "".join(w + rng.choice(SPACES) for w in words).rstrip(" ") if words else ""


def synthetic_vocabulary(rng, tokenizer, texts):
    """Specials at random places among pieces cut from the texts' words:
    whole words, their first characters, continuation pieces of their
    middles, and most single characters with and without "##", so that words
    are often covered, in several ways."""
    pieces = set()
    for text in texts:
        for word in tokenizer.basic_words(text):
            if rng.random() < 0.3:
                pieces.add(word)
            for ch in word:
                if rng.random() < 0.5:
                    pieces.add(ch)
                if rng.random() < 0.5:
                    pieces.add("##" + ch)
            if len(word) > 2:
                a = rng.randrange(0, len(word) - 1)
                b = rng.randrange(a + 1, len(word) + 1)
                pieces.add(word[a:b] if a == 0 else "##" + word[a:b])
    pieces -= set(tokenizer.SPECIALS)
    pieces = sorted(pieces)
    rng.shuffle(pieces)
    for special in tokenizer.SPECIALS:
        pieces.insert(rng.randrange(0, len(pieces) + 1), special)
    return pieces


def run_driver(driver, work_dir, name, pieces, cases):
    """Tokenizes `cases` (text, capacity or 0) with the C driver."""
    vocab_path = os.path.join(work_dir, name + "-vocab.txt")
    with open(vocab_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(p + "\n" for p in pieces))
    records_path = os.path.join(work_dir, name + "-records.bin")
    with open(records_path, "wb") as f:
        for text, capacity in cases:
            data = text.encode("utf-8")
            f.write(b"%d %d\n" % (capacity, len(data)) + data + b"\n")
    out = subprocess.run([driver, vocab_path, records_path], check=True,
                         capture_output=True).stdout.decode()
    lines = out.split("\n")[:-1]
    assert len(lines) == len(cases), (len(lines), len(cases))
    return [[int(t) for t in line.split()] if not line.startswith("error") else line
            for line in lines]


def compare(name, wordpiece, driver, work_dir, cases):
    got = run_driver(driver, work_dir, name, wordpiece.pieces, cases)
    differences = []
    for (text, capacity), c_ids in zip(cases, got):
        want = wordpiece.encode(text, max_length=capacity or None)
        if c_ids != want:
            differences.append((text, capacity, want, c_ids))
    print(f"{name}: {len(cases) - len(differences)}/{len(cases)} identical")
    for text, capacity, want, c_ids in differences[:5]:
        print(f"  text {text!r} capacity {capacity}")
        print(f"    python {[wordpiece.pieces[i] for i in want]}")
        print(f"    c      {c_ids if isinstance(c_ids, str) else [wordpiece.pieces[i] for i in c_ids]}")
    return not differences


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--driver", required=True)
    parser.add_argument("--source-root", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--data-dir")
    parser.add_argument("--count", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    if args.data_dir and "%" in args.data_dir:
        # A lit substitution that no longer exists would skip silently.
        sys.exit(f"--data-dir {args.data_dir}: not a directory name")
    check_unicode_version(args.source_root)
    tokenizer = load_tokenizer(args.source_root)

    rng = random.Random(args.seed)
    weights = [w for w, _ in POOLS]
    pools = [p for _, p in POOLS]
    texts = [random_text(rng, pools, weights) for _ in range(args.count)]
    texts += ["", " ", "\u0301", "a" * 100, "a" * 101, "\uac00" * 50, "\uac00" * 51]
    # The vocabulary comes from half of the texts, so the other half has
    # words it cannot cover as well.
    pieces = synthetic_vocabulary(rng, tokenizer, texts[: len(texts) // 2])
    wordpiece = tokenizer.WordPiece(pieces)
    capacities = [0] * 6 + [2, 3, 4, 5, 8, 16, 128]
    cases = [(t, rng.choice(capacities)) for t in texts]
    ok = compare("random", wordpiece, args.driver, args.work_dir, cases)

    data = args.data_dir
    vocab = data and os.path.join(data, "vocab", "bert-base-uncased", "vocab.txt")
    dev = data and os.path.join(data, "glue", "SST-2", "dev.tsv")
    if vocab and os.path.exists(vocab) and os.path.exists(dev):
        # Read as beex.train_sst2.read_sst2 reads it.
        with open(dev, encoding="utf-8") as f:
            next(f)
            sentences = [line.rstrip("\n").rsplit("\t", 1)[0].strip() for line in f]
        wordpiece = tokenizer.WordPiece.from_file(vocab)
        ok &= compare("sst2-dev", wordpiece, args.driver, args.work_dir,
                      [(s, 0) for s in sentences])
        # And cut at a capacity shorter than most of them.
        ok &= compare("sst2-dev-capacity-16", wordpiece, args.driver, args.work_dir,
                      [(s, 16) for s in sentences])
    else:
        print("sst2-dev: skipped (no bert-base-uncased vocabulary or SST-2 data)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
