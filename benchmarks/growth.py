"""Time and memory against input size: one file of many actions, one document of many sections.

One file of 100 to 10,000 actions, one document of 1 to 1,000 sections; each size is read,
extracted and mapped in a fresh child process.

    python benchmarks/growth.py

Prints seconds and peak memory per size and the exponent of the fitted power law between the
smallest and the largest size (1.0 is linear growth).
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

SECTION = Path(__file__).resolve().parent.parent / "examples" / "001_e4d768af5dac0265.txt"


def actions_file(folder: Path, count: int) -> Path:
    """One section whose Acties list ``count`` numbered actions with a target each."""
    lines = ["5.2.1 Kiezen, leren en werken in de techniek", "", "Acties", ""]
    lines += [f"{n}. Wij steunen project {n} met als doel 40% instroom in 2020." for n in
              range(1, count + 1)]  # fmt: skip
    path = folder / f"begroting-2019-{count}.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sections_file(folder: Path, count: int) -> Path:
    """One document of ``count`` different sections (the web seed under other codes)."""
    body = SECTION.read_text(encoding="utf-8").split("\n", 1)[1]
    parts = [f"{1 + n // 100}.{1 + n // 10 % 10}.{1 + n % 10} Prestatie {n}\n{body}"
             for n in range(count)]  # fmt: skip
    path = folder / f"monitor-2019-i-{count}.txt"
    path.write_text("\n\n".join(parts), encoding="utf-8")
    return path


def measure(path: str, queue: multiprocessing.Queue[tuple[float, float, int]]) -> None:
    """In a child: read, extract and map ``path``; report seconds, peak MB and triples."""
    from prestatiegraaf.extract.extracted import extract_document
    from prestatiegraaf.graph.document_part import document_triples
    from prestatiegraaf.graph.iris import IriMinter
    from prestatiegraaf.sources import load_source

    start = time.perf_counter()
    extracted = extract_document(load_source(Path(path)))
    triples = len(document_triples(extracted, IriMinter("https://example.org/pg")).items)
    seconds = time.perf_counter() - start
    queue.put((seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, triples))


def run(path: Path) -> tuple[float, float, int]:
    """Seconds, peak memory (MB) and triples of one size, in a fresh process."""
    context = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[tuple[float, float, int]] = context.Queue()
    child = context.Process(target=measure, args=(str(path), queue))
    child.start()
    found = queue.get()
    child.join()
    return found


def series(name: str, sizes: list[int], make: object, folder: Path) -> None:
    """Measure every size of one series and print its rows and exponent."""
    rows = [(size, *run(make(folder, size))) for size in sizes]  # type: ignore[operator]
    for size, seconds, memory, triples in rows:
        print(f"{name:9} {size:>7,} {triples:>10,} {seconds:>9.2f} {memory:>8.0f}")
    (small, t0, _, _), (large, t1, _, _) = rows[0], rows[-1]
    exponent = math.log(t1 / t0) / math.log(large / small) if t0 > 0 else float("nan")
    print(f"{name:9} time grows with exponent {exponent:.2f} from {small:,} to {large:,}")


def main(argv: list[str] | None = None) -> int:
    """Run both series."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--largest", type=int, default=10_000, help="most actions")
    args = parser.parse_args(argv)
    print(f"{'series':9} {'size':>7} {'triples':>10} {'seconds':>9} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        actions = [100, 1_000, args.largest]
        series("actions", actions, actions_file, folder)
        series("sections", [1, 10, 100, 1_000], sections_file, folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
