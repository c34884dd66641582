"""Forms and error messages of the sharing pages (resources, bookings, volunteering, pledges)."""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

RULE_MESSAGES = {
    "not_a_slot": _l("That is not one of this resource's time slots."),
    "too_late": _l("Book at least %(minutes)s minutes before the start."),
    "too_far": _l("You can book at most %(days)s days ahead."),
    "quota": _l("Your household has used its %(quota)s bookings of this resource for that week."),
    "taken": _l("Someone has just booked that time. Please choose another slot."),
    "past_cutoff": _l("Too late to cancel: cancellations close %(minutes)s minutes before the start. "
                      "Please call the community office."),
    "wrong_status": _l("That is no longer possible for this item."),
    "already_signed_up": _l("You have already signed up for this task."),
    "task_full": _l("This task has all the volunteers it needs."),
    "bad_minutes": _l("Choose how many hours the volunteer gave."),
    "not_started": _l("Attendance can be confirmed once the task has begun."),
    "bad_amount": _l("Enter an amount in yuan, for example 200 or 50.50."),
    "no_description": _l("Say what you will give."),
}
KIND_NAMES = {"room": _l("Room or hall"), "tool": _l("Tool"), "parking": _l("Parking space"), "court": _l("Sports court"),
              "other": _l("Other")}
BOOKING_STATUS = {"pending": _l("Awaiting approval"), "confirmed": _l("Confirmed"),
                  "checked_out": _l("Checked out"), "returned": _l("Returned"), "cancelled": _l("Cancelled"),
                  "rejected": _l("Not approved")}
SIGNUP_STATUS = {"signed_up": _l("Signed up"), "withdrawn": _l("Withdrawn"), "attended": _l("Attended"),
                 "absent": _l("Absent")}
PLEDGE_STATUS = {"pledged": _l("Pledged"), "fulfilled": _l("Handed over"), "withdrawn": _l("Withdrawn")}
PLEDGE_KINDS = {"money": _l("Money"), "materials": _l("Materials")}


def rule_message(error):
    return str(RULE_MESSAGES[error.code] % error.params) if error.params else str(RULE_MESSAGES[error.code])


def minutes_of(field):
    return field.data.hour * 60 + field.data.minute


class ResourceForm(FlaskForm):
    name = StringField(_l("Resource name"), validators=[DataRequired(), Length(max=120)])
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, v) for k, v in KIND_NAMES.items()])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    location = StringField(_l("Where it is"), validators=[Optional(), Length(max=200)])
    building_id = SelectField(_l("Who may book"), coerce=int)
    slot_minutes = SelectField(_l("Slot length"), coerce=int, default=60, choices=[
        SelectChoice(m, label) for m, label in ((30, _l("30 minutes")), (60, _l("1 hour")), (120, _l("2 hours")),
                                                (180, _l("3 hours")), (240, _l("4 hours")))])
    opens = TimeField(_l("Opens at"), validators=[InputRequired()])
    closes = TimeField(_l("Closes at"), validators=[InputRequired()])
    weekly_quota = IntegerField(_l("Bookings per household per week (0: no limit)"), default=2,
                                validators=[InputRequired(), NumberRange(min=0, max=50)])
    lead_minutes = IntegerField(_l("Book at least this many minutes ahead"), default=60,
                                validators=[InputRequired(), NumberRange(min=0, max=10080)])
    horizon_days = IntegerField(_l("Book at most this many days ahead"), default=14,
                                validators=[InputRequired(), NumberRange(min=1, max=90)])
    cancel_cutoff_minutes = IntegerField(_l("Cancel no later than this many minutes before the start"), default=120,
                                         validators=[InputRequired(), NumberRange(min=0, max=10080)])
    needs_approval = BooleanField(_l("A worker approves each booking"))
    deposit_note = StringField(_l("Deposit"), validators=[Optional(), Length(max=200)])
    photo = FileField(_l("Photo"))

    def validate_closes(self, field):
        if self.opens.data and field.data and field.data <= self.opens.data:
            raise ValidationError(_l("Closing time must be after opening time."))
        if self.opens.data and field.data and minutes_of(field) - minutes_of(self.opens) < self.slot_minutes.data:
            raise ValidationError(_l("The opening hours must hold at least one slot."))

    def values(self):
        return {"name": self.name.data.strip(), "kind": self.kind.data, "description": self.description.data or "",
                "location": self.location.data or "", "deposit_note": self.deposit_note.data or "",
                "building_id": self.building_id.data or None, "slot_minutes": self.slot_minutes.data,
                "opens_minute": minutes_of(self.opens), "closes_minute": minutes_of(self.closes),
                "weekly_quota": self.weekly_quota.data, "lead_minutes": self.lead_minutes.data,
                "horizon_days": self.horizon_days.data, "cancel_cutoff_minutes": self.cancel_cutoff_minutes.data,
                "needs_approval": self.needs_approval.data}


class ReturnForm(FlaskForm):
    condition = TextAreaField(_l("Condition on return"), validators=[DataRequired(), Length(max=1000)])
    photo = FileField(_l("Photo (optional)"))


class TaskForm(FlaskForm):
    title = StringField(_l("Task"), validators=[DataRequired(), Length(max=200)])
    starts_at = DateTimeLocalField(_l("Date and time"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    planned_minutes = SelectField(_l("How long"), coerce=int, default=120)
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
    people_needed = IntegerField(_l("People needed"), default=4,
                                 validators=[InputRequired(), NumberRange(min=1, max=200)])
    skills = StringField(_l("Skills wanted"), validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Details"), validators=[Optional(), Length(max=2000)])


class ConfirmForm(FlaskForm):
    attended = SelectField(_l("Attendance"),
                           choices=[SelectChoice("1", _l("Came")), SelectChoice("0", _l("Did not come"))])
    minutes = SelectField(_l("Hours given"), coerce=int)


YUAN = re.compile(r"^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$")


class PledgeForm(FlaskForm):
    kind = SelectField(_l("I pledge"), choices=[SelectChoice(k, v) for k, v in PLEDGE_KINDS.items()])
    amount = StringField(_l("Amount (yuan)"), validators=[Optional(), Length(max=12)])
    description = StringField(_l("What (for materials)"), validators=[Optional(), Length(max=200)])

    def validate_amount(self, field):
        if self.kind.data == "money" and not YUAN.match(field.data or ""):
            raise ValidationError(RULE_MESSAGES["bad_amount"])

    def validate_description(self, field):
        if self.kind.data == "materials" and not (field.data or "").strip():
            raise ValidationError(RULE_MESSAGES["no_description"])

    def fen(self):
        """The amount in fen, read from the text without floats."""
        match = YUAN.match(self.amount.data or "")
        if not match:
            return 0
        return int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))


def hour_choices(upto=12 * 60):
    """Half-hour steps, labelled in the reader's language (call inside a request)."""
    from flask_babel import gettext as _

    from ..services.timebank import format_hours

    return [SelectChoice(m, _("%(hours)s h", hours=format_hours(m))) for m in range(30, upto + 1, 30)]
