"""What frictionmap knows about each step type (model.StepType), declared once.

Every type of the format has one line in TRAITS; rules, metrics, walks and the
simulator ask these sets (`facts.type in CONTACT`), never spell a type list of
their own. Adding a step type: add it to model.StepType, give it a line here,
a colour in render/_shared.py and a shape in render/svg.py, render/dot.py and
render/mermaid.py;
tests/test_step_types.py fails until all four are done.

The traits:

- `contact`: the customer makes a contact (counted in expected contacts, pays
  the channel's per-contact `cost`, starts a first-contact-resolution count);
- `outcome`: the journey ends here, with an `outcome` kind;
- `on_hold`: the step's `wait` is customer time (FORMAT.md: queue waits count,
  the wait for a call back does not);
- `automated`: the customer converses with a machine (a menu or a bot);
- `machine`: a machine, not a person, serves the step (menu, bot, self-service
  page or app): its questions identify the caller, and it is drawn in the
  self-service lane;
- `menu`: a keypad or voice menu (IVR);
- `agent`: a person handles the case;
- `person`: the step puts the customer through to a person (an agent, or a
  queue in front of one);
- `instructs`: a team-owned step of this type tells the customer what to do next;
- `relays`: a team-less step of this type passes an instruction on unchanged;
- `timed`: the customer spends time of their own at the step (`minutes`): a
  step of this type given no `minutes` is reported as an assumption.
"""

from __future__ import annotations

from .model import STEP_TYPES

TRAITS: dict[str, frozenset[str]] = {
    "contact": frozenset({"contact", "timed"}),
    "ivr": frozenset({"automated", "machine", "menu", "instructs", "relays", "timed"}),
    "bot": frozenset({"automated", "machine", "instructs", "relays", "timed"}),
    "self_service": frozenset({"machine", "instructs", "timed"}),
    "queue": frozenset({"on_hold", "person"}),
    "agent": frozenset({"agent", "person", "instructs", "timed"}),
    "message": frozenset({"instructs", "relays", "timed"}),
    "callback": frozenset({"timed"}),
    "delay": frozenset({"relays"}),
    "outcome": frozenset({"outcome"}),
}


def with_trait(trait: str) -> frozenset[str]:
    """The step types that have `trait`."""
    return frozenset(kind for kind in STEP_TYPES if trait in TRAITS[kind])


CONTACT = with_trait("contact")
OUTCOME = with_trait("outcome")
ON_HOLD = with_trait("on_hold")
AUTOMATED = with_trait("automated")
MACHINE = with_trait("machine")
MENU = with_trait("menu")
AGENT = with_trait("agent")
PERSON = with_trait("person")
INSTRUCTS = with_trait("instructs")
RELAYS = with_trait("relays")
TIMED = with_trait("timed")
