"""The published order and formats: one sorted N-Triples graph, written in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from prestatiegraaf import serialize
from prestatiegraaf.publish.files import Staging, write_files
from prestatiegraaf.serialize import (
    canonical_ntriples,
    jsonld_from_ntriples,
    line_count,
    merge_part_files,
    merged_ntriples,
    sorted_part,
    trig_from_ntriples,
    turtle_from_ntriples,
    write_formats,
    write_merged_ntriples,
)

EX = "https://example.org/"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _nt(*lines: str) -> bytes:
    return "".join(line + "\n" for line in lines).encode()


def test_lines_are_unique_sorted_by_subject_with_types_first() -> None:
    chunks = [
        _nt(f'<{EX}a/b> <{EX}p> "z" .', f"<{EX}a> <{EX}q> <{EX}a/b> ."),
        _nt(f'<{EX}a> <{EX}p> "1" .', f"<{EX}a> {TYPE} <{EX}Thing> ."),
        _nt(f'<{EX}a> <{EX}p> "1" .'),  # the same triple from another document
    ]
    assert canonical_ntriples(chunks).decode().splitlines() == [
        f"<{EX}a> {TYPE} <{EX}Thing> .",  # rdf:type first, though <http://www.w3...> sorts later
        f'<{EX}a> <{EX}p> "1" .',
        f"<{EX}a> <{EX}q> <{EX}a/b> .",
        f'<{EX}a/b> <{EX}p> "z" .',  # an IRI sorts before its extensions
    ]


def test_order_markers_never_change_literals() -> None:
    text = f"x> {TYPE} y"  # holds both byte sequences the sort rewrites
    line = f'<{EX}s> <{EX}p> "{text}" .'
    merged = canonical_ntriples([_nt(line)])
    assert merged == _nt(line)
    parsed = next(iter(ox.parse(input=merged, format=ox.RdfFormat.N_TRIPLES)))
    assert parsed.object.value == text


@pytest.mark.parametrize("block", [1, 2, 3, 65_536])
def test_sorted_parts_merge_to_the_canonical_graph(
    block: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parts sorted where they are made merge to the same bytes, duplicates across parts and
    across the merge's output blocks removed."""
    monkeypatch.setattr(serialize, "_BLOCK", block)
    lines = [f'<{EX}{n % 7}> <{EX}p{n % 3}> "{n}" .' for n in range(40)]
    lines += [f"<{EX}{n}> {TYPE} <{EX}Thing> ." for n in range(7)]
    parts = [_nt(*lines[start::3], *lines[:5]) for start in range(3)]  # the first five in all
    whole = canonical_ntriples([_nt(*lines)])
    assert sorted_part(parts[0]) != parts[0]  # the merge form is not N-Triples
    assert merged_ntriples(sorted_part(p) for p in parts) == whole
    assert write_merged_ntriples((sorted_part(p) for p in parts), tmp_path / "g.nt") == len(lines)
    assert (tmp_path / "g.nt").read_bytes() == whole
    assert whole.decode().splitlines()[:2] == [f"<{EX}0> {TYPE} <{EX}Thing> .",
                                               f'<{EX}0> <{EX}p0> "0" .']  # fmt: skip


@pytest.mark.parametrize("apart", [False, True])
def test_part_files_merge_here_or_in_a_child_process(apart: bool, tmp_path: Path) -> None:
    lines = [f'<{EX}{n % 5}> <{EX}p> "{n}" .' for n in range(30)]
    files = []
    for start in range(3):
        files.append(tmp_path / f"{start}.part")
        files[-1].write_bytes(sorted_part(_nt(*lines[start::3], *lines[:4])))
    out = tmp_path / "g.nt"
    assert merge_part_files(files, out, apart=apart) == len(lines)
    assert out.read_bytes() == canonical_ntriples([_nt(*lines)])


@pytest.mark.parametrize("apart", [False, True])
def test_a_missing_part_stops_the_merge_with_its_name(apart: bool, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="gone.part"):
        merge_part_files([tmp_path / "gone.part"], tmp_path / "g.nt", apart=apart)


def test_empty_graph() -> None:
    assert canonical_ntriples([b"", b"\n"]) == b""
    assert line_count(b"") == 0


def test_every_format_holds_the_same_graph_in_the_same_order(tmp_path: Path) -> None:
    graph = canonical_ntriples(
        [
            _nt(
                f'<{EX}b> <{EX}p> "2\\nregels ;\\n\\ta ."@nl .',  # line breaks in a literal
                f"<{EX}a> {TYPE} <{EX}Thing> .",
                f"<{EX}a> <{EX}p> <{EX}b> .",
            )
        ]
    )
    source = tmp_path / "g.nt"
    source.write_bytes(graph)
    write_formats(source, lambda name: tmp_path / name, f"{EX}graph", "g")
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert sorted(files) == ["g.jsonld", "g.nt", "g.trig", "g.ttl"]  # no temporary file left
    turtle = files["g.ttl"].decode()
    assert turtle.index(f"<{EX}a> a <{EX}Thing>") < turtle.index(f"<{EX}b> <{EX}p>")
    expected = set(ox.parse(input=graph, format=ox.RdfFormat.N_TRIPLES))
    assert set(ox.parse(input=files["g.ttl"], format=ox.RdfFormat.TURTLE)) == expected
    assert files["g.trig"] == trig_from_ntriples(graph, f"{EX}graph")
    quads = list(ox.parse(input=files["g.trig"], format=ox.RdfFormat.TRIG))
    assert {q.graph_name for q in quads} == {ox.NamedNode(f"{EX}graph")}
    assert {ox.Quad(q.subject, q.predicate, q.object) for q in quads} == expected
    nodes = json.loads(files["g.jsonld"])["@graph"]
    assert [node["@id"] for node in nodes] == [f"{EX}a", f"{EX}b"]
    assert set(ox.parse(input=files["g.jsonld"], format=ox.RdfFormat.JSON_LD)) == expected
    assert turtle_from_ntriples(graph) == files["g.ttl"]


@pytest.mark.parametrize("read", [1, 7, 64, 1 << 22])
def test_formats_streamed_in_blocks_equal_those_made_in_memory(
    read: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serialize, "_READ", read)
    graph = canonical_ntriples(
        [
            _nt(
                f"<{EX}a> {TYPE} <{EX}Thing> .",
                f'<{EX}a> <{EX}p> "een .\\nregel" .',  # an escaped line break before " ."
                f"<{EX}b> <{EX}p> <{EX}a> .",
                f'<{EX}c> <{EX}p> "x"@nl .',
                f'<{EX}c> <{EX}q> "y" .',
            )
        ]
    )
    source = tmp_path / "g.nt"
    source.write_bytes(graph)
    write_formats(source, lambda name: tmp_path / name, f"{EX}graph", "g")
    turtle, trig = (tmp_path / "g.ttl").read_bytes(), (tmp_path / "g.trig").read_bytes()
    prefixes, body = turtle.split(b"\n\n", 1)
    assert prefixes.splitlines() == sorted(prefixes.splitlines())
    assert body.decode() == (
        f'<{EX}a> a <{EX}Thing> ;\n\t<{EX}p> "een .\\nregel" .\n\n'
        f"<{EX}b> <{EX}p> <{EX}a> .\n\n"
        f'<{EX}c> <{EX}p> "x"@nl ;\n\t<{EX}q> "y" .\n'
    )
    indented = "".join(
        "\t" + line if line.strip() else line for line in body.decode().splitlines(True)
    )
    assert trig.decode() == f"{prefixes.decode()}\n\n<{EX}graph> {{\n{indented}}}\n"
    assert turtle == turtle_from_ntriples(graph)
    assert trig == trig_from_ntriples(graph, f"{EX}graph")
    assert (tmp_path / "g.jsonld").read_bytes() == jsonld_from_ntriples(graph)


def test_staged_files_appear_all_at_once_or_not_at_all(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_files({"a.ttl": b"old a", "b.ttl": b"old b"}, out)
    with pytest.raises(RuntimeError), Staging(out) as staging:
        staging.write("a.ttl", b"new a")
        staging.path("b.ttl").write_bytes(b"new b")
        raise RuntimeError("the build failed half-way")
    assert (out / "a.ttl").read_bytes() == b"old a"
    assert sorted(p.name for p in out.iterdir()) == ["a.ttl", "b.ttl"]  # no staging folder left
    with Staging(out) as staging:
        staging.path("b.ttl").write_bytes(b"new b")
        staging.write("a.ttl", b"new a")
        assert staging.commit() == [out / "b.ttl", out / "a.ttl"]
    assert (out / "b.ttl").read_bytes() == b"new b"
