"""Rendered fragments kept under the digest of what determines them (issue 18, item 3).

Django's template engine costs more than the database on the busiest pages: rendering the
dashboard's thousand cells, or the caseload's eight crispy filter fields with their hundred
options, took a third to a half of the page's server time. A fragment whose output is a pure
function of a few plain values is rendered once per distinct set of values: the cache key is
the SHA-256 of exactly these values, so two readers share an entry only when they would have
rendered the very same HTML, and any change of a value is a new key.

The caller names those values (``selon``) and must keep them complete: everything the
template reads, apart from constants of the code. Nothing nominative goes into a fragment:
the callers render no user, no request, no CSRF token there, and free text typed by a worker
(a searched name) is never cached (see ``accueil.views.dossiers``).

The default cache is local to each process (``LocMemCache``): a deployment restarts the
processes and empties it. ``VERSION_FRAGMENTS`` enters every key so that a shared cache, if
one is ever configured, cannot serve a fragment rendered by an older template.
"""

import hashlib
import json

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

# Raise it when a cached template changes its output for the same values.
VERSION_FRAGMENTS = 1
DUREE_FRAGMENTS = 3600


def empreinte(gabarit: str, selon) -> str:
    """The key of ``gabarit`` rendered for the values ``selon`` (JSON, dates as text)."""
    contenu = json.dumps([VERSION_FRAGMENTS, gabarit, selon], sort_keys=True, default=str)
    return f"fragment:{hashlib.sha256(contenu.encode()).hexdigest()}"


def fragment_en_cache(gabarit: str, contexte: dict, *, selon) -> SafeString:
    """``gabarit`` rendered with ``contexte``, once per distinct ``selon``."""
    cle = empreinte(gabarit, selon)
    html = cache.get(cle)
    if html is None:
        html = render_to_string(gabarit, contexte)
        cache.set(cle, html, DUREE_FRAGMENTS)
    return mark_safe(html)  # noqa: S308 -- our own template's output, escaped when rendered
