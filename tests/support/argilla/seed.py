"""Create Together's Argilla test data with the official SDK: a workspace, two annotators, and datasets that
cover every field type (text, image, chat) and question type (rating, label, multi-label, ranking, text, span),
with suggestions and an overlap distribution of two annotators.

Usage: python seed.py http://127.0.0.1:PORT   (prints the created dataset ids as JSON)
"""

import json
import os
import sys

import argilla as rg
import httpx

URL = sys.argv[1]
# More prompt-rating records for benchmarks (SEED_RATING_RECORDS=60); the tests use five.
RATING_RECORDS = int(os.environ.get("SEED_RATING_RECORDS", "5"))
client = rg.Argilla(api_url=URL, api_key="argilla.apikey")

workspace = client.workspaces("together") or rg.Workspace(name="together", client=client).create()
ANNOTATORS = ("ann1", "ann2", "ann3", "ann4", "ann5", "ann6")
for name in ANNOTATORS:
    user = client.users(name) or rg.User(username=name, password="12345678", role="annotator", client=client).create()
    if name not in [u.username for u in workspace.users]:
        workspace.add_user(user)

PROMPTS = [
    "Explain quantum entanglement to a 10 year old.",
    "Write a **haiku** about the first snow in a city.",
    "Draft a polite email to my landlord about the heating.",
    "What is the capital of Australia?",
    "Solve for x: 3x + 7 = 2x - 5.",
]


def dataset(name, settings, records):
    existing = client.datasets(name, workspace=workspace)
    if existing is not None:
        return existing
    ds = rg.Dataset(name=name, workspace=workspace, settings=settings, client=client).create()
    ds.records.log(records)
    return ds


rating = dataset(
    "prompt-rating",
    rg.Settings(
        guidelines="Rate how clear and useful each prompt is.",
        fields=[rg.TextField(name="prompt", title="Prompt", use_markdown=True)],
        questions=[rg.RatingQuestion(name="quality", title="Quality", values=[1, 2, 3, 4, 5])],
        distribution=rg.TaskDistribution(min_submitted=2),
    ),
    [
        rg.Record(
            id=f"rating-{i}",
            fields={"prompt": PROMPTS[i] if i < len(PROMPTS) else f"{PROMPTS[i % len(PROMPTS)]} (variant {i})"},
            suggestions=[rg.Suggestion("quality", 3 + i % 3, agent="gpt-judge", score=0.7)],
        )
        for i in range(RATING_RECORDS)
    ],
)

everything = dataset(
    "all-questions",
    rg.Settings(
        guidelines="# Guidelines\n\nAnswer every question. Spans mark people and places.",
        fields=[
            rg.TextField(name="prompt", title="Prompt", use_markdown=True),
            rg.ImageField(name="image", title="Image", required=False),
            rg.ChatField(name="chat", title="Conversation", required=False),
        ],
        questions=[
            rg.RatingQuestion(name="quality", title="Quality", values=[1, 2, 3, 4, 5]),
            rg.LabelQuestion(name="verdict", title="Is it safe?", labels={"yes": "Yes", "no": "No"}),
            rg.MultiLabelQuestion(name="topics", title="Topics", labels=["math", "code", "writing", "science"], visible_labels=3),
            rg.RankingQuestion(name="ranking", title="Rank the answers", values={"a": "Answer A", "b": "Answer B", "c": "Answer C"}),
            rg.TextQuestion(name="improved", title="Improved prompt", use_markdown=True, required=False),
            rg.SpanQuestion(name="entities", title="Entities", field="prompt", labels={"PER": "Person", "LOC": "Place"}, required=False),
        ],
        distribution=rg.TaskDistribution(min_submitted=2),
    ),
    [
        rg.Record(
            id=f"all-{i}",
            fields={
                "prompt": f"Ada Lovelace lived in London. {p}",
                "image": "https://huggingface.co/front/assets/huggingface_logo-noborder.svg",
                "chat": [{"role": "user", "content": p}, {"role": "assistant", "content": "Let me think."}],
            },
            suggestions=[
                rg.Suggestion("quality", 4, agent="judge", score=0.9),
                rg.Suggestion("verdict", "yes", agent="classifier", score=0.8),
                rg.Suggestion("topics", ["science"], agent="classifier", score=[0.6]),
                rg.Suggestion("ranking", ["b", "a", "c"], agent="judge"),
                rg.Suggestion("improved", f"{p} Answer in two sentences.", agent="rewriter"),
                rg.Suggestion("entities", [{"label": "PER", "start": 0, "end": 12}, {"label": "LOC", "start": 22, "end": 28}], agent="ner"),
            ],
        )
        for i, p in enumerate(PROMPTS)
    ],
)

# Twelve quick prompts, rated one after the other before the tab is closed.
quick = dataset(
    "quick-rating",
    rg.Settings(
        guidelines="Rate each prompt.",
        fields=[rg.TextField(name="prompt", title="Prompt")],
        questions=[rg.RatingQuestion(name="quality", title="Quality", values=[1, 2, 3, 4, 5])],
        distribution=rg.TaskDistribution(min_submitted=2),
    ),
    [rg.Record(id=f"quick-{i}", fields={"prompt": f"Quick prompt number {i + 1}."}) for i in range(12)],
)


def api_key(username):
    """An annotator's permanent API key, as the app's "API key" sign-in needs it (read from /me)."""
    token = httpx.post(f"{URL}/api/v1/token", data={"username": username, "password": "12345678"}).json()["access_token"]
    return httpx.get(f"{URL}/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()["api_key"]


print(
    json.dumps(
        {
            "workspace": str(workspace.id),
            "prompt-rating": str(rating.id),
            "all-questions": str(everything.id),
            "quick-rating": str(quick.id),
            "api_keys": {name: api_key(name) for name in ANNOTATORS},
        }
    )
)
