"""Provider profiles for the terminal: the list and one profile's page."""

from __future__ import annotations

import json
from pathlib import Path

from smtplint.profiles.codec import json_data
from smtplint.profiles.index import ProfileIndex
from smtplint.profiles.schema import Profile


def profiles_table(index: ProfileIndex) -> str:
    profiles = index.profiles
    id_width = max(len(p.id) for p in profiles)
    lines = [f"{'id':<{id_width}}  {'kind':<8}  {'origin':<12}  {'recommended':<32}  name"]
    for p in profiles:
        lines.append(
            f"{p.id:<{id_width}}  {p.kind:<8}  {p.origin:<12}  {_recommended(p):<32}  {p.name}"
        )
    lines.append(f"{len(profiles)} profiles.")
    return "\n".join(lines) + "\n"


def _recommended(profile: Profile) -> str:
    host = profile.current_hosts[0].name if profile.current_hosts else profile.hosts[0].name
    port = profile.recommended_port()
    return f"{host}:{port.port} {port.security}"


def profiles_json(index: ProfileIndex) -> str:
    return json.dumps([json_data(p) for p in index.profiles], indent=2) + "\n"


def profile_page(profile: Profile, path: Path | None) -> str:
    lines = [f"{profile.id}: {profile.name} ({profile.kind}, {profile.origin})"]
    if path is not None:
        lines.append(f"file: {path}")
    lines += [f"docs: {profile.docs}", f"last checked: {profile.last_checked}", "", "hosts:"]
    for host in profile.hosts:
        extra = f" -> {host.replacement}" if host.replacement else ""
        region = f" [{host.region}]" if host.region else ""
        unverified = " (unverified)" if not host.verified else ""
        lines.append(f"  {host.name}{region}  {host.status}{extra}{unverified}")
    lines.append("ports:")
    for port in profile.ports:
        mark = "  (recommended)" if port.recommended else ""
        lines.append(f"  {port.port}/{port.security}{mark}")
    auth = profile.auth
    lines.append(
        f"auth: {'required' if auth.required else 'optional'}; {', '.join(auth.mechanisms)}"
        + (
            f"; password auth refused since {auth.oauth2_only_since}"
            if auth.oauth2_only_since
            else ""
        )
        + (f"; password auth ends {auth.basic_auth_sunset}" if auth.basic_auth_sunset else "")
    )
    if auth.note:
        lines.append(f"  {auth.note}")
    username = profile.username
    lines.append(f"username: {username.form}" + (f" {username.value!r}" if username.value else ""))
    if profile.password is not None:
        lines.append(f"password: {profile.password.description}")
    lines.append(
        f"sender policy: {profile.sender.policy}"
        + (" (rewrites From)" if profile.sender.rewrites else "")
    )
    if profile.mail_domains:
        lines.append(
            f"mail domains: {', '.join(profile.mail_domains[:12])}"
            + (" …" if len(profile.mail_domains) > 12 else "")
        )
    for note in profile.notes:
        lines.append(f"note: {note}")
    lines.append("sources:")
    for source in profile.sources:
        lines.append(
            f"  [{source.tag}] {source.url}" + (f" ({source.note})" if source.note else "")
        )
    return "\n".join(lines) + "\n"
