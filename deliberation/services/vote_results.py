"""Read a published vote under its counting rule: electronic and paper counts side by side."""
import json
from dataclasses import dataclass

from sqlalchemy import select

from ..domain.vote_rules import question_result, rule_for
from ..extensions import db
from ..models import PaperBatch
from .vote_tally import counted_weight


@dataclass
class VoteResult:
    questions: list          # QuestionResult per question (electronic + paper)
    electronic: dict         # {"headcount": [[...]], "area": [[...]]}
    paper: dict              # same shape, accepted batches only
    eligible: tuple          # (count, area)
    participating: tuple     # (count, area), electronic + paper
    online: tuple            # (count, area)
    on_paper: tuple          # (count, area)


def _zeros(questions):
    return [[0] * len(q["choices"]) for q in questions]


def electronic_counts(vote):
    """Return the decrypted counts by headcount and by area (zeros for a kind not tallied)."""
    tallies = json.loads(vote.result_json)["tallies"]
    questions = vote.questions
    as_int = {kind: [[int(x) for x in row] for row in rows] for kind, rows in tallies.items()}
    return {"headcount": as_int.get("headcount", _zeros(questions)), "area": as_int.get("weight", _zeros(questions))}


def paper_totals(vote):
    """Add up the accepted paper batches; return (counts, voters, area)."""
    questions = vote.questions
    totals = {"headcount": _zeros(questions), "area": _zeros(questions)}
    batches = db.session.scalars(select(PaperBatch).where(PaperBatch.vote_id == vote.id,
                                                          PaperBatch.status == "accepted")).all()
    voters = area = 0
    area_of = {v.roll_number: v.area for v in vote.voters}
    for batch in batches:
        counts = json.loads(batch.counts_json)
        for kind in totals:
            for qi, row in enumerate(counts[kind]):
                for ci, n in enumerate(row):
                    totals[kind][qi][ci] += n
        for b in json.loads(batch.ballots_json):
            voters += 1
            area += area_of[b["roll"]]
    return totals, voters, area


def vote_result(vote):
    """Return the VoteResult of a published vote."""
    questions = vote.questions
    rule = rule_for(vote.rule, json.loads(vote.custom_thresholds or "[]"))
    electronic = electronic_counts(vote)
    paper, paper_voters, paper_area = paper_totals(vote)
    online = counted_weight(vote)
    eligible = (len(vote.voters), sum(v.area for v in vote.voters))
    participating = (online[0] + paper_voters, online[1] + paper_area)
    results = []
    for qi, q in enumerate(questions):
        heads = [a + b for a, b in zip(electronic["headcount"][qi], paper["headcount"][qi])]
        areas = [a + b for a, b in zip(electronic["area"][qi], paper["area"][qi])]
        results.append(question_result(vote.kind, rule, q, heads, areas, eligible, participating))
    return VoteResult(results, electronic, paper, eligible, participating, online, (paper_voters, paper_area))
