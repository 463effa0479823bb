"""``{{ valeur|jour }}``: a date as « 05/12/2026 », what ``date:"d/m/Y"`` prints.

Django's ``date`` filter reads the format through the translation machinery and parses it at
every call: about 40 µs a date on the machine of the benchmark, two milliseconds for the
fifty dates of a caseload page, more for a long dossier (issue 18, item 3). The figures of a
French date need none of that. Same input, same output: ``tests/test_filtre_jour.py`` compares
both filters on dates, naive and aware datetimes (converted to local time first, like
``date``), empty values and values that are no date.
"""

from django import template

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def jour(valeur) -> str:
    if valeur in (None, ""):
        return ""
    try:
        return f"{valeur.day:02d}/{valeur.month:02d}/{valeur.year:04d}"
    except AttributeError:
        return ""
