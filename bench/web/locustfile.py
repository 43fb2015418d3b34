"""The mixed workload of `bench/bench_web.py`: users are logged in beforehand (the benchmark hands each simulated
user a session of its own, made before the load starts), then each pauses 1–3 s before each action of its role
(also before the first).

Without handed-out sessions each user logs in through the form when it starts (not measured: stats are reset
after spawning, but 50 simultaneous password checks then still queue up in front of the first measured pages)."""

from __future__ import annotations

import itertools
import json
import os
import re

from locust import HttpUser, between, task

PASSWORD = "demo-plaatsregie"
URLS: dict[str, str] = json.loads(os.environ.get("PLAATSREGIE_BENCH_URLS", "{}"))
SESSIONS: dict[str, list[str]] = json.loads(os.environ.get("PLAATSREGIE_BENCH_SESSIONS", "{}"))
COOKIE = os.environ.get("PLAATSREGIE_BENCH_SESSION_COOKIE", "sessionid")
_handed_out = itertools.count()


class Member(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self) -> None:
        sessions = SESSIONS.get(self.username)
        if sessions:  # logged in beforehand
            self.client.cookies.set(COOKIE, sessions[next(_handed_out) % len(sessions)])
            # Users already at work do not all click in the same instant: the first action, too, comes after a
            # 1–3 s pause (otherwise Locust's spawn fires all 50 first requests within a second).
            self.wait()
            return
        page = self.client.get(URLS["login"], name="log in (form)")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        self.client.post(URLS["login"], name="log in", data={
            "username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""})


class TeamMember(Member):
    weight = 5
    username = "teamlid1"

    @task(3)
    def work_queue(self) -> None:
        self.client.get(URLS["workqueue"], name="team: work queue")

    @task(3)
    def pool(self) -> None:
        self.client.get(URLS["pool"], name="team: waiting pool (filtered)")

    @task(2)
    def report(self) -> None:
        if URLS["report"]:
            self.client.get(URLS["report"], name="team: capacity report + candidate list")

    @task(1)
    def capacity(self) -> None:
        self.client.get(URLS["capacity"], name="capacity overview")


class FacilityUser(Member):
    weight = 2
    username = "voorziening"

    @task(2)
    def places(self) -> None:
        self.client.get(URLS["places"], name="facility: places")

    @task(1)
    def offers(self) -> None:
        self.client.get(URLS["offers"], name="facility: offers")


class ReferrerUser(Member):
    weight = 2
    username = "aanmelder"

    @task
    def requests(self) -> None:
        self.client.get(URLS["requests"], name="referrer: requests")


class Judge(Member):
    weight = 1
    username = "jeugdrechter"

    @task
    def capacity(self) -> None:
        self.client.get(URLS["capacity"] + "?region=Antwerpen", name="judge: capacity")
