"""close_open_ends: a ruled table that lost its top (or bottom) rule at a page break gets it back from its
vertical rules; vertical lines alone (a layout, not a ruled table) and rules already there are left alone."""

from __future__ import annotations

from govreports.documents.pdf_objects import make_edge
from govreports.documents.pdf_tables import close_open_ends

XS = (72.0, 222.0, 322.0, 422.0)


def _verticals(top: float, bottom: float, xs=XS) -> list[dict]:
    return [make_edge(x, x, top, bottom, "v") for x in xs]


def _rule(y: float, x0: float = XS[0], x1: float = XS[-1]) -> dict:
    return make_edge(x0, x1, y, y, "h")


def _added(edges: list[dict]) -> list[tuple[float, float, float]]:
    out = close_open_ends(edges)
    return [(e["x0"], e["x1"], e["top"]) for e in out[len(edges):]]


def test_lost_top_and_bottom_rules_come_back():
    edges = [*_verticals(100, 166), _rule(122), _rule(144)]  # rows 100-122-144-166, neither end ruled
    assert _added(edges) == [(72.0, 422.0, 100.0), (72.0, 422.0, 166.0)]


def test_rules_already_there_and_layouts_are_left_alone():
    closed = [*_verticals(100, 166), _rule(100), _rule(122), _rule(166)]
    assert _added(closed) == []
    assert _added(_verticals(100, 166)) == []  # no horizontal rule spans them: not a ruled table
    assert _added([*_verticals(100, 166, XS[:2]), _rule(122, *XS[:2])]) == []  # two vertical rules are no table
    # a rule at the end that spans part of the width (a merged cell's) is a rule there
    assert _added([*_verticals(100, 144), _rule(100, XS[0], XS[1]), _rule(122), _rule(144)]) == []
