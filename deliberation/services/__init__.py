"""Use cases. Services are the only layer that commits."""
