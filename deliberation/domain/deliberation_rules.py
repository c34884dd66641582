"""Rules of deliberation that need neither Flask nor a database."""
import math
import re
from datetime import timedelta
from decimal import Decimal, InvalidOperation

EDIT_WINDOW = timedelta(minutes=15)
MAX_YUAN = Decimal("100000000")  # a hundred million yuan: far beyond any community project
_YUAN = re.compile(r"^\d+(\.\d{1,2})?$")


def support_threshold(count, percent, households_in_scope):
    """Supports a proposal needs to reach the agenda: the lower of the set thresholds, at least 1."""
    candidates = []
    if count:
        candidates.append(count)
    if percent:
        candidates.append(math.ceil(households_in_scope * percent / 100))
    return max(1, min(candidates)) if candidates else None


def reaches_threshold(supports, threshold):
    """Tell whether this many supports reach the threshold (None means never automatically)."""
    return threshold is not None and supports >= threshold


def may_edit(created_at, now):
    """Comments may be corrected for 15 minutes after posting."""
    return now - created_at <= EDIT_WINDOW


def parse_yuan(text):
    """Turn "1234.5" (yuan) into 123450 fen; None for blank; ValueError for anything else."""
    text = (text or "").strip().replace(",", "").replace("，", "")
    if not text:
        return None
    if not _YUAN.match(text):
        raise ValueError(text)
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if amount > MAX_YUAN:
        raise ValueError(text)
    return int(amount * 100)


def fen_to_yuan_text(fen):
    """Show fen as the plain yuan text a form field holds."""
    if fen is None:
        return ""
    return f"{fen // 100}.{fen % 100:02d}" if fen % 100 else str(fen // 100)
