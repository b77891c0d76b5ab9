"""`make lab` starts JupyterLab on chapters/ with the book's environment and answers on localhost."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

from scripts.config import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_lab_answers_on_localhost_and_stops():
    port, token = free_port(), "book-test"
    lab = subprocess.Popen(
        ["make", "-s", "lab", f"PORT={port}", f"LAB_ARGS=--IdentityProvider.token={token}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        status, deadline = None, time.monotonic() + 90
        while status is None and time.monotonic() < deadline and lab.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=5) as r:
                    status = json.load(r)
            except OSError:
                time.sleep(1)
        assert status is not None, "JupyterLab did not answer"
        assert "started" in status
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents?token={token}", timeout=5) as r:
            names = {item["name"] for item in json.load(r)["content"]}
        assert "01_constituent_assembly.ipynb" in names  # it serves the chapters
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        lab.wait(timeout=30)
    assert lab.poll() is not None
