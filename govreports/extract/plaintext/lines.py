"""What one line of a plain-text page dump is: the title (or half of it), page chrome (toggles, portal names,
navigation, the breadcrumb, share bars), an info line / 信息索引表 row, a footer, or prose.

Each test looks at the line alone (or at two neighbours, for a title broken in two); ``assemble`` decides
from where they stand which lines are chrome.
"""

from __future__ import annotations

import re

from govreports.extract.metadata.dates import DATE
from govreports.extract.normalise import squash

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# Characters str.strip() keeps but that are invisible on the page.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
BULLET = re.compile(r"^[•·●○▪■◆◇►▶\-*]\s*")

_TITLE_MAX = 60
_SHORT = 40  # "about 40 characters": longer lines with sentence punctuation are prose

_SENTENCE_PUNCT = re.compile(r"[，。；,;！？!?]")
SECTION_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|[㈠-㈩])"
)
_TITLE_WORD = re.compile(r"报告|年报|工作|情况")
_TITLE_YEAR = re.compile(r"\d{4}\s*年|年度|年报")

# Accessibility / account / version toggles: a line made only of these words.
_TOGGLE = re.compile(
    r"(?:无障碍(?:浏览|阅读|模式)?|长者(?:专版|模式)|关怀版|适老化?(?:版|模式)?|繁體(?:版)?|繁体(?:版)?|简体(?:版)?|"
    r"登录|注册|退出|个人中心|手机版|移动版|English|ENGLISH|EN|设为首页|加入收藏|网站支持IPv6|IPv6|"
    r"智能问答|读屏|切换(?:到)?(?:繁体|简体|长者版|无障碍)?|首页|返回首页|网站导航)"
)
_BREADCRUMB = re.compile(r"^(?:您?(?:当前|现在|所在)的?位置|当前页面)\s*[:：]?")
_CRUMB_SEP = re.compile(r">|＞|»|›|→")
_PORTAL = re.compile(r"(?:人民政府|政府网|门户网站?|政务网|政务服务网|信息网|公开网|平台|网站)$")
SHARE = re.compile(r"^(?:分享到|分享|微信|微博|QQ空间|QQ好友|扫一扫|【?打印】?|【?关闭】?|【?我要纠错】?|\s)+[:：]?$")

# Labels of the info line and of the 信息索引表. Longest first, so 信息来源 wins over 来源. Spaces may sit
# between the characters of a label ("索 引 号", "文  号").
_LABELS = (
    "信息来源",
    "发布时间",
    "发布日期",
    "发布机构",
    "发文机关",
    "发文日期",
    "成文日期",
    "生成日期",
    "主题分类",
    "发文字号",
    "信息分类",
    "浏览次数",
    "访问次数",
    "阅读次数",
    "点击数",
    "点击率",
    "索引号",
    "主题词",
    "有效性",
    "公开方式",
    "公开范围",
    "来源",
    "作者",
    "日期",
    "文号",
    "分类",
    "名称",
    "字体",
    "字号",
    "编辑",
)
_LABEL_ALT = "|".join(r"\s*".join(map(re.escape, label)) for label in _LABELS)
# A label starts the line (after a bullet) or follows whitespace / a closing bracket.
_LABEL_AT = re.compile(rf"(?:^|(?<=[\s】\]|｜]))(?P<label>{_LABEL_ALT})\s*(?P<colon>[:：])?\s*")
_DATE_LABELS = {"发布时间", "发布日期", "日期", "发文日期", "成文日期", "生成日期"}
_BRACKETED = re.compile(r"【[^】]{0,12}】|\[[^\]]{0,12}\]")

# Footers. Strong ones are dropped at the tail whatever the line's length (a copyright footer can be long);
# weak ones only when the line is short and not prose.
_FOOTER_STRONG = re.compile(r"版权所有|copyright|©|\(c\)\s*\d{4}|ICP\s*备|公网安备|网站标识码", re.I)
_FOOTER_WEAK = re.compile(
    r"技术支持|主办单位|主办\s*[:：]|承办|协办|联系我们|网站地图|扫一扫|打印本页|关闭窗口|【打印】|【关闭】|"
    r"上一篇|下一篇|相关链接|相关阅读|相关文章|相关新闻|责任编辑|分享到|我要纠错|政府网站找错|党政机关|"
    r"网站声明|隐私声明|使用帮助|建议使用|分辨率|浏览器|返回顶部"
)
COPYRIGHT_HOLDER = re.compile(
    r"版权所有\s*[:：]?\s*(?:[©(c)]\s*)?([\u4e00-\u9fff（）()]{2,30}?(?:人民政府|政府|委员会|局|办公室|网))"
)


def digits(s: str) -> str:
    return s.translate(_FULLWIDTH_DIGITS)


def nonblank_lines(text: str) -> list[str]:
    """The text's lines stripped (invisible characters too), blank ones dropped."""
    out = []
    for raw in text.splitlines():
        line = raw.strip().strip(_INVISIBLE).strip()
        if line:
            out.append(line)
    return out


def compact(s: str) -> str:
    return squash(digits(s))


def is_prose(line: str) -> bool:
    return len(line) > _SHORT and bool(_SENTENCE_PUNCT.search(line))


def is_title(line: str) -> bool:
    d = digits(line)
    return (
        len(d) <= _TITLE_MAX
        and not re.search(r"[。；;！？!?]", d)
        and not SECTION_START.match(d)
        and bool(_TITLE_WORD.search(d))
        and bool(_TITLE_YEAR.search(d))
        and not is_info_line(line)
        and not is_breadcrumb(line)
        and not _FOOTER_STRONG.search(d)
    )


def split_title(first: str, second: str) -> bool:
    """True when ``first`` + ``second`` is one title broken over two lines ("…2020年政府信息" + "公开工作年度报告")."""
    a, b = digits(first), digits(second)
    return (
        bool(re.search(r"\d{4}\s*年", a))
        and not _TITLE_WORD.search(a)
        and not re.search(r"\d{4}", b)
        and len(b) <= 20
        and bool(re.search(r"(?:报告|年报)$", b))
        and is_title(a + b)
        and not SECTION_START.match(a)
    )


def is_breadcrumb(line: str) -> bool:
    if _BREADCRUMB.match(line):
        return True
    return ("首页" in line or "主页" in line) and bool(_CRUMB_SEP.search(line)) and len(line) <= 80


def is_nav(line: str) -> bool:
    """Several short tokens separated by spaces: 首页 政务公开 政务服务 互动交流."""
    tokens = line.split()
    return (
        len(tokens) >= 3
        and len(line) <= 80
        and all(len(t) <= 8 for t in tokens)
        and not _SENTENCE_PUNCT.search(line)
        and not re.search(r"\d{4}", digits(line))
    )


def is_portal_name(line: str) -> bool:
    tokens = line.split()
    return (
        0 < len(tokens) <= 3
        and len(line) <= 40
        and not _SENTENCE_PUNCT.search(line)
        and all(_PORTAL.search(t) for t in tokens)
    )


def is_toggle(line: str) -> bool:
    tokens = [t for t in re.split(r"[\s|｜/丨]+", line) if t]
    return 0 < len(tokens) <= 8 and all(_TOGGLE.fullmatch(t) for t in tokens)


def is_info_line(line: str, bulleted: bool = False) -> bool:
    """An info line / 信息索引表 row: labels and their values (read by ``govreports.extract.metadata``).

    A label must open the line. Without a colon the line is only read as metadata when it came as a bullet,
    has an empty value, or its value is what that label holds (a date after 发布时间) — so body text that
    happens to start with 来源 or 日期 is not taken for metadata."""
    d = digits(line)
    if len(d) > 160 or (is_prose(_BRACKETED.sub("", d)) and "：" not in d and ":" not in d):
        return False
    matches = list(_LABEL_AT.finditer(d))
    if not matches or matches[0].start() != 0:
        return False
    ends = [m.start() for m in matches[1:]] + [len(d)]
    values = [d[m.end() : end].strip() for m, end in zip(matches, ends, strict=True)]
    if not matches[0].group("colon") and not bulleted and values[0]:
        if squash(matches[0].group("label")) in _DATE_LABELS:
            if not DATE.match(values[0]):
                return False
        elif len(d) > 30 or _SENTENCE_PUNCT.search(d) or len(values) == 1:
            return False
    return not any(is_prose(value) for value in values)


def head_chrome(line: str) -> bool:
    """A line recognisably page chrome on its own (used when there is no title to anchor the head)."""
    return (
        is_toggle(line) or is_breadcrumb(line) or is_portal_name(line) or is_nav(line) or bool(SHARE.match(line))
    )


def is_footer(line: str) -> bool:
    d = digits(line)
    if _FOOTER_STRONG.search(d):
        return True
    return not is_prose(d) and len(d) <= 80 and not SECTION_START.match(d) and bool(_FOOTER_WEAK.search(d))


