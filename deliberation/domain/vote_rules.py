"""Rules of a residents' vote: who is on the roll, what a question looks like, how a count is read.

Pure functions on plain values (no Flask, no database); services and views call them.
"""
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction

from .counting_rules import Count, Threshold, evaluate, preset
from .election_seats import Seats, fill_seats

REFERENDUM_CHOICES = ("Yes", "No", "Abstain")  # stored in English; shown translated
MAX_CHOICES = 30
COMPLAINT_HOURS = 24  # after closing, voters may complain before the tally is computed


def tally_opens_at(closed_at, complaint_hours=COMPLAINT_HOURS):
    """Return when the encrypted tally may be computed: after the complaint period."""
    return closed_at + timedelta(hours=complaint_hours)


@dataclass(frozen=True)
class RollEntry:
    household_id: int
    user_id: int | None
    name: str
    area: int


def split_area(area, parts):
    """Share a household's area between co-owners in whole 0.01 m², the remainder to the first."""
    base, rest = divmod(area, parts)
    return [base + (rest if i == 0 else 0) for i in range(parts)]


def electorate(eligibility, households, residents):
    """Return the roll for a vote.

    households: (id, floor_area) pairs; residents: (user_id, household_id, occupancy, name) of
    verified residents. "owners": each owner, sharing the household's area; "adults": every
    resident given (the caller passes those 18 on the opening day, see domain.age), sharing it
    likewise; "households": one entry
    per household, voted by whoever holds its credential.
    """
    by_household = {}
    for user_id, household_id, occupancy, name in residents:
        if eligibility == "owners" and occupancy != "owner":
            continue
        by_household.setdefault(household_id, []).append((user_id, name))
    roll = []
    for household_id, area in households:
        if eligibility == "households":
            roll.append(RollEntry(household_id, None, "", area))
            continue
        people = sorted(by_household.get(household_id, []))
        for (user_id, name), share in zip(people, split_area(area, len(people)) if people else []):
            roll.append(RollEntry(household_id, user_id, name, share))
    return roll


def referendum_questions(lines):
    """Build yes / no / abstain questions from one question per line."""
    texts = [line.strip() for line in lines if line.strip()]
    return [{"question": t, "choices": list(REFERENDUM_CHOICES), "min": 1, "max": 1} for t in texts]


def election_question(title, candidates, seats):
    """Build a council election: choose 1 to `seats` of the candidates."""
    names = [c.strip() for c in candidates if c.strip()]
    return [{"question": title, "choices": names, "min": 1, "max": seats}]


def question_problem(questions):
    """Return a code saying what is wrong with the questions, or None."""
    if not questions:
        return "no_questions"
    for q in questions:
        if not 2 <= len(q["choices"]) <= MAX_CHOICES or len(set(q["choices"])) != len(q["choices"]):
            return "bad_choices"
        if not 1 <= q["min"] <= q["max"] <= len(q["choices"]):
            return "bad_seats"
    return None


def custom_thresholds(rows):
    """Turn [{"stage", "measure", "percent", "strict"}] into Thresholds (percent an integer)."""
    return [Threshold(r["stage"], r["measure"], Fraction(int(r["percent"]), 100), bool(r["strict"])) for r in rows]


def rule_for(name, custom_rows=()):
    return preset(name, custom_thresholds(custom_rows) if name == "custom" else None)


def rule_problem(name, custom_rows, weighting):
    """Return a code if the rule cannot be applied with these weights, or None."""
    try:
        rule = rule_for(name, custom_rows)
    except ValueError:
        return "bad_rule"
    if "area" in rule.measures and weighting == "headcount":
        return "rule_needs_area"
    if "headcount" in rule.measures and weighting == "area":
        return "rule_needs_headcount"
    return None


@dataclass
class QuestionResult:
    question: dict
    headcount: list      # per choice, ballots (electronic + paper)
    area: list           # per choice, 0.01 m²
    count: Count
    outcome: object      # counting_rules.Outcome
    elected: list        # election: indices of the candidates elected outright, in order
    seats: Seats         # election: who is elected, and who ties for the seats left empty

    @property
    def tie(self):
        return bool(self.seats.tied)


def question_result(kind, rule, question, headcount, area, eligible, participating):
    """Read one question's counts under the rule.

    eligible and participating are (count, area) pairs. A referendum passes on "Yes" (choice 0);
    an election elects the `max` candidates with most votes, if participation is met, leaving
    empty the seats that candidates tie for (election_seats.fill_seats).
    """
    yes_count = headcount[0] if kind == "referendum" else 0
    yes_area = area[0] if kind == "referendum" and area else 0
    count = Count(eligible[0], eligible[1], participating[0], participating[1], yes_count, yes_area)
    if kind == "election":
        rule = type(rule)(rule.preset, tuple(t for t in rule.thresholds if t.stage == "participation"))
    outcome = evaluate(rule, count)
    seats = Seats([], [], 0, None)
    if kind == "election" and outcome.passed:
        seats = fill_seats(headcount, question["max"])
    return QuestionResult(question, headcount, area, count, outcome, seats.elected, seats)


def parse_paper(text, questions, roll_numbers):
    """Parse a batch typed as lines "ROLL: 1; 2,3" (1-based choices per question).

    Return (ballots, errors): ballots [{"roll", "selections"}], errors [(line number, code)].
    """
    ballots, errors, seen = [], [], set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        roll_text, _, rest = line.partition(":")
        if not roll_text.strip().isdigit() or int(roll_text) not in roll_numbers:
            errors.append((number, "unknown_roll"))
            continue
        roll = int(roll_text)
        if roll in seen:
            errors.append((number, "duplicate_roll"))
            continue
        parts = rest.split(";")
        if len(parts) != len(questions):
            errors.append((number, "wrong_answers"))
            continue
        selections = []
        for part, q in zip(parts, questions):
            picks = [p.strip() for p in part.replace("，", ",").split(",") if p.strip()]
            if not all(p.isdigit() and 1 <= int(p) <= len(q["choices"]) for p in picks):
                selections = None
                break
            chosen = {int(p) - 1 for p in picks}
            if not q["min"] <= len(chosen) <= q["max"]:
                selections = None
                break
            selections.append([1 if i in chosen else 0 for i in range(len(q["choices"]))])
        if selections is None:
            errors.append((number, "bad_choice"))
            continue
        seen.add(roll)
        ballots.append({"roll": roll, "selections": selections})
    ballots.sort(key=lambda b: b["roll"])
    return ballots, errors


def paper_counts(ballots, questions, area_of):
    """Count paper ballots per question and choice: {"headcount": [[..]], "area": [[..]]}."""
    heads = [[0] * len(q["choices"]) for q in questions]
    areas = [[0] * len(q["choices"]) for q in questions]
    for b in ballots:
        for qi, sel in enumerate(b["selections"]):
            for ci, m in enumerate(sel):
                heads[qi][ci] += m
                areas[qi][ci] += m * area_of[b["roll"]]
    return {"headcount": heads, "area": areas}
