#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Writes the seed corpora of fuzz/corpus/ from the test inputs:

- checkpoint/: config.json, a NUL byte, model.safetensors, for checkpoints of
  test/Import/Inputs/make_checkpoint.py covering every config choice and
  storage type (fuzz/checkpoint.cpp's input format);
- beex-file/: the same checkpoints imported by beex-import;
- ir/: the beex IR of the dialect and transform tests, split at `// -----`,
  the hand-written example model, and one translated model;
- tokenize/: short sentences (SST-2-like English, accents, other scripts,
  emoji, control characters, invalid UTF-8), each after the two bytes that
  pick fuzz/tokenize.cpp's capacity and vocabulary.

The runtime fuzzer's seeds are inputs it found itself (FuzzedDataProvider
choices have no readable form), kept by scripts/fuzz.sh --merge.

    /usr/bin/python3 fuzz/make_corpus.py [--build build] [--targets tokenize ...]
"""
import argparse
import os
import shutil
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAKE_CHECKPOINT = os.path.join(ROOT, "test", "Import", "Inputs", "make_checkpoint.py")

VARIANTS = {
    "base": [],
    "f16": ["--storage", "F16"],
    "bf16": ["--storage", "BF16"],
    "shared": ["--set", "share_block_weights=true", "--set", "num_hidden_layers=3"],
    "alpha": ["--alpha", "blocks.0.attention.query.weight=8",
              "--alpha", "blocks.1.slfn.gate.fc2.weight=1"],
    "int8-local": ["--set", 'activations="int8"',
                   "--set", 'attention_pattern={"type": "local", "window": 1}'],
    "binary-strided": ["--set", 'activations="binary"', "--set", 'pooling="cls"',
                       "--set", 'attention_pattern={"type": "strided", "stride": 2}'],
    "block-sparse": ["--set", 'attention_pattern={"type": "block_sparse", "block": 2, '
                              '"band": 0, "global": [0, 3]}'],
    "entropy-below": ["--set", 'exit_policy={"type": "entropy_below", "threshold": 0.3, '
                               '"min_layer": 2}'],
    "patience": ["--set", 'exit_policy={"type": "patience", "patience": 2}',
                 "--set", "num_hidden_layers=3"],
    "no-exit": ["--set", 'exit_policy={"type": "none"}', "--set", "embedding_layer_norm=false",
                "--set", 'weight_scale="none"'],
    "per-tensor": ["--set", 'weight_scale="per_tensor"', "--set", "num_labels=3",
                   "--set", "hidden_size=6", "--set", "num_attention_heads=3",
                   "--set", "intermediate_size=5"],
    "wide": ["--set", "hidden_size=66", "--set", "num_attention_heads=2",
             "--set", "intermediate_size=3", "--set", "num_hidden_layers=1",
             "--set", "vocab_size=3", "--set", "max_position_embeddings=2"],
    "truncated": ["--truncate", "300"],
    "bad-header": ["--header-text", '{"a": {"dtype": "F32", "shape": [1], '
                                    '"data_offsets": [0, 4]}}'],
}


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def checkpoint_seeds(build, out):
    with tempfile.TemporaryDirectory() as work:
        for name, options in VARIANTS.items():
            folder = os.path.join(work, name)
            subprocess.run(["/usr/bin/python3", MAKE_CHECKPOINT, folder] + options, check=True)
            with open(os.path.join(folder, "config.json"), "rb") as f:
                config = f.read()
            with open(os.path.join(folder, "model.safetensors"), "rb") as f:
                weights = f.read()
            write(os.path.join(out, "checkpoint", name), config + b"\0" + weights)
            beex = os.path.join(work, name + ".beex")
            imported = subprocess.run([os.path.join(build, "bin", "beex-import"), folder,
                                       "-o", beex], capture_output=True)
            if imported.returncode == 0:
                shutil.copy(beex, os.path.join(out, "beex-file", name + ".beex"))
                if name == "wide":
                    mlir = subprocess.run(
                        [os.path.join(build, "bin", "beex-translate"), "--import-beex", beex],
                        check=True, capture_output=True).stdout
                    write(os.path.join(out, "ir", "translated-wide.mlir"), mlir)


def ir_seeds(out):
    sources = [os.path.join("test", "Dialect", "Beex", name)
               for name in ("ops.mlir", "invalid.mlir", "canonicalize.mlir", "model.mlir")]
    sources += [os.path.join("test", "Transforms", name)
                for name in ("pack-weights.mlir", "expand-math.mlir")]
    sources.append(os.path.join("examples", "tiny", "model.mlir"))
    for source in sources:
        with open(os.path.join(ROOT, source), "rb") as f:
            pieces = f.read().split(b"\n// -----\n")
        stem = source.replace(os.sep, "-")[:-len(".mlir")]
        for index, piece in enumerate(pieces):
            suffix = f"-{index}" if len(pieces) > 1 else ""
            write(os.path.join(out, "ir", f"{stem}{suffix}.mlir"), piece)


# fuzz/tokenize.cpp's header: capacity byte % 81, vocabulary byte % 3.
# "P" is capacity 80; "R", "S", "T", "U", "Z" are 1, 2, 3, 4, 9.
TOKENIZE_SEEDS = {
    "sst2-charming": b"P0it 's a charming and often affecting journey . ",
    "sst2-bleak": b"P0unflinchingly bleak and desperate ",
    "sst2-nolan": b"P0allows us to hope that nolan is poised to embark a major career "
                  b"as a commercial yet inventive filmmaker . ",
    "sst2-acting": b"P0the acting , costumes , music , cinematography and sound are all "
                   b"astounding given the production 's austere locales . ",
    "sst2-slow": b"P0it 's slow -- very , very slow . ",
    "sst2-tedious": b"P1a sometimes tedious film . ",
    "shouting": b"P0The movie was GREAT!!! 10/10, would watch again :)",
    "hated": b"P1I hated it. Worst. Film. Ever. $5 @home 100% ~meh~ `quoted` |pipe|",
    "wordpiece": b"P0unwanted worlds, hello world; unwantedly",
    "greedy": b"P0aaaaaaaaaaaa aaaaaaaaaaaaaaaaaaaaa",
    "word-100": b"P0" + b"a" * 100,
    "word-101": b"P0" + b"a" * 101,
    "specials-as-text": b"P0[CLS] [SEP] [UNK] [PAD] ## ###",
    "accents": "P0Caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u2014 d\u00e9j\u00e0 vu, H\u00c9LLO".encode(),
    "combining": "P0He\u0301llo e\u0301\u0301\u0301 \u034fx a\u0308\u0323".encode(),
    "dotted-i": "P0\u0130stanbul \u0130T \u0131".encode(),
    "greek": "P1\u03a3\u0391\u039b\u0391 \u03c3\u03b1\u03c2 \u039a\u0391\u039b\u0397 "
             "\u1f48\u0394\u03a5\u03a3\u03a3\u0395\u038e\u03a3".encode(),
    "latin": "P0Stra\u00dfe \u00d8rsted \u00e6ble a\u00f8 \u00f8a z\u00f8 \u01c4\u01c5\u01c6".encode(),
    "cyrillic": "P0\u043a\u0438\u043d\u043e \u0416\u0438\u0437\u043d\u044c \u0416\u0416".encode(),
    "japanese": "P0\u65e5\u672c\u8a9e\u306e\u6620\u753b\u306f\u9762\u767d\u3044".encode(),
    "chinese": "P1\u6211\u559c\u6b22\u8fd9\u90e8\u7535\u5f71 \u65e5\u672c".encode(),
    "hangul": "P0\ud55c\uad6d \uc601\ud654 \uac00\ub098 \uac01\uac00".encode(),
    "fullwidth": "P0\uff48\uff45\uff4c\uff4c\uff4f \uff37\uff2f\uff32\uff2c\uff24 \uff48\uff49".encode(),
    "emoji": "P0great movie \U0001f600\U0001f3ac\U0001f44d\U0001f3fd "
             "\U0001f468\u200d\U0001f469\u200d\U0001f467 family".encode(),
    "marks-reordered": "P0a\U0001d16d\U0001d165 a\U0001d165\U0001d16d \u302ex".encode(),
    "punctuation": "P0\u00abbonjour\u00bb \u00bfqu\u00e9? \u00a1s\u00ed! wait\u2026 5\u20ac "
                   "\u201cquotes\u201d \u2018single\u2019".encode(),
    "controls": b"P0tab\there\nnew\rline\x00nul\x01\x1f\x7f del\x0b\x0c",
    "invisible": "P0zero\u200bwidth\ufeffbom soft\u00adhyphen \ufffd repl".encode(),
    "spaces": "P0nbsp\u00a0ideographic\u3000space\u2028line\u2029para\u1680ogham".encode(),
    "empty": b"P0",
    "spaces-only": b"P0 \t\r\n ",
    "capacity-4": b"U0the movie was great",
    "capacity-2": b"S0hello",
    "capacity-3": b"T0a b c",
    "capacity-1": b"R0hello",
    "capacity-9-cuts-word": b"Z0the unwanted worlds are unwantedly fun",
    "tiny-vocabulary": b"P2a ab b aba abab c [CLS] ba",
    "invalid-latin1": b"P0caf\xe9 cr\xe8me",
    "invalid-bytes": b"P0\xff\xfe bad \x80 lone",
    "invalid-overlong": b"P0\xc0\x80 \xe0\x80\x80 \xf0\x80\x80\x80",
    "invalid-surrogate": b"P0\xed\xa0\x80\xed\xbf\xbf",
    "invalid-past-10ffff": b"P0\xf4\x90\x80\x80 \xf5\x80\x80\x80",
    "invalid-truncated": b"P0truncated \xe6\x97",
    "edges-valid": "P0\u0080\u07ff\u0800\ud7ff\ue000\uffff\U00010000\U0010ffff".encode(),
}


def tokenize_seeds(out):
    for name, data in TOKENIZE_SEEDS.items():
        write(os.path.join(out, "tokenize", name), data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--out", default=os.path.join(ROOT, "fuzz", "corpus"))
    parser.add_argument("--targets", nargs="+", default=["checkpoint", "ir", "tokenize"],
                        choices=["checkpoint", "ir", "tokenize"],
                        help="checkpoint also writes beex-file (default: all)")
    args = parser.parse_args()
    folders = {"checkpoint": ("checkpoint", "beex-file"), "ir": ("ir",),
               "tokenize": ("tokenize",)}
    for target in args.targets:
        for folder in folders[target]:
            shutil.rmtree(os.path.join(args.out, folder), ignore_errors=True)
            os.makedirs(os.path.join(args.out, folder))
    if "checkpoint" in args.targets:
        checkpoint_seeds(os.path.abspath(args.build), args.out)
    if "ir" in args.targets:
        ir_seeds(args.out)
    if "tokenize" in args.targets:
        tokenize_seeds(args.out)


if __name__ == "__main__":
    main()
