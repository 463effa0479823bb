import pytest

from tests.pannes.serveurs import BaseEmbarquee, Gunicorn, preparer


@pytest.fixture(scope="session")
def base_embarquee():
    """One embedded cluster, migrated once, for every outage test: deleted at the end."""
    base = BaseEmbarquee()
    try:
        base.monde = preparer(base)
        yield base
    finally:
        base.supprimer()


@pytest.fixture
def application(base_embarquee, tmp_path):
    lancees = []

    def lancer(**kwargs):
        lancees.append(Gunicorn(base_embarquee, tmp_path / "gunicorn.log", **kwargs))
        return lancees[-1]

    yield lancer
    for lancee in lancees:
        lancee.arreter()
    base_embarquee.demarrer()  # a failed test may leave it stopped
