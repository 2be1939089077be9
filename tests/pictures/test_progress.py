"""Progress pictures: months of needs posted and met, and the pairing funnel."""

from __future__ import annotations

import pytest

from matchmaker.pictures import draw_funnel, draw_monthly
from matchmaker.pictures.progress import month_label
from matchmaker.pictures.shapes import FunnelStage
from tests.pictures import ids_starting, months, stages, texts


def test_two_bars_a_month_with_readable_months() -> None:
    counts = months(6)
    svg = draw_monthly(counts)
    expected = {f"month-{m.month}-{part}" for m in counts for part in ("posted", "met")}
    assert set(ids_starting(svg, "month-")) == expected
    shown = texts(svg)
    assert {"Oct 2025", "Jan 2026", "Mar 2026"} <= set(shown)
    assert {"Needs posted", "Needs met (first pairing completed)"} <= set(shown)


def test_many_months_put_the_year_under_the_month() -> None:
    counts = months(14)
    svg = draw_monthly(counts)
    assert len(ids_starting(svg, "month-")) == 28
    assert {"Oct", "2025", "Nov", "2026"} <= set(texts(svg))


@pytest.mark.parametrize(
    ("month", "label"),
    [
        ("2026-03", "Mar 2026"),
        ("2025-12", "Dec 2025"),
        ("2026-13", "2026-13"),
        ("soon", "soon"),
    ],
)
def test_month_label(month: str, label: str) -> None:
    assert month_label(month) == label


def test_one_bar_a_stage_with_count_and_median_days() -> None:
    svg = draw_funnel(stages())
    assert ids_starting(svg, "stage-") == [f"stage-{s.stage}" for s in stages()]
    shown = texts(svg)
    assert "120 · usually 4 days to the next stage" in shown
    assert "64 · usually 1 day to the next stage" in shown
    assert "40 · usually 21 days to the next stage" in shown
    assert {"18", "9"} <= set(shown)  # no median known


def test_a_funnel_nobody_entered() -> None:
    svg = draw_funnel([FunnelStage("suggested", "Suggested", 0)])
    assert ids_starting(svg, "stage-") == ["stage-suggested"]


def test_nothing_to_show() -> None:
    assert "No needs have been posted yet." in texts(draw_monthly([]))
    assert "No pairings to follow yet." in texts(draw_funnel([]))
