"""Credentials: keyring first (a memory backend here), environment overrides, memory fallback."""

from __future__ import annotations

import keyring
import keyring.backends.fail

from app.core.credentials import SERVICE_NAME, CredentialStore, Source


def test_saved_credentials_go_to_the_keyring_under_switchboard(memory_keyring):
    store = CredentialStore()
    assert store.set("pgi", "sandbox", "api_key", "k-123") is Source.KEYRING
    assert memory_keyring.entries == {(SERVICE_NAME, "pgi/sandbox/api_key"): "k-123"}
    assert CredentialStore().get("pgi", "sandbox", "api_key") == "k-123"
    assert store.persistent and store.problem == ""


def test_credentials_are_kept_per_environment(memory_keyring):
    store = CredentialStore()
    store.set("pgi", "sandbox", "api_key", "demo")
    store.set("pgi", "production", "api_key", "live")
    assert store.get("pgi", "sandbox", "api_key") == "demo"
    assert store.get("pgi", "production", "api_key") == "live"
    assert store.get("pgi", "test", "api_key") is None


def test_environment_variable_overrides_the_keyring(memory_keyring):
    store = CredentialStore(environ={"SWITCHBOARD_PGI_API_KEY": "from-env"})
    store.set("pgi", "sandbox", "api_key", "from-keyring")
    assert store.lookup("pgi", "production", "api_key") == ("from-env", Source.ENVIRONMENT)


def test_no_keyring_switch_keeps_everything_in_memory(memory_keyring):
    store = CredentialStore(environ={"SWITCHBOARD_NO_KEYRING": "1"})
    assert store.set("pgi", "sandbox", "api_key", "k") is Source.MEMORY
    assert store.get("pgi", "sandbox", "api_key") == "k"
    assert memory_keyring.entries == {}
    assert not store.persistent
    assert "SWITCHBOARD_NO_KEYRING" in store.problem


def test_without_a_working_keyring_the_user_is_told_and_memory_is_used(memory_keyring):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store = CredentialStore()
    assert not store.persistent
    assert "this session only" in store.problem
    assert store.set("iinsight", "uat", "password", "pw") is Source.MEMORY
    assert store.get("iinsight", "uat", "password") == "pw"


def test_delete_and_complete(memory_keyring):
    store = CredentialStore()
    store.set("inszoom", "sandbox", "authorization_key", "a")
    assert store.complete("inszoom", "sandbox", ["authorization_key", "subscription_key"]) is None
    store.set("inszoom", "sandbox", "subscription_key", "s")
    assert store.complete("inszoom", "sandbox", ["authorization_key", "subscription_key"]) == {
        "authorization_key": "a",
        "subscription_key": "s",
    }
    store.delete("inszoom", "sandbox", "authorization_key")
    store.delete("inszoom", "sandbox", "authorization_key")  # deleting twice is harmless
    assert store.get("inszoom", "sandbox", "authorization_key") is None


def test_the_keyring_is_read_once_per_value_and_kept_true_by_set_and_delete(memory_keyring, monkeypatch):
    memory_keyring.entries[(SERVICE_NAME, "pgi/sandbox/api_key")] = "k-1"
    reads: list[str] = []
    real_get = memory_keyring.get_password
    monkeypatch.setattr(memory_keyring, "get_password", lambda s, u: reads.append(u) or real_get(s, u))
    store = CredentialStore()
    for _ in range(5):  # as every request asks
        assert store.get("pgi", "sandbox", "api_key") == "k-1"
        assert store.get("pgi", "sandbox", "other") is None
    assert reads == ["pgi/sandbox/api_key", "pgi/sandbox/other"]
    store.set("pgi", "sandbox", "api_key", "k-2")
    assert store.get("pgi", "sandbox", "api_key") == "k-2"
    store.delete("pgi", "sandbox", "api_key")
    assert store.get("pgi", "sandbox", "api_key") is None
    assert memory_keyring.entries == {}
    assert reads[-1] == "pgi/sandbox/api_key"  # after a delete the keyring is asked again
