"""The data model, split by aggregate; importing this package registers every table."""

from matchmaker.models.api_token import ApiRateWindow, ApiToken, TokenScope
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
from matchmaker.models.hub_call import HubCall, HubCallStatus
from matchmaker.models.jobs import JobLease
from matchmaker.models.matching import (
    ExplanationItem,
    MatchRun,
    MatchSettingsVersion,
    ProposalKind,
    RegionalProposal,
    RunKind,
    RunStatus,
    Suggestion,
)
from matchmaker.models.need import Need, NeedStatus, Priority
from matchmaker.models.notification import Notification, NotificationKind
from matchmaker.models.offer import Modality, Offer, OfferStatus
from matchmaker.models.organisation import Organisation, OrganisationKind
from matchmaker.models.pairing import (
    ACTIVE_STATUSES,
    FINAL_STATUSES,
    INTRODUCED_STATUSES,
    PAIRING_TRANSITIONS,
    Interest,
    InterestSide,
    Pairing,
    PairingEvent,
    PairingStatus,
    RegionalCooperation,
)
from matchmaker.models.reference import (
    Category,
    CooperationModel,
    Country,
    DeclineReason,
    SubRegion,
    SupportType,
)
from matchmaker.models.user import EmailPreference, Role, User

__all__ = [
    "ACTIVE_STATUSES",
    "ApiRateWindow",
    "ApiToken",
    "FINAL_STATUSES",
    "INTRODUCED_STATUSES",
    "PAIRING_TRANSITIONS",
    "CooperationModel",
    "DeclineReason",
    "EmailPreference",
    "HubCall",
    "HubCallStatus",
    "Interest",
    "InterestSide",
    "JobLease",
    "MatchSettingsVersion",
    "Notification",
    "NotificationKind",
    "RegionalCooperation",
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
    "TokenScope",
    "UsedTotpStep",
    "User",
    "Role",
    "utcnow",
]
