"""`eventwatch stories`: the stories that group the reports of one happening.

eventwatch stories                 # the most recently updated stories
eventwatch stories show ID         # its articles, outlets, events, time span, merges, splits
eventwatch stories assign          # give a story to articles stored before stories existed
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def _store(args: argparse.Namespace):
    from eventwatch.cli import db_url
    from eventwatch.store import open_store

    return open_store(db_url(args))


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "stories",
        help="stories: the articles and outlets that report one happening",
        epilog="Example: eventwatch stories --min-articles 2 && eventwatch stories show ID",
    )
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--min-articles", type=int, default=1, help="only stories with this many")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=run_list)
    ssub = p.add_subparsers(dest="stories_command", metavar="ACTION")
    show = ssub.add_parser("show", help="one story with its articles, outlets and events")
    show.add_argument("id")
    show.add_argument("--format", choices=["text", "json"], default="text")
    show.set_defaults(func=run_show)
    assign = ssub.add_parser("assign", help="assign stories to articles that have none")
    assign.add_argument("--limit", type=int, default=None)
    assign.set_defaults(func=run_assign)


def run_list(args: argparse.Namespace) -> int:
    from eventwatch.stories.query import list_stories

    with _store(args) as store:
        rows, total = list_stories(store, args.limit, args.offset, args.min_articles)
    if args.format == "json":
        json.dump({"total": total, "items": rows}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print("(no stories)")
        return 0
    print(f"{'ID':16}  {'ARTICLES':>8}  {'OUTLETS':>7}  {'EVENTS':>6}  {'DAYS':21}  TITLE")
    for r in rows:
        days = f"{r['first_day'] or ''}..{r['last_day'] or ''}" if r["first_day"] else ""
        print(
            f"{r['id'][:16]:16}  {r['num_articles']:>8}  {r['num_sources']:>7}  "
            f"{r['num_events']:>6}  {days:21}  {r['title'][:60]}"
        )
    if total > args.offset + len(rows):
        print(f"({total} stories; --offset {args.offset + len(rows)} for more)")
    return 0


def _text(story: dict[str, Any]) -> str:
    span = story["span"]
    lines = [
        f"story {story['id']}: {story['title']}",
        f"  {story['num_articles']} articles from {story['num_sources']} outlets, "
        f"{story['num_events']} events, {span['first'] or '?'} .. {span['last'] or '?'}",
        f"  outlets: {', '.join(story['outlets'])}",
        "  articles:",
    ]
    for a in story["articles"]:
        lines.append(
            f"    {a['id']}  {a['published'] or '':10}  {a['outlet'][:24]:24}  {a['title'][:70]}"
        )
    if story["events"]:
        lines.append("  events:")
    for e in story["events"]:
        src = ", ".join(x.get("name") or x.get("text") for x in e.get("source") or []) or "?"
        tgt = ", ".join(x.get("name") or x.get("text") for x in e.get("target") or []) or "?"
        lines.append(
            f"    {e['id']}  {e.get('day') or '':10}  {e['event_type']:10} {src} -> {tgt}  "
            f"(cluster {e.get('cluster_id') or '-'}, {e.get('num_articles')} articles, "
            f"{e.get('num_sources')} outlets)"
        )
    for m in story["merges"]:
        lines.append(
            f"  merged {m['merged_id']} (bridged by {m['article_id']}, score {m['score']})"
        )
    for x in story.get("splits") or []:
        lines.append(
            f"  split {x['split_id']} off {x['story_id']} ({x['moved']} reports, when "
            f"{x['article_id']} arrived; across p < {x['score']})"
        )
    return "\n".join(lines)


def run_show(args: argparse.Namespace) -> int:
    from eventwatch.stories.query import get_story

    with _store(args) as store:
        story = get_story(store, args.id)
    if args.format == "json":
        json.dump(story, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(_text(story))
    return 0


def run_assign(args: argparse.Namespace) -> int:
    from eventwatch.stories.query import backfill

    with _store(args) as store:
        n = backfill(store, args.limit)
    print(f"{n} article{'s' if n != 1 else ''} assigned to stories", file=sys.stderr)
    return 0
