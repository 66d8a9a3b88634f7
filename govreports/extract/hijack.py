"""Hijacked report pages: gambling and SEO spam injected into a government page, told by its words and by how
it hides.

Intruders who take over an old CMS page keep the page (its URL ranks) and add what they sell: a title prefix
(澳门赌场_娱乐城官网-…), a paragraph of spam with links to their sites, or a block of links a reader never
sees (display:none, pushed off-screen, font-size 0). The report under it is real, so the page stays a
report; it is flagged (``flags``), its confidence lowered, and it is left out of clean counts and exports.

Evidence, each a flag:

- ``spam_title``: the title (as read, or the page's own <title> and keywords/description metas, which
  intruders fill for search engines) holds a spam term;
- ``spam_body``: the body holds two different spam terms (one alone is how a report says it fights them:
  打击非法代孕, 打击网络赌博 …);
- ``hidden_links``: a hidden block holds a spam term or links to three or more other sites;
- ``offsite_spam_links``: a link to another site whose text or address is spam;
- ``title_body_mismatch``: a part of the title (between separators) shares no two characters with the body;
  only counted beside another flag, since portals put site names in titles that bodies do not repeat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from govreports.extract.htmltree import text_of
from govreports.extract.normalise import squash

# Families of spam terms, specific enough that a report's own text does not use them (彩票 alone is 福利彩票
# and 彩票公益金 in finance reports; 办证 alone is a service hall's 办证窗口).
SPAM_TERMS = re.compile(
    r"博彩|赌场|娱乐城|百家乐|真人(?:荷官|视讯|博彩|娱乐)|老虎机|时时彩|六合彩|北京赛车|PK10|网上赌|网赌|线上赌|"
    r"体育投注|足球投注|(?:威尼斯人|葡京|金沙|太阳城|皇冠|永利|银河)(?:娱乐|官网|赌|体育|平台|棋牌|国际)|"
    r"(?<!福利)(?<!体育)彩票(?:平台|网站|官网|注册|开户|投注|下注|app|APP)|(?:网上|网络|手机)彩票|棋牌(?:游戏)?平台|"
    r"代孕|办假证|假证|代办(?:各类)?证件|办证(?:电话|微信|QQ)|代开发票|开发票(?:电话|微信)|私家侦探|"
    r"成人(?:视频|影院|网站)|色情(?:视频|网站)",
    re.I,
)
# The same in addresses: what spam domains are made of.
_SPAM_URL = re.compile(r"casino|baccarat|bet\d|bet365|poker|lottery|bocai|duchang|yulecheng|amdc|xpj|"
                       r"slot|gamble|gambling|sportsbet", re.I)
# How a block is hidden from readers and left for crawlers: wider than the cleaner's test of hidden chrome
# (chrome._HIDDEN_STYLE), which removes what it matches and so keeps to display and visibility (a wrapper
# with font-size:0 often sizes its children again).
HIDING_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|"
    r"font-size\s*:\s*0(?:\.0+)?(?:px|pt|em|rem|%)?\s*(?:;|$|!)|"
    r"(?:left|top|text-indent|margin-left|margin-top)\s*:\s*-\s*\d{3,}",
    re.I,
)
_STYLED = etree.XPath("//*[@style or @hidden]")
_HEAD_TEXTS = etree.XPath("//title/text()", smart_strings=False)
_HEAD_METAS = etree.XPath("//meta[@name='keywords' or @name='Keywords' or @name='description' or "
                          "@name='Description']/@content", smart_strings=False)
_SEPARATORS = re.compile(r"[_|｜—–\-－]+")
_HIDDEN_OFFSITE_LINKS = 3


@dataclass
class PageSignals:
    """What the page's markup shows beside its text (``page_signals``)."""

    head_title: str = ""  # the page's own <title>, before the title reader takes its report name out of it
    head_spam: bool = False  # spam in <title> or the keywords/description metas
    hidden_spam: int = 0  # hidden blocks holding spam terms or several off-site links
    offsite_spam_links: list[str] = field(default_factory=list)


def page_signals(root, page_url: str) -> PageSignals:
    """Hidden blocks and off-site spam links anywhere in the page (intruders put them outside the body too)."""
    host = _host(page_url)
    signals = PageSignals()
    signals.head_title = " ".join(_HEAD_TEXTS(root))
    signals.head_spam = bool(SPAM_TERMS.search(squash(" ".join([signals.head_title, *_HEAD_METAS(root)]))))
    counted: set = set()
    for el in _STYLED(root):
        if el.get("hidden") is None and not HIDING_STYLE.search(el.get("style") or ""):
            continue
        if any(ancestor in counted for ancestor in el.iterancestors()):
            continue
        offsite = sum(1 for a in el.iter("a") if _offsite(a.get("href") or "", host))
        if offsite >= _HIDDEN_OFFSITE_LINKS or SPAM_TERMS.search(text_of(el)):
            counted.add(el)
            signals.hidden_spam += 1
    for a in root.iter("a"):
        href = a.get("href") or ""
        if _offsite(href, host) and (_SPAM_URL.search(href) or SPAM_TERMS.search(text_of(a))):
            signals.offsite_spam_links.append(href)
    return signals


def hijack_flags(title: str, body_text: str, signals: PageSignals | None = None) -> list[str]:
    """The hijack flags of a report (empty for a clean one), from its title, body and (for an HTML page) the
    markup's ``page_signals``."""
    flags = []
    if SPAM_TERMS.search(squash(title)) or (signals is not None and signals.head_spam):
        flags.append("spam_title")
    if len({match.lower() for match in SPAM_TERMS.findall(squash(body_text))}) >= 2:
        flags.append("spam_body")
    if signals is not None and signals.hidden_spam:
        flags.append("hidden_links")
    if signals is not None and signals.offsite_spam_links:
        flags.append("offsite_spam_links")
    titles = (title, signals.head_title) if signals is not None else (title,)
    if flags and any(_foreign_title_part(one, body_text) for one in titles):
        flags.append("title_body_mismatch")
    return flags


def _foreign_title_part(title: str, body_text: str) -> bool:
    body = squash(body_text)
    for part in _SEPARATORS.split(squash(title)):
        if len(part) >= 4 and not any(part[i:i + 2] in body for i in range(len(part) - 1)):
            return True
    return False


def _host(url: str) -> str:
    rest = url.split("//", 1)[-1]
    return rest.split("/", 1)[0].split("?", 1)[0].lower()


def _offsite(href: str, host: str) -> bool:
    """An absolute link to another host (the cheap test first: most links are relative)."""
    href = href.strip()
    if not (href[:4].lower() == "http" or href.startswith("//")):
        return False
    return _host(href) != host
