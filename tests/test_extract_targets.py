from decimal import Decimal

import pytest

from prestatiegraaf.extract.targets import find_targets
from prestatiegraaf.model import Target

# Seed 001 (web text), action 1; the first sentence carries the target.
SEED_001_ACTION_1 = (
    "Wij maken prestatieafspraken met de regionale Techniekpacten gericht op Kiezen, leren en "
    "werken in de Techniek met als doel 40% instroom in technische studies in het mbo, hbo en wo "
    "in Overijssel in 2020. Ook is er aandacht voor meisjes/vrouwen & techniek. Wij blijven in "
    "2019 bestuurlijk aanspreekpunt voor landsdeel Oost in het kader van Techniekpact 2020 / "
    "Nationaal Akkoord 'Menselijk kapitaal'. Met de regionale techniekpacten en TechyourFuture "
    "gaan we stimuleren dat alle kinderen in Overijssel in het primair onderwijs en voortgezet "
    "onderwijs in aanraking komen met wetenschap en technologie."
)
SEED_001_ACTION_1_TARGET = (
    "Wij maken prestatieafspraken met de regionale Techniekpacten gericht op Kiezen, leren en "
    "werken in de Techniek met als doel 40% instroom in technische studies in het mbo, hbo en wo "
    "in Overijssel in 2020."
)
SEED_001_ACTION_2 = (
    "Wij steunen vier samenwerkingsprojecten van regionale bedrijven en ROC's in Overijssel met "
    "als doel het opleiden voor het Regionaal DNA en voor toekomstige beroepen."
)
SEED_001_ACTION_4 = (
    "Wij voeren samen met regionale topbedrijven en gemeenten, conform ons actieplan talent "
    "binden en boeien, een aantal concrete projecten uit om afgestudeerde talenten van binnen en "
    "buiten de provincies aan onze regio's te binden (in samenhang met prestatie 5.4.2 "
    "internationalisering). Daarnaast wordt in 2019 uitvoering gegeven aan de regionale "
    "opgestelde agenda's om talent aan de regio te binden."
)
# Seed 000 (PDF text): hard line breaks with trailing spaces inside sentences.
SEED_000_ACTION_1 = (
    "Wij maken prestatieafspraken met de regionale Techniekpacten gericht op Kiezen, leren en "
    "werken in de \nTechniek met als doel 40% instroom in technische studies in het mbo, hbo en wo "
    "in Overijssel in 2020. \n"
)
SEED_000_ACTION_2 = (
    "Wij steunen 2 samenwerkingsprojecten van regionale bedrijven en ROC\u2019s in Overijssel "
    "gericht op de \ntopsectoren, met als doel een betere aansluiting tussen onderwijs en "
    "arbeidsmarkt en voldoende en \ngekwalificeerde vakmensen voor bedrijven. \n"
)
SEED_000_ACTION_3 = (
    "Wij steunen techniekfaciliteiten in het PO/VO in samenwerking met regionale bedrijven, met "
    "als doel dat eind \n2019 alle PO/VO scholen in Overijssel een samenwerkingsrelatie hebben met "
    "een technisch bedrijf. \n"
)
SEED_000_ACTION_4 = (
    "Wij steunen 3 samenwerkingsverbanden van onderwijs en bedrijfsleven: TechYourFuture "
    "(Techniekonderwijs), \nTechForFuture (HTSM) en GreenPAC (Kunststoffen/chemie), met als doel "
    "40% instroom in technische studies in \nhet mbo, hbo en wo in 2020 en voldoende en "
    "gekwalificeerde hbo\u2019ers voor de bedrijven. \n"
)
SEED_000_ACTION_5 = (
    "Wij steunen het bedrijfsleven om voor meiden, die minimaal 3 jaar gaan werken bij een in "
    "Overijssel gevestigd \ntechnisch bedrijf, een ontwikkelingsprogramma op te zetten. \n"
)


def target(
    value: str, unit: str, year: int | None, text: str, qualifier: str | None = None
) -> Target:
    return Target(Decimal(value), unit, year, text, qualifier)


def single(
    case_id: str, value: str, unit: str, year: int | None, text: str, qualifier: str | None = None
) -> object:
    """One target read from a one-sentence action: the sentence is the whole text."""
    return pytest.param(text, [target(value, unit, year, text, qualifier)], id=case_id)


TARGET_CASES = [
    pytest.param(
        SEED_001_ACTION_1,
        [target("40", "percent", 2020, SEED_001_ACTION_1_TARGET)],
        id="seed-001-percent-year",
    ),
    pytest.param(
        SEED_000_ACTION_1,
        [target("40", "percent", 2020, SEED_001_ACTION_1_TARGET)],
        id="seed-000-pdf-line-breaks-collapsed",
    ),
    pytest.param(
        SEED_000_ACTION_4,
        [
            target(
                "40",
                "percent",
                2020,
                "Wij steunen 3 samenwerkingsverbanden van onderwijs en bedrijfsleven: "
                "TechYourFuture (Techniekonderwijs), TechForFuture (HTSM) en GreenPAC "
                "(Kunststoffen/chemie), met als doel 40% instroom in technische studies in het "
                "mbo, hbo en wo in 2020 en voldoende en gekwalificeerde hbo\u2019ers voor de "
                "bedrijven.",
            )
        ],
        id="seed-000-count-in-other-clause-than-deadline",
    ),
    pytest.param(
        "Wij zorgen ervoor dat uiterlijk 2021 40 procent van de provinciale wegen is voorzien "
        "van ledverlichting.",
        [
            target(
                "40",
                "percent",
                2021,
                "Wij zorgen ervoor dat uiterlijk 2021 40 procent van de provinciale wegen is "
                "voorzien van ledverlichting.",
            )
        ],
        id="procent-uiterlijk",
    ),
    single(
        "percent-without-year",
        "50",
        "percent",
        None,
        "50% van de nieuwe bedrijventerreinen is voorzien van glasvezel.",
    ),
    single(
        "percent-target-state",
        "50",
        "percent",
        2020,
        "Eind 2020 is 50% van de provinciale wegen voorzien van ledverlichting.",
    ),
    single(
        "percent-decimal-ten-minste",
        "12.5",
        "percent",
        2020,
        "Wij streven naar ten minste 12,5% minder energieverbruik in 2020.",
        "ten minste",
    ),
    single(
        "euro-minimaal-miljoen",
        "20000000",
        "euro",
        2019,
        "Met het Energiefonds zorgen wij dat minimaal € 20 miljoen aan investeringen wordt "
        "uitgelokt in 2019.",
        "minimaal",
    ),
    single(
        "euro-without-year-circa",
        "550000",
        "euro",
        None,
        "Wij dragen circa € 0,55 miljoen bij aan de verbreding van de N340.",
        "circa",
    ),
    single(
        "euro-growing-tot-with-year",
        "2000000",
        "euro",
        2020,
        "Wij verhogen het fonds tot € 2 miljoen in 2020.",
    ),
    single(
        "count-eind-ruim-word",
        "20",
        "count",
        2019,
        "Ons doel is dat eind 2019 ruim twintig bedrijven zijn aangesloten bij het netwerk.",
        "ruim",
    ),
    single(
        "count-voor-date-ten-minste",
        "12",
        "count",
        2018,
        "Wij realiseren vóór 1 juli 2018 ten minste twaalf snellaadpunten langs provinciale wegen.",
        "ten minste",
    ),
    single(
        "count-in-year-word",
        "15",
        "count",
        2019,
        "Wij ondersteunen in 2019 vijftien gemeenten bij het opstellen van een warmtevisie.",
    ),
    single(
        "count-after-met-als-doel",
        "25",
        "count",
        2020,
        "Wij openen een loket met als doel 25 bedrijven in 2020 te ondersteunen.",
    ),
    single("count-voor-year", "17", "count", 2020, "Wij vervangen vóór 2020 zeventien bruggen."),
    single(
        "count-tot-en-met",
        "150",
        "count",
        2019,
        "Tot en met 2019 begeleiden wij 150 starters naar een eigen bedrijf.",
    ),
    single(
        "count-uiterlijk-maximaal",
        "30",
        "count",
        2021,
        "Wij saneren uiterlijk 2021 maximaal 30 asbestdaken van scholen.",
        "maximaal",
    ),
    single(
        "count-per-jaar-periode-tot",
        "1200",
        "count",
        2020,
        "In de periode tot 2020 worden 1.200 woningen per jaar energieneutraal gemaakt.",
    ),
    single(
        "count-year-range-minimaal",
        "5000",
        "count",
        2019,
        "Wij zorgen dat in de periode 2016-2019 minimaal 5.000 woningen worden verduurzaamd.",
        "minimaal",
    ),
    single(
        "count-uiterlijk-eind-ca",
        "40",
        "count",
        2021,
        "Wij sluiten uiterlijk eind 2021 met ca. 40 bedrijven een green deal.",
        "ca.",
    ),
    pytest.param(
        "Wij realiseren in 2018 tenminste drie pilots en in 2019 tien pilots.",
        [
            target(
                "3",
                "count",
                2018,
                "Wij realiseren in 2018 tenminste drie pilots en in 2019 tien pilots.",
                "tenminste",
            ),
            target(
                "10",
                "count",
                2019,
                "Wij realiseren in 2018 tenminste drie pilots en in 2019 tien pilots.",
            ),
        ],
        id="two-counts-deadline-before",
    ),
    pytest.param(
        "Wij realiseren 10 laadpalen in 2019 en 20 laadpalen in 2020.",
        [
            target(
                "10", "count", 2019, "Wij realiseren 10 laadpalen in 2019 en 20 laadpalen in 2020."
            ),
            target(
                "20", "count", 2020, "Wij realiseren 10 laadpalen in 2019 en 20 laadpalen in 2020."
            ),
        ],
        id="two-counts-deadline-after",
    ),
    pytest.param(
        "In 2019 steunen wij vijf projecten. \nOok investeren wij in 2020 € 1,2 miljoen extra.",
        [
            target("5", "count", 2019, "In 2019 steunen wij vijf projecten."),
            target("1200000", "euro", 2020, "Ook investeren wij in 2020 € 1,2 miljoen extra."),
        ],
        id="targets-in-two-sentences",
    ),
]


@pytest.mark.parametrize(("text", "expected"), TARGET_CASES)
def test_find_targets(text: str, expected: list[Target]) -> None:
    assert find_targets(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(SEED_000_ACTION_2, id="seed-000-count-without-deadline"),
        pytest.param(SEED_000_ACTION_3, id="seed-000-alle"),
        pytest.param(SEED_000_ACTION_5, id="seed-000-minimaal-3-jaar"),
        pytest.param(SEED_001_ACTION_2, id="seed-001-number-word-without-deadline"),
        pytest.param(SEED_001_ACTION_4, id="seed-001-code-and-year"),
        pytest.param("Wij verlenen subsidie tot € 50.000 per project.", id="subsidy-cap"),
        pytest.param("Wij leggen tot en met 2019 ruim 25 km fietspad aan.", id="km"),
        pytest.param(
            "Wij stimuleren in 2020 het fietsen voor woon-werkverkeer tot 15 km.", id="tot-15-km"
        ),
        pytest.param(
            "In 2020 besparen wij 300 TJ energie en richten wij 40 hectare natuur in.",
            id="tj-and-hectare",
        ),
        pytest.param("Wij plaatsen in 2019 zonnepanelen met 15 MW vermogen.", id="mw"),
        pytest.param("De regeling geldt voor jongeren tot 27 jaar die in 2019 starten.", id="age"),
        pytest.param("Wij subsidiëren 50% van de kosten van de studie in 2019.", id="cost-share"),
        pytest.param("In 2018 zijn 12 projecten gerealiseerd.", id="realised-zijn-gerealiseerd"),
        pytest.param(
            "In 2017 hebben 35 bedrijven de ambitie van 40% bereikt.", id="realised-bereikt"
        ),
        pytest.param("In 2016 werden 45 woningen gerenoveerd.", id="realised-simple-past"),
        pytest.param("Tot nu toe zijn in 2019 8 projecten gestart.", id="realised-tot-nu-toe"),
        pytest.param("Wij organiseren in 2019 alle 25 bijeenkomsten.", id="alle-with-number"),
        pytest.param("De 3 regio's stellen in 2019 een agenda op.", id="definite-reference"),
        pytest.param(
            "Wij voeren de maatregelen uit conform PS/2015/687 en prestatie 5.2.1 in 2019.",
            id="decision-and-code",
        ),
        pytest.param("Vanaf 1 januari 2019 geldt de nieuwe regeling.", id="date"),
        pytest.param("Wij ronden fase 2 af in 2019.", id="phase-number"),
        pytest.param("In 2019 starten wij een pilot.", id="article-een"),
        pytest.param(
            "Samen met de partners in Techniekpact 2020 zetten wij in op één loket.",
            id="name-with-year",
        ),
        pytest.param(
            "Wij ondersteunen 10 bedrijven bij het verduurzamen van hun bedrijfsvoering.",
            id="count-without-deadline",
        ),
        pytest.param(
            "Wij schuiven € 1,1 miljoen door naar de jaarschijf 2020.", id="euro-shift-not-target"
        ),
        pytest.param(
            "In 2019 is er een vertraging, waarbij € 0,4 miljoen wordt doorgeschoven.",
            id="euro-shift-in-other-clause",
        ),
        pytest.param("", id="empty"),
    ],
)
def test_find_targets_ignores(text: str) -> None:
    assert find_targets(text) == []


def test_target_value_is_an_exact_decimal() -> None:
    [found] = find_targets(SEED_001_ACTION_1)
    assert str(found.value) == "40"
    assert found.qualifier is None
