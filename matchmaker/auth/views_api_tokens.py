"""The "API tokens" page: everyone signed in makes and revokes their own tokens.

A new token is shown once, in the answer to the POST that made it, and nowhere
else: not in the session, a flash message or an address, and the answer is marked
``no-store`` so that no cache keeps it. Reloading the page afterwards shows the
token's recognisable start only.
"""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from matchmaker.auth.api_token_forms import ApiTokenForm
from matchmaker.auth.blueprints import bp
from matchmaker.models import ApiToken, TokenScope, utcnow
from matchmaker.policy import SIGNED_IN, allow, deny
from matchmaker.services import api_tokens


@bp.route("/account/api-tokens", methods=["GET", "POST"], endpoint="api_tokens")
@allow(SIGNED_IN)
def api_tokens_page() -> Response | str | tuple[str, int]:
    """List one's tokens; a POST makes one and shows it this once."""
    form = ApiTokenForm()
    if not form.is_submitted():
        return _page(form)
    if form.validate():
        try:
            token, raw = api_tokens.issue(
                current_user._get_current_object(),
                name=form.name.data or "",
                scope=TokenScope(form.scope.data),
                days=form.days.data or 0,
            )
        except api_tokens.ApiTokenError as error:
            form.form_errors.append(str(error))
        else:
            return _no_store(_page(ApiTokenForm(formdata=None), token, raw))
    return _page(form), 422


@bp.post("/account/api-tokens/<int:token_id>/revoke")
@allow(SIGNED_IN)
def revoke_api_token(token_id: int) -> Response:
    """Revoke one of one's own tokens; anyone else's answers as if it did not exist."""
    user = current_user._get_current_object()
    token = api_tokens.own_token(user, token_id)
    if token is None:
        return deny(conceal=True)
    name = token.name
    if api_tokens.revoke(user, token_id):
        flash(
            f"The token “{name}” is revoked: systems that use it are refused "
            "from now on.",
            "success",
        )
    else:
        flash(f"The token “{name}” was revoked already.", "info")
    return redirect(url_for("auth.api_tokens"))


def _page(
    form: ApiTokenForm, new_token: ApiToken | None = None, raw_token: str = ""
) -> str:
    user = current_user._get_current_object()
    return render_template(
        "auth/api_tokens.html",
        tokens=api_tokens.tokens_of(user),
        now=utcnow(),
        form=form,
        new_token=new_token,
        raw_token=raw_token,
    )


def _no_store(page: str) -> Response:
    # Set here as well as for every signed-in page: this answer may hold a secret.
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response
