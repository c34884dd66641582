"""Forms shared by the account pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms.fields.choices import SelectChoice
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp

PHONE = Regexp(r"^\+?\d[\d\- ]{5,19}$", message=_l("Enter a valid phone number."))


class LoginForm(FlaskForm):
    identifier = StringField(_l("Phone or e-mail"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Stay signed in on this device"))


class RegisterForm(FlaskForm):
    code = StringField(_l("Invite code"), validators=[DataRequired(), Length(max=40)])
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=60)])
    phone = StringField(_l("Phone"), validators=[Optional(), PHONE])
    email = EmailField(_l("E-mail"), validators=[Optional(), Email(), Length(max=255)])
    occupancy = RadioField(
        _l("You are"), choices=[SelectChoice("owner", _l("the owner")), SelectChoice("tenant", _l("a tenant"))],
        default="owner", validators=[DataRequired()],
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=8, max=128)])
    confirm = PasswordField(
        _l("Password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        if not (self.phone.data or self.email.data):
            self.phone.errors.append(_l("Give a phone number or an e-mail address."))
            return False
        return True


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=8, max=128)])
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class ImportForm(FlaskForm):
    file = FileField(_l("Register file (CSV)"), validators=[FileRequired()])


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=255)])
