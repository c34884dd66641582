"""Belenios event archives (UUID.bel): content-addressed JSON in a tar, events in a hash chain."""
import hashlib
import json
import tarfile
import time
from dataclasses import dataclass, field

EVENT_TYPES = ("Setup", "Ballot", "EndBallots", "EncryptedTally", "Shuffle", "EndShuffles",
               "PartialDecryption", "Result")


class ArchiveError(ValueError):
    """The archive breaks a rule of its format; `check` names the rule."""

    def __init__(self, check, obj, message):
        super().__init__(f"{obj}: {message}")
        self.check, self.obj, self.message = check, obj, message


def sha256_hex(text):
    """Hash a JSON text as Belenios names archive members."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Archive:
    """An archive read into memory: objects by hash and the events in chain order."""

    header: dict
    objects: dict = field(default_factory=dict)
    events: list = field(default_factory=list)
    event_hashes: list = field(default_factory=list)

    def payload(self, event):
        """Return the raw JSON text an event refers to."""
        try:
            return self.objects[event["payload"]]
        except KeyError:
            raise ArchiveError("event chain", f"event {event.get('height')}",
                               f"{event.get('type')} event has no payload in the archive") from None

    def of_type(self, kind):
        """Return the events of one type, in order."""
        return [e for e in self.events if e["type"] == kind]

    @property
    def head(self):
        """Return the hash of the last event."""
        return self.event_hashes[-1] if self.event_hashes else None


def read_archive(path):
    """Read a .bel file, checking member names against content hashes and the event chain."""
    try:
        with tarfile.open(path, "r:") as tar:
            members = [(m.name, tar.extractfile(m).read().decode("utf-8")) for m in tar.getmembers() if m.isfile()]
    except tarfile.TarError as exc:
        raise ArchiveError("archive format", "archive", f"not a tar archive: {exc}") from None
    if not members or members[0][0] != "BELENIOS":
        raise ArchiveError("archive format", "archive", "does not start with a BELENIOS header")
    archive = Archive(header=json.loads(members[0][1]))
    for name, text in members[1:]:
        digest, _, kind = name.partition(".")
        if kind not in ("data.json", "event.json"):
            raise ArchiveError("archive format", name, "is neither data nor event")
        if sha256_hex(text) != digest:
            raise ArchiveError("content hash", name, "content does not hash to its name")
        archive.objects[digest] = text
        if kind == "event.json":
            _append_event(archive, digest, json.loads(text))
    return archive


def _append_event(archive, digest, event):
    height = len(archive.events)
    obj = f"event {height}"
    if event.get("height") != height or event.get("type") not in EVENT_TYPES:
        raise ArchiveError("event chain", obj, "height or type out of sequence")
    if event.get("parent") != (archive.head if height else None):
        raise ArchiveError("event chain", obj, "does not refer to the previous event (hash chain broken)")
    if "payload" in event and event["payload"] not in archive.objects:
        raise ArchiveError("event chain", obj, "payload does not precede its event")
    archive.events.append(event)
    archive.event_hashes.append(digest)


def dumps(obj):
    """Serialise compactly, in the field order of the object, as Belenios does."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


class ArchiveWriter:
    """Build an archive in memory: data objects, then the events that refer to them."""

    def __init__(self, timestamp=None):
        header = {"version": 1, "timestamp": str(int(timestamp if timestamp is not None else time.time()))}
        self.members = [("BELENIOS", dumps(header))]
        # belenios-tool rebuilds the archive to compare it byte for byte, with
        # every member dated by the header's timestamp.
        self.mtime = int(header["timestamp"])
        self.head = None
        self.height = 0

    def add_data(self, obj):
        """Add a data object (a dict, a list or a JSON text) and return its hash."""
        text = obj if isinstance(obj, str) else dumps(obj)
        digest = sha256_hex(text)
        self.members.append((f"{digest}.data.json", text))
        return digest

    def add_event(self, kind, payload=None):
        """Append an event to the chain and return its hash."""
        event = {"parent": self.head} if self.head else {}
        event.update(height=self.height, type=kind)
        if payload is not None:
            event["payload"] = payload
        text = dumps(event)
        self.head = sha256_hex(text)
        self.height += 1
        self.members.append((f"{self.head}.event.json", text))
        return self.head

    def write(self, target):
        """Write an old-style (v7) tar archive as belenios-tool does, to a path or a binary file.

        No end-of-archive blocks: the archive grows by appending, and
        belenios-tool reads zero blocks as a malformed member.
        """
        if not hasattr(target, "write"):
            with open(target, "wb") as f:
                return self.write(f)
        for name, text in self.members:
            data = text.encode("utf-8")
            target.write(_v7_header(name, len(data), self.mtime))
            target.write(data + b"\0" * (-len(data) % 512))


def _v7_header(name, size, mtime):
    fields = [name.encode("ascii").ljust(100, b"\0"), b"0000644\0", b"0000000\0", b"0000000\0",
              b"%011o\0" % size, b"%011o\0" % mtime]
    block = b"".join(fields) + b" " * 8 + b"0"
    block = block.ljust(512, b"\0")
    checksum = b"%06o\0 " % sum(block)
    return block[:148] + checksum + block[156:]


def rewrite_archive(archive, path, replace):
    """Write a copy of `archive` with some data texts replaced and every hash recomputed.

    `replace` maps an old object hash to its new text. Events, the setup
    data and the owned partial decryptions are re-linked so that only the
    mathematics can tell the copy from a genuine archive.
    """
    renamed = {}

    def text_of(digest):
        text = replace.get(digest, archive.objects[digest])
        for old, new in renamed.items():
            text = text.replace(old, new)
        return text

    writer = ArchiveWriter(int(archive.header.get("timestamp", 0)))
    written = set()
    for event in archive.events:
        digest = event.get("payload")
        if digest is not None:
            for ref in _referenced(archive, digest):
                if ref not in written:
                    renamed[ref] = writer.add_data(text_of(ref))
                    written.add(ref)
            if digest not in written:
                renamed[digest] = writer.add_data(text_of(digest))
                written.add(digest)
        writer.add_event(event["type"], renamed.get(digest) if digest else None)
    writer.write(path)


def _referenced(archive, digest):
    """Return the hashes of data objects a payload itself refers to, which precede it."""
    text = archive.objects[digest]
    try:
        obj = json.loads(text)
    except ValueError:
        return []
    refs = obj.values() if isinstance(obj, dict) else []
    return [r for r in refs if isinstance(r, str) and r in archive.objects and r != digest]
