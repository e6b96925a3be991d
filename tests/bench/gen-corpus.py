#!/usr/bin/env python3
"""Writes a reproducible corpus of Chinese and English documents with planted
red-line passages, for benchmarks.

    gen-corpus.py OUTDIR [--docs N] [--seed S] [--max-kb KB]

Sizes are spread log-uniformly from 1 KB to --max-kb (default 5 MB); about
one document in three is Chinese.  The same seed always writes the same
files.  Planted passages are listed in OUTDIR/planted.tsv (file, category,
sentence)."""

import argparse
import math
import os
import random

EN_WORDS = ("the agency department program report system policy review federal "
            "national security data analysis contract vendor model deployment cloud "
            "network classified mission operations guidance budget support research "
            "development partners industry workforce training public safety health "
            "infrastructure resilience committee statement administration secretary "
            "office plan implementation standards oversight assessment capability "
            "procurement evaluation framework commitment investment community").split()
EN_GLUE = "of and to in for with on by under across through within from".split()

ZH_WORDS = ("国家 安全 政府 部门 人工智能 技术 系统 数据 网络 平台 企业 合同 协议 "
            "发展 管理 规定 标准 服务 应用 研究 合作 国防 部署 模型 云端 评估 监督 "
            "机构 政策 法律 条款 责任 建设 创新 产业 信息 保护 风险 治理 能力 项目 "
            "公民 社会 经济 市场 行政 审查 程序 实施 工作 会议 报告").split()

PLANTED = {
    "surveillance": [
        "The contract states that the models shall not be used for mass domestic surveillance of Americans.",
        "不得使用该技术进行大规模国内监控。",
    ],
    "autonomous-weapons": [
        "The company refused to allow its systems to power fully autonomous weapons.",
        "协议禁止将模型用于指挥自主武器系统。",
    ],
    "automated-decisions": [
        "The models may not be used for high-stakes automated decisions such as social credit systems.",
        "不得将人工智能用于社会信用等高风险自动化决策。",
    ],
    "lawful-use": [
        "The department demanded that vendors accept any lawful use of their models.",
        "政府要求模型可用于所有合法用途。",
    ],
    "human-oversight": [
        "Lethal force will remain under meaningful human control at every stage.",
        "在使用武力的决策中必须保持人类监督与控制。",
    ],
    "safeguards": [
        "We will not provide guardrails-off models for classified deployments.",
        "公司保留对所部署安全栈的完全控制权。",
    ],
    "coercion": [
        "Officials threatened to designate the firm a supply chain risk and invoke the Defense\nProduction Act.",
        "五角大楼威胁将其列为供应链风险。",
    ],
    "termination": [
        "The company may terminate the contract if the government breaches its terms.",
        "如政府违反合同条款，公司有权终止合同。",
    ],
}


def en_sentence(rng):
    n = rng.randint(8, 22)
    words = []
    for i in range(n):
        words.append(rng.choice(EN_GLUE) if i % 4 == 2 else rng.choice(EN_WORDS))
    s = " ".join(words)
    return s[0].upper() + s[1:] + "."


def zh_sentence(rng):
    n = rng.randint(6, 16)
    s = "".join(rng.choice(ZH_WORDS) for _ in range(n))
    return s + rng.choice("。。。；")


def wrap(text, width=72):
    """Hard-wraps English paragraphs the way the briefings are."""
    out, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    out.append(line)
    return "\n".join(out)


def document(rng, size, chinese, planted):
    parts = []
    title = ("关于" + "".join(rng.choice(ZH_WORDS) for _ in range(4)) + "的说明") if chinese \
        else " ".join(rng.choice(EN_WORDS) for _ in range(6)).title()
    day = f"20{rng.randint(21, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    header = f"---\ntitle: \"{title}\"\ndate: {day}\nsource: Generated\n---\n\n# {title}\n\n"
    total = len(header.encode())
    while total < size:
        sentences = [zh_sentence(rng) if chinese else en_sentence(rng) for _ in range(rng.randint(3, 8))]
        if rng.random() < 0.15:
            category = rng.choice(sorted(PLANTED))
            sentence = PLANTED[category][1 if chinese else 0]
            sentences.insert(rng.randrange(len(sentences) + 1), sentence)
            planted.append((category, sentence.replace("\n", " ")))
        para = "".join(sentences) if chinese else wrap(" ".join(sentences))
        parts.append(para)
        total += len(para.encode()) + 2
    return header + "\n\n".join(parts) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-kb", type=int, default=5 * 1024)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    os.makedirs(args.outdir, exist_ok=True)
    lo, hi = math.log(1024), math.log(args.max_kb * 1024)
    with open(os.path.join(args.outdir, "planted.tsv"), "w", encoding="utf-8") as tsv:
        for i in range(args.docs):
            # Mostly small documents, a few large ones: log-uniform sizes skewed low.
            size = int(math.exp(lo + (hi - lo) * rng.random() ** 3))
            chinese = rng.random() < 0.35
            planted = []
            text = document(rng, size, chinese, planted)
            name = f"doc-{i:05d}.md"
            with open(os.path.join(args.outdir, name), "w", encoding="utf-8") as f:
                f.write(text)
            for category, sentence in planted:
                tsv.write(f"{name}\t{category}\t{sentence}\n")


if __name__ == "__main__":
    main()
