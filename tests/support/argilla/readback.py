"""Read one annotator's responses back with the official SDK, as JSON, for the end-to-end tests to compare.

Usage: python readback.py URL DATASET USERNAME
Prints {"<the record's prompt>": {"status": "...", "values": {question: value}}} for every record USERNAME answered.
"""

import json
import sys

import argilla as rg

url, dataset_name, username = sys.argv[1:4]
client = rg.Argilla(api_url=url, api_key="argilla.apikey")
user = client.users(username)
dataset = client.datasets(dataset_name, workspace="together")

answers = {}
for record in dataset.records(with_responses=True, with_suggestions=False):
    for response in record.responses:
        if response.user_id != user.id:
            continue
        entry = answers.setdefault(record.fields["prompt"], {"status": getattr(response.status, "value", str(response.status)), "values": {}})
        entry["values"][response.question_name] = response.value
print(json.dumps(answers, sort_keys=True, default=str))
