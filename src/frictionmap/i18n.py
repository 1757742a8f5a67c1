"""The report's language (`--lang en|fr`): its words and how it writes numbers.

A small message catalogue, no dependency: the English text is the message id
(as in gettext), `CATALOGUE[lang]` maps it to the translation, and a message
without one stays English. Messages with fields use `str.format` names
(`"{count} journeys"`), which a translation keeps.

Used by the HTML, PDF and Markdown reports. What is translated: the report's
own words (headings, table heads, labels, the drawing's lanes, legend and step
figures, the assumptions, the executive summary, the names of the key figures
and the wording of their benchmarks, the figure statuses, severities and
outcome kinds), each rule's advice (`@rule(advice=...)`, keyed by its
English text: a rule added without its French fails `tests/test_i18n.py`),
and the findings' messages, the verdict, what took the points and each
finding's exposure: rules write them as `text.words(template, **fields)`,
keyed by the English template (`Localiser.say`); a rule case whose message
has a template without its French fails `tests/rules/test_rule_cases.py`.
What is not: the text of the journey file (labels, `when:` conditions, team
names, said as written), an advice a hit sets for its own case (`deep-menu`'s
threshold), the designed-vs-observed deviations and the rules' docs (the
method appendix), all in English.

Numbers follow the language: French writes a decimal comma, a narrow
no-break space between thousands and before `%` (`1 234,5`, `72 %`), and
`jours` for days (`Localiser.figure`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .findings import Finding
    from .text import Words

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
        # the rules' advice (`@rule(advice=...)`), one line each; test_i18n checks
        # that every rule's advice is here
        "Give the step a way on: to a person who can help, or to an outcome.": (
            "Donner une suite à l'étape : un conseiller qui peut aider, ou une issue."
        ),
        "Link the step from the journey (e.g. a '0: speak to an adviser' option), "
        "or remove it.": (
            "Relier l'étape au parcours (par exemple une option « 0 : parler à un "
            "conseiller »), ou la supprimer."
        ),
        "Add an exit from the loop to a person or an outcome, e.g. after a failed "
        "second attempt.": (
            "Prévoir une sortie de la boucle vers un conseiller ou une issue, par exemple "
            "après un deuxième échec."
        ),
        "Add a route to someone who can fix the problem (escalation to second level "
        "or an expert).": (
            "Ouvrir une voie vers quelqu'un qui peut régler le problème (escalade au "
            "niveau 2 ou à un expert)."
        ),
        "Name the channel of the step, so its time and cost are counted.": (
            "Indiquer le canal de l'étape, pour que sa durée et son coût soient comptés."
        ),
        "Name an existing rule id in `allow` (see `frictionmap rules`), or remove the "
        "suppression.": (
            "Citer dans `allow` l'identifiant d'une règle existante (voir "
            "`frictionmap rules`), ou retirer l'exception."
        ),
        "Pass on what the customer already gave (IVR to agent, team to team): ask once, "
        "confirm after.": (
            "Transmettre ce que le client a déjà donné (du serveur vocal au conseiller, "
            "d'une équipe à l'autre) : demander une fois, confirmer ensuite."
        ),
        "Give the agent one clear step (one offer, then do what is asked), or an exit "
        "to someone who can decide.": (
            "Donner au conseiller une consigne claire (une seule offre, puis faire ce que "
            "le client demande), ou une sortie vers quelqu'un qui peut décider."
        ),
        "Give the issue one owner who brings in the other team (warm transfer), instead "
        "of sending the customer back.": (
            "Confier la demande à un seul responsable qui sollicite l'autre équipe "
            "(transfert accompagné), au lieu de renvoyer le client."
        ),
        "Keep the customer with you and deal with the subcontractor yourself: the trader "
        "stays liable for its partners.": (
            "Garder le client et traiter vous-même avec le sous-traitant : le "
            "professionnel reste responsable de ses partenaires."
        ),
        "Contact the other department or company yourself and come back to the customer "
        "with the answer.": (
            "Contacter vous-même l'autre service ou l'autre entreprise, et revenir vers "
            "le client avec la réponse."
        ),
        "Use a basic-rate number for after-sales and complaints, and never charge the "
        "wait.": (
            "Utiliser un numéro non surtaxé pour l'après-vente et les réclamations, et "
            "ne jamais facturer l'attente."
        ),
        "Staff the queue, or announce the wait and offer a callback beyond 30 s.": (
            "Renforcer la file d'attente, ou annoncer l'attente et proposer un rappel "
            "au-delà de 30 s."
        ),
        "Announce the real wait or delay, and keep the promise you make.": (
            "Annoncer l'attente ou le délai réels, et tenir la promesse faite."
        ),
        "Never end the contact on the customer: book a callback or keep them in the "
        "queue.": (
            "Ne jamais couper le contact au client : programmer un rappel ou le garder "
            "dans la file d'attente."
        ),
        "Make callbacks certain: a fixed slot, a retry when unanswered, and a check that "
        "it happened.": (
            "Fiabiliser les rappels : un créneau fixe, une nouvelle tentative sans "
            "réponse, et une vérification qu'ils ont eu lieu."
        ),
        "Confirm appointments ahead; when one slips, rebook and compensate without being "
        "asked.": (
            "Confirmer les rendez-vous à l'avance ; quand l'un est manqué, en fixer un "
            "autre et dédommager sans attendre la demande."
        ),
        "Offer a person at every menu (e.g. '0: speak to an adviser').": (
            "Proposer un conseiller à chaque menu (par exemple « 0 : parler à un "
            "conseiller »)."
        ),
        "Flatten the menus: reach a person by the third menu at the latest.": (
            "Aplatir les menus : joindre un conseiller au troisième menu au plus tard."
        ),
        "Keep four or five options per menu, the most used first.": (
            "Limiter chaque menu à quatre ou cinq choix, les plus demandés en premier."
        ),
        "Let the customer reply to every message, or give a way to reach you in it "
        "(Opquast rule 111).": (
            "Permettre au client de répondre à chaque message, ou y indiquer comment vous "
            "joindre (règle Opquast 111)."
        ),
        "Authenticate with what you already hold (account, e-mail, order); ask for an ID "
        "document only on real doubt.": (
            "Authentifier avec ce que vous détenez déjà (compte, e-mail, commande) ; ne "
            "demander une pièce d'identité qu'en cas de doute réel."
        ),
        "Route the customer to a team that speaks their language, or offer it as a "
        "choice.": (
            "Orienter le client vers une équipe qui parle sa langue, ou la lui proposer "
            "comme choix."
        ),
        "Fix the underlying problem before closing; a refund or a workaround alone brings "
        "the customer back.": (
            "Régler le problème de fond avant de clôturer ; un remboursement ou un "
            "contournement seul fait revenir le client."
        ),
        "Resolve in the channel the customer chose, or carry the case over (call them "
        "back, reply by mail).": (
            "Résoudre dans le canal choisi par le client, ou y reprendre le dossier "
            "(le rappeler, répondre par courrier)."
        ),
        "Close with the cause: tell the customer what went wrong and that it is fixed "
        "(then mark the outcome `root_cause: true`).": (
            "Clôturer avec la cause : dire au client ce qui n'a pas fonctionné et que "
            "c'est corrigé (puis marquer l'issue `root_cause: true`)."
        ),
        "Route to the right team first time, and let the first person keep the case.": (
            "Orienter vers la bonne équipe du premier coup, et laisser le premier "
            "interlocuteur garder le dossier."
        ),
        "Resolve at the first contact: anticipate the next issue and close the loop "
        "proactively.": (
            "Résoudre au premier contact : anticiper la demande suivante et boucler le "
            "dossier de façon proactive."
        ),
        "Cap retries at two or three, then hand the customer to a person.": (
            "Limiter les essais à deux ou trois, puis passer le client à un conseiller."
        ),
        "Empower the first contact to resolve (skills, tools, authority), and measure "
        "resolution, not speed.": (
            "Donner au premier niveau les moyens de résoudre (compétences, outils, "
            "délégation), et mesurer la résolution, pas la rapidité."
        ),
        "Staff the queue to its target (Erlang C) or offer a callback in peaks.": (
            "Dimensionner l'équipe de la file d'attente sur son objectif (Erlang C) ou "
            "proposer un rappel aux heures de pointe."
        ),
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
        # findings as a report says them (text.Words: a rule's template and the
        # separators of its lists; keys are the English templates)
        " and ": " et ",
        ", and ": ", et ",
        " or ": " ou ",
        ", ": ", ",
        "At {steps}.": "À {steps}.",
        "every customer meets it": "tous les clients le rencontrent",
        "no customer meets it": "aucun client ne le rencontre",
        "{share} of customers meet it": "{share} des clients le rencontrent",
        "on a reachable step": "sur une étape atteignable",
        "on an unreachable step": "sur une étape inatteignable",
        "likely non-compliant": "probablement non conforme",
        "{what} ({law})": "{what} ({law})",
        "Config: {config}.": "Configuration : {config}.",
        "impact = how likely the customer meets it x how much it hurts (severity x harm, at "
        "most 5)": (
            "impact = la probabilité que le client le rencontre x le mal qu'il fait (sévérité "
            "x gravité, au plus 5)"
        ),
        # the verdict and what took the points (impact.verdict, score.took_the_points)
        "; ": " ; ",
        "{grade}: {sentence}.": "{grade} : {sentence}.",
        "{sentence}.": "{sentence}.",
        "Low effort": "Effort faible",
        "Some friction": "Quelques frictions",
        "Real friction": "Friction réelle",
        "High effort": "Effort élevé",
        "Very high effort": "Effort très élevé",
        "Broken": "Parcours cassé",
        "{resolved} of customers get what they came for, {effort}": (
            "{resolved} des clients obtiennent ce qu'ils sont venus chercher, {effort}"
        ),
        "after {minutes} of their time": "après {minutes} de leur temps",
        "after {contacts} contact and {minutes} of their time": (
            "après {contacts} contact et {minutes} de leur temps"
        ),
        "after {contacts} contacts and {minutes} of their time": (
            "après {contacts} contacts et {minutes} de leur temps"
        ),
        "worst practice: {rule} at {step}": "pire pratique : {rule} à {step}",
        "worst practice: {rule}": "pire pratique : {rule}",
        "no worst practice found": "aucune pire pratique trouvée",
        "Not graded.": "Non noté.",
        "What took the points: {points}.": "Ce qui a coûté les points : {points}.",
        "{part} {points} ({amount})": "{part} {points} ({amount})",
        "how the journey ends": "l'issue du parcours",
        "contacts after the first (up to 3)": "les contacts après le premier (jusqu'à 3)",
        "transfers": "les transferts",
        "rounds of an agent or menu loop": "les tours d'une boucle de conseiller ou de menu",
        "data asked again": "les données redemandées",
        "forced channel switches": "les changements de canal imposés",
        "contacts the company ended": "les contacts coupés par l'entreprise",
        "missed appointments and deadlines": "les rendez-vous et délais manqués",
        "time on hold or in menus": "le temps d'attente ou dans les menus",
        "the customer's active time": "le temps actif du client",
        "days elapsed": "les jours écoulés",
        "money paid, net of compensation": "l'argent payé, net des dédommagements",
        "the unlucky tenth (P90 beyond the mean)": (
            "le dixième malchanceux (P90 au-delà de la moyenne)"
        ),
        "{share} not resolved": "{share} non résolus",
        "{minutes} at P90": "{minutes} au P90",
        "{n} contacts": "{n} contacts",
        "{n} transfers": "{n} transferts",
        "{n} rounds": "{n} tours",
        "{n} asks": "{n} demandes",
        "{n} switches": "{n} changements",
        "{n} drops": "{n} coupures",
        "{n} misses": "{n} manqués",
        # dead-end
        "{step} ({type}) leads nowhere: the customer is left without an outcome": (
            "{step} ({type}) ne mène nulle part : le client reste sans issue"
        ),
        # long-wait
        "{step} keeps the customer waiting {wait}{how}, beyond the {limit} customers accept": (
            "{step} fait attendre le client {wait}{how}, au-delà des {limit} que les clients "
            "acceptent"
        ),
        " on hold": " en ligne",
        " for the call back": " avant d'être rappelé",
        # words: g1
        # ambiguous-channel
        "{step} is reached from different channels ({channels}), so the cost of its time is "
        "unknown": (
            "on arrive à {step} par des canaux différents ({channels}), si bien que le coût du "
            "temps passé à cette étape est inconnu"
        ),
        # broken-promise
        "{step} {promises}: the customer feels cheated": (
            "{step} {promises} : le client se sent trompé"
        ),
        "announces a wait of {promised} but the customer waits {actual}{times}": (
            "annonce une attente de {promised}, mais le client attend {actual}{times}"
        ),
        "promises a wait of {promised} but the customer waits {actual}{times}": (
            "promet une attente de {promised}, mais le client attend {actual}{times}"
        ),
        "promises {promised} but it takes {actual}{times}": (
            "promet un délai de {promised}, mais il faut {actual}{times}"
        ),
        " ({ratio} times as long)": " ({ratio} fois plus)",
        # callback-unreliable
        "{step} never puts the customer through to a person in {share} of cases{why}: they go "
        "on to {targets} and must start again": (
            "{step} ne met pas le client en relation avec une personne dans {share} des "
            "cas{why} : il passe à {targets} et doit tout recommencer"
        ),
        " ({whens})": " ({whens})",
        # channel-switch
        "at {step} the customer has to start again on another channel ({switches})": (
            "à {step}, le client doit tout recommencer sur un autre canal ({switches})"
        ),
        # closure-without-cause
        "{step} closes the case as resolved, reached after {after}, without telling the "
        "customer what went wrong and that it is fixed": (
            "{step}, atteint après {after}, clôt le dossier comme résolu sans dire au client "
            "ce qui n'allait pas ni que c'est réparé"
        ),
        "a transfer": "un transfert",
        "a loop": "une boucle",
        "a second contact": "un second contact",
        # customer-as-messenger
        "{step} sends the customer away: the journey goes on at {contacts}, a contact the "
        "customer has to make again themselves, carrying the case": (
            "{step} renvoie le client ailleurs : le parcours reprend à {contacts}, un contact "
            "que le client doit refaire lui-même en relayant son dossier"
        ),
        # deep-menu
        "{step} is at best the {ordinal} automated menu in a row{more}: the customer gets "
        "through {menus} before it": (
            "{step} est au mieux le {ordinal} menu automatique d'affilée{more} : le client "
            "passe par {menus} avant d'y arriver"
        ),
        "1st": "1er",
        "{n}st": "{n}e",
        "{n}nd": "{n}e",
        "{n}rd": "{n}e",
        "{n}th": "{n}e",
        ", and 1 more menu after it": ", suivi d'un autre menu",
        ", and {count} more menus after it": ", suivi de {count} autres menus",
        "1 menus": "1 menu",
        "{count} menus": "{count} menus",
        # dropped-contact
        "{step} ends the contact in {share} of cases{why}: the request is left unresolved and "
        "the customer must start again": (
            "{step} met fin au contact dans {share} des cas{why} : la demande reste sans "
            "solution et le client doit tout recommencer"
        ),
        # external-handoff
        "at {step} the customer is handed over from {sources} to {team}, another company: the "
        "trader stays liable for the contract{law}": (
            "à {step}, le client est transféré de {sources} à {team}, une autre entreprise : le "
            "professionnel reste responsable du contrat{law}"
        ),
        " (Code de la consommation L221-15)": " (article L221-15 du Code de la consommation)",
        # identity-demand
        "{step} demands {documents} to identify the customer: {allowed}": (
            "{step} exige {documents} pour identifier le client : {allowed}"
        ),
        "the {document}": "« {document} »",
        "{law} allows it only where lighter checks leave a reasonable doubt (art.{articles})": (
            "le {law} ne l'autorise que si des vérifications plus légères laissent un doute "
            "raisonnable (art.{articles})"
        ),
        "GDPR": "RGPD",
        "UK GDPR": "RGPD britannique",
        "it is proportionate only where lighter checks leave a reasonable doubt": (
            "ce n'est proportionné que si des vérifications plus légères laissent un doute "
            "raisonnable"
        ),
        # language-mismatch
        "at {step} the customer, who speaks '{spoken}', is handled by '{team}' in "
        "'{language}'": (
            "à {step}, le client, qui parle '{spoken}', est pris en charge par '{team}' "
            "en '{language}'"
        ),
        # low-resolution
        "only {fcr} of customers are resolved at the first contact, below {min_fcr} "
        "(SQM's 'good' band; {resolved} are resolved at all)": (
            "seuls {fcr} des clients voient leur problème résolu au premier contact, sous "
            "les {min_fcr} du niveau « bon » de SQM ({resolved} le voient résolu au bout du "
            "compte)"
        ),
        # missed-appointment
        "at {step} the company {what} in {share} of cases{why}: the customer's plans "
        "fall through and they must chase it": (
            "à {step}, l'entreprise {what} dans {share} des cas{why} : les projets du client "
            "tombent à l'eau et il doit relancer lui-même"
        ),
        "misses the appointment": "manque le rendez-vous",
        "lets the deadline pass": "laisse passer l'échéance",
        "breaks its promise": "ne tient pas sa promesse",
        # no-human
        "no person can be reached from the menu {step}: a customer whose case does not "
        "fit can only give up": (
            "aucun conseiller n'est joignable depuis le menu {step} : un client dont le cas "
            "n'entre pas dans les cases ne peut qu'abandonner"
        ),
        "no person can be reached from the bot {step}: a customer whose case does not "
        "fit can only give up": (
            "aucun conseiller n'est joignable depuis le bot {step} : un client dont le cas "
            "n'entre pas dans les cases ne peut qu'abandonner"
        ),
        # no-resolution
        "no walk from the start reaches a `resolved` outcome: the customer's problem "
        "can never be solved": (
            "aucun chemin depuis le départ n'atteint une issue `resolved` : le problème du "
            "client ne peut jamais être résolu"
        ),
        "the journey has no `resolved` outcome: the customer's problem can never be solved": (
            "le parcours n'a aucune issue `resolved` : le problème du client ne peut jamais "
            "être résolu"
        ),
        "{step} is a point of no return: reached from {before}, it can no longer "
        "lead to a resolution": (
            "{step} est un point de non-retour : une fois arrivé là depuis {before}, le "
            "client ne peut plus obtenir de résolution"
        ),
        # obstruction-loop
        "{where}: inside one contact the customer {what}, each round as costly as a "
        "transfer": (
            "{where} : au sein d'un même contact, {what}, et chaque tour coûte autant "
            "qu'un transfert"
        ),
        "{step} loops back on itself": "l'étape {step} boucle sur elle-même",
        "{first} and {others} loop": "les étapes {first} et {others} forment une boucle",
        "asks the same question again": "on repose au client la même question",
        "goes round without moving the case": (
            "le client tourne en rond sans que son dossier avance"
        ),
        # one-way-message
        "{step} cannot be answered: a customer with a question about it has to find "
        "another way in": (
            "impossible de répondre à {step} : un client qui a une question à ce sujet doit "
            "trouver un autre moyen de joindre l'entreprise"
        ),
        # paid-wait
        "{step}: {wait} on hold at {rate} {currency}/min costs the customer {cost} "
        "{currency} for one wait; {rule}": (
            "{step} : attendre {wait} en ligne à {rate} {currency}/min coûte au client "
            "{cost} {currency} pour une seule attente ; {rule}"
        ),
        "an after-sales line may not cost more than a basic-rate call ({law})": (
            "une ligne d'après-vente ne peut pas coûter plus qu'un appel au tarif de base "
            "({law})"
        ),
        "the company's understaffing becomes the customer's bill": (
            "le sous-effectif de l'entreprise devient la facture du client"
        ),
        # ping-pong
        "at {step} the customer comes back to {team} after a transfer away from it "
        "(last with {away}): nobody owns the case": (
            "à {step}, le client revient vers {team} après en avoir été transféré (en "
            "dernier chez {away}) : personne ne prend en charge le dossier"
        ),
        # repeat-contact
        "customers have to contact the company {contacts} times on average, more than "
        "{max_contacts} (SQM's industry average; world class is {world_class}), most often "
        "through {step} ({visits} times)": (
            "les clients doivent contacter l'entreprise {contacts} fois en moyenne, au-delà de "
            "{max_contacts} (moyenne du secteur selon SQM ; {world_class} chez les meilleurs), "
            "le plus souvent par {step} ({visits} fois)"
        ),
        # words: g3
        # repeated-entry
        "{step} asks again for {data}": "{step} redemande {data}",
        "; and for ": " ; et ",
        "{what}, already given at {where}": "ce que le client a déjà donné à {where} : {what}",
        "the {datum}": "{datum}",
        "this same step on an earlier pass": "cette même étape lors d'un passage précédent",
        "other steps": "d'autres étapes",
        # retry-loop
        "customers go through {step} {visits} times on average, more than {limit}": (
            "les clients passent {visits} fois en moyenne par {step}, pour un maximum de {limit}"
        ),
        # transfer-chain
        "customers are transferred {transfers} times on average, more than {limit}; most "
        "often into {step} ({into} times per customer, from {sources})": (
            "les clients sont transférés {transfers} fois en moyenne, pour un maximum de {limit} ; "
            "le plus souvent vers {step} ({into} fois par client, depuis {sources})"
        ),
        # trap-loop
        "{step} is in a loop with no way out to any outcome ({names})": (
            "{step} fait partie d'une boucle d'où aucun chemin ne mène à une issue ({names})"
        ),
        "{names} and 1 more steps": "{names} et 1 autre étape",
        "{names} and {more} more steps": "{names} et {more} autres étapes",
        # understaffed-queue
        "{queue}: {agents} agents for an offered load of {erlangs} Erlangs ({calls} calls/h "
        "x {minutes} min)": (
            "{queue} : {agents} agents pour une charge offerte de {erlangs} erlangs "
            "({calls} appels/h x {minutes} min)"
        ),
        "{queue}: {agents} agent for an offered load of {erlangs} Erlangs ({calls} calls/h "
        "x {minutes} min)": (
            "{queue} : {agents} agent pour une charge offerte de {erlangs} erlangs "
            "({calls} appels/h x {minutes} min)"
        ),
        "{load}: calls arrive faster than they are answered, so every caller waits and the "
        "wait grows without bound (service level {level} within {within}, target {target})": (
            "{load} : les appels arrivent plus vite qu'ils ne sont pris, donc chaque appelant "
            "attend et l'attente croît sans limite (niveau de service de {level} dans les "
            "{within}, pour un objectif de {target})"
        ),
        "{load}: {waiting} of callers wait, {asa} on average; {answered} are answered within "
        "{within}, below the {target} target": (
            "{load} : {waiting} des appelants attendent, {asa} en moyenne ; {answered} sont "
            "pris dans les {within}, sous l'objectif de {target}"
        ),
        # unfixed-closure
        "{step} ({kind}) {meaning}: the customer will be back or gone": (
            "{step} ({kind}) {meaning} : le client reviendra ou partira"
        ),
        "gives the money back but leaves the problem unsolved": (
            "rembourse le client mais laisse le problème entier"
        ),
        "closes the case without solving the problem": (
            "clôt le dossier sans résoudre le problème"
        ),
        # unknown-allow
        "{where} names '{name}', which is not a frictionmap rule, so it suppresses nothing": (
            "{where} cite '{name}', qui n'est pas une règle de frictionmap : elle ne "
            "neutralise donc aucun constat"
        ),
        "the `allow` of {step}": "la clé `allow` de {step}",
        "the journey-level `allow`": "la clé `allow` du parcours",
        # unreachable-step
        "{step} is never reached from the start {start}": (
            "aucun chemin partant du départ {start} n'atteint {step}"
        ),
        # wide-menu
        "{step} reads out {count} options, more than the {limit} a caller can keep in "
        "mind (ISO/IEC 13714)": (
            "{step} énonce {count} options, plus que les {limit} qu'un appelant peut retenir "
            "(ISO/IEC 13714)"
        ),
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

    def message(self, finding: Finding) -> str:
        """A finding's message in this language: said from its wording (the rule's
        template and fields) where the rule wrote one, else as it is."""
        if self.lang == "en" or finding.wording is None:
            return finding.message
        return self.say(finding.wording)

    def say(self, sentence: Words) -> str:
        """A sentence kept as `text.Words`, in this language."""
        if self.lang == "en":
            return str(sentence)
        return sentence.say(lambda m: self.messages.get(m, m), self.figure)

    def colon(self, label: str) -> str:
        """`label` followed by a colon as the language writes it: `Source:`, `Source :`."""
        return f"{label} :" if self.lang == "fr" else f"{label}:"

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
    text = re.sub(r"\bday\b", "jour", text)
    text = re.sub(r"\bseconds?\b", lambda m: "seconde" + m.group(0)[6:], text)
    text = re.sub(r"\bhours?\b", lambda m: "heure" + m.group(0)[4:], text)
    return text.replace("unbounded", "sans limite")


def localiser(lang: str = "en") -> Localiser:
    """The localiser of `lang` (one of `LANGUAGES`)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}'; choose from {', '.join(LANGUAGES)}")
    return Localiser(lang, CATALOGUE.get(lang, {}))


ENGLISH = Localiser()
Translate = Callable[[str], str]
