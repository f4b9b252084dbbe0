import re
import time
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, SKOS

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.extract.register import (
    find_actor_matches,
    find_actors,
    load_register,
    register,
)
from prestatiegraaf.resources import actor_register_file

EXAMPLES = Path(__file__).parent.parent / "examples"
SEEDS = sorted(EXAMPLES.glob("*.txt"))

PG = Namespace("https://w3id.org/prestatiegraaf/def#")
ORG = Namespace("http://www.w3.org/ns/org#")
ACTOR = Namespace("https://w3id.org/prestatiegraaf/id/organisatie/")
ACTOR_TYPES = {ORG.Organization, ORG.OrganizationalCollaboration, PG.Programma, PG.Netwerk}

GENERIC_WORDS = [
    "gemeente",
    "gemeenten",
    "partner",
    "partners",
    "bedrijfsleven",
    "bedrijven",
    "regionale bedrijven",
    "regionale topbedrijven",
    "onderwijs",
    "scholen",
    "onderwijsinstellingen",
    "kennisinstellingen",
    "Rijk",
    "het Rijk",
    "provincie",
    "provincies",
    "waterschappen",
    "ondernemers",
    "maatschappelijke organisaties",
]
INSTRUMENT_WORDS = re.compile(r"\b(regeling|akkoord|agenda|actieplan|coalitieakkoord)\b", re.I)

SEED_KEYS = {
    "000_048e71227b56a148": [
        "techyourfuture",
        "techforfuture",
        "greenpac",
        "rocs",
        "regionale-techniekpacten",
    ],
    "001_e4d768af5dac0265": [
        "regionale-techniekpacten",
        "nationaal-techniekpact",
        "techyourfuture",
        "rocs",
        "netwerk-van-pioniers",
    ],
    "002_83e0883af9086c1a": [
        "centra-voor-innovatief-vakmanschap",
        "centres-of-expertise",
        "nationaal-techniekpact",
        "regionale-techniekpacten",
        "boost",
    ],
}
SEED_UNION = {
    "boost",
    "centra-voor-innovatief-vakmanschap",
    "centres-of-expertise",
    "greenpac",
    "nationaal-techniekpact",
    "netwerk-van-pioniers",
    "regionale-techniekpacten",
    "rocs",
    "techforfuture",
    "techyourfuture",
}


def keys(text: str) -> list[str]:
    return [mention.key for mention in find_actors(text)]


def normalised(label: str) -> str:
    label = re.sub(r"['’‘`´ʼ]", "'", label)
    return " ".join(re.split(r"[\s\-‐‑]+", label.strip())).casefold()


@pytest.fixture(scope="module")
def register_graph() -> Graph:
    return Graph().parse(actor_register_file(), format="turtle")


# --- the register -----------------------------------------------------------------------------


def test_register_parses_with_a_realistic_size() -> None:
    actors = register()
    assert 60 <= len(actors) <= 90
    assert [actor.key for actor in actors] == sorted(actor.key for actor in actors)


def test_register_loads_fast() -> None:
    started = time.perf_counter()
    load_register(actor_register_file())
    assert time.perf_counter() - started < 1.0


def test_keys_are_unique_slugs_matching_the_iri() -> None:
    actors = register()
    assert len({actor.key for actor in actors}) == len(actors)
    for actor in actors:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", actor.key), actor.key
        assert actor.iri == str(ACTOR[actor.key])


def test_every_actor_has_pg_actor_and_one_actor_type(register_graph: Graph) -> None:
    subjects = set(register_graph.subjects(RDF.type, PG.Actor))
    assert len(subjects) == len(register())
    for subject in subjects:
        types = set(register_graph.objects(subject, RDF.type)) & ACTOR_TYPES
        assert len(types) == 1, subject


def test_every_label_is_dutch_and_every_actor_has_one_preferred_label(
    register_graph: Graph,
) -> None:
    for subject in register_graph.subjects(RDF.type, PG.Actor):
        assert len(list(register_graph.objects(subject, SKOS.prefLabel))) == 1, subject
        for predicate in (SKOS.prefLabel, SKOS.altLabel):
            for label in register_graph.objects(subject, predicate):
                assert isinstance(label, Literal) and label.language == "nl", (subject, label)


def test_no_label_is_shared_by_two_actors(register_graph: Graph) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for predicate in (SKOS.prefLabel, SKOS.altLabel):
        for subject, label in register_graph.subject_objects(predicate):
            owners[normalised(str(label))].add(str(subject))
    shared = {label: subjects for label, subjects in owners.items() if len(subjects) > 1}
    assert not shared


def test_every_label_finds_its_own_actor() -> None:
    for actor in register():
        for label in (actor.label, *actor.alt_labels):
            assert keys(f"Wij werken samen met {label}.") == [actor.key], label


def test_register_holds_no_generic_words_or_instruments() -> None:
    labels = {normalised(label) for a in register() for label in (a.label, *a.alt_labels)}
    assert not labels & {normalised(word) for word in GENERIC_WORDS}
    assert not [label for label in labels if INSTRUMENT_WORDS.search(label)]
    assert keys(", ".join(GENERIC_WORDS)) == []


# --- loading errors ---------------------------------------------------------------------------


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "actoren.ttl"
    prefixes = (
        "@prefix pg: <https://w3id.org/prestatiegraaf/def#> .\n"
        "@prefix actor: <https://w3id.org/prestatiegraaf/id/organisatie/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
    )
    path.write_text(prefixes + body, encoding="utf-8")
    return path


def test_missing_register_raises_ontology_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.ttl"
    with pytest.raises(OntologyError) as caught:
        load_register(path)
    assert caught.value.path == path


@pytest.mark.parametrize(
    "body",
    [
        'actor:x a pg:Actor ; skos:prefLabel "X"@nl ; skos:notation "x"',
        'actor:x a pg:Actor ; skos:notation "x" .',
        'actor:x a pg:Actor ; skos:prefLabel "X"@nl ; skos:notation "X" .',
        'actor:x a pg:Actor ; skos:prefLabel "X"@nl ; skos:notation "y" .',
        'actor:a a pg:Actor ; skos:prefLabel "Oost NL"@nl ; skos:notation "a" .\n'
        'actor:b a pg:Actor ; skos:prefLabel "Oost-NL"@nl ; skos:notation "b" .',
        'actor:a a org:Organization ; skos:prefLabel "A"@nl ; skos:notation "a" .',
    ],
    ids=[
        "syntax-error",
        "no-preferred-label",
        "upper-case-notation",
        "notation-differs-from-iri",
        "label-shared-by-two-actors",
        "no-pg-actor",
    ],
)
def test_broken_register_raises_ontology_error(tmp_path: Path, body: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(OntologyError) as caught:
        load_register(path)
    assert caught.value.path == path


def test_valid_custom_register_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'actor:a a pg:Actor, org:Organization ; skos:prefLabel "Aa Org"@nl ;\n'
        '    skos:altLabel "AO"@nl, "AO"@nl ; skos:notation "a" .',
    )
    [actor] = load_register(path)
    assert actor.key == "a" and actor.label == "Aa Org" and actor.alt_labels == ("AO",)
    assert set(actor.types) == {str(PG.Actor), str(ORG.Organization)}


# --- matching ---------------------------------------------------------------------------------

SENTENCES = [
    # drift variants of source-formats 4.8
    ("oost-nv", "Oost NV ondersteunt het mkb.", ["oost-nl"]),
    ("oost-n-v", "Samen met Oost N.V. investeren wij.", ["oost-nl"]),
    ("oost-nl", "Oost NL voert het fonds uit.", ["oost-nl"]),
    ("oostnl", "via OostNL", ["oost-nl"]),
    ("oost-nl-hyphen", "via Oost-NL", ["oost-nl"]),
    ("oost-nl-all-forms-once", "Oost NV (nu Oost NL, ook OostNL)", ["oost-nl"]),
    ("oost-nederland-is-a-region", "de regio Oost-Nederland en landsdeel Oost", []),
    ("kennispark-twente", "Kennispark Twente ondersteunt starters.", ["novel-t"]),
    ("novel-t", "Novel-T ondersteunt starters.", ["novel-t"]),
    ("novel-t-formerly-kennispark", "Novel-T (voorheen Kennispark Twente)", ["novel-t"]),
    ("marketing-oost", "Marketing Oost promoot Overijssel.", ["marketing-oost"]),
    ("marketingoost", "MarketingOost promoot Overijssel.", ["marketing-oost"]),
    ("techyourfuture", "TechYourFuture", ["techyourfuture"]),
    ("techyourfuture-lower-y", "met TechyourFuture", ["techyourfuture"]),
    ("tech-your-future-spaced", "met Tech Your Future", ["techyourfuture"]),
    ("efo-with-abbreviation", "Energiefonds Overijssel (EFO)", ["energiefonds-overijssel"]),
    ("efo-alone", "het EFO verstrekt leningen", ["energiefonds-overijssel"]),
    ("cultuurfonds", "Prins Bernhard Cultuurfonds", ["prins-bernhard-cultuurfonds"]),
    ("cultuur-fonds", "het Cultuur Fonds draagt bij", ["prins-bernhard-cultuurfonds"]),
    ("universiteit-twente", "de Universiteit Twente", ["universiteit-twente"]),
    ("ut", "met de UT en Saxion", ["universiteit-twente", "saxion"]),
    ("ut-parenthesis", "Universiteit Twente (UT)", ["universiteit-twente"]),
    # frequent names of 4.8
    ("hco", "Historisch Centrum Overijssel (HCO)", ["historisch-centrum-overijssel"]),
    ("hco-alone", "het HCO", ["historisch-centrum-overijssel"]),
    ("stimuland", "Stimuland voert het uit", ["stimuland"]),
    (
        "heritage-list",
        "Het Oversticht, Monumentenwacht en Landschap Overijssel",
        ["het-oversticht", "monumentenwacht-overijssel", "landschap-overijssel"],
    ),
    ("monumentenwacht-overijssel", "Monumentenwacht Overijssel", ["monumentenwacht-overijssel"]),
    (
        "opg",
        "Overijssels Particulier Grondbezit (OPG) en Stimuland",
        ["overijssels-particulier-grondbezit", "stimuland"],
    ),
    ("opg-alone", "het OPG", ["overijssels-particulier-grondbezit"]),
    (
        "higher-education-list",
        "Saxion, Windesheim en de Universiteit Twente",
        ["saxion", "windesheim", "universiteit-twente"],
    ),
    ("wtc-twente-and-rvo", "WTC Twente en RVO", ["wtc-twente", "rvo"]),
    ("rvo-full-name", "Rijksdienst voor Ondernemend Nederland (RVO)", ["rvo"]),
    ("rvo-nl", "aanvragen via RVO.nl", ["rvo"]),
    (
        "economic-boards",
        "de Twente Board en de Economic Board Regio Zwolle",
        ["twente-board", "economic-board-regio-zwolle"],
    ),
    ("twenteboard", "de Twenteboard", ["twente-board"]),
    ("economic-board-zwolle", "Economic Board Zwolle", ["economic-board-regio-zwolle"]),
    ("regio-zwolle", "de Regio Zwolle", ["regio-zwolle"]),
    (
        "housing-mobility-health",
        "de Woonkeuken, de Fietsersbond, de ANWB en de GGD",
        ["woonkeuken", "fietsersbond", "anwb", "ggd"],
    ),
    ("ggd-regional", "GGD IJsselland en GGD Twente", ["ggd-ijsselland", "ggd-twente"]),
    ("ggd-regio-twente", "GGD Regio Twente", ["ggd-twente"]),
    (
        "waterschappen-list",
        "de waterschappen Vechtstromen, Drents Overijsselse Delta en Rijn en IJssel",
        ["vechtstromen", "drents-overijsselse-delta", "rijn-en-ijssel"],
    ),
    (
        "waterschap-prefix",
        "Waterschap Zuiderzeeland en waterschap Vallei en Veluwe",
        ["zuiderzeeland", "vallei-en-veluwe"],
    ),
    ("drents-overijsselse-hyphen", "Drents-Overijsselse Delta", ["drents-overijsselse-delta"]),
    # the techniek programme of the seeds
    ("landelijk-techniekpact-2020", "het landelijke Techniekpact 2020", ["nationaal-techniekpact"]),
    ("landelijk-techniepact-typo", "[Landelijk Techniepact](#)", ["nationaal-techniekpact"]),
    ("techniekpact-bare", "in het kader van het Techniekpact", ["nationaal-techniekpact"]),
    ("regionale-not-national", "de regionale Techniekpacten", ["regionale-techniekpacten"]),
    ("regionale-lower-case", "de regionale techniekpacten", ["regionale-techniekpacten"]),
    (
        "techniekpactprogrammas-curly",
        "de regionale Techniekpactprogramma’s",
        ["regionale-techniekpacten"],
    ),
    ("techniekpactafspraken", "Herijking Techniekpactafspraken", []),
    ("boost-in-parentheses", "Smartindustry-agenda (B'OOST)", ["boost"]),
    ("boost-curly", "B’OOST", ["boost"]),
    ("boost-common-word", "een boost geven aan de economie", []),
    ("rocs-curly", "bedrijven en ROC’s", ["rocs"]),
    ("rocs-straight", "bedrijven en ROC's", ["rocs"]),
    ("roc-van-twente-not-rocs", "ROC van Twente", ["roc-van-twente"]),
    (
        "civ-and-coe",
        "Centra voor Innovatief Vakmanschap (CIV) en Centres of Expertise (CoE)",
        ["centra-voor-innovatief-vakmanschap", "centres-of-expertise"],
    ),
    ("pioniers", "Via ons netwerk van Pioniers", ["netwerk-van-pioniers"]),
    # boundaries, case, quotes, line breaks
    ("abbreviation-lower-case", "ut efo rvo ggd civ coe anwb hco opg", []),
    ("abbreviation-inside-word", "Utrecht, EFOs, RVOs, GGDs", []),
    ("line-break-inside-name", "met de regionale\nTechniekpacten", ["regionale-techniekpacten"]),
    ("curly-quotes-around-name", "het programma ‘TechYourFuture’", ["techyourfuture"]),
    ("straight-quotes-around-name", "het programma 'GreenPAC'", ["greenpac"]),
    ("accented-letters", "Platform Bèta Techniek", ["platform-beta-techniek"]),
    ("hyphenated-compound", "de RVO-regeling", ["rvo"]),
    (
        "order-of-first-appearance",
        "Met de regionale techniekpacten en TechyourFuture, en weer de regionale Techniekpacten",
        ["regionale-techniekpacten", "techyourfuture"],
    ),
    # generic words and instruments are no actors
    (
        "generic-partners",
        "Wij werken met gemeenten, partners, het bedrijfsleven, scholen en het Rijk.",
        [],
    ),
    (
        "instruments",
        "de HRM MKB regeling, het Nationaal Akkoord 'Menselijk kapitaal' en topsector HTSM",
        [],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [(text, expected) for _, text, expected in SENTENCES],
    ids=[name for name, _, _ in SENTENCES],
)
def test_find_actors(text: str, expected: list[str]) -> None:
    assert keys(text) == expected


def test_mention_keeps_found_form_and_preferred_label() -> None:
    [mention] = find_actors("TechyourFuture en later TechYourFuture")
    assert (mention.key, mention.label, mention.text) == (
        "techyourfuture",
        "TechYourFuture",
        "TechyourFuture",
    )
    assert mention.span is None


def test_longest_match_is_one_mention() -> None:
    [mention] = find_actors("wij participeren in het landelijke Techniekpact 2020.")
    assert mention.text == "landelijke Techniekpact 2020"
    assert mention.label == "Nationaal Techniekpact 2020"


def test_abbreviation_in_parentheses_is_one_actor_once() -> None:
    matches = find_actor_matches("Energiefonds Overijssel (EFO)")
    assert [match.key for match in matches] == ["energiefonds-overijssel"] * 2
    assert len(find_actors("Energiefonds Overijssel (EFO)")) == 1


def test_match_offsets_point_into_the_text() -> None:
    text = "Met Oost NV,\nde UT en de regionale\nTechniekpacten."
    matches = find_actor_matches(text)
    assert [match.text for match in matches] == ["Oost NV", "UT", "regionale\nTechniekpacten"]
    for match in matches:
        assert text[match.start : match.end] == match.text


# --- the seeds --------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=[seed.stem for seed in SEEDS])
def test_seed_actors(seed: Path) -> None:
    assert keys(seed.read_text(encoding="utf-8")) == SEED_KEYS[seed.stem]


def test_seed_union_is_the_techniek_partners_and_nothing_else() -> None:
    assert len(SEEDS) == 3
    found = {key for seed in SEEDS for key in keys(seed.read_text(encoding="utf-8"))}
    assert found == SEED_UNION
