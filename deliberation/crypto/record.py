"""The election record: reading and writing it, and its event hash chain.

A record is one folder or one zip holding the files in RECORD_FILES; see
docs/election-record.md.
"""
import json
import os
import zipfile

from deliberation.crypto.canonical import canonical_json, object_hash

GENESIS = "0" * 64
JSON_FILES = ("election", "trustees", "credentials", "tally", "decryptions", "result")
LINE_FILES = ("ballots", "audited", "events")


class EventLog:
    """An append-only list of events, each carrying the hash of the one before."""

    def __init__(self):
        self.events = []
        self.head = GENESIS

    def append(self, kind, payload):
        """Add an event and return it."""
        event = {"seq": len(self.events) + 1, "type": kind, "payload": payload, "prev": self.head}
        self.events.append(event)
        self.head = object_hash(event)
        return event


def rebuild_chain(events):
    """Return the events re-linked from scratch (what a forger would publish)."""
    log = EventLog()
    for event in events:
        log.append(event["type"], event["payload"])
    return log.events


def chain_head(events):
    """Return the hash of the last event, or raise ValueError at the first broken link."""
    head = GENESIS
    for i, event in enumerate(events, 1):
        if event.get("seq") != i or event.get("prev") != head:
            raise ValueError(f"event {i}: does not follow event {i - 1} (hash chain broken)")
        head = object_hash(event)
    return head


def write_record(record, path):
    """Write a record dict to a folder, or to a zip when path ends in .zip."""
    files = {f"{name}.json": canonical_json(record[name]) + "\n" for name in JSON_FILES}
    for name in LINE_FILES:
        files[f"{name}.jsonl"] = "".join(canonical_json(item) + "\n" for item in record[name])
    if str(path).endswith(".zip"):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, text in sorted(files.items()):
                zf.writestr(name, text.encode("utf-8"))
        return
    os.makedirs(path, exist_ok=True)
    for name, text in files.items():
        with open(os.path.join(path, name), "w", encoding="utf-8") as f:
            f.write(text)


def _reader(path):
    if zipfile.is_zipfile(path):
        zf = zipfile.ZipFile(path)

        def read(name):
            return zf.read(name).decode("utf-8")

        return read

    def read(name):
        with open(os.path.join(path, name), encoding="utf-8") as f:
            return f.read()

    return read


def read_record(path, raw_ballots=False):
    """Read a record folder or zip into a dict.

    With raw_ballots, record["ballot_lines"] also keeps each ballot's JSON
    text, which the verifier hands to its worker processes unparsed.
    """
    read = _reader(path)
    record = {name: json.loads(read(f"{name}.json")) for name in JSON_FILES}
    for name in LINE_FILES:
        lines = [line for line in read(f"{name}.jsonl").split("\n") if line.strip()]
        record[name] = [json.loads(line) for line in lines]
        if name == "ballots" and raw_ballots:
            record["ballot_lines"] = lines
    return record
