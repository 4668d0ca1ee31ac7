"""Many published booths quickly, for benchmarks: `python -m benchmarks.booths N` adds N to
a database holding the demo expo (`flask demo`).

It bypasses the services on purpose: rows go in by bulk INSERT, a thousand booths at a time,
at about half a millisecond each, where the services take a booth at a time. Nothing but the
benchmarks and their tests uses it.
"""

from __future__ import annotations

import sys
from typing import Any

import sqlalchemy as sa

from eexpo import create_app, demo, search
from eexpo.booths.markdown import render as render_markdown
from eexpo.extensions import db
from eexpo.models import (
    Block,
    BlockType,
    Booth,
    BoothRevision,
    BoothStatus,
    Exhibitor,
    ExhibitorStatus,
    Hall,
    MediaItem,
    MediaKind,
    RevisionState,
    Sector,
    Stand,
    utcnow,
)

PHOTOS = 12  # the pool of the demo's processed photos the booths share

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
    """Add `count` published booths, each of a new exhibitor with a stand in one of the demo's
    halls, with a text and a photo block, by bulk INSERT a thousand booths at a time, with photos
    from a small pool of processed ones."""
    sectors = list(db.session.scalars(sa.select(Sector).order_by(Sector.position)))
    halls = list(db.session.scalars(sa.select(Hall.id).order_by(Hall.position, Hall.id)))
    pool = list(
        db.session.scalars(
            sa.select(MediaItem.id)
            .where(MediaItem.kind == MediaKind.IMAGE)
            .order_by(MediaItem.id)
            .limit(PHOTOS)
        )
    )
    if not sectors or not pool or not halls:
        raise RuntimeError("load the demo expo first")
    first = (db.session.scalar(sa.select(sa.func.max(Exhibitor.id))) or 0) + 1
    origins = sorted({(e[2], e[3], e[4]) for e in demo.EXHIBITORS})
    for offset in range(0, count, batch):
        numbers = range(first + offset, first + min(offset + batch, count))
        _add_booth_batch(numbers, sectors, pool, origins, halls)
        db.session.commit()
    return f"Added {count} published booths."


def _add_booth_batch(
    numbers: range,
    sectors: list[Sector],
    pool: list[int],
    origins: list[tuple[str, str, str | None]],
    halls: list[int],
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
    db.session.execute(
        sa.insert(Stand),
        [
            {"hall_id": halls[n % len(halls)], "code": f"X{n:06d}", "exhibitor_id": exhibitor_id}
            for n, exhibitor_id in zip(numbers, exhibitor_ids, strict=True)
        ],
    )
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


def main() -> None:
    count = int(sys.argv[1])
    with create_app().app_context():
        print(add_booths(count))


if __name__ == "__main__":
    main()
