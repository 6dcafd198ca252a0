"""Every bundled adapter reads its credentials from arguments or the environment, and a
missing one stops the run naming the variable — never echoing the others' values."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from qualcheck.registries import AliyunAdapter, QichachaAdapter, RegistryAbort, TianyanchaAdapter

ADAPTERS: dict[str, tuple[Callable[[], object], dict[str, str]]] = {
    "tianyancha": (TianyanchaAdapter, {"QUALCHECK_TIANYANCHA_TOKEN": "env-token"}),
    "qichacha": (
        QichachaAdapter,
        {"QUALCHECK_QICHACHA_KEY": "env-key", "QUALCHECK_QICHACHA_SECRET": "env-secret"},
    ),
    "aliyun": (
        AliyunAdapter,
        {
            "QUALCHECK_ALIYUN_ACCESS_KEY_ID": "env-id",
            "QUALCHECK_ALIYUN_ACCESS_KEY_SECRET": "env-secret",
        },
    ),
}
CASES = [(name, variable) for name, (_, env) in ADAPTERS.items() for variable in env]


@pytest.mark.parametrize(("name", "variable"), CASES)
def test_a_missing_credential_aborts_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, variable: str
) -> None:
    make, env = ADAPTERS[name]
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv(variable)
    with pytest.raises(RegistryAbort) as caught:
        make()
    assert caught.value.reason == "auth"
    assert variable in str(caught.value)
    for value in env.values():
        assert value not in str(caught.value)


@pytest.mark.parametrize("name", sorted(ADAPTERS))
def test_the_environment_is_enough(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    make, env = ADAPTERS[name]
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    adapter = make()
    for value in env.values():
        assert value not in repr(adapter)
