"""Page metadata: title, publication date, covered year, agency, site name/code, 索引号, 文号, column.

Sources in order of trust: the <meta> tags government site rules require, then labelled values on the
page (info line, 信息索引表 — read from a newline-joined stream of the page's text nodes, so a label and
its value in neighbouring cells, bullets or spans pair up), then the URL and the title. The plain-text path
reads its chrome lines with the same functions (``lines_stream`` makes them a stream).

Modules: ``labels`` (the stream and what follows a label), ``dates``, ``title`` (title and covered year),
``fields`` (the agency as printed, site code, 索引号, 文号, topic), ``column`` (the breadcrumb), ``agency`` (the
agency's full name and key from everything the page says of it).
"""

from govreports.extract.metadata.agency import AgencyIdentity, agency_key, identify_agency, signature, url_host
from govreports.extract.metadata.column import breadcrumb, column
from govreports.extract.metadata.dates import closing_date, parse_date, published_at, url_date, written_at
from govreports.extract.metadata.fields import agency, doc_no, index_no, issuers, site_code, topic
from govreports.extract.metadata.labels import lines_stream, read_metas, text_stream
from govreports.extract.metadata.title import labelled_title, page_title, report_year, split_head_title, title_head

__all__ = [
    "AgencyIdentity",
    "agency",
    "agency_key",
    "breadcrumb",
    "closing_date",
    "column",
    "doc_no",
    "identify_agency",
    "index_no",
    "issuers",
    "labelled_title",
    "lines_stream",
    "page_title",
    "parse_date",
    "published_at",
    "read_metas",
    "report_year",
    "signature",
    "site_code",
    "split_head_title",
    "text_stream",
    "title_head",
    "topic",
    "url_date",
    "url_host",
    "written_at",
]
