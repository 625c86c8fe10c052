"""Cost of the fine-tuned pair encoder (coding/pair_encoder.py) per marked pair, numpy, CPU.

    python benchmarks/bench_pair_encoder.py [--pairs 200] [--repeat 3]

Invented news-style sentences with a marked pair (lengths 8 to 60 words) go through
`PairEncoder.probs` one pair at a time (as `code_pair` asks it) and in batches of 32 (as a
document's candidate pairs would be). Prints milliseconds per pair (best of `--repeat` runs),
the load time and the shipped file's size; beside it, the time of `code_pair` with the encoder
switched off and on (EVENTWATCH_PAIR_ENCODER) on a few of the pairs.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

from eventwatch.coding.pair_encoder import PAIR_ENCODER_PATH, PairEncoder

ACTORS = ["The Ruritanian ministry", "Freedonia's president", "riot police", "the rebel commander",
          "the European Commission", "a delegation of farmers", "the envoy of Sylvania"]
VERBS = ["criticised", "met", "sent aid to", "threatened", "signed a trade pact with", "accused",
         "shelled the positions of", "appealed to"]
TAILS = ["on Tuesday", "after weeks of talks in the capital", "over a disputed border crossing",
         "according to a statement read out by a spokesman late on Friday evening",
         "as thousands gathered outside the parliament building to demand early elections and an "
         "end to the curfew imposed after the floods"]


def pairs(n: int, seed: int = 3) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        a, b = rng.sample(ACTORS, 2)
        tail = " ".join(rng.sample(TAILS, rng.randint(1, 3)))
        out.append((f"{a} {rng.choice(VERBS)} {b.lower() if b[0] != 'F' else b} {tail}.", a,
                    b.lower() if b[0] != "F" else b))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    model = PairEncoder.load()
    print(f"load {time.perf_counter() - t0:.2f} s; {PAIR_ENCODER_PATH.name} "
          f"{PAIR_ENCODER_PATH.stat().st_size / 1e6:.1f} MB")
    ps = pairs(args.pairs)
    for label, bs in (("one pair at a time", 1), ("batches of 32", 32)):
        best = float("inf")
        for _ in range(args.repeat):
            t = time.perf_counter()
            if bs == 1:
                for p in ps:
                    model.probs([p])
            else:
                model.probs(ps, batch_size=bs)
            best = min(best, time.perf_counter() - t)
        print(f"{label}: {1000 * best / len(ps):.2f} ms per pair")
    import eventwatch

    few = ps[:40]
    for flag in ("0", "1"):
        os.environ["EVENTWATCH_PAIR_ENCODER"] = flag
        eventwatch.code_pair(*few[0])  # warm: parser, models
        best = float("inf")
        for _ in range(args.repeat):
            t = time.perf_counter()
            for p in few:
                eventwatch.code_pair(*p)
            best = min(best, time.perf_counter() - t)
        print(f"code_pair, EVENTWATCH_PAIR_ENCODER={flag}: {1000 * best / len(few):.1f} ms per pair")
    return 0


if __name__ == "__main__":
    sys.exit(main())
