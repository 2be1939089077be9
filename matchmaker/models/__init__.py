"""The data model, split by aggregate; importing this package registers every table."""

from matchmaker.models.audit import AuditEvent, Outcome
from matchmaker.models.auth import (
    AttemptState,
    OneTimeToken,
    RoleSetting,
    SignInAttempt,
    TokenPurpose,
    UsedTotpStep,
)
from matchmaker.models.base import Base, utcnow
from matchmaker.models.matching import (
    ExplanationItem,
    MatchRun,
    ProposalKind,
    RegionalProposal,
    RunKind,
    RunStatus,
    Suggestion,
)
from matchmaker.models.need import Need, NeedStatus, Priority
from matchmaker.models.offer import Modality, Offer, OfferStatus
from matchmaker.models.organisation import Organisation, OrganisationKind
from matchmaker.models.pairing import (
    PAIRING_TRANSITIONS,
    Pairing,
    PairingEvent,
    PairingStatus,
)
from matchmaker.models.reference import Category, Country, SubRegion, SupportType
from matchmaker.models.user import Role, User

__all__ = [
    "PAIRING_TRANSITIONS",
    "AttemptState",
    "AuditEvent",
    "Base",
    "Category",
    "Country",
    "ExplanationItem",
    "MatchRun",
    "Modality",
    "Need",
    "NeedStatus",
    "Offer",
    "OneTimeToken",
    "OfferStatus",
    "Organisation",
    "OrganisationKind",
    "Outcome",
    "Pairing",
    "PairingEvent",
    "PairingStatus",
    "Priority",
    "ProposalKind",
    "RegionalProposal",
    "RoleSetting",
    "RunKind",
    "RunStatus",
    "SignInAttempt",
    "SubRegion",
    "Suggestion",
    "SupportType",
    "TokenPurpose",
    "UsedTotpStep",
    "User",
    "Role",
    "utcnow",
]
