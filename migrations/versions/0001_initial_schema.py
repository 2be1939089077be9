"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 07:50:58.459425

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: tables, constraints and indexes of the first data model.
    op.create_table('categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_categories')),
    sa.UniqueConstraint('slug', name=op.f('uq_categories_slug'))
    )
    op.create_table('sub_regions',
    sa.Column('slug', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('slug', name=op.f('pk_sub_regions'))
    )
    op.create_table('support_types',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_types')),
    sa.UniqueConstraint('slug', name=op.f('uq_support_types_slug'))
    )
    op.create_table('category_relations',
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('related_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_category_relations_category_id_categories')),
    sa.ForeignKeyConstraint(['related_id'], ['categories.id'], name=op.f('fk_category_relations_related_id_categories')),
    sa.PrimaryKeyConstraint('category_id', 'related_id', name=op.f('pk_category_relations'))
    )
    op.create_table('countries',
    sa.Column('alpha3', sa.String(length=3), nullable=False),
    sa.Column('alpha2', sa.String(length=2), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('sub_region_slug', sa.String(length=40), nullable=True),
    sa.Column('escap_member', sa.Boolean(), nullable=False),
    sa.Column('escap_associate', sa.Boolean(), nullable=False),
    sa.Column('ldc', sa.Boolean(), nullable=False),
    sa.Column('lldc', sa.Boolean(), nullable=False),
    sa.Column('sids', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['sub_region_slug'], ['sub_regions.slug'], name=op.f('fk_countries_sub_region_slug_sub_regions')),
    sa.PrimaryKeyConstraint('alpha3', name=op.f('pk_countries')),
    sa.UniqueConstraint('alpha2', name=op.f('uq_countries_alpha2'))
    )
    with op.batch_alter_table('countries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_countries_sub_region_slug'), ['sub_region_slug'], unique=False)

    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('government', 'development-bank', 'multilateral', 'research', 'company', 'foundation', name='organisation_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('country_alpha3', sa.String(length=3), nullable=True),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['country_alpha3'], ['countries.alpha3'], name=op.f('fk_organisations_country_alpha3_countries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('name', name=op.f('uq_organisations_name'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('role', sa.Enum('focal-point', 'partner', 'facilitator', 'admin', name='user_role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('country_alpha3', sa.String(length=3), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_generation', sa.Integer(), nullable=False),
    sa.Column('totp_secret', sa.String(length=64), nullable=True),
    sa.Column('totp_enabled', sa.Boolean(), nullable=False),
    sa.Column('last_sign_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role != 'focal-point' OR country_alpha3 IS NOT NULL", name=op.f('ck_users_focal_point_has_country')),
    sa.CheckConstraint("role != 'partner' OR organisation_id IS NOT NULL", name=op.f('ck_users_partner_has_organisation')),
    sa.ForeignKeyConstraint(['country_alpha3'], ['countries.alpha3'], name=op.f('fk_users_country_alpha3_countries')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_users_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_country_alpha3'), ['country_alpha3'], unique=False)
        batch_op.create_index(batch_op.f('ix_users_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=80), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.String(length=40), nullable=False),
    sa.Column('outcome', sa.Enum('success', 'failure', 'denied', name='audit_outcome', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('request_id', sa.String(length=64), nullable=False),
    sa.Column('remote_addr', sa.String(length=64), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_events_actor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)

    op.create_table('match_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('full', 'incremental', name='run_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('status', sa.Enum('running', 'succeeded', 'failed', name='run_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('timings', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['started_by_id'], ['users.id'], name=op.f('fk_match_runs_started_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_runs'))
    )
    op.create_table('needs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=True),
    sa.Column('country_alpha3', sa.String(length=3), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('budget_usd', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('priority', sa.Enum('high', 'medium', 'low', name='need_priority', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('status', sa.Enum('draft', 'open', 'in_discussion', 'matched', 'fulfilled', 'withdrawn', name='need_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('budget_usd IS NULL OR budget_usd >= 0', name=op.f('ck_needs_budget_usd')),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_needs_category_id_categories')),
    sa.ForeignKeyConstraint(['country_alpha3'], ['countries.alpha3'], name=op.f('fk_needs_country_alpha3_countries')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_needs_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs')),
    sa.UniqueConstraint('reference', name=op.f('uq_needs_reference'))
    )
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_country_alpha3'), ['country_alpha3'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_status'), ['status'], unique=False)

    op.create_table('offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('eligible_any', sa.Boolean(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('modality', sa.Enum('bilateral', 'regional', 'either', name='offer_modality', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('budget_usd', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'open', 'closed', 'expired', name='offer_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('budget_usd IS NULL OR budget_usd >= 0', name=op.f('ck_offers_budget_usd')),
    sa.CheckConstraint('capacity >= 1', name=op.f('ck_offers_capacity_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_offers_created_by_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_offers_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offers')),
    sa.UniqueConstraint('reference', name=op.f('uq_offers_reference'))
    )
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offers_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_offers_status'), ['status'], unique=False)

    op.create_table('need_support_types',
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('support_type_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_need_support_types_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['support_type_id'], ['support_types.id'], name=op.f('fk_need_support_types_support_type_id_support_types')),
    sa.PrimaryKeyConstraint('need_id', 'support_type_id', name=op.f('pk_need_support_types'))
    )
    op.create_table('offer_categories',
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_offer_categories_category_id_categories')),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_offer_categories_offer_id_offers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('offer_id', 'category_id', name=op.f('pk_offer_categories'))
    )
    op.create_table('offer_eligible_countries',
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('country_alpha3', sa.String(length=3), nullable=False),
    sa.ForeignKeyConstraint(['country_alpha3'], ['countries.alpha3'], name=op.f('fk_offer_eligible_countries_country_alpha3_countries')),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_offer_eligible_countries_offer_id_offers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('offer_id', 'country_alpha3', name=op.f('pk_offer_eligible_countries'))
    )
    op.create_table('offer_eligible_sub_regions',
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('sub_region_slug', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_offer_eligible_sub_regions_offer_id_offers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sub_region_slug'], ['sub_regions.slug'], name=op.f('fk_offer_eligible_sub_regions_sub_region_slug_sub_regions')),
    sa.PrimaryKeyConstraint('offer_id', 'sub_region_slug', name=op.f('pk_offer_eligible_sub_regions'))
    )
    op.create_table('offer_support_types',
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('support_type_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_offer_support_types_offer_id_offers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['support_type_id'], ['support_types.id'], name=op.f('fk_offer_support_types_support_type_id_support_types')),
    sa.PrimaryKeyConstraint('offer_id', 'support_type_id', name=op.f('pk_offer_support_types'))
    )
    op.create_table('regional_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('regional-offer', 'hub', name='proposal_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=True),
    sa.Column('theme', sa.String(length=200), nullable=False),
    sa.Column('sub_region_slug', sa.String(length=40), nullable=True),
    sa.Column('suggested_host_alpha3', sa.String(length=3), nullable=True),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_regional_proposals_offer_id_offers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['match_runs.id'], name=op.f('fk_regional_proposals_run_id_match_runs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sub_region_slug'], ['sub_regions.slug'], name=op.f('fk_regional_proposals_sub_region_slug_sub_regions')),
    sa.ForeignKeyConstraint(['suggested_host_alpha3'], ['countries.alpha3'], name=op.f('fk_regional_proposals_suggested_host_alpha3_countries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_regional_proposals'))
    )
    with op.batch_alter_table('regional_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_regional_proposals_run_id'), ['run_id'], unique=False)

    op.create_table('suggestions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('assigned', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_suggestions_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_suggestions_offer_id_offers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['match_runs.id'], name=op.f('fk_suggestions_run_id_match_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestions'))
    )
    with op.batch_alter_table('suggestions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suggestions_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suggestions_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suggestions_run_id'), ['run_id'], unique=False)

    op.create_table('explanation_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('suggestion_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('comparison', sa.String(length=60), nullable=False),
    sa.Column('need_value', sa.Text(), nullable=False),
    sa.Column('offer_value', sa.Text(), nullable=False),
    sa.Column('similarity', sa.Float(), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('contribution', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['suggestion_id'], ['suggestions.id'], name=op.f('fk_explanation_items_suggestion_id_suggestions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_explanation_items'))
    )
    with op.batch_alter_table('explanation_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_explanation_items_suggestion_id'), ['suggestion_id'], unique=False)

    op.create_table('pairings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('suggestion_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('proposed', 'accepted', 'introduced', 'agreed', 'in_progress', 'completed', 'declined', name='pairing_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_pairings_created_by_id_users')),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_pairings_need_id_needs')),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_pairings_offer_id_offers')),
    sa.ForeignKeyConstraint(['suggestion_id'], ['suggestions.id'], name=op.f('fk_pairings_suggestion_id_suggestions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pairings')),
    sa.UniqueConstraint('need_id', 'offer_id', name=op.f('uq_pairings_need_id'))
    )
    with op.batch_alter_table('pairings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pairings_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pairings_offer_id'), ['offer_id'], unique=False)

    op.create_table('regional_proposal_needs',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_regional_proposal_needs_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['regional_proposals.id'], name=op.f('fk_regional_proposal_needs_proposal_id_regional_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', 'need_id', name=op.f('pk_regional_proposal_needs'))
    )
    op.create_table('pairing_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pairing_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.Enum('proposed', 'accepted', 'introduced', 'agreed', 'in_progress', 'completed', 'declined', name='pairing_event_from', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('to_status', sa.Enum('proposed', 'accepted', 'introduced', 'agreed', 'in_progress', 'completed', 'declined', name='pairing_event_to', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_pairing_events_actor_id_users')),
    sa.ForeignKeyConstraint(['pairing_id'], ['pairings.id'], name=op.f('fk_pairing_events_pairing_id_pairings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pairing_events'))
    )
    with op.batch_alter_table('pairing_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pairing_events_pairing_id'), ['pairing_id'], unique=False)




def downgrade():
    # Reviewed: tables, constraints and indexes of the first data model.
    with op.batch_alter_table('pairing_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pairing_events_pairing_id'))

    op.drop_table('pairing_events')
    op.drop_table('regional_proposal_needs')
    with op.batch_alter_table('pairings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pairings_offer_id'))
        batch_op.drop_index(batch_op.f('ix_pairings_need_id'))

    op.drop_table('pairings')
    with op.batch_alter_table('explanation_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_explanation_items_suggestion_id'))

    op.drop_table('explanation_items')
    with op.batch_alter_table('suggestions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suggestions_run_id'))
        batch_op.drop_index(batch_op.f('ix_suggestions_offer_id'))
        batch_op.drop_index(batch_op.f('ix_suggestions_need_id'))

    op.drop_table('suggestions')
    with op.batch_alter_table('regional_proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_regional_proposals_run_id'))

    op.drop_table('regional_proposals')
    op.drop_table('offer_support_types')
    op.drop_table('offer_eligible_sub_regions')
    op.drop_table('offer_eligible_countries')
    op.drop_table('offer_categories')
    op.drop_table('need_support_types')
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offers_status'))
        batch_op.drop_index(batch_op.f('ix_offers_organisation_id'))

    op.drop_table('offers')
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_status'))
        batch_op.drop_index(batch_op.f('ix_needs_country_alpha3'))
        batch_op.drop_index(batch_op.f('ix_needs_category_id'))

    op.drop_table('needs')
    op.drop_table('match_runs')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))
        batch_op.drop_index(batch_op.f('ix_audit_events_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_action'))

    op.drop_table('audit_events')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_users_country_alpha3'))

    op.drop_table('users')
    op.drop_table('organisations')
    with op.batch_alter_table('countries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_countries_sub_region_slug'))

    op.drop_table('countries')
    op.drop_table('category_relations')
    op.drop_table('support_types')
    op.drop_table('sub_regions')
    op.drop_table('categories')

