"""Progress over time: needs posted against needs met each month, and how far
pairings get along the way from suggestion to completion."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .palette import BLUE, GREY, ORANGE, SMALL_TEXT_SIZE, plural, wrap_label
from .shapes import FunnelStage, MonthCount
from .svg import check_unique, data_prefix, drawing, figure_to_svg, gid, message_picture

# Fixed English names: strftime's would follow the server's locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
          "Nov", "Dec")  # fmt: skip
POSTED, MET = "Needs posted", "Needs met (first pairing completed)"
BAR_LABELS_UP_TO = 18  # months; past this the numbers crowd each other
MONTHLY, FUNNEL = "monthly", "funnel"  # the pictures' default names


def month_label(month: str) -> str:
    """``"2026-03"`` as ``"Mar 2026"``; anything else as it came."""
    year, _, number = month.partition("-")
    if year.isdigit() and number.isdigit() and 1 <= int(number) <= 12:
        return f"{MONTHS[int(number) - 1]} {year}"
    return month


def draw_monthly(months: list[MonthCount], *, name: str = MONTHLY) -> str:
    """Needs posted and needs met per month as side-by-side bars, as SVG; the bars'
    ids are ``month-{month}-posted`` and ``month-{month}-met`` (with ``name`` in
    front when it is not the default)."""
    title = "Needs posted and needs met, month by month"
    if not months:
        return message_picture(name, title, "No needs have been posted yet.")
    check_unique((gid(m.month) for m in months), "month")
    with drawing(name):
        width = min(14.0, max(5.0, 1.4 + 0.55 * len(months)))
        fig = Figure(figsize=(width, 3.6), layout="constrained")
        ax = fig.add_subplot()
        places = range(len(months))
        own, bar_ids = data_prefix(name, MONTHLY), []
        for offset, colour, label, part in (
            (-0.2, BLUE, POSTED, "posted"),
            (0.2, ORANGE, MET, "met"),
        ):
            values = [getattr(m, part) for m in months]
            bars = ax.bar(
                [p + offset for p in places], values, 0.4, color=colour, label=label
            )
            for bar, month in zip(bars, months, strict=True):
                bar_ids.append(own + gid("month", month.month, part))
                bar.set_gid(bar_ids[-1])
            if len(months) <= BAR_LABELS_UP_TO:
                ax.bar_label(bars, fontsize=SMALL_TEXT_SIZE - 1, padding=2, color=GREY)
        # Past eight months "Mar 2026" no longer fits in a line under its bars.
        apart = "\n" if len(months) > 8 else " "
        ax.set_xticks(
            list(places), [month_label(m.month).replace(" ", apart) for m in months]
        )
        _plain_axes(ax, "Needs")
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.02), ncols=2, frameon=False)
        return figure_to_svg(
            fig, name, title, _monthly_description(months), keep_ids=bar_ids
        )


def draw_funnel(stages: list[FunnelStage], *, name: str = FUNNEL) -> str:
    """One horizontal bar per stage, with its count and median days onward, as SVG;
    the bars' ids are ``stage-{stage}`` (with ``name`` in front when it is not the
    default)."""
    title = "How far pairings get, stage by stage"
    if not stages:
        return message_picture(name, title, "No pairings to follow yet.")
    check_unique((gid(s.stage) for s in stages), "stage")
    with drawing(name):
        fig = Figure(figsize=(10.0, 0.9 + 0.5 * len(stages)), layout="constrained")
        ax = fig.add_subplot()
        widest = max(1, *(s.reached for s in stages))
        bar_ids = [data_prefix(name, FUNNEL) + gid("stage", s.stage) for s in stages]
        for row, stage in enumerate(stages):
            ax.barh(row, stage.reached, 0.6, color=BLUE, gid=bar_ids[row])
            ax.annotate(
                _stage_note(stage), (stage.reached, row), xytext=(5, 0),
                textcoords="offset points", va="center",
            )  # fmt: skip
        ax.set_yticks(
            list(range(len(stages))), [wrap_label(s.label, 24) for s in stages]
        )
        ax.set_ylim(len(stages) - 0.5, -0.5)
        ax.set_xlim(0, widest * 1.02)
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_visible(False)
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        return figure_to_svg(
            fig, name, title, _funnel_description(stages), keep_ids=bar_ids
        )


def _plain_axes(ax: Axes, ylabel: str) -> None:
    ax.set_ylabel(ylabel)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(axis="x", length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _days(value: float) -> str:
    """Days as people say them: whole days, and "under a day" below one."""
    if value < 1:
        return "under a day"
    whole = round(value)
    return "1 day" if whole == 1 else f"{whole} days"


def _stage_note(stage: FunnelStage) -> str:
    if stage.median_days_to_next is None:
        return str(stage.reached)
    days = _days(stage.median_days_to_next)
    return f"{stage.reached} · usually {days} to the next stage"


def _monthly_description(months: list[MonthCount]) -> str:
    first, last = month_label(months[0].month), month_label(months[-1].month)
    span = first if first == last else f"{first} to {last}"
    posted = sum(m.posted for m in months)
    met = sum(m.met for m in months)
    return (
        f"Bar chart, {span}: {plural(posted, 'need')} posted and"
        f" {met} met; for each month the left bar counts needs posted, the right"
        " bar needs met."
    )


def _funnel_description(stages: list[FunnelStage]) -> str:
    steps = "; ".join(f"{stage.label}: {stage.reached}" for stage in stages)
    return f"Bar chart of pairings reaching each stage. {steps}."
