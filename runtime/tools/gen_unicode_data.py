#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Generates runtime/src/unicode_data.h: the character tables of beex_tokenize().

  /usr/bin/python3 runtime/tools/gen_unicode_data.py           # rewrite it
  /usr/bin/python3 runtime/tools/gen_unicode_data.py --check   # compare only

The C tokenizer must split text exactly as python/beex/tokenizer.py does, and
that file asks Python's unicodedata for every character property. So the
tables come from the same unicodedata, through the same definitions, and the
header names the Unicode version they were made from: regenerate it whenever
the Python that defines the reference changes its Unicode version.

Python folds a whole word at once: unicodedata.normalize("NFD", word.lower())
minus the nonspacing marks (Mn). The runtime folds one code point at a time,
with no heap, so this script also proves, before writing anything, that the
two agree: `check_structure` asserts the properties the C code relies on, and
`check_words` runs a model of the C algorithm over every code point and over
random words and compares it with the word-at-a-time definition. The only
difference left is Greek final sigma, which str.lower() decides from the
letters around it and the runtime does not (see beex/runtime.h).

Two word-level effects of NFD survive the per-code-point fold and are handled
by the C code rather than by tables:
  - Hangul syllables decompose algorithmically (U+AC00..U+D7A3, 11,172 of
    them), so the C code computes their jamo instead of storing them.
  - NFD puts each run of combining marks (canonical combining class != 0) in
    class order, across character boundaries. Nearly all such marks are Mn and
    vanish, but 25 are spacing marks (Mc) that stay in the word; a table
    lists them with their classes so the C code can sort them into their run.
    A run is broken by any character of class 0, including an Mn of class 0
    that is then dropped: hence two tables of code points that fold to
    nothing, those that keep the run going and those that end it.
"""
import argparse
import os
import random
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.normpath(os.path.join(HERE, "..", "src", "unicode_data.h"))

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
SURROGATES = range(0xD800, 0xE000)
ALL = [c for c in range(0x110000) if c not in SURROGATES]

# _is_cjk of python/beex/tokenizer.py.
CJK_RANGES = [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
              (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)]


def category(code):
    return unicodedata.category(chr(code))


def is_cjk(code):
    return any(first <= code <= last for first, last in CJK_RANGES)


def is_dropped(code):
    """Removed by the cleaning step of basic_words (whitespace is tested first)."""
    if code == 0 or code == 0xFFFD:
        return True
    return chr(code) not in " \t\n\r" and category(code) in ("Cc", "Cf")


def is_space(code):
    """Ends a word. basic_words turns " \\t\\n\\r" and Zs into spaces, and then
    str.split() also splits at every other str.isspace() character that the
    cleaning kept: U+2028 and U+2029 (the others are Cc, already dropped)."""
    ch = chr(code)
    if is_dropped(code):
        return False
    return ch in " \t\n\r" or category(code) == "Zs" or ch.isspace()


def is_punctuation(code):
    """_is_punctuation of python/beex/tokenizer.py."""
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return category(code).startswith("P")


def decomposed(code):
    """NFD of the lower-cased code point: what Python's word fold sees of it."""
    return unicodedata.normalize("NFD", chr(code).lower())


def fold(code):
    return "".join(ch for ch in decomposed(code) if unicodedata.category(ch) != "Mn")


def hangul_fold(code):
    """The standard algorithmic decomposition of a Hangul syllable (Unicode
    §3.12), as the C code computes it."""
    index = code - HANGUL_FIRST
    out = chr(0x1100 + index // 588) + chr(0x1161 + index % 588 // 28)
    if index % 28:
        out += chr(0x11A7 + index % 28)
    return out


def ranges(codes):
    out = []
    for code in sorted(codes):
        if out and out[-1][1] == code - 1:
            out[-1][1] = code
        else:
            out.append([code, code])
    return [tuple(r) for r in out]


class Tables:
    """Every table of the header, computed from unicodedata."""

    def __init__(self):
        self.dropped = ranges(c for c in ALL if is_dropped(c))
        self.space = ranges(c for c in ALL if is_space(c))
        self.punct = ranges(c for c in ALL if is_punctuation(c))
        self.cjk = [tuple(r) for r in sorted(CJK_RANGES)]
        # Combining marks that are not Mn keep their place in the word.
        self.marks = {c: unicodedata.combining(chr(c)) for c in ALL
                      if unicodedata.combining(chr(c)) and category(c) != "Mn"}
        self.folds = {}
        strip_continue, strip_break = [], []
        for c in ALL:
            if HANGUL_FIRST <= c <= HANGUL_LAST:
                continue
            folded = fold(c)
            if folded == chr(c):
                continue
            if folded:
                self.folds[c] = folded
            elif all(unicodedata.combining(ch) for ch in decomposed(c)):
                strip_continue.append(c)
            else:
                strip_break.append(c)
        self.strip_continue = ranges(strip_continue)
        self.strip_break = ranges(strip_break)
        self._sets = {name: {c for first, last in getattr(self, name) for c in range(first, last + 1)}
                      for name in ("dropped", "space", "punct", "strip_continue", "strip_break")}

    def has(self, name, code):
        return code in self._sets[name]

    def fold_of(self, code):
        """The fold of one code point as the C code computes it."""
        if HANGUL_FIRST <= code <= HANGUL_LAST:
            return hangul_fold(code)
        if self.has("strip_continue", code) or self.has("strip_break", code):
            return ""
        return self.folds.get(code, chr(code))


def check_structure(t):
    """The properties of the data that beex_tokenize() relies on."""
    for c in ALL:
        d = decomposed(c)
        kept = fold(c)
        assert t.fold_of(c) == kept, hex(c)
        classes = [unicodedata.combining(ch) for ch in d]
        if c in t.marks:
            # A kept mark is its own fold, and the only way a mark enters a
            # word from a code point with no class-0 character before it.
            assert d == chr(c) and not is_punctuation(c) and not is_cjk(c), hex(c)
            continue
        if not kept:
            continue
        # Otherwise the fold starts with a class-0 character: the kept marks
        # it may carry (e.g. U+1D15E -> U+1D157 U+1D165) begin a new run, in
        # canonical order already, after the last class-0 character of d.
        assert classes[0] == 0, hex(c)
        last_starter = max(i for i, k in enumerate(classes) if k == 0)
        for i, ch in enumerate(d):
            if ord(ch) in t.marks:
                assert i > last_starter, hex(c)
            elif unicodedata.category(ch) != "Mn":
                assert classes[i] == 0, hex(c)
    for code in t.marks:
        assert not is_punctuation(code) and not t.has("space", code)
    for c in ALL:
        if is_punctuation(c):
            assert unicodedata.combining(chr(c)) == 0
    # Punctuation in a fold has class 0, so it never sits inside a run.
    for c, out in t.folds.items():
        for ch in out:
            assert not (is_punctuation(ord(ch)) and unicodedata.combining(ch))
    # A CJK character is a word of its own: one code point, not punctuation.
    for first, last in t.cjk:
        for c in range(first, last + 1):
            out = t.fold_of(c)
            assert len(out) == 1 and not is_punctuation(ord(out)), hex(c)
            assert unicodedata.combining(out) == 0 and ord(out) not in t.marks
    # The categories are disjoint, tested in the C code's order.
    for c in ALL:
        assert not (t.has("space", c) and is_cjk(c)), hex(c)
        assert not (t.has("dropped", c) and is_cjk(c)), hex(c)
    for first, last in t.space:
        for c in range(first, last + 1):
            assert chr(c).isspace(), hex(c)
    for c in range(HANGUL_FIRST, HANGUL_LAST + 1):
        assert hangul_fold(c) == fold(c), hex(c)
    # tokenize.c answers for ASCII without the tables.
    for c in range(0x80):
        assert t.has("dropped", c) == ((c < 0x20 and chr(c) not in "\t\n\r") or c == 0x7F)
        assert t.has("space", c) == (chr(c) in " \t\n\r"), hex(c)
        assert t.fold_of(c) == chr(c + 32 if 0x41 <= c <= 0x5A else c), hex(c)
        assert c not in t.marks


def model_fold_word(t, word):
    """The C algorithm's fold of one whitespace-free word: per code point,
    kept marks sorted into their run by class (stable)."""
    out, run_start = [], 0
    for ch in word:
        c = ord(ch)
        if c in t.marks:
            pos = len(out)
            while pos > run_start and t.marks[ord(out[pos - 1])] > t.marks[c]:
                pos -= 1
            out.insert(pos, ch)
            continue
        if t.has("strip_continue", c):
            continue
        for o in t.fold_of(c):
            out.append(o)
            if ord(o) not in t.marks:
                run_start = len(out)
        if not t.fold_of(c):
            run_start = len(out)
    return "".join(out)


def reference_fold_word(word):
    d = unicodedata.normalize("NFD", word.lower())
    return "".join(ch for ch in d if unicodedata.category(ch) != "Mn")


def check_words(t, seed=1):
    """The per-code-point fold against Python's word fold: every code point
    alone, then random words rich in combining marks."""
    for c in ALL:
        if c == 0x03A3 or t.has("dropped", c) or t.has("space", c):
            continue
        assert model_fold_word(t, chr(c)) == reference_fold_word(chr(c)), hex(c)
    rng = random.Random(seed)
    combining = [c for c in ALL if unicodedata.combining(chr(c))]
    zero_marks = [c for c in ALL if category(c) == "Mn" and not unicodedata.combining(chr(c))]
    letters = [c for c in range(0x20, 0x3000) if category(c)[0] in "LNS" and c != 0x03A3]
    letters += [0x1D15E, 0x1D160, 0x1D1BB, 0x0F73, 0x0F75, 0x0F81, 0x0130, 0x1E9E, 0xFB01]
    letters += list(range(HANGUL_FIRST, HANGUL_FIRST + 40))
    marks = list(t.marks)
    pools = [letters, combining, zero_marks, marks, marks]
    for _ in range(200000):
        word = "".join(chr(rng.choice(rng.choice(pools))) for _ in range(rng.randint(1, 8)))
        if any(t.has("dropped", ord(ch)) or t.has("space", ord(ch)) or is_cjk(ord(ch))
               for ch in word):
            continue
        got, want = model_fold_word(t, word), reference_fold_word(word)
        assert got == want, (word.encode("unicode_escape"), got.encode("unicode_escape"),
                             want.encode("unicode_escape"))


def c_ranges(name, rows, what):
    lines = [f"/* {what} */", f"static const beex_unicode_range {name}[{len(rows)}] = {{"]
    items = [f"{{0x{a:04X}, 0x{b:04X}}}" for a, b in rows]
    lines += wrap(items, "    ")
    lines.append("};")
    return lines


def wrap(items, indent, width=80):
    lines, line = [], indent
    for item in items:
        piece = item + ","
        if len(line) + len(piece) + 1 > width and line.strip():
            lines.append(line.rstrip())
            line = indent
        line += piece + " "
    if line.strip():
        lines.append(line.rstrip())
    return lines


def render(t):
    version = unicodedata.unidata_version
    keys = sorted(t.folds)
    pool, offsets = bytearray(), [0]
    for k in keys:
        pool += t.folds[k].encode("utf-8")
        offsets.append(len(pool))
    assert len(pool) < 65536
    marks = sorted(t.marks)
    banner = "unicode_data.h - Character tables of beex_tokenize()"
    out = [
        f"/*===- {banner} " + "-" * (59 - len(banner)) + "*- C -*-===*\\",
        "|*" + " " * 76 + "*|",
        "|* Part of the beex project, under the Apache License v2.0 with LLVM          *|",
        "|* Exceptions.                                                                *|",
        "|* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception                    *|",
        "|*" + " " * 76 + "*|",
        "|*===" + "-" * 70 + "===*|",
        "|*" + " " * 76 + "*|",
        f"|* Generated by runtime/tools/gen_unicode_data.py from Unicode {version}; do not".ljust(78)
        + "*|",
        "|* edit. Included by tokenize.c only.".ljust(78) + "*|",
        "|*" + " " * 76 + "*|",
        "\\*===" + "-" * 70 + "===*/",
        "",
        "/*",
        " * The definitions are those of python/beex/tokenizer.py (see the",
        " * generator's docstring). Range tables are sorted and disjoint, for binary",
        " * search. Folding lower-cases a code point, decomposes it (NFD) and drops",
        " * the nonspacing marks (Mn); code points whose fold is themselves are in no",
        " * table, Hangul syllables fold in code.",
        " */",
        "",
        "#ifndef BEEX_RUNTIME_SRC_UNICODE_DATA_H",
        "#define BEEX_RUNTIME_SRC_UNICODE_DATA_H",
        "",
        "#include <stdint.h>",
        "",
        "/* clang-format off */",
        "",
        f'#define BEEX_UNICODE_VERSION "{version}"',
        "",
        "typedef struct beex_unicode_range {",
        "  uint32_t first, last; /* inclusive */",
        "} beex_unicode_range;",
        "",
    ]
    out += c_ranges("beex_unicode_dropped", t.dropped,
                    "Removed before anything else: U+0000, U+FFFD, and Cc and Cf except\n"
                    "   tab, line feed and carriage return.")
    out.append("")
    out += c_ranges("beex_unicode_space", t.space,
                    "Whitespace, which ends a word: space, tab, LF, CR, Zs, and the line and\n"
                    "   paragraph separators that Python's str.split() also splits at.")
    out.append("")
    out += c_ranges("beex_unicode_punct", t.punct,
                    "Punctuation, a word of its own: ASCII 33-47, 58-64, 91-96, 123-126 and\n"
                    "   every P* category. Tested on folded code points.")
    out.append("")
    out += c_ranges("beex_unicode_cjk", t.cjk,
                    "CJK ideographs, a word of their own (tokenizer.py's _is_cjk).")
    out.append("")
    out += c_ranges("beex_unicode_strip_continue", t.strip_continue,
                    "Code points that fold to nothing and whose decomposition has only\n"
                    "   combining marks (class != 0): a run of marks goes on across them.")
    out.append("")
    out += c_ranges("beex_unicode_strip_break", t.strip_break,
                    "Code points that fold to nothing but decompose to a class-0 character:\n"
                    "   they end a run of marks.")
    out.append("")
    out.append("/* The combining marks that are not Mn, so survive the fold, and their")
    out.append("   canonical combining classes: NFD sorts them within their run. */")
    out.append(f"#define BEEX_UNICODE_MARK_COUNT {len(marks)}")
    out.append("static const uint32_t beex_unicode_mark_codes[BEEX_UNICODE_MARK_COUNT] = {")
    out += wrap([f"0x{c:04X}" for c in marks], "    ")
    out.append("};")
    out.append("static const uint8_t beex_unicode_mark_classes[BEEX_UNICODE_MARK_COUNT] = {")
    out += wrap([str(t.marks[c]) for c in marks], "    ")
    out.append("};")
    out.append("")
    out.append("/* The folds that are neither the code point itself nor empty: code point")
    out.append("   beex_unicode_fold_codes[i] folds to the UTF-8 bytes")
    out.append("   [beex_unicode_fold_offsets[i], beex_unicode_fold_offsets[i + 1]) of")
    out.append("   beex_unicode_fold_bytes. */")
    out.append(f"#define BEEX_UNICODE_FOLD_COUNT {len(keys)}")
    out.append("static const uint32_t beex_unicode_fold_codes[BEEX_UNICODE_FOLD_COUNT] = {")
    out += wrap([f"0x{c:04X}" for c in keys], "    ")
    out.append("};")
    out.append("static const uint16_t beex_unicode_fold_offsets[BEEX_UNICODE_FOLD_COUNT + 1] = {")
    out += wrap([str(o) for o in offsets], "    ")
    out.append("};")
    out.append(f"static const unsigned char beex_unicode_fold_bytes[{len(pool)}] = {{")
    out += wrap([f"0x{b:02X}" for b in pool], "    ")
    out.append("};")
    out.append("")
    out.append("/* clang-format on */")
    out.append("")
    out.append("#endif /* BEEX_RUNTIME_SRC_UNICODE_DATA_H */")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="fail if the header differs from what would be generated")
    parser.add_argument("-o", "--output", default=OUTPUT)
    args = parser.parse_args()
    tables = Tables()
    check_structure(tables)
    check_words(tables)
    text = render(tables)
    if args.check:
        with open(args.output, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit(f"{args.output} is out of date: run {sys.argv[0]}")
        print(f"{args.output} is up to date (Unicode {unicodedata.unidata_version})")
        return
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {args.output}: {len(tables.folds)} folds, Unicode {unicodedata.unidata_version}")


if __name__ == "__main__":
    main()
