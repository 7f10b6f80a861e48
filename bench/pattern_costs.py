"""What each of the parser's regular expressions costs on the generated corpus (issue 14: profile first).

    python -m bench.pattern_costs [--docs 2000] [--seed 1] [--top 30]

cProfile shows one line for all of ``re.Pattern.search``; this names the patterns. Every compiled
pattern at the top level of a ``transforms`` module (alone or in a tuple of patterns) is wrapped
with a timer, the generated minutes are parsed once in this process, and the patterns are printed
by their total time: calls, seconds, microseconds per call. The timers cost about half a
microsecond per call, so the total is an upper bound; the order is what matters. (``finditer``
is timed as it is called, not while its matches are taken.)
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import time
from collections import defaultdict

import transforms
from bench.generate import documents

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class _Timed:
    """A compiled pattern whose calls are counted and timed into ``costs[name + method]``."""

    def __init__(self, name: str, pattern: re.Pattern, costs: dict[str, list]):
        self._name, self._pattern, self._costs = name, pattern, costs

    def __getattr__(self, attribute: str):
        value = getattr(self._pattern, attribute)
        if attribute not in _METHODS:
            return value
        cost = self._costs[f"{self._name}.{attribute}"]

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return value(*args, **kwargs)
            finally:
                cost[0] += 1
                cost[1] += time.perf_counter() - start
        return timed


def instrument(costs: dict[str, list]) -> int:
    """Wrap the patterns of every transforms module (a pattern imported elsewhere keeps its home name)."""
    modules = [importlib.import_module(m.name) for m in pkgutil.walk_packages(transforms.__path__, "transforms.")]
    home: dict[int, str] = {}
    for module in modules:
        for attribute, value in vars(module).items():
            for i, pattern in enumerate(value if isinstance(value, tuple) else (value,)):
                if isinstance(pattern, re.Pattern):
                    suffix = f"[{i}]" if isinstance(value, tuple) else ""
                    home.setdefault(id(pattern), f"{module.__name__.removeprefix('transforms.')}.{attribute}{suffix}")
    wrapped = 0
    for module in modules:
        for attribute, value in list(vars(module).items()):
            if isinstance(value, re.Pattern):
                setattr(module, attribute, _Timed(home[id(value)], value, costs))
                wrapped += 1
            elif isinstance(value, tuple) and value and all(isinstance(p, re.Pattern) for p in value):
                setattr(module, attribute, tuple(_Timed(home[id(p)], p, costs) for p in value))
                wrapped += len(value)
    return wrapped


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()
    if args.docs < 1 or args.top < 1:
        ap.error("--docs and --top must be at least 1")
    corpus = [(g.name, g.data) for g in documents(args.docs, args.seed)]
    costs: dict[str, list] = defaultdict(lambda: [0, 0.0])
    wrapped = instrument(costs)
    start = time.process_time()
    for name, data in corpus:
        try:
            transforms.parse_document(data, name)
        except transforms.DocumentRejected:
            pass
    total = time.process_time() - start
    in_patterns = sum(seconds for _, seconds in costs.values())
    print(f"{len(corpus)} generated documents parsed in {total:.2f} CPU s (with timers); "
          f"{wrapped} patterns, {in_patterns:.2f} s in them")
    print(f"{'pattern.method':58s} {'calls':>9s} {'s':>7s} {'us/call':>8s}")
    for key, (calls, seconds) in sorted(costs.items(), key=lambda kv: -kv[1][1])[:args.top]:
        print(f"{key:58s} {calls:9d} {seconds:7.3f} {1e6 * seconds / calls:8.1f}")


if __name__ == "__main__":
    main()
