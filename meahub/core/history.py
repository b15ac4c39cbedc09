"""Readable change logs from django-simple-history's historical tables.

A historical row records the whole object after each save; what changed is found by diffing
each row against the row before it for the same object (``diff_against``). Rows are given in
bulk, already fetched, so a page builds its log with a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "+": pgettext_lazy("history", "created"),
    "~": pgettext_lazy("history", "changed"),
    "-": pgettext_lazy("history", "deleted"),
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class ChangeEntry:
    """One change: what (``label``, ``url``), who, when, and the fields it changed."""

    when: dt.datetime
    who: str
    register: str
    label: str
    url: str
    action: str
    reason: str
    changes: list[FieldChange]


def user_label(user: Any) -> str:
    """Who made a change: their full name, else their user name; the system when no one."""
    if user is None:
        return str(_("system"))
    return str(user.get_full_name() or user.username)


def _display(
    field: models.Field[Any, Any], value: object, names: dict[tuple[str, Any], str]
) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(field, models.ForeignKey):
        return names.get((field.name, value), f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def change_log(
    records: Iterable[Any],
    *,
    register: str,
    label: Callable[[Any], str],
    url: Callable[[Any], str],
    limit: int,
    excluded_fields: Sequence[str] = (),
) -> list[ChangeEntry]:
    """The newest ``limit`` changes among ``records`` (historical rows of one model), each
    with its field changes. Pass every historical row of the objects concerned, so each row
    can be diffed against the one before it; foreign keys that changed are shown by name
    (one query per related model that appears in a change, none otherwise).
    """
    by_object: dict[Any, list[Any]] = defaultdict(list)
    for record in records:
        by_object[getattr(record, record.instance_type._meta.pk.attname)].append(record)
    pairs: list[tuple[Any, Any | None]] = []
    for rows in by_object.values():
        rows.sort(key=lambda r: (r.history_date, r.history_id))
        pairs.extend(zip(rows, [None, *rows[:-1]], strict=True))
    pairs.sort(key=lambda pair: (pair[0].history_date, pair[0].history_id), reverse=True)
    pairs = pairs[:limit]

    deltas = {}
    wanted: dict[str, set[Any]] = defaultdict(set)
    fields: dict[str, models.Field[Any, Any]] = {}
    for new, old in pairs:
        if old is None or new.history_type != "~":
            continue
        delta = new.diff_against(old, excluded_fields=excluded_fields)
        deltas[new.history_id] = delta
        for change in delta.changes:
            field = new.instance_type._meta.get_field(change.field)
            fields[change.field] = field
            if isinstance(field, models.ForeignKey):
                wanted[change.field].update(v for v in (change.old, change.new) if v is not None)
    names: dict[tuple[str, Any], str] = {}
    for name, ids in wanted.items():
        related = fields[name].related_model
        assert isinstance(related, type)
        for obj in related._default_manager.filter(pk__in=ids):
            names[(name, obj.pk)] = str(obj)

    entries = []
    for new, _old in pairs:
        delta = deltas.get(new.history_id)
        changes = [
            FieldChange(
                field=str(fields[c.field].verbose_name),
                old=_display(fields[c.field], c.old, names),
                new=_display(fields[c.field], c.new, names),
            )
            for c in (delta.changes if delta else [])
        ]
        entries.append(
            ChangeEntry(
                when=new.history_date,
                who=user_label(new.history_user),
                register=register,
                label=label(new),
                url=url(new),
                action=str(ACTIONS.get(new.history_type, new.history_type)),
                reason=new.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def merge_newest(logs: Iterable[list[ChangeEntry]], limit: int) -> list[ChangeEntry]:
    """Several change logs as one, newest first."""
    merged = [entry for log in logs for entry in log]
    merged.sort(key=lambda entry: entry.when, reverse=True)
    return merged[:limit]
