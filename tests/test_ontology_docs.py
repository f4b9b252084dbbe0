"""The ontology's pages in Dutch and English: every term at its anchor, every text escaped."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.namespaces import PG_IRI, PREFIXES
from prestatiegraaf.publish.jsonld import jsonld_context
from prestatiegraaf.publish.ontology_docs import (
    LANGUAGES,
    PAGES,
    render_ontology_html,
    vocabulary_files,
)
from prestatiegraaf.resources import ontology_dir

OWL, RDFS, SKOS = PREFIXES["owl"], PREFIXES["rdfs"], PREFIXES["skos"]
TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")


class Outline(HTMLParser):
    """The ids of a page, the text of each article's heading, the tags left open, the links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.headings: dict[str, str] = {}
        self.open: list[str] = []
        self.links: list[str] = []
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self._article = ""
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        if tag not in ("meta", "br"):
            self.open.append(tag)
        if found.get("id"):
            self.ids.append(str(found["id"]))
            if tag == "article":
                self._article = str(found["id"])
        if tag == "a":
            self.links.append(str(found.get("href")))
        self._in_heading = self._in_heading or (tag == "h3" and bool(self._article))

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (self.open[-3:], tag)
        self.open.pop()
        if tag == "h3":
            self._in_heading = False

    def handle_data(self, data: str) -> None:
        if self._in_heading:
            self.headings[self._article] = self.headings.get(self._article, "") + data


def _outline(page: str) -> Outline:
    outline = Outline()
    outline.feed(page)
    outline.close()
    assert outline.open == []  # every element closed, in order
    return outline


def _terms() -> dict[str, dict[str, str]]:
    """Each class and property of the ontology: its local name and label by language."""
    store = ox.Store()
    store.bulk_load(path=str(ontology_dir() / "prestatiegraaf.ttl"), format=ox.RdfFormat.TURTLE)
    kinds = [OWL + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty"]
    terms: dict[str, dict[str, str]] = {}
    for kind in kinds:
        for quad in store.quads_for_pattern(None, TYPE, ox.NamedNode(kind)):
            if isinstance(quad.subject, ox.NamedNode) and quad.subject.value.startswith(PG_IRI):
                labels = store.quads_for_pattern(quad.subject, ox.NamedNode(RDFS + "label"), None)
                name = quad.subject.value.removeprefix(PG_IRI)
                terms[name] = {
                    str(label.object.language): label.object.value
                    for label in labels
                    if isinstance(label.object, ox.Literal)
                }
    return terms


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {language: render_ontology_html(ontology_dir(), language) for language in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_term_has_its_anchor_and_label(pages: dict[str, str], language: str) -> None:
    outline = _outline(pages[language])
    terms = _terms()
    assert len(terms) > 70 and all(set(labels) == set(LANGUAGES) for labels in terms.values())
    assert len(outline.ids) == len(set(outline.ids))  # no anchor twice
    for name, labels in terms.items():
        assert name in outline.ids, name
        assert outline.headings[name] == f"{labels[language]} pg:{name}"
    assert f'<html lang="{language}">' in pages[language]


def test_the_pages_differ_by_language_and_link_each_other(pages: dict[str, str]) -> None:
    dutch, english = _outline(pages["nl"]), _outline(pages["en"])
    assert dutch.ids == english.ids
    assert PAGES["en"] in dutch.links and PAGES["nl"] in english.links
    assert "<h2>Klassen</h2>" in pages["nl"] and "<h2>Classes</h2>" in pages["en"]
    assert "Subklasse van" in pages["nl"] and "Subclass of" in pages["en"]


def test_terms_link_inside_the_page_and_out_to_reused_vocabularies(pages: dict[str, str]) -> None:
    page = pages["en"]
    outline = _outline(page)
    inside = {link[1:] for link in outline.links if link.startswith("#")}
    assert inside <= set(outline.ids)  # no link to an anchor that is not there
    assert f"{SKOS}Concept" in outline.links  # pg:Prestatie is a skos:Concept
    prestatie = page.split('id="Prestatie"', 1)[1].split("</article>", 1)[0]
    assert '<a href="http://www.w3.org/2004/02/skos/core#Concept"><code>skos:Concept' in prestatie
    assert '<a href="#beschrijft">' in prestatie  # a property whose range it is
    tekst = page.split('id="tekst"', 1)[1].split("</article>", 1)[0]
    assert '<a href="#Actie"><code>pg:Actie</code></a> or <a href="#Doel">' in tekst  # a union
    kleur = page.split('id="kleur"', 1)[1].split("</article>", 1)[0]
    assert '<a href="#kleuren">' in kleur and 'id="kleur-groen"' in page  # its code list


def test_a_text_only_in_the_other_language_is_shown_marked(pages: dict[str, str]) -> None:
    groen = pages["en"].split('id="kleur-groen"', 1)[1].split("</tr>", 1)[0]
    assert "<td>green</td>" in groen and '<span lang="nl">' in groen  # definitions are Dutch
    assert '<span lang="' not in pages["nl"].split('id="kleur-groen"', 1)[1].split("</tr>", 1)[0]


def test_hostile_texts_are_escaped_and_odd_links_not_linked(tmp_path: Path) -> None:
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder)
    hostile = "<script>alert(\"x\")</script> & 'q'"
    with (folder / "prestatiegraaf.ttl").open("a", encoding="utf-8") as ontology:
        ontology.write(
            "\npg:Vijand a owl:Class ;\n"
            f"    rdfs:label {json.dumps(hostile)}@en , {json.dumps(hostile)}@nl ;\n"
            '    skos:definition "</p><img src=x onerror=alert(1)>"@en ;\n'
            "    rdfs:subClassOf <javascript:alert(1)> ;\n"
            "    rdfs:seeAlso <https://example.org/a'onmouseover='x> .\n"
        )
    page = render_ontology_html(folder, "en")
    outline = _outline(page)
    assert outline.headings["Vijand"] == f"{hostile} pg:Vijand"  # the text, as text
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;q&#x27;" in page
    assert "javascript:alert(1)" in page and not any("javascript" in link for link in outline.links)
    assert {"script", "img", "link", "iframe"}.isdisjoint(outline.tags)  # nothing from elsewhere
    assert "https://example.org/a'onmouseover='x" in outline.links  # one attribute, whole
    assert not outline.attributes & {"src", "onerror", "onmouseover", "style"}
    assert "@import" not in page and "url(" not in page


def test_unusable_input_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no ontology page in 'de'"):
        render_ontology_html(ontology_dir(), "de")
    with pytest.raises(OntologyError, match="prestatiegraaf.ttl: ontology unreadable"):
        render_ontology_html(tmp_path, "nl")


def test_the_files_published_beside_the_graph() -> None:
    files = vocabulary_files()
    assert list(files) == ["context.jsonld", "ontologie.nl.html", "ontologie.en.html"]
    assert json.loads(files["context.jsonld"]) == {"@context": jsonld_context()}
    assert files["ontologie.en.html"].decode() == render_ontology_html(ontology_dir(), "en")
