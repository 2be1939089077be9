"""The blueprints of this package: own account (``auth``) and user admin (``users``)."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
users_bp = Blueprint("users", __name__, url_prefix="/admin/users")
