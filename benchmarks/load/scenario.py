"""What each role does during the mixed phase, and how often.

An action is one click (a page) or one form (its page, then sending it), chosen at
random by the role's weights below, with a think time between actions. Writes are
about one action in nine (3 in 22 for focal points and partners, 1 in 20 for
facilitators and admins): focal points edit their country's needs and post new
draft needs, partners edit and post offers, facilitators and admins decide pairs
on the review page (decline, defer, now and then accept). Every form is sent
as the page gave it (CSRF token, version, one-time create token), with the fields
a user would change.
"""

from __future__ import annotations

import random
import re
from collections.abc import Awaitable, Callable
from datetime import date, timedelta

from benchmarks.load.accounts import LoadUser
from benchmarks.load.client import Browser
from benchmarks.load.forms import Form, form_with, forms_of

# Weights per role: (action, weight). Groups in the report are the actions' pages.
MIX: dict[str, list[tuple[str, int]]] = {
    "focal-point": [
        ("home", 3), ("needs_list", 4), ("offers_list", 2), ("need_page", 4),
        ("offer_page", 2), ("notifications", 2), ("region", 2),
        ("edit_need", 2), ("create_need", 1),
    ],
    "partner": [
        ("home", 3), ("needs_list", 3), ("offers_list", 4), ("need_page", 3),
        ("offer_page", 3), ("notifications", 2), ("region", 1),
        ("edit_offer", 2), ("create_offer", 1),
    ],
    "facilitator": [
        ("home", 2), ("needs_list", 2), ("offers_list", 2), ("need_page", 2),
        ("offer_page", 2), ("notifications", 1), ("region", 2),
        ("review_queue", 3), ("review_pair", 3), ("decide", 1),
    ],
}  # fmt: skip
MIX["admin"] = MIX["facilitator"]

REGION_PAGES = {
    "focal-point": [
        "/region/", "/region/landscape", "/region/gaps", "/region/progress",
    ],
    "partner": ["/region/", "/region/landscape"],
    "facilitator": [
        "/region/", "/region/landscape", "/region/gaps", "/region/progress",
        "/region/network", "/region/cooperation",
    ],
}  # fmt: skip
REGION_PAGES["admin"] = REGION_PAGES["facilitator"]

_PAIR_LINK = re.compile(r'href="/review/(\d+)/(\d+)"')
_EDIT_MARK = re.compile(r" \(load edit \d+\)$")
DECISIONS = ("decline", "defer", "accept")
DECISION_WEIGHTS = (5, 3, 2)


class SignInFailed(RuntimeError):
    """A load user could not sign in through the form."""


class Visitor:
    """One signed-in user going about their work."""

    def __init__(self, browser: Browser, user: LoadUser, seed: int) -> None:
        self.browser = browser
        self.user = user
        self.rng = random.Random(seed)
        self.pairs: list[tuple[int, int]] = []
        self.edits = 0
        actions = MIX[user.role]
        self._names = [name for name, _ in actions]
        self._weights = [weight for _, weight in actions]

    async def sign_in(self) -> None:
        """Through the real form: its CSRF token, the email and the password."""
        _, page = await self.browser.get("sign-in form", "/sign-in")
        form = form_with(page, "email")
        if form is None:
            raise SignInFailed(f"{self.user.email}: no sign-in form on /sign-in")
        form.set("email", self.user.email)
        form.set("password", self.user.password)
        status, _ = await self.browser.post("sign-in (POST)", "/sign-in", form.pairs())
        if status not in (302, 303):
            raise SignInFailed(f"{self.user.email}: sign-in answered {status}")

    async def act(self) -> None:
        """One action, chosen by the role's weights."""
        name = self.rng.choices(self._names, self._weights)[0]
        action: Callable[[], Awaitable[None]] = getattr(self, name)
        await action()

    # Reads ------------------------------------------------------------------

    def _page_number(self) -> str:
        return "" if self.rng.random() < 0.7 else f"?page={self.rng.randint(2, 4)}"

    async def home(self) -> None:
        await self.browser.get("home", "/")

    async def needs_list(self) -> None:
        await self.browser.get("needs list", f"/needs/{self._page_number()}")

    async def offers_list(self) -> None:
        await self.browser.get("offers list", f"/offers/{self._page_number()}")

    async def need_page(self) -> None:
        if self.user.need_ids:
            need_id = self.rng.choice(self.user.need_ids)
            await self.browser.get("need page", f"/needs/{need_id}")

    async def offer_page(self) -> None:
        if self.user.offer_ids:
            offer_id = self.rng.choice(self.user.offer_ids)
            await self.browser.get("offer page", f"/offers/{offer_id}")

    async def notifications(self) -> None:
        await self.browser.get("notifications", "/notifications")

    async def region(self) -> None:
        path = self.rng.choice(REGION_PAGES[self.user.role])
        await self.browser.get("region pages", path)

    async def review_queue(self) -> None:
        status, page = await self.browser.get("review queue", "/review/")
        if status == 200:
            found = [(int(n), int(o)) for n, o in _PAIR_LINK.findall(page)]
            if found:
                self.pairs = found

    async def review_pair(self) -> None:
        if not self.pairs:
            await self.review_queue()
            return
        need_id, offer_id = self.rng.choice(self.pairs)
        await self.browser.get("review pair", f"/review/{need_id}/{offer_id}")

    # Writes -----------------------------------------------------------------

    async def decide(self) -> None:
        """Decline, defer or accept a pair from the queue, on its review page."""
        if not self.pairs:
            await self.review_queue()
            return
        pair = self.rng.choice(self.pairs)
        self.pairs.remove(pair)
        path = f"/review/{pair[0]}/{pair[1]}"
        status, page = await self.browser.get("review pair", path)
        if status != 200:
            return
        action = self.rng.choices(DECISIONS, DECISION_WEIGHTS)[0]
        form = next(
            (f for f in forms_of(page) if f.action.endswith(f"/{action}")), None
        )
        if form is None:  # decided already: the page shows where it stands
            return
        _fill_decision(form, action, self.rng)
        await self.browser.post("decision (POST)", form.action, form.pairs())

    async def edit_need(self) -> None:
        await self._edit("needs", self.user.editable_need_ids)

    async def edit_offer(self) -> None:
        await self._edit("offers", self.user.editable_offer_ids)

    async def _edit(self, kind: str, ids: list[int]) -> None:
        """Open the edit form, change the title, save with the page's version."""
        if not ids:
            return
        path = f"/{kind}/{self.rng.choice(ids)}/edit"
        status, page = await self.browser.get("edit form", path)
        form = form_with(page, "version") if status == 200 else None
        if form is None:
            return
        self.edits += 1
        title = _EDIT_MARK.sub("", form.first("title"))[:170]
        form.set("title", f"{title} (load edit {self.edits})")
        await self.browser.post("edit (POST)", path, form.pairs())

    async def create_need(self) -> None:
        status, page = await self.browser.get("new form", "/needs/new")
        form = form_with(page, "create_token") if status == 200 else None
        if form is None:
            return
        self._fill_new(form, "need")
        form.set(
            "category", self.rng.choice([c for c in form.choices["category"] if c])
        )
        await self.browser.post("create (POST)", "/needs/new", form.pairs())

    async def create_offer(self) -> None:
        status, page = await self.browser.get("new form", "/offers/new")
        form = form_with(page, "create_token") if status == 200 else None
        if form is None:
            return
        self._fill_new(form, "offer")
        form.set("categories", self.rng.choice(form.choices["categories"]))
        form.set("eligible_any", "y")
        form.set("capacity", str(self.rng.randint(1, 4)))
        await self.browser.post("create (POST)", "/offers/new", form.pairs())

    def _fill_new(self, form: Form, kind: str) -> None:
        topic = self.rng.choice(TOPICS)
        form.set("title", f"{topic.capitalize()} ({kind} posted under load)")
        form.set(
            "description",
            f"Posted by the load benchmark: support with {topic}, including "
            "training of staff, equipment and standard operating procedures.",
        )
        form.set("support_types", self.rng.choice(form.choices["support_types"]))


def _fill_decision(form: Form, action: str, rng: random.Random) -> None:
    """The fields a facilitator fills for each decision (the rest as given)."""
    if action == "decline":
        reasons = [r for r in form.choices.get("decline-reason", []) if r]
        form.set("decline-reason", rng.choice(reasons) if reasons else "")
        form.set("decline-details", "Declined during the load benchmark.")
    elif action == "defer":
        until = date.today() + timedelta(days=rng.randint(14, 60))
        form.set("defer-until", until.isoformat())
    else:
        models = [m for m in form.choices.get("accept-cooperation_model", []) if m]
        form.set("accept-cooperation_model", rng.choice(models) if models else "")


TOPICS = (
    "RT-PCR testing", "calibration of laboratory equipment", "BMET training",
    "cold chain for vaccines", "ISO 15189 accreditation", "genome sequencing",
    "antimicrobial resistance surveillance", "GMP audits",
)  # fmt: skip
