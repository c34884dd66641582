"""Common ground: rank comments by their agreement in the group that agrees least (the Pol.is idea)."""
from dataclasses import dataclass, field


@dataclass
class GroupTally:
    agree: int = 0
    disagree: int = 0
    passed: int = 0

    @property
    def votes(self):
        return self.agree + self.disagree + self.passed

    @property
    def rate(self):
        """Agreement rate with one imagined vote each way, so that one lone vote is not 100 %."""
        return (self.agree + 1) / (self.votes + 2)


@dataclass
class CommentTally:
    groups: dict = field(default_factory=dict)

    def add(self, group, kind):
        tally = self.groups.setdefault(group, GroupTally())
        if kind == "agree":
            tally.agree += 1
        elif kind == "disagree":
            tally.disagree += 1
        else:
            tally.passed += 1

    def common_ground(self, all_groups):
        """Agreement in the least-agreeing group; a group that has not voted counts as undecided (0.5)."""
        groups = all_groups or self.groups.keys()
        if not groups:
            return 0.5
        return min(self.groups.get(g, GroupTally()).rate for g in groups)


def tally(reactions):
    """Fold (comment_id, group, kind) triples into a CommentTally per comment."""
    tallies = {}
    for comment_id, group, kind in reactions:
        tallies.setdefault(comment_id, CommentTally()).add(group, kind)
    return tallies


def common_ground_order(comment_ids, reactions):
    """Return comment ids ordered by common ground, best first; ties keep the given order."""
    tallies = tally(reactions)
    groups = {group for _, group, _ in reactions}
    position = {cid: i for i, cid in enumerate(comment_ids)}
    score = {cid: tallies.get(cid, CommentTally()).common_ground(groups) for cid in comment_ids}
    return sorted(comment_ids, key=lambda cid: (-score[cid], position[cid]))
