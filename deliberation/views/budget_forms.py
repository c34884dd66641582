"""Forms, names and messages of the budgeting pages."""
import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

PHASE_NAMES = {"ideas": _l("Ideas"), "review": _l("Feasibility review"), "voting": _l("Voting"),
               "result": _l("Result"), "implementation": _l("Implementation")}
BALLOT_NAMES = {"approval": _l("Approval: tick the projects you support"),
                "knapsack": _l("Knapsack: tick projects whose total fits the fund"),
                "cumulative": _l("Cumulative: share out your points"),
                "ranking": _l("Ranking: number the projects in your order")}
RULE_NAMES = {"mes": _l("Method of Equal Shares (recommended)"), "greedy": _l("Greedy: most votes first")}
STAGE_NAMES = {"mes": _l("Equal Shares"), "add1-completion": _l("Completion (shares raised)"),
               "greedy-fill": _l("Greedy fill of the money left")}
MONEY = re.compile(r"^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$")

ERRORS = {
    "unknown_project": _l("One of the chosen projects is not on this ballot."),
    "duplicate_project": _l("A project appears twice on the ballot."),
    "too_few_projects": _l("Choose more projects: see the minimum above."),
    "too_many_projects": _l("You chose too many projects: see the maximum above."),
    "over_budget": _l("The projects you ticked cost more than the fund together. Untick one."),
    "points_missing": _l("Give points to at least one project."),
    "points_not_allowed": _l("This ballot does not take points."),
    "points_not_positive": _l("Points must be whole numbers above zero."),
    "too_few_points": _l("A project got fewer points than allowed."),
    "too_many_points": _l("A project got more points than allowed."),
    "total_points_too_low": _l("You have not given out enough points."),
    "total_points_too_high": _l("You gave out more points than you have."),
    "duplicate_rank": _l("Two projects have the same rank. Give each a different number."),
    "rank_not_positive": _l("Ranks start at 1."),
    "not_a_number": _l("Enter whole numbers only."),
    "not_eligible": _l("Only residents in this cycle's scope can vote in it."),
    "voting_closed": _l("Voting is closed for this cycle."),
    "try_again": _l("Your ballot was being saved twice at once. Please send it again."),
    "bad_phase": _l("The cycle cannot move to that phase now."),
    "no_feasible_projects": _l("Voting needs at least one feasible project with a cost."),
    "review_unfinished": _l("Review every candidate before voting opens."),
    "phase_closed": _l("Candidates can only change during ideas and review."),
    "proposal_out_of_scope": _l("Choose proposals from this cycle's scope."),
    "cost_not_positive": _l("A feasible project needs a cost above zero."),
    "cost_over_fund": _l("The cost is larger than the whole fund."),
    "reason_missing": _l("Say publicly why the project is not feasible."),
    "tally_running": _l("The tally is already running."),
    "bad_file": _l("This is not a readable Pabulib .pb file."),
    "bad_setting": _l("Choose a ballot type and a rule from the list."),
    "fund_not_positive": _l("The fund must be above zero."),
}


def error_text(code):
    return str(ERRORS.get(code, _("Something is wrong with this request.")))


def parse_yuan(text):
    """Return an amount typed in yuan (up to two decimals) as integer fen, or None."""
    match = MONEY.match(text or "")
    if not match:
        return None
    return int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))


class Yuan:
    def __call__(self, form, field):
        if parse_yuan(field.data) is None or parse_yuan(field.data) <= 0:
            raise ValidationError(_("Enter an amount in yuan, such as 50000 or 1234.50."))


class CycleForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("What the fund is and where the money comes from"),
                                validators=[Length(max=4000)])
    fund = StringField(_l("Fund (yuan)"), validators=[DataRequired(), Yuan()])
    building_id = SelectField(_l("Who votes"), coerce=int)
    ballot_type = RadioField(_l("Ballot"), choices=[SelectChoice(k, v) for k, v in BALLOT_NAMES.items()], default="approval")
    min_projects = IntegerField(_l("Fewest projects a voter must choose"), validators=[Optional(), NumberRange(0, 99)])
    max_projects = IntegerField(_l("Most projects a voter may choose (ranking: longest ranking)"),
                                validators=[Optional(), NumberRange(1, 99)])
    points_total = IntegerField(_l("Points each voter shares out (cumulative)"), default=10,
                                validators=[Optional(), NumberRange(1, 1000)])
    rule = RadioField(_l("Counting rule"), choices=[SelectChoice(k, v) for k, v in RULE_NAMES.items()], default="mes")
    per_household = BooleanField(_l("One ballot per household (instead of one per resident)"))
    ideas_until = DateField(_l("Ideas until"), validators=[Optional()])
    review_until = DateField(_l("Review until"), validators=[Optional()])
    voting_until = DateField(_l("Voting until (last day)"), validators=[Optional()])
    result_on = DateField(_l("Result published on"), validators=[Optional()])

    def validate_max_projects(self, field):
        if field.data and self.min_projects.data and field.data < self.min_projects.data:
            raise ValidationError(_("The most cannot be fewer than the fewest."))

    def values(self):
        data = {k: getattr(self, k).data for k in ("title", "description", "ballot_type", "min_projects",
                                                    "max_projects", "rule", "per_household", "ideas_until",
                                                    "review_until", "voting_until", "result_on")}
        data["points_total"] = self.points_total.data if self.ballot_type.data == "cumulative" else None
        data["fund"] = parse_yuan(self.fund.data)
        data["building_id"] = self.building_id.data or None
        return data


class ReviewForm(FlaskForm):
    cost = StringField(_l("Cost (yuan)"), validators=[Optional()])
    feasibility = RadioField(_l("Feasible?"), choices=[SelectChoice("feasible", _l("Feasible")),
                                                            SelectChoice("rejected", _l("Not feasible"))],
                             default="feasible")
    reason = TextAreaField(_l("Public reason (required when not feasible)"), validators=[Length(max=2000)])

    def validate_cost(self, field):
        if field.data and parse_yuan(field.data) is None:
            raise ValidationError(_("Enter an amount in yuan, such as 50000 or 1234.50."))


class ImportForm(FlaskForm):
    file = FileField(_l("Pabulib .pb file"), validators=[DataRequired()])
    rule = RadioField(_l("Counting rule"), choices=[SelectChoice(k, v) for k, v in RULE_NAMES.items()], default="mes")
