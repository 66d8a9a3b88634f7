"""The legal deadline of an annual report, and whether it was met.

《中华人民共和国政府信息公开条例》 (State Council decree 711, revised 2019-04-03, in force 2019-05-15), art. 49:
departments of people's governments at county level and above submit and publish last year's report by
31 January; the competent department of a local people's government at county level and above publishes
that government's report by 31 March. Before the revision (decree 492, 2007, art. 31) every administrative
body published by 31 March, which is the rule for reports on 2018 and earlier (published before the revision
came into force).

Art. 49 names only governments and their departments. Bodies that stand for a government in their area
(a township's 人民政府, a 街道办事处, a development zone's 管理委员会, a 行政公署) are held to the
governments' 31 March here; every other body (a bureau, a commission, an office, a centre) to the
departments' 31 January.
"""

from __future__ import annotations

import functools
import re
from datetime import date

from govreports.extract.metadata.agency import canonical

REVISION_FIRST_YEAR = 2019  # the first report year the 2019 revision's art. 49 governs (due in 2020)
_GOVERNMENT = re.compile(
    r"(?:人民政府|行政公署|街道办事处|(?:开发区|新区|实验区|试验区|示范区|高新区|园区|合作区)管理委员会)$")

ON_TIME, LATE, MISSING, NOT_DUE, NO_DATE = "on time", "late", "missing", "not due", "no date"


@functools.lru_cache(maxsize=4096)  # one agency has one row per year
def is_government(agency: str) -> bool:
    """A people's government, or a body that stands for one in its area (not one of its departments)."""
    return bool(_GOVERNMENT.search(canonical(agency)))


def deadline(agency: str, year: int) -> date:
    """The last day the report on ``year`` may be published."""
    if year < REVISION_FIRST_YEAR or is_government(agency):
        return date(year + 1, 3, 31)
    return date(year + 1, 1, 31)


def status(agency: str, year: int, published: str, reports: int, today: date) -> tuple[str, int | None]:
    """(status, days late) of one agency's report on one year: on time, late, no date (published, date
    unknown), missing (none published, deadline past) or not due (none published yet, deadline ahead)."""
    due = deadline(agency, year)
    if not reports:
        return (MISSING if today > due else NOT_DUE), None
    if not published:
        return NO_DATE, None
    try:
        day = date.fromisoformat(published[:10])
    except ValueError:
        return NO_DATE, None
    late = (day - due).days
    return (LATE, late) if late > 0 else (ON_TIME, None)
