"""Small HTML helpers shared by the site modules: escaping, relative links, body blocks and grids."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from html import escape

from tests.demo_portal.table_values import Grid


def esc(text: str) -> str:
    return escape(text, quote=True)


def rel(from_path: str, to_path: str) -> str:
    """A relative link as TRS writes them: ``./202101/t…shtml``, ``../../`` for a directory."""
    target = to_path.rstrip("/") or "/"
    out = posixpath.relpath(target, posixpath.dirname(from_path))
    if to_path.endswith("/"):
        out = "./" if out == "." else out + "/"
    return out if out.startswith(".") else "./" + out


def grid_html(grid: Grid, table_attrs: str, cell: Callable[[str, str], str]) -> str:
    """A grid as a <table>; ``cell(attrs, text)`` wraps one cell the site's way."""
    rows = []
    for row in grid:
        cells = []
        for c in row:
            attrs = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (
                f' colspan="{c.colspan}"' if c.colspan > 1 else "")
            cells.append(cell(attrs, esc(c.text)))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table {table_attrs}><tbody>" + "\n".join(rows) + "</tbody></table>"


class BodyStyle:
    """How one site writes paragraphs, headings and tables; override the methods that differ."""

    table_attrs = ('border="1" cellspacing="0" cellpadding="0" align="center" '
                   'style="border-collapse:collapse;"')

    def p(self, text: str) -> str:
        return f'<p style="text-indent:2em;">{esc(text)}</p>'

    def h(self, text: str) -> str:
        return f'<p style="text-indent:2em;"><strong>{esc(text)}</strong></p>'

    def sub(self, lead: str, text: str) -> str:
        return f'<p style="text-indent:2em;"><strong>{esc(lead)}</strong>{esc(text)}</p>'

    def cell(self, attrs: str, text: str) -> str:
        return f'<td{attrs} valign="center"><p style="text-align:center;">{text}</p></td>'

    def caption(self, text: str) -> str:
        return f'<p style="text-align:center;"><strong>{esc(text)}</strong></p>'

    def attach(self, name: str, href: str) -> str:
        return f'<p>附件：<a href="{esc(href)}">{esc(name)}</a></p>'

    def sign(self, lines: tuple[str, ...]) -> str:
        return "".join(f'<p style="text-align:right;">{esc(line)}</p>' for line in lines)

    def join(self, parts: list[str]) -> str:
        return "\n".join(parts)

    def render(self, blocks: list[tuple], attach_href: str = "") -> str:
        parts = []
        for block in blocks:
            kind = block[0]
            if kind == "p":
                parts.append(self.p(block[1]))
            elif kind == "h":
                parts.append(self.h(block[1]))
            elif kind == "sub":
                parts.append(self.sub(block[1], block[2]))
            elif kind == "table":
                if block[2]:
                    parts.append(self.caption(block[2]))
                parts.append(grid_html(block[1], self.table_attrs, self.cell))
            elif kind == "attach":
                parts.append(self.attach(block[1], attach_href))
            elif kind == "sign":
                parts.append(self.sign(block[1]))
        return self.join(parts)


class WordBody(BodyStyle):
    """Paragraphs and tables the way Word writes them when it saves a document as a web page."""

    table_attrs = 'class="MsoTableGrid" border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;"'

    def p(self, text: str) -> str:
        return f'<p class="MsoNormal" style="text-indent:32.0pt"><span style="font-family:仿宋_GB2312">{esc(text)}</span></p>'

    def h(self, text: str) -> str:
        return f'<p class="MsoNormal" style="text-indent:32.0pt"><b><span style="font-family:黑体">{esc(text)}</span></b></p>'

    def cell(self, attrs: str, text: str) -> str:
        return f'<td{attrs} style="border:solid windowtext 1.0pt"><p class="MsoNormal" align="center">{text}</p></td>'

    def attach(self, name: str, href: str) -> str:
        return ""


def word_html(title: str, blocks: list[tuple]) -> str:
    """A .doc that is a Word "web page" file (HTML with Word's namespaces), its title first."""
    head = ('<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">\n<head>\n'
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n<meta name="ProgId" '
            'content="Word.Document">\n<meta name="Generator" content="Microsoft Word 15">\n'
            f"<title>{esc(title)}</title>\n<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View>"
            "</w:WordDocument></xml><![endif]-->\n</head>\n")
    body = WordBody().render([b for b in blocks if b[0] != "attach"])
    return (f'{head}<body lang="ZH-CN" style="tab-interval:21.0pt"><div class="WordSection1">\n'
            f'<p class="MsoNormal" align="center"><b><span style="font-size:22.0pt">{esc(title)}</span></b></p>\n'
            f"{body}\n</div></body>\n</html>\n")
