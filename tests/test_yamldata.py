"""The YAML loader keeps text as written: YAML 1.1 retyping never reaches the data."""

from __future__ import annotations

from survey_site.yamldata import Map, Scalar, load_yaml


def scalars(value: Map) -> dict[str, str]:
    return {k.value: v.value for k, v in value.entries if isinstance(v, Scalar)}


def test_values_yaml_11_would_retype_stay_strings() -> None:
    value, problems = load_yaml(b"a: NO\nb: 1.10\nc: 2020-01-01\nd: 012\ne: on\nf: ~\n", "t.yaml")
    assert problems == []
    assert isinstance(value, Map)
    assert scalars(value) == {"a": "NO", "b": "1.10", "c": "2020-01-01", "d": "012", "e": "on", "f": "~"}


def test_positions_are_one_based() -> None:
    value, _ = load_yaml(b"id: x\ntitle:   Hello\n", "t.yaml")
    assert isinstance(value, Map)
    key, title = value.entries[1]
    assert (key.line, key.column, title.line, title.column) == (2, 1, 2, 10)


def test_bom_is_tolerated() -> None:
    value, problems = load_yaml("\ufeffid: x\n".encode(), "t.yaml")
    assert problems == [] and isinstance(value, Map)
