#!/usr/bin/env python3
"""The default pack is translated inside its YAML ({en, zh_CN} maps, see
DESIGN.md "Rule packs"): checks that every name and message has both, that
each is in its own language, and that the categories carry DESIGN.md's
Chinese names.  Usage: check-pack-i18n.py PACK.yaml"""

import re
import sys

import yaml

from taplib import Tap

path = sys.argv[1]
t = Tap()

DESIGN_ZH = {
    "surveillance": "大规模国内监控",
    "autonomous-weapons": "自主武器",
    "automated-decisions": "高风险自动化决策",
    "lawful-use": "“任何合法用途”条款",
    "human-oversight": "人类控制与监督",
    "safeguards": "安全护栏与安全栈",
    "coercion": "供应链风险与政府施压",
    "termination": "合同终止与执行",
}
CJK = re.compile(r"[\u3400-\u9fff]")

with open(path, encoding="utf-8") as f:
    pack = yaml.safe_load(f)


def check_map(value, where):
    ok = isinstance(value, dict)
    if not t.check(ok and set(value) >= {"en", "zh_CN"}, "%s has en and zh_CN" % where, repr(value)):
        return
    en, zh = str(value["en"]).strip(), str(value["zh_CN"]).strip()
    t.check(en != "" and not CJK.search(en), "%s: en is English" % where, en)
    t.check(CJK.search(zh) is not None and zh != en, "%s: zh_CN is Chinese" % where, zh)
    # Half-width punctuation between Chinese characters reads as a typo.
    t.check(not re.search(r"[\u4e00-\u9fff][,;:!?][\u4e00-\u9fff]", zh),
            "%s: zh_CN uses full-width punctuation" % where, zh)


check_map(pack.get("name"), "pack name")
cats = pack.get("categories") or []
t.check(len(cats) == len(DESIGN_ZH), "pack has the %d default categories" % len(DESIGN_ZH),
        [c.get("id") for c in cats])
for c in cats:
    check_map(c.get("name"), "category %s name" % c.get("id"))
    if c.get("id") in DESIGN_ZH and isinstance(c.get("name"), dict):
        t.equal(c["name"].get("zh_CN"), DESIGN_ZH[c["id"]], "category %s has DESIGN.md's Chinese name" % c["id"])
rules = pack.get("rules") or []
t.check(len(rules) > 0, "pack has rules")
for r in rules:
    check_map(r.get("message"), "rule %s message" % r.get("id"))

t.done()
