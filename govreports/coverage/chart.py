"""The compliance view as a picture: reports per year (on time, late, no date, missing) and the late share
per site, as one self-contained SVG.

Written by hand rather than with matplotlib or a plotting library: two bar charts are a few dozen
elements, and a plotting dependency would cost tens of megabytes and seconds of import for them. The SVG
has no script and no external reference, so it can be written to a file or inlined in a Datasette page.
"""

from __future__ import annotations

from html import escape

from govreports.coverage.queries import Tally

WIDTH = 760
_BAR_AREA = 180  # height of the year bars
_SITE_ROW = 22
_COLOURS = {"on_time": "#2e7d32", "late": "#ef6c00", "no_date": "#9e9e9e", "missing": "#e0e0e0"}
_LABELS = {"on_time": "on time", "late": "late", "no_date": "no date", "missing": "missing"}


def _text(x: float, y: float, text: str, size: int = 12, anchor: str = "start", **attrs: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{escape(value)}"' for name, value in attrs.items())
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{extra}>'
            f"{escape(str(text))}</text>")


def _year_bars(tally: Tally, top: float) -> tuple[list[str], float]:
    years = sorted(tally.by_year)
    parts = [_text(10, top + 16, "Reports per year (by status against the legal deadline)", 14, font_weight="bold")]
    if not years:
        return [*parts, _text(10, top + 40, "no reports")], top + 50
    base = top + 30 + _BAR_AREA
    highest = max(sum(counts.values()) for counts in tally.by_year.values()) or 1
    step = (WIDTH - 60) / len(years)
    bar = max(2.0, step * 0.7)
    for i, year in enumerate(years):
        x = 40 + i * step
        y = base
        for kind in ("on_time", "late", "no_date", "missing"):
            count = tally.by_year[year][kind]
            if not count:
                continue
            height = count / highest * _BAR_AREA
            y -= height
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" '
                         f'fill="{_COLOURS[kind]}" class="{kind}">'
                         f'<title>{year}: {count} {_LABELS[kind]}</title></rect>')
        if len(years) <= 20 or i % 2 == 0:
            parts.append(_text(x + bar / 2, base + 14, str(year), 10, "middle"))
    parts.append(_text(34, top + 36, str(highest), 10, "end"))
    parts.append(f'<line x1="38" y1="{base:.1f}" x2="{WIDTH - 10}" y2="{base:.1f}" stroke="#444"/>')
    legend_x = 40.0
    for kind in ("on_time", "late", "no_date", "missing"):
        parts.append(f'<rect x="{legend_x:.1f}" y="{base + 24:.1f}" width="10" height="10" fill="{_COLOURS[kind]}"/>')
        parts.append(_text(legend_x + 14, base + 33, _LABELS[kind], 11))
        legend_x += 90
    return parts, base + 44


def _site_bars(tally: Tally, top: float) -> tuple[list[str], float]:
    parts = [_text(10, top + 16, "Late share per site (reports published after the deadline)", 14,
                   font_weight="bold")]
    sites = sorted(tally.by_site.items(), key=lambda item: (-_share(item[1]), item[0]))
    y = top + 30
    label_width = 220
    span = WIDTH - label_width - 80
    for name, counts in sites:
        share = _share(counts)
        parts.append(_text(label_width - 6, y + 14, name, 12, "end"))
        parts.append(f'<rect x="{label_width}" y="{y + 3:.1f}" width="{span}" height="14" fill="#f1f1f1"/>')
        parts.append(f'<rect x="{label_width}" y="{y + 3:.1f}" width="{share * span:.1f}" height="14" '
                     f'fill="{_COLOURS["late"]}" class="late-share"><title>{escape(name)}: {counts["late"]} of '
                     f'{counts["published"]} late</title></rect>')
        parts.append(_text(label_width + span + 6, y + 14, f"{share:.0%} ({counts['late']}/{counts['published']})", 11))
        y += _SITE_ROW
    return parts, y + 10


def _share(counts: dict[str, int]) -> float:
    return counts["late"] / counts["published"] if counts["published"] else 0.0


def svg_chart(tally: Tally) -> str:
    """Both charts, one above the other, as an SVG document."""
    years, bottom = _year_bars(tally, 0)
    sites, height = _site_bars(tally, bottom + 10)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
            f'viewBox="0 0 {WIDTH} {height:.0f}" font-family="sans-serif" role="img" '
            f'aria-label="reports per year and late share per site">'
            f'<rect width="100%" height="100%" fill="white"/>{"".join(years)}{"".join(sites)}</svg>\n')
