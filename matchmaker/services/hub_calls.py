"""Open calls: a run's hub candidate raised with partners, read back, and closed.

A hub candidate lives in one match run and is replaced by the next run; raising it
copies what partners need to know (theme, sub-region, suggested host, why, the
needs) into a ``HubCall`` that outlives the run, and tells every active partner.

One call per hub: ``hub_calls.proposal_id`` is unique. Raising locks the hub's
row first, so two facilitators raising it at once wait for each other and the
second finds the first one's call; the unique constraint stays the backstop, and
its violation is reported as "already raised" too, never as an error. A later
run's hub over exactly the needs of an open call counts as raised already: the
runs keep finding the same gap, and partners should not hear of it twice.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from matchmaker.extensions import db
from matchmaker.models import (
    Country,
    HubCall,
    HubCallStatus,
    Need,
    NotificationKind,
    ProposalKind,
    RegionalProposal,
    Role,
    SubRegion,
    User,
    utcnow,
)
from matchmaker.models.hub_call import hub_call_needs
from matchmaker.models.matching import regional_proposal_needs
from matchmaker.services import audit
from matchmaker.services.match_runs import latest_successful_run
from matchmaker.services.notifications import notify

# An ISO 3166-1 alpha-3 code as the engine writes it into a hub's reason.
_COUNTRY_CODE = re.compile(r"\b[A-Z]{3}\b")
# Closed calls the staff list shows, newest first; older ones stay in the audit log.
CLOSED_SHOWN = 20


class AlreadyRaised(Exception):
    """The hub was raised with partners before; ``call`` is that call."""

    def __init__(self, call: HubCall | None) -> None:
        super().__init__("this hub candidate was already raised with partners")
        self.call = call


class AlreadyClosed(Exception):
    """The call was closed before this request got to it."""


@dataclass(frozen=True)
class RaisedMark:
    """What the Matching page shows beside a hub that is already a call."""

    call_id: int
    raised_at: datetime
    status: HubCallStatus


# Reading ---------------------------------------------------------------------


def hub_proposal(
    proposal_id: int, *, for_update: bool = False
) -> RegionalProposal | None:
    """A hub candidate of any run, or None; ``for_update`` locks its row."""
    query = (
        select(RegionalProposal)
        .where(
            RegionalProposal.id == proposal_id,
            RegionalProposal.kind == ProposalKind.HUB,
        )
        .options(selectinload(RegionalProposal.needs))
    )
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def call_for_proposal(proposal_id: int) -> HubCall | None:
    """The call raised from a hub candidate, if any."""
    return db.session.scalar(select(HubCall).where(HubCall.proposal_id == proposal_id))


def get(call_id: int, *, for_update: bool = False) -> HubCall | None:
    """One call with what its page shows; ``for_update`` locks its row."""
    query = select(HubCall).where(HubCall.id == call_id).options(*_page_loads())
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def open_call(call_id: object) -> HubCall | None:
    """The open call whose id ``call_id`` (user input) names, or None for anything
    else: not a number, unknown, or closed."""
    text = call_id.strip() if isinstance(call_id, str) else ""
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        return None
    call = get(int(text))
    return call if call is not None and call.status is HubCallStatus.OPEN else None


def open_calls() -> list[HubCall]:
    """Every open call, newest first."""
    return list(
        db.session.scalars(
            select(HubCall)
            .where(HubCall.status == HubCallStatus.OPEN)
            .options(*_page_loads())
            .order_by(HubCall.raised_at.desc(), HubCall.id.desc())
        )
    )


def closed_calls(limit: int = CLOSED_SHOWN) -> list[HubCall]:
    """The latest closed calls, newest first (staff read them)."""
    return list(
        db.session.scalars(
            select(HubCall)
            .where(HubCall.status == HubCallStatus.CLOSED)
            .options(*_page_loads())
            .order_by(HubCall.raised_at.desc(), HubCall.id.desc())
            .limit(limit)
        )
    )


def _page_loads() -> tuple:
    return (
        selectinload(HubCall.needs).selectinload(Need.country),
        selectinload(HubCall.category),
        selectinload(HubCall.sub_region),
        selectinload(HubCall.suggested_host),
        selectinload(HubCall.raised_by),
    )


@dataclass(frozen=True)
class HubSummary:
    """A hub candidate in plain words, for the page that raises it."""

    theme: str
    sub_region: str
    countries: list[str]
    host: str
    why: str


def describe_hub(proposal: RegionalProposal) -> HubSummary:
    """The hub's theme, sub-region, countries and host by name, and why."""
    return HubSummary(
        theme=proposal.theme,
        sub_region=_sub_region_label(proposal.sub_region_slug),
        countries=_country_names(need.country_alpha3 for need in proposal.needs),
        host=_country_name(proposal.suggested_host_alpha3),
        why=readable_why(proposal.why),
    )


def countries_of(call: HubCall) -> list[str]:
    """Names of the countries whose needs the call groups, sorted."""
    return sorted({need.country.name for need in call.needs})


def readable_why(why: str) -> str:
    """The engine's reason with country codes (``VNM's need...``) as names."""
    codes = set(_COUNTRY_CODE.findall(why))
    if not codes:
        return why
    query = select(Country.alpha3, Country.name).where(Country.alpha3.in_(codes))
    names = {code: name for code, name in db.session.execute(query)}
    return _COUNTRY_CODE.sub(lambda m: names.get(m.group(0), m.group(0)), why)


def raised_marks() -> dict[int, RaisedMark]:
    """The latest run's hub candidates that are calls already, by proposal id.

    A hub is "already raised" when a call was raised from it, or when an open
    call was raised from an earlier run's hub over exactly the same needs: each
    run finds the same gap again, and it is still the same call.
    """
    run = latest_successful_run()
    if run is None:
        return {}
    hubs = _need_sets(
        select(regional_proposal_needs.c.proposal_id, regional_proposal_needs.c.need_id)
        .join(RegionalProposal)
        .where(
            RegionalProposal.run_id == run.id, RegionalProposal.kind == ProposalKind.HUB
        )
    )
    if not hubs:
        return {}
    calls = {
        call.id: call
        for call in db.session.scalars(
            select(HubCall).where(
                or_(
                    HubCall.proposal_id.in_(hubs),
                    HubCall.status == HubCallStatus.OPEN,
                )
            )
        )
    }
    by_proposal = {c.proposal_id: c for c in calls.values() if c.proposal_id in hubs}
    open_calls = [c for c in calls.values() if c.status is HubCallStatus.OPEN]
    by_needs = _open_calls_by_needs(open_calls)
    marks = {}
    for proposal_id, need_ids in hubs.items():
        call = by_proposal.get(proposal_id) or by_needs.get(need_ids)
        if call is not None:
            marks[proposal_id] = RaisedMark(call.id, call.raised_at, call.status)
    return marks


def call_for_hub(proposal: RegionalProposal) -> HubCall | None:
    """The call a hub candidate already is (see ``raised_marks``), or None."""
    call = call_for_proposal(proposal.id)
    if call is not None:
        return call
    need_ids = frozenset(need.id for need in proposal.needs)
    if not need_ids:
        return None
    open_calls = list(
        db.session.scalars(select(HubCall).where(HubCall.status == HubCallStatus.OPEN))
    )
    return _open_calls_by_needs(open_calls).get(need_ids)


def _open_calls_by_needs(calls: list[HubCall]) -> dict[frozenset[int], HubCall]:
    """Open calls by the set of their need ids (the earliest call of a set wins)."""
    if not calls:
        return {}
    ids = {call.id: call for call in calls}
    sets = _need_sets(
        select(hub_call_needs.c.call_id, hub_call_needs.c.need_id).where(
            hub_call_needs.c.call_id.in_(ids)
        )
    )
    result: dict[frozenset[int], HubCall] = {}
    for call_id in sorted(sets):
        result.setdefault(sets[call_id], ids[call_id])
    return result


def _need_sets(query: Select) -> dict[int, frozenset[int]]:
    """(owner id, need id) rows as each owner's set of need ids."""
    sets: dict[int, set[int]] = {}
    for owner_id, need_id in db.session.execute(query):
        sets.setdefault(owner_id, set()).add(need_id)
    return {owner_id: frozenset(need_ids) for owner_id, need_ids in sets.items()}


# Writing ---------------------------------------------------------------------


def raise_call(
    user: User,
    proposal_id: int,
    note: str,
    link_for: Callable[[int], str],
) -> HubCall | None:
    """Make the hub candidate ``proposal_id`` an open call and tell every partner.

    Returns None when there is no such hub candidate. Raises ``AlreadyRaised``
    (having written nothing) when it is a call already. ``link_for`` turns the
    new call's id into the link its notifications carry.
    """
    proposal = hub_proposal(proposal_id, for_update=True)
    if proposal is None:
        return None
    existing = call_for_hub(proposal)
    if existing is not None:
        db.session.rollback()
        raise AlreadyRaised(existing)
    call = HubCall(
        proposal_id=proposal.id,
        theme=(proposal.theme or "a shared facility")[:200],
        category_id=most_common_category_id(proposal.needs),
        sub_region_slug=proposal.sub_region_slug,
        suggested_host_alpha3=proposal.suggested_host_alpha3,
        why=proposal.why,
        note=note,
        status=HubCallStatus.OPEN,
        raised_by_id=user.id,
        raised_at=utcnow(),
        needs=list(proposal.needs),
    )
    db.session.add(call)
    try:
        db.session.flush()
    except IntegrityError as error:  # a concurrent raise got there first
        db.session.rollback()
        raise AlreadyRaised(call_for_proposal(proposal_id)) from error
    partners = active_partners()
    notify(
        partners,
        NotificationKind.HUB_CALL,
        f"Open call: several countries need {call.theme}",
        _notification_body(call),
        link_for(call.id),
    )
    audit.record(
        "hub_call.raise",
        obj=call,
        object_type="hub_call",
        actor=user,
        details={
            "proposal_id": proposal.id,
            "run_id": proposal.run_id,
            "theme": call.theme,
            "sub_region": call.sub_region_slug,
            "suggested_host": call.suggested_host_alpha3,
            "need_ids": sorted(need.id for need in call.needs),
            "note": note,
            "partners_notified": len(partners),
        },
    )
    db.session.commit()
    return call


def close_call(user: User, call: HubCall) -> None:
    """Close an open call (the view checked the rule on the locked row)."""
    if call.status is not HubCallStatus.OPEN:
        db.session.rollback()
        raise AlreadyClosed(call.id)
    call.status = HubCallStatus.CLOSED
    audit.record(
        "hub_call.close",
        obj=call,
        object_type="hub_call",
        actor=user,
        details={"before": {"status": "open"}, "after": {"status": "closed"}},
    )
    db.session.commit()


def most_common_category_id(needs: Iterable[Need]) -> int | None:
    """The category most of the needs share (ties: the lowest id), or None."""
    counts = Counter(need.category_id for need in needs if need.category_id)
    if not counts:
        return None
    return max(counts, key=lambda category_id: (counts[category_id], -category_id))


def active_partners() -> list[User]:
    """Every partner account that may still sign in."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.PARTNER, User.active.is_(True))
            .order_by(User.id)
        )
    )


def _notification_body(call: HubCall) -> str:
    """Plain words for a partner's bell and mail: who needs what, and the note."""
    names = _country_names(need.country_alpha3 for need in call.needs)
    region = _sub_region_label(call.sub_region_slug)
    host = _country_name(call.suggested_host_alpha3)
    where = f" of {region}" if region else ""
    who = f" ({', '.join(names)})" if names else ""
    lines = [
        f"Several countries{where}{who} share a need that no offer covers yet.",
        f"Key terms: {call.theme}.",
    ]
    if host:
        lines.append(f"Suggested host: {host}.")
    lines += [
        "",
        f"From the facilitation team: {call.note}",
        "",
        "If your organisation could help, open the call and post an offer for it.",
    ]
    return "\n".join(lines)


def _country_names(codes: Iterable[str]) -> list[str]:
    wanted = set(codes)
    if not wanted:
        return []
    query = select(Country.name).where(Country.alpha3.in_(wanted))
    return sorted(set(db.session.scalars(query)))


def _country_name(code: str | None) -> str:
    if not code:
        return ""
    return db.session.scalar(select(Country.name).where(Country.alpha3 == code)) or ""


def _sub_region_label(slug: str | None) -> str:
    if not slug:
        return ""
    query = select(SubRegion.label).where(SubRegion.slug == slug)
    return db.session.scalar(query) or ""
