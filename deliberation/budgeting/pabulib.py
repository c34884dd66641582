"""Read and write the Pabulib `.pb` format (pabulib.org/format).

A file has three `;`-separated sections: META (key;value), PROJECTS and VOTES
(a header row, then one row per project or voter). Knapsack ballots are stored as
`approval` with `max_sum_cost`; ranking ballots as `ordinal`.
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from fractions import Fraction
from pathlib import Path

from .model import (
    APPROVAL,
    CUMULATIVE,
    KNAPSACK,
    RANKING,
    Ballot,
    Instance,
    Profile,
    Project,
)

# The order pabulib-checker expects; keys it does not know go last.
META_ORDER = (
    "description country unit district subunit instance num_projects num_votes budget "
    "vote_type rule date_begin date_end min_length max_length min_sum_cost max_sum_cost "
    "min_points max_points min_sum_points max_sum_points default_score min_project_cost "
    "max_project_cost min_project_score_threshold neighborhoods subdistricts categories "
    "edition language currency fully_funded experimental comment acknowledgments"
).split()
PROJECT_ORDER = (
    "project_id cost votes score name category beneficiaries selected neighborhood "
    "subunit district description proposer public_id latitude longitude"
).split()
VOTE_ORDER = "voter_id vote points".split()

CONSTRAINT_KEYS = (
    "min_length max_length min_points max_points min_sum_points max_sum_points"
).split()


def parse_money(text: str) -> int:
    """Return an amount as an integer, refusing fractional amounts."""
    value = Fraction(text.strip().replace(",", "."))
    if value.denominator != 1:
        raise ValueError(f"amount {text!r} is not a whole number")
    return int(value)


def read_sections(text: str) -> dict[str, list[dict[str, str]] | dict[str, str]]:
    """Split the file into META (a dict) and PROJECTS / VOTES (lists of rows)."""
    sections: dict = {"meta": {}, "projects": [], "votes": []}
    section, header = None, []
    reader = csv.reader(io.StringIO(text), delimiter=";")
    for row in reader:
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        marker = row[0].strip().lower()
        if len(row) == 1 and marker in sections:
            section, header = marker, [h.strip() for h in next(reader)]
        elif section == "meta":
            sections["meta"][row[0].strip()] = row[1].strip()
        elif section is not None:
            sections[section].append({h: v.strip() for h, v in zip(header, row)})
    return sections


def split_list(text: str) -> list[str]:
    """Return the items of a comma-separated cell, without empty ones."""
    return [item.strip() for item in text.split(",") if item.strip()]


def ballot_type_of(meta: dict[str, str]) -> str:
    """Map Pabulib's vote_type (and max_sum_cost) to our ballot type."""
    vote_type = meta.get("vote_type", "approval")
    if vote_type in ("approval", "choose-1"):
        return KNAPSACK if "max_sum_cost" in meta else APPROVAL
    if vote_type == "cumulative":
        return CUMULATIVE
    if vote_type == "ordinal":
        return RANKING
    raise ValueError(f"unsupported vote_type {vote_type!r}")


def build_instance(meta: dict[str, str], rows: list[dict[str, str]]) -> Instance:
    """Build the instance from META and the PROJECTS rows."""
    projects = tuple(
        Project(
            id=row["project_id"],
            cost=parse_money(row["cost"]),
            name=row.get("name", ""),
            fields={k: v for k, v in row.items() if k not in ("project_id", "cost", "name")},
        )
        for row in rows
    )
    constraints = {k: parse_money(meta[k]) for k in CONSTRAINT_KEYS if k in meta}
    ballot_type = ballot_type_of(meta)
    if meta.get("vote_type") == "choose-1":
        constraints["max_length"] = 1
    if ballot_type == KNAPSACK:
        constraints["max_sum_cost"] = parse_money(meta["max_sum_cost"])
    return Instance(
        budget=parse_money(meta["budget"]), projects=projects,
        ballot_type=ballot_type, **constraints,
    )


def build_ballot(row: dict[str, str], cumulative: bool) -> Ballot:
    """Build one ballot from a VOTES row."""
    projects = tuple(split_list(row.get("vote", "")))
    points = None
    if cumulative:
        points = tuple(parse_money(p) for p in split_list(row.get("points", "")))
        if len(points) != len(projects):
            raise ValueError(f"voter {row['voter_id']}: points do not match projects")
    extra = {k: v for k, v in row.items() if k not in ("voter_id", "vote", "points")}
    return Ballot(voter_id=row["voter_id"], projects=projects, points=points, fields=extra)


def parse_pb(text_or_path) -> tuple[Instance, Profile, dict[str, str]]:
    """Parse a `.pb` file (a path or its text) into instance, profile and META."""
    if isinstance(text_or_path, os.PathLike) or (
        isinstance(text_or_path, str) and "\n" not in text_or_path
    ):
        text_or_path = Path(text_or_path).read_text(encoding="utf-8")
    sections = read_sections(text_or_path.lstrip("\ufeff"))
    meta = sections["meta"]
    instance = build_instance(meta, sections["projects"])
    cumulative = instance.ballot_type == CUMULATIVE
    ballots = tuple(build_ballot(row, cumulative) for row in sections["votes"])
    return instance, Profile(ballots), dict(meta)


def vote_type_of(instance: Instance) -> str:
    """Return the Pabulib vote_type for the instance's ballot type."""
    return {CUMULATIVE: "cumulative", RANKING: "ordinal"}.get(instance.ballot_type, "approval")


def ordered(keys, canonical) -> list[str]:
    """Return keys in the canonical order, unknown keys last in their own order."""
    known = [k for k in canonical if k in keys]
    return known + [k for k in keys if k not in canonical]


def export_meta(instance: Instance, profile: Profile, meta: dict[str, str]) -> dict[str, str]:
    """Return META with the counts, budget and ballot constraints made consistent."""
    out = {k: v for k, v in meta.items() if k not in CONSTRAINT_KEYS + ["max_sum_cost"]}
    out.update(
        num_projects=str(len(instance.projects)), num_votes=str(len(profile)),
        budget=str(instance.budget), vote_type=vote_type_of(instance),
    )
    for key in CONSTRAINT_KEYS:
        if getattr(instance, key) is not None:
            out[key] = str(getattr(instance, key))
    if instance.ballot_type == KNAPSACK:
        out["max_sum_cost"] = str(instance.max_sum_cost or instance.budget)
    out.setdefault("description", "Participatory budgeting")
    out.setdefault("rule", "unknown")
    return out


def project_rows(instance: Instance, profile: Profile) -> list[dict[str, str]]:
    """Return one row per project, with votes (and score) counted from the ballots."""
    votes, score = Counter(), Counter()
    for ballot in profile:
        votes.update(ballot.projects)
        if ballot.points is not None:
            score.update(dict(zip(ballot.projects, ballot.points)))
    rows = []
    for p in instance.projects:
        row = {"project_id": p.id, "cost": str(p.cost), **p.fields, "votes": str(votes[p.id])}
        if instance.ballot_type == CUMULATIVE:
            row["score"] = str(score[p.id])
        if p.name:
            row["name"] = p.name
        rows.append(row)
    return rows


def vote_row(ballot: Ballot) -> dict[str, str]:
    """Return a VOTES row; cumulative votes are listed by points, highest first."""
    if ballot.points is None:
        return {"voter_id": ballot.voter_id, "vote": ",".join(ballot.projects), **ballot.fields}
    pairs = sorted(zip(ballot.projects, ballot.points), key=lambda pair: -pair[1])
    return {
        "voter_id": ballot.voter_id, "vote": ",".join(p for p, _ in pairs),
        "points": ",".join(str(n) for _, n in pairs), **ballot.fields,
    }


def write_table(writer, rows: list[dict[str, str]], canonical) -> None:
    """Write a header row and then the rows, with columns in canonical order."""
    columns = ordered(list(dict.fromkeys(k for row in rows for k in row)), canonical)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])


def write_pb(instance: Instance, profile: Profile, meta: dict[str, str] | None = None) -> str:
    """Return the `.pb` text for an instance, its ballots and META entries."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    full_meta = export_meta(instance, profile, meta or {})
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key in ordered(list(full_meta), META_ORDER):
        writer.writerow([key, full_meta[key]])
    writer.writerow(["PROJECTS"])
    write_table(writer, project_rows(instance, profile), PROJECT_ORDER)
    writer.writerow(["VOTES"])
    write_table(writer, [vote_row(b) for b in profile], VOTE_ORDER)
    return out.getvalue()
