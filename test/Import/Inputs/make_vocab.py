#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Writes DIR/vocab.txt: the 4 specials and word pieces up to --size lines,
then applies one defect, for the importer's vocabulary tests."""

import argparse
import os

parser = argparse.ArgumentParser()
parser.add_argument("dir")
parser.add_argument("--size", type=int, default=20)
parser.add_argument("--defect", choices=["short", "duplicate", "no-cls", "bad-utf8", "empty"])
args = parser.parse_args()

pieces = [b"[PAD]", b"[UNK]", b"[CLS]", b"[SEP]"]
pieces += [b"w%d" % i if i % 2 else b"##w%d" % i for i in range(args.size - len(pieces))]
if args.defect == "short":
    pieces.pop()
elif args.defect == "duplicate":
    pieces[7] = pieces[5]
elif args.defect == "no-cls":
    pieces[2] = b"[KLS]"
elif args.defect == "bad-utf8":
    pieces[9] = b"caf\xe9"
elif args.defect == "empty":
    pieces[6] = b""
with open(os.path.join(args.dir, "vocab.txt"), "wb") as f:
    f.write(b"\n".join(pieces) + b"\n")
