"""The demo exhibitors' faces and exhibits: a logo each, a banner for every third, a PDF brochure
for every fourth, and two or three exhibits each across kinds and readiness levels."""

from __future__ import annotations

from typing import Any

from eexpo.booths.exhibits import versions_from
from eexpo.booths.services import add_media_block
from eexpo.media import services as media
from eexpo.media.generate import make_brochure, make_logo, make_photo
from eexpo.models import Booth, Exhibitor, MediaItem, MediaKind

BANNER_EVERY = 3
BROCHURE_EVERY = 4

# Per sector: (name, name_zh, kind, summary, summary_zh, readiness, cooperation, IP status).
TEMPLATES: dict[str, list[tuple[Any, ...]]] = {
    "integrated-circuits": [
        ("Automotive MCU", "车规级微控制器", "product",
         "A 32-bit microcontroller qualified for cars", "通过车规认证的 32 位微控制器",
         9, ["sale", "distribution"], "patented"),
        ("Chiplet interconnect IP", "芯粒互连 IP", "technology",
         "Die-to-die links licensed to chip designers", "面向芯片设计企业授权的芯粒互连技术",
         6, ["licensing", "joint_development"], "pending"),
        ("RISC-V design service", "RISC-V 设计服务", "service",
         "From specification to tape-out", "从规格定义到流片", 8, ["sale"], None),
    ],
    "third-gen-semiconductors": [
        ("SiC power MOSFET", "碳化硅功率 MOSFET", "product",
         "1200 V silicon carbide switches for inverters", "用于逆变器的 1200 V 碳化硅开关器件",
         9, ["sale", "distribution"], "patented"),
        ("GaN-on-Si epitaxy", "硅基氮化镓外延", "technology",
         "An epitaxy process ready for licensing", "可供技术许可的外延工艺",
         7, ["licensing"], "patented"),
        ("8-inch SiC substrate line", "8 英寸碳化硅衬底产线", "project",
         "A production line seeking investors", "寻求投资方的衬底产线项目",
         5, ["investment", "joint_development"], "pending"),
    ],
    "iot": [
        ("LoRa city sensor", "LoRa 城市传感器", "product",
         "Air and noise sensing on one battery for five years",
         "一节电池工作五年的空气与噪声传感器",
         9, ["sale", "distribution"], None),
        ("Edge AI gateway", "边缘 AI 网关", "product",
         "Runs vision models beside the sensors", "在传感器旁运行视觉模型",
         8, ["sale"], "pending"),
        ("Digital twin of a port", "港口数字孪生", "project",
         "A pilot looking for port operators", "寻找港口运营方的试点项目",
         4, ["joint_development", "investment"], None),
    ],
    "biomedicine": [
        ("mRNA delivery platform", "mRNA 递送平台", "technology",
         "Lipid nanoparticles for vaccines and therapies", "用于疫苗与治疗的脂质纳米颗粒",
         5, ["licensing", "research"], "patented"),
        ("Rapid PCR analyser", "快速 PCR 分析仪", "product",
         "Results in fifteen minutes at the point of care", "床旁十五分钟出结果",
         9, ["sale", "distribution"], "patented"),
        ("Organoid screening service", "类器官筛选服务", "service",
         "Drug screening on patient-derived organoids", "基于患者来源类器官的药物筛选",
         7, ["research"], None),
    ],
    "clean-energy": [
        ("Sodium-ion battery cell", "钠离子电池", "product",
         "Cells for grid storage without lithium", "不用锂的储能电芯", 8, ["sale"], "patented"),
        ("PEM electrolyser stack", "PEM 电解槽电堆", "technology",
         "Green hydrogen at industrial scale", "工业规模的绿氢制备",
         6, ["licensing", "joint_development"], "pending"),
        ("Agrivoltaic farm", "农光互补电站", "project",
         "Solar above crops, seeking partners", "光伏板下种植，寻求合作方",
         4, ["investment"], None),
    ],
    "new-materials": [
        ("Graphene heat spreader", "石墨烯散热膜", "product",
         "Thin films that cool phones and servers", "为手机和服务器散热的薄膜",
         9, ["sale", "distribution"], "patented"),
        ("Bio-based polymer", "生物基高分子材料", "technology",
         "Plastics from plant sugars", "以植物糖为原料的塑料", 5, ["licensing", "research"], None),
        ("Rare-earth recycling", "稀土回收", "service",
         "Magnets recovered from electronic waste", "从电子废弃物中回收磁体",
         7, ["joint_development"], "pending"),
    ],
    "smart-manufacturing": [
        ("Collaborative robot arm", "协作机械臂", "product",
         "A 6-axis arm that works beside people", "与人并肩工作的六轴机械臂",
         9, ["sale", "distribution"], "patented"),
        ("Machine-vision inspection", "机器视觉检测", "technology",
         "Finds defects on the line in real time", "在产线上实时发现缺陷",
         7, ["licensing", "sale"], None),
        ("Factory retrofit programme", "工厂改造计划", "project",
         "Upgrading older plants, seeking partners", "老旧工厂升级改造，寻求合作伙伴",
         3, ["joint_development", "investment"], None),
    ],
    "digital-economy": [
        ("Cross-border payment API", "跨境支付接口", "service",
         "Settle in yuan, ringgit and som", "人民币、林吉特与苏姆结算", 9, ["sale"], None),
        ("Privacy-preserving analytics", "隐私计算分析", "technology",
         "Joint statistics without sharing raw data", "不共享原始数据的联合统计",
         6, ["licensing", "research"], "pending"),
        ("Industrial data exchange", "工业数据交易所", "project",
         "A data marketplace for manufacturers", "面向制造企业的数据交易平台",
         4, ["investment", "joint_development"], None),
    ],
    "modern-agriculture": [
        ("Drip irrigation controller", "滴灌控制器", "product",
         "Water where and when crops need it", "按需定时定点灌溉", 9, ["sale", "distribution"],
         None),
        ("Tea traceability chain", "茶叶溯源链", "service",
         "From leaf to cup, verified", "从茶叶到茶杯，全程可验证", 8, ["sale"], None),
        ("Drought-tolerant seed", "抗旱种子", "technology",
         "Varieties bred for dry seasons", "为旱季培育的品种", 6, ["licensing", "research"],
         "patented"),
    ],
}  # fmt: skip


def _code(exhibitor: Exhibitor, index: int) -> str:
    """A model number from the exhibitor's initials, so exhibitors' exhibits differ."""
    initials = "".join(word[0] for word in exhibitor.name.split() if word[0].isalpha())[:3]
    return f"{initials.upper()}-{100 * (exhibitor.id % 9 + 1) + index}"


def ingest_face(exhibitor: Exhibitor, number: int) -> list[int]:
    """A logo for the exhibitor, and a banner for every BANNER_EVERY-th; returns the media to
    process."""
    logo = media.ingest(exhibitor.id, make_logo(exhibitor.name, seed=exhibitor.id),
                        kind=MediaKind.IMAGE, filename="logo.png", content_type="image/png",
                        queue=False)  # fmt: skip
    exhibitor.logo_media_id = logo.id
    exhibitor.social_links = [f"https://www.linkedin.com/company/{exhibitor.id}-demo"]
    made = [logo.id]
    if number % BANNER_EVERY == 0:
        banner = media.ingest(exhibitor.id, make_photo(1600, 400, seed=exhibitor.id + 7),
                              kind=MediaKind.IMAGE, filename="banner.jpg",
                              content_type="image/jpeg", queue=False)  # fmt: skip
        exhibitor.banner_media_id = banner.id
        made.append(banner.id)
    return made


def draft_exhibits(booth: Booth, number: int) -> list[int]:
    """Two or three exhibits on the booth's draft (checked as the editor's are), each with a
    photo, and for every BROCHURE_EVERY-th exhibitor a brochure: a document block and the first
    exhibit's. Returns the media to process."""
    exhibitor = booth.exhibitor
    sector = exhibitor.sector
    templates = TEMPLATES[sector.slug if sector else "iot"]
    chosen = [templates[(number + n) % len(templates)] for n in range(2 + number % 2)]
    made: list[MediaItem] = []
    brochure = None
    if number % BROCHURE_EVERY == 0:
        brochure = media.ingest(
            exhibitor.id, make_brochure(exhibitor.name, [t[0] for t in chosen]),
            kind=MediaKind.DOCUMENT, filename=f"{exhibitor.name} brochure.pdf",
            content_type="application/pdf", queue=False,
        )  # fmt: skip
        made.append(brochure)
        add_media_block(booth, brochure, caption="Product brochure", actor=None)
    exhibits = []
    for index, (name, name_zh, kind, summary, summary_zh, trl, cooperation, ip) in enumerate(
        chosen
    ):
        photo = media.ingest(exhibitor.id, make_photo(800, 500, seed=exhibitor.id * 10 + index,
                                                      label=name),
                             kind=MediaKind.IMAGE, filename=f"exhibit-{index + 1}.jpg",
                             content_type="image/jpeg", queue=False)  # fmt: skip
        made.append(photo)
        code = _code(exhibitor, index)
        exhibits.append({
            "name": f"{name} {code}", "name_zh": f"{name_zh} {code}", "kind": kind,
            "summary": summary, "summary_zh": summary_zh,
            "description": f"**{name}** by {exhibitor.name}.\n\n- {summary}\n- Ask us for a "
                           "demonstration at the stand.",
            "sectors": [sector.slug] if sector else [], "trl": trl, "cooperation": cooperation,
            "ip_status": ip, "media_ids": [photo.id],
            "document_ids": [brochure.id] if brochure and index == 0 else [],
        })  # fmt: skip
    draft = booth.draft_revision
    assert draft is not None  # noqa: S101 - a new booth's draft
    draft.exhibits = versions_from(exhibits, booth)
    return [item.id for item in made]
