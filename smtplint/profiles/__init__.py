"""Provider profiles: facts about SMTP providers, kept as data."""

from smtplint.profiles.index import HostMatch, ProfileIndex, load_index
from smtplint.profiles.load import ProfileError, builtin_profiles_dir, load_profile
from smtplint.profiles.schema import Profile

__all__ = [
    "HostMatch",
    "Profile",
    "ProfileError",
    "ProfileIndex",
    "builtin_profiles_dir",
    "load_index",
    "load_profile",
]
