"""Cross-cutting: hostile input, bombs, deadlines, secrets that must never show, fuzz replays."""
