"""Fill the seats of a k-of-n council election from the votes per candidate.

Pure functions on plain values (no Flask, no database).

The candidates with most votes win the seats. When candidates tie across the last seat
(the k-th and the (k+1)-th candidates have as many votes), no count can choose between them:
those seats stay empty, and a runoff among exactly the tied candidates fills them, as a
residents' committee would do.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Seats:
    elected: list        # indices of the candidates elected outright, most votes first
    tied: list           # indices of the candidates tying for the remaining seats, in ballot order
    open_seats: int      # how many seats the tie leaves empty (0 when there is no tie)
    votes: int | None    # the votes each tied candidate has, or None when there is no tie

    @property
    def first_open_seat(self):
        """The number (1-based) of the first seat the tie leaves empty."""
        return len(self.elected) + 1


def fill_seats(votes, seats):
    """Return who is elected to `seats` seats, and who ties for the seats left over."""
    ranked = sorted(range(len(votes)), key=lambda i: (-votes[i], i))
    if len(ranked) <= seats or votes[ranked[seats - 1]] != votes[ranked[seats]]:
        return Seats(ranked[:seats], [], 0, None)
    last = votes[ranked[seats - 1]]
    elected = [i for i in ranked if votes[i] > last]
    tied = sorted(i for i in ranked if votes[i] == last)
    return Seats(elected, tied, seats - len(elected), last)
