"""Which rules run, at which severity, with which options.

A configuration is a preset with a project's overrides on top:

- presets are package data (`presets/recommended.yaml`, `presets/strict.yaml`,
  which `extends: recommended`), plus `all`, computed from the registry: every
  rule at its default severity;
- the project config is `frictionmap.toml`, or the `[tool.frictionmap]` table of
  `pyproject.toml`, found from the current directory upwards: the first
  directory holding one wins, `frictionmap.toml` before `pyproject.toml`, and a
  `pyproject.toml` without the table is skipped (as ruff does). `--config FILE`
  names it explicitly;
- in it, `extends = "strict"` picks the preset (default `recommended`) and the
  `[rules]` table sets rules: `wide-menu = "off"`, `long-wait = "error"`, or
  `long-wait = {severity = "error", options = {max_wait_minutes = 1}}`;
- the `[limits]` table moves the input limits (`loader.Limits`):
  `max_file_size` (bytes, or a size such as "200MB"), `max_steps`, `max_depth`,
  `max_string_length`; `--max-file-size` and `--max-steps` override it.

Every mistake raises `ConfigError` naming the file and the key, with a
suggestion where one exists.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .findings import Severity
from .loader import Limits
from .observed.settings import CompanySettings, company_settings
from .rules import RULES, RULES_BY_ID, Rule

CONFIG_FILE = "frictionmap.toml"
PYPROJECT = "pyproject.toml"
DEFAULT_PRESET = "recommended"
#: Presets shipped as files; `all` is computed from the registry.
PRESET_FILES = ("recommended", "strict")
PRESETS = ("all", *PRESET_FILES)
OFF = "off"
SEVERITY_WORDS = (*(s.value for s in Severity), OFF)
TOP_LEVEL_KEYS = ("extends", "rules", "limits", "company")
# `[limits]` key -> loader.Limits field.
LIMIT_KEYS = {
    "max_file_size": "max_bytes",
    "max_steps": "max_steps",
    "max_depth": "max_depth",
    "max_string_length": "max_string",
}
# The most a limit may be raised to: past these a limit no longer protects
# anything (no journey nests 1,000 levels deep or weighs 16 GB).
LIMIT_CEILINGS = {
    "max_bytes": 16 * 1024**3,
    "max_steps": 100_000_000,
    "max_depth": 1000,
    "max_string": 1024**3,
}
RULE_TABLE_KEYS = ("severity", "options")


class ConfigError(Exception):
    """A configuration mistake: `file: message`, the message naming the key."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message


@dataclass(frozen=True)
class RuleSetting:
    """A rule as configured: its severity (None when off) and its options."""

    severity: Severity | None
    options: BaseModel


@dataclass(frozen=True)
class Config:
    """Settings by rule id; a rule without one runs at its default severity.

    `source` is the config file read (None for a preset alone); `preset` the
    preset it extends.
    """

    rules: dict[str, RuleSetting] = field(default_factory=dict)
    source: str | None = None
    preset: str | None = None
    limits: Limits = field(default_factory=Limits)
    company: CompanySettings = field(default_factory=CompanySettings)  # issue 14

    def setting(self, rule: Rule) -> RuleSetting:
        return self.rules.get(rule.id) or RuleSetting(rule.severity, rule.options())

    def enabled(self) -> list[tuple[Rule, RuleSetting]]:
        """The rules that run, in catalogue order."""
        pairs = [(rule, self.setting(rule)) for rule in RULES]
        return [(rule, setting) for rule, setting in pairs if setting.severity is not None]


def default_config() -> Config:
    """Every rule at its default severity with its default options."""
    return Config({r.id: RuleSetting(r.severity, r.options()) for r in RULES}, preset="all")


def options_for(rule: Rule, values: dict[str, Any]) -> BaseModel:
    return rule.options.model_validate(values)


# -- layers: a preset, then the project's [rules] ------------------------------


@dataclass
class _Entry:
    """One rule's setting before its options are validated."""

    severity: Severity | None
    options: Mapping[str, Any]


_Layer = dict[str, _Entry]


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _severity(value: Any, file: str, key: str) -> Severity | None:
    if not isinstance(value, str) or value not in SEVERITY_WORDS:
        shown = f"'{value}'" if isinstance(value, str) else repr(value)
        raise ConfigError(
            file,
            f"{key}: unknown severity {shown}{_suggest(str(value), SEVERITY_WORDS)} "
            f"(use one of {', '.join(SEVERITY_WORDS)})",
        )
    return None if value == OFF else Severity(value)


def _apply_rules(base: _Layer, table: Any, file: str, prefix: str, *, strict_ids: bool) -> _Layer:
    """`base` with a `[rules]` table applied; options merge key by key.

    `strict_ids` is False for presets only: a preset may list a rule that this
    build does not register (the catalogue test keeps them in step).
    """
    if not isinstance(table, Mapping):
        raise ConfigError(file, f"{prefix}: must be a table of rule ids")
    layer = dict(base)
    for rule_id, value in table.items():
        key = f"{prefix}.{rule_id}"
        rule = RULES_BY_ID.get(rule_id)
        if rule is None:
            if not strict_ids:
                continue
            raise ConfigError(
                file,
                f"{key}: unknown rule '{rule_id}'{_suggest(rule_id, RULES_BY_ID)} "
                "(`frictionmap rules` lists them)",
            )
        inherited = layer.get(rule_id, _Entry(rule.severity, {}))
        if isinstance(value, Mapping):
            for name in value:
                if name not in RULE_TABLE_KEYS:
                    raise ConfigError(
                        file,
                        f"{key}.{name}: unknown key{_suggest(name, RULE_TABLE_KEYS)} "
                        "(a rule takes 'severity' and 'options')",
                    )
            severity = (
                _severity(value["severity"], file, f"{key}.severity")
                if "severity" in value
                else inherited.severity
            )
            options = value.get("options", {})
            if not isinstance(options, Mapping):
                raise ConfigError(file, f"{key}.options: must be a table of option values")
            merged = {**inherited.options, **options}
            _validate_options(rule, merged, file, f"{key}.options")
            layer[rule_id] = _Entry(severity, merged)
        else:
            layer[rule_id] = _Entry(_severity(value, file, key), inherited.options)
    return layer


def _validate_options(rule: Rule, values: Mapping[str, Any], file: str, key: str) -> BaseModel:
    try:
        return rule.options.model_validate(dict(values))
    except ValidationError as error:
        problem = error.errors()[0]
        name = ".".join(str(part) for part in problem["loc"])
        known = list(rule.options.model_fields)
        if problem["type"] == "extra_forbidden":
            if not known:
                raise ConfigError(
                    file, f"{key}.{name}: unknown option: {rule.id} has no options"
                ) from None
            raise ConfigError(
                file,
                f"{key}.{name}: unknown option{_suggest(name, known)} "
                f"(options of {rule.id}: {', '.join(known)})",
            ) from None
        message = problem["msg"][:1].lower() + problem["msg"][1:]
        raise ConfigError(file, f"{key}.{name}: {message} (got {problem['input']!r})") from None


def _preset_text(name: str) -> str:
    preset = resources.files("frictionmap").joinpath("presets").joinpath(f"{name}.yaml")
    return preset.read_text("utf-8")


def _preset_layer(name: str, file: str, key: str, seen: tuple[str, ...] = ()) -> _Layer:
    """A preset's settings, its `extends` chain resolved."""
    import yaml

    if name not in PRESETS:
        shown = f"'{name}'" if isinstance(name, str) else repr(name)
        raise ConfigError(
            file,
            f"{key}: unknown preset {shown}{_suggest(str(name), PRESETS)} "
            f"(presets: {', '.join(sorted(PRESETS))})",
        )
    if name in seen:
        raise ConfigError(file, f"{key}: presets extend each other in a loop: {' -> '.join(seen)}")
    if name == "all":
        return {r.id: _Entry(r.severity, {}) for r in RULES}
    preset_file = f"frictionmap/presets/{name}.yaml"
    # libyaml when built in (as the loader): every run reads a preset, and the
    # pure-Python parser costs a few milliseconds of start-up.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(_preset_text(name), Loader=loader) or {}
    base: _Layer = {}
    if "extends" in data:
        base = _preset_layer(data["extends"], preset_file, "extends", (*seen, name))
    return _apply_rules(base, data.get("rules", {}), preset_file, "rules", strict_ids=False)


def _config_from_layer(layer: _Layer, source: str | None, preset: str) -> Config:
    settings = {}
    for rule in RULES:
        entry = layer.get(rule.id, _Entry(rule.severity, {}))
        options = rule.options.model_validate(dict(entry.options))
        settings[rule.id] = RuleSetting(entry.severity, options)
    return Config(settings, source=source, preset=preset)


def preset_config(name: str) -> Config:
    """The configuration of one preset: `recommended`, `strict` or `all`."""
    return _config_from_layer(_preset_layer(name, "<preset>", "preset"), None, name)


def config_from_table(table: Any, file: str, prefix: str = "") -> Config:
    """A project configuration from its parsed TOML table.

    `prefix` is where the table stands in its file (`tool.frictionmap.` in
    pyproject.toml), so that messages name keys as the user wrote them.
    """
    if not isinstance(table, Mapping):
        raise ConfigError(file, f"{prefix.rstrip('.') or 'configuration'}: must be a table")
    for key in table:
        if key not in TOP_LEVEL_KEYS:
            raise ConfigError(
                file,
                f"{prefix}{key}: unknown key{_suggest(key, TOP_LEVEL_KEYS)} "
                f"(use {', '.join(repr(k) for k in TOP_LEVEL_KEYS[:-1])} "
                f"and {TOP_LEVEL_KEYS[-1]!r})",
            )
    preset = table.get("extends", DEFAULT_PRESET)
    layer = _preset_layer(preset, file, f"{prefix}extends")
    layer = _apply_rules(layer, table.get("rules", {}), file, f"{prefix}rules", strict_ids=True)
    limits = limits_from_table(table.get("limits", {}), file, f"{prefix}limits")
    try:
        company = company_settings(table.get("company", {}), f"{prefix}company")
    except ValueError as error:
        raise ConfigError(file, str(error)) from None
    return replace(_config_from_layer(layer, file, preset), limits=limits, company=company)


# -- limits ------------------------------------------------------------------------

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:([KMGT])(?:I?B)?|B)?\s*$", re.IGNORECASE)
_UNITS = {None: 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def parse_size(value: Any) -> int:
    """Bytes from an integer or a size such as "200MB", "1.5 GB", "512k" (units of 1024).

    Raises ValueError for anything else.
    """
    if isinstance(value, bool):
        raise ValueError("a size, not true or false")
    if isinstance(value, int):
        return value
    match = _SIZE.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{value!r} is not a size; write bytes or a size such as \"200MB\"")
    number, unit = match.groups()
    return int(float(number) * _UNITS[unit.upper() if unit else None])


def _limit(field_name: str, value: Any, key: str, file: str) -> int:
    try:
        number = parse_size(value) if field_name == "max_bytes" else value
    except ValueError as error:
        raise ConfigError(file, f"{key}: {error}") from None
    if isinstance(number, bool) or not isinstance(number, int):
        raise ConfigError(file, f"{key}: must be a whole number, not {value!r}")
    ceiling = LIMIT_CEILINGS[field_name]
    if not 1 <= number <= ceiling:
        raise ConfigError(file, f"{key}: must be between 1 and {ceiling:,}, not {number:,}")
    return number


def limits_from_table(table: Any, file: str, prefix: str = "limits") -> Limits:
    """`loader.Limits` from a `[limits]` table; defaults for keys it leaves out."""
    if not isinstance(table, Mapping):
        raise ConfigError(file, f"{prefix}: must be a table")
    values: dict[str, int] = {}
    for key, value in table.items():
        field_name = LIMIT_KEYS.get(key)
        if field_name is None:
            raise ConfigError(
                file,
                f"{prefix}.{key}: unknown limit{_suggest(key, LIMIT_KEYS)} "
                f"(limits: {', '.join(LIMIT_KEYS)})",
            )
        values[field_name] = _limit(field_name, value, f"{prefix}.{key}", file)
    return Limits(**values)


def with_limits(
    config: Config, max_file_size: str | None = None, max_steps: int | None = None
) -> Config:
    """`config` with the command line's `--max-file-size` and `--max-steps` on top."""
    values: dict[str, int] = {}
    if max_file_size is not None:
        values["max_bytes"] = _limit("max_bytes", max_file_size, "--max-file-size", "frictionmap")
    if max_steps is not None:
        values["max_steps"] = _limit("max_steps", max_steps, "--max-steps", "frictionmap")
    if not values:
        return config
    return replace(config, limits=replace(config.limits, **values))


# -- files -----------------------------------------------------------------------


def _read_toml(path: Path, shown: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    try:
        with path.open("rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
            return data
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(shown, f"invalid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(shown, f"cannot read: {error.strerror}") from None


def _tool_table(data: dict[str, Any]) -> Any:
    tool = data.get("tool")
    return tool.get("frictionmap") if isinstance(tool, dict) else None


def find_config(start: Path) -> Path | None:
    """The project config that applies in `start`: the nearest upwards."""
    start = start.resolve()
    for directory in (start, *start.parents):
        candidate = directory / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _tool_table(_read_toml(pyproject, str(pyproject))) is not None:
            return pyproject
    return None


def _shown(path: Path, cwd: Path) -> str:
    """A discovered file as messages name it: relative to where the user stands."""
    try:
        return str(path.relative_to(cwd.resolve()))
    except ValueError:
        return str(path)


def config_from_file(path: Path, shown: str | None = None) -> Config:
    """Read `frictionmap.toml`, or the `[tool.frictionmap]` table of `pyproject.toml`."""
    shown = shown or str(path)
    data = _read_toml(path, shown)
    if path.name == PYPROJECT:
        table = _tool_table(data)
        if table is None:
            raise ConfigError(shown, "no [tool.frictionmap] table")
        return config_from_table(table, shown, "tool.frictionmap.")
    return config_from_table(data, shown)


def load_config(path: str | Path | None = None, cwd: Path | None = None) -> Config:
    """The configuration for a run: `path` if given, else the one found from `cwd` up.

    Without any config file, the `recommended` preset.
    """
    if path is not None:
        explicit = Path(path)
        if not explicit.exists():
            raise ConfigError(str(path), "no such file")
        if not explicit.is_file():
            raise ConfigError(str(path), "is not a file")
        return config_from_file(explicit, str(path))
    here = cwd or Path.cwd()
    found = find_config(here)
    if found is None:
        return preset_config(DEFAULT_PRESET)
    return config_from_file(found, _shown(found, here))
