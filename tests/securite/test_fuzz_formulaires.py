"""Every form of the application, fuzzed: never a server error, never an unescaped script,
and nothing it accepts breaks a page afterwards.

The forms are found by reading the pages the role × URL matrix says a persona reaches, so
a new form is fuzzed as soon as its URL has its row. Each payload starts from what a
browser would send and replaces some fields by hostile values (extreme dates included:
year 1, year 9999). What the form accepts is stored; then every page that can show it
is visited by every persona who reaches it, and none may answer 500 (issue 12, item 4:
a convention ending on 31/12/9999 was accepted, then broke the pages of all its readers).
"""

import pytest
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intervenants.envois import CHAMP as CHAMP_JETON
from tests.matrice import OK
from tests.navigateur import donnees_envoyees, formulaires_post
from tests.test_matrice_permissions import LIGNES

pytestmark = pytest.mark.django_db

CHARGE = "<script>alert('tu')</script>"
ENORMES = ["x" * 100_000, "é" * 5_000, "9" * 400]
DATES_EXTREMES = [
    "0001-01-01",
    "9999-12-31",
    "9999-01-01",
    "1899-12-31",
    "1900-01-01",
    "1999-12-31",
    "2100-12-31",
    "2101-01-01",
]
PIEGES = [
    CHARGE,
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE accueil_personne; --",
    "\u202e\u200b\ufeff",
    "𝓩𝓮𝓫𝓾𝓵𝓸𝓷",
    "\x00",
    "-1",
    "0",
    "2026-02-30",
    "31/12/9999",
    "NaN",
    " ",
    *DATES_EXTREMES,
]
valeur = st.one_of(st.sampled_from(PIEGES + ENORMES), st.text(max_size=300))
# Dates as a date picker sends them, from year 1 to year 9999.
date = st.one_of(
    st.sampled_from(DATES_EXTREMES),
    st.dates().map(lambda jour: f"{jour.year:04d}-{jour.month:02d}-{jour.day:02d}"),
)
# Downloads and dashboards render the most: visited, not fuzzed (they hold no POST form).
VISITES_SEULEMENT = ("pdf", "export", "grille")


def _lecteurs(ligne):
    return [p for p, attendu in ligne.attendus.items() if attendu == OK and p != "anonyme"]


def _pages_a_formulaire():
    for nom, ligne in sorted(LIGNES.items()):
        if ligne.methode != "get" or any(m in nom for m in VISITES_SEULEMENT):
            continue
        lecteurs = _lecteurs(ligne)
        if lecteurs:
            yield pytest.param(nom, lecteurs[0], id=nom)


def _objet(url: str) -> str | None:
    """``/conventions/5/modifier/`` → ``/conventions/5``: the object a URL is about."""
    parties = url.split("/")
    return next(("/".join(parties[: i + 1]) for i, p in enumerate(parties) if p.isdigit()), None)


def _pages_a_revoir(url_fuzzee, kwargs_fuzzes):
    """Every page that can show what the fuzzed form stored: the pages of the same object
    (its detail, its PDF...), and those built without an object (lists, calendars,
    dashboards, exports)."""
    for nom, ligne in sorted(LIGNES.items()):
        if ligne.methode != "get":
            continue
        try:
            kwargs = ligne.kwargs(None)  # no world given: fails for a page about an object
        except (AttributeError, TypeError):
            try:
                url = reverse(nom, kwargs=kwargs_fuzzes)
            except NoReverseMatch:
                continue
            if _objet(url) is not None and _objet(url) == _objet(url_fuzzee):
                yield nom, url
            continue
        yield nom, reverse(nom, kwargs=kwargs)


def _formulaires(page, url):
    """The page's POST forms, each with the URL it posts to (logging out left aside)."""
    deconnexion = reverse("intervenants:deconnexion")
    for form in formulaires_post(page.content.decode()):
        action = form["attrs"].get("action") or url
        if action != deconnexion:
            yield action, form


@pytest.mark.parametrize("nom, persona", list(_pages_a_formulaire()))
def test_formulaire_resiste_aux_saisies_hostiles(nom, persona, monde, client_de):
    client = client_de(persona)
    kwargs = LIGNES[nom].kwargs(monde)
    url = reverse(nom, kwargs=kwargs)
    page = client.get(url)
    if "text/html" not in page.get("Content-Type", ""):
        pytest.skip("pas une page HTML")
    formulaires = list(_formulaires(page, url))
    if not formulaires:
        pytest.skip("pas de formulaire POST sur cette page")
    acceptes = []

    @settings(
        max_examples=8,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(st.data())
    def envoyer(data):
        action, form = data.draw(st.sampled_from(formulaires))
        donnees = donnees_envoyees(form)
        champs = sorted(
            ({n for n, _ in form["controles"]} | set(form["types"])) - {"csrfmiddlewaretoken"}
        )
        if not champs:
            return
        # A few fields changed, the rest as the browser sends it: the payload may be
        # accepted, and stored. Dates often, since a stored absurd date broke pages.
        dates = [c for c in champs if form["types"].get(c) == "date"]
        parmi = dates if dates and data.draw(st.booleans()) else champs
        cibles = data.draw(st.lists(st.sampled_from(parmi), min_size=1, max_size=3, unique=True))
        if data.draw(st.integers(0, 3)) == 0:
            cibles = champs  # now and then, every field hostile at once
        if CHAMP_JETON not in cibles:
            # The single-use token (intervenants/envois.py) would turn every sending after
            # the first accepted one into "already recorded": sent only when fuzzed itself.
            donnees.pop(CHAMP_JETON, None)
        for champ in cibles:
            choix = form["options"].get(champ)
            if choix and data.draw(st.booleans()):
                donnees[champ] = [data.draw(st.sampled_from(choix))]
            elif form["types"].get(champ) == "date":
                donnees[champ] = [data.draw(date)]
            else:
                donnees[champ] = [data.draw(valeur)]
        response = client.post(action, donnees)
        assert response.status_code in (200, 302, 400, 404, 429), response.status_code
        if "text/html" in response.get("Content-Type", ""):
            assert CHARGE not in response.content.decode()
        if response.status_code == 302:
            acceptes.append(action)

    envoyer()
    # And, not left to chance, each date field at each end of the calendar, kept when
    # accepted: the form is reopened after each save, as a user would, so that every
    # absurd date it accepts is stored at once when the pages are visited.
    for action, form in formulaires:
        for champ in [c for c, t in sorted(form["types"].items()) if t == "date"]:
            for extreme in ("0001-01-01", "9999-12-31"):
                actuel = _rouvrir(client, url, action, champ)
                if actuel is None:
                    continue
                response = client.post(action, donnees_envoyees(actuel) | {champ: [extreme]})
                assert response.status_code in (200, 302, 400, 404, 429), response.status_code
                if response.status_code == 302:
                    acceptes.append(action)
    if acceptes:
        _revoir_tout(url, kwargs, client_de)


def _rouvrir(client, url, action, champ):
    """The form posting to ``action`` with ``champ``, as the page shows it now."""
    page = client.get(url)
    if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
        return None
    return next(
        (f for a, f in _formulaires(page, url) if a == action and champ in f["types"]), None
    )


def _revoir_tout(url_fuzzee, kwargs_fuzzes, client_de):
    """Every page that can show the stored payloads, by every persona who reaches it."""
    erreurs = []
    for nom, url in _pages_a_revoir(url_fuzzee, kwargs_fuzzes):
        for persona in _lecteurs(LIGNES[nom]):
            statut = client_de(persona).get(url).status_code
            if statut >= 500:
                erreurs.append(f"{persona} {url} : {statut}")
    assert erreurs == []
