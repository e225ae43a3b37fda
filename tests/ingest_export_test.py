"""Graph exports are well formed and complete: GraphML, GEXF and i2 ANX files
written by `disrupt export` parse with Python's XML parser, GraphML loads in
NetworkX, and each holds one node per entity and one edge per link of the JSON
export of the same catalogue (counted here, independently of the exporter).
Each file carries the handling marking at its top and in its metadata."""
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

BIN = os.environ.get("DISRUPT_BINARY", "")
SRC = os.environ.get("DISRUPT_SOURCE_DIR", "")
if not BIN or not os.access(BIN, os.X_OK):
    print("no disrupt binary")
    sys.exit(77)


def run(*args):
    p = subprocess.run([BIN, *args], capture_output=True, text=True)
    if p.returncode != 0:
        print(p.stderr)
        raise SystemExit("FAIL: disrupt %s" % " ".join(args))
    return p


def local(tag):
    return tag.rsplit("}", 1)[-1]


def main():
    with tempfile.TemporaryDirectory() as tmp:
        store = os.path.join(tmp, "c.db")
        ex = os.path.join(SRC, "examples")
        run("import", "--store", store, "--quiet", os.path.join(ex, "data", "network.jsonl"))
        run("import", "--store", store, "--quiet", "--mapping",
            os.path.join(ex, "mappings", "subjects_phones_passports.json"),
            os.path.join(ex, "data", "subjects_phones_passports.csv"))
        run("import", "--store", store, "--quiet", "--mapping", os.path.join(ex, "mappings", "hawala_payments.json"),
            os.path.join(ex, "data", "hawala_payments.csv"))

        out = {f: os.path.join(tmp, "x." + f) for f in ("json", "graphml", "gexf", "anx")}
        for fmt, path in out.items():
            run("export", "--store", store, "--format", fmt, "--out", path)

        lines = open(out["json"], encoding="utf-8").read().splitlines()
        marking = json.loads(lines[0])["disrupt_export"]["marking"]
        recs = [json.loads(l) for l in lines[1:]]
        entities = {r["id"] for r in recs if r["kind"] == "entity"}
        links = [r for r in recs if r["kind"] == "link"]
        assert len(entities) == 11 and len(links) == 6, (len(entities), len(links))

        # GraphML: XML well formed, NetworkX reads it, counts and marking agree.
        root = ET.parse(out["graphml"]).getroot()
        nodes = [e for e in root.iter() if local(e.tag) == "node"]
        edges = [e for e in root.iter() if local(e.tag) == "edge"]
        assert {n.get("id") for n in nodes} == entities
        assert len(edges) == len(links)
        assert all(e.get("source") in entities and e.get("target") in entities for e in edges)
        assert marking in open(out["graphml"], encoding="utf-8").read(2000)
        import networkx as nx
        g = nx.read_graphml(out["graphml"], force_multigraph=True)
        assert g.number_of_nodes() == len(entities) and g.number_of_edges() == len(links)
        assert g.graph["marking"] == marking
        assert g.nodes["MYS-RMP-P-0001"]["classification"] == "RESTRICTED"
        assert g.nodes["MYS-RMP-P-0003"]["classification"] == "CONFIDENTIAL"

        # GEXF: well formed, counts, attribute declarations cover every attvalue.
        root = ET.parse(out["gexf"]).getroot()
        declared = {a.get("id") for a in root.iter() if local(a.tag) == "attribute"}
        nodes = [e for e in root.iter() if local(e.tag) == "node"]
        edges = [e for e in root.iter() if local(e.tag) == "edge"]
        assert {n.get("id") for n in nodes} == entities and len(edges) == len(links)
        assert all(v.get("for") in declared for v in root.iter() if local(v.tag) == "attvalue")
        desc = [e.text for e in root.iter() if local(e.tag) == "description"][0]
        assert marking in desc

        # ANX: Chart / ChartItemCollection / ChartItem with End/Entity or Link.
        root = ET.parse(out["anx"]).getroot()
        assert root.tag == "Chart"
        items = root.find("ChartItemCollection").findall("ChartItem")
        ents = [i.find("End/Entity") for i in items if i.find("End/Entity") is not None]
        lks = [i.find("Link") for i in items if i.find("Link") is not None]
        assert {e.get("EntityId") for e in ents} == entities and len(lks) == len(links)
        assert all(l.get("End1Id") in entities and l.get("End2Id") in entities for l in lks)
        icons = {e.get("EntityId"): e.find("Icon/IconStyle").get("Type") for e in ents}
        assert icons["MYS-RMP-P-0001"] == "Person" and icons["DOC-AFG-P01234567"] == "Passport"
        classes = {a.get("Name") for a in root.iter("AttributeClass")}
        assert all(a.get("AttributeClass") in classes for a in root.iter("Attribute"))
        props = {p.get("Name"): p.get("Value") for p in root.iter("CustomProperty")}
        assert props["Handling"] == marking and props["Classification"] == "CONFIDENTIAL", props

        # A filtered export: one network's members, links only between exported entities.
        net = os.path.join(tmp, "net.graphml")
        p = run("export", "--store", store, "--format", "graphml", "--network", "NET-0001", "--out", net)
        g = nx.read_graphml(net, force_multigraph=True)
        members = {r["id"] for r in recs if "NET-0001" in r.get("networks", [])} | {"NET-0001"}
        assert set(g.nodes) == members, set(g.nodes) ^ members
        assert g.number_of_edges() == 0  # the links of the example are not in the network
    print("PASS")


main()
