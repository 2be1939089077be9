"""The need form: what a focal point may set. No country, owner or status field."""

from __future__ import annotations

from typing import Any, Self

from wtforms import SelectField, SubmitField
from wtforms.validators import DataRequired, Optional

from matchmaker.forms.common import (
    BudgetField,
    DayField,
    ListingTextForm,
    MultiCheckboxField,
    VersionField,
    budget_in_range,
    date_in_range,
    not_in_past,
    options,
)
from matchmaker.forms.create_token import CreateTokenField
from matchmaker.models import Category, Need, Priority, SupportType
from matchmaker.services import taxonomy
from matchmaker.services.needs import NeedData

PRIORITY_CHOICES = options((p.value, p.value.capitalize()) for p in Priority)


class _NeedFields(ListingTextForm):
    """What a focal point sets on a need (the country is implied)."""

    category = SelectField(
        "Category", validators=[DataRequired("Choose a category.")], choices=[]
    )
    support_types = MultiCheckboxField(
        "Support wanted",
        validators=[DataRequired("Choose at least one kind of support.")],
        choices=[],
    )
    priority = SelectField("Priority", choices=PRIORITY_CHOICES, default="medium")
    budget_usd = BudgetField(validators=[Optional(), budget_in_range])
    deadline = DayField("Deadline", validators=[Optional(), date_in_range, not_in_past])
    submit = SubmitField("Save need")

    def set_choices(self, need: Need | None = None) -> Self:
        """Offer the active terms, and any retired term the need already uses."""
        current_category = [need.category] if need and need.category else []
        self.category.choices = options(
            [("", "Choose a category")]
            + taxonomy.term_choices(Category, current_category)
        )
        self.support_types.choices = options(
            taxonomy.term_choices(SupportType, need.support_types if need else [])
        )
        return self

    def to_data(self) -> NeedData:
        """The validated values, in the service's terms."""
        return NeedData(
            title=self.title.data,
            description=self.description.data or "",
            category_slug=self.category.data,
            support_type_slugs=tuple(self.support_types.data),
            priority=Priority(self.priority.data),
            budget_usd=self.budget_usd.data,
            deadline=self.deadline.data,
        )


class NeedForm(_NeedFields):
    """Create a need, once however often the form is sent (its one-time token)."""

    create_token = CreateTokenField()


class NeedEditForm(_NeedFields):
    """Edit a need: the same fields, plus the version the form was opened at."""

    version = VersionField()


def initial_data(need: Need) -> dict[str, Any]:
    """The form's starting values for an existing need."""
    return {
        "title": need.title,
        "description": need.description,
        "category": need.category.slug if need.category else "",
        "support_types": [s.slug for s in need.support_types],
        "priority": need.priority.value,
        "budget_usd": need.budget_usd,
        "deadline": need.deadline,
        "version": need.version,
    }
