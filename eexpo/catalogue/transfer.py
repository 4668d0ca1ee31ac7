"""CSV in and out of the catalogue: the formats of shared/API.md, for organizers' spreadsheets.

An import is planned before anything is written: the file is decoded (UTF-8, with or without a
byte-order mark; other encodings are named and refused), every row is checked, and either every
problem is reported with its line number, or the plan says what each row will do (new, changed,
unchanged) and `apply` writes it all in one transaction. Export writes the same columns back, with
no cell a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import gettext as _

from eexpo.catalogue.kinds import KINDS
from eexpo.catalogue.rows import Key, Kind, Problem, Row
from eexpo.csvfiles import to_csv
from eexpo.errors import DomainError
from eexpo.extensions import db

NEW, CHANGED, UNCHANGED, DELETED = "new", "changed", "unchanged", "deleted"


@dataclass(frozen=True)
class RowError:
    line: int  # 1 is the header
    message: str


class ImportRefused(DomainError):
    """The file cannot be imported; `errors` lists every problem found, by line."""

    status = 422
    code = "import_refused"

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(
            _("Nothing was imported: the file has %(n)d problem(s).", n=len(errors)),
            fields={"file": "invalid"},
        )
        self.errors = errors


@dataclass(frozen=True)
class Change:
    line: int
    key: str
    action: str  # NEW, CHANGED or UNCHANGED
    fields: tuple[str, ...] = ()  # the columns that change


@dataclass
class Plan:
    kind: Kind
    rows: list[dict[str, str]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    # Stored rows the file does not have, (id, key): what `--prune` deletes.
    missing: list[tuple[int, str]] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)


def kind_named(name: str) -> Kind:
    kind = KINDS.get(name)
    if kind is None:
        raise DomainError(_("Unknown kind %(kind)s.", kind=name))
    return kind


def decode(data: bytes) -> str:
    """The file's text, if it is UTF-8; otherwise a clear refusal naming what it seems to be."""
    limit = current_app.config["MAX_CSV_BYTES"]
    if len(data) > limit:
        mb = len(data) / 1024 / 1024
        raise ImportRefused(
            [RowError(0, _("The file is %(size).1f MB; at most %(limit)d MB can be imported.",
                           size=mb, limit=limit // 1024 // 1024))]
        )  # fmt: skip
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ImportRefused([RowError(_line_of(data, error.start), _not_utf8(data))]) from None
    return text.removeprefix("\ufeff")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _not_utf8(data: bytes) -> str:
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return _(
            "The file is not UTF-8: it looks like GBK (Chinese Windows encoding). "
            "Save it as “CSV UTF-8” and import it again."
        )
    return _(
        "The file is not UTF-8: it looks like Latin-1 or Windows-1252. "
        "Save it as “CSV UTF-8” and import it again."
    )


def read(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-blank rows with their line numbers."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise ImportRefused([RowError(1, _("The file is empty."))]) from None
    except csv.Error as error:
        raise ImportRefused([RowError(1, str(error))]) from None
    rows = []
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((reader.line_num, cells))
    except csv.Error as error:
        raise ImportRefused([RowError(reader.line_num, str(error))]) from None
    return header, rows


def plan_import(kind_name: str, data: bytes) -> Plan:
    """Check the whole file; ImportRefused lists every bad row, else the plan of what changes
    (and of what `--prune` would delete: the stored rows the file does not have)."""
    kind = kind_named(kind_name)
    header, rows = read(decode(data))
    errors = _header_errors(kind, header)
    if errors:
        raise ImportRefused(errors)
    context = kind.context()
    existing = kind.existing()
    by_id = {row["id"]: row for row in existing.values() if "id" in row}
    seen: dict[tuple[str, ...], int] = {}
    claimed: dict[str, int] = {}  # stored rows' ids, by the line that updates them
    plan = Plan(kind)
    lines: list[int] = []
    for line, cells in rows:
        if len(cells) > len(header):
            errors.append(RowError(line, _("The row has more cells than the header.")))
            continue
        values = {
            name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)
        }
        try:
            row = kind.parse(values, context)
        except Problem as problem:
            messages = problem.messages
            raw_key = tuple(values.get(name, "") for name in kind.key)
            if kind.key and raw_key in seen:
                messages = [*messages, _("The same key as line %(line)d.", line=seen[raw_key])]
            seen.setdefault(raw_key, line)  # a bad row's repeat is reported too
            errors.append(RowError(line, "; ".join(messages)))
            continue
        key = kind.key_of(row)
        if key in seen:
            errors.append(RowError(line, _("The same key as line %(line)d.", line=seen[key])))
            continue
        seen[key] = line
        if not kind.single:
            refusal = _identify(row, values.get("id", ""), existing.get(key), by_id, claimed, line)
            if refusal:
                errors.append(RowError(line, refusal))
                continue
        plan.rows.append(row)
        lines.append(line)
    left_out = [name for name in kind.optional if name not in header]
    if left_out:
        for row in plan.rows:
            kind.keep_stored(row, _stored(kind, existing, by_id, row), left_out)
    errors.extend(
        RowError(line, message) for line, message in kind.check_together(plan.rows, lines)
    )
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.line))
    if kind.single and len(plan.rows) != 1:
        raise ImportRefused([RowError(2, _("This file must have exactly one row."))])
    for line, row in zip(lines, plan.rows, strict=True):
        before = _stored(kind, existing, by_id, row)
        label = " · ".join(kind.key_of(row))
        if not before:
            plan.changes.append(Change(line, label, NEW))
        else:
            changed = tuple(c for c in kind.columns if before.get(c, "") != row.get(c, ""))
            plan.changes.append(Change(line, label, CHANGED if changed else UNCHANGED, changed))
    plan.missing = [(int(row["id"]), " · ".join(key)) for key, row in existing.items()
                    if "id" in row and row["id"] not in claimed]  # fmt: skip
    return plan


def _identify(
    row: Row,
    given: str,
    same_key: Row | None,
    by_id: dict[str, Row],
    claimed: dict[str, int],
    line: int,
) -> str | None:
    """Set the stored row a file row updates (`row["id"]`, "" for a new one): the one with its
    id, else the one with its key. A problem when the id is unknown, taken by an earlier line,
    or the key is another stored row's."""
    if given and given not in by_id:
        return _("id: there is no row %(id)s (leave the id empty for a new row)", id=given)
    target = given or (same_key["id"] if same_key else "")
    if same_key is not None and same_key["id"] != target:
        return _("The key is row %(id)s's already; rename that row first, or give its id.",
                 id=same_key["id"])  # fmt: skip
    if target in claimed:
        return _("Line %(line)d already updates row %(id)s.", line=claimed[target], id=target)
    if target:
        claimed[target] = line
    row["id"] = target
    return None


def _stored(kind: Kind, existing: dict[Key, Row], by_id: dict[str, Row], row: Row) -> Row:
    """What is stored for the row ({} for a new one)."""
    if kind.single:
        return existing.get((), {})
    return by_id.get(row["id"], {})


def _header_errors(kind: Kind, header: list[str]) -> list[RowError]:
    errors = []
    missing = [name for name in kind.columns if name not in header and name not in kind.optional]
    if missing:
        errors.append(RowError(1, _("Missing column(s): %(names)s.", names=", ".join(missing))))
    unknown = [name for name in header if name not in kind.header]
    if unknown:
        errors.append(RowError(1, _("Unknown column(s): %(names)s.", names=", ".join(unknown))))
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        errors.append(RowError(1, _("Repeated column(s): %(names)s.", names=", ".join(repeated))))
    return errors


def apply(plan: Plan, *, prune: bool = False) -> dict[str, int]:
    """Write the planned rows and, with `prune`, delete the stored rows the file does not have
    (the caller commits, or rolls back on ImportRefused: a row that cannot go refuses it all).
    Says how many rows were new, changed, kept and deleted."""
    plan.kind.write([row for row, change in zip(plan.rows, plan.changes, strict=True)
                     if change.action != UNCHANGED])  # fmt: skip
    db.session.flush()
    refusals = []
    for row_id, label in plan.missing if prune else []:
        try:
            plan.kind.delete(row_id)
            db.session.flush()
        except Problem as problem:
            refusals.append(RowError(0, f"{label}: {' '.join(problem.messages)}"))
    if refusals:
        raise ImportRefused(refusals)
    counts = {action: plan.count(action) for action in (NEW, CHANGED, UNCHANGED)}
    return {**counts, DELETED: len(plan.missing) if prune else 0}


def import_csv(kind_name: str, data: bytes, *, prune: bool = False) -> dict[str, int]:
    return apply(plan_import(kind_name, data), prune=prune)


def export_csv(kind_name: str) -> bytes:
    kind = kind_named(kind_name)
    rows: list[dict[str, Any]] = list(kind.existing().values())
    return to_csv(kind.header, ([row.get(c, "") for c in kind.header] for row in rows))
