"""The report's language (i18n.py, `--lang`): catalogue, numbers, and the French report."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frictionmap.cli import app
from frictionmap.i18n import CATALOGUE, LANGUAGES, NNBSP, localiser
from frictionmap.impact import key_figures
from frictionmap.inputs import check_paths
from frictionmap.render import renderer
from frictionmap.render.svg import LANE_NAMES, _legend_items

ROOT = Path(__file__).parent.parent
SEEDS = sorted(str(p) for p in (ROOT / "journeys").glob("*.yaml"))


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_translation_keeps_the_fields_of_its_message(lang: str) -> None:
    for message, translation in CATALOGUE[lang].items():
        assert fields(translation) == fields(message), message


def test_french_numbers() -> None:
    fr = localiser("fr")
    assert fr.figure("10.50 EUR") == "10,50 EUR"
    assert fr.figure("1,234.5 min") == f"1{NNBSP}234,5 min"
    assert fr.figure("72%") == f"72{NNBSP}%"
    assert fr.figure("<1%") == f"<1{NNBSP}%"
    assert fr.figure("3.2 days") == "3,2 jours"
    assert fr.figure("unbounded") == "sans limite"
    assert localiser("en").figure("10.50 EUR") == "10.50 EUR"
    with pytest.raises(ValueError, match="choose from en, fr"):
        localiser("de")


def test_the_drawing_and_the_figures_have_every_word_in_french() -> None:
    fr = CATALOGUE["fr"]
    for name in LANE_NAMES.values():
        assert name in fr
    for downwards in (True, False):
        for _, text in _legend_items(downwards):
            assert text in fr
    report = check_paths(SEEDS)
    for result in report.journeys:
        assert result.journey is not None
        for figure in key_figures(result.journey, result.graph, result.metrics):
            assert figure.name in fr and figure.benchmark in fr, figure


def test_the_french_report(tmp_path: Path) -> None:
    out = tmp_path / "fr.html"
    done = CliRunner().invoke(app, ["report", *SEEDS, "--lang", "fr", "-f", "html", "-o", str(out)])
    assert done.exit_code == 0, done.output
    text = out.read_text(encoding="utf-8")
    assert '<html lang="fr">' in text
    for heading in ("Synthèse", "Parcours, du pire au meilleur", "Chiffres clés", "Hypothèses"):
        assert f">{heading}</h" in text
    assert "Selfcare et serveur vocal" in text and "Entreprises extérieures" in text
    # Figures in French style: decimal comma, narrow space before %.
    assert re.search(r">\d+,\d{2} EUR<", text)
    assert re.search(f">\\d+{NNBSP}%<", text)
    assert ">Key figures<" not in text and ">Worst practices, by impact<" not in text
    english = renderer("html")(check_paths(SEEDS))
    assert '<html lang="en">' in english and ">Key figures</h3>" in english


def test_an_unknown_language_is_a_usage_error() -> None:
    done = CliRunner().invoke(app, ["report", SEEDS[0], "--lang", "de", "-f", "html"])
    assert done.exit_code == 2
    assert "unknown language 'de'; choose from en, fr" in done.stderr


def test_the_french_markdown_report() -> None:
    report = check_paths(SEEDS)
    text = renderer("markdown", full=True)(report, lang="fr")  # type: ignore[call-arg]
    assert text.startswith("# Rapport des pires pratiques\n\n_Configuration : ")
    assert "._\n\n## Synthèse\n" in text
    for heading in ("### Chiffres clés", "### Pires pratiques, par impact", "### Hypothèses"):
        assert heading in text
    assert "## Méthode" in text and "| Notes |" in text
    assert re.search(r"\| \d+,\d{2} EUR \|", text)
    # The findings' lines: severity and the impact legend in French too.
    assert "(avertissement" in text and "_impact = la probabilité" in text
    assert "(warning" not in text and "how much it hurts" not in text
    # French puts a space before a colon.
    assert "Comment il se termine : " in text and "Objectif du client : " in text
    # English stays as it was.
    english = renderer("markdown")(report)
    assert english.startswith("# Worst-practices report\n\n_Config: ")
    assert "._\n\n## Executive" in english


def test_every_rules_advice_has_a_french_translation() -> None:
    """A rule added with an `advice=` the catalogue lacks fails here."""
    from frictionmap.rules import RULES

    missing = [rule.id for rule in RULES if rule.advice not in CATALOGUE["fr"]]
    assert not missing, f"add the French of these rules' advice to i18n.CATALOGUE: {missing}"


def test_the_french_report_shows_the_advice_in_french() -> None:
    from frictionmap.rules import RULES

    report = check_paths(SEEDS)
    first = {result.ranked[0].advice for result in report.journeys if result.ranked}
    assert first & {rule.advice for rule in RULES}  # the seeds fire declared advice
    for render in ("markdown", "html"):
        text = renderer(render, full=True)(report, lang="fr")  # type: ignore[call-arg]
        for rule in RULES:
            assert rule.advice not in text, rule.id
        for english in first:
            french = CATALOGUE["fr"].get(english, english)
            assert french in text or french.replace("'", "&#x27;") in text, english
    markdown = renderer("markdown", full=True)(report, lang="fr")  # type: ignore[call-arg]
    assert "**À la place :**" in markdown


def test_verdicts_scores_and_exposures_are_said_in_french() -> None:
    """Every sentence a French report says of the seeds and the verdict cases (the
    verdict, what took the points, each finding's exposure and compliance) has its
    French, and says the English word for word in English."""
    cases = sorted(str(p) for p in (ROOT / "tests" / "verdict" / "cases").glob("*.yaml"))
    report = check_paths(SEEDS + cases)
    fr = CATALOGUE["fr"]
    said = 0
    for result in report.journeys:
        sentences = [result.verdict, *result.points]
        for ranked in result.ranked:
            sentences += [ranked.exposure_words, ranked.compliance_words]
        for sentence in sentences:
            missing = [t for t in sentence.templates() if t and t not in fr]
            assert not missing, missing
            assert localiser("en").say(sentence) == str(sentence)
            said += 1
        assert result.points and str(result.verdict).startswith(("Low", "Some", "Real", "High",
                                                                 "Very", "Broken"))
    assert said > 100
    french = localiser("fr").say(report.journeys[0].verdict)
    assert "des clients obtiennent" in french and NNBSP + "%" in french
