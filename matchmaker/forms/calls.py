"""The form that raises a hub candidate with partners: the facilitator's note."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from matchmaker.forms.common import no_control_characters, strip

# Room for a few paragraphs; a notification and a call's page stay readable.
NOTE_MAX = 2000


class RaiseCallForm(FlaskForm):
    """What partners read first: why the facilitation team raises this gap."""

    note = TextAreaField(
        "Note for partners",
        description="What partners should know: who to contact, what help would "
        "count, any timing. Partners read it with the call.",
        filters=[strip],
        validators=[
            DataRequired("Write a note for partners."),
            Length(
                max=NOTE_MAX,
                message=f"Keep the note to {NOTE_MAX:,} characters or fewer.",
            ),
            no_control_characters,
        ],
    )
