# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""results.png: ms per inference against S, log-log; beex solid, what a user
would pick instead dashed, and the attention patterns beside them."""

import matplotlib

matplotlib.use("Agg")  # no display: the bench runs headless
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator  # noqa: E402

from labels import BASELINES, MODES  # noqa: E402


def _series(by_length):
    points = sorted((int(s), ms) for s, ms in by_length.items() if ms)
    return [s for s, _ in points], [ms for _, ms in points]


def plot(r, path):
    figure, (sweep, attention) = plt.subplots(1, 2, figsize=(12, 4.8))
    for mode, label in MODES.items():
        sweep.loglog(*_series(r["beex"][mode]), "o-", label=f"beex {label}")
    for baseline in BASELINES:
        if r["baselines"].get(baseline):
            sweep.loglog(*_series(r["baselines"][baseline]), "s--", label=r["labels"][baseline])
    sweep.set_title(f"D=768 L=12, batch 1, full depth, one core, best of {r['iterations']}")
    for pattern, by_length in r["attention"].items():
        name = r["patterns"][pattern]
        (line,) = attention.loglog(*_series({s: e["ms"] for s, e in by_length.items()}), "o-",
                                   label=f"beex W1A1, {name}: model")
        only = {s: e.get("attention_ms") for s, e in by_length.items()}
        if any(only.values()):
            attention.loglog(*_series(only), "x:", color=line.get_color(),
                             label=f"{name}: attention alone")
    attention.set_title("attention patterns (W1A1)")
    dense_lengths = sorted(int(s) for s in r["attention"]["dense"])
    for axes, lengths in ((sweep, r["lengths"]), (attention, dense_lengths)):
        # Label the measured lengths, and ms at 1, 2, 5 per decade: plain numbers, not 10^n.
        axes.set_xticks(lengths, [str(s) for s in lengths])
        axes.xaxis.set_minor_locator(NullLocator())
        axes.yaxis.set_major_locator(LogLocator(subs=(1, 2, 5)))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        axes.yaxis.set_minor_locator(NullLocator())
        axes.set_xlabel("S (tokens)")
        axes.set_ylabel("ms per inference")
        axes.grid(True, which="both", alpha=0.3)
        axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
