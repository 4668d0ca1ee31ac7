"""The demo expo, modelled on a large technology fair and built through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from eexpo import search
from eexpo.accounts import services as accounts
from eexpo.booths import moderation
from eexpo.booths import services as booths
from eexpo.booths.markdown import render as render_markdown
from eexpo.catalogue import transfer
from eexpo.catalogue.kinds import KINDS as CSV_KINDS
from eexpo.catalogue.services import natural
from eexpo.csvfiles import to_csv
from eexpo.extensions import db
from eexpo.media import pipeline
from eexpo.media import services as media
from eexpo.media.generate import make_floor_plan, make_photo, make_video
from eexpo.models import (
    Block,
    BlockType,
    Booth,
    BoothRevision,
    BoothStatus,
    Event,
    Exhibitor,
    ExhibitorStatus,
    Hall,
    MediaItem,
    MediaKind,
    RevisionState,
    Role,
    Sector,
    User,
    utcnow,
)

DEMO_PASSWORD = "eexpo-demo-2026"  # noqa: S105 - published in the README for the demo
ORGANIZER_EMAIL = "organizer@eexpo-demo.example"
EXHIBITOR_EMAIL = "exhibitor@eexpo-demo.example"
VISITOR_EMAIL = "visitor@eexpo-demo.example"

EVENT: dict[str, Any] = {
    "name": "International High-Tech Expo 2026",
    "name_zh": "2026 国际高新技术博览会",
    "starts_on": date(2026, 11, 15),
    "ends_on": date(2026, 11, 19),
    "venue": "Convention and Exhibition Center, Shenzhen",
    "country": "CN",
    "region": "Guangdong",
}

# slug, name, name_zh, group
SECTORS = [
    ("integrated-circuits", "Integrated circuits", "集成电路", "high-tech"),
    ("third-gen-semiconductors", "Third-generation semiconductors", "第三代半导体", "high-tech"),
    ("iot", "Internet of Things", "物联网", "high-tech"),
    ("biomedicine", "Biomedicine", "生物医药", "high-tech"),
    ("clean-energy", "Clean energy", "新能源", "high-tech"),
    ("new-materials", "New materials", "新材料", "high-tech"),
    ("smart-manufacturing", "Smart manufacturing", "智能制造", "advanced-manufacturing"),
    ("digital-economy", "Digital economy", "数字经济", "services"),
    ("modern-agriculture", "Modern agriculture", "现代农业", "agriculture"),
]

# name, name_zh, country, region, delegation, sector slug
EXHIBITORS = [
    (
        "Pearl River Microelectronics",
        "珠江微电子",
        "CN",
        "Guangdong",
        "Guangdong Delegation",
        "integrated-circuits",
    ),
    (
        "Yangtze Chip Design",
        "长江芯片设计",
        "CN",
        "Hubei",
        "Hubei Delegation",
        "integrated-circuits",
    ),
    (
        "Suzhou Wafer Systems",
        "苏州晶圆系统",
        "CN",
        "Jiangsu",
        "Jiangsu Delegation",
        "integrated-circuits",
    ),
    ("Dresden Silicon Labs", None, "DE", "Saxony", "German Pavilion", "integrated-circuits"),
    ("Hsinchu Packaging Works", "新竹封装", "CN", "Taiwan", None, "integrated-circuits"),
    (
        "GaN Power Shenzhen",
        "深圳氮化镓功率",
        "CN",
        "Guangdong",
        "Guangdong Delegation",
        "third-gen-semiconductors",
    ),
    (
        "SiC Crystal Xiamen",
        "厦门碳化硅晶体",
        "CN",
        "Fujian",
        "Fujian Delegation",
        "third-gen-semiconductors",
    ),
    ("Minsk Optoelectronics", None, "BY", "Minsk", "Belarus Pavilion", "third-gen-semiconductors"),
    ("Kyoto Wide-Bandgap", None, "JP", "Kyoto", None, "third-gen-semiconductors"),
    ("Hangzhou Sensor Cloud", "杭州传感云", "CN", "Zhejiang", "Zhejiang Delegation", "iot"),
    (
        "Chengdu Smart City Networks",
        "成都智慧城市网络",
        "CN",
        "Sichuan",
        "Sichuan Delegation",
        "iot",
    ),
    ("Nordic Mesh Oy", None, "FI", "Uusimaa", "Finland Pavilion", "iot"),
    ("Almaty Telemetry", None, "KZ", "Almaty", "Kazakhstan Pavilion", "iot"),
    ("Singapore Edge Devices", None, "SG", "Singapore", None, "iot"),
    ("Wuhan BioPharma", "武汉生物制药", "CN", "Hubei", "Hubei Delegation", "biomedicine"),
    (
        "Shanghai Gene Therapeutics",
        "上海基因治疗",
        "CN",
        "Shanghai",
        "Shanghai Delegation",
        "biomedicine",
    ),
    ("Lyon Diagnostics", None, "FR", "Auvergne-Rhône-Alpes", "France Pavilion", "biomedicine"),
    ("Seoul MedTech", None, "KR", "Seoul", None, "biomedicine"),
    ("Novosibirsk Vaccines", None, "RU", "Novosibirsk", "Russia Pavilion", "biomedicine"),
    (
        "Xi'an Solar Materials",
        "西安光伏材料",
        "CN",
        "Shaanxi",
        "Shaanxi Delegation",
        "clean-energy",
    ),
    ("Ningde Battery Tech", "宁德电池科技", "CN", "Fujian", "Fujian Delegation", "clean-energy"),
    ("Qinghai Hydrogen", "青海氢能", "CN", "Qinghai", "Qinghai Delegation", "clean-energy"),
    ("Bavaria Wind Systems", None, "DE", "Bavaria", "German Pavilion", "clean-energy"),
    ("Dubai Solar Park Partners", None, "AE", "Dubai", None, "clean-energy"),
    ("Ningbo Graphene", "宁波石墨烯", "CN", "Zhejiang", "Zhejiang Delegation", "new-materials"),
    (
        "Baotou Rare Earth Materials",
        "包头稀土材料",
        "CN",
        "Inner Mongolia",
        "Inner Mongolia Delegation",
        "new-materials",
    ),
    ("Milano Composites", None, "IT", "Lombardy", "Italy Pavilion", "new-materials"),
    (
        "Changsha Ceramics Research",
        "长沙陶瓷研究",
        "CN",
        "Hunan",
        "Hunan Delegation",
        "new-materials",
    ),
    (
        "Foshan Robotics",
        "佛山机器人",
        "CN",
        "Guangdong",
        "Guangdong Delegation",
        "smart-manufacturing",
    ),
    (
        "Shenyang Machine Intelligence",
        "沈阳机器智能",
        "CN",
        "Liaoning",
        "Liaoning Delegation",
        "smart-manufacturing",
    ),
    (
        "Stuttgart Automation",
        None,
        "DE",
        "Baden-Württemberg",
        "German Pavilion",
        "smart-manufacturing",
    ),
    ("Bangkok Precision Tools", None, "TH", "Bangkok", None, "smart-manufacturing"),
    ("Guiyang Data Valley", "贵阳数谷", "CN", "Guizhou", "Guizhou Delegation", "digital-economy"),
    (
        "Shenzhen Fintech Hub",
        "深圳金融科技中心",
        "CN",
        "Guangdong",
        "Guangdong Delegation",
        "digital-economy",
    ),
    ("London Open Banking", None, "GB", "England", "UK Pavilion", "digital-economy"),
    ("São Paulo Cloud", None, "BR", "São Paulo", None, "digital-economy"),
    (
        "Yunnan Tea Science",
        "云南茶叶科技",
        "CN",
        "Yunnan",
        "Yunnan Delegation",
        "modern-agriculture",
    ),
    (
        "Heilongjiang Smart Farming",
        "黑龙江智慧农业",
        "CN",
        "Heilongjiang",
        "Heilongjiang Delegation",
        "modern-agriculture",
    ),
    ("Kuala Lumpur AgriTech", None, "MY", "Kuala Lumpur", None, "modern-agriculture"),
    (
        "Tashkent Irrigation Systems",
        None,
        "UZ",
        "Tashkent",
        "Uzbekistan Pavilion",
        "modern-agriculture",
    ),
]

# The offline catalogue, loaded through the same CSV import organizers use. Sectors share halls
# two by two, in the order of SECTORS.
SPEAKERS = {
    "chips": ["Li Wei (Shenzhen University)", "Anna Berg (KTH Royal Institute of Technology)",
              "Chen Jing (Pearl River Microelectronics)", "Rahul Mehta (IISc Bangalore)"],
    "energy": ["Zhang Min (Qinghai Hydrogen)", "Sofia Lindqvist (Chalmers)",
               "Wang Tao (Ningde Battery Tech)", "Carlos Ruiz (CIEMAT)"],
}  # fmt: skip
FORUMS = [
    ("Forum on integrated circuits and third-generation semiconductors", "2026-11-15T10:30",
     "2026-11-15T12:30", "Forum Hall A", "chips",
     "Design, fabrication and packaging: where Chinese and international partners meet."),
    ("Forum on clean energy and new materials", "2026-11-16T09:30", "2026-11-16T12:00",
     "Forum Hall B", "energy", "Batteries, hydrogen, solar and the materials behind them."),
]  # fmt: skip
VENUES = [
    ("Shenzhen Museum", "museum", "6 Tongxin Road, Futian", "10:00–18:00, closed Mondays"),
    ("Shenzhen Science and Technology Museum", "museum", "1 Science Road, Guangming",
     "09:30–17:30"),
    ("Pengcheng Laboratory", "laboratory", "2 Xingke Road, Nanshan", "Tours at 10:00 and 14:00"),
    ("Shenzhen Bay Laboratory", "laboratory", "9 Kexue Avenue, Guangming", "By appointment"),
    ("Institute of Advanced Technology open lab", "laboratory", "1068 Xueyuan Avenue, Nanshan",
     "09:00–17:00"),
    ("Nanshan Science Park", "science_park", "Keyuan Road, Nanshan", "Visitor centre 09:00–18:00"),
    ("Shenzhen High-Tech Industrial Park", "science_park", "Shennan Avenue, Nanshan",
     "09:00–17:00"),
    ("Hetao Science and Technology Innovation Zone", "science_park", "Futian Free Trade Zone",
     "10:00–16:00"),
    ("Guangming Science City", "science_park", "Guangming District", "09:00–17:00"),
    ("OCT Creative Culture Park", "other", "Enping Street, Nanshan", "10:00–22:00"),
]  # fmt: skip
# title, sector, country, region, value in yuan, signed on, parties: 17.848 billion in all.
PROJECTS = [
    ("12-inch wafer fab expansion", "integrated-circuits", "CN", "Guangdong", "3200000000"),
    ("Automotive chip design centre", "integrated-circuits", "CN", "Hubei", "1150000000"),
    ("GaN fast-charger production line", "third-gen-semiconductors", "CN", "Guangdong",
     "860000000"),
    ("SiC substrate plant", "third-gen-semiconductors", "CN", "Fujian", "1480000000"),
    ("City-wide IoT sensor network", "iot", "CN", "Sichuan", "520000000"),
    ("Smart port logistics platform", "iot", "SG", "", "310000000"),
    ("mRNA vaccine pilot plant", "biomedicine", "CN", "Hubei", "940000000"),
    ("Gene therapy joint laboratory", "biomedicine", "DE", "Bavaria", "275500000"),
    ("Solar glass factory", "clean-energy", "CN", "Shaanxi", "1260000000"),
    ("Battery recycling park", "clean-energy", "CN", "Fujian", "1735000000"),
    ("Green hydrogen demonstration", "clean-energy", "CN", "Qinghai", "890000000"),
    ("Graphene film production", "new-materials", "CN", "Zhejiang", "415000000"),
    ("Rare-earth magnet plant", "new-materials", "CN", "Inner Mongolia", "660000000"),
    ("Robot joint assembly base", "smart-manufacturing", "CN", "Guangdong", "780000000"),
    ("CNC retrofit programme", "smart-manufacturing", "CN", "Liaoning", "236000000"),
    ("Data centre cluster, phase II", "digital-economy", "CN", "Guizhou", "1120000000"),
    ("Cross-border payment gateway", "digital-economy", "CN", "Guangdong", "358000000"),
    ("Tea traceability platform", "modern-agriculture", "CN", "Yunnan", "96500000"),
    ("Smart farming cooperative", "modern-agriculture", "CN", "Heilongjiang", "184000000"),
    ("Precision irrigation for Uzbekistan", "modern-agriculture", "UZ", "Tashkent", "320000000"),
    ("Industrial internet platform for the Greater Bay Area", "digital-economy", "CN",
     "Guangdong", "1058000000"),
]  # fmt: skip

VIDEO_EVERY = 4
# Benchmark booths share this many processed photos, so thousands of booths load in seconds.
BENCH_PHOTOS = 12

BOOTH_TEXT = (
    "## What we bring to the expo\n\n"
    "{name} presents its latest work in **{sector}**: products ready for volume orders, "
    "pilot projects looking for partners, and the engineers who built them.\n\n"
    "- Live demonstrations at our stand every day\n"
    "- Business-matchmaking talks by appointment\n"
)


def is_empty() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def load() -> str:
    """Create the event, sectors, exhibitors, demo accounts and booths; process their media, then
    submit and approve the booths, as exhibitors and organizers would. Commits as it goes."""
    db.session.add(Event(**EVENT))
    sectors = {}
    for position, (slug, sector_name, sector_name_zh, group) in enumerate(SECTORS):
        sectors[slug] = Sector(
            slug=slug, name=sector_name, name_zh=sector_name_zh, group=group, position=position
        )
        db.session.add(sectors[slug])
    organizer = accounts.create_user(
        ORGANIZER_EMAIL, DEMO_PASSWORD, role=Role.ORGANIZER, name="Olivia Organizer"
    )
    accounts.create_user(VISITOR_EMAIL, DEMO_PASSWORD, role=Role.VISITOR, name="Victor Visitor")
    exhibitors = []
    for name, name_zh, country, region, delegation, sector_slug in EXHIBITORS:
        slug = name.lower().replace(" ", "-").replace("'", "")
        exhibitor = Exhibitor(
            name=name,
            name_zh=name_zh,
            country=country,
            region=region,
            delegation=delegation,
            sector=sectors[sector_slug],
            website=f"https://{slug}.example",
            contact_email=f"contact@{slug}.example",
            status=ExhibitorStatus.APPROVED,
        )
        db.session.add(exhibitor)
        exhibitors.append(exhibitor)
    db.session.flush()
    owner = accounts.create_user(
        EXHIBITOR_EMAIL,
        DEMO_PASSWORD,
        role=Role.EXHIBITOR,
        name="Erin Exhibitor",
        exhibitor=exhibitors[0],
    )
    drafted = [
        _draft_booth(
            exhibitor,
            owner if exhibitor is exhibitors[0] else None,
            with_video=index % VIDEO_EVERY == 0,
        )
        for index, exhibitor in enumerate(exhibitors)
    ]
    db.session.commit()
    for _booth, media_ids, _author in drafted:
        for media_id in media_ids:
            pipeline.process_media(media_id)
    for booth, _media_ids, author in drafted:
        _publish(booth, organizer, author)
    db.session.commit()
    load_catalogue()
    db.session.commit()
    return (
        f"Demo expo loaded: {len(SECTORS)} sectors, {len(exhibitors)} exhibitors with booths "
        f"(photos, and videos in every {VIDEO_EVERY}th).\n"
        f"Organizer: {ORGANIZER_EMAIL}  Exhibitor: {EXHIBITOR_EMAIL}  Visitor: {VISITOR_EMAIL}\n"
        f"Password (all three): {DEMO_PASSWORD}"
    )


def load_catalogue() -> None:
    """Halls and stands for the demo exhibitors, the programme, venues and signed projects."""
    halls: dict[str, int] = {}
    exhibitors = []
    for name, name_zh, country, region, delegation, sector in EXHIBITORS:
        hall = f"Hall {[s[0] for s in SECTORS].index(sector) // 2 + 1}"
        halls[hall] = halls.get(hall, 0) + 1
        slug = name.lower().replace(" ", "-").replace("'", "")
        exhibitors.append([
            name, name_zh, country, region, delegation, sector, f"https://{slug}.example",
            f"contact@{slug}.example", hall, f"{'ABCDE'[halls[hall] % 5]}{halls[hall]:02d}",
        ])  # fmt: skip
    day = EVENT["starts_on"].isoformat()[:8]
    sessions = [["Opening ceremony", f"{day}15T09:00", "ceremony", f"{day}15T10:00",
                 "Main Hall", "", "The expo opens, with the host city's welcome."]]  # fmt: skip
    for title, starts, ends, room, speakers, description in FORUMS:
        sessions.append([title, starts, "forum", ends, room, "; ".join(SPEAKERS[speakers]),
                         description])  # fmt: skip
    talks = [name for _slug, name, _zh, _group in SECTORS] + ["Belt and Road partners"]
    for n, topic in enumerate(talks):
        date_, hour = f"{day}{15 + n // 2}", 14 + 2 * (n % 2)
        about = f"Meet buyers and partners in {topic.lower()}, by appointment."
        sessions.append([f"Business matchmaking: {topic}", f"{date_}T{hour}:00", "business_talk",
                         f"{date_}T{hour + 1}:30", f"Room {n % 3 + 1}", "", about])  # fmt: skip
    venues = [
        [name, kind, address, hours, f"https://{name.lower().replace(' ', '-')}.example", ""]
        for name, kind, address, hours in VENUES
    ]
    projects = [
        [title, sector, country, region, value, f"{day}{15 + n % 5}", "Signed at the expo"]
        for n, (title, sector, country, region, value) in enumerate(PROJECTS)
    ]
    for kind, rows in (("exhibitors", exhibitors), ("sessions", sessions), ("venues", venues),
                       ("projects", projects)):  # fmt: skip
        transfer.import_csv(kind, to_csv(CSV_KINDS[kind].columns, rows))
    _floor_plans()


def _floor_plans() -> None:
    """Each hall gets a drawn plan, processed by the pipeline, with its stands placed on it:
    stands in rows of four along the aisles."""
    plans = []
    for hall in db.session.scalars(sa.select(Hall).options(selectinload(Hall.stands))):
        stands = sorted(hall.stands, key=lambda s: natural(s.code))
        boxes = []
        for n, stand in enumerate(stands):
            stand.plan_x, stand.plan_y = 0.06 + (n % 4) * 0.23, 0.08 + (n // 4) * 0.3
            stand.plan_width, stand.plan_height = 0.18, 0.22
            boxes.append((stand.code, stand.plan_x, stand.plan_y, 0.18, 0.22))
        plan = make_floor_plan(boxes)
        item = media.ingest(None, plan, kind=MediaKind.IMAGE, filename=f"{hall.name}.png",
                            content_type="image/png", queue=False)  # fmt: skip
        hall.floor_plan_media_id = item.id
        plans.append(item.id)
    db.session.commit()
    for media_id in plans:
        pipeline.process_media(media_id)


def _draft_booth(
    exhibitor: Exhibitor,
    author: User | None,
    *,
    with_video: bool = False,
) -> tuple[Booth, list[int], User | None]:
    """Create and fill a booth's draft: a text block, a photo, and maybe a video. Returns the
    booth, the ids of media still to process, and its author."""
    sector = exhibitor.sector
    assert sector is not None  # noqa: S101 - every demo exhibitor has a sector
    booth = booths.create_booth(
        exhibitor,
        title=f"{exhibitor.name} at the expo",
        summary=f"{exhibitor.name} — {sector.name.lower()} from {exhibitor.region}.",
        sector=sector,
        actor=author,
    )
    booths.add_text_block(
        booth, BOOTH_TEXT.format(name=exhibitor.name, sector=sector.name.lower()), actor=author
    )
    picture = media.ingest(
        exhibitor.id,
        make_photo(1280, 800, seed=exhibitor.id, label=exhibitor.name),
        kind=MediaKind.IMAGE,
        filename="stand.jpg",
        content_type="image/jpeg",
        queue=False,
    )
    to_process = [picture.id]
    booths.add_media_block(
        booth, picture, alt=f"The stand of {exhibitor.name}", caption="", actor=author
    )
    if with_video:
        clip = media.ingest(
            exhibitor.id,
            make_video(3, 480, 270, seed=exhibitor.id),
            kind=MediaKind.VIDEO,
            filename="demo.mp4",
            content_type="video/mp4",
            queue=False,
        )
        booths.add_media_block(booth, clip, caption="Our demonstration", actor=author)
        to_process.append(clip.id)
    return booth, to_process, author


def _publish(booth: Booth, organizer: User, author: User | None) -> None:
    submission = booths.submit_booth(booth, actor=author)
    moderation.approve_submission(submission, actor=organizer)


# Words for benchmark booths, in pairs, so that search meets varied English and Chinese text.
TOPICS = [
    ("quantum sensors", "量子传感器"), ("power semiconductors", "功率半导体"),
    ("gallium nitride chargers", "氮化镓充电器"), ("edge AI cameras", "边缘智能摄像头"),
    ("lithium batteries", "锂电池"), ("hydrogen fuel cells", "氢燃料电池"),
    ("solar inverters", "光伏逆变器"), ("graphene films", "石墨烯薄膜"),
    ("industrial robots", "工业机器人"), ("machine vision", "机器视觉"),
    ("gene sequencing", "基因测序"), ("vaccine platforms", "疫苗平台"),
    ("medical imaging", "医学影像"), ("smart irrigation", "智能灌溉"),
    ("agricultural drones", "农业无人机"), ("satellite navigation", "卫星导航"),
    ("5G modules", "5G模组"), ("cloud platforms", "云平台"),
    ("blockchain ledgers", "区块链账本"), ("smart meters", "智能电表"),
    ("carbon fibre", "碳纤维"), ("3D printing", "增材制造"),
    ("wafer inspection", "晶圆检测"), ("RISC-V processors", "RISC-V处理器"),
    ("LiDAR", "激光雷达"), ("seed breeding", "种子育种"),
    ("cold-chain logistics", "冷链物流"), ("digital twins", "数字孪生"),
    ("energy storage", "储能系统"), ("silicon carbide", "碳化硅"),
    ("optical modules", "光模块"), ("precision reducers", "精密减速器"),
    ("biosensors", "生物传感器"), ("cell therapy", "细胞治疗"),
    ("wind turbines", "风力发电机"), ("smart grids", "智能电网"),
    ("payment security", "支付安全"), ("water purification", "水净化"),
    ("greenhouse automation", "温室自动化"), ("autonomous driving", "自动驾驶"),
]  # fmt: skip
CITIES = [
    ("Shenzhen", "深圳"), ("Guangzhou", "广州"), ("Hangzhou", "杭州"), ("Chengdu", "成都"),
    ("Wuhan", "武汉"), ("Hefei", "合肥"), ("Nanjing", "南京"), ("Tianjin", "天津"),
    ("Xiamen", "厦门"), ("Changsha", "长沙"), ("Qingdao", "青岛"), ("Xi'an", "西安"),
]  # fmt: skip
KINDS = [
    ("Technologies", "科技"), ("Systems", "系统"), ("Innovation", "创新"), ("Labs", "实验室"),
    ("Electronics", "电子"), ("Industries", "实业"),
]  # fmt: skip


def add_booths(count: int, *, batch: int = 1000) -> str:
    """Add `count` published booths, each of a new exhibitor, with a text and a photo block.

    The benchmark path: rows go in by bulk INSERT, a thousand booths at a time, with photos from
    a small pool of processed ones, instead of through the services one booth at a time."""
    sectors = list(db.session.scalars(sa.select(Sector).order_by(Sector.position)))
    pool = list(
        db.session.scalars(
            sa.select(MediaItem.id)
            .where(MediaItem.kind == MediaKind.IMAGE)
            .order_by(MediaItem.id)
            .limit(BENCH_PHOTOS)
        )
    )
    if not sectors or not pool:
        raise RuntimeError("load the demo expo first")
    first = (db.session.scalar(sa.select(sa.func.max(Exhibitor.id))) or 0) + 1
    origins = sorted({(e[2], e[3], e[4]) for e in EXHIBITORS})
    for offset in range(0, count, batch):
        numbers = range(first + offset, first + min(offset + batch, count))
        _add_booth_batch(numbers, sectors, pool, origins)
        db.session.commit()
    return f"Added {count} published booths."


def _add_booth_batch(
    numbers: range,
    sectors: list[Sector],
    pool: list[int],
    origins: list[tuple[str, str, str | None]],
) -> None:
    now = utcnow()
    people = []
    for n in numbers:
        (city, city_zh), (kind, kind_zh) = CITIES[n % len(CITIES)], KINDS[n // 7 % len(KINDS)]
        country, region, delegation = origins[n % len(origins)]
        people.append(
            {
                "name": f"{city} {TOPICS[n % len(TOPICS)][0].title()} {kind} {n:06d}",
                "name_zh": f"{city_zh}{TOPICS[n % len(TOPICS)][1]}{kind_zh}{n:06d}",
                "country": country,
                "region": region,
                "delegation": delegation,
                "sector_id": sectors[n % len(sectors)].id,
                "status": ExhibitorStatus.APPROVED,
            }
        )
    exhibitor_ids = _insert_returning(Exhibitor, people)
    booth_ids = _insert_returning(
        Booth,
        [
            {
                "exhibitor_id": exhibitor_id,
                "slug": f"booth-{n:06d}",
                "status": BoothStatus.PUBLISHED,
                "sector_id": person["sector_id"],
                "published_at": now,
                "cover_media_id": pool[n % len(pool)],
                "sort_name": person["name"],
            }
            for n, exhibitor_id, person in zip(numbers, exhibitor_ids, people, strict=True)
        ],
    )
    revisions, texts = [], []
    for n, booth_id, person in zip(numbers, booth_ids, people, strict=True):
        topic, other = TOPICS[n % len(TOPICS)], TOPICS[n * 7 % len(TOPICS)]
        revisions.append(
            {
                "booth_id": booth_id,
                "number": 1,
                "state": RevisionState.PUBLISHED,
                "title": f"{topic[0].capitalize()} and {other[0]}",
                "summary": f"{person['name']} brings {topic[0]} ({topic[1]}) to the expo.",
                "sector_id": person["sector_id"],
            }
        )
        texts.append(
            f"## {topic[0].capitalize()}\n\nWe build {topic[0]} and {other[0]} for partners "
            f"in {person['delegation']}.\n\n我们带来{topic[1]}和{other[1]}的最新成果。"
        )
    revision_ids = _insert_returning(BoothRevision, revisions)
    blocks = []
    for n, revision_id, text in zip(numbers, revision_ids, texts, strict=True):
        blocks.append(
            {"revision_id": revision_id, "position": 0, "type": BlockType.TEXT,
             "markdown": text, "html": str(render_markdown(text))}
        )  # fmt: skip
        blocks.append(
            {"revision_id": revision_id, "position": 1, "type": BlockType.PHOTO,
             "media_id": pool[n % len(pool)], "alt": "The stand"}
        )  # fmt: skip
    db.session.execute(sa.insert(Block), blocks)
    db.session.execute(
        sa.update(Booth),
        [
            {"id": booth_id, "published_revision_id": revision_id}
            for booth_id, revision_id in zip(booth_ids, revision_ids, strict=True)
        ],
    )
    search.index_booths(booth_ids)


def _insert_returning(model: type[Any], rows: list[dict]) -> list[int]:
    """Insert the rows in one statement; their new ids, in the rows' order."""
    statement = sa.insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))
