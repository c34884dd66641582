"""Whatever a record contains, the verifier answers with a report, never a crash."""
import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deliberation.crypto.verify import verify_record

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=5,
)


def paths(obj, prefix=()):
    """List the paths to every value inside a JSON object."""
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from paths(v, prefix + (i,))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(min_value=0, max_value=10**6), value=json_values)
def test_any_single_edit_yields_a_failed_report(simulated, index, value):
    record = copy.deepcopy(simulated[0])
    all_paths = [p for p in paths(record) if p]
    path = all_paths[index % len(all_paths)]
    target = record
    for key in path[:-1]:
        target = target[key]
    if target[path[-1]] == value:
        return
    target[path[-1]] = value
    report = verify_record(record, workers=1)
    assert not report.ok
    assert report.failure["check"]
