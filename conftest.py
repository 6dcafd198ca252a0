"""Settings for every test run from this tree (tests/, the doctests of qualcheck/ and docs/).

hypothesis: no deadline.  A deadline measures wall time, and on a busy machine (a shared
two-core CI runner) one example can take longer than 200 ms for reasons that have nothing
to do with the code — the first example pays for loading data files, another waits for
the CPU — and the test then fails as "Unreliable test timings".  Everything else is
hypothesis's own default: under ``CI`` its ``ci`` profile (fixed examples, no database),
elsewhere random examples.  ``--hypothesis-profile`` still chooses another profile.

Proxies: the tests talk to servers on loopback only, and an ``HTTP_PROXY`` or
``ALL_PROXY`` of the machine (common on CI runners) would send those requests to the
proxy, where they fail; loopback is added to ``NO_PROXY`` (for subprocesses too).
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("qualcheck", settings(settings.default, deadline=None))
settings.load_profile("qualcheck")

_LOOPBACK = ("127.0.0.1", "localhost", "::1")
for _name in ("NO_PROXY", "no_proxy"):
    _hosts = [host.strip() for host in os.environ.get(_name, "").split(",") if host.strip()]
    os.environ[_name] = ",".join([*_hosts, *(host for host in _LOOPBACK if host not in _hosts)])
