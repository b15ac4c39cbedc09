"""Charts of the overview report, drawn on the server as SVG text: no JavaScript, readable by
screen readers (a title, a description, and every bar's label and figure as text), and
printable (colours are SVG attributes, so the PDF export draws them too).

- ``bar_chart``: horizontal bars, one per choice, with the count and share written beside it;
- ``choice_chart``: the bar chart of a choice question's figure;
- ``status_map``: the world map of who has reported (``core.maps.world_map``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from meahub.core.maps import MapCategory, MapRegion, WorldMap, world_map
from meahub.reporting.enums import ReportState

WIDTH = 640
LABEL_WIDTH = 220
VALUE_WIDTH = 90
BAR_HEIGHT = 20
GAP = 8
TOP = 8
BAR_COLOUR = "#2f6f9f"
PREVIOUS_COLOUR = "#b7c9d9"
TRACK_COLOUR = "#eef2f6"
TEXT_COLOUR = "#1f2933"
LABEL_CHARACTERS = 34


@dataclass(frozen=True)
class Bar:
    label: str
    share: float  # 0..1: the bar's length
    text: str  # what is written beside it, e.g. "2 (67%)"
    previous: float | None = None  # the previous cycle's share, drawn as a thin bar


def percent(share: float) -> str:
    return f"{round(share * 100):d}%"


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


def bar_chart(*, chart_id: str, title: str, description: str, bars: Sequence[Bar]) -> SafeString:
    """A horizontal bar chart as an ``<svg>`` element. ``chart_id`` makes the ids of its
    title and description unique on the page."""
    with_previous = any(bar.previous is not None for bar in bars)
    row = BAR_HEIGHT + (6 if with_previous else 0) + GAP
    height = TOP * 2 + row * max(len(bars), 1)
    track = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg class="bar-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = TOP + index * row
        middle = y + BAR_HEIGHT / 2
        length = max(0.0, min(1.0, bar.share)) * track
        parts.append("<g>")
        parts.append(f"<title>{escape(bar.label)}: {escape(bar.text)}</title>")
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle:.1f}" text-anchor="end" '
            f'dominant-baseline="middle" font-size="13" fill="{TEXT_COLOUR}">'
            f"{escape(_shorten(bar.label))}</text>"
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{track}" height="{BAR_HEIGHT}" '
            f'fill="{TRACK_COLOUR}"/>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"/>'
        )
        if bar.previous is not None:
            before = max(0.0, min(1.0, bar.previous)) * track
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + BAR_HEIGHT + 1}" width="{before:.1f}" '
                f'height="4" fill="{PREVIOUS_COLOUR}"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + track + 8}" y="{middle:.1f}" dominant-baseline="middle" '
            f'font-size="13" fill="{TEXT_COLOUR}">{escape(bar.text)}</text>'
        )
        parts.append("</g>")
    parts.append("</svg>")
    return SafeString("".join(parts))


def choice_bars(figure: dict[str, Any], previous: dict[str, Any] | None = None) -> list[Bar]:
    """One bar per option of a choices figure: its share of the countries answering."""
    earlier = {o["name"]: o["share"] for o in (previous or {}).get("options", [])}
    return [
        Bar(
            label=option["label"],
            share=option["share"],
            text=f"{option['count']} ({percent(option['share'])})",
            previous=earlier.get(option["name"], 0.0) if previous else None,
        )
        for option in figure["options"]
    ]


def choice_chart(
    chart_id: str, label: str, figure: dict[str, Any], previous: dict[str, Any] | None = None
) -> SafeString:
    """The bar chart of a choice question: each choice's count and share of the ``n``
    countries answering (and the previous cycle's share as a thin bar, when given)."""
    bars = choice_bars(figure, previous)
    summary = "; ".join(f"{bar.label}: {bar.text}" for bar in bars)
    description = _("%(n)s answering. %(summary)s.") % {"n": figure["n"], "summary": summary}
    if previous:
        description += " " + _("Thin bars: the previous cycle's shares.")
    return bar_chart(chart_id=chart_id, title=label, description=description, bars=bars)


def status_map(countries: Sequence[dict[str, Any]]) -> WorldMap:
    """The world map of the countries that must report, coloured by where their report
    stands (``countries`` as in the overview's status head). Categories are
    ``report-<state>``, coloured by ``reporting/cycles.css`` as on the cycle's status page."""
    labels = {state.value: str(state.label) for state in ReportState}
    regions = {
        c["numeric"]: MapRegion(
            category=f"report-{c['state']}",
            title=f"{c['name']} — {labels.get(c['state'], c['state'])}",
        )
        for c in countries
        if c.get("numeric")
    }
    categories = [
        MapCategory(key=f"report-{state.value}", label=str(state.label)) for state in ReportState
    ]
    return world_map(regions, categories)
