
"""Bodies of the demo documents, as site-neutral blocks.

A body is a list of blocks: ("h", text) a section heading, ("p", text) a paragraph, ("sub", lead, text) a
paragraph opening with a bold lead, ("table", grid, caption), ("sign", lines) the closing signature and
("attach", name) an attachment line. Each site module renders blocks in its own markup.

Reports follow report-template.md: the 2019/2021 formats with their three tables from 2019 on, prose
(sometimes with a home-made table) before. All of it is invented.
"""

from __future__ import annotations

import random

from tests.demo_portal import table_values
from tests.demo_portal.catalog import DEPARTMENTS, Doc, Site
from tests.demo_portal.table_values import Cell

Block = tuple

# Names for 联系人 / 责任编辑. The first four use characters that GBK has and GB2312 lacks (堃 喆 珺 镕):
# a page that says gb2312 but holds them can only be read as GBK.
GBK_ONLY_NAMES = ("王堃", "李喆", "张珺", "刘镕")
NAMES = (*GBK_ONLY_NAMES, "陈晓燕", "赵敏", "孙丽华", "周建强", "吴静", "郑伟", "杨帆", "黄磊", "徐婷", "胡志刚")
PLACE = {
    "trs": ("浔阳区长虹大道", "332000", "0792", "赣服通"),
    "hanweb": ("武康街道中兴路", "313200", "0572", "浙里办"),
    "oldtable": ("城关镇建设路", "461400", "0394", "豫事办"),
    "gkmlpt": ("端州区江滨西路", "526040", "0758", "粤省事"),
    "jpaas": ("递铺街道昌硕东路", "313300", "0572", "浙里办"),
    "epoint": ("汉城镇汉城路", "221600", "0516", "苏服办"),
    "irs": ("东昌区新华大街", "134001", "0435", "吉事办"),
    "county": ("天堂镇人民路", "246600", "0556", "皖事通"),
    "jslist": ("湄江街道茶城大道", "564100", "0851", "贵人服务"),
}


def person(rng: random.Random, site: Site) -> str:
    pool = GBK_ONLY_NAMES if site.key == "oldtable" else NAMES
    return rng.choice(pool)


def we(doc: Doc, site: Site) -> str:
    """How an agency names itself in its own report (我局, 我委, 我镇, 市政府 …)."""
    name = doc.agency_name
    if (doc.agency is not None and doc.agency.kind == "gov") or name == site.site_name:
        return "县政府" if name.endswith("县人民政府") else "市政府" if "市" in name[-6:] else "区政府"
    for tail, word in (("委员会", "我委"), ("办公室", "我办"), ("中心", "我中心"), ("执法队", "我队"),
                       ("街道办事处", "我街道"), ("乡人民政府", "我乡"), ("镇人民政府", "我镇")):
        if name.endswith(tail):
            return word
    return "我局"


def _vars(doc: Doc, site: Site, rng: random.Random) -> dict:
    street, zipcode, area, app = PLACE[site.key]
    year = doc.year or doc.published.year
    return {
        "agency": doc.agency_name, "we": we(doc, site), "Y": year, "Y1": year + 1, "region": site.region,
        "site_name": site.site_name, "level": site.level, "province": site.province, "app": app,
        "address": f"{site.region}{street}{rng.randint(1, 299)}号", "zip": zipcode,
        "phone": f"{area}-{rng.randint(2, 8)}{rng.randint(100000, 999999)}", "contact": person(rng, site),
        "office": rng.choice(("办公室", "综合科", "政务公开办公室", "法规科")),
        "staff": rng.randint(2, 6), "points": rng.randint(1, 5), "checks": rng.randint(2, 8),
        "issues": rng.randint(3, 25), "trainings": rng.randint(1, 6),
        "media": ("政府公报、报刊、广播电视" if year <= 2012 else
                  "政务微博、政务微信" if year <= 2017 else "政务新媒体、“" + app + "”"),
    }


def _pick(rng: random.Random, bank, k: int) -> list:
    return rng.sample(list(bank), min(k, len(bank)))


# ---------------------------------------------------------------- 2008–2018: prose reports

_INTRO_OLD = (
    "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）的规定，特向社会公布{agency}{Y}年政府信息公开工作"
    "年度报告。本报告由概述，主动公开政府信息情况，依申请公开政府信息情况，政府信息公开的收费及减免情况，因政府信息"
    "公开申请行政复议、提起行政诉讼的情况，存在的主要问题及改进措施，其他需要报告的事项等部分组成。本报告中所列数据"
    "的统计期限自{Y}年1月1日起至{Y}年12月31日止。本报告的电子版可在“{site_name}”门户网站下载。如对本报告有任何"
    "疑问，请与{agency}联系（地址：{address}；邮编：{zip}；联系人：{contact}；电话：{phone}）。",
    "本报告是根据《中华人民共和国政府信息公开条例》要求，由{agency}编制的{Y}年度政府信息公开工作年度报告。全文包括"
    "总体情况、主动公开政府信息情况、依申请公开政府信息情况、复议诉讼情况、存在的主要问题及改进措施等内容。本报告中"
    "所列数据的统计期限为{Y}年1月1日至{Y}年12月31日。联系人：{contact}，联系电话：{phone}。",
    "{Y}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》和上级关于政府信息公开工作的部署要求，坚持“以公开为"
    "原则、不公开为例外”，不断拓宽公开渠道，规范公开程序，政府信息公开工作取得了新的进展。现将有关情况报告如下"
    "（联系人：{contact}；电话：{phone}）：",
)
_OVERVIEW_OLD = (
    ("加强组织领导。", "{we}高度重视政府信息公开工作，成立了由主要负责同志任组长、分管负责同志任副组长、各科室负责人"
     "为成员的政府信息公开工作领导小组，领导小组办公室设在{office}，配备专兼职工作人员{staff}名，负责政府信息公开的"
     "日常工作。年初将政府信息公开工作纳入年度目标管理考核，做到有人管事、有人干事、有钱办事。"),
    ("完善制度建设。", "先后制定完善了政府信息公开保密审查、依申请公开办理、信息发布协调、工作考核和责任追究等制度，"
     "进一步明确了公开的范围、程序和时限，确保政府信息公开工作有章可循。{Y}年修订了《{agency}政府信息公开指南》和"
     "《{agency}政府信息公开目录》，方便公众查阅和申请。"),
    ("拓宽公开渠道。", "在充分利用“{site_name}”门户网站这一主渠道的同时，通过公开栏、电子显示屏、新闻发布会、"
     "{media}等多种形式公开政府信息，并在档案馆、图书馆和便民服务中心设立政府信息查阅点{points}个，方便群众就近查阅。"),
    ("强化监督检查。", "将政府信息公开工作纳入机关效能监督范围，定期对信息公开的及时性、准确性进行检查，对发现的问题"
     "及时督促整改。全年开展专项检查{checks}次，通报问题{issues}个，均已整改到位。"),
    ("加强业务培训。", "组织工作人员参加政府信息公开业务培训{trainings}次，系统学习《条例》及相关配套制度，工作人员"
     "依法公开政府信息的意识和能力明显提高。"),
    ("规范公开流程。", "严格执行“先审查、后公开”和“一事一审”制度，信息公开前由经办科室初审、分管负责同志复审、"
     "主要负责同志终审，全年未发生涉密信息公开和因公开不当引发的负面舆情。"),
)
_FOCUS_OLD = (
    (2008, "财政信息公开方面，按要求公开了部门预算、决算及“三公”经费预决算情况，细化到项级科目，并对“三公”经费"
           "增减变化原因作出说明。"),
    (2008, "行政执法信息公开方面，及时公开行政执法主体、执法依据、执法程序和监督方式，全年公开执法结果信息{k1}条。"),
    (2012, "重大建设项目信息公开方面，对项目批准、实施和招投标情况进行了公开，主动接受社会监督。"),
    (2014, "行政权力清单公开方面，对保留的{k2}项行政权力事项逐项编制运行流程图，在门户网站集中公开。"),
    (2016, "精准扶贫信息公开方面，及时公开扶贫政策、扶贫项目和资金分配使用情况，全年公开扶贫信息{k3}条。"),
    (2015, "“双随机、一公开”监管信息方面，及时公开随机抽查事项清单、抽查计划和抽查结果，全年公开抽查结果{k4}批次。"),
    (2008, "民生信息公开方面，重点公开了教育、医疗卫生、社会保障、保障性住房等群众关心的信息，方便群众办事。"),
)
_PROBLEMS = (
    "公开内容不够全面，部分业务信息更新不够及时", "政策解读的形式比较单一，图解、视频等解读方式运用较少",
    "工作人员业务水平有待进一步提高", "依申请公开答复的规范性有待加强", "基层政务公开标准化规范化建设仍有差距",
    "信息发布的审核机制还需进一步完善", "与公众的互动交流不够充分，回应关切的时效性有待提高",
)
_IMPROVE = (
    "进一步加大公开力度，围绕群众关心关注的热点问题，及时、准确公开政府信息",
    "进一步丰富政策解读形式，提高解读的针对性和实效性", "加强业务培训，不断提升工作人员的业务能力和服务水平",
    "健全完善依申请公开办理机制，严格按照法定时限和程序答复", "加强网站栏目建设和内容保障，确保信息及时更新",
    "强化监督考核，将政务公开工作纳入年度绩效考核",
)


def _old_report(doc: Doc, site: Site, rng: random.Random, v: dict) -> list[Block]:
    y = doc.year
    blocks: list[Block] = [("p", rng.choice(_INTRO_OLD).format(**v))]
    zwgk = doc.title_form == "zwgk"
    blocks.append(("h", "一、概述" if y <= 2013 and not zwgk else "一、总体情况"))
    blocks.append(("p", f"{y}年，{v['we']}以深化政务公开、建设服务型机关为目标，按照《条例》和上级部署要求，扎实推进"
                        "政府信息公开各项工作，较好地保障了公民、法人和其他组织依法获取政府信息的权利。"))
    for i, (lead, text) in enumerate(_pick(rng, _OVERVIEW_OLD, rng.randint(3, 5))):
        blocks.append(("sub", f"（{'一二三四五六'[i]}）{lead}", text.format(**v)))

    cats = ("机构职能", "政策法规", "规划计划", "业务工作", "人事信息", "财政信息", "其他")
    counts = [rng.randint(2, 15), rng.randint(3, 40), rng.randint(1, 10), rng.randint(10, 180),
              rng.randint(0, 12), rng.randint(1, 8), rng.randint(0, 30)]
    total = sum(counts)
    web = total - rng.randint(0, total // 4)
    blocks.append(("h", "二、主动公开政府信息情况" if not zwgk else "二、推进重点领域信息公开情况"))
    parts = "，".join(f"{c}类{n}条" for c, n in zip(cats, counts, strict=True))
    blocks.append(("p", f"{y}年，{v['we']}共主动公开政府信息{total}条，其中{parts}。从公开形式看，通过门户网站公开"
                        f"{web}条，通过公开栏、宣传资料等其他形式公开{total - web}条。"))
    if rng.random() < 0.45:
        grid = [[Cell("信息类别"), Cell("公开条数"), Cell("占比")]]
        grid += [[Cell(c), Cell(str(n)), Cell(f"{100 * n / total:.1f}%")] for c, n in zip(cats, counts, strict=True)]
        grid.append([Cell("合计"), Cell(str(total)), Cell("100%")])
        blocks.append(("table", grid, f"{y}年主动公开政府信息分类统计表"))
    k = {"k1": rng.randint(5, 90), "k2": rng.randint(30, 400), "k3": rng.randint(5, 60), "k4": rng.randint(2, 12)}
    for _, text in _pick(rng, [f for f in _FOCUS_OLD if f[0] <= y], 3):
        blocks.append(("p", text.format(**k)))

    apps = rng.choice((0, 0, 1, 2, 3, 5, 8, 13))
    blocks.append(("h", "三、依申请公开政府信息情况"))
    if apps == 0:
        blocks.append(("p", f"{y}年，{v['we']}未收到公民、法人或其他组织提出的政府信息公开申请。"))
    else:
        online = rng.randint(0, apps)
        yes = rng.randint(0, apps)
        part = rng.randint(0, apps - yes)
        blocks.append(("p", f"{y}年，{v['we']}共收到政府信息公开申请{apps}件，其中网上申请{online}件，信函及当面申请"
                            f"{apps - online}件。已全部在规定时限内答复，其中同意公开{yes}件，同意部分公开{part}件，"
                            f"信息不存在或不属于本机关公开范围{apps - yes - part}件。"))
    blocks.append(("h", "四、政府信息公开的收费及减免情况"))
    blocks.append(("p", f"{y}年，{v['we']}在政府信息公开工作中未收取任何费用，也未发生减免费用的情况。"))
    blocks.append(("h", "五、因政府信息公开申请行政复议、提起行政诉讼的情况"))
    blocks.append(("p", rng.choice((
        f"{y}年，{v['we']}未发生因政府信息公开申请提起行政复议、行政诉讼的情况。",
        f"{y}年，{v['we']}发生因政府信息公开申请提起行政复议1件，经复议维持原答复；未发生行政诉讼。",
    ))))
    blocks.append(("h", "六、存在的主要问题及改进措施"))
    probs, imps = _pick(rng, _PROBLEMS, 3), _pick(rng, _IMPROVE, 3)
    blocks.append(("p", f"{y}年，{v['we']}政府信息公开工作虽然取得了一定成效，但也存在一些不足：一是{probs[0]}；二是"
                        f"{probs[1]}；三是{probs[2]}。"))
    blocks.append(("p", f"下一步，{v['we']}将重点做好以下工作：一是{imps[0]}；二是{imps[1]}；三是{imps[2]}。"))
    blocks.append(("h", "七、其他需要报告的事项"))
    blocks.append(("p", rng.choice(("无其他需要报告的事项。", "本年度无其他需要报告的事项。"))))
    return blocks


# ---------------------------------------------------------------- 2019–2024: template reports

_GENERAL_NEW = (
    "{Y}年，{we}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实党中央、国务院和省委、省政府关于政务公开"
    "工作的决策部署，严格执行《条例》，坚持以公开为常态、不公开为例外，聚焦群众关切，着力提升政务公开质量和实效。",
    "{Y}年，在{region}委、{region}政府的坚强领导下，{we}深入贯彻新修订的《中华人民共和国政府信息公开条例》，围绕"
    "中心工作，持续深化重点领域信息公开，不断规范依申请公开办理，政府信息公开工作取得新成效。",
)
_SUBS_NEW = (
    ("（一）主动公开方面。", "全年通过“{site_name}”门户网站主动公开政府信息{n}条，其中政策文件{pf}件，政策解读"
     "{jd}篇（图解、视频等多元化解读{img}篇），工作动态{dt}条。围绕优化营商环境、乡村振兴、教育医疗、社会保障等重点"
     "领域，及时公开政策措施和执行情况，便于群众知晓和监督。"),
    ("（二）依申请公开方面。", "严格按照《条例》规定的程序和时限办理政府信息公开申请。全年新收政府信息公开申请{apps}件，"
     "上年结转{carry}件，已办结{done}件，结转下年度继续办理{fwd}件，均在法定期限内答复，未发生因答复超期引发的复议"
     "诉讼。"),
    ("（三）政府信息管理方面。", "严格落实“三审三校”和保密审查制度，动态更新政府信息公开指南和目录，开展行政规范性"
     "文件清理，对已失效、废止的文件及时在网站上标注，确保公开信息准确、权威。"),
    ("（四）政府信息公开平台建设方面。", "持续优化门户网站政府信息公开专栏，规范设置法定主动公开内容栏目，推进"
     "“{app}”等政务服务平台与网站数据融通，整合政务新媒体{nm}个，形成多渠道、立体化的公开格局。"),
    ("（五）监督保障方面。", "将政务公开工作纳入年度绩效考核，明确责任科室和工作人员，开展业务培训{trainings}次，"
     "组织网站和政务新媒体季度自查{checks}次，发现并整改问题{issues}个。"),
)
_PROBLEMS_NEW = (
    "政策解读的针对性和可读性还需提升", "基层政务公开标准目录动态更新不够及时", "依申请公开答复文书的规范性有待加强",
    "政务新媒体互动回应能力还比较薄弱", "部分栏目信息更新不及时、内容不够丰富",
)
_IMPROVE_NEW = (
    "加强政策解读，推行图文、视频等多样化解读方式", "对照标准目录定期梳理公开事项，实现动态调整",
    "完善依申请公开办理流程，规范答复文书格式", "加强工作人员业务培训，提升政务公开工作能力",
    "加强网站和政务新媒体日常监管，确保信息及时准确",
)


def _new_report(doc: Doc, site: Site, rng: random.Random, v: dict) -> tuple[list[Block], dict]:
    y = doc.year
    template = "2019" if y <= 2020 else "2021"
    busy = 120 if doc.agency and doc.agency.kind == "gov" else rng.choice((2, 5, 10, 20, 40))
    apps = table_values.application_numbers(rng, template, busy, broken="broken_identity" in doc.flags)
    active = table_values.active_numbers(rng, template, busy)
    review = table_values.review_numbers(rng, busy)
    n = rng.randint(120, 2600) if busy > 50 else rng.randint(30, 600)
    v = {**v, "n": n, "pf": rng.randint(2, 40), "jd": rng.randint(2, 30), "img": rng.randint(1, 10),
         "dt": n // 2, "apps": apps["一"][6], "carry": apps["二"][6], "done": apps["三(七)"][6],
         "fwd": apps["四"][6], "nm": rng.randint(1, 5)}
    letter = "〔2019〕60号" if template == "2019" else "〔2021〕30号"
    blocks: list[Block] = [(
        "p",
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于"
        f"印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函{letter}）要求，由{v['agency']}"
        "编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼"
        f"情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日"
        f"止。如对本报告有疑问，请与{v['agency']}联系（地址：{v['address']}；邮编：{v['zip']}；联系人："
        f"{v['contact']}；电话：{v['phone']}）。",
    )]
    blocks.append(("h", "一、总体情况"))
    blocks.append(("p", rng.choice(_GENERAL_NEW).format(**v)))
    for lead, text in _SUBS_NEW:
        blocks.append(("sub", lead, text.format(**v)))
    blocks.append(("h", "二、主动公开政府信息情况"))
    blocks.append(("table", table_values.active_grid(template, active), ""))
    blocks.append(("h", "三、收到和处理政府信息公开申请情况"))
    blocks.append(("table", table_values.applications_grid(template, apps), ""))
    blocks.append(("h", "四、政府信息公开行政复议、行政诉讼情况"))
    blocks.append(("table", table_values.review_grid(review), ""))
    blocks.append(("h", "五、存在的主要问题及改进情况"))
    probs, imps = _pick(rng, _PROBLEMS_NEW, 2), _pick(rng, _IMPROVE_NEW, 3)
    blocks.append(("p", f"{y}年，{v['we']}政府信息公开工作取得了一定成效，但仍存在一些问题：一是{probs[0]}；二是"
                        f"{probs[1]}。针对上年度报告中指出的问题，{v['we']}通过完善制度、加强培训等方式逐项整改，"
                        "已全部整改到位。"))
    blocks.append(("p", f"{y + 1}年，{v['we']}将重点做好以下工作：一是{imps[0]}；二是{imps[1]}；三是{imps[2]}。"))
    blocks.append(("h", "六、其他需要报告的事项"))
    if template == "2021":
        blocks.append(("p", f"依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），{y}年{v['we']}未收取"
                            "信息处理费。"))
        blocks.append(("p", f"{y}年，{v['we']}共承办人大代表建议{rng.randint(0, 30)}件、政协提案"
                            f"{rng.randint(0, 30)}件，办理结果均已按要求公开。"))
    else:
        blocks.append(("p", "本年度无其他需要报告的事项。"))
    manifest = {
        "template": template,
        "active": active,
        "applications": apps,
        "review_litigation": review,
        "identities_hold": table_values.identities_hold(apps, template),
    }
    return blocks, manifest


def report_blocks(doc: Doc, site: Site) -> tuple[list[Block], dict | None]:
    rng = random.Random(doc.seed)
    v = _vars(doc, site, rng)
    if doc.year >= 2019:
        blocks, manifest = _new_report(doc, site, rng, v)
    else:
        blocks, manifest = _old_report(doc, site, rng, v), None
    if "attachment" in doc.flags:
        blocks.append(("attach", f"{doc.title}.pdf"))
    pub = doc.published
    blocks.append(("sign", (doc.agency_name, f"{pub.year}年{pub.month}月{pub.day}日")))
    return blocks, manifest


def file_format(doc: Doc, site: Site) -> str:
    """"pdf" or "docx" when the report has a file of its own (an attachment, or it is one), else ""."""
    if doc.kind != "report" or not doc.flags & {"attachment", "attachment_only", "file_only"}:
        return ""
    return "docx" if site.key == "hanweb" and "attachment_only" in doc.flags else "pdf"


def pointer_blocks(doc: Doc, fmt: str) -> list[Block]:
    """The whole page body of a report published as its attachment: one sentence and the attachment line."""
    return [("p", f"《{doc.title}》全文详见附件。"), ("attach", f"{doc.title}.{fmt}")]


# ---------------------------------------------------------------- decoys

def decoy_blocks(doc: Doc, site: Site) -> list[Block]:
    rng = random.Random(doc.seed)
    v = _vars(doc, site, rng)
    return {"rule_of_law": _rule_of_law, "notice": _notice,
            "work_report": _work_report, "stats_bulletin": _bulletin, "news": _news}[doc.kind](doc, site, rng, v)


def _rule_of_law(doc, site, rng, v) -> list[Block]:
    y, r, lvl = doc.year, site.region, site.level
    return [
        ("p", f"{y}年，{r}深入学习贯彻习近平法治思想，全面落实《法治政府建设实施纲要（2021—2025年）》，坚持法治"
              f"{lvl}、法治政府、法治社会一体建设，法治政府建设各项工作取得积极成效。现将有关情况报告如下："),
        ("h", "一、主要举措和成效"),
        ("sub", "（一）健全依法决策机制。", f"严格落实重大行政决策程序规定，{y}年{lvl}政府重大行政决策事项"
         f"{rng.randint(3, 12)}项全部履行公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序。"),
        ("sub", "（二）推进严格规范公正文明执法。", "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定"
         f"法制审核制度，全年开展行政执法案卷评查{rng.randint(2, 6)}次，评查案卷{rng.randint(80, 400)}卷。"),
        ("sub", "（三）深化政务公开。", f"全年主动公开政府信息{rng.randint(800, 9000)}条，办理政府信息公开申请"
         f"{rng.randint(20, 200)}件，按时发布{y - 1}年度政府信息公开工作年度报告。"),
        ("sub", "（四）依法化解矛盾纠纷。", f"全年办理行政复议案件{rng.randint(20, 120)}件，行政应诉案件"
         f"{rng.randint(10, 90)}件，行政机关负责人出庭应诉率达到100%。"),
        ("h", "二、存在的不足和原因"),
        ("p", "对照法治政府建设的目标要求，我们的工作还存在一些不足：部分行政执法人员执法能力和水平还需提高，"
              "行政规范性文件备案审查还需进一步加强，基层法治力量相对薄弱。"),
        ("h", f"三、{y + 1}年工作安排"),
        ("p", f"{y + 1}年，{r}将继续深入学习贯彻习近平法治思想，持续完善依法行政制度体系，推进行政执法规范化建设，"
              "加强对行政权力的制约和监督，为经济社会高质量发展提供坚实法治保障。"),
        ("sign", (doc.agency_name, f"{y + 1}年3月{doc.published.day}日")),
    ]


def _notice(doc, site, rng, v) -> list[Block]:
    units = "各乡镇人民政府、街道办事处，县政府各部门" if site.level == "县" else "各县（市、区）人民政府，市政府各部门"
    return [
        ("p", f"{units}："),
        ("p", "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和省政府办公厅有关要求，现就做好2020年度"
              "政府信息公开工作年度报告编制和发布工作通知如下："),
        ("h", "一、编制内容"),
        ("p", "年度报告应当严格按照国务院办公厅政府信息与政务公开办公室印发的格式编制，包括：（一）总体情况；（二）"
              "主动公开政府信息情况；（三）收到和处理政府信息公开申请情况；（四）政府信息公开行政复议、行政诉讼情况；"
              "（五）存在的主要问题及改进情况；（六）其他需要报告的事项。"),
        ("h", "二、报送时间"),
        ("p", f"请于2021年1月25日前将年度报告电子版报送至{site.region}人民政府办公室政务公开科，并于1月31日前在本单位"
              "门户网站“政府信息公开年度报告”栏目发布。"),
        ("h", "三、有关要求"),
        ("p", "各单位要高度重视，确保数据真实准确、前后一致，表格中的勾稽关系正确。未按时发布年度报告的，将在年度"
              "政务公开考核中予以扣分。"),
        ("p", f"联系人：{v['contact']}，电话：{v['phone']}。"),
        ("attach", "中华人民共和国政府信息公开工作年度报告格式.doc"),
        ("sign", (doc.agency_name, "2021年1月6日")),
    ]


def _work_report(doc, site, rng, v) -> list[Block]:
    y, r, lvl = doc.year, site.region, site.level
    head = "市长" if lvl == "市" else "县长"
    p = doc.published
    return [
        ("p", f"——{y}年1月{p.day - 3}日在{r}第十{rng.randint(5, 7)}届人民代表大会第{rng.randint(1, 5)}次会议上"),
        ("p", f"{r}{head}　{rng.choice(NAMES)}"),
        ("p", "各位代表："),
        ("p", f"现在，我代表{r}人民政府，向大会报告政府工作，请予审议，并请政协委员和其他列席人员提出意见。"),
        ("h", f"一、{y - 1}年工作回顾"),
        ("p", f"过去的一年，面对复杂严峻的外部环境，在{lvl}委的坚强领导下，全{lvl}上下坚持稳中求进工作总基调，"
              f"经济社会发展主要目标任务顺利完成。全年地区生产总值增长{rng.randint(40, 85) / 10}%，一般公共预算"
              f"收入增长{rng.randint(20, 90) / 10}%，城乡居民人均可支配收入分别增长{rng.randint(40, 70) / 10}%和"
              f"{rng.randint(60, 90) / 10}%。"),
        ("p", "产业转型步伐加快，新开工亿元以上项目一百余个；改革开放持续深化，营商环境不断优化；民生福祉持续增进，"
              "十件民生实事全面完成。"),
        ("h", f"二、{y}年工作总体要求和目标任务"),
        ("p", f"{y}年是全面贯彻党的二十大精神的关键之年。主要预期目标是：地区生产总值增长6.5%左右，规模以上工业"
              "增加值增长8%左右，居民收入增长与经济增长基本同步。"),
        ("h", "三、重点工作"),
        ("p", "全力以赴扩大有效投资，加快构建现代产业体系，全面推进乡村振兴，持续改善生态环境质量，扎实办好民生实事。"),
        ("h", "四、加强政府自身建设"),
        ("p", "坚持依法行政，自觉接受人大法律监督、工作监督和政协民主监督，认真办理人大代表建议和政协提案。全面推进"
              "政务公开，让权力在阳光下运行。"),
        ("p", "各位代表！新征程催人奋进，新使命重任在肩。让我们更加紧密地团结在以习近平同志为核心的党中央周围，"
              "真抓实干、奋勇争先，为全面建设社会主义现代化国家贡献力量！"),
    ]


def _bulletin(doc, site, rng, v) -> list[Block]:
    y, r, lvl = doc.year, site.region, site.level
    gdp = rng.randint(300, 4000) + rng.randint(0, 99) / 100
    rows = [("地区生产总值", "亿元", f"{gdp:.2f}"), ("第一产业增加值", "亿元", f"{gdp * 0.08:.2f}"),
            ("第二产业增加值", "亿元", f"{gdp * 0.44:.2f}"), ("第三产业增加值", "亿元", f"{gdp * 0.48:.2f}"),
            ("一般公共预算收入", "亿元", f"{gdp * 0.07:.2f}"), ("社会消费品零售总额", "亿元", f"{gdp * 0.4:.2f}")]
    grid = [[Cell("指标"), Cell("单位"), Cell("绝对数"), Cell("比上年增长（%）")]]
    grid += [[Cell(a), Cell(b), Cell(c), Cell(f"{rng.randint(-20, 95) / 10}")] for a, b, c in rows]
    return [
        ("p", f"{y}年，面对复杂多变的外部环境，全{lvl}上下坚持稳中求进工作总基调，经济运行总体平稳、稳中有进。"),
        ("h", "一、综合"),
        ("p", f"初步核算，全年全{lvl}地区生产总值{gdp:.2f}亿元，按不变价格计算，比上年增长{rng.randint(30, 80) / 10}%。"
              f"年末全{lvl}户籍人口{rng.randint(40, 500) / 10}万人。"),
        ("table", grid, f"{y}年{r}主要经济指标"),
        ("h", "二、农业"),
        ("p", f"全年粮食种植面积{rng.randint(50, 300)}万亩，粮食总产量{rng.randint(10, 90)}万吨。"),
        ("h", "三、工业和建筑业"),
        ("p", f"全年规模以上工业增加值比上年增长{rng.randint(30, 120) / 10}%。"),
        ("h", "四、人民生活和社会保障"),
        ("p", f"全年全体居民人均可支配收入{rng.randint(20000, 60000)}元，比上年增长{rng.randint(40, 80) / 10}%。"),
        ("p", "注：本公报中部分数据为初步统计数；部分数据因四舍五入的原因，存在总计与分项合计不等的情况。"),
        ("sign", (doc.agency_name, f"{y + 1}年{doc.published.month}月{doc.published.day}日")),
    ]


def _news(doc, site, rng, v) -> list[Block]:
    p, r, lvl = doc.published, site.region, site.level
    date = f"{p.month}月{p.day}日"
    if "年度报告" in doc.title:
        return [
            ("p", f"近日，全{lvl}{rng.randint(20, 40)}个政府部门和{rng.randint(8, 20)}个乡镇（街道）的2020年政府信息"
                  f"公开工作年度报告已全部在“{site.site_name}”门户网站“政府信息公开年度报告”栏目集中发布。"),
            ("p", "今年的年度报告统一按照国务院办公厅规定的格式编写，从总体情况、主动公开、依申请公开、复议诉讼等方面"
                  "全面反映了一年来的政府信息公开工作，数据表格规范统一。"),
            ("p", f"{r}人民政府办公室有关负责人表示，下一步将对各单位年度报告的质量进行检查评估，并将结果纳入年度"
                  "考核。（记者 " + rng.choice(NAMES) + "）"),
        ]
    return [
        ("p", f"{date}，{doc.title}。"),
        ("p", f"会议指出，要坚持以人民为中心的发展思想，聚焦群众关心关注的问题，推动各项工作落地见效。全{lvl}各有关"
              "单位要进一步提高认识，压实责任，确保各项任务按期完成。"),
        ("p", f"会议要求，各单位要加强统筹协调，形成工作合力，以实干实绩推动全{lvl}经济社会高质量发展。"),
        ("p", f"（来源：{doc.agency_name}　记者：{rng.choice(NAMES)}）"),
    ]


# ---------------------------------------------------------------- small pages

COLUMN_INTROS = {
    "ndbg": "本栏目集中发布{site_name}及所属部门、乡镇（街道）依照《中华人民共和国政府信息公开条例》编制的政府信息公开"
            "工作年度报告。各单位应于每年1月31日前发布本单位上一年度的年度报告。",
    "zfgzbg": "本栏目发布历年{region}人民代表大会审议通过的政府工作报告全文。",
    "tjxx": "本栏目发布{region}国民经济和社会发展统计公报、主要统计数据及解读。",
    "xwdt": "本栏目发布{region}政务要闻、部门动态和基层信息。",
}


def column_intro(key: str, site: Site) -> str:
    return (COLUMN_INTROS[key].format(site_name=site.site_name, region=site.region)
            + f"如需查阅更早年份的信息，请通过站内搜索查询或向{site.region}人民政府办公室申请。")


def phone_book(site: Site) -> list[tuple[str, str]]:
    """联系我们 pages list departments with a telephone number each."""
    rng = random.Random(f"phones:{site.key}")
    area = PLACE[site.key][2]
    names = [site.region + "人民政府办公室"] + [site.region + names[-1][1] for names in DEPARTMENTS[1:25]]
    return [(n, f"{area}-{rng.randint(2, 8)}{rng.randint(100000, 999999)}") for n in names]


def plain_text(blocks: list[Block]) -> list[str]:
    """The text lines of a body, for manifest snippets (tables left out)."""
    out: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind in ("p", "h"):
            out.append(block[1])
        elif kind == "sub":
            out.append(block[1] + block[2])
        elif kind == "attach":
            out.append("附件：" + block[1])
        elif kind == "sign":
            out.extend(block[1])
    return out
