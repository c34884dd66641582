"""Translated messages for the error codes the domain layer returns."""
from flask_babel import lazy_gettext as _l

REGISTER_ERRORS = {
    "encoding": _l("The file is neither UTF-8 nor GBK text. Save it from Excel as “CSV”."),
    "empty": _l("The file has no households."),
    "bad_header": _l("The first line must name the columns; missing: %(columns)s."),
    "missing_field": _l("The field “%(field)s” is empty."),
    "bad_area": _l("The floor area “%(value)s” is not a number of square metres with at most two decimals."),
    "zero_area": _l("The floor area “%(value)s” must be more than zero."),
    "unknown_building": _l("There is no building called “%(value)s” in this community."),
    "duplicate_room": _l("This room appears twice (first on line %(first_line)s)."),
    "bad_phone": _l("The phone number “%(value)s” is not valid."),
    "bad_birth_date": _l(
        "The date of birth “%(value)s” is not a date: write it as 1980-05-17, or the year alone (1980)."),
    "future_birth_date": _l("The date of birth “%(value)s” lies in the future."),
    "early_birth_date": _l("The date of birth “%(value)s” is before 1900."),
}
# A typed date of birth that cannot be recorded (residents list, and the register's messages above).
BIRTH_DATE_ERRORS = {
    "no_birth_date": _l("Type the date of birth, such as 1980-05-17, or the year alone (1980)."),
    "bad_birth_date": REGISTER_ERRORS["bad_birth_date"],
    "future_birth_date": REGISTER_ERRORS["future_birth_date"],
    "early_birth_date": REGISTER_ERRORS["early_birth_date"],
}
# One name per proposal status, for lists, badges and timelines alike.
PROPOSAL_STATUS_NAMES = {
    "draft": _l("Draft"), "collecting": _l("Collecting support"), "on_agenda": _l("On the council agenda"),
    "voting": _l("Being voted"), "accepted": _l("Accepted"), "rejected": _l("Rejected"),
    "in_progress": _l("In progress"), "completed": _l("Completed"), "withdrawn": _l("Withdrawn"),
}
RESIDENT_STATUS_NAMES = {
    "pending": _l("Awaiting verification"),
    "verified": _l("Verified"),
    "suspended": _l("Suspended"),
    "removed": _l("Moved out / removed"),
}
REGISTER_FIELDS = {
    "building": _l("building"), "unit": _l("unit"), "room": _l("room"),
    "floor_area": _l("floor area"), "owner_name": _l("owner name"), "phone": _l("phone"),
    "birth_date": _l("date of birth"),
}


def describe_register_error(error):
    """Return the translated message for one household-register RowError."""
    params = dict(error.params)
    if "field" in params:
        params["field"] = REGISTER_FIELDS.get(params["field"], params["field"])
    if "columns" in params:
        params["columns"] = ", ".join(
            str(REGISTER_FIELDS.get(c.strip(), c)) for c in params["columns"].split(","))
    return str(REGISTER_ERRORS[error.code] % params)
