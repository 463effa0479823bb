"""The benchmark's saturation curve (issue 18, item 2): the mixed load of the write phase —
50 intervenantes writing on 10 posts, 20 chiefs and coordinators reading — with shorter and
shorter think times, step by step, until the p95 of all requests passes 300 ms.

Each step reports its sustained throughput (requests completed per second), its p50 and p95,
its errors, and where the processor went: gunicorn's workers (Python, templates, the ORM),
PostgreSQL's processes, this process (the simulated users), per request. The highest
throughput of a step still under 300 ms is compared with the estimated national peak
(:func:`pic_national`, reasoning in docs/performance.md): the target is twice that peak.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from dataclasses import dataclass

import psutil

# Think time of every simulated person, as a factor of the write phase's (1 to 3 s between
# two actions): 2 = half as fast, 0.05 = one action every ~0.1 s.
RYTHMES = (2.0, 1.0, 0.6, 0.35, 0.2, 0.1, 0.05)
PLAFOND_P95_S = 0.300

# --- The national peak ----------------------------------------------------------------------

POSTES_PREVUS = 600
JOURS_OUVRES = 220
HEURES_OUVREES = 7
# Around each record written: its form, the POST, the page it leads to, and three pages read
# (the caseload, the file, the home page).
REQUETES_PAR_ENREGISTREMENT = 6
# Officers sending referrals, chiefs, employers, coordinators, councils: a quarter more.
PART_DES_AUTRES_LECTEURS = 0.25
# The busiest hour of the busiest day against an average working hour.
FACTEUR_DE_POINTE = 3


def pic_national(enregistrements_par_poste_et_par_an: float, postes: int = POSTES_PREVUS) -> dict:
    """Requests per second at the national peak, from the records a post writes in a year."""
    par_jour = enregistrements_par_poste_et_par_an / JOURS_OUVRES
    par_heure = (
        par_jour
        * REQUETES_PAR_ENREGISTREMENT
        * (1 + PART_DES_AUTRES_LECTEURS)
        / HEURES_OUVREES
        * FACTEUR_DE_POINTE
    )
    return {
        "enregistrements_par_poste_et_par_jour": round(par_jour, 1),
        "requetes_par_poste_a_l_heure_de_pointe": round(par_heure, 1),
        "postes": postes,
        "requetes_par_seconde": round(postes * par_heure / 3600, 1),
    }


def enregistrements_par_poste_et_par_an() -> float:
    """From the benchmark's own database: every record a worker writes (situations, referrals,
    interviews, acts, orientations, transmissions) per post and per year of its history."""
    from django.db.models import Max, Min

    from accueil.models import Acte, Entretien, Orientation, Saisine, Situation, Transmission
    from intervenants.models import Poste

    bornes = Saisine.objects.aggregate(debut=Min("date_saisine"), fin=Max("date_saisine"))
    annees = max((bornes["fin"] - bornes["debut"]).days / 365.25, 1 / 12)
    total = sum(
        m.objects.count() for m in (Situation, Saisine, Entretien, Acte, Orientation, Transmission)
    )
    return total / Poste.objects.count() / annees


# --- Where the processor goes ---------------------------------------------------------------


def cpu_postgres() -> dict[int, float]:
    """Processor seconds used so far by each of the machine's PostgreSQL processes."""
    temps = {}
    for processus in psutil.process_iter(["name"]):
        if (processus.info["name"] or "").startswith("postgres"):
            with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                t = processus.cpu_times()
                temps[processus.pid] = t.user + t.system
    return temps


def _cpu_postgres_entre(avant: dict[int, float], apres: dict[int, float]) -> float:
    """What PostgreSQL used between two readings: a backend started since counts from zero;
    one that ended took its last seconds with it (a slight undercount, never negative)."""
    return sum(max(t - avant.get(pid, 0.0), 0.0) for pid, t in apres.items())


@dataclass
class Palier:
    rythme: float
    requetes: int
    debit_rps: float
    p50_ms: float
    p95_ms: float
    envois_p95_ms: float
    erreurs: int
    processeur_occupe: float
    cpu_application_ms: float
    cpu_postgres_ms: float
    cpu_generateur_ms: float

    @property
    def tenu(self) -> bool:
        return self.p95_ms <= 1000 * PLAFOND_P95_S and self.erreurs == 0


def _palier(rythme, duree, preparation, lecteurs, sessions, gunicorn, bench, ecritures) -> Palier:
    fin = time.monotonic() + duree
    ecrivaines = ecritures.Ecrivaines(preparation, bench.PORT, fin, rythme=rythme)
    lectures: list = []
    verrou = threading.Lock()
    fils = [
        threading.Thread(target=ecrivaines.ecrire, args=(rang, r), daemon=True)
        for rang, r in enumerate(preparation.redactrices)
    ]
    fils += [
        threading.Thread(
            target=bench.lire_en_boucle,
            args=(500 + rang, f"sessionid={sessions[u.pk]}", urls, fin, lectures, verrou),
            kwargs={"rythme": rythme},
            daemon=True,
        )
        for rang, (u, urls) in enumerate(lecteurs)
    ]
    avant = (
        ecritures._cpu_de(gunicorn.pid),
        cpu_postgres(),
        sum(psutil.Process().cpu_times()[:2]),
        psutil.cpu_times(),
    )
    debut = time.monotonic()
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=duree + 120)
    ecoule = time.monotonic() - debut
    apres = (
        ecritures._cpu_de(gunicorn.pid),
        cpu_postgres(),
        sum(psutil.Process().cpu_times()[:2]),
        psutil.cpu_times(),
    )
    # Every request of the step: the writers' POSTs and pages, the readers' pages.
    durees = [e.duree for e in ecrivaines.envois]
    durees += [d for d, _, _ in ecrivaines.pages]
    durees += [d for _, d, _, _ in lectures]
    erreurs = sum(1 for e in ecrivaines.envois if e.issue == "erreur")
    erreurs += sum(1 for _, statut, _ in ecrivaines.pages if statut not in (200, 302))
    erreurs += sum(1 for x in lectures if x[2] != 200)
    n = max(len(durees), 1)
    return Palier(
        rythme=rythme,
        requetes=len(durees),
        debit_rps=round(len(durees) / ecoule, 1),
        p50_ms=round(1000 * bench.centile(durees, 0.5), 1),
        p95_ms=round(1000 * bench.centile(durees, 0.95), 1),
        envois_p95_ms=round(1000 * bench.centile([e.duree for e in ecrivaines.envois], 0.95), 1),
        erreurs=erreurs,
        processeur_occupe=round(ecritures._occupation(avant[3], apres[3]), 2),
        cpu_application_ms=round(1000 * (apres[0] - avant[0]) / n, 1),
        cpu_postgres_ms=round(1000 * _cpu_postgres_entre(avant[1], apres[1]) / n, 1),
        cpu_generateur_ms=round(1000 * (apres[2] - avant[2]) / n, 1),
    )


def courbe(personas, annee: int, res, url: str, bench, duree_palier: float = 20.0) -> dict:
    """Run the steps; record the curve, the national peak and the target in ``res``."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from tests.perf import ecritures

    preparation = ecritures.preparer()
    lecteurs = ecritures.lecteurs(personas, preparation, annee, bench)
    sessions = bench.ouvrir_sessions(
        [r.compte for r in preparation.redactrices] + [u for u, _ in lecteurs]
    )
    for r in preparation.redactrices:
        r.session = sessions[r.compte.pk]
    paliers: list[Palier] = []
    print(
        f"  {len(preparation.redactrices)} rédactrices et {len(lecteurs)} lecteurs ; paliers de "
        f"{duree_palier:.0f} s, temps de réflexion × {', '.join(str(r) for r in RYTHMES)}",
        flush=True,
    )
    with bench.serveur_gunicorn(url) as gunicorn:
        for rythme in RYTHMES:
            p = _palier(
                rythme, duree_palier, preparation, lecteurs, sessions, gunicorn, bench, ecritures
            )
            paliers.append(p)
            print(
                f"    × {rythme:<5} {p.debit_rps:>6.1f} req/s  p50 {p.p50_ms:>7.1f} ms  "
                f"p95 {p.p95_ms:>7.1f} ms  (envois p95 {p.envois_p95_ms} ms, "
                f"{p.erreurs} erreurs) ; "
                f"processeur {100 * p.processeur_occupe:.0f} % : par requête gunicorn "
                f"{p.cpu_application_ms} ms, PostgreSQL {p.cpu_postgres_ms} ms, générateur "
                f"{p.cpu_generateur_ms} ms",
                flush=True,
            )
            if not p.tenu:
                break
    try:
        call_command("verifier_cumuls", stdout=open(os.devnull, "w"))  # noqa: SIM115
        cumuls_exacts = True
    except CommandError:
        cumuls_exacts = False

    tenus = [p for p in paliers if p.tenu]
    meilleur = max(tenus, key=lambda p: p.debit_rps) if tenus else None
    pic = pic_national(enregistrements_par_poste_et_par_an())
    debit = meilleur.debit_rps if meilleur else 0.0
    print(
        f"  débit soutenu (p95 ≤ 300 ms, 0 erreur) : {debit} req/s ; pic national estimé : "
        f"{pic['requetes_par_seconde']} req/s ({pic['enregistrements_par_poste_et_par_jour']} "
        f"enregistrements par poste et par jour, {pic['requetes_par_poste_a_l_heure_de_pointe']} "
        f"requêtes par poste à l'heure de pointe, {pic['postes']} postes) ; "
        f"verifier_cumuls : {'aucun écart' if cumuls_exacts else 'ÉCARTS'}",
        flush=True,
    )
    mesure = {
        "paliers": [p.__dict__ for p in paliers],
        "debit_soutenu_rps": debit,
        "pic_national": pic,
        "cumuls_exacts": cumuls_exacts,
    }
    res.mesures["saturation"] = mesure
    res.cible(
        "saturation : débit soutenu ≥ 2 × pic national",
        debit >= 2 * pic["requetes_par_seconde"],
        f"{debit} req/s ≥ 2 × {pic['requetes_par_seconde']}",
    )
    res.cible(
        "saturation : verifier_cumuls sans écart",
        cumuls_exacts,
        "aucun écart" if cumuls_exacts else "écarts",
    )
    return mesure
