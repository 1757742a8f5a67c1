"""Where the two sides of a diff come from: files, or `REV:PATH` read from git.

A side is a file path, or `REV:PATH` read with `git show` (never by checking
anything out, never writing anything). A spec is a revision only where it is
not an existing file and the part before the first `:` names a commit
(`git rev-parse --verify --quiet REV^{commit}`), so that `C:\\journey.yaml`
and `notes:v2.yaml` stay files. PATH is read as git reads it: from the top of
the repository, or from the current directory when it starts with `./`.

`changed_journeys(base, paths)` lists the journeys changed between a revision
and the working tree: `git diff --name-status --no-renames` (a moved file is
a deleted journey plus an added one, as a renamed step is), plus untracked
files that are not ignored, as added journeys.

Every git call is a list of arguments (no shell); a revision starting with
`-` is refused so that it cannot be read as an option.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .analysis import analyse
from .config import Config
from .diff import DiffReport, JourneyDiff, RenameError, applicable_renames, diff_journeys
from .loader import DEFAULT_LIMITS, InvalidJourney, Limits, decode
from .report import JourneyResult
from .sources import (
    STDIN,
    STDIN_NAME,
    is_hidden,
    is_journey_name,
    load_input,
    load_text,
    shown_name,
)


class InputError(Exception):
    """A side that cannot be read or is not a valid journey; `messages` say why, precisely."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass(frozen=True)
class Side:
    """One side of a diff: what reports call it, and where it is read from.

    `path` is set for a working-tree file (so that outputs never overwrite it);
    `revision` and `git_path` for a `REV:PATH` side; `stdin` for `-`.
    """

    label: str
    path: Path | None = None
    revision: str | None = None
    git_path: str | None = None
    stdin: bool = False


@dataclass(frozen=True)
class Pair:
    """A journey changed since the base revision; a side is None where it does not exist."""

    before: Side | None
    after: Side | None


# -- git -----------------------------------------------------------------------


def _git(
    args: list[str], cwd: Path | None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
            input=stdin if stdin is not None else b"",
        )
    except FileNotFoundError:
        raise InputError(["git is not installed (needed to read revisions)"]) from None


def _git_error(result: subprocess.CompletedProcess[bytes]) -> str:
    text = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return text[-1].removeprefix("fatal: ") if text else f"git exited with {result.returncode}"


def repository_root(cwd: Path | None = None) -> Path | None:
    """The top of the working tree holding `cwd`, or None outside a git repository."""
    result = _git(["rev-parse", "--show-toplevel"], cwd)
    if result.returncode != 0:
        return None
    return Path(result.stdout.decode("utf-8", "replace").rstrip("\n"))


def commit_of(revision: str, cwd: Path | None = None) -> str | None:
    """The commit a revision names, or None where it names none."""
    if not revision or revision.startswith("-"):
        return None
    result = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], cwd)
    if result.returncode != 0:
        return None
    return result.stdout.decode("ascii").strip() or None


def _require_repository(cwd: Path | None, why: str) -> Path:
    root = repository_root(cwd)
    if root is None:
        where = cwd or Path.cwd()
        raise InputError([f"{why}: '{where}' is not in a git repository"])
    return root


# -- sides ---------------------------------------------------------------------


def resolve_side(spec: str, cwd: Path | None = None) -> Side:
    """A file path, `-`, or a `REV:PATH` whose revision exists; `InputError` otherwise."""
    if spec == STDIN:
        return Side(STDIN_NAME, stdin=True)
    here = cwd or Path.cwd()
    path = here / spec
    if path.is_file():
        return Side(shown_name(spec), path=path)
    revision, colon, git_path = spec.partition(":")
    looks_like_revision = bool(colon and revision and git_path)
    if (
        looks_like_revision
        and repository_root(cwd) is not None
        and commit_of(revision, cwd) is not None
    ):
        return Side(shown_name(spec), revision=revision, git_path=git_path)
    if path.is_dir():
        raise InputError([f"{spec}: is a directory; diff compares two journey files"])
    if looks_like_revision:
        if repository_root(cwd) is None:
            raise InputError(
                [f"{spec}: no such file, and not REV:PATH either: not in a git repository"]
            )
        raise InputError(
            [f"{spec}: no such file, and '{revision}' is not a revision of this repository"]
        )
    raise InputError([f"{spec}: no such file or directory"])


def read_side(side: Side, cwd: Path | None = None, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """The text of a revision side (None for a file side, which the loader reads)."""
    if side.revision is None or side.git_path is None:
        return None
    commit = commit_of(side.revision, cwd)
    if commit is None:
        raise InputError([f"{side.label}: '{side.revision}' is not a revision of this repository"])
    target = f"{commit}:{side.git_path}"
    # One call for the type and size: "<object> <type> <size>", or "<name> missing".
    check = _git(["cat-file", "--batch-check"], cwd, stdin=f"{target}\n".encode())
    fields = check.stdout.decode("utf-8", "replace").split()
    if check.returncode != 0 or len(fields) != 3:
        raise InputError([f"{side.label}: no file '{side.git_path}' in revision '{side.revision}'"])
    if fields[1] != "blob":
        raise InputError([f"{side.label}: is not a file in revision '{side.revision}'"])
    bytes_ = int(fields[2])
    if bytes_ > limits.max_bytes:
        raise InputError(
            [f"{side.label}:1:1: file is {bytes_} bytes, over the {limits.max_bytes}-byte limit"]
        )
    shown = _git(["show", "--no-textconv", target], cwd)
    if shown.returncode != 0:
        raise InputError([f"{side.label}: {_git_error(shown)}"])
    return _decoded(shown.stdout, side.label)


def _decoded(raw: bytes, label: str) -> str:
    try:
        return decode(raw, label)
    except InvalidJourney as error:
        raise InputError(_problems(error)) from None


def _problems(error: InvalidJourney) -> list[str]:
    """The loader's `file:line:column: message`, one line per problem."""
    return error.lines()


def load_side(
    side: Side,
    config: Config | None = None,
    cwd: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> JourneyResult:
    """Read, load and analyse one side; `InputError` with the loader's messages when invalid."""
    try:
        if side.stdin or side.path is not None:
            loaded = load_input(STDIN if side.stdin else str(side.path), limits, side.label)
        else:
            text = read_side(side, cwd, limits)
            assert text is not None
            loaded = load_text(text, side.label, limits)
    except InvalidJourney as error:
        raise InputError(_problems(error)) from None
    return analyse(loaded, config)


# -- changed journeys ------------------------------------------------------------


def _display(root: Path, path: str, here: Path) -> str:
    """A root-relative git path as the user would type it from `here`."""
    absolute = root / path
    try:
        return str(absolute.relative_to(here))
    except ValueError:
        return str(absolute)


def changed_journeys(base: str, paths: list[str], cwd: Path | None = None) -> list[Pair]:
    """Journeys changed between `base` and the working tree, within `paths`, sorted.

    Added (also untracked, not ignored) journeys have no before-side, deleted
    ones no after-side. Git's rename detection is off: it pairs files by
    similarity, and two journeys from one template are similar without being
    one journey. Files under a hidden directory are skipped unless named exactly.
    """
    here = (cwd or Path.cwd()).resolve()
    root = _require_repository(cwd, f"--base {base}").resolve()
    commit = commit_of(base, cwd)
    if commit is None:
        raise InputError([f"--base: '{base}' is not a revision of this repository"])
    paths = paths or ["."]
    named: set[str] = set()
    for name in paths:
        absolute = (here / name).resolve()
        try:
            relative = absolute.relative_to(root).as_posix()
        except ValueError:
            raise InputError([f"{name}: is outside the repository at '{root}'"]) from None
        if absolute.is_file():
            named.add(relative)
        elif (
            not absolute.exists()
            and _git(["cat-file", "-e", f"{commit}:{relative}"], cwd).returncode
        ):
            raise InputError([f"{name}: no such file or directory, here or in '{base}'"])
    diff = _git(
        ["diff", "--name-status", "-z", "--no-renames", "--no-ext-diff", commit, "--", *paths],
        cwd,
    )
    if diff.returncode != 0:
        raise InputError([f"--base {base}: {_git_error(diff)}"])
    untracked = _git(
        ["ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--", *paths], cwd
    )
    if untracked.returncode != 0:
        raise InputError([f"--base {base}: {_git_error(untracked)}"])
    entries = _name_status(diff.stdout)
    new_files = untracked.stdout.decode("utf-8", "replace").split("\0")
    entries += [("A", None, path) for path in new_files if path]

    def wanted(path: str | None) -> bool:
        return path is not None and is_journey_name(path) and (path in named or not is_hidden(path))

    pairs: list[tuple[str, Pair]] = []
    for _, old, new in entries:
        old = old if wanted(old) else None
        new = new if wanted(new) else None
        if old is None and new is None:
            continue
        before = Side(f"{base}:{old}", revision=commit, git_path=old) if old else None
        after = None
        if new is not None:
            shown = _display(root, new, here)
            after = Side(shown, path=root / new)
        pairs.append((new or old or "", Pair(before, after)))
    return [pair for _, pair in sorted(pairs, key=lambda item: item[0])]


def _name_status(raw: bytes) -> list[tuple[str, str | None, str | None]]:
    """`git diff --name-status -z` -> (status, old path, new path), root-relative."""
    fields = raw.decode("utf-8", "replace").split("\0")
    entries: list[tuple[str, str | None, str | None]] = []
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index][0]
        if status in "RC":  # only with rename detection on; kept for safety
            old, new = fields[index + 1], fields[index + 2]
            index += 3
            entries.append((status, old if status == "R" else None, new))
            continue
        path = fields[index + 1]
        index += 2
        if status == "A":
            entries.append((status, None, path))
        elif status == "D":
            entries.append((status, path, None))
        else:  # M, T (type change), U (unmerged): the same path on both sides
            entries.append((status, path, path))
    return entries


# -- whole runs ------------------------------------------------------------------


@dataclass(frozen=True)
class DiffRun:
    """The diffs that could be made, the precise reasons for those that could not,
    and the working-tree files read (which outputs must never overwrite)."""

    report: DiffReport
    errors: tuple[str, ...]
    inputs: tuple[Path, ...]


def config_name(config: Config | None) -> str:
    """The configuration a diff used (`inputs.config_name`); the defaults without one."""
    from .config import default_config
    from .inputs import config_name as name

    return name(config or default_config())


def parse_renames(items: list[str]) -> dict[str, str]:
    """`old=new` pairs; `InputError` for a malformed or repeated one."""
    renames: dict[str, str] = {}
    for item in items:
        old, sep, new = item.partition("=")
        old, new = old.strip(), new.strip()
        if not sep or not old or not new:
            raise InputError([f"--rename '{item}': write it as old=new (two step ids)"])
        if old in renames and renames[old] != new:
            raise InputError([f"--rename: step '{old}' is renamed twice"])
        renames[old] = new
    return renames


def _load(
    side: Side | None,
    config: Config | None,
    cwd: Path | None,
    errors: list[str],
    limits: Limits = DEFAULT_LIMITS,
) -> JourneyResult | None:
    if side is None:
        return None
    try:
        return load_side(side, config, cwd, limits)
    except InputError as error:
        errors.extend(error.messages)
        return None


def diff_sides(
    before: str,
    after: str,
    renames: dict[str, str] | None = None,
    config: Config | None = None,
    cwd: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> DiffRun:
    """`frictionmap diff BEFORE AFTER`: each side a file or `REV:PATH`."""
    errors: list[str] = []
    sides: list[Side | None] = []
    for spec in (before, after):
        try:
            sides.append(resolve_side(spec, cwd))
        except InputError as error:
            errors.extend(error.messages)
            sides.append(None)
    inputs = tuple(s.path for s in sides if s is not None and s.path is not None)
    results = [_load(side, config, cwd, errors, limits) for side in sides]
    if errors or results[0] is None or results[1] is None:
        return DiffRun(DiffReport((), __version__, config_name(config)), tuple(errors), inputs)
    try:
        diff = diff_journeys(results[0], results[1], renames or {})
    except RenameError as error:
        return DiffRun(
            DiffReport((), __version__, config_name(config)), (f"--rename: {error}",), inputs
        )
    return DiffRun(DiffReport((diff,), __version__, config_name(config)), (), inputs)


def diff_base(
    base: str,
    paths: list[str],
    renames: dict[str, str] | None = None,
    config: Config | None = None,
    cwd: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> DiffRun:
    """`frictionmap diff --base REV [PATH...]`: every journey changed since `base`.

    A journey that cannot be read is reported in `errors` and never stops the
    others. Each rename applies to the journeys where both ids fit; one that
    fits none is an error.
    """
    renames = renames or {}
    pairs = changed_journeys(base, paths, cwd)
    errors: list[str] = []
    diffs: list[JourneyDiff] = []
    used: set[str] = set()
    for pair in pairs:
        results = [
            _load(pair.before, config, cwd, errors, limits),
            _load(pair.after, config, cwd, errors, limits),
        ]
        if (pair.before is not None and results[0] is None) or (
            pair.after is not None and results[1] is None
        ):
            continue
        fitting = applicable_renames(renames, results[0], results[1])
        used.update(fitting)
        try:
            diffs.append(diff_journeys(results[0], results[1], fitting))
        except RenameError as error:
            errors.append(f"--rename: {error}")
    for old in sorted(set(renames) - used):
        errors.append(
            f"--rename {old}={renames[old]}: no changed journey has a step '{old}' "
            f"before and a step '{renames[old]}' after"
        )
    inputs = tuple(p.after.path for p in pairs if p.after is not None and p.after.path is not None)
    return DiffRun(
        DiffReport(tuple(diffs), __version__, config_name(config)), tuple(errors), inputs
    )


__all__ = [
    "DiffRun",
    "InputError",
    "Pair",
    "Side",
    "changed_journeys",
    "commit_of",
    "diff_base",
    "diff_sides",
    "load_side",
    "parse_renames",
    "read_side",
    "repository_root",
    "resolve_side",
]
