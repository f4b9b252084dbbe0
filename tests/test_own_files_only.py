"""A build deletes only what it made itself: a user's own files in its output folder stay."""

from __future__ import annotations

import shutil
from pathlib import Path

from prestatiegraaf.pipeline import BuildOptions, build

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_a_users_own_working_folders_and_cache_files_stay(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in (".parts-mine", ".staging-mine"):
        (out / name).mkdir()
        (out / name / "notes.txt").write_text("mine")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.nt").write_text("<a:b> <a:c> <a:d> .\n")
    (out / ".cache").symlink_to(elsewhere)
    build(BuildOptions(manifest=EXAMPLES / "manifest.csv", out_dir=out))
    build(BuildOptions(manifest=EXAMPLES / "manifest.csv", out_dir=out))
    assert (out / ".parts-mine" / "notes.txt").read_text() == "mine"
    assert (out / ".staging-mine" / "notes.txt").read_text() == "mine"
    assert (elsewhere / "notes.nt").is_file()
    assert (out / "prestaties.ttl").is_file()


def test_folders_left_by_a_stopped_build_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(BuildOptions(manifest=EXAMPLES / "manifest.csv", out_dir=out))
    left = out / ".staging-stopped"
    left.mkdir()
    (left / ".made-by-prestatiegraaf").touch()
    (left / "prestaties.ttl").write_text("half")
    shutil.copytree(left, out / ".parts-stopped")
    build(BuildOptions(manifest=EXAMPLES / "manifest.csv", out_dir=out))
    assert not left.exists() and not (out / ".parts-stopped").exists()
