"""PathResolver gives what Path.resolve() gives, folder by folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from prestatiegraaf.paths import PathResolver


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("a")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "b.txt").write_text("b")
    (tmp_path / "linked").symlink_to(tmp_path / "real", target_is_directory=True)
    (tmp_path / "real" / "c.txt").symlink_to(tmp_path / "other" / "b.txt")
    return tmp_path


@pytest.mark.parametrize(
    "relative",
    ["real/a.txt", "linked/a.txt", "real/c.txt", "linked/c.txt", "linked/../other/b.txt",
     "real/missing.txt", "real", "."],
)  # fmt: skip
def test_same_as_path_resolve(tree: Path, relative: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    resolver = PathResolver()
    assert resolver(Path(relative)) == Path(relative).resolve()
    assert resolver(tree / relative) == (tree / relative).resolve()


def test_a_file_link_resolves_to_its_target(tree: Path) -> None:
    assert PathResolver()(tree / "linked" / "c.txt") == (tree / "other" / "b.txt").resolve()


def test_folders_are_resolved_once_per_resolver(tree: Path) -> None:
    resolver = PathResolver()
    assert resolver(tree / "linked" / "a.txt") == (tree / "real" / "a.txt").resolve()
    os.rename(tree / "linked", tree / "gone")
    (tree / "linked").symlink_to(tree / "other", target_is_directory=True)
    assert resolver(tree / "linked" / "a.txt") == (tree / "real" / "a.txt").resolve()
    assert PathResolver()(tree / "linked" / "a.txt") == (tree / "other" / "a.txt").resolve()


def test_shown_is_relative_inside_the_working_folder(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree / "linked")
    resolver = PathResolver()
    assert resolver.shown(tree / "real" / "a.txt") == "a.txt"
    assert resolver.shown(Path("a.txt")) == "a.txt"
    assert resolver.shown(tree / "other" / "b.txt") == str(tree / "other" / "b.txt")
    assert resolver.shown(tree / "realm" / "c.txt") == str(tree / "realm" / "c.txt")  # a prefix
    monkeypatch.chdir(tree.anchor)
    root = PathResolver()
    real = (tree / "real" / "a.txt").resolve()
    assert root.shown(tree / "real" / "a.txt") == str(real.relative_to(tree.anchor))
