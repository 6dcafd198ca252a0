"""A Faker provider for teams that already generate their test data with Faker.

Install the extra (``pip install 'qualcheck[faker]'``) and add the provider; every method
draws from the Faker instance's random generator, so ``Faker.seed`` / ``fake.seed_instance``
make the output reproducible, and every number is made by the ``qualcheck.testing``
makers — valid by construction; ``resident_id()`` belongs to nobody (see ``make_ric``).

>>> from faker import Faker
>>> from qualcheck import numbers
>>> from qualcheck.testing.faker_provider import QualcheckProvider
>>> fake = Faker("zh_CN")
>>> fake.add_provider(QualcheckProvider)
>>> fake.seed_instance(7)
>>> numbers.uscc.is_valid(fake.uscc())
True
>>> numbers.get("food_business").check(fake.qualification_number("food_business")).verdict.value
'valid'
>>> [f.code for f in numbers.uscc.check(fake.invalid_number("uscc", "checksum")).findings]
['uscc.checksum']
>>> fake.merchant_record("pharmacy")["subject_type"]
'enterprise'
"""

from __future__ import annotations

import datetime
from typing import Any

from qualcheck._lazy import missing_extra

try:
    from faker.providers import BaseProvider
except ModuleNotFoundError as exc:  # say which extra brings it, not just its name
    raise missing_extra(exc, __name__, "faker") from exc

from qualcheck.testing._numbers import make_invalid, make_valid
from qualcheck.testing.merchants import make_merchant

__all__ = ["QualcheckProvider"]


class QualcheckProvider(BaseProvider):
    """Faker methods for qualification numbers and merchant records."""

    def qualification_number(self, kind: str, **options: Any) -> str:
        """A valid number of ``kind`` (``uscc``, ``ric``, ``food_business`` …); ``options``
        as the kind's ``make_*`` function takes them (``region=``, ``form=`` …)."""
        return make_valid(kind, rng=self.generator.random, **options)

    def invalid_number(self, kind: str, reason: str) -> str:
        """A number of ``kind`` that fails exactly by ``reason`` (see ``INVALID_REASONS``)."""
        return make_invalid(kind, reason, rng=self.generator.random)

    def uscc(self, **options: Any) -> str:
        """A valid unified social credit code (统一社会信用代码)."""
        return self.qualification_number("uscc", **options)

    def resident_id(self, **options: Any) -> str:
        """A valid, generated resident ID number (``birth_date=``, ``sex=``, ``region=``)."""
        return self.qualification_number("ric", **options)

    def merchant_record(
        self, profile: str = "food_shop", *, as_of: datetime.date | None = None, **knobs: Any
    ) -> dict[str, Any]:
        """A merchant record of ``profile`` that passes, or fails as ``knobs`` ask (see
        :func:`~qualcheck.testing.make_merchant`)."""
        return make_merchant(profile, as_of=as_of, rng=self.generator.random, **knobs)
