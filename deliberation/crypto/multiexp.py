"""Products of many elements raised to small exponents (weights).

A weighted tally needs prod_i C_i^w_i over thousands of ballots with weights
below 2^24. Pippenger's bucket method does it with about two group
operations per ballot instead of one scalar multiplication (~6 of them) each.
"""
import math

from deliberation.crypto.group import get_group


def _window_bits(count, bits):
    """Choose the window width that minimises the number of group operations."""
    def cost(c):
        return math.ceil(bits / c) * (count + 2 ** (c + 1) + c)

    return min(range(1, max(bits, 1) + 1), key=cost)


def weighted_product(group, elements, weights):
    """Return prod elements[i]^weights[i] for non-negative integer weights."""
    if not elements:
        return group.identity
    top = max(weights)
    if top <= 1:
        return group.prod(x for x, w in zip(elements, weights) if w)
    bits = top.bit_length()
    c = _window_bits(len(elements), bits)
    mask = (1 << c) - 1
    result = group.identity
    for shift in reversed(range(0, bits, c)):
        for _ in range(c if result != group.identity else 0):
            result = group.mul(result, result)
        buckets = [group.identity] * (mask + 1)
        for x, w in zip(elements, weights):
            digit = (w >> shift) & mask
            if digit:
                buckets[digit] = group.mul(buckets[digit], x)
        # sum_d d * bucket[d] by running sums, from the top digit down.
        running = window = group.identity
        for d in range(mask, 0, -1):
            running = group.mul(running, buckets[d])
            window = group.mul(window, running)
        result = group.mul(result, window)
    return result


def weighted_product_task(args):
    """Run weighted_product on (group name, elements, weights), for a process pool."""
    group_name, elements, weights = args
    return weighted_product(get_group(group_name), elements, weights)
