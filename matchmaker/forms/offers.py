"""The offer form: what a partner may set. No organisation, owner or status field."""

from __future__ import annotations

from typing import Any, Self

from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    SubmitField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    NumberRange,
    Optional,
    ValidationError,
)

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
from matchmaker.models import Category, HubCall, Modality, Offer, SupportType
from matchmaker.services import taxonomy
from matchmaker.services.offers import OfferData

MODALITY_CHOICES = options(
    [
        (Modality.BILATERAL.value, "Bilateral: one country at a time"),
        (Modality.REGIONAL.value, "Regional: several countries together"),
        (Modality.EITHER.value, "Either"),
    ]
)


class _OfferFields(ListingTextForm):
    """What a partner sets on an offer (the organisation is implied)."""

    categories = MultiCheckboxField(
        "Categories", validators=[DataRequired("Choose at least one category.")]
    )
    support_types = MultiCheckboxField(
        "Support offered",
        validators=[DataRequired("Choose at least one kind of support.")],
    )
    eligible_any = BooleanField("Any country of the region may benefit")
    eligible_sub_regions = MultiCheckboxField("Eligible sub-regions")
    eligible_countries = SelectMultipleField("Eligible countries")
    capacity = IntegerField(
        "Capacity (how many needs or countries it can serve)",
        default=1,
        validators=[
            InputRequired("Enter a capacity from 1 to 1000."),
            NumberRange(1, 1000, "Enter a capacity from 1 to 1000."),
        ],
    )
    modality = SelectField("Modality", choices=MODALITY_CHOICES, default="either")
    budget_usd = BudgetField(validators=[Optional(), budget_in_range])
    valid_until = DayField(
        "Valid until", validators=[Optional(), date_in_range, not_in_past]
    )
    submit = SubmitField("Save offer")

    def set_choices(self, offer: Offer | None = None) -> Self:
        """Active terms (plus retired ones in use), countries and sub-regions."""
        self.categories.choices = options(
            taxonomy.term_choices(Category, offer.categories if offer else [])
        )
        self.support_types.choices = options(
            taxonomy.term_choices(SupportType, offer.support_types if offer else [])
        )
        self.eligible_sub_regions.choices = options(
            (s.slug, s.label) for s in taxonomy.sub_regions()
        )
        self.eligible_countries.choices = options(
            (c.alpha3, c.name) for c in taxonomy.escap_countries()
        )
        return self

    def validate_eligible_any(self, field: BooleanField) -> None:
        """Either any country, or a list of countries and sub-regions; not both."""
        listed = self.eligible_countries.data or self.eligible_sub_regions.data
        if field.data and listed:
            raise ValidationError(
                "Choose 'any country' or specific countries and sub-regions, not both."
            )
        if not field.data and not listed:
            raise ValidationError(
                "Say who may benefit: any country, or countries and sub-regions."
            )

    def to_data(self) -> OfferData:
        """The validated values, in the service's terms."""
        return OfferData(
            title=self.title.data,
            description=self.description.data or "",
            category_slugs=tuple(self.categories.data),
            support_type_slugs=tuple(self.support_types.data),
            eligible_any=bool(self.eligible_any.data),
            eligible_countries=tuple(self.eligible_countries.data or ()),
            eligible_sub_regions=tuple(self.eligible_sub_regions.data or ()),
            capacity=self.capacity.data,
            modality=Modality(self.modality.data),
            budget_usd=self.budget_usd.data,
            valid_until=self.valid_until.data,
        )


class OfferForm(_OfferFields):
    """Create an offer, once however often the form is sent (its one-time token)."""

    create_token = CreateTokenField()


class OfferEditForm(_OfferFields):
    """Edit an offer: the same fields, plus the version the form was opened at."""

    version = VersionField()


def initial_data(offer: Offer) -> dict[str, Any]:
    """The form's starting values for an existing offer."""
    return {
        "title": offer.title,
        "description": offer.description,
        "categories": [c.slug for c in offer.categories],
        "support_types": [s.slug for s in offer.support_types],
        "eligible_any": offer.eligible_any
        or not (offer.eligible_countries or offer.eligible_sub_regions),
        "eligible_sub_regions": [s.slug for s in offer.eligible_sub_regions],
        "eligible_countries": [c.alpha3 for c in offer.eligible_countries],
        "capacity": offer.capacity,
        "modality": offer.modality.value,
        "budget_usd": offer.budget_usd,
        "valid_until": offer.valid_until,
        "version": offer.version,
    }


def initial_for_call(call: HubCall) -> dict[str, Any]:
    """A new offer answering an open call: a title from its theme, its category,
    its sub-region as the eligible one, and the regional modality (several
    countries share the facility). The partner edits anything before saving."""
    region = f" for {call.sub_region.label}" if call.sub_region else ""
    return {
        "title": f"Shared facility{region}: {call.theme}"[:200],
        "categories": [call.category.slug] if call.category else [],
        "eligible_any": call.sub_region is None,
        "eligible_sub_regions": [call.sub_region.slug] if call.sub_region else [],
        "modality": Modality.REGIONAL.value,
    }
