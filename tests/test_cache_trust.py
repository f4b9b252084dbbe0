"""The build cache is data, not code: planted or tampered entries are never run, only rebuilt."""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from prestatiegraaf import cache
from prestatiegraaf.pipeline import BuildOptions, build

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


class Planted:
    """Creates a file when unpickled, as a planted pickle would run any code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return open, (str(self.marker), "w")


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A key folder of this test's own, outside the output folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "keys"))
    cache.cache_secret.cache_clear()
    yield tmp_path / "keys" / "prestatiegraaf" / "cache.key"
    cache.cache_secret.cache_clear()  # the next test reads its own key


def _build(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    build(BuildOptions(manifest=tmp_path / "corpus" / "manifest.csv", out_dir=out))
    return out


def test_a_planted_pickle_is_never_run(tmp_path: Path, keys: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "corpus")
    out = _build(tmp_path)
    assert keys.is_file() and keys.stat().st_mode & 0o777 == 0o600
    published = (out / "prestaties.ttl").read_bytes()
    entries = sorted((out / ".cache").glob("*.pickle"))
    assert len(entries) == 3
    marker = tmp_path / "ran"
    for entry in entries:
        entry.write_bytes(pickle.dumps(Planted(marker)))
    (tmp_path / "corpus" / "000_048e71227b56a148.txt").touch()  # a new build, same content
    assert _build(tmp_path) == out
    assert not marker.exists()
    assert (out / "prestaties.ttl").read_bytes() == published


def test_a_tampered_part_is_made_again(tmp_path: Path, keys: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "corpus")
    out = _build(tmp_path)
    published = (out / "prestaties.ttl").read_bytes()
    injected = b'<https://example.org/x> <https://example.org/p> "planted" .\n'
    parts = [p for p in (out / ".cache").glob("*.nt") if not p.name.startswith("made-")]
    assert len(parts) == 3
    for part in parts:
        part.write_bytes(part.read_bytes() + injected)
    (out / ".cache" / "published-graph.record").unlink()
    _build(tmp_path)
    assert b"planted" not in (out / "prestaties.ttl").read_bytes()
    assert (out / "prestaties.ttl").read_bytes() == published


def test_an_entry_signed_with_another_key_is_foreign(tmp_path: Path, keys: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "corpus")
    out = _build(tmp_path)
    entry = sorted((out / ".cache").glob("*.pickle"))[0]
    part = entry.with_suffix(".nt")
    assert cache.read_entry(entry, object, part) is not None
    keys.write_bytes(b"k" * 32)
    cache.cache_secret.cache_clear()
    assert cache.read_entry(entry, object, part) is None
