"""Interoperability with Belenios 2.0: its event archives, formats, proofs, verifier and writer.

See docs/election-record.md for our own record; Belenios' public data is one
tar archive of content-addressed JSON objects joined by a hash chain of events.
"""
