"""Pabulib files and office sheets of a cycle: export for replays and checks, import to replay a city's vote."""
import csv
import io
from dataclasses import replace

from ..budgeting import STAGE_FILL, parse_pb, write_pb
from ..budgeting import Project as PbProject
from ..domain.budget_cycle import PHASES
from ..extensions import db
from ..models import BudgetBallot, BudgetCycle, BudgetProject
from . import audit
from .budget import BudgetError
from .budget_tally import profile_of
from .budget_ballots import instance_of

PB_RULES = {"greedy": "greedy", "mes": "equalshares/add1"}


def selected_for_file(cycle):
    """Return the codes the file marks selected: for MES, what MES and its completion funded.

    Pabulib records Equal Shares results (Assen 2024, Świecie 2023) before any greedy fill,
    and pabulib-checker recomputes exactly that; the office sheet lists the fill too.
    """
    result = cycle.result
    if result is None or result.status != "done":
        return None
    if result.explanation.get("kind") == "mes":
        return {r["project"] for r in result.explanation["rounds"] if r["stage"] != STAGE_FILL}
    return set(result.selected)


def export_pb(cycle, actor=None):
    """Return the cycle as a `.pb` text in the money unit it is tallied in."""
    instance, unit = instance_of(cycle)
    selected = selected_for_file(cycle)
    projects = []
    for project in instance.projects:
        fields = {} if selected is None else {"selected": "1" if project.id in selected else "0"}
        projects.append(PbProject(project.id, project.cost, project.name, fields))
    instance = replace(instance, projects=tuple(projects))
    opened = cycle.created_at.date()
    closed = cycle.voting_until or opened
    # ISO 4217 has no code for fen: amounts that are not whole yuan say so in the description.
    title = cycle.title if unit == 100 else f"{cycle.title} (amounts in fen, 1/100 CNY)"
    meta = {"description": title, "country": "China", "unit": cycle.source_meta.get("unit", "community"),
            "instance": str(cycle.created_at.year),
            "rule": PB_RULES[cycle.rule] if selected is not None else "unknown",
            "date_begin": min(opened, closed).strftime("%d.%m.%Y"), "date_end": closed.strftime("%d.%m.%Y"),
            **{k: v for k, v in cycle.source_meta.items()
               if k in ("country", "unit", "district", "instance", "date_begin", "date_end")}}
    if unit == 100:
        meta["currency"] = "CNY"
    return write_pb(instance, profile_of(cycle), meta)


def export_csv(cycle):
    """Return the office sheet: each project with cost, votes, outcome and the stage that funded it."""
    result = cycle.result
    stages = {}
    if result is not None and result.status == "done":
        if result.explanation.get("kind") == "mes":
            stages = {r["project"]: r["stage"] for r in result.explanation["rounds"]}
        else:
            stages = {code: "greedy" for code in result.selected}
    votes = {}
    for ballot in db.session.query(BudgetBallot).filter_by(cycle_id=cycle.id):
        for code in ballot.projects:
            votes[code] = votes.get(code, 0) + 1
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["project_id", "title", "cost_fen", "feasibility", "votes", "funded", "stage", "reason"])
    for p in cycle.projects:
        writer.writerow([p.code, p.title, p.cost or "", p.feasibility, votes.get(p.code, 0),
                         "yes" if p.code in stages else "no", stages.get(p.code, ""), p.reason])
    return out.getvalue()


def import_pb(community_id, actor, text, rule="mes"):
    """Create a cycle in its result phase from a `.pb` text, to replay an election; raise BudgetError if unreadable."""
    # parse_pb reads a one-line argument as a path; an upload is never one.
    if "\n" not in text:
        raise BudgetError("bad_file")
    try:
        instance, profile, meta = parse_pb(text)
    except (ValueError, KeyError, IndexError, OSError, StopIteration):
        raise BudgetError("bad_file")
    known = {p.id for p in instance.projects}
    if any(pid not in known for ballot in profile for pid in ballot.projects):
        raise BudgetError("bad_file")
    # A file counts in whole currency units; the cycle keeps money in fen.
    cycle = BudgetCycle(community_id=community_id, title=meta.get("description", "Pabulib")[:200],
                        fund=instance.budget * 100, ballot_type=instance.ballot_type, rule=rule,
                        min_projects=instance.min_length, max_projects=instance.max_length,
                        points_total=instance.max_sum_points, phase=PHASES[3], created_by_id=actor.id,
                        source_meta=dict(meta))
    db.session.add(cycle)
    for p in instance.projects:
        db.session.add(BudgetProject(cycle=cycle, code=p.id, title=(p.name or p.id)[:200], cost=p.cost * 100,
                                     feasibility="feasible", description=p.fields.get("description", "")))
    db.session.flush()
    db.session.bulk_insert_mappings(BudgetBallot, [
        {"cycle_id": cycle.id, "voter_key": b.voter_id, "projects": list(b.projects),
         "points": list(b.points) if b.points is not None else None, "changes": 0} for b in profile])
    audit.record(actor, "budget.import", cycle, projects=len(instance.projects), ballots=len(profile))
    db.session.commit()
    return cycle
