"""Set up a vote, freeze its electorate, open and close it."""
import json
import secrets

from sqlalchemy import and_, or_, select

from ..crypto import credentials as creds
from ..crypto.canonical import canonical_json, object_hash
from ..crypto.election import election_params
from ..crypto.group import DEFAULT_GROUP, get_group
from ..domain.vote_rules import electorate, question_problem, rule_problem
from ..extensions import db
from ..models import Council, Decision, Household, Proposal, Vote, VoteTrustee, VoteVoter
from ..models.base import utcnow
from . import audit, decisions
from .notifications import notify
from .proposal_lifecycle import transition
from .vote_chain import append_event, lock_vote
from .vote_eligibility import age_check, eligible_residents


# The groups a vote may run in: ours (Ed25519), or Belenios' with Belenios-format
# ballots, trustee data and decryptions, exported as a UUID.bel (services/vote_belenios.py).
GROUPS = (DEFAULT_GROUP, "BELENIOS-2048")


class VoteError(Exception):
    """A vote action is refused; `code` says why (the view translates it)."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def create_vote(community, actor, *, title, questions, council_id, opens_at, closes_at, kind="referendum",
                building_id=None, eligibility="owners", weighting="both", rule="art278_general",
                custom_thresholds=(), threshold=2, description="", proposal_id=None, decision_id=None,
                group_name=DEFAULT_GROUP, runoff_of_id=None):
    """Create a draft vote after checking its questions, rule, council and times.

    runoff_of_id names the election whose tied seats this one fills (see vote_runoffs).
    """
    if group_name not in GROUPS:
        raise ValueError(f"a vote runs in one of the groups {GROUPS}")
    problem = question_problem(questions) or rule_problem(rule, custom_thresholds, weighting)
    if problem:
        raise VoteError(problem)
    if closes_at <= opens_at:
        raise VoteError("bad_times")
    council = db.session.get(Council, council_id)
    if council is None or council.community_id != community.id:
        raise VoteError("bad_council")
    if not 1 <= threshold <= len(council.current_members()):
        raise VoteError("bad_threshold", n=len(council.current_members()))
    if building_id is not None and building_id not in {b.id for b in community.buildings}:
        raise VoteError("bad_scope")
    if proposal_id is not None and proposal_id not in {p.id for p in proposals_to_vote_on(community)}:
        raise VoteError("bad_proposal")
    vote = Vote(community_id=community.id, building_id=building_id, title=title, description=description,
                kind=kind, eligibility=eligibility, weighting=weighting, rule=rule,
                custom_thresholds=json.dumps(list(custom_thresholds)), questions_json=json.dumps(questions,
                ensure_ascii=False), council_id=council.id, threshold=threshold, opens_at=opens_at,
                closes_at=closes_at, uuid=secrets.token_hex(16), proposal_id=proposal_id,
                decision_id=decision_id, created_by_id=actor.id, group_name=group_name,
                runoff_of_id=runoff_of_id)
    sending = _decision_sending(proposal_id) if proposal_id is not None else None
    if sending is not None:
        vote.decision_id = sending.id
    db.session.add(vote)
    db.session.flush()
    audit.record(actor, "vote.create", vote, title=title, rule=rule, eligibility=eligibility, weighting=weighting,
                 **({"runoff_of": runoff_of_id} if runoff_of_id else {}))
    db.session.commit()
    if sending is not None:
        # The council's decision sent this proposal to the residents: the decision now names its vote.
        decisions.link_vote(sending, vote.id, actor)
    return vote


def _decision_sending(proposal_id):
    """Return the decision in effect that sent this proposal to a residents' vote not yet opened."""
    return db.session.scalars(
        select(Decision).where(Decision.effect == "send_to_vote", Decision.took_effect_at.is_not(None),
                               Decision.vote_id.is_(None), Decision.proposals.any(Proposal.id == proposal_id))
    ).first()


def _roll(vote):
    households = db.session.execute(
        select(Household.id, Household.floor_area).join(Household.building)
        .where(Household.building.has(community_id=vote.community_id))
        .where(True if vote.building_id is None else Household.building_id == vote.building_id)
        .order_by(Household.building_id, Household.unit, Household.room)).all()
    return electorate(vote.eligibility, households, eligible_residents(vote))


def freeze(vote, actor):
    """Freeze rule, questions and electorate; name the council's members as trustees."""
    vote = lock_vote(vote.id)
    if vote.status != "draft":
        raise VoteError("not_draft")
    members = vote.council.current_members()
    if not 1 <= vote.threshold <= len(members):
        raise VoteError("bad_threshold", n=len(members))
    roll = _roll(vote)
    if not roll:
        raise VoteError("empty_electorate")
    for number, entry in enumerate(roll, 1):
        db.session.add(VoteVoter(vote_id=vote.id, roll_number=number, household_id=entry.household_id,
                                 user_id=entry.user_id, name=entry.name, area=max(1, entry.area)))
    for index, member in enumerate(sorted(members, key=lambda m: m.user_id), 1):
        db.session.add(VoteTrustee(vote_id=vote.id, user_id=member.user_id, index=index, name=member.user.name))
    vote.status, vote.frozen_at = "ceremony", utcnow()
    ages = age_check(vote)
    left_out = {} if ages is None else {"adults_on": ages.day.isoformat(), "minors": ages.minors,
                                        "no_birth_date": [i for i, _ in ages.missing],
                                        "birth_year_undecided": [i for i, _ in ages.undecided]}
    audit.record(actor, "vote.freeze", vote, voters=len(roll), trustees=len(members), threshold=vote.threshold,
                 **left_out)
    notify([m.user_id for m in members], "vote.ceremony", link=f"/votes/{vote.id}/trustee", title=vote.title)
    db.session.commit()
    return vote


def open_vote(vote, actor):
    """Publish the election: joint key, credential list and parameters; start the event chain.

    Ballots are accepted from the vote's opening time on.
    """
    from .vote_ceremony import trustees_public

    vote = lock_vote(vote.id)
    if vote.status != "ceremony":
        raise VoteError("not_ceremony")
    if any(t.key_checked_at is None for t in vote.trustees):
        raise VoteError("ceremony_unfinished")
    active = [(v.active_credential, v) for v in vote.voters if v.active_credential is not None]
    if not active:
        raise VoteError("no_credentials")
    group = get_group(vote.group_name)
    cred_list = creds.credential_list(group, [(group.decode(c.public), c.weight) for c, _ in active])
    public = trustees_public(vote)
    params = election_params(vote.uuid, vote.title, group, group.decode(public["public_key"]), vote.questions,
                             creds.credential_list_fingerprint(cred_list), object_hash(public), vote.tallies)
    vote.trustees_json, vote.credentials_json = canonical_json(public), canonical_json(cred_list)
    vote.election_json = canonical_json(params)
    append_event(vote, "election", {"fingerprint": object_hash(params)})
    vote.status = "open"
    if vote.proposal is not None and vote.proposal.status == "on_agenda":
        transition(vote.proposal, "voting", actor, note=vote.title, ref=f"/votes/{vote.id}")
    audit.record(actor, "vote.open", vote, fingerprint=object_hash(params), credentials=len(cred_list))
    db.session.commit()
    return vote


def close_vote(vote, actor, now=None):
    """Close the vote once its closing time has passed."""
    now = now or utcnow()
    vote = lock_vote(vote.id)
    if vote.status != "open":
        raise VoteError("not_open")
    if now < vote.closes_at:
        raise VoteError("too_early")
    append_event(vote, "close", {})
    vote.status, vote.closed_at = "closed", now
    audit.record(actor, "vote.close", vote, head=vote.chain_head)
    db.session.commit()
    return vote


def proposals_to_vote_on(community):
    """Return the proposals a vote may decide: waiting on an agenda, or sent to the residents by a decision."""
    has_vote = select(Vote.proposal_id).where(Vote.proposal_id.is_not(None))
    return db.session.scalars(select(Proposal).where(
        Proposal.community_id == community.id,
        or_(Proposal.status == "on_agenda", and_(Proposal.status == "voting", Proposal.id.not_in(has_vote))),
    ).order_by(Proposal.id)).all()


def voter_of(vote, user):
    """Return the user's entry on the roll (theirs, or their household's), or None."""
    for voter in vote.voters:
        if voter.user_id == user.id or (voter.user_id is None and voter.household_id == user.household_id
                                        and user.household_id is not None):
            return voter
    return None


def votes_for(community, user, staff=False):
    """List the votes this person can see: the community's and their building's (all, for staff)."""
    query = select(Vote).where(Vote.community_id == community.id).order_by(Vote.created_at.desc())
    votes = db.session.scalars(query).all()
    if staff:
        return votes
    return [v for v in votes if v.status != "draft" and (v.building_id is None or v.building_id == user.building_id)]
