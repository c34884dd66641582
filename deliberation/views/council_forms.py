"""Forms of the councils area: members, rules, meetings, minutes, decisions, objections, projects."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (DateField, DateTimeLocalField, IntegerField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..domain.project_budget import parse_yuan

ROLE_CHOICES = [SelectChoice("member", _l("Member")), SelectChoice("secretary", _l("Secretary")),
                SelectChoice("chair", _l("Chair"))]
RULE_CHOICES = [
    SelectChoice("majority_present", _l("More than half of the members present")),
    SelectChoice("two_thirds_present", _l("At least two thirds of the members present")),
    SelectChoice("majority_members", _l("More than half of all members")),
    SelectChoice("custom", _l("At least a set percentage of the members present")),
]
EFFECT_CHOICES = [
    SelectChoice("accept", _l("Accept the proposal (it becomes a project)")),
    SelectChoice("send_to_vote", _l("Put the proposal to a residents' vote")),
    SelectChoice("reject", _l("Reject the proposal")),
    SelectChoice("none", _l("No change to a proposal")),
]


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CouncilForm(FlaskForm):
    name = StringField(_l("Name of the council"), validators=[DataRequired(), Length(max=120)])
    building_id = SelectField(_l("Scope"), coerce=int, validators=[InputRequired()])
    rule = SelectField(_l("How an item is adopted"), choices=RULE_CHOICES)


class AppointForm(FlaskForm):
    user_id = SelectField(_l("Resident"), coerce=int, validators=[InputRequired()])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default="member")
    term_start = DateField(_l("Term starts"), validators=[InputRequired()])
    term_end = DateField(_l("Term ends"), validators=[Optional()])


class RuleForm(FlaskForm):
    rule = SelectField(_l("How an item is adopted"), choices=RULE_CHOICES)
    threshold_percent = IntegerField(_l("Percentage for a custom rule"),
                                     validators=[Optional(), NumberRange(min=1, max=100)])
    quorum_percent = IntegerField(_l("Quorum: more than this percentage of members present"),
                                  validators=[InputRequired(), NumberRange(min=0, max=99)], default=50)


class MeetingForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    scheduled_at = DateTimeLocalField(_l("Date and time"), format="%Y-%m-%dT%H:%M",
                                      validators=[InputRequired()])
    location = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
    proposals = CheckboxesField(_l("Proposals waiting for this council"), coerce=int,
                                validators=[Optional()])
    free_items = TextAreaField(_l("Other agenda items, one per line"), validators=[Optional(), Length(max=2000)])


class MinutesForm(FlaskForm):
    minutes = TextAreaField(_l("Minutes"), validators=[Optional(), Length(max=50000)])


class PublishForm(FlaskForm):
    title = StringField(_l("Title of the decision"), validators=[DataRequired(), Length(max=200)])
    text = TextAreaField(_l("Text of the decision"), validators=[DataRequired(), Length(max=20000)])
    effect = SelectField(_l("When it takes effect"), choices=EFFECT_CHOICES)
    notice_days = IntegerField(_l("Public-notice period (days)"), default=7,
                               validators=[InputRequired(), NumberRange(min=1, max=60)])


class ObjectionForm(FlaskForm):
    reasons = TextAreaField(_l("Your objection and its reasons"),
                            validators=[DataRequired(), Length(min=5, max=5000)])


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("The council's answer"), validators=[DataRequired(), Length(max=5000)])


def yuan_amount(form, field):
    field.fen = parse_yuan(field.data)
    if field.fen is None:
        raise ValidationError(_l("Enter an amount in yuan, such as 1280 or 1280.50."))


class SpendingForm(FlaskForm):
    amount = StringField(_l("Amount (yuan)"), validators=[DataRequired(), yuan_amount])
    description = StringField(_l("What it paid for"), validators=[DataRequired(), Length(max=200)])
    spent_on = DateField(_l("Date"), validators=[InputRequired()])

    def validate_amount(self, field):
        if getattr(field, "fen", None) == 0:
            raise ValidationError(_l("The amount must be more than zero."))


class BudgetForm(FlaskForm):
    budget = StringField(_l("Allocated budget (yuan)"), validators=[DataRequired(), yuan_amount])


class MilestoneForm(FlaskForm):
    title = StringField(_l("Milestone"), validators=[DataRequired(), Length(max=200)])
    due_on = DateField(_l("Due"), validators=[Optional()])


class UpdateForm(FlaskForm):
    body = TextAreaField(_l("What happened"), validators=[DataRequired(), Length(max=5000)])
    photos = MultipleFileField(_l("Photos (up to 6)"))
