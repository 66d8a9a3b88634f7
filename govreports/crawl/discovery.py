"""Pure functions that read list pages: links with their dates, and every kind of pager.

They take decoded HTML and the page URL and return plain data, so they are tested on strings and the
spider stays a thin layer of requests.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

import lxml.html
from lxml import etree
from w3lib.url import canonicalize_url

from govreports.extract.normalise import collapse_spaces

_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_NEXT_TEXT = re.compile(r"^\s*(下一页|下页|后一页|下一頁|>|›|»)\s*$")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#", "data:")


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    date: str = ""  # YYYY-MM-DD printed beside the link, "" when none
    # Which list of the page holds the link (links of one <ul>, <table> … share it); -1 when unknown.
    group: int = field(default=-1, compare=False)


@dataclass(frozen=True)
class ListRequest:
    """A further list page to fetch: a GET, a form POST (Hanweb dataproxy) or a POST with a JSON body (list APIs)."""

    url: str
    method: str = "GET"
    formdata: dict[str, str] | None = None  # sent form-encoded
    json: dict | list | None = None  # sent as a JSON body
    # What the reader needs back with the answer (ListPage.carry): a page number, the list page's parameters.
    carry: dict = field(default_factory=dict, compare=False)
    # The page whose script makes this API call: the answer's links resolve against it, and it names the list
    # the loop guard keeps apart ("" for a list page of its own, such as a pager's page 2).
    called_from: str = field(default="", compare=False)
    # False for a file a reader needs before the list itself (a site's JS holding the API's parameters): the
    # loop guard does not judge it by the links it brings.
    fetches_list: bool = field(default=True, compare=False)

    @property
    def key(self) -> str:
        """What makes two requests the same fetch: the URL for a GET, method, URL and body otherwise, and what
        the reader carries (one site JS file asked for by two columns is two steps of two lists)."""
        carried = f" {sorted(self.carry.items())!r}" if self.carry else ""
        if self.method == "GET" and self.formdata is None and self.json is None:
            return self.url + carried
        body = sorted(self.formdata.items()) if self.formdata is not None else self.json
        return f"{self.method} {self.url} {body!r}{carried}"


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    # lxml refuses str input that still declares an encoding (<?xml … encoding="UTF-8"?>).
    html = _XML_DECLARATION.sub("", html, count=1)
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def page_links(html: str, base_url: str) -> list[Link]:
    """Every followable link of the page, with link text (or title) and the date printed beside it.

    Hanweb keeps its list records inside ``<script type="text/xml">`` CDATA, which an HTML parser sees
    as script text; those records are parsed as well.
    """
    doc = parse_html(html)
    links = _links_of(doc, base_url) if doc is not None else []
    records = hanweb_records(html)
    if records:
        records_doc = parse_html(f"<html><body><ul>{''.join(records)}</ul></body></html>")
        if records_doc is not None:
            first_group = max((link.group for link in links), default=-1) + 1
            links.extend(_links_of(records_doc, base_url, first_group))
    return links


# A list's rows (Hanweb's datastore keeps one <record> per row), and what may wrap a link inside its row.
_ROW_TAGS = frozenset(("li", "tr", "dd", "dt", "record"))
_IN_ROW_TAGS = frozenset(("span", "font", "b", "strong", "em", "i", "p", "h3", "h4", "h5", "td", "th", "div", "label"))


def _group_of(anchor: lxml.html.HtmlElement, groups: dict, first_group: int) -> int:
    """The number of the list that holds the anchor: the parent of its row (<ul>, <table>, a datastore), else the
    element around the anchor (a bare run of links in a <div> or <p>)."""
    container = anchor.getparent()
    node = container
    for _ in range(4):
        if node is None or node.tag not in _IN_ROW_TAGS | _ROW_TAGS:
            break
        if node.tag in _ROW_TAGS:
            container = node.getparent()
            if container is not None and container.tag == "tbody":
                container = container.getparent()
            break
        node = node.getparent()
    return groups.setdefault(container, first_group + len(groups))


def _links_of(doc: lxml.html.HtmlElement, base_url: str, first_group: int = 0) -> list[Link]:
    base = doc.xpath("string(//base/@href)") or base_url
    base = urljoin(base_url, base)
    found = []
    groups: dict = {}
    for anchor in doc.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.lower().startswith(_SKIP_SCHEMES):
            continue
        url = canonical_url(urljoin(base, href))
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        text = collapse_spaces(anchor.text_content())
        title = collapse_spaces(anchor.get("title") or "")
        # Lists cut long titles with "…"; the title attribute usually carries the whole of it.
        if title and (not text or len(title) > len(text)):
            text = title
        # Only report links need their date, and climbing the tree for every nav link is the costly part.
        date = _date_near(anchor) if "报" in text or text.endswith(("…", "...")) else ""
        found.append(Link(url=url, text=text, date=date, group=_group_of(anchor, groups, first_group)))
    return found


def canonical_url(url: str) -> str:
    """The one spelling of a URL that the crawl requests, dedupes and stores: w3lib's ``canonicalize_url``
    (query arguments sorted, percent-escapes normalised, host lower-cased), the scheme's default port dropped,
    and the fragment kept only when it carries meaning (``fragment_carries_meaning``)."""
    base, fragment = urldefrag(url.strip())
    canonical = canonicalize_url(base)
    parts = urlsplit(canonical)
    if parts.port is not None and parts.port == _DEFAULT_PORTS.get(parts.scheme):
        canonical = parts._replace(netloc=parts.netloc.rsplit(":", 1)[0]).geturl()
    return f"{canonical}#{fragment}" if fragment_carries_meaning(fragment) else canonical


# A route of a hash-routed app (#/xxgk/ndbg, hashbang #!/list/3, #!list): the page a script shows. The app's
# own home route (#/, #!/) is the page itself.
_ROUTE = re.compile(r"^(?:!/?|/)(?=[^/\s])")


def fragment_carries_meaning(fragment: str) -> bool:
    """Whether a fragment names something other than a place in the page, by its shape: a route of a
    hash-routed app (``#/…``, ``#!…``), or a bare record number that an app's script reads as its list (Guangdong
    gkmlpt's ``index#2629`` category). Anchors into a page (``#top``, ``#content``, ``#_Toc12``) and viewer
    parameters (``file.pdf#page=3``) name the same resource and are dropped."""
    if fragment.isdigit():
        return True
    return bool(_ROUTE.match(fragment))


def _date_near(anchor: lxml.html.HtmlElement) -> str:
    """The date in the list row around the link (li, tr, dl, or the parent element)."""
    node = anchor
    for _ in range(3):
        node = node.getparent()
        if node is None:
            return ""
        text = node.text_content()
        if len(text) > 400:
            return ""  # climbed out of the row into the whole list
        match = _DATE.search(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
        if node.tag in ("li", "tr", "dl"):
            return ""
    return ""


# createPageHTML(countPage, currentPage, "index", "shtml") — some templates put a container id first
# and a record count last: createPageHTML('page_div', 3, 1, 'index', 'shtml', 56).
_CREATE_PAGE = re.compile(r"createPageHTML\s*\(([^()]*)\)")
_ARG = re.compile(r"""\s*(?:(\d+)|["']([^"']*)["'])\s*""")


def create_page_html_urls(html: str, page_url: str) -> list[str]:
    """All pages of a TRS column whose page count is only given to a ``createPageHTML`` script."""
    urls: list[str] = []
    for call in _CREATE_PAGE.finditer(html):
        args = [m.group(1) or m.group(2) for m in _ARG.finditer(call.group(1)) if m.group(0).strip()]
        numbers = [i for i, arg in enumerate(args) if arg is not None and arg.isdigit()]
        if len(numbers) < 2:  # the function definition itself has identifiers, not numbers
            continue
        count = int(args[numbers[0]])
        strings = [arg for arg in args[numbers[1] + 1 :] if arg and not arg.isdigit()]
        if len(strings) < 2 or count < 1 or count > 10_000:
            continue
        prefix, ext = strings[0], strings[1]
        urls.append(urljoin(page_url, f"{prefix}.{ext}"))
        urls.extend(urljoin(page_url, f"{prefix}_{i}.{ext}") for i in range(1, count))
    return list(dict.fromkeys(urls))


def next_page_urls(links: list[Link]) -> list[str]:
    """Targets of 下一页 / 下页 / > links (old layouts, ASP/JSP lists)."""
    return [link.url for link in links if _NEXT_TEXT.match(link.text)]


def numbered_page_urls(links: list[Link], page_url: str) -> list[str]:
    """Pager links that only show a page number (1 2 3 … 尾页), kept to the same path as the list."""
    path = urlsplit(page_url).path
    return [
        link.url
        for link in links
        if ((link.text.isdigit() and len(link.text) <= 4) or link.text in ("尾页", "末页", "首页"))
        and urlsplit(link.url).path.rsplit("/", 1)[0] == path.rsplit("/", 1)[0]
    ]


_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>\s*</nextgroup>", re.S)
_TOTAL = re.compile(r"""(?:totalRecord|totalrecord)["']?\s*[:=>]\s*["']?(\d+)""")
_PER_PAGE = re.compile(r"""(?:perPage|perpage)["']?\s*[:=]\s*["']?(\d+)""")


def hanweb_records(text: str) -> list[str]:
    """The ``<li>…</li>`` HTML of each record in a Hanweb datastore (column page or dataproxy answer)."""
    return _RECORD.findall(text)


def hanweb_more_records(html: str, page_url: str) -> list[ListRequest]:
    """The dataproxy POSTs Hanweb's jpage script would send for the records after the first page."""
    nextgroup = _NEXTGROUP.search(html)
    total = _TOTAL.search(html)
    if not nextgroup or not total:
        return []
    href = re.search(r"""href=["']([^"']+)["']""", nextgroup.group(1))
    if not href:
        return []
    proxy = urljoin(page_url, href.group(1).replace("&amp;", "&"))
    params = dict(parse_qsl(urlsplit(proxy).query))
    params.pop("page", None)
    shown = len(hanweb_records(html))
    per_page_match = _PER_PAGE.search(html)
    per_page = int(per_page_match.group(1)) if per_page_match else shown
    total_records = int(total.group(1))
    if per_page < 1 or shown >= total_records:
        return []
    formdata = {"col": "1", "appid": "1", "sourceContentType": "1", **params}
    base = proxy.split("?", 1)[0]
    requests = []
    for page in range(1, math.ceil(total_records / per_page)):
        start, end = page * per_page + 1, min((page + 1) * per_page, total_records)
        requests.append(
            ListRequest(f"{base}?startrecord={start}&endrecord={end}&perpage={per_page}", "POST", dict(formdata))
        )
    return requests


def same_site(url: str, site: str) -> bool:
    """Same scheme-less host and port as the start URL: a portal's pages never span hosts."""
    a, b = urlsplit(url), urlsplit(site)
    return (a.hostname, a.port or _default_port(a.scheme)) == (b.hostname, b.port or _default_port(b.scheme))


@cache
def offline_suffix_list():
    """A ``tldextract.TLDExtract`` on the suffix list bundled with tldextract: no network at crawl time (the
    default instance downloads the list on first use, synchronously, from the internet). Private domains count
    as public suffixes (github.io, blogspot.com …), as Scrapy's cookie middleware asks and as browsers draw a
    site's bounds: two users of one hosting service are not one government. One instance for the cookies and
    ``same_government``: each instance parses the whole list (~6 MB in the crawl process)."""
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), include_psl_private_domains=True)


def same_government(url: str, site: str) -> bool:
    """Another host of the portal's government: same registrable domain (search.example.gov.cn for
    www.example.gov.cn), or for a loopback test host the same host on another port. A page's script may call
    a list API there; nothing else is fetched from it."""
    a, b = urlsplit(url).hostname or "", urlsplit(site).hostname or ""
    if a == b:
        return True
    if not a or not b or a.replace(".", "").isdigit() or b.replace(".", "").isdigit():
        return False
    extract = offline_suffix_list()
    domain_a, domain_b = extract(a).top_domain_under_public_suffix, extract(b).top_domain_under_public_suffix
    return bool(domain_a) and domain_a == domain_b


def site_of(url: str) -> str:
    """The URL's origin, ``scheme://host[:port]``: lower case, without the scheme's default port (the key of a
    site's download slot and of its figures)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    port = parts.port
    scheme = parts.scheme.lower()
    return f"{scheme}://{host}" + (f":{port}" if port is not None and port != _DEFAULT_PORTS.get(scheme) else "")


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _default_port(scheme: str) -> int:
    return _DEFAULT_PORTS.get(scheme, 80)
