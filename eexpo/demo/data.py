"""The demo expo's content: a large technology fair's event, sectors, exhibitors, programme,
venues and signed projects, and the demo accounts (their password is in the README)."""

from __future__ import annotations

from typing import Any

DEMO_PASSWORD = "eexpo-demo-2026"  # noqa: S105 - published in the README for the demo
ORGANIZER_EMAIL = "organizer@eexpo-demo.example"
EXHIBITOR_EMAIL = "exhibitor@eexpo-demo.example"
VISITOR_EMAIL = "visitor@eexpo-demo.example"

# The demo expo opens a week after it is loaded and lasts five days, so that its programme lies
# ahead and its meeting times can be booked whenever someone tries it.
OPENS_IN_DAYS = 7
EXPO_DAYS = 5
EVENT: dict[str, Any] = {
    "name": "International High-Tech Expo 2026",
    "name_zh": "2026 国际高新技术博览会",
    "venue": "Convention and Exhibition Center, Shenzhen",
    "venue_zh": "深圳会展中心",
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

# group, name, name_zh
SECTOR_GROUPS = {
    "high-tech": ("high-tech", "高新技术"),
    "advanced-manufacturing": ("advanced manufacturing", "先进制造"),
    "services": ("services", "现代服务业"),
    "agriculture": ("agriculture", "农业"),
}

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
# English, then Chinese, in the same order.
SPEAKERS = {
    "chips": (["Li Wei (Shenzhen University)", "Anna Berg (KTH Royal Institute of Technology)",
               "Chen Jing (Pearl River Microelectronics)", "Rahul Mehta (IISc Bangalore)"],
              ["李伟 (深圳大学)", "Anna Berg (瑞典皇家理工学院)", "陈静 (珠江微电子)",
               "Rahul Mehta (印度科学理工学院)"]),
    "energy": (["Zhang Min (Qinghai Hydrogen)", "Sofia Lindqvist (Chalmers)",
                "Wang Tao (Ningde Battery Tech)", "Carlos Ruiz (CIEMAT)"],
               ["张敏 (青海氢能)", "Sofia Lindqvist (查尔姆斯理工大学)", "王涛 (宁德电池科技)",
                "Carlos Ruiz (西班牙能源环境技术研究中心)"]),
}  # fmt: skip
# Speakers' bios, English and Chinese, by the speaker as SPEAKERS writes them.
BIOS = {
    "Li Wei (Shenzhen University)": (
        "Professor of microelectronics; leads the university's chiplet packaging laboratory.",
        "微电子学教授，主持深圳大学芯粒封装实验室。"),
    "Anna Berg (KTH Royal Institute of Technology)": (
        "Researches silicon carbide power devices and their reliability in electric vehicles.",
        "研究碳化硅功率器件及其在电动汽车中的可靠性。"),
    "Zhang Min (Qinghai Hydrogen)": (
        "Chief engineer of a solar-powered green hydrogen plant on the Qinghai plateau.",
        "青海高原光伏绿氢工厂总工程师。"),
    "Sofia Lindqvist (Chalmers)": (
        "Works on sodium-ion batteries and the recycling of lithium cells.",
        "从事钠离子电池与锂电池回收研究。"),
}  # fmt: skip
# The sectors whose first exhibitor each forum features.
FEATURED = {"chips": ("integrated-circuits", "third-gen-semiconductors"),
            "energy": ("clean-energy", "new-materials")}  # fmt: skip
# Rooms in English and Chinese.
ROOMS = {"Main Hall": "主会场", "Forum Hall A": "论坛 A 厅", "Forum Hall B": "论坛 B 厅",
         "Room 1": "1 号会议室", "Room 2": "2 号会议室", "Room 3": "3 号会议室"}  # fmt: skip
# title, title_zh, day of the expo (0 = opening day), from, to, room, speakers, description,
# description_zh
FORUMS = [
    ("Forum on integrated circuits and third-generation semiconductors",
     "集成电路与第三代半导体论坛", 0, "10:30", "12:30", "Forum Hall A", "chips",
     "Design, fabrication and packaging: where Chinese and international partners meet.",
     "设计、制造与封装：中外合作伙伴在此相聚。"),
    ("Forum on clean energy and new materials", "新能源与新材料论坛", 1, "09:30", "12:00",
     "Forum Hall B", "energy", "Batteries, hydrogen, solar and the materials behind them.",
     "电池、氢能、光伏及其背后的材料。"),
]  # fmt: skip
# name, name_zh, kind, address, address_zh, opening hours
VENUES = [
    ("Shenzhen Museum", "深圳博物馆", "museum", "6 Tongxin Road, Futian", "福田区同心路 6 号",
     "10:00–18:00, closed Mondays"),
    ("Shenzhen Science and Technology Museum", "深圳科技馆", "museum",
     "1 Science Road, Guangming", "光明区科学路 1 号", "09:30–17:30"),
    ("Pengcheng Laboratory", "鹏城实验室", "laboratory", "2 Xingke Road, Nanshan",
     "南山区兴科路 2 号", "Tours at 10:00 and 14:00"),
    ("Shenzhen Bay Laboratory", "深圳湾实验室", "laboratory", "9 Kexue Avenue, Guangming",
     "光明区科学大道 9 号", "By appointment"),
    ("Institute of Advanced Technology open lab", "先进技术研究院开放实验室", "laboratory",
     "1068 Xueyuan Avenue, Nanshan", "南山区学苑大道 1068 号", "09:00–17:00"),
    ("Nanshan Science Park", "南山科技园", "science_park", "Keyuan Road, Nanshan",
     "南山区科苑路", "Visitor centre 09:00–18:00"),
    ("Shenzhen High-Tech Industrial Park", "深圳高新技术产业园", "science_park",
     "Shennan Avenue, Nanshan", "南山区深南大道", "09:00–17:00"),
    ("Hetao Science and Technology Innovation Zone", "河套深港科技创新合作区", "science_park",
     "Futian Free Trade Zone", "福田保税区", "10:00–16:00"),
    ("Guangming Science City", "光明科学城", "science_park", "Guangming District", "光明区",
     "09:00–17:00"),
    ("OCT Creative Culture Park", "华侨城创意文化园", "other", "Enping Street, Nanshan",
     "南山区恩平街", "10:00–22:00"),
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

BOOTH_TEXT = (
    "## What we bring to the expo\n\n"
    "{name} presents its latest work in **{sector}**: products ready for volume orders, "
    "pilot projects looking for partners, and the engineers who built them.\n\n"
    "- Live demonstrations at our stand every day\n"
    "- Business-matchmaking talks by appointment\n"
)
# The Chinese of the exhibitors' and projects' regions and delegations (the glossary CSV).
GLOSSARY = {
    "Almaty": "阿拉木图", "Auvergne-Rhône-Alpes": "奥弗涅-罗讷-阿尔卑斯",
    "Baden-Württemberg": "巴登-符腾堡", "Bangkok": "曼谷", "Bavaria": "巴伐利亚", "Dubai": "迪拜",
    "England": "英格兰", "Fujian": "福建", "Guangdong": "广东", "Guizhou": "贵州",
    "Heilongjiang": "黑龙江", "Hubei": "湖北", "Hunan": "湖南", "Inner Mongolia": "内蒙古",
    "Jiangsu": "江苏", "Kuala Lumpur": "吉隆坡", "Kyoto": "京都", "Liaoning": "辽宁",
    "Lombardy": "伦巴第", "Minsk": "明斯克", "Novosibirsk": "新西伯利亚", "Qinghai": "青海",
    "Saxony": "萨克森", "Seoul": "首尔", "Shaanxi": "陕西", "Shanghai": "上海", "Sichuan": "四川",
    "Singapore": "新加坡", "São Paulo": "圣保罗", "Taiwan": "台湾", "Tashkent": "塔什干",
    "Uusimaa": "新地区", "Yunnan": "云南", "Zhejiang": "浙江", "Belarus Pavilion": "白俄罗斯馆",
    "Finland Pavilion": "芬兰馆", "France Pavilion": "法国馆", "German Pavilion": "德国馆",
    "Italy Pavilion": "意大利馆", "Kazakhstan Pavilion": "哈萨克斯坦馆",
    "Russia Pavilion": "俄罗斯馆", "UK Pavilion": "英国馆",
    "Uzbekistan Pavilion": "乌兹别克斯坦馆", "Fujian Delegation": "福建代表团",
    "Guangdong Delegation": "广东代表团", "Guizhou Delegation": "贵州代表团",
    "Heilongjiang Delegation": "黑龙江代表团", "Hubei Delegation": "湖北代表团",
    "Hunan Delegation": "湖南代表团", "Inner Mongolia Delegation": "内蒙古代表团",
    "Jiangsu Delegation": "江苏代表团", "Liaoning Delegation": "辽宁代表团",
    "Qinghai Delegation": "青海代表团", "Shaanxi Delegation": "陕西代表团",
    "Shanghai Delegation": "上海代表团", "Sichuan Delegation": "四川代表团",
    "Yunnan Delegation": "云南代表团", "Zhejiang Delegation": "浙江代表团",
}  # fmt: skip
