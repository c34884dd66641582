"""Fill msgstr entries of a .po catalogue from a JSON file of {msgid: msgstr} (plurals: a list).

Used when adding translations in bulk: `python tools/fill_po.py zh strings.json`.
"""
import json
import sys

from babel.messages.pofile import read_po, write_po


def main(locale, path):
    po_path = f"deliberation/translations/{locale}/LC_MESSAGES/messages.po"
    with open(po_path, "rb") as f:
        catalog = read_po(f, locale=locale)
    with open(path, encoding="utf-8") as f:
        strings = json.load(f)
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in strings:
            value = strings[key]
            message.string = tuple(value) if isinstance(message.id, tuple) else value
            message.flags.discard("fuzzy")
    with open(po_path, "wb") as f:
        write_po(f, catalog)  # wrapped as pybabel update wraps, for small diffs


if __name__ == "__main__":
    main(*sys.argv[1:])
