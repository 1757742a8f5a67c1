"""The report's language (`--lang en|fr`): its words and how it writes numbers.

A small message catalogue, no dependency: the English text is the message id
(as in gettext), `CATALOGUE[lang]` maps it to the translation, and a message
without one stays English. Messages with fields use `str.format` names
(`"{count} journeys"`), which a translation keeps.

Used by the HTML, PDF and Markdown reports. What is translated: the report's
own words (headings, table heads, labels, the drawing's lanes, legend and step
figures, the assumptions, the executive summary, the names of the key figures
and the wording of their benchmarks, the figure statuses, severities and
outcome kinds). What is not: the text
of the journey file, the rules' messages, their advice and their docs (the
method appendix), written in English in the rule modules.

Numbers follow the language: French writes a decimal comma, a narrow
no-break space between thousands and before `%` (`1 234,5`, `72 %`), and
`jours` for days (`Localiser.figure`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

LANGUAGES = ("en", "fr")
NNBSP = "\u202f"  # narrow no-break space: French thousands and before % and :

CATALOGUE: dict[str, dict[str, str]] = {
    "fr": {
        # page
        "Worst-practices report": "Rapport des pires pratiques",
        "Executive summary": "Synthèse",
        "Journeys, worst first": "Parcours, du pire au meilleur",
        "Journey": "Parcours",
        "Grade": "Note",
        "Resolved": "Résolu",
        "Contacts": "Contacts",
        "Cost": "Coût",
        "Findings": "Constats",
        "rejected": "refusé",
        "Key figures": "Chiffres clés",
        "Figure": "Indicateur",
        "Value": "Valeur",
        "Benchmark": "Référence",
        "How it ends": "Comment il se termine",
        "The journey": "Le parcours",
        "Worst practices, by impact": "Pires pratiques, par impact",
        "No worst practice found.": "Aucune pire pratique trouvée.",
        "Instead:": "À la place :",
        "Allowed by": "Autorisé par",
        "allowed": "autorisé",
        "Reason": "Raison",
        "Most likely walk to resolution": "Parcours le plus probable vers la résolution",
        "Most likely walk to failure": "Parcours le plus probable vers l'échec",
        "No walk leads there.": "Aucun parcours n'y mène.",
        "Assumptions": "Hypothèses",
        "None: every figure is given in the journey file.": (
            "Aucune : chaque chiffre est donné dans le fichier du parcours."
        ),
        "Method": "Méthode",
        "Score of each journey": "Score de chaque parcours",
        "The evidence behind each rule that fired": (
            "Les preuves derrière chaque règle déclenchée"
        ),
        "The changes that would help most customers": (
            "Les changements qui aideraient le plus de clients"
        ),
        "No metrics for this journey: figures from the graph only.": (
            "Pas de métriques pour ce parcours : chiffres tirés du graphe seulement."
        ),
        "The file breaks the journey format; nothing was analysed.": (
            "Le fichier ne respecte pas le format des parcours ; rien n'a été analysé."
        ),
        "Made by frictionmap{version}. No script, no network.": (
            "Produit par frictionmap{version}. Sans script, sans réseau."
        ),
        "line {line}, column {column}": "ligne {line}, colonne {column}",
        "at": "à",
        "via": "via",
        "impact": "impact",
        "Source": "Source",
        "Customer's goal": "Objectif du client",
        "friction": "friction",
        "no score": "sans score",
        "grade {grade}, friction score {score}/100 (0 is frictionless)": (
            "note {grade}, score de friction {score}/100 (0 : aucune friction)"
        ),
        "{count} steps are too many to draw in a page (at most {limit}); "
        "<code>frictionmap graph</code> draws it alone.": (
            "{count} étapes, c'est trop pour une page (au plus {limit}) ; "
            "<code>frictionmap graph</code> le dessine seul."
        ),
        # counts
        "{count} file(s), {invalid} rejected: {errors} error(s), {warnings} warning(s), "
        "{notes} note(s), {allowed} allowed": (
            "{count} fichier(s), {invalid} refusé(s) : {errors} erreur(s), "
            "{warnings} avertissement(s), {notes} note(s), {allowed} autorisé(s)"
        ),
        "{errors} error(s), {warnings} warning(s), {notes} note(s)": (
            "{errors} erreur(s), {warnings} avertissement(s), {notes} note(s)"
        ),
        "{count} problem(s)": "{count} problème(s)",
        "{count} journeys": "{count} parcours",
        # severities and statuses
        "error": "erreur",
        "warning": "avertissement",
        "note": "note",
        "good": "bon",
        "fair": "moyen",
        "poor": "mauvais",
        "unlawful": "illégal",
        # outcomes
        "resolved": "résolu",
        "refunded": "remboursé",
        "unresolved": "non résolu",
        "abandoned": "abandon",
        "stuck": "bloqué",
        "trapped": "piégé",
        # key figures and their benchmarks
        "First-contact resolution": "Résolution au premier contact",
        "Contacts per customer": "Contacts par client",
        "Longest wait on hold": "Plus longue attente",
        "Time on hold": "Temps d'attente",
        "Customer's time": "Temps du client",
        "Elapsed time": "Durée écoulée",
        "Cost to the customer": "Coût pour le client",
        "Transfers": "Transferts",
        "Repeated entries": "Saisies répétées",
        "Channel switches": "Changements de canal",
        "SQM: good 70-79%, world class 80%+, average 67%": (
            "SQM : bon 70-79 %, meilleurs 80 % et plus, moyenne 67 %"
        ),
        "SQM: world class 1.2, average 1.5": "SQM : meilleurs 1,2, moyenne 1,5",
        "ING: 86% of customers expect 30 s at most": (
            "ING : 86 % des clients attendent 30 s au plus"
        ),
        "ING: 30 s per wait; callers abandon after 45 s on average": (
            "ING : 30 s par attente ; les appelants raccrochent après 45 s en moyenne"
        ),
        "one average service call lasts 6 min 21 s (ContactBabel 2014)": (
            "un appel de service moyen dure 6 min 21 s (ContactBabel 2014)"
        ),
        "until the journey ends": "jusqu'à la fin du parcours",
        "free or basic rate on after-sales lines (FR L121-16, EU CRD Art. 21)": (
            "gratuit ou au tarif de base sur les lignes d'après-vente "
            "(C. consom. L121-16, directive UE 2011/83 art. 21)"
        ),
        # The benchmark cites only the law of the journey's jurisdiction (law.py).
        "free or basic rate on after-sales lines": (
            "gratuit ou au tarif de base sur les lignes d'après-vente"
        ),
        "free or basic rate on after-sales lines (FR Code de la consommation L121-16, "
        "EU CRD art. 21)": (
            "gratuit ou au tarif de base sur les lignes d'après-vente "
            "(C. consom. L121-16, directive UE 2011/83 art. 21)"
        ),
        "free or basic rate on after-sales lines (EU CRD art. 21)": (
            "gratuit ou au tarif de base sur les lignes d'après-vente "
            "(directive UE 2011/83 art. 21)"
        ),
        "free or basic rate on after-sales lines (UK Consumer Contracts Regulations 2013, "
        "reg. 41)": (
            "gratuit ou au tarif de base sur les lignes d'après-vente "
            "(Consumer Contracts Regulations 2013 du Royaume-Uni, art. 41)"
        ),
        "SQM: good 70-79%, world class 80%+, average 67%; a callback is not counted as a "
        "contact": (
            "SQM : bon 70-79 %, meilleurs 80 % et plus, moyenne 67 % ; un rappel n'est pas "
            "compté comme un contact"
        ),
        "SQM: 19% of callers are transferred, -12% CSAT each; at most one": (
            "SQM : 19 % des appelants sont transférés, -12 % de satisfaction à chaque fois ; "
            "un au plus"
        ),
        "none; 56% of customers had to re-explain (HBR 2010)": (
            "aucune ; 56 % des clients ont dû se réexpliquer (HBR 2010)"
        ),
        "none; a forced switch makes customers 10% more disloyal (CEB)": (
            "aucun ; un changement forcé rend les clients 10 % plus déloyaux (CEB)"
        ),
        # the drawing
        "Customer": "Client",
        "Self-service and IVR": "Selfcare et serveur vocal",
        "Front line": "Front office",
        "Back office": "Back office",
        "Outside companies": "Entreprises extérieures",
        "no finding": "aucun constat",
        "low friction": "friction faible",
        "medium friction": "friction moyenne",
        "high friction": "friction forte",
        "contact dropped by the company": "contact coupé par l'entreprise",
        "loop back": "retour en arrière",
        "finding number in the list": "numéro du constat dans la liste",
        "time runs downwards": "le temps s'écoule vers le bas",
        "time runs left to right": "le temps s'écoule de gauche à droite",
        "Journey: {name}": "Parcours : {name}",
        "contact": "contact",
        "ivr": "serveur vocal",
        "bot": "bot",
        "self service": "selfcare",
        "queue": "file d'attente",
        "agent": "conseiller",
        "message": "message",
        "callback": "rappel",
        "delay": "délai",
        "outcome": "issue",
        "wait {minutes} min": "attente {minutes} min",
        "outcome: {kind}": "issue : {kind}",
        "team: {name}": "équipe : {name}",
        "when: {text}": "si : {text}",
        # assumptions
        "Source: {text}": "Source : {text}",
        "Branch probabilities not given, split evenly at {steps}.": (
            "Probabilités des branches non données, réparties également à {steps}."
        ),
        "No time given, counted as 0 min of the customer's time: {steps}.": (
            "Aucune durée donnée, comptée 0 min du temps du client : {steps}."
        ),
        "Queues without a wait, counted as no wait: {steps}.": (
            "Files d'attente sans attente donnée, comptées sans attente : {steps}."
        ),
        "Phone lines without a price per minute, counted as free: {channels}.": (
            "Lignes téléphoniques sans prix à la minute, comptées gratuites : {channels}."
        ),
        "No currency given: amounts are in {currency}.": (
            "Aucune devise donnée : montants en {currency}."
        ),
        # executive summary
        "Journeys": "Parcours",
        "Customers per period": "Clients par période",
        "Friction score": "Score de friction",
        "Averages over {count} analysed journey(s), {basis}.": (
            "Moyennes sur {count} parcours analysé(s), {basis}."
        ),
        "weighted by each journey's volume": "pondérées par le volume de chaque parcours",
        "each journey counts the same (no volumes given)": (
            "chaque parcours compte autant (aucun volume donné)"
        ),
        "Grades: {grades}.": "Notes : {grades}.",
        "met by {reach}": "rencontré par {reach}",
        "friction score {before} → {after}": "score de friction {before} → {after}",
        "{count} customers per period": "{count} clients par période",
        "{share} of that journey's customers": "{share} des clients de ce parcours",
        # method
        "How the figures are computed": "Comment les chiffres sont calculés",
        "How exposure and impact are computed": "Comment l'exposition et l'impact sont calculés",
        "How the score is computed": "Comment le score est calculé",
        "The method is written in English, in the library's own documentation.": (
            "La méthode est rédigée en anglais, dans la documentation de la bibliothèque."
        ),
        "Goodwill kept by the walks (outcome, contacts, transfers, switches, time)": (
            "Bienveillance conservée par les parcours "
            "(issue, contacts, transferts, changements, temps)"
        ),
        "{count} {severity} finding(s), x{factor} each": (
            "{count} constat(s) {severity}, x{factor} chacun"
        ),
        "Findings factor": "Facteur des constats",
        "harm": "gravité",
        "Score": "Score",
        "Part": "Élément",
        "Portfolio": "Portefeuille",
        "Grades": "Notes",
        "Friction score = 100 x (1 - goodwill x findings factor)": (
            "Score de friction = 100 x (1 - bienveillance x facteur des constats)"
        ),
        "Designed vs observed": "Conçu et observé",
        "{cases} cases, {events} events, read from {log}.": (
            "{cases} dossiers, {events} événements, lus dans {log}."
        ),
        "No deviation: the log follows the design.": (
            "Aucun écart : le journal suit la conception."
        ),
        "{count} deviation(s) from the design:": "{count} écart(s) à la conception :",
    },
}


@dataclass(frozen=True)
class Localiser:
    """The words and number style of one language."""

    lang: str = "en"
    messages: dict[str, str] = field(default_factory=dict)

    def t(self, message: str, **fields: object) -> str:
        """`message` in this language, its `{fields}` filled in."""
        text = self.messages.get(message, message)
        return text.format(**fields) if fields else text

    def figure(self, text: str) -> str:
        """A figure written in English style (`1,234.5`, `72%`, `3.2 days`) in this
        language's style; English figures come back unchanged."""
        if self.lang != "fr":
            return text
        return _french_figure(text)


_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")


def _french_figure(text: str) -> str:
    def number(match: re.Match[str]) -> str:
        whole = match.group(1).replace(",", NNBSP)
        return whole + ("," + match.group(2) if match.group(2) else "")

    text = _NUMBER.sub(number, text)
    text = re.sub(r"(\S)%", lambda m: f"{m.group(1)}{NNBSP}%", text)
    text = re.sub(r"\bdays\b", "jours", text)
    return text.replace("unbounded", "sans limite")


def localiser(lang: str = "en") -> Localiser:
    """The localiser of `lang` (one of `LANGUAGES`)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}'; choose from {', '.join(LANGUAGES)}")
    return Localiser(lang, CATALOGUE.get(lang, {}))


ENGLISH = Localiser()
Translate = Callable[[str], str]
