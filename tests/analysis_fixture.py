"""A small two-member catalogue whose need-to-know answer is known by construction,
shared by the analysis integration tests (tests/analysis_*_test.py and
tests/server_analysis_test.py).

Australia (AUS) records eight people of network NET-A and the links among them,
released to ALL_MEMBERS. Indonesia (IDN) records two more people and links that
tie them to the Australian ones, kept originator-only: an Australian analyst must
see a network without them, and nothing computed for that analyst may change
because they exist. One IDN link is TLP:RED and graded D4, so IDN's results carry
that marking and AUS's do not.
"""
import json
import os

import server_common

ALL = ["ALL_MEMBERS"]


def person(pid, originator, nationality, country, released=True, grade=("B", 2)):
    r = server_common.record(pid, originator, releasable_to=ALL if released else (),
                             extra_props={"nationality": [nationality]})
    r["networks"] = ["NET-A"]
    r["provenance"]["reliability"], r["provenance"]["credibility"] = grade
    r["_located"] = country
    return r


def link(lid, originator, source, target, rtype="associate_of", released=True, tlp="TLP:AMBER", grade=("B", 2)):
    r = server_common.record(lid, originator, kind="link", rtype=rtype, source=source, target=target,
                             releasable_to=ALL if released else (), tlp=tlp)
    r["networks"] = ["NET-A"]
    r["provenance"]["reliability"], r["provenance"]["credibility"] = grade
    return r


def records():
    net = server_common.record("NET-A", "AUS", rtype="Network", name="Network A", releasable_to=ALL,
                               extra_props={"network_status": ["active"]})
    people = [
        person("P1", "AUS", "AFG", "AFG"), person("P2", "AUS", "AFG", "AFG"), person("P3", "AUS", "PAK", "MYS"),
        person("P4", "AUS", "PAK", "MYS"), person("P5", "AUS", "IDN", "IDN"), person("P6", "AUS", "IDN", "IDN"),
        person("P7", "AUS", "AUS", "AUS"), person("P8", "AUS", "AUS", "AUS"),
        person("S1", "IDN", "IDN", "IDN", released=False), person("S2", "IDN", "MYS", "MYS", released=False),
    ]
    links = [
        link("L12", "AUS", "P1", "P2"), link("L23", "AUS", "P2", "P3"), link("L34", "AUS", "P3", "P4"),
        link("L45", "AUS", "P4", "P5"), link("L56", "AUS", "P5", "P6"), link("L67", "AUS", "P6", "P7"),
        link("L78", "AUS", "P7", "P8"), link("L35", "AUS", "P3", "P5", rtype="directs"),
        # Indonesia's own, originator-only: a shortcut through S1 and a pendant S2.
        link("X1", "IDN", "P1", "S1", released=False), link("X2", "IDN", "S1", "P8", released=False),
        link("X3", "IDN", "S1", "S2", released=False, tlp="TLP:RED", grade=("D", 4)),
    ]
    # Where each person is: a located_at link to a place in that country, released like the person.
    places, located = [], []
    for code in ("AFG", "MYS", "IDN", "AUS"):
        places.append(server_common.record("PL-" + code, "AUS", rtype="Place", name="Place " + code,
                                           releasable_to=ALL, extra_props={"country": [code]}))
    for p in people:
        code = p.pop("_located")
        located.append(link("AT-" + p["id"], p["provenance"]["originator"], p["id"], "PL-" + code,
                            rtype="located_at", released=bool(p["handling"]["releasable_to"])))
    return [net] + places + people + links + located


def visible_to(member, recs):
    """The records an analyst of `member` may see, by this fixture's construction
    (originator, or released to ALL_MEMBERS; a link needs both ends)."""
    seen = {r["id"] for r in recs if r["kind"] == "entity" and
            (r["provenance"]["originator"] == member or "ALL_MEMBERS" in r["handling"]["releasable_to"])}
    out = [r for r in recs if r["id"] in seen]
    for r in recs:
        if r["kind"] == "link" and r["source"] in seen and r["target"] in seen and \
                (r["provenance"]["originator"] == member or "ALL_MEMBERS" in r["handling"]["releasable_to"]):
            out.append(r)
    return out


def load(srv):
    """Imports the fixture into the server's catalogue (each member's records as that member)."""
    path = os.path.join(srv.dir, "fixture.jsonl")
    with open(path, "w") as f:
        for r in records():
            f.write(json.dumps(r) + "\n")
    srv.run_cli(["import", "--store", srv.store, "--format", "json", path])
