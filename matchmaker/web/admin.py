"""Admin pages for shared data: organisations, the taxonomy and the audit log.

User management lives with the account pages. The taxonomy's terms (categories,
support types, decline reasons, cooperation models) share one set of views, chosen by
the ``kind`` segment of the URL (a registry, not if/elif).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from matchmaker import policy
from matchmaker.forms.admin import (
    CategoryForm,
    DeclineReasonForm,
    NewCategoryForm,
    NewDeclineReasonForm,
    NewTermForm,
    OrganisationForm,
    TermForm,
    organisation_initial,
    term_initial,
)
from matchmaker.forms.common import ActionForm
from matchmaker.forms.filters import AuditFilterForm
from matchmaker.models import (
    Category,
    CooperationModel,
    DeclineReason,
    Outcome,
    Role,
    SupportType,
)
from matchmaker.policy import allow, deny, role_in
from matchmaker.services import audit_log, organisations, taxonomy
from matchmaker.services.listing import clamp_page
from matchmaker.services.organisations import DuplicateName
from matchmaker.services.setting_fields import comparison_label
from matchmaker.services.taxonomy import DuplicateSlug

bp = Blueprint("admin", __name__, url_prefix="/admin")

ADMIN = role_in(Role.ADMIN)


@dataclass(frozen=True)
class TermKind:
    """How one kind of taxonomy term is named, stored and edited."""

    model: type
    singular: str
    new_form: type[TermForm]
    edit_form: type[TermForm]


TERM_KINDS: dict[str, TermKind] = {
    "categories": TermKind(Category, "category", NewCategoryForm, CategoryForm),
    "support-types": TermKind(SupportType, "support type", NewTermForm, TermForm),
    "decline-reasons": TermKind(
        DeclineReason, "decline reason", NewDeclineReasonForm, DeclineReasonForm
    ),
    "cooperation-models": TermKind(
        CooperationModel, "cooperation model", NewTermForm, TermForm
    ),
}
KIND = "<any({}):kind>".format(", ".join(f'"{kind}"' for kind in TERM_KINDS))


def _current() -> object:
    from flask_login import current_user

    return current_user._get_current_object()


# Organisations ------------------------------------------------------------------


@bp.get("/organisations")
@allow(ADMIN)
def organisations_index() -> str | Response:
    """Every organisation, by name."""
    if not policy.can_manage_organisations(_current()):
        return deny()
    page = organisations.list_page(clamp_page(request.args.get("page")))
    return render_template("admin/organisations.html", page=page)


@bp.route("/organisations/new", methods=["GET", "POST"])
@allow(ADMIN)
def organisation_create() -> tuple | Response:
    """Add an organisation."""
    if not policy.can_manage_organisations(_current()):
        return deny()
    form = OrganisationForm().set_choices()
    if form.validate_on_submit():
        try:
            organisations.create(form.to_data())
        except DuplicateName as error:
            form.name.errors.append(str(error))
        else:
            flash("Organisation added.", "success")
            return redirect(url_for(".organisations_index"))
    status = 422 if form.is_submitted() else 200
    html = render_template("admin/organisation_form.html", form=form, organisation=None)
    return html, status


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@allow(ADMIN)
def organisation_edit(organisation_id: int) -> tuple | Response:
    """Change an organisation's name, kind, country or website."""
    organisation = organisations.get(organisation_id)
    if organisation is None:
        abort(404)
    if not policy.can_manage_organisations(_current()):
        return deny(organisation)
    initial = organisation_initial(organisation) if request.method == "GET" else None
    form = OrganisationForm(data=initial).set_choices()
    if form.validate_on_submit():
        try:
            organisations.update(organisation, form.to_data())
        except DuplicateName as error:
            form.name.errors.append(str(error))
        else:
            flash("Organisation saved.", "success")
            return redirect(url_for(".organisations_index"))
    status = 422 if form.is_submitted() else 200
    html = render_template(
        "admin/organisation_form.html", form=form, organisation=organisation
    )
    return html, status


# Taxonomy ------------------------------------------------------------------------


@bp.get("/taxonomy")
@allow(ADMIN)
def taxonomy_index() -> str | Response:
    """Every kind of term, active and retired."""
    if not policy.can_edit_taxonomy(_current()):
        return deny()
    return render_template(
        "admin/taxonomy.html",
        categories=taxonomy.categories(),
        support_types=taxonomy.support_types(),
        decline_reasons=taxonomy.decline_reasons(),
        cooperation_models=taxonomy.cooperation_models(),
        comparison_label=comparison_label,
    )


def _kind(kind: str) -> TermKind:
    return TERM_KINDS[kind]


@bp.route(f"/taxonomy/{KIND}/new", methods=["GET", "POST"])
@allow(ADMIN)
def term_create(kind: str) -> tuple | Response:
    """Add a term of any kind."""
    if not policy.can_edit_taxonomy(_current()):
        return deny()
    term_kind = _kind(kind)
    form = term_kind.new_form().set_choices()
    if form.validate_on_submit():
        try:
            taxonomy.create_term(term_kind.model, form.to_data())
        except DuplicateSlug as error:
            form.slug.errors.append(str(error))
        else:
            flash(f"{term_kind.singular.capitalize()} added.", "success")
            return redirect(url_for(".taxonomy_index"))
    status = 422 if form.is_submitted() else 200
    html = render_template(
        "admin/term_form.html", form=form, term=None, kind=kind, term_kind=term_kind
    )
    return html, status


@bp.route(f"/taxonomy/{KIND}/<int:term_id>/edit", methods=["GET", "POST"])
@allow(ADMIN)
def term_edit(kind: str, term_id: int) -> tuple | Response:
    """Change a term's label, description and its kind's own fields."""
    term_kind = _kind(kind)
    term = taxonomy.get_term(term_kind.model, term_id)
    if term is None:
        abort(404)
    if not policy.can_edit_taxonomy(_current()):
        return deny(term)
    initial = term_initial(term) if request.method == "GET" else None
    form = term_kind.edit_form(data=initial).set_choices(term)
    if form.validate_on_submit():
        taxonomy.update_term(term, form.to_data())
        flash(f"{term_kind.singular.capitalize()} saved.", "success")
        return redirect(url_for(".taxonomy_index"))
    status = 422 if form.is_submitted() else 200
    html = render_template(
        "admin/term_form.html", form=form, term=term, kind=kind, term_kind=term_kind
    )
    return html, status


@bp.post(f"/taxonomy/{KIND}/<int:term_id>/<any(activate, deactivate):action>")
@allow(ADMIN)
def term_set_active(kind: str, term_id: int, action: str) -> Response:
    """Retire a term from new choices, or bring it back; terms are never deleted."""
    term_kind = _kind(kind)
    term = taxonomy.get_term(term_kind.model, term_id)
    if term is None:
        abort(404)
    if not policy.can_edit_taxonomy(_current()):
        return deny(term)
    if not ActionForm().validate_on_submit():
        abort(400)
    taxonomy.set_active(term, action == "activate")
    done = "activated" if action == "activate" else "retired"
    flash(f"{term_kind.singular.capitalize()} {term.label!r} {done}.", "success")
    return redirect(url_for(".taxonomy_index"))


# Audit log -----------------------------------------------------------------------


@bp.get("/audit")
@allow(ADMIN)
def audit() -> str | Response:
    """The audit trail, newest first, filtered by action, actor and outcome."""
    if not policy.can_view_audit(_current()):
        return deny()
    form = AuditFilterForm(formdata=request.args)
    form.set_choices(audit_log.actions())
    form.validate()
    outcome = form.value("outcome")
    filters = audit_log.AuditFilters(
        action=form.value("action"),
        actor=form.value("actor"),
        outcome=Outcome(outcome) if outcome else None,
    )
    page = audit_log.search(filters, clamp_page(request.args.get("page")))
    return render_template(
        "admin/audit.html",
        form=form,
        page=page,
        filters={k: v for k, v in vars(filters).items() if v},
    )
