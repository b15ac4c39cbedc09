"""Carry-over on revision (step 2 of the lifecycle in ``meahub.mandates.services``): the
mandates of a revised resolution are linked to those of the version it supersedes through
the paragraph alignment."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from meahub.documents.alignment import align
from meahub.documents.models import Document, Supersession
from meahub.documents.selectors import alignment_items_of
from meahub.mandates.enums import OPEN_STATUSES, MandateStatus, ReviewReason, Timing
from meahub.mandates.models import Mandate
from meahub.mandates.services.ingest import update_rows
from meahub.permissions.mandates import can_edit_mandates_of

# Actors that are one office under two names: a revision that asks the Secretariat what the
# earlier version asked of the Executive Secretary carries the same mandate on.
SAME_OFFICE = (frozenset({"Secretariat", "Executive Secretary"}),)


def same_office(first: str, second: str) -> bool:
    """Whether two actor names are the same office (``SAME_OFFICE``)."""
    return first == second or any({first, second} <= names for names in SAME_OFFICE)


@dataclass(frozen=True)
class CarryOver:
    """What one carry-over did: links made, and mandates put on the review list."""

    linked: int = 0
    no_predecessor: int = 0
    no_successor: int = 0

    def __add__(self, other: CarryOver) -> CarryOver:
        return CarryOver(
            self.linked + other.linked,
            self.no_predecessor + other.no_predecessor,
            self.no_successor + other.no_successor,
        )


def inherited_status(predecessor: Mandate, successor: Mandate) -> str:
    """The status a new version's mandate starts from when it carries ``predecessor`` on.

    Work under way goes on (*in progress* and *ongoing* carry over as they are). A mandate
    *done* under the earlier version is asked again by the new one, so it is open again: a
    standing one is *ongoing*, a time-bound one (a new deliverable, a new deadline) *not
    started*. Anything else starts *not started*.
    """
    if predecessor.status in (MandateStatus.IN_PROGRESS, MandateStatus.ONGOING):
        return predecessor.status
    if predecessor.status == MandateStatus.DONE:
        return (
            MandateStatus.ONGOING
            if successor.timing == Timing.STANDING
            else MandateStatus.NOT_STARTED
        )
    return MandateStatus.NOT_STARTED


def take_over(successor: Mandate, predecessor: Mandate) -> None:
    """Link ``successor`` to ``predecessor``: the new one takes the owner and an open status
    when nobody has tracked it yet; the old one is superseded."""
    successor.predecessor = predecessor
    successor.review = ReviewReason.NONE
    if successor.status == MandateStatus.NOT_STARTED and successor.owner_id is None:
        successor.status = inherited_status(predecessor, successor)
        successor.owner_id = predecessor.owner_id
    if predecessor.status != MandateStatus.RETIRED:
        predecessor.status = MandateStatus.SUPERSEDED
    predecessor.review = ReviewReason.NONE


def _settled(mandates: Iterable[Mandate], reason: str) -> set[int]:
    """Ids of those of ``mandates`` a person took off the review list: they were once on it
    for ``reason`` (their history says so) and no longer are. Carry-over leaves them be."""
    candidates = [m.pk for m in mandates if not m.review]
    if not candidates:
        return set()
    history = Mandate.history.model.objects
    return set(history.filter(id__in=candidates, review=reason).values_list("id", flat=True))


def carry_over_into(document: Document, *, by: Any) -> CarryOver:
    """Link the mandates of ``document`` to those of the versions it supersedes, and those of
    the held versions that supersede it to its own (a predecessor may arrive after its
    revision). See ``carry_over`` for one pair. Does nothing for a document that is not a
    held resolution or decision."""
    if document.is_placeholder or not document.is_decision_text:
        return CarryOver()
    links = (
        Supersession.objects.filter(Q(new=document) | Q(old=document))
        .select_related("old", "new")
        .defer("old__text", "new__text")
    )
    result = CarryOver()
    for link in links:
        if link.old.is_placeholder or link.new.is_placeholder:
            continue
        if not (link.old.is_decision_text and link.new.is_decision_text):
            continue
        result += carry_over(old=link.old, new=link.new, by=by)
    return result


def carry_over(*, old: Document, new: Document, by: Any) -> CarryOver:
    """Carry the mandates of ``old`` over to ``new``, which supersedes it.

    The paragraphs are aligned (``documents.alignment.align``). A mandate of ``new`` with no
    predecessor yet takes, among the mandates of ``old`` on the paragraph(s) aligned with its
    own, one with the same actor (or the same office under another name, ``SAME_OFFICE``):
    the same actor first, then the same verb, then the closer pair, then the same verb
    position; one-to-one first, then (a paragraph split in two) a mandate already taken.
    Its predecessor turns superseded and keeps its evidence. A mandate of ``new`` left without
    one goes on the review list (*no predecessor*), and so does an open mandate of ``old``
    nothing carries on (*no successor*), unless a person already settled it. Links made
    earlier, by this step or by a person, are kept, so running it again changes nothing.
    Raises PermissionDenied for a user who may not edit the mandates of ``new``.
    """
    if by is not None and not can_edit_mandates_of(by, new.instrument):
        raise PermissionDenied
    old_mandates = list(
        Mandate.objects.filter(document=old)
        .select_related("actor")
        .exclude(paragraph=None)
        .exclude(status=MandateStatus.RETIRED)
    )
    if not old_mandates:
        return CarryOver()
    new_mandates = list(
        Mandate.objects.filter(document=new)
        .select_related("actor")
        .exclude(paragraph=None)
        .exclude(status=MandateStatus.RETIRED)
    )
    old_paragraphs = list(old.paragraphs.order_by("position"))
    new_paragraphs = list(new.paragraphs.order_by("position"))
    alignment = align(alignment_items_of(old_paragraphs), alignment_items_of(new_paragraphs))
    old_ids = {p.anchor: p.pk for p in old_paragraphs}
    new_ids = {p.anchor: p.pk for p in new_paragraphs}
    sources: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for pair in alignment.pairs:
        sources[new_ids[pair.new]].append((old_ids[pair.old], pair.score))
    old_by_paragraph: dict[int, list[Mandate]] = defaultdict(list)
    for mandate in old_mandates:
        old_by_paragraph[mandate.paragraph_id or 0].append(mandate)
    old_by_id = {m.pk: m for m in old_mandates}

    settled_new = _settled(
        (m for m in new_mandates if m.predecessor_id is None), ReviewReason.NO_PREDECESSOR
    )
    claimed = {m.predecessor_id for m in new_mandates if m.predecessor_id in old_by_id}
    edges: list[tuple[tuple[bool, bool, float, bool, int, int], Mandate, Mandate]] = []
    waiting = [m for m in new_mandates if m.predecessor_id is None and m.pk not in settled_new]
    for successor in waiting:
        for paragraph_id, score in sources.get(successor.paragraph_id or 0, []):
            for candidate in old_by_paragraph.get(paragraph_id, []):
                same_actor = candidate.actor_id == successor.actor_id
                if not (same_actor or same_office(candidate.actor.name, successor.actor.name)):
                    continue
                rank = (
                    same_actor,
                    candidate.verb == successor.verb,
                    score,
                    candidate.verb_index == successor.verb_index,
                    -abs(candidate.verb_index - successor.verb_index),
                    -candidate.pk,
                )
                edges.append((rank, successor, candidate))
    edges.sort(key=lambda edge: edge[0], reverse=True)
    chosen: dict[int, Mandate] = {}
    for _, successor, candidate in edges:  # one to one, best first
        if successor.pk not in chosen and candidate.pk not in claimed:
            chosen[successor.pk] = candidate
            claimed.add(candidate.pk)
    for _, successor, candidate in edges:  # then a paragraph's second half takes it too
        chosen.setdefault(successor.pk, candidate)

    changed: dict[int, Mandate] = {}
    linked = 0
    for successor in waiting:
        predecessor = chosen.get(successor.pk)
        if predecessor is not None:
            take_over(successor, predecessor)
            changed[successor.pk] = successor
            changed[predecessor.pk] = predecessor
            linked += 1
        elif successor.review != ReviewReason.NO_PREDECESSOR:
            successor.review = ReviewReason.NO_PREDECESSOR
            changed[successor.pk] = successor

    carried = claimed | {m.pk for m in chosen.values()}
    carried |= set(
        Mandate.objects.filter(predecessor__in=list(old_by_id))
        .exclude(document=new)
        .values_list("predecessor_id", flat=True)
    )
    orphans = [m for m in old_mandates if m.pk not in carried and m.status in OPEN_STATUSES]
    settled_old = _settled(orphans, ReviewReason.NO_SUCCESSOR)
    for mandate in orphans:
        if mandate.pk not in settled_old and mandate.review != ReviewReason.NO_SUCCESSOR:
            mandate.review = ReviewReason.NO_SUCCESSOR
            changed[mandate.pk] = mandate
    for mandate in old_mandates:
        if mandate.pk in carried and mandate.review == ReviewReason.NO_SUCCESSOR:
            mandate.review = ReviewReason.NONE
            changed[mandate.pk] = mandate
    update_rows(list(changed.values()), ["predecessor", "review", "status", "owner"], by=by)
    return CarryOver(
        linked=linked,
        no_predecessor=sum(1 for m in new_mandates if m.review == ReviewReason.NO_PREDECESSOR),
        no_successor=sum(1 for m in old_mandates if m.review == ReviewReason.NO_SUCCESSOR),
    )
