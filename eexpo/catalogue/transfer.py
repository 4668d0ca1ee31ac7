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
from eexpo.catalogue.rows import Kind, Problem
from eexpo.csvfiles import to_csv
from eexpo.errors import DomainError
from eexpo.extensions import db

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"


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
    """Check the whole file; ImportRefused lists every bad row, else the plan of what changes."""
    kind = kind_named(kind_name)
    header, rows = read(decode(data))
    errors = _header_errors(kind, header)
    if errors:
        raise ImportRefused(errors)
    context = kind.context()
    seen: dict[tuple[str, ...], int] = {}
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
        plan.rows.append(row)
        lines.append(line)
    existing = kind.existing()
    left_out = [name for name in kind.optional if name not in header]
    if left_out:
        for row in plan.rows:
            kind.keep_stored(row, existing.get(kind.key_of(row), {}), left_out)
    errors.extend(
        RowError(line, message) for line, message in kind.check_together(plan.rows, lines)
    )
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.line))
    if kind.single and len(plan.rows) != 1:
        raise ImportRefused([RowError(2, _("This file must have exactly one row."))])
    for line, row in zip(lines, plan.rows, strict=True):
        key = kind.key_of(row)
        before = existing.get(key)
        label = " · ".join(key)
        if before is None:
            plan.changes.append(Change(line, label, NEW))
        else:
            changed = tuple(c for c in kind.columns if before.get(c, "") != row.get(c, ""))
            plan.changes.append(Change(line, label, CHANGED if changed else UNCHANGED, changed))
    return plan


def _header_errors(kind: Kind, header: list[str]) -> list[RowError]:
    errors = []
    missing = [name for name in kind.columns if name not in header and name not in kind.optional]
    if missing:
        errors.append(RowError(1, _("Missing column(s): %(names)s.", names=", ".join(missing))))
    unknown = [name for name in header if name not in kind.columns]
    if unknown:
        errors.append(RowError(1, _("Unknown column(s): %(names)s.", names=", ".join(unknown))))
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        errors.append(RowError(1, _("Repeated column(s): %(names)s.", names=", ".join(repeated))))
    return errors


def apply(plan: Plan) -> dict[str, int]:
    """Write the planned rows (the caller commits) and say how many were new, changed, kept."""
    plan.kind.write([row for row, change in zip(plan.rows, plan.changes, strict=True)
                     if change.action != UNCHANGED])  # fmt: skip
    db.session.flush()
    return {action: plan.count(action) for action in (NEW, CHANGED, UNCHANGED)}


def import_csv(kind_name: str, data: bytes) -> dict[str, int]:
    return apply(plan_import(kind_name, data))


def export_csv(kind_name: str) -> bytes:
    kind = kind_named(kind_name)
    rows: list[dict[str, Any]] = list(kind.existing().values())
    return to_csv(kind.columns, ([row.get(c, "") for c in kind.columns] for row in rows))
