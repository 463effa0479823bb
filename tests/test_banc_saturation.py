"""The saturation curve's arithmetic (tests/perf/saturation.py): the national peak it
compares with, and the processor time it reports. The curve itself runs in ``make bench``."""

from tests.perf.saturation import Palier, _cpu_postgres_entre, pic_national


def test_le_pic_national_se_deduit_des_enregistrements_d_un_poste():
    # 7 700 records a post-year: 35 a working day, 6 requests each, a quarter more for the
    # other readers, over 7 hours, times 3 at the peak: 112.5 requests per post-hour.
    pic = pic_national(7700)
    assert pic["enregistrements_par_poste_et_par_jour"] == 35.0
    assert pic["requetes_par_poste_a_l_heure_de_pointe"] == 112.5
    assert pic["requetes_par_seconde"] == 18.8  # 600 posts
    assert pic_national(7700, postes=300)["requetes_par_seconde"] == 9.4


def test_le_processeur_de_postgresql_ne_compte_jamais_en_negatif():
    avant = {10: 5.0, 11: 2.0, 12: 1.0}
    # 11 went on, 12 ended (its seconds are gone with it), 13 started.
    apres = {10: 5.5, 11: 3.0, 13: 0.25}
    assert _cpu_postgres_entre(avant, apres) == 1.75


def test_un_palier_est_tenu_sous_300_ms_et_sans_erreur():
    commun = {
        "rythme": 1.0,
        "requetes": 100,
        "debit_rps": 10.0,
        "p50_ms": 20.0,
        "envois_p95_ms": 50.0,
        "processeur_occupe": 0.5,
        "cpu_application_ms": 15.0,
        "cpu_postgres_ms": 4.0,
        "cpu_generateur_ms": 1.0,
    }
    assert Palier(p95_ms=300.0, erreurs=0, **commun).tenu
    assert not Palier(p95_ms=300.1, erreurs=0, **commun).tenu
    assert not Palier(p95_ms=100.0, erreurs=1, **commun).tenu
