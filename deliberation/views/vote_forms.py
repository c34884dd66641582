"""Forms and messages of the votes pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateTimeLocalField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

RULES = [
    SelectChoice("art278_general", _l("Civil Code Art. 278, general matters (2/3 take part; more than half approve)")),
    SelectChoice("art278_major", _l("Civil Code Art. 278, major matters (2/3 take part; 3/4 approve)")),
    SelectChoice("simple_majority", _l("Simple majority of those voting")),
    SelectChoice("two_thirds", _l("Two-thirds majority of those voting")),
    SelectChoice("custom", _l("Custom thresholds (below)")),
]
STATUS_NAMES = {
    "draft": _l("Draft"), "ceremony": _l("Key ceremony"), "open": _l("Open for voting"),
    "closed": _l("Closed"), "tallying": _l("Being tallied"), "tallied": _l("Being decrypted"), "published": _l("Result published"),
}
ERRORS = {
    "no_questions": _l("Write at least one question."),
    "bad_choices": _l("A question needs 2 to 30 different choices."),
    "bad_seats": _l("The number of seats must be between 1 and the number of candidates."),
    "bad_rule": _l("Give at least one custom threshold, each between 0 and 100 percent."),
    "rule_needs_area": _l("This rule counts floor area: weigh ballots by area, or by both."),
    "rule_needs_headcount": _l("This rule counts heads: weigh ballots by headcount, or by both."),
    "bad_times": _l("The vote must close after it opens."),
    "bad_council": _l("Choose a council of this community."),
    "bad_threshold": _l("The number of trustees needed to decrypt must be between 1 and the council's members."),
    "bad_scope": _l("Choose a building of this community."),
    "bad_proposal": _l("Choose a proposal of this community that is on an agenda."),
    "not_draft": _l("Only a draft can be frozen."),
    "empty_electorate": _l("Nobody is eligible: verify residents first."),
    "not_ceremony": _l("The vote is not in its key ceremony."),
    "ceremony_unfinished": _l("Every trustee must pass the key check before the vote opens."),
    "no_credentials": _l("Issue credentials (slips or one-time reveals) before opening the vote."),
    "not_open": _l("The vote is not open: ballots are accepted only between its opening and closing times."),
    "too_early": _l("The vote can be closed only after its closing time."),
    "not_closed": _l("Close the vote before tallying it."),
    "complaint_period": _l("The complaint period after closing is not over yet: the tally waits for it."),
    "credentials_closed": _l("Credentials are issued and replaced only before the vote opens."),
    "not_on_roll": _l("You are not on the electorate of this vote."),
    "already_issued": _l(
        "Your credential has already been issued; if it is lost, ask the community office to replace it."),
    "no_reason": _l("Say why the credential is replaced."),
    "no_credential": _l("This voter has no credential to replace."),
    "replacement_closed": _l("A credential can be replaced only until the vote closes."),
    "belenios_list_frozen": _l(
        "A vote in Belenios' format keeps the credential list it opened with: replace a lost one before opening."),
    "bad_channel": _l(
        "Choose how the new code reaches the voter; showing it in the account needs a resident who can sign in."),
    "unknown_credential": _l(
        "This credential is not on the list of this vote (mistyped, replaced, or for another vote)."),
    "bad_ballot": _l(
        "The ballot was refused: its check “%(check)s” failed. Nothing was recorded; please encrypt it again."),
    "bad_audit": _l("The audited ballot does not open as claimed (check “%(check)s”)."),
    "duplicate_ballot": _l("This exact ballot was already received."),
    "missing_ballot": _l("The server has no ballot with this tracker from you. If you cast it, cast it again."),
    "superseded": _l("A ballot you cast later is already in the ballot box; it counts, and this earlier one does not."),
    "voted_on_paper": _l("This voter has voted on paper: an online ballot is not accepted."),
    "wrong_step": _l("That is not the current step of the key ceremony."),
    "already_posted": _l("You have already posted this step."),
    "bad_certificate": _l("The certificate does not check out (wrong trustee number, commitments or proof)."),
    "bad_shares": _l("The share messages do not check out: one signed share for every other trustee is needed."),
    "bad_complaints": _l("Complaints must be a list."),
    "bad_key_check": _l("The key check failed: this key file does not hold your share of the election key."),
    "not_tallied": _l("The tally is not waiting for decryptions."),
    "bad_partial": _l("The partial decryption does not verify against your key."),
    "paper_closed": _l("Paper ballots are entered while the vote is open or closed, before the tally."),
    "no_label": _l("Name the batch (for example the ballot box and bundle number)."),
    "bad_paper": _l("Some lines could not be read; nothing was saved."),
    "empty_batch": _l("The batch holds no ballots."),
    "batch_accepted": _l("This batch is already accepted."),
    "second_worker_needed": _l("You have entered this batch already: a different worker enters it the second time."),
    "already_voted": _l(
        "Some voters in this batch have already voted (online or on paper); the batch was not accepted."),
    "bad_json": _l("The request must be JSON."),
}
PAPER_LINE_ERRORS = {
    "unknown_roll": _l("unknown roll number"),
    "duplicate_roll": _l("roll number already in this batch"),
    "wrong_answers": _l("wrong number of answers (separate questions with ;)"),
    "bad_choice": _l("choice numbers missing, unknown or too many"),
}


def error_text(error):
    """Translate a VoteError."""
    return ERRORS[error.code] % {"check": error.params.get("check", "")}


class VoteForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("What is decided, and why"), validators=[Optional(), Length(max=5000)])
    kind = RadioField(_l("Kind of vote"), default="referendum", choices=[
        SelectChoice("referendum", _l("Questions answered yes / no / abstain")),
        SelectChoice("election", _l("Election: choose up to k of n candidates"))])
    questions = TextAreaField(_l("Questions (one per line), or candidates (one per line) for an election"),
                              validators=[DataRequired(), Length(max=5000)])
    seats = IntegerField(_l("Seats to fill (elections)"), default=1, validators=[Optional(), NumberRange(1, 30)])
    scope = SelectField(_l("Who votes"), coerce=int)
    eligibility = RadioField(_l("Eligible voters"), default="owners", choices=[
        SelectChoice("owners", _l("Owners (co-owners share the floor area)")),
        SelectChoice("adults", _l("All adult verified residents")),
        SelectChoice("households", _l("One vote per household"))])
    weighting = RadioField(_l("Count ballots by"), default="both", choices=[
        SelectChoice("headcount", _l("Headcount")),
        SelectChoice("area", _l("Floor area")),
        SelectChoice("both", _l("Both headcount and floor area"))])
    rule = SelectField(_l("Counting rule"), choices=RULES, default="art278_general")
    participation_area = IntegerField(_l("Participation by area at least (%)"),
                                      validators=[Optional(), NumberRange(0, 100)])
    participation_headcount = IntegerField(_l("Participation by headcount at least (%)"),
                                           validators=[Optional(), NumberRange(0, 100)])
    approval_area = IntegerField(_l("Approval by area more than (%)"), validators=[Optional(), NumberRange(0, 100)])
    approval_headcount = IntegerField(_l("Approval by headcount more than (%)"),
                                      validators=[Optional(), NumberRange(0, 100)])
    proposal = SelectField(_l("Proposal put to the vote (optional)"), coerce=int, default=0)
    council = SelectField(_l("Council whose members are the trustees"), coerce=int)
    threshold = IntegerField(_l("Trustees needed to decrypt"), default=2,
                             validators=[DataRequired(), NumberRange(1, 30)])
    # In Belenios' group and formats the record also verifies with belenios-tool (services/vote_belenios.py).
    group = RadioField(_l("Ballot format"), default="Ed25519", choices=[
        SelectChoice("Ed25519", _l("This platform's own")),
        SelectChoice("BELENIOS-2048", _l("Belenios 2.0: the record also verifies with belenios-tool"))])
    opens_at = DateTimeLocalField(_l("Opens"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    closes_at = DateTimeLocalField(_l("Closes"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])

    def custom_rows(self):
        rows = [("participation", "area", self.participation_area.data, False),
                ("participation", "headcount", self.participation_headcount.data, False),
                ("approval", "area", self.approval_area.data, True),
                ("approval", "headcount", self.approval_headcount.data, True)]
        return [{"stage": s, "measure": m, "percent": p, "strict": strict} for s, m, p, strict in rows if p is not None]


class RevokeForm(FlaskForm):
    reason = StringField(_l("Why is the credential replaced?"), validators=[DataRequired(), Length(max=200)])
    channel = RadioField(_l("How the new code reaches the voter"), default="slip", choices=[
        SelectChoice("slip", _l("A slip printed now, handed over in a sealed envelope")),
        SelectChoice("account", _l("Shown once in the resident's account, when they open this vote"))])


class ReplaceDuringVoteForm(RevokeForm):
    """Replacing a credential once the vote is open: the worker confirms they told the voter to vote again."""

    confirm = BooleanField(_l("I have told the voter: ballots cast with the old code no longer count; "
                              "they must vote again with the new one."), validators=[DataRequired()])


class PaperForm(FlaskForm):
    label = StringField(_l("Batch"), validators=[DataRequired(), Length(max=60)])
    ballots = TextAreaField(_l("Ballots, one per line: roll number, colon, choice numbers"),
                            validators=[DataRequired(), Length(max=100000)])
