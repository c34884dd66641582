"""Forms and display names for proposals, threads, comments and moderation."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, MultipleFileField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, URL, ValidationError
from wtforms import IntegerField

from ..domain.deliberation_rules import parse_yuan
from ..messages import PROPOSAL_STATUS_NAMES

CATEGORY_NAMES = {"co_building": _l("Co-building"), "co_governance": _l("Co-governance"), "sharing": _l("Sharing")}
STATUS_NAMES = PROPOSAL_STATUS_NAMES
REACTION_NAMES = {"agree": _l("Agree"), "disagree": _l("Disagree"), "pass": _l("Pass")}
ORDER_NAMES = {"new": _l("Newest"), "agreed": _l("Most agreed"), "common": _l("Common ground")}
EMAIL_MODE_NAMES = {"off": _l("No e-mail"), "immediate": _l("At once"), "daily": _l("A daily digest")}
ERRORS = {
    "scope": _l("You can only propose for the whole community or your own building."),
    "too_many_images": _l("A proposal can have at most 6 images."),
    "image_too_large": _l("An image is larger than 8 MB."),
    "image_not_image": _l("Only JPEG, PNG or WebP images can be attached."),
    "not_draft": _l("Only a draft can be changed."),
    "cannot_support": _l("You cannot support this proposal."),
    "not_collecting": _l("Support can only be withdrawn while the proposal collects support."),
    "bad_parent": _l("That comment cannot be answered."),
    "edit_window": _l("Comments can only be corrected within 15 minutes."),
    "bad_reaction": _l("Choose agree, disagree or pass."),
    "already_hidden": _l("This is already hidden."),
}


def validate_yuan(form, field):
    try:
        field.fen = parse_yuan(field.data)
    except ValueError:
        raise ValidationError(_l("Enter an amount in yuan, such as 12000 or 350.50.")) from None


class ProposalForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(min=4, max=200)])
    body = TextAreaField(_l("What do you propose, and why?"), validators=[DataRequired(), Length(max=20000)])
    category = RadioField(_l("Category"), choices=[SelectChoice(k, v) for k, v in CATEGORY_NAMES.items()],
                          validators=[DataRequired()], default="co_building")
    scope = SelectField(_l("Who it concerns"), validators=[DataRequired()])
    estimated_cost = StringField(_l("Estimated cost (yuan)"), validators=[Optional(), validate_yuan])
    images = MultipleFileField(_l("Photos (up to 6; JPEG, PNG or WebP)"))


class ThreadForm(FlaskForm):
    title = StringField(_l("Topic"), validators=[DataRequired(), Length(min=2, max=200)])
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=5000)])


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[DataRequired(), Length(max=5000)])


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(min=2, max=255)])


class SettingsForm(FlaskForm):
    support_threshold_count = IntegerField(_l("Supports needed (number)"),
                                           validators=[Optional(), NumberRange(min=1, max=100000)])
    support_threshold_percent = IntegerField(_l("Supports needed (percent of households in scope)"),
                                             validators=[Optional(), NumberRange(min=1, max=100)])
    webhook_url = StringField(_l("Group robot webhook (WeChat Work or DingTalk)"),
                              validators=[Optional(), URL(require_tld=False), Length(max=500)])


class PreferencesForm(FlaskForm):
    email_mode = RadioField(_l("E-mail"), choices=[SelectChoice(k, v) for k, v in EMAIL_MODE_NAMES.items()],
                            validators=[DataRequired()])
    notify_replies = BooleanField(_l("Tell me when someone replies to my comments"))
    notify_proposals = BooleanField(_l("Tell me about proposals I wrote or support"))


def translated(groups):
    """Translate display names once per request: a lazy string re-translates at every use in a template."""
    return {name: {code: str(label) for code, label in labels.items()} for name, labels in groups.items()}
