"""Page metadata: title, publication date, covered year, agency, site name/code, 索引号, 文号, column.

Sources in order of trust: the <meta> tags government site rules require, then labelled values on the
page (info line, 信息索引表 — read from a newline-joined stream of the page's text nodes, so a label and
its value in neighbouring cells, bullets or spans pair up), then the URL and the title. The plain-text path
reads its chrome lines with the same functions (``lines_stream`` makes them a stream).

Modules: ``labels`` (the stream and what follows a label), ``dates``, ``title`` (title and covered year),
``fields`` (agency, site code, 索引号, 文号, topic), ``column`` (the breadcrumb).
"""

from govreports.extract.metadata.column import column
from govreports.extract.metadata.dates import closing_date, parse_date, published_at, url_date, written_at
from govreports.extract.metadata.fields import agency, doc_no, index_no, site_code, topic
from govreports.extract.metadata.labels import lines_stream, read_metas, text_stream
from govreports.extract.metadata.title import labelled_title, page_title, report_year, split_head_title, title_head

__all__ = [
    "agency",
    "closing_date",
    "column",
    "doc_no",
    "index_no",
    "labelled_title",
    "lines_stream",
    "page_title",
    "parse_date",
    "published_at",
    "read_metas",
    "report_year",
    "site_code",
    "split_head_title",
    "text_stream",
    "title_head",
    "topic",
    "url_date",
    "written_at",
]
