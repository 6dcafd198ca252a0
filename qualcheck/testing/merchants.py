"""Merchant factories: raw seller records that pass, or fail in exactly the way asked.

``make_merchant(profile, ...)`` returns a record as a platform holds it (a plain dict,
dates in the forms printed on Chinese documents) for one kind of seller.  With no knob
set, :func:`qualcheck.verify` passes it; each knob adds the findings of one code:

============================  ==========================================================
knob                          finding (decision)
============================  ==========================================================
``expired=[doc]``             ``license.expired`` (fail)
``expiring=[doc]``            ``license.expiring_soon`` (review)
``missing=[doc]``             ``category.license_missing`` (fail) for a licence a
                              category needs; ``document.business_license_missing``
                              (review) for the business licence;
                              ``merchant.identity_missing`` (fail) for an ID card
``name_mismatch=True``        ``consistency.name_mismatch`` (fail)
``uscc_mismatch=True``        ``consistency.uscc_mismatch`` (fail)
``banned=[category]``         ``category.banned`` (fail) or, for a category that needs
                              a special permit, ``category.special_permit`` (review)
``last_verified_months_ago``  ``merchant.reverification_due`` (review) above six months
``turnover_yuan``             ``merchant.exemption_exceeded`` (fail) for a natural
                              person above 100,000 yuan
============================  ==========================================================

Every number comes from the ``qualcheck.testing`` makers, with one region for the whole
record (address, issuing authority, USCC, licence numbers); names carry 示例 and the phone
is the customary example number.  Nothing belongs to a real seller.

>>> import datetime, random
>>> from qualcheck import verify
>>> as_of = datetime.date(2026, 11, 29)
>>> record = make_merchant("restaurant", as_of=as_of, rng=random.Random(1))
>>> verify(record, as_of=as_of).decision.value
'pass'
>>> bad = make_merchant("restaurant", as_of=as_of, rng=random.Random(1),
...                     expired=["food_business"])
>>> verify(bad, as_of=as_of).codes
('license.expired',)
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import random
from collections.abc import Iterable
from importlib import resources
from typing import Any

from qualcheck.exceptions import ConfigError
from qualcheck.numbers import regions
from qualcheck.numbers._dates import today
from qualcheck.numbers._provinces import PROVINCES
from qualcheck.testing._gen_core import _synthetic_region, make_ric, make_uscc
from qualcheck.testing._gen_drug import (
    make_cma,
    make_cnca,
    make_device_business,
    make_drug_business,
    make_drug_info,
)
from qualcheck.testing._gen_food import _mainland_counties, make_food_business, make_food_filing

__all__ = ["DOCUMENTS", "PROFILES", "make_merchant"]

_PERSONS = ("张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十", "郑一", "冯二")
_PHONES = ("138-0013-8000", "13800138000", "138 0013 8000", "+86 138 0013 8000")
_GROUPING = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
_TURNOVER_LIMIT = 100_000
_FIRST_AS_OF = datetime.date(2016, 1, 1)
_LAST_AS_OF = datetime.date(2099, 12, 31)
"""The dates ``make_merchant`` makes records for: the numbers have today's formats (the
USCC dates from October 2015; CMA numbers encode years up to 2099)."""
_MAX_MONTHS_AGO = 1200


@dataclasses.dataclass(frozen=True)
class _Profile:
    subject_type: str
    categories: tuple[str, ...]
    documents: tuple[str, ...]
    """Document keys, in record order; ``name_mismatch`` and ``uscc_mismatch`` alter the
    last one that is not ``missing`` (the profile's own licence, unless it is missing)."""
    expiring: tuple[str, ...]
    """Documents with a term (those ``expired`` and ``expiring`` accept)."""


_PROFILES: dict[str, _Profile] = {
    "food_shop": _Profile(
        "enterprise",
        ("prepackaged_food", "bulk_food"),
        ("business_license", "food_business"),
        ("business_license", "food_business"),
    ),
    "restaurant": _Profile(
        "公司",
        ("catering",),
        ("business_license", "food_business"),
        ("business_license", "food_business"),
    ),
    "pharmacy": _Profile(
        "enterprise",
        ("otc_drugs", "prescription_drugs", "drug_information_services"),
        ("business_license", "drug_business", "drug_info"),
        ("business_license", "drug_business", "drug_info"),
    ),
    "device_seller": _Profile(
        "enterprise",
        ("medical_devices_class_2", "medical_devices_class_3"),
        ("business_license", "device_business"),
        ("business_license", "device_business"),
    ),
    "certification_body": _Profile(
        "enterprise",
        ("certification_services",),
        ("business_license", "cnca"),
        ("business_license", "cnca"),
    ),
    "testing_lab": _Profile(
        "enterprise",
        ("testing_services",),
        ("business_license", "cma"),
        ("business_license", "cma"),
    ),
    "natural_person": _Profile(
        "自然人",
        ("general_goods", "edible_agricultural_products"),
        ("identity",),
        ("identity",),
    ),
    "individual_business": _Profile(
        "个体工商户",
        ("prepackaged_food", "general_goods"),
        ("business_license", "food_filing"),
        ("business_license",),
    ),
}

PROFILES: tuple[str, ...] = tuple(_PROFILES)
"""The seller profiles :func:`make_merchant` knows."""

DOCUMENTS: dict[str, tuple[str, ...]] = {name: p.documents for name, p in _PROFILES.items()}
"""Profile → the keys of its documents (what ``expired``, ``expiring`` and ``missing`` take)."""

_WORDS = {
    "food_shop": ("优选食品", "粮油食品", "鲜品食品"),
    "restaurant": ("川味餐饮管理", "家常菜餐饮", "小馆餐饮管理"),
    "pharmacy": ("康民大药房", "仁和药房", "安康大药房"),
    "device_seller": ("医疗器械", "康复医疗器械", "医疗科技"),
    "certification_body": ("认证中心", "质量认证"),
    "testing_lab": ("检测技术", "检验检测"),
}
_SCOPES = {
    "food_shop": "一般项目：食品销售（仅销售预包装食品）；食用农产品零售。许可项目：食品销售",
    "restaurant": "许可项目：餐饮服务；食品销售。一般项目：餐饮管理",
    "pharmacy": "药品零售；第二类医疗器械销售；保健食品（预包装）销售",
    "device_seller": "许可项目：第三类医疗器械经营。一般项目：第二类医疗器械销售",
    "certification_body": "认证服务；检验检测服务；技术咨询",
    "testing_lab": "检验检测服务；技术服务；环境监测",
    "individual_business": "食品销售（仅销售预包装食品）；日用百货销售；文具用品零售",
}


@functools.cache
def _category_kinds() -> tuple[frozenset[str], frozenset[str]]:
    """(banned category ids, special-permit category ids) of the bundled policy."""
    text = resources.files("qualcheck.data").joinpath("categories.json").read_text("utf-8")
    categories: dict[str, dict[str, Any]] = json.loads(text)["categories"]
    banned = frozenset(cid for cid, spec in categories.items() if spec.get("banned"))
    permit = frozenset(cid for cid, spec in categories.items() if spec.get("special_permit"))
    return banned, permit


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _months_ago(day: datetime.date, months: int) -> datetime.date:
    """``day`` less ``months`` calendar months; a day the month lacks becomes the first of
    the next month (2026-08-31 less 6 months = 2026-03-01), so that adding the months back
    (the reverification check clamps to the month's last day) never falls short of ``day``.
    """
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    try:
        return datetime.date(year, month + 1, day.day)
    except ValueError:  # 29-31 in a shorter month
        year, month = divmod(index + 1, 12)
        return datetime.date(year, month + 1, 1)


class _Seller:
    """Everything one record shares: region, names, numbers, the date forms used."""

    def __init__(
        self, profile: str, as_of: datetime.date, rng: random.Random, terms: dict[str, str]
    ) -> None:
        self.profile = profile
        self.as_of = as_of
        self.rng = rng
        self.terms = terms
        self.region = rng.choice(_mainland_counties())
        province = PROVINCES[self.region[:2]]
        county = regions.lookup(self.region)
        prefecture = regions.lookup(self.region[:4] + "00")
        county_name = county.name if county is not None else "示例区"
        if prefecture is not None and prefecture.name not in _GROUPING:
            locality = prefecture.name
        elif province.name.endswith("市"):
            locality = province.name
        else:
            locality = ""
        self.authority = f"{locality}{county_name}市场监督管理局"
        self.police = f"{locality or county_name}公安局" + (
            f"{county_name.removesuffix('区')}分局" if locality else ""
        )
        self.place = (locality or county_name).removesuffix("市")
        self.address = (regions.full_name(self.region) or county_name) + (
            f"示例路{rng.randint(1, 999)}号"
        )
        self.person = rng.choice(_PERSONS)
        self.date_style = rng.randrange(4)
        self.uscc: str | None = None
        self.name = ""
        self.last_start = as_of

    def date(self, day: datetime.date) -> str:
        style = self.date_style
        if style == 0:
            return f"{day.year}年{day.month}月{day.day}日"
        return day.strftime(("", "%Y.%m.%d", "%Y-%m-%d", "%Y/%m/%d")[style])

    def past(self, low: int, high: int) -> datetime.date:
        return self.as_of - datetime.timedelta(days=self.rng.randint(low, high))

    def term(self, key: str, years: int) -> tuple[datetime.date, datetime.date]:
        """(start, end) of a ``years`` term: in force, expired or expiring as asked."""
        state = self.terms.get(key, "valid")
        if state == "expired":
            end = self.past(1, 400)
        elif state == "expiring":
            end = self.as_of + datetime.timedelta(days=self.rng.randint(1, 25))
        else:
            start = self.past(60, 365 * min(years, 3))
            self.last_start = start
            return start, _add_years(start, years) - datetime.timedelta(days=1)
        start = _add_years(end + datetime.timedelta(days=1), -years)
        self.last_start = start
        return start, end

    def validity(self, key: str, years: int) -> dict[str, Any]:
        start, end = self.term(key, years)
        if self.rng.random() < 0.5:
            fields: dict[str, Any] = {"validity": f"{self.date(start)}至{self.date(end)}"}
        else:
            fields = {"valid_from": self.date(start), "valid_to": self.date(end)}
        return {"issue_date": self.date(start), **fields}

    def licence(self, key: str, number: str, years: int, scope: str) -> dict[str, Any]:
        return {
            "kind": key,
            "number": number,
            "holder_name": self.name,
            "holder_uscc": self.uscc,
            "legal_representative": self.person,
            "address": self.address,
            "issuing_authority": self.authority,
            **self.validity(key, years),
            "scope": scope,
        }


def _business_license(seller: _Seller, entity_type: str) -> dict[str, Any]:
    assert seller.uscc is not None
    document: dict[str, Any] = {
        "kind": "business_license",
        "number": seller.uscc,
        "holder_name": seller.name,
        "entity_type": entity_type,
        "legal_representative": seller.person,
        "address": seller.address,
        "issuing_authority": seller.authority,
    }
    if "business_license" in seller.terms:
        start, end = seller.term("business_license", 20)
        document.update(
            established_on=seller.date(start),
            issue_date=seller.date(start),
            valid_from=seller.date(start),
            valid_to=seller.date(end),
        )
    else:
        start = seller.past(400, 365 * 15)
        document.update(
            established_on=seller.date(start),
            issue_date=seller.date(seller.past(30, (seller.as_of - start).days)),
            valid_from=seller.date(start),
            valid_to=seller.rng.choice(("长期", "无固定期限")),
        )
    document["scope"] = _SCOPES[seller.profile]
    return document


def _issue_year(seller: _Seller) -> int:
    """The year of the last term made (never after ``as_of``), for numbers that show it."""
    return seller.last_start.year


def _identity(seller: _Seller) -> dict[str, Any]:
    """An ID card whose term fits the holder's age when it was issued (居民身份证法 art. 5:
    16-25 ten years, 26-45 twenty years, 46 and over long-term)."""
    rng = seller.rng
    finite = seller.terms.get("identity", "valid") != "valid"  # expired or expiring
    years = rng.choice((10, 20) if finite else (10, 20, 0))
    start, end = seller.term("identity", years or 20)
    low, high = {10: (18, 25), 20: (26, 45), 0: (46, 60)}[years]
    birth = _add_years(start, -rng.randint(low, high)) - datetime.timedelta(
        days=rng.randint(0, 364)
    )
    region = _synthetic_region(rng, seller.region[:2])  # nobody's number: see make_ric
    return {
        "kind": "identity",
        "number": make_ric(birth_date=birth, region=region, rng=rng),
        "holder_name": seller.name,
        "address": seller.address,
        "issuing_authority": seller.police,
        "validity": f"{start:%Y.%m.%d}-" + (f"{end:%Y.%m.%d}" if years else "长期"),
    }


def _documents(seller: _Seller) -> dict[str, dict[str, Any]]:
    rng, region, province = seller.rng, seller.region, seller.region[:2]
    profile = seller.profile
    docs: dict[str, dict[str, Any]] = {}
    if profile == "natural_person":
        docs["identity"] = _identity(seller)
        return docs
    entity_type = (
        "个体工商户" if profile == "individual_business" else "有限责任公司(自然人投资或控股)"
    )
    docs["business_license"] = _business_license(seller, entity_type)
    if profile == "food_shop":
        docs["food_business"] = seller.licence(
            "food_business",
            make_food_business(form=1, region=region, rng=rng),
            5,
            "预包装食品销售（含冷藏冷冻食品）；散装食品销售（不含散装熟食）；网络经营",
        )
        docs["food_business"].update(business_form="食品销售经营者", network_operation=True)
    elif profile == "restaurant":
        docs["food_business"] = seller.licence(
            "food_business",
            make_food_business(form=2, region=region, rng=rng),
            5,
            "热食类食品制售；冷食类食品制售；网络经营",
        )
        docs["food_business"].update(
            business_form="餐饮服务经营者（小型餐馆）", network_operation=True
        )
    elif profile == "pharmacy":
        docs["drug_business"] = seller.licence(
            "drug_business",
            make_drug_business(business_type="D", province=province, rng=rng),
            5,
            "中成药；化学药；生物制品（除疫苗）",
        )
        docs["drug_business"]["business_mode"] = "零售"
        info = seller.licence("drug_info", "", 5, "非经营性互联网药品信息服务")
        info["number"] = make_drug_info(
            paid=False, year=_issue_year(seller), province=province, rng=rng
        )
        info["issuing_authority"] = f"{PROVINCES[province].name}药品监督管理局"
        docs["drug_info"] = info
    elif profile == "device_seller":
        # one licence for both declared classes: its scope names both (a licence listing
        # class III only is reviewed for class II)
        device = seller.licence(
            "device_business",
            "",
            5,
            "III类：6815注射穿刺器械；6822医用光学器具、仪器及内窥镜设备；6866医用高分子材料及制品；"
            "II类：6820普通诊察器械",
        )
        device["number"] = make_device_business(
            year=max(2015, _issue_year(seller)), province=province, rng=rng
        )
        docs["device_business"] = device
    elif profile == "certification_body":
        approval = seller.licence("cnca", "", 6, "质量管理体系认证；环境管理体系认证")
        # the approval number keeps the year of the first approval, at or before this term
        approval["number"] = make_cnca(
            year=rng.randint(2002, max(2002, _issue_year(seller))), rng=rng
        )
        approval["issuing_authority"] = "国家认证认可监督管理委员会"
        docs["cnca"] = approval
    elif profile == "testing_lab":
        cma = seller.licence("cma", "", 6, "食品；水和废水；环境空气和废气")
        cma["number"] = make_cma(
            year=max(2015, _issue_year(seller)),
            authority=PROVINCES[province].abbreviations[0],
            rng=rng,
        )
        cma["issuing_authority"] = f"{PROVINCES[province].name}市场监督管理局"
        docs["cma"] = cma
    elif profile == "individual_business":
        docs["food_filing"] = {
            "kind": "food_filing",
            "number": make_food_filing(form=2, region=region, rng=rng),
            "holder_name": seller.name,
            "holder_uscc": seller.uscc,
            "legal_representative": seller.person,
            "address": seller.address,
            "issuing_authority": seller.authority,
            "issue_date": seller.date(seller.past(30, 900)),
            "scope": "预包装食品（不含冷藏冷冻食品）销售",
        }
    return docs


def _choices(name: str, values: Iterable[str], allowed: Iterable[str], profile: str) -> list[str]:
    if isinstance(values, str):
        raise ConfigError(f"{name} takes a list of names, not the string {values!r}")
    chosen = list(dict.fromkeys(values))
    valid = sorted(allowed)
    for value in chosen:
        if value not in valid:
            raise ConfigError(
                f"{name}={value!r} does not apply to profile {profile!r};"
                f" choices: {', '.join(valid) or '(none)'}"
            )
    return chosen


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _other_name(seller: _Seller) -> str:
    if seller.profile == "natural_person":
        return next(p for p in _PERSONS if p != seller.name)
    return f"{seller.place}另一示例商贸有限公司"


def make_merchant(
    profile: str,
    *,
    as_of: datetime.date | None = None,
    rng: random.Random | None = None,
    expired: Iterable[str] = (),
    expiring: Iterable[str] = (),
    missing: Iterable[str] = (),
    name_mismatch: bool = False,
    uscc_mismatch: bool = False,
    banned: Iterable[str] = (),
    last_verified_months_ago: int | None = None,
    turnover_yuan: int | None = None,
) -> dict[str, Any]:
    """A raw merchant record of ``profile`` (see :data:`PROFILES`) that ``verify`` passes,
    or that fails exactly as the knobs ask (see the module's table).

    ``expired``, ``expiring`` and ``missing`` take document keys of the profile (see
    :data:`DOCUMENTS`; ``expired``/``expiring`` only those with a term); ``banned`` takes
    ids of banned or special-permit categories.  Dates are relative to ``as_of``
    (a :class:`datetime.date` from 2016-01-01 to 2099-12-31; default: today in China);
    pass the same ``as_of`` to ``verify``.  Raises
    :class:`~qualcheck.exceptions.ConfigError` for an unknown profile or knob value.
    """
    if profile not in _PROFILES:
        raise ConfigError(f"unknown profile {profile!r}; profiles: {', '.join(PROFILES)}")
    spec = _PROFILES[profile]
    as_of = as_of if as_of is not None else today()
    if (
        not isinstance(as_of, datetime.date)
        or isinstance(as_of, datetime.datetime)
        or not _FIRST_AS_OF <= as_of <= _LAST_AS_OF
    ):
        raise ConfigError(
            f"as_of must be a datetime.date from {_FIRST_AS_OF} to {_LAST_AS_OF}, not {as_of!r}"
        )
    rng = rng if rng is not None else random.Random()
    expired_docs = _choices("expired", expired, spec.expiring, profile)
    expiring_docs = _choices("expiring", expiring, spec.expiring, profile)
    missing_docs = _choices("missing", missing, spec.documents, profile)
    banned_ids, permit_ids = _category_kinds()
    extra_categories = _choices("banned", banned, banned_ids | permit_ids, profile)
    twice = (
        set(expired_docs) & set(expiring_docs)
        | set(missing_docs) & set(expired_docs)
        | set(missing_docs) & set(expiring_docs)
    )
    if twice:
        raise ConfigError(f"document {sorted(twice)[0]!r} is given to more than one knob")
    if last_verified_months_ago is not None and (
        not _is_int(last_verified_months_ago)
        or not 0 <= last_verified_months_ago <= _MAX_MONTHS_AGO
    ):
        raise ConfigError(
            f"last_verified_months_ago must be an int >= 0 (at most {_MAX_MONTHS_AGO}),"
            f" not {last_verified_months_ago!r}"
        )
    if turnover_yuan is not None and (not _is_int(turnover_yuan) or turnover_yuan < 0):
        raise ConfigError(f"turnover_yuan must be an int >= 0, not {turnover_yuan!r}")
    if uscc_mismatch and profile == "natural_person":
        raise ConfigError(
            "uscc_mismatch does not apply to profile 'natural_person' (no USCC); profiles: "
            + ", ".join(p for p in PROFILES if p != "natural_person")
        )

    terms = dict.fromkeys(expired_docs, "expired") | dict.fromkeys(expiring_docs, "expiring")
    seller = _Seller(profile, as_of, rng, terms)
    record: dict[str, Any] = {"merchant_id": f"test-{profile}-{rng.randrange(10**6):06d}"}
    if profile == "natural_person":
        seller.name = seller.person
    else:
        entity = "2" if profile == "individual_business" else "1"
        seller.uscc = make_uscc(entity_type=entity, region=seller.region, rng=rng)
        if profile == "individual_business":
            seller.name = f"{seller.place}示例便利店"
        else:
            seller.name = f"{seller.place}示例{rng.choice(_WORDS[profile])}有限公司"
    record.update(subject_type=spec.subject_type, name=seller.name)
    if seller.uscc is not None:
        record["uscc"] = seller.uscc
        record["legal_representative"] = {"name": seller.person}
    record.update(address=seller.address, contact_phone=rng.choice(_PHONES))

    if profile == "natural_person":
        total = turnover_yuan if turnover_yuan is not None else rng.randint(0, 90_000)
        first = total * 3 // 5
        record["shops"] = [
            {
                "shop_id": "xy-000001",
                "platform": "闲鱼",
                "name": f"{seller.name}的小店",
                "annual_turnover_yuan": first,
            },
            {
                "shop_id": "dy-000002",
                "platform": "抖音",
                "name": f"{seller.name}好物",
                "annual_turnover_yuan": total - first,
            },
        ]
    else:
        shop: dict[str, Any] = {
            "shop_id": "tm-000001",
            "platform": "天猫",
            "name": seller.name.removesuffix("有限公司") + "旗舰店",
        }
        if turnover_yuan is not None:
            shop["annual_turnover_yuan"] = turnover_yuan
        record["shops"] = [shop]
    record["categories"] = [*spec.categories, *extra_categories]

    documents = _documents(seller)
    target = next((key for key in spec.documents[::-1] if key not in missing_docs), None)
    if (name_mismatch or uscc_mismatch) and target is None:
        raise ConfigError("name_mismatch and uscc_mismatch need a document that is not missing")
    if target is not None and name_mismatch:
        documents[target]["holder_name"] = _other_name(seller)
    if target is not None and uscc_mismatch:
        other = seller.uscc
        while other == seller.uscc:
            other = make_uscc(entity_type="1", region=seller.region, rng=rng)
        documents[target]["holder_uscc"] = other
    record["documents"] = [
        {key: value for key, value in document.items() if value is not None}
        for key, document in documents.items()
        if key not in missing_docs
    ]
    if last_verified_months_ago is not None:
        record["last_verified_at"] = _months_ago(as_of, last_verified_months_ago).isoformat()
    return record
