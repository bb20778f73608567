"""Start-up warm-up (kith.warmup): a server's first page does not pay for templates, URLs or the graph."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from django.template import engines

from kith.graph import adapter
from kith.warmup import _template_names, warm_up
from tests.factories import connect

KITH = str(Path(sys.executable).with_name("kith"))


def test_warm_up_loads_the_graph_and_compiles_every_template(transactional_db, ada, grace, linus, monkeypatch, caplog, capsys):
    # transactional_db: the graph loads in its own thread, on its own connection, so the rows must be committed.
    connect(ada, grace)
    connect(grace, linus)
    monkeypatch.delenv("KITH_WARMUP", raising=False)
    adapter.reset()
    with caplog.at_level(logging.WARNING, logger="kith.warmup"):
        thread = warm_up(wait=True)
    assert thread is not None and not thread.is_alive()
    assert caplog.records == []  # every step ran (a selector whose signature changed would be logged here)
    assert adapter._graph is not None and adapter._graph.has_edge(ada.pk, grace.pk)
    assert "Kith warmed up in" in capsys.readouterr().err
    names = _template_names()
    assert {"base.html", "members/home.html", "members/profile.html", "settings_layout.html"} <= set(names)
    cached = engines["django"].engine.template_loaders[0].get_template_cache
    assert {"base.html", "members/profile.html"} <= set(cached)


def test_warm_up_is_off_with_kith_warmup_0(db, monkeypatch):
    monkeypatch.setenv("KITH_WARMUP", "0")
    adapter.reset()
    assert warm_up(wait=True) is None
    assert adapter._graph is None


def test_warm_up_survives_a_database_without_tables(db, monkeypatch, caplog):
    from django.db import DatabaseError

    def no_tables():
        raise DatabaseError("no such table: network_connection")

    monkeypatch.delenv("KITH_WARMUP", raising=False)
    monkeypatch.setattr("kith.warmup.warm_graph", no_tables)
    with caplog.at_level(logging.WARNING, logger="kith.warmup"):
        assert warm_up(wait=True) is not None
    assert "graph skipped" in caplog.text


def test_management_commands_do_not_warm_up(tmp_path):
    """Only a server imports kith.wsgi; `kith …` commands stay quick."""
    result = subprocess.run(
        [KITH, "shell", "-c", "import sys; print('kith.wsgi' in sys.modules, 'kith.warmup' in sys.modules)"],
        capture_output=True, text=True, env={"KITH_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["False", "False"]


def test_settle_gc_freezes_what_is_loaded_and_collects_the_young_less_often(monkeypatch):
    import gc

    from kith.warmup import settle_gc

    before = gc.get_threshold()
    monkeypatch.setenv("KITH_GC_GEN0", "12345")
    try:
        settle_gc()
        assert gc.get_threshold() == (12345, before[1], before[2])
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
