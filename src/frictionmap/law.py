"""Which consumer law applies to a journey, and what may be cited to it.

A journey's `jurisdiction` (format v1, issue 12) says whose law applies: FR,
EU, UK, US, CA, DE or none. Where it is absent it is inferred, and the report
lists the inference as an assumption: GBP -> UK, USD -> US, CAD -> CA, and EUR
-> FR for a French-speaking customer, DE for a German-speaking one, EU
otherwise; any other currency -> none.

Citations only where they apply (evidence.md section 6):

- premium-rate after-sales lines: FR Code de la consommation L121-16 (and the
  EU Consumer Rights Directive 2011/83/EU art. 21 it implements); EU and DE:
  CRD art. 21 (CJEU C-568/15 *comtech*); UK: the Consumer Contracts
  Regulations 2013, reg. 41, which implements art. 21; none in the US or
  Canada.
- the trader's liability for its subcontractors: FR L221-15 only.
- identity documents: GDPR art. 5(1)(c) and 12(6) in the EU (and France,
  Germany), the UK GDPR in the UK; none in the US or Canada.

A finding that may break such a rule is called "likely non-compliant", with
the citation, never "unlawful": only a court decides that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Journey

EU_MEMBERS = frozenset({"FR", "EU", "DE"})
# The words a report uses for a practice that may break a rule of law.
NON_COMPLIANT = "likely non-compliant"


def jurisdiction(journey: Journey) -> str:
    """The journey's jurisdiction: its own, or inferred (module docstring)."""
    if journey.jurisdiction is not None:
        return journey.jurisdiction
    return inferred(journey.currency, journey.customer.language)


def inferred(currency: str, language: str | None) -> str:
    """The jurisdiction a journey without one is read under."""
    by_currency = {"GBP": "UK", "USD": "US", "CAD": "CA"}
    if currency in by_currency:
        return by_currency[currency]
    if currency == "EUR":
        spoken = (language or "").split("-")[0].lower()
        return {"fr": "FR", "de": "DE"}.get(spoken, "EU")
    return "none"


def assumption(journey: Journey) -> str | None:
    """The inference as the report lists it, or None when the journey says."""
    if journey.jurisdiction is not None:
        return None
    language = journey.customer.language
    spoken = f" and the customer's language {language}" if language else ""
    return (
        f"jurisdiction: {inferred(journey.currency, language)} (inferred from the currency "
        f"{journey.currency}{spoken}; set `jurisdiction:` to say)"
    )


def premium_rate(journey: Journey) -> str | None:
    """The rule against premium-rate after-sales lines, or None where none applies."""
    where = jurisdiction(journey)
    if where == "FR":
        return "FR Code de la consommation L121-16, EU CRD art. 21"
    if where in EU_MEMBERS:
        return "EU CRD art. 21"
    if where == "UK":
        return "UK Consumer Contracts Regulations 2013, reg. 41"
    return None


def liability(journey: Journey) -> str:
    """' (Code de la consommation L221-15)' in France, else nothing."""
    return " (Code de la consommation L221-15)" if jurisdiction(journey) == "FR" else ""


def data_protection(journey: Journey) -> str | None:
    """The data-minimisation rule for identity documents, or None where none applies."""
    where = jurisdiction(journey)
    if where in EU_MEMBERS:
        return "GDPR art. 5(1)(c), 12(6)"
    if where == "UK":
        return "UK GDPR art. 5(1)(c), 12(6)"
    return None


def citation(rule_id: str, journey: Journey) -> str | None:
    """The law a rule's finding may break in this journey's jurisdiction, or None."""
    if rule_id == "paid-wait":
        return premium_rate(journey)
    if rule_id == "identity-demand":
        return data_protection(journey)
    return None
