from deliberation.domain.audit_chain import GENESIS, entry_hash, verify_chain


def chain(n):
    entries, prev = [], GENESIS
    for seq in range(1, n + 1):
        fields = {"seq": seq, "action": f"action-{seq}", "details": "{}"}
        digest = entry_hash(prev, fields)
        entries.append({"seq": seq, "prev_hash": prev, "hash": digest, "fields": fields})
        prev = digest
    return entries


def test_intact_chain_verifies():
    entries = chain(5)
    assert verify_chain(entries, entries[-1]["hash"]) is None


def test_edited_entry_is_named():
    entries = chain(5)
    entries[2]["fields"]["action"] = "something-else"
    broken = verify_chain(entries)
    assert (broken.seq, broken.reason) == (3, "edited")


def test_deleted_entry_is_detected_at_the_next_one():
    entries = chain(5)
    del entries[1]
    broken = verify_chain(entries)
    assert (broken.seq, broken.reason) == (3, "sequence_gap")


def test_deleted_entry_with_renumbering_is_detected():
    entries = chain(5)
    del entries[1]
    for i, e in enumerate(entries, start=1):
        e["seq"] = i
    broken = verify_chain(entries)
    assert (broken.seq, broken.reason) == (2, "missing_or_reordered")


def test_reordered_entries_are_detected():
    entries = chain(5)
    entries[1], entries[2] = entries[2], entries[1]
    entries[1]["seq"], entries[2]["seq"] = 2, 3
    broken = verify_chain(entries)
    assert broken.seq == 2 and broken.reason == "missing_or_reordered"


def test_truncated_tail_is_detected_against_the_head():
    entries = chain(5)
    head = entries[-1]["hash"]
    broken = verify_chain(entries[:-1], head)
    assert broken.reason == "head_mismatch"
