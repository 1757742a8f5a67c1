"""Import benchmark: `frictionmap import` of the largest export (target < 1 s).

For the largest file of the corpus (by bytes; the vendored exports when the
shared corpus is absent), best of `--repeat` runs, in this process after one
warm-up import (imports and lazy imports done):

- `reference`: the bare parse of the same text, `json.loads` for JSON,
  libyaml (`yaml.load(CSafeLoader)`) for YAML, `xml.dom.minidom` for BPMN:
  the floor any tool reading the file pays;
- `import`: read into the neutral graph, structural checks, lowering,
  YAML output and validation by the loader (`importers.import_paths`),
  file reading included.

Prints both in milliseconds, their ratio, and the whole corpus' total.

Usage: PYTHONPATH=src python bench/import.py [--corpus DIR] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).parent.parent


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def reference(path: Path) -> Callable[[], object]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return lambda: json.loads(path.read_text(encoding="utf-8"))
    if path.suffix in (".yaml", ".yml"):
        import yaml

        # CloudFormation tags: the bare parse composes nodes and builds nothing.
        return lambda: yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    if path.suffix == ".bpmn":
        from xml.dom import minidom

        return lambda: minidom.parseString(path.read_text(encoding="utf-8"))
    return lambda: len(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = ROOT.parent / "shared" / "corpus"
    parser.add_argument("--corpus", type=Path, default=default if default.is_dir() else None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from frictionmap.importers import import_paths

    base = args.corpus or ROOT / "tests" / "fixtures" / "exports"
    files = sorted(p for p in base.glob("*/*") if p.suffix in (".json", ".yaml", ".bpmn", ".tf"))
    largest = max(files, key=lambda p: p.stat().st_size)
    import_paths([str(files[0])])  # warm-up: imports done
    parse = best(reference(largest), args.repeat)
    whole = best(lambda: import_paths([str(largest)]), args.repeat)
    print(f"largest export: {largest.name} ({largest.stat().st_size:,} bytes)")
    print(f"  reference parse  {parse * 1000:8.2f} ms")
    print(
        f"  import           {whole * 1000:8.2f} ms  ({whole / parse:.1f}x the parse; "
        f"target < 1000 ms: {'met' if whole < 1 else 'NOT met'})"
    )
    start = time.perf_counter()
    for path in files:
        import_paths([str(path)])
    total = time.perf_counter() - start
    print(f"all {len(files)} exports of {base}: {total * 1000:.0f} ms")


if __name__ == "__main__":
    main()
