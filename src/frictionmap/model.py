"""Pydantic models of the journey format, version 1 (docs/format.md).

These models check shapes and types only. Cross-references (a `next` naming a
step that exists, `asks` naming declared data, probabilities summing to 1) are
checked by the loader, which knows where every value stands in the file.

No `from __future__ import annotations`: pydantic would evaluate every
annotation from its string when the models are built, at each start-up.
"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

ChannelKind = Literal[
    "phone", "email", "chat", "web", "app", "sms", "letter", "store", "social"
]
CHANNEL_KINDS: tuple[str, ...] = ChannelKind.__args__  # type: ignore[attr-defined]

StepType = Literal[
    "contact", "ivr", "bot", "self_service", "queue", "agent",
    "message", "callback", "delay", "outcome",
]
STEP_TYPES: tuple[str, ...] = StepType.__args__  # type: ignore[attr-defined]

OutcomeKind = Literal["resolved", "refunded", "unresolved", "abandoned"]
OUTCOME_KINDS: tuple[str, ...] = OutcomeKind.__args__  # type: ignore[attr-defined]

# Format v1 additions (issue 12), all optional: see docs/format.md.
Jurisdiction = Literal["FR", "EU", "UK", "US", "CA", "DE", "none"]
JURISDICTIONS: tuple[str, ...] = Jurisdiction.__args__  # type: ignore[attr-defined]
Initiator = Literal["customer", "company"]
RequestKind = Literal["problem", "question", "cancellation", "claim", "purchase", "change"]
Missed = Literal["appointment", "deadline", "promise"]

STEP_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
#: The most agents a staffed queue may have: it bounds the Erlang recursions
#: (queueing.py), which take one step per agent.
MAX_AGENTS = 1_000_000


class _Strict(BaseModel):
    """Unknown keys are errors, numbers must be finite, models are frozen."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)


# Numbers and booleans are strict (`strict=True` on the field): '3' (quoted) is
# text, not a number, and true is not 1 (docs/format.md, "Types").
NonNegative = Field(default=None, ge=0, strict=True)


class _Noted(_Strict):
    """Anything that can carry a `note:` and a `source:` (the model's assumptions)."""

    note: str | None = Field(
        default=None, description="An assumption or remark; listed in the report."
    )
    source: str | None = Field(default=None, description="Where a value comes from.")


class Channel(_Noted):
    kind: ChannelKind = Field(description="What kind of channel this is.")
    cost_per_minute: float = Field(
        default=0.0,
        ge=0,
        strict=True,
        description="Money the customer pays per minute on this channel.",
    )
    cost: float = Field(
        default=0.0, ge=0, strict=True, description="Money the customer pays per contact."
    )
    label: str | None = Field(default=None, description="Text shown in reports.")


class Team(_Noted):
    name: str | None = Field(default=None, description="Text shown in reports.")
    external: bool = Field(
        default=False,
        strict=True,
        description="A subcontractor or another company, not the trader.",
    )
    language: str | None = Field(default=None, description="BCP 47 tag of what the team speaks.")
    company: str | None = Field(
        default=None,
        description="The company the team belongs to: absent or 'ours' for the trader; "
        "two teams naming one outside company are one company.",
    )
    backoffice: bool = Field(
        default=False,
        description="Works behind the scenes: the customer is never transferred to it.",
    )

    @property
    def outside(self) -> bool:
        """Another company than the trader (`external: true` or a `company` other than ours)."""
        return self.external or (self.company is not None and self.company != "ours")

    def company_key(self, team_id: str) -> str:
        """Which company the team is: 'ours', its `company`, or itself when only `external`."""
        if self.company is not None:
            return self.company
        return f"team:{team_id}" if self.external else "ours"


class Datum(_Noted):
    label: str | None = Field(default=None, description="Text shown in reports.")
    characters: int | None = Field(
        default=None, ge=0, strict=True, description="Length of the value."
    )
    sensitive: Literal["identity", "payment"] | None = Field(
        default=None, description="Identity documents or payment data."
    )


class Customer(_Noted):
    language: str | None = Field(default=None, description="BCP 47 tag, e.g. fr.")
    goal: str | None = Field(default=None, description="What the customer wants.")
    request: RequestKind | None = Field(
        default=None,
        description="What kind of request: a problem (something went wrong), a question, a "
        "cancellation, a claim (money), a purchase or a change. Absent: a problem.",
    )
    claim: float | None = Field(
        default=None, ge=0, description="A goal that is money: the amount claimed."
    )


class Wait(_Noted):
    """A wait in minutes; a bare number is the actual wait."""

    announced: float | None = Field(default=None, ge=0, strict=True)
    actual: float | None = Field(default=None, ge=0, strict=True)
    floor: bool = Field(
        default=False,
        strict=True,
        description="The announcement is a floor ('more than 15 minutes'), not a promise.",
    )

    @model_validator(mode="before")
    @classmethod
    def _number_is_actual(cls, value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return {"actual": value}
        if isinstance(value, (str, bool)):  # `wait: 1e3` is text in YAML 1.1
            raise PydanticCustomError("float_type", "Input should be a valid number")
        return value

    @model_validator(mode="after")
    def _needs_a_value(self) -> "Wait":
        if self.announced is None and self.actual is None:
            raise ValueError("a wait needs 'actual' or 'announced' minutes")
        return self

    @property
    def minutes(self) -> float:
        """The actual wait; the announced one where no actual is given."""
        if self.actual is not None:
            return self.actual
        return self.announced or 0.0


class Staffing(_Strict):
    """Queue staffing for the Erlang C model (docs/metrics.md)."""

    agents: int = Field(
        ge=1,
        le=MAX_AGENTS,
        strict=True,
        description="Agents answering this queue (at most 1,000,000).",
    )
    calls_per_hour: float = Field(gt=0, strict=True, description="Arrival rate of contacts.")
    handle_minutes: float = Field(
        gt=0, strict=True, description="Average handling time of one contact."
    )
    target_seconds: float = Field(
        default=30.0, gt=0, strict=True, description="Answer-time target (ING: 86% expect <= 30 s)."
    )


class Branch(_Noted):
    to: str = Field(description="The step this branch leads to.")
    p: float | None = Field(default=None, strict=True, description="Probability of this branch.")
    when: str | None = Field(default=None, description="Condition or menu option, as text.")
    dropped: bool = Field(
        default=False, strict=True, description="The company ended the contact here."
    )
    missed: Missed | None = Field(
        default=None,
        description="On this branch the company missed an appointment, a deadline or a promise "
        "(the engineer does not come; the free-cancellation window passed).",
    )


Allow = dict[str, str]


class ObservedTime(_Strict):
    """*(frictionmap)* Time at a step in a log until the next event, in minutes."""

    n: int = Field(ge=0, description="Visits timed.")
    mean: float = Field(ge=0, description="Mean minutes.")
    p90: float | None = Field(default=None, ge=0, description="90th percentile, minutes.")


class StepObserved(_Strict):
    """*(frictionmap)* What `frictionmap calibrate` read in a log about this step."""

    visits: int = Field(ge=0, description="Visits in the log: the sample size of `next`.")
    cases: int | None = Field(default=None, ge=0, description="Cases that reached the step.")
    transitions: dict[str, int] = Field(
        default_factory=dict, description="Step id -> times the log went there next."
    )
    ended: int = Field(default=0, ge=0, description="Cases whose log ends here.")
    looped: int = Field(default=0, ge=0, description="Cases that came back to the step.")
    time: ObservedTime | None = Field(
        default=None, description="Minutes measured at the step (mean, p90, visits timed)."
    )
    note: str | None = Field(default=None, description="Where and when it was observed.")


class JourneyObserved(_Strict):
    """*(frictionmap)* The log a journey was calibrated from."""

    source: str | None = Field(default=None, description="The log read.")
    period: str | None = Field(default=None, description="First..last day of the log.")
    cases: int | None = Field(default=None, ge=0, description="Cases in the log.")
    events: int | None = Field(default=None, ge=0, description="Events in the log.")
    repeat_days: float | None = Field(
        default=None, ge=0, description="A contact within this many days is a repeat."
    )
    repeat_share: float | None = Field(
        default=None, ge=0, le=1, description="Cases of a customer back within repeat_days."
    )
    warnings: list[str] = Field(
        default_factory=list, description="What the calibration could not map or trust."
    )
    note: str | None = Field(default=None, description="An assumption or remark.")


_VOLUME_UNITS = {"day": 365.25 / 12, "week": 365.25 / 12 / 7, "month": 1.0, "year": 1 / 12}


def _volume_per_month(value: Any) -> Any:
    """`volume: 130000` (per month) or `volume: 1.5M per year` -> contacts per month."""
    if not isinstance(value, str):
        return value
    import re

    match = re.fullmatch(
        r"\s*([0-9][0-9_,]*(?:\.[0-9]+)?)\s*([kKmM]?)\s*(?:(?:per|/|a)\s*(day|week|month|year))?\s*",
        value,
    )
    if match is None:
        raise ValueError("a volume is a number of walks per month, or 'N per day|week|month|year'")
    number = float(match.group(1).replace(",", "").replace("_", ""))
    number *= {"": 1, "k": 1e3, "m": 1e6}[match.group(2).lower()]
    return number * _VOLUME_UNITS[match.group(3) or "month"]


class Step(_Noted):
    type: StepType
    label: str | None = None
    channel: str | None = None
    team: str | None = None
    asks: list[str] = Field(default_factory=list)
    minutes: float | None = NonNegative
    wait: Wait | None = None
    hours: float | None = NonNegative
    promised: float | None = NonNegative
    cost: float | None = NonNegative
    reply: bool = Field(default=True, strict=True)
    root_cause: bool = Field(default=False, strict=True)
    outcome: OutcomeKind | None = None
    staffing: Staffing | None = None
    patience: float | None = Field(
        default=None,
        gt=0,
        allow_inf_nan=False,
        description="Queues: the callers' mean patience in minutes (exponential, as in "
        "Erlang A). A share wait / (wait + patience) hang up: the branch to an `abandoned` "
        "outcome given without `p` takes it, the other branches' `p` are shares of those "
        "who stay; every caller holds wait x patience / (wait + patience) minutes.",
    )
    initiated_by: Initiator | None = Field(
        default=None,
        description="Contact steps: 'customer' (the customer's own choice, e.g. calling their "
        "own bank) or 'company' (the company made the customer start it, e.g. its e-mail asks "
        "to phone). Absent: the journey leads the customer there.",
    )
    compensation: float | None = Field(
        default=None, ge=0, description="Money paid to the customer at this step."
    )
    other_options: list[str] = Field(
        default_factory=list,
        description="Menu options this journey does not follow: counted for wide-menu, "
        "never walked.",
    )
    next: list[Branch] = Field(default_factory=list)
    allow: Allow = Field(default_factory=dict)
    observed: StepObserved | None = Field(
        default=None, description="What the event log shows at this step (`calibrate`)."
    )

    @field_validator("next", mode="before")
    @classmethod
    def _normalise_next(cls, value: Any) -> Any:
        """`next: a` and `next: [a, b]` are shorthands for branch lists."""
        if value is None:
            return []
        if isinstance(value, str):
            return [{"to": value}]
        if isinstance(value, list):
            return [{"to": item} if isinstance(item, str) else item for item in value]
        return value


class Journey(_Strict):
    frictionmap: Literal[1] = Field(description="Format version.")

    @field_validator("frictionmap", mode="before")
    @classmethod
    def _version_is_a_number(cls, value: Any) -> Any:
        """`frictionmap: true` is not version 1 (though True == 1 in Python)."""
        if isinstance(value, bool):
            raise PydanticCustomError("literal_error", "Input should be 1", {"expected": "1"})
        return value
    name: str
    description: str | None = None
    source: str | None = None
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    jurisdiction: Jurisdiction | None = Field(
        default=None,
        description="Whose consumer law applies (FR, EU, UK, US, CA, DE or none); absent: "
        "inferred from the currency and the customer's language.",
    )
    customer: Customer = Field(default_factory=Customer)
    channels: dict[str, Channel] = Field(default_factory=dict)
    teams: dict[str, Team] = Field(default_factory=dict)
    data: dict[str, Datum] = Field(default_factory=dict)
    start: str
    steps: dict[str, Step] = Field(min_length=1)
    allow: Allow = Field(default_factory=dict)
    volume: float | None = Field(
        default=None, ge=0, description="Walks per month: a number, or 'N per day|week|month|year'."
    )
    observed: JourneyObserved | None = Field(
        default=None, description="The event log this journey was calibrated on (`calibrate`)."
    )

    _volume = field_validator("volume", mode="before")(_volume_per_month)

    def label(self, step_id: str) -> str:
        """The text reports show for a step."""
        return self.steps[step_id].label or step_id


#: The schema's `$id`: a URN, stable whatever the repository's address.
SCHEMA_ID = "urn:frictionmap:journey-format:1"

# Descriptions of the fields declared without one (docs/format.md in short): the
# schema gives every property a description, for editors' hover text.
_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Journey": {
        "name": "Journey title.",
        "description": "Free text about the journey.",
        "source": "Where the case comes from.",
        "currency": "ISO 4217 code for every cost (default EUR).",
        "customer": "Who the customer is: language and goal.",
        "channels": "Channel id -> channel: kind, per-minute cost, cost per contact, label.",
        "teams": "Team id -> team: name, external, language.",
        "data": "Datum id -> what the customer may be asked to give.",
        "start": "Id of the first step.",
        "steps": "Step id -> step; ids match [a-z0-9][a-z0-9_-]*.",
        "allow": "Journey-wide suppressions: rule id -> reason.",
    },
    "Step": {
        "type": "What the step is: contact, ivr, bot, self_service, queue, agent, message, "
        "callback, delay or outcome.",
        "label": "Text shown in reports; default: the id.",
        "channel": "A channel id from `channels`, or a channel kind.",
        "team": "A team id from `teams`.",
        "asks": "Data ids the customer must give at this step.",
        "minutes": "The customer's own active time at this step, in minutes.",
        "wait": "Minutes waited (queues, callbacks): a number (the actual wait) or "
        "{announced, actual}.",
        "hours": "Calendar time that passes at this step, in hours.",
        "promised": "What the company promised for this step, in the unit of `hours` "
        "(of `wait` for a queue).",
        "cost": "Money the customer pays at this step, besides per-minute channel cost.",
        "reply": "message steps: whether the customer can answer it.",
        "root_cause": "outcome steps: the customer is told what went wrong and that it is fixed.",
        "outcome": "outcome steps: resolved, refunded, unresolved or abandoned (required there).",
        "staffing": "queue steps: agents, calls per hour, handling minutes (Erlang C).",
        "next": "Where the journey goes: a step id, a list of ids, or branches "
        "{to, p, when, dropped}; absent only on outcome steps.",
        "allow": "Suppressions: rule id -> reason.",
    },
    "Wait": {
        "announced": "The wait the customer is told, in minutes.",
        "actual": "The wait the customer lives, in minutes.",
    },
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the format, for editors (yaml-language-server).

    It has the loader's bounds where a schema can say them: a description on
    every property, probabilities in [0, 1], non-negative numbers, and an
    outcome step requiring `outcome`.
    """
    schema = Journey.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "frictionmap journey, format 1"
    for model, descriptions in _DESCRIPTIONS.items():
        properties = (schema if model == "Journey" else schema["$defs"][model])["properties"]
        for name, text in descriptions.items():
            properties[name].setdefault("description", text)
    # The shorthands of `next` that the before-validator accepts.
    step = schema["$defs"]["Step"]["properties"]
    step["next"] = {
        "anyOf": [
            {"type": "string"},
            {"type": "array", "items": {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/Branch"}]}},
            {"type": "null"},
        ]
    }
    schema["properties"]["volume"] = {
        "anyOf": [{"type": "number", "minimum": 0}, {"type": "string"}, {"type": "null"}],
        "description": schema["properties"]["volume"]["description"],
    }
    step["wait"] = {"anyOf": [{"type": "number", "minimum": 0}, {"$ref": "#/$defs/Wait"}]}
    step["next"]["description"] = _DESCRIPTIONS["Step"]["next"]
    step["wait"]["description"] = _DESCRIPTIONS["Step"]["wait"]
    # The loader's checks a schema can state: p in [0, 1]; an outcome step has `outcome`.
    probability = schema["$defs"]["Branch"]["properties"]["p"]
    for option in probability.get("anyOf", [probability]):
        if option.get("type") == "number":
            option["minimum"], option["maximum"] = 0, 1
    schema["$defs"]["Step"]["if"] = {
        "properties": {"type": {"const": "outcome"}},
        "required": ["type"],
    }
    schema["$defs"]["Step"]["then"] = {"required": ["outcome"]}
    steps = schema["properties"]["steps"]
    steps["propertyNames"] = {"pattern": STEP_ID_PATTERN}
    return schema


def hang_up_branch(journey: Journey, step_id: str) -> int | None:
    """The index of a queue's hang-up branch: where it has a `patience`, its first
    branch without `p` to an `abandoned` outcome; None otherwise."""
    step = journey.steps[step_id]
    if step.patience is None or step.type != "queue":
        return None
    for index, branch in enumerate(step.next):
        target = journey.steps.get(branch.to)
        if branch.p is None and target is not None and target.outcome == "abandoned":
            return index
    return None
