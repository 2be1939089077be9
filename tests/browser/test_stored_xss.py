"""Stored XSS: hostile text in every free-text field stays text on every page.

Payloads go in through the real forms where a person would type them (a need, an
offer, an organisation, an invitation, a sign-in attempt) and through the factories
for the rest (one organisation and user name per payload; ten needs and ten offers
carrying every payload, a few to each title and description). Chromium then
opens every page that shows them with listeners on dialogs, the console and CSP
violations; each payload would set ``window.__xss`` if it ran.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Need, NeedStatus, Offer, Organisation, Role, User
from tests.browser.server import wait_for_run_results

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "correct horse battery staple"

RUN = "window.__xss=1"
PAYLOADS = (
    f"<script>{RUN}</script>",
    f"<img src=x onerror={RUN}>",
    f'<img src="x" onerror="{RUN}">',
    f"<svg onload={RUN}>",
    f"<svg><script>{RUN}</script></svg>",
    f'"><script>{RUN}</script>',
    f"'><img src=x onerror={RUN}>",
    f'" autofocus onfocus="{RUN}" x="',
    f"' onmouseover='{RUN}' x='",
    f"javascript:{RUN}",
    f'<a href="javascript:{RUN}">click me</a>',
    f'<iframe src="javascript:{RUN}"></iframe>',
    f"<body onload={RUN}>",
    f"<details open ontoggle={RUN}>",
    f"<input autofocus onfocus={RUN}>",
    f"</textarea><script>{RUN}</script>",
    f"</title><script>{RUN}</script>",
    f"<scr<script>ipt>{RUN}</scr</script>ipt>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={RUN}>",
    f'<meta http-equiv="refresh" content="0;url=javascript:{RUN}">',
    f'<object data="javascript:{RUN}"></object>',
    f"<!--<img src=--><img src=x onerror={RUN}//>",
    f"&lt;script&gt;{RUN}&lt;/script&gt;",
    f"\uff1cscript\uff1e{RUN}\uff1c/script\uff1e",  # full-width angle brackets
    f"\u202e<img src=x onerror={RUN}>\u202c",  # right-to-left override
    f"<\u200bscript>{RUN}</script>",  # zero-width space inside the tag
    f"<\u017fcript>{RUN}</\u017fcript>",  # long s, upper-cases to S
    "{{7*7}}",
    "{{ config.items() }}",
    "${7*7} #{7*7} <%= 7*7 %>",
    "{% print(7*7) %}",
)
assert len(set(PAYLOADS)) == len(PAYLOADS) >= 20

# Shared wording, so that the hostile needs and offers score as a match.
NEED_TEXT = "RT-PCR testing laboratory equipment and BSL-2 training for diagnostics."
OFFER_TEXT = "RT-PCR equipment, BSL-2 training and quality systems for laboratories."
ALL_PAYLOADS = "\n".join(PAYLOADS)
# Every payload in every listing field, packed a few to a listing (titles hold 200).
GROUPS = tuple(PAYLOADS[i::10] for i in range(10))
NEED_SUFFIX, OFFER_SUFFIX = " RT-PCR laboratory", " molecular diagnostics support"
assert max(len(" ".join(g) + OFFER_SUFFIX) for g in GROUPS) <= 200

FORM_NEED_TITLE = f'"><img src=x onerror={RUN}> form need RT-PCR laboratory'
FORM_OFFER_TITLE = f"'><svg onload={RUN}> form offer molecular diagnostics"
FORM_ORG_NAME = f"<script>{RUN}</script> Form Org {{{{7*7}}}}"
FORM_ORG_SITE = f'https://example.org/"><img src=x onerror={RUN}>'
INVITED_NAME = f'<img src=x onerror={RUN}> "Invited" {{{{7*7}}}}'
INVITED_ORG = f"<svg onload={RUN}> Invited Org"
SIGN_IN_KEY = f'"><svg onload={RUN}>@example.org'

WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""

INJECTED = """() => {
  const tags = 'script,iframe,object,embed,svg,math,img,meta[http-equiv],base,' +
    'input[autofocus],style';
  const withHandlers = [...document.querySelectorAll('*')].filter(
    (el) => [...el.attributes].some((a) => a.name.toLowerCase().startsWith('on')));
  const scriptLinks = [...document.querySelectorAll('a[href], iframe[src]')].filter(
    (el) => /^\\s*javascript:/i.test(el.getAttribute('href') || el.src));
  return {
    elements: [...document.querySelectorAll(tags)].map((el) => el.outerHTML),
    handlers: withHandlers.map((el) => el.outerHTML),
    scriptLinks: scriptLinks.map((el) => el.outerHTML),
    xss: window.__xss === undefined ? null : String(window.__xss),
    violations: window.__violations,
  };
}"""


class Watched:
    """A page whose dialogs, console messages and CSP violations are recorded."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context()
        self.context.add_init_script(WATCH)
        # The app has no favicon; its 404 would be the only console message.
        self.context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        self.page = self.context.new_page()
        self.page.set_default_timeout(60_000)
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.page.on("dialog", self._on_dialog)
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.visited = 0

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url: str) -> str:
        """Open ``url``, check nothing ran, and return the page's visible text."""
        response = self.page.goto(url)
        assert response is not None and response.status == 200, (url, response)
        return self.check(url)

    def check(self, where: str, allowed: tuple[str, ...] = ()) -> str:
        found = self.page.evaluate(INJECTED)
        assert found["xss"] is None, (where, "a payload ran")
        assert found["violations"] == [], (where, found["violations"])
        assert found["elements"] == [], (where, found["elements"])
        assert found["handlers"] == [], (where, found["handlers"])
        assert found["scriptLinks"] == [], (where, found["scriptLinks"])
        assert self.dialogs == [], (where, self.dialogs)
        unexpected = [m for m in self.console if not any(a in m for a in allowed)]
        assert unexpected == [], (where, unexpected)
        self.console.clear()
        self.visited += 1
        return self.page.inner_text("body")

    def sign_in(self, base: str, email: str) -> None:
        self.page.goto(f"{base}/sign-in")
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Sign in").click()
        assert self.page.url == f"{base}/"

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser):
    opened: list[Watched] = []

    def _open() -> Watched:
        opened.append(Watched(browser))
        return opened[-1]

    yield _open
    for each in opened:
        each.close()


def _assert_shows(text: str, expected, where: str) -> None:
    missing = [e for e in expected if e not in text]
    assert missing == [], (where, missing)


def test_the_watchers_catch_a_payload_that_runs(watched):
    """The listeners themselves work: without CSP a payload runs, with it, it is
    reported as a violation (so a clean page below is evidence, not silence)."""
    probe = watched()
    page = probe.page

    def serve(route) -> None:
        csp = "script-src 'self'" if "strict" in route.request.url else ""
        headers = {"Content-Type": "text/html"} | (
            {"Content-Security-Policy": csp} if csp else {}
        )
        body = f"<p>x</p><script>alert(1);{RUN}</script><img src=x onerror={RUN}>"
        route.fulfill(status=200, headers=headers, body=body)

    page.route("http://probe.invalid/**", serve)
    page.goto("http://probe.invalid/open")
    assert page.evaluate("window.__xss") == 1
    assert probe.dialogs == ["1"]
    page.goto("http://probe.invalid/strict")
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("window.__violations.length") >= 1
    assert any("Content Security Policy" in m for m in probe.console)


def _post_need_by_form(w: Watched, base: str) -> None:
    page = w.page
    page.goto(f"{base}/needs/new")
    page.get_by_label("Title", exact=True).fill(FORM_NEED_TITLE)
    page.get_by_label("Description", exact=True).fill(f"{ALL_PAYLOADS}\n{NEED_TEXT}")
    page.get_by_label("Category", exact=True).select_option("testing-laboratory")
    page.get_by_label("Technical", exact=True).check()
    page.get_by_role("button", name="Save need").click()
    assert "Need saved as a draft." in w.check("need saved")
    page.get_by_role("button", name="Publish").click()
    assert "Need published." in w.check("need published")


def _post_offer_by_form(w: Watched, base: str) -> None:
    page = w.page
    page.goto(f"{base}/offers/new")
    page.get_by_label("Title", exact=True).fill(FORM_OFFER_TITLE)
    page.get_by_label("Description", exact=True).fill(f"{ALL_PAYLOADS}\n{OFFER_TEXT}")
    page.get_by_label("Diagnostic & testing laboratory", exact=True).check()
    page.get_by_label("Technical", exact=True).check()
    page.get_by_label("Any country of the region may benefit").check()
    page.get_by_role("button", name="Save offer").click()
    assert "Offer saved as a draft." in w.check("offer saved")
    page.get_by_role("button", name="Publish").click()
    assert "Offer published." in w.check("offer published")


def _admin_forms(w: Watched, base: str) -> None:
    page = w.page
    # An organisation through the admin form; a javascript: website is refused.
    page.goto(f"{base}/admin/organisations/new")
    page.get_by_label("Name", exact=True).fill(FORM_ORG_NAME)
    page.get_by_label("Website", exact=True).fill(f"javascript:{RUN}")
    page.get_by_role("button", name="Save organisation").click()
    text = w.check("organisation refused", allowed=("status of 422",))
    assert "Enter a web address starting with https:// or http://." in text
    page.get_by_label("Website", exact=True).fill(FORM_ORG_SITE)
    page.get_by_role("button", name="Save organisation").click()
    assert "Organisation added." in w.check("organisation added")
    # An invitation carries a full name and a new organisation's name.
    page.goto(f"{base}/admin/users/invite")
    page.get_by_label("Email", exact=True).fill("invited@example.org")
    page.get_by_label("Full name", exact=True).fill(INVITED_NAME)
    page.get_by_label("Role", exact=True).select_option("partner")
    page.get_by_label("Organisation (partners; a new name is created)").fill(
        INVITED_ORG
    )
    page.get_by_role("button", name="Send invitation").click()
    assert "Invitation sent to invited@example.org." in w.check("invited")


def _seed(make) -> None:
    """Every payload in organisation names, user names, needs and offers."""
    admin = make.user(Role.ADMIN, email="admin@example.org")
    admin.full_name = PAYLOADS[0]
    focal = make.user(Role.FOCAL_POINT, country="NPL", email="fp@example.org")
    organisations = [make.organisation(name=p) for p in PAYLOADS]
    partner = make.user(
        Role.PARTNER, organisation=organisations[0], email="partner@example.org"
    )
    partner.full_name = PAYLOADS[1]
    for i, payload in enumerate(PAYLOADS):
        user = make.user(Role.FACILITATOR, email=f"named{i}@example.org")
        user.full_name = payload
    for i, group in enumerate(GROUPS):
        make.need(
            country="NPL",
            title=" ".join(group) + NEED_SUFFIX,
            description="\n".join((*group, NEED_TEXT)),
            status=NeedStatus.OPEN,
            created_by=focal,
        )
        make.offer(
            organisation=organisations[i],
            title=" ".join(group) + OFFER_SUFFIX,
            description="\n".join((*group, OFFER_TEXT)),
            created_by=partner,
        )
    db.session.commit()


def _listing_rows(model) -> list[tuple[int, str, str]]:
    db.session.expire_all()
    query = select(model).order_by(model.id)
    rows = [(r.id, r.title, r.description) for r in db.session.scalars(query)]
    db.session.rollback()
    return rows


def _pages_of(w: Watched, url: str) -> tuple[str, list[str]]:
    """The text and the link targets of every page of a paged list."""
    texts, links, number = [], [], 1
    while True:
        texts.append(w.open(f"{url}?page={number}"))
        links += w.page.locator("main a").evaluate_all(
            "(links) => links.map((a) => a.getAttribute('href'))"
        )
        if not w.page.locator("a[rel=next]").count():
            return "\n".join(texts), links
        number += 1


def _check_details(w: Watched, base: str, kind: str, rows) -> None:
    """Each listing's page shows its title and description as typed."""
    for listing_id, title, description in rows:
        w.open(f"{base}/{kind}/{listing_id}")
        assert w.page.locator("h1").inner_text() == title, title
        shown = w.page.locator(".description").inner_text()
        _assert_shows(shown, description.splitlines(), f"{kind} {listing_id}")


def _check_edit_forms(w: Watched, base: str, kind: str, rows) -> None:
    """Each edit form holds the title (an attribute) and description (a textarea)."""
    for listing_id, title, description in rows:
        w.open(f"{base}/{kind}/{listing_id}/edit")
        assert w.page.get_by_label("Title", exact=True).input_value() == title
        field = w.page.get_by_label("Description", exact=True)
        assert field.input_value() == description.replace("\r\n", "\n")


def test_hostile_text_stays_text_on_every_page(watched, live_server, make):
    base = live_server
    _seed(make)

    # Through the real forms: a focal point's need, a partner's offer, the admin's
    # organisation and invitation, and a hostile "email" on the sign-in form.
    stranger = watched()
    stranger.page.goto(f"{base}/sign-in")
    stranger.page.get_by_label("Email").fill(SIGN_IN_KEY)
    stranger.page.get_by_label("Password").fill("wrong")
    stranger.page.get_by_role("button", name="Sign in").click()
    assert "The email or password is not correct." in stranger.check("sign-in")

    focal = watched()
    focal.sign_in(base, "fp@example.org")
    _post_need_by_form(focal, base)
    partner = watched()
    partner.sign_in(base, "partner@example.org")
    _post_offer_by_form(partner, base)
    admin = watched()
    admin.sign_in(base, "admin@example.org")
    _admin_forms(admin, base)

    needs, offers = _listing_rows(Need), _listing_rows(Offer)
    assert len(needs) == len(offers) == len(GROUPS) + 1
    db.session.expire_all()
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.name == FORM_ORG_NAME)
    )
    assert organisation is not None and organisation.website == FORM_ORG_SITE
    invited = db.session.scalar(select(User).where(User.email == "invited@example.org"))
    assert invited.full_name == INVITED_NAME
    assert invited.organisation.name == INVITED_ORG
    own_offers = [row for row in offers if row[1] in (FORM_OFFER_TITLE, offers[0][1])]
    db.session.rollback()

    # The admin: the Matching page after a run, lists, details, admin pages, audit.
    page = admin.page
    admin.open(f"{base}/matching/")
    page.get_by_role("button", name="Run matching now").click()
    assert "Matching will start in a moment" in page.inner_text("main")
    wait_for_run_results(page)  # the queue worker beside the server runs it
    text = admin.check("matching run")
    assert "Latest run" in text
    pairings = page.locator("section[aria-labelledby=pairings] tbody tr")
    assert pairings.count() > 0, "the hostile listings should pair up"
    shown = page.inner_text("section[aria-labelledby=pairings]")
    assert any(title in shown for _, title, _ in needs)
    assert any(title in shown for _, title, _ in offers)

    titles_and_names = [t for _, t, _ in needs + offers] + list(PAYLOADS)
    _assert_shows(
        _pages_of(admin, f"{base}/needs/")[0] + _pages_of(admin, f"{base}/offers/")[0],
        titles_and_names,
        "lists",
    )
    _check_details(admin, base, "needs", needs)
    _check_details(admin, base, "offers", offers)

    organisations, links = _pages_of(admin, f"{base}/admin/organisations")
    _assert_shows(
        organisations,
        [*PAYLOADS, FORM_ORG_NAME, FORM_ORG_SITE, INVITED_ORG],
        "organisations",
    )
    assert FORM_ORG_SITE in links  # one attribute, quotes and all
    admin.open(f"{base}/admin/organisations/{organisation.id}/edit")
    assert page.get_by_label("Name", exact=True).input_value() == FORM_ORG_NAME
    assert page.get_by_label("Website", exact=True).input_value() == FORM_ORG_SITE

    users = admin.open(f"{base}/admin/users")
    _assert_shows(users, [*PAYLOADS, INVITED_NAME, INVITED_ORG], "users")
    account = admin.open(f"{base}/account")
    assert PAYLOADS[0] in account

    audit = admin.open(f"{base}/admin/audit")
    assert SIGN_IN_KEY in audit  # the typed "email" as the actor of the attempt
    recorded = [
        json.loads(cell) for cell in page.locator("td.details code").all_inner_texts()
    ]
    recorded_text = json.dumps(recorded, ensure_ascii=False)
    for value in (FORM_NEED_TITLE, FORM_OFFER_TITLE, FORM_ORG_NAME):
        assert json.dumps(value, ensure_ascii=False) in recorded_text, value
    for payload in PAYLOADS:  # the descriptions typed into the forms
        assert json.dumps(payload, ensure_ascii=False)[1:-1] in recorded_text

    # The template-injection strings are shown as typed, never evaluated.
    need_id, title, _ = next(row for row in needs if "{{7*7}}" in row[1])
    admin.open(f"{base}/needs/{need_id}")
    assert page.locator("h1").inner_text() == title
    assert "{{7*7}}" in page.locator("h1").inner_text()
    assert "49" not in page.locator("h1").inner_text()
    assert page.title() == f"{title} · matchmaker"

    # The focal point: every need's edit form (values inside attributes and the
    # textarea), and suggestions on a need page naming hostile offers and partners.
    _check_edit_forms(focal, base, "needs", needs)
    focal.open(f"{base}/needs/{needs[0][0]}")
    suggested = focal.page.locator("section[aria-labelledby=suggested-offers]")
    assert suggested.locator("li.suggestion").count() > 0
    suggested.locator("summary").first.click()
    focal.check("suggestion unfolded")

    # The partner: their own offers' edit forms, and the needs that fit one.
    _check_edit_forms(partner, base, "offers", own_offers)
    partner.open(f"{base}/offers/{offers[0][0]}")
    fitting = partner.page.locator("section[aria-labelledby=fitting-needs]")
    assert fitting.locator("li.suggestion").count() > 0
    partner.page.get_by_role("button", name="Sign out").click()
    partner.check("signed out")

    visited = stranger.visited + focal.visited + partner.visited + admin.visited
    assert visited >= 3 * len(needs) + 10
