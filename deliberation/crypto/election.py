"""The election's public parameters, parsed once and shared by all checks."""
from deliberation.crypto.canonical import object_hash
from deliberation.crypto.group import get_group

TALLY_KINDS = ("headcount", "weight")


class Election:
    """Parsed election.json: group, fingerprint, joint key and questions."""

    def __init__(self, params):
        self.params = params
        self.group = get_group(params["group"])
        self.fingerprint = object_hash(params)
        self.uuid = params["uuid"]
        self.public_key = self.group.decode(params["public_key"])
        if self.public_key == self.group.identity:
            raise ValueError("the election key is the identity element")
        self.questions = params["questions"]
        self.tallies = params["tallies"]
        check_rules(self.questions, self.tallies)
        top = max(max(len(q["choices"]), q["max"]) for q in self.questions)
        # g^m for every m a proof can name, so verifiers skip a scalar mult.
        self.g_powers = [self.group.g_pow(m) for m in range(top + 1)]


def check_rules(questions, tallies):
    """Raise ValueError unless questions and tally kinds make sense."""
    if not questions:
        raise ValueError("an election needs at least one question")
    for i, q in enumerate(questions, 1):
        if not q["choices"] or not 0 <= q["min"] <= q["max"] <= len(q["choices"]):
            raise ValueError(f"question {i} needs choices and 0 <= min <= max <= number of choices")
    if not tallies or any(kind not in TALLY_KINDS for kind in tallies) or len(set(tallies)) != len(tallies):
        raise ValueError(f"tallies must be distinct kinds among {TALLY_KINDS}")


def election_params(uuid, name, group, public_key, questions, credentials_fingerprint,
                    trustees_fingerprint, tallies=("headcount",)):
    """Assemble election.json; questions are dicts with question, choices, min, max."""
    check_rules(questions, list(tallies))
    return {
        "version": 1,
        "uuid": uuid,
        "name": name,
        "group": group.name,
        "public_key": group.encode(public_key),
        "questions": [
            {"question": q["question"], "choices": list(q["choices"]), "min": q["min"], "max": q["max"]}
            for q in questions
        ],
        "tallies": list(tallies),
        "credentials_fingerprint": credentials_fingerprint,
        "trustees_fingerprint": trustees_fingerprint,
    }
