"""The platform-neutral service over the real store and the real checker."""

from __future__ import annotations

import logging

from discreet.bots.service import ChannelSettings, Inbound, Outbound, Service
from discreet.core.reply import Actions

SA_ID = "8001015009087"  # synthetic: valid checksum, no real person
ADMIN = "admin-1"  # as in conftest.py


def msg(text, *, mid="1712.0001", event=None, edited=False, channel="C1", user="U1", name=None):
    return Inbound("slack", channel, user, mid, text, event_id=event, edited=edited, user_name=name)


async def test_nudges_for_an_sa_id_number(service, store):
    out = await service.on_message(msg(f"pt in bed 4, ID {SA_ID}, for theatre", event="Ev1"))
    assert isinstance(out, Outbound) and out.kind == "nudge"
    assert "identifiers:national_id" in out.kinds and out.severity == "high"
    text = out.reply.plain_text()
    assert SA_ID not in text  # masked in the nudge itself
    assert "theatre" not in repr(out) and "theatre" not in repr(msg("for theatre"))
    assert "[ID no.]" in text
    buttons = [b for blk in out.reply.blocks if isinstance(blk, Actions) for b in blk.buttons]
    assert any(b.action == "false_positive" and b.value == out.nudge_id for b in buttons)
    stats = await store.stats("slack", "C1", 7)
    assert stats["nudges"][("identifiers", "national_id")] == 1


async def test_benign_message_no_nudge_nothing_stored(service, store):
    assert await service.on_message(msg("Handover at 7 in the tea room, bring the rota", event="Ev2")) is None
    assert (await store.stats("slack", "C1", 30))["total"] == 0


async def test_colleague_name_in_staff_names_is_not_flagged(service):
    text = "pt Nomvula Khumalo in bed 4 needs bloods"
    flagged = await service.on_message(msg(text, mid="n1"))
    assert flagged is not None and "identifiers:person_name" in flagged.kinds  # the control
    assert await service.on_message(msg(text, mid="n2"), staff_names={"Nomvula Khumalo"}) is None


async def test_a_remembered_member_counts_as_a_colleague(service, store):
    text = "pt Nomvula Khumalo in bed 4 needs bloods"
    # she posts once (the adapter gives her display name): the service remembers her
    assert await service.on_message(msg("on my way", user="U-nomvula", name="Nomvula Khumalo", mid="n3")) is None
    assert await store.members("slack", "C1") == {"Nomvula Khumalo"}
    assert await service.on_message(msg(text, mid="n4")) is None
    # only in that channel
    assert await service.on_message(msg(text, mid="n5", channel="C2")) is not None


async def test_duplicate_event_is_dropped(service):
    first = await service.on_message(msg(f"ID {SA_ID}", event="EvDup"))
    again = await service.on_message(msg(f"ID {SA_ID}", event="EvDup"))
    assert first is not None and again is None


async def test_monitoring_off_and_policy_choice(service):
    assert await service.on_command("slack", "C1", ADMIN, True, "off")
    assert await service.on_message(msg(f"ID {SA_ID}", event="Ev4")) is None
    await service.on_command("slack", "C1", ADMIN, True, "on")
    await service.on_command("slack", "C1", ADMIN, True, "policies derogatory")
    assert await service.on_message(msg(f"ID {SA_ID}", event="Ev5", mid="2")) is None
    await service.on_command("slack", "C1", ADMIN, True, "policies identifiers,derogatory")
    assert await service.on_message(msg(f"ID {SA_ID}", event="Ev6", mid="3")) is not None


async def test_non_admin_is_refused_but_may_read_status(service):
    refused = await service.on_command("slack", "C1", "U-nurse", False, "off")
    assert "Only an admin" in refused.plain_text()
    assert (await service.settings("slack", "C1")).monitoring is True
    status = await service.on_command("slack", "C1", "U-nurse", False, "status")
    assert "Monitoring is ON" in status.plain_text()
    assert "Only an admin" in (await service.on_command("slack", "C1", "U-nurse", False, "remove on")).plain_text()


async def test_edit_that_clears_a_nudged_message_thanks_once(service):
    assert (await service.on_message(msg(f"ID {SA_ID} for bloods", mid="M9"))).kind == "nudge"
    thanks = await service.on_message(msg("for bloods", mid="M9", edited=True))
    assert thanks is not None and thanks.kind == "thanks"
    assert await service.on_message(msg("for bloods please", mid="M9", edited=True)) is None
    # an edit of a message that was never nudged: nothing
    assert await service.on_message(msg("hello", mid="M10", edited=True)) is None


async def test_edit_nudges_only_when_it_adds_a_finding(service):
    assert await service.on_message(msg("bloods for bed 4", mid="M11")) is None
    out = await service.on_message(msg(f"bloods for bed 4, ID {SA_ID}", mid="M11", edited=True))
    assert out is not None and out.kind == "nudge"
    # the same finding again after another edit: already told
    assert await service.on_message(msg(f"bloods for bed 4 ID {SA_ID}.", mid="M11", edited=True)) is None


async def test_feedback_only_from_the_author_and_once(service, store):
    out = await service.on_message(msg(f"ID {SA_ID}", user="U-author"))
    other = await service.on_feedback("slack", "C1", "U-other", out.nudge_id)
    assert "not one of yours" in other.plain_text()
    ok = await service.on_feedback("slack", "C1", "U-author", out.nudge_id)
    assert "false alarm" in ok.plain_text()
    assert (await store.stats("slack", "C1", 7))["false_positives"] == 1


async def test_stats_command_counts_without_text(service):
    await service.on_message(msg(f"ID {SA_ID}", mid="a"))
    reply = (await service.on_command("slack", "C1", "U-nurse", False, "stats")).plain_text()
    assert "identifiers / national id: 1 (7 days), 1 (30 days)" in reply
    assert SA_ID not in reply


async def test_the_audit_log_keeps_who_a_derogatory_remark_was_about(service, store):
    """The target (patient / colleague) goes into the audit row and the
    stats, as counts; never the words."""
    await service.on_message(msg("the registrar is a useless idiot, never answers his pager", mid="c"))
    await service.on_message(msg("the drunk in bed 4 is a waste of space", mid="p"))
    stats = await store.stats("slack", "C1", 7)
    assert stats["targets"] == {"colleague": 1, "patient": 1}
    reply = (await service.on_command("slack", "C1", "U-nurse", False, "stats")).plain_text()
    assert "derogatory remarks about a colleague: 1 (7 days)" in reply
    assert "idiot" not in reply and "waste" not in reply


async def test_join_stores_defaults_and_keeps_existing(service, store):
    intro = await service.on_join("slack", "C-new")
    assert "private" in intro.plain_text() and "never store" in intro.plain_text()
    s = await store.get_settings("slack", "C-new")
    assert s.monitoring and s.policies == ChannelSettings().policies and s.joined_at
    await service.on_command("slack", "C-new", ADMIN, True, "off")
    await service.on_join("slack", "C-new")
    assert (await store.get_settings("slack", "C-new")).monitoring is False


async def test_user_hash_is_keyed_and_stable(store):
    a = Service(store, secret=b"a" * 32)
    b = Service(store, secret=b"b" * 32)
    assert a.user_hash("slack", "U1") == a.user_hash("slack", "U1") != b.user_hash("slack", "U1")
    assert a.user_hash("slack", "U1") != a.user_hash("telegram", "U1")
    assert "U1" not in a.user_hash("slack", "U1")


async def test_pending_nudge_has_no_text(service):
    r = service.pending_nudge(["identifiers:national_id"], ["patient-confidentiality"]).plain_text()
    assert "an ID number" in r and "Patient confidentiality" in r


async def test_guidance_answers_or_says_it_is_loading(service):
    r = service.guidance("can I post a photo of an x-ray?")
    assert r.title and r.blocks


async def test_a_failing_message_is_logged_without_payload(service, store, caplog):
    await store.close()  # a real failure: the database went away
    with caplog.at_level(logging.DEBUG):
        out = await service.on_message(msg(f"pt Zanele ID {SA_ID}", event="EvBroken"))
    assert out is None
    assert "StoreError" in caplog.text and "EvBroken" in caplog.text
    assert SA_ID not in caplog.text and "Zanele" not in caplog.text
    await store.open()
    assert (await service.on_message(msg(f"ID {SA_ID}", event="EvAfter"))) is not None


async def test_big_message_goes_through(service):
    text = "routine ward round notes " * 1000 + f" ID {SA_ID}"
    out = await service.on_message(msg(text, mid="big"))
    assert out is not None and "identifiers:national_id" in out.kinds


async def test_protected_spans_are_never_flagged(service):
    text = "Bed 4 reviewed by @Naledi Dube, Naledi Dube will do the discharge"
    flagged = await service.on_message(Inbound("slack", "C1", "U1", "1.0", text))
    assert flagged is not None and any(f.kind == "person_name" for f in flagged.findings)
    spans = [(f.start, f.end) for f in flagged.findings if f.kind == "person_name"]
    out = await service.on_message(Inbound("slack", "C1", "U1", "2.0", text, protected=tuple(spans)))
    assert out is None


async def test_rules_and_a_typo_and_replies_worded_per_platform(service):
    rules = (await service.on_command("telegram", "-1", "u", False, "rules identifiers")).plain_text()
    assert "id-za-number (on)" in rules and "derogatory" not in rules.lower().split("rules in")[0]
    assert "this group" in rules
    typo = (await service.on_command("slack", "C1", "u", False, "stauts")).plain_text()
    assert "Did you mean /discreet st" in typo
    slack_help = (await service.on_command("slack", "C1", "u", False, "help")).plain_text()
    tg_help = (await service.on_command("telegram", "-1", "u", False, "help")).plain_text()
    assert "remove" not in slack_help and "/discreet dm" in slack_help
    assert "remove" in tg_help and "/discreet dm" not in tg_help and "this group" in tg_help
