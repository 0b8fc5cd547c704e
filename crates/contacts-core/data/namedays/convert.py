#!/usr/bin/env python3
"""Convert the xnekv03/nameday-api name-day lists into the compact files compiled into contacts-core.

Usage: python3 convert.py /path/to/namedays-by-country.json [outdir]

Input: {country: {"MM-DD": [token, ...]}} (see SOURCES.md). Output: one <cc>.txt per country,
one line per day "MM-DD<TAB>Name,Name,...", days in calendar order, days without names omitted.
Also writes convert-report.log listing every token that was changed or dropped, and why.

Cleaning, in order, for every token of a day:
 1. DROP: per-country holidays, feasts and fragments that are not personal names -> dropped.
 2. FIX: per-country explicit replacements (bad splits, abbreviations, "Ramon(a]" forms).
 3. Split on conjunctions ("Petr a Pavel", "Pietro E Paolo", "Adam i Eva", "Stefan—Staffan").
 4. A part of one word: a trailing "." is stripped; kept if it looks like a name (capital letter,
    then letters, hyphens or apostrophes), else dropped.
 5. A part of several words (a saint's name with epithets, "Katarina Sijenska", "Maria Magdalena"):
    particles (di, de la, od...), titles (STOP: Vescovo, Papa, Santo...), abbreviations ("Fr.") and
    roman numerals are removed. If every word is a name that occurs as a single-word entry in some
    country's list, the compound is kept as it is ("Maria Magdalena", "Franz Xaver"); the program
    then also finds it under each word. Otherwise the first remaining word is the saint's given name
    and is kept ("Gemma Galgani" -> "Gemma", "Caterina Da Siena" -> "Caterina"), and so is every
    further remaining word that is a single-word entry of the same country ("Juan José de la Cruz"
    -> "Juan", "José", "Cruz").
Duplicates on a day are removed, keeping the first.
"""
import json
import re
import sys
from pathlib import Path

COUNTRIES_EXCLUDED = {"fi"}  # Finnish list: University of Helsinki claims copyright (see SOURCES.md)

DROP = {
    "cz": {"Nový rok", "Tři králové", "Svátek práce", "Květnové povstání českého lidu",
           "Den osvobození ČSR", "Den slovanských věrozvěstů Cyrila a Metoděje",
           "Upálení mistra Jana Husa", "Den české státnosti",
           "Den vzniku samostatného československého státu", "Památka zesnulých",
           "Den boje za svobodu a demokracii", "Štědrý den", "1. svátek vánoční",
           "Boží hod vánoční", "2. svátek vánoční"},
    "sk": {"Nový rok", "Sviatok práce", "Pamiatka zosnulých"},
    "se": {"Nyårsdagen", "Trettondedag jul", "Marie bebådelsedag", "Johannes Döparens dag",
           "Menlösa barns dag", "Allhelgonadagen", "Juldagen"},
    "dk": {"Nytårsdag", "Hellige 3 Konger", "Pauli Omvendelsesdag", "Peters stol", "Fyrre riddere",
           "Mariæ bebudelsesdag", "Johannes ante portam", "10.000 martyrer", "Sankt Hans dag",
           "Mariæ besøgelsesdag", "Apostlenes deling", "Peter fængsel", "Kristi forklarelse",
           "Maria himmelfart", "Johannes' halshuggelsesdag", "Mariæ fødselsdag",
           "Korsets ophøjelsesdag", "Alle sjæles dag", "Maria ofring", "Mariæ undfangelse",
           "Johannesevangeliets dag", "Allehelgensdag", "Juledag"},
    "de": {"Neujahr", "Heilige", "Pauli", "Bekehrung.", "Mariä", "Lichtmess", "Petri",
           "Stuhlfeier", "Schalttag", "40", "Märtyrer", "Herrn", "Verkündigung d.", "Arbeiter",
           "Heimsuchg", "Schnee", "Christi", "Verklärung", "Himmelfahrt", "Enthauptung", "Geburt",
           "Namen", "Kreuzerhöhung", "Schutzengelfest", "Allerheiligen", "Allerseelen",
           "Empfängnis", "Abend", "Christfest", "(Weihnachten)", "Unschuldige", "Kinder",
           "3 Könige", "de", "Veuster", "Baptist"},
    "fr": {"Jour de l'An", "Mardi gras", "Rameaux +1h", "Vendredi Saint", "L. de Pâques",
           "Jour du souvenir", "Fête du travail", "L. de Pentecôte", "F. des Mères",
           "F. des Pères", "Fête Nationale", "N-D Mt-Carmel", "Nativité N.-D.", "La Ste Croix",
           "Armistice 1918", "Christ Roi", "Im. Concept.", "N.-D. Lourdes", "Conv. S. Paul",
           "Epiphanie", "Assomption", "Toussaint", "Défunt", "Noël", "Pâques", "Cendres",
           "Pentecôte", "Ascension", "Trinité"},
    "it": {"Maria Ss. Madre Di Dio", "Santissimo Nome Di Gesù", "Solennità Dell'epifania Del Signore",
           "Battesimo Di Gesu'", "Presentazione Del Signore", "Mercoledi' Delle Ceneri",
           "I Domenica Di Quaresima", "V Domenica Di Quaresima", "Domenica Delle Palme",
           "Venerdì Santo", "Pasqua Di Resurrezione", "Domenica Della Divina Misericordia",
           "Ascensione Del Signore", "Ss Trinità", "Corpus Domini", "Sacratissimo Cuore Di Gesù",
           "Trasfigurazione Del Signore", "Esaltazione Della Croce", "Cristo Re Dell'universo",
           "I Domenica Di Avvento", "Ii Domenica Di Avvento", "Iii Domenica D'avvento",
           "Iv Domenica Di Avvento", "Natale Del Signore", "Ognissanti",
           "Commemorazione Di Tutti I Fedeli Defunti", "Principe Polacco", "Frate Cappuccino",
           "Patrono D'europa", "Patrona D'europa", "Martiri Di Abitene", "Santi Martiri Messicani",
           "Martiri Coreani", "Martiri Vietnamiti", "Primi Martiri", "Angeli Custodi",
           "Dedicazione Della Basilica Lateranense", "Dedicazione Basilica Santa Maria Maggiore",
           "Dedicazione Delle Basiliche Dei Santi Pietro E Paolo",
           "Sette Fondatori Dell'ordine Dei Servi Di Maria", "Immacolata Concezione"},
    "hr": {"Uskrsni ponedjeljak", "Presveto Srce Isusovo", "Bezgrešno Srce Marijino",
           "Preobraženje Gospodinovo", "Uzvišenje sv. Križa", "Solinski mucenici",
           "Rimski prvomucenici", "Srijemski mucenici", "Drinske mucenice", "papa mucenik",
           "Kraljica Svete Krunice", "Posveta Bazilike sv. Petra i Pavla", "Christmas (Božić]",
           "Uzašašce Gosp.", "Mala Gospa", "Žalosna Gospa", "Gospa Fatimska", "Gospa Karmelska",
           "Gospa Snježna", "Gospa od Andela", "Gospa od otkupljenja", "Gospa od Zdravlja",
           "Gospa Loretska", "Gospa Trsat.", "Ime Marijino", "Pohod BDM", "Rod. BDM",
           "Prikazanje BDM", "Bezgrešno začeče BDM", "MB Kam. vrata", "Prijenos sv. Dom.",
           "Rane sv. Franje", "Velika", "Sveto", "Silvestrovo", "Zahvalnica", "ap.", "Marg.",
           "J. Kupert."},
    "es": {"-", "Epifanía", "Reyes", "Angeles Custodios"},
    "us": {"Patriot Day"},
    "lv": {"Visu neparasto un kalendāros neierakstīto vārdu diena"},
}

FIX = {
    "pl": {"Piotr. Jagoda": ["Piotr", "Jagoda"]},
    "us": {"Finn Fiona": ["Finn", "Fiona"], "Yesenia and Yessenia": ["Yesenia", "Yessenia"]},
    "hu": {"Lénárd Nuno": ["Lénárd", "Nuno"]},
    "at": {"Anna Katharina(e)": ["Anna Katharina", "Anna Katharinae"], "Simon (e)": ["Simon", "Simone"],
           "K(C)lemens": ["Klemens", "Clemens"], "Ramon(a]": ["Ramon", "Ramona"],
           "Gabriel(a]": ["Gabriel", "Gabriela"], "Michael(a]": ["Michael", "Michaela"],
           "Rafael(a)": ["Rafael", "Rafaela"], "K(C)ordula": ["Kordula", "Cordula"],
           "Karl(a]": ["Karl", "Karla"], "Andrea(s]": ["Andrea", "Andreas"],
           "Guntram Ingbert": ["Guntram", "Ingbert"]},
    # German abbreviations of saints' names, expanded (the feast day confirms the saint).
    "de": {"Hieronymus.": ["Hieronymus"], "Polyk.": ["Polykarp"], "Perpet.": ["Perpetua"],
           "Ephr.": ["Ephräm"], "Vigil.": ["Vigilius"], "Eustach.": ["Eustachius"],
           "Amand.": ["Amandus"], "Willibr.": ["Willibrord"], "Columb.": ["Columban"],
           "Johann.": ["Johannes"], "Eva Hl.": ["Eva"]},
    "dk": {"St. Michael": ["Michael"], "Knud Konge": ["Knud"], "Morten Bisp": ["Morten"],
           "Peter Martyr": ["Peter"], "Beda den Ærværdige": ["Beda"]},
    "fr": {"Marie-Mad.": ["Marie-Madeleine"], "Jean-Bapt.": ["Jean-Baptiste"], "Jacq.": ["Jacques"],
           "Phil.": ["Philippe"], "Joach.": ["Joachim"], "Dam.": ["Damien"],
           "Jean.-d'Arc": ["Jeanne"], "Basile Pleine": ["Basile"], "Prés. Marie": ["Marie"],
           "Fr. de Sales": ["François"], "Th. d'Aquin": ["Thomas"], "Cath. de Suè.": ["Catherine"],
           "J.-B. de la S.": ["Jean-Baptiste"], "J.-Fr. Régis": ["Jean-François", "Régis"],
           "Julien-Eym.": ["Julien"], "J.-M. Vianney": ["Jean-Marie"], "Vinc. de P.": ["Vincent"],
           "Thér. de l'E.": ["Thérèse"], "Fr. d'Assise": ["François"], "Thér. d'Avila": ["Thérèse"],
           "Jacq. de la M.": ["Jacques"], "Jean. Fr.-Ch.": ["Jeanne-Françoise"]},
    "hr": {"hence Božidar": ["Božidar"]},
    "it": {"Maria Maddalena": ["Maria Maddalena"]},
    "se": {"Olaus Petri": ["Olaus"], "Martin Luther": ["Martin"]},
}

CONJUNCTIONS = {"a", "i", "e", "E", "Ed", "ed", "and", "und", "u.", "&"}

# Titles and epithets that are not given names, even where the list has them as a single entry.
STOP = {
    "it": {"Santo", "Santa", "Santi", "Sante", "San", "Ss", "Ss.", "Beata", "Beato", "Vergine",
           "Martire", "Martiri", "Papa", "Vescovo", "Diacono", "Dottore", "Chiesa", "Sacerdote",
           "Sacerdoti", "Abate", "Apostolo", "Apostoli", "Vedova", "Religiosa", "Anacoreta", "Padre",
           "Monaci", "Evangelista", "Natività", "Conversione", "Cattedra", "Martirio", "Solennità",
           "Signore", "Domenica", "Croce", "Visitazione", "Assunzione", "Presentazione", "Cuore",
           "Immacolato", "Re", "Magno", "Compagni", "Archimandrita", "Arcangeli", "Primo"},
    "hr": {"Sv.", "Bl.", "bl.", "Gospa", "Padre", "Majka"},
    "es": {"Abad"},
    "de": {"Heilige"},
}

NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*$")


def looks_like_name(word):
    return bool(NAME_WORD.match(word)) and word[0].isupper()


def split_conjunctions(token):
    token = token.replace("—", " a ") if "—" in token else token
    parts, cur = [], []
    for w in token.split():
        if w in CONJUNCTIONS:
            if cur:
                parts.append(cur)
            cur = []
        else:
            cur.append(w)
    if cur:
        parts.append(cur)
    return parts


ROMAN = re.compile(r"^[IVX]+$", re.IGNORECASE)
PARTICLES = {"de", "del", "della", "delle", "dei", "degli", "di", "da", "des", "du", "la", "le", "von",
             "van", "of", "from", "od", "bar", "den", "d'", "dell'"}


def single_word_name(word, stop):
    """A one-word part: a name, or None. A trailing dot marks an abbreviation when short ("Ev.")."""
    w = word.rstrip(".")
    if len(w) < 2 or (word.endswith(".") and len(w) < 4):
        return None
    return w if looks_like_name(w) and w not in stop else None


def name_words(words, stop):
    """The words of a multi-word part that may be given names, in order (particles, titles,
    abbreviations and roman numerals removed; "Sant'ubaldo" -> "Ubaldo")."""
    out = []
    for i, w in enumerate(words):
        if w.lower().startswith("sant'") and len(w) > 6:
            w = w[5].upper() + w[6:]
        if "." in w or w.lower() in PARTICLES or w in stop or (i > 0 and ROMAN.match(w)):
            continue
        if "'" in w and w.split("'")[0].lower() in {"d", "dell", "l"}:
            continue
        if len(w) >= 2 and looks_like_name(w):
            out.append(w)
    return out


def global_singles(data):
    """Every single-word entry of every country: the words known to be given names."""
    singles = set()
    for cc, days in data.items():
        drop = DROP.get(cc, set())
        for names in days.values():
            for t in names:
                t = t.strip()
                if " " not in t and t not in drop and single_word_name(t, set()):
                    singles.add(t.rstrip("."))
    return singles


def clean_country(cc, days, singles):
    drop, fix, stop = DROP.get(cc, set()), FIX.get(cc, {}), STOP.get(cc, set())
    local = global_singles({cc: days})
    report, out = [], {}
    for md in sorted(days):
        result = []
        for raw in days[md]:
            t = raw.strip()
            if t in drop:
                report.append(f"{cc} {md} {raw!r}: dropped (not a personal name)")
                continue
            if t in fix:
                new = fix[t]
                report.append(f"{cc} {md} {raw!r}: fixed -> {new}")
                result.extend(new)
                continue
            produced = []
            for words in split_conjunctions(t):
                if len(words) == 1:
                    w = single_word_name(words[0], stop)
                    if w:
                        produced.append(w)
                    continue
                cand = name_words(words, stop)
                if len(cand) == len(words) and all(w in singles for w in words):
                    produced.append(" ".join(words))
                elif cand:
                    produced.append(cand[0])
                    produced.extend(w for w in cand[1:] if w in local)
            if produced != [t]:
                report.append(f"{cc} {md} {raw!r}: -> {produced}" if produced
                              else f"{cc} {md} {raw!r}: dropped (no name left)")
            result.extend(produced)
        seen, uniq = set(), []
        for n in result:
            if n not in seen:
                seen.add(n)
                uniq.append(n)
        if uniq:
            out[md] = uniq
    return out, report


def main():
    src = Path(sys.argv[1])
    outdir = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent
    data = json.loads(src.read_text(encoding="utf-8"))
    report = []
    singles = global_singles({cc: d for cc, d in data.items() if cc not in COUNTRIES_EXCLUDED})
    for cc in sorted(data):
        if cc in COUNTRIES_EXCLUDED:
            continue
        days, rep = clean_country(cc, data[cc], singles)
        report.extend(rep)
        for md, names in days.items():
            assert all("," not in n and "\t" not in n for n in names), (cc, md, names)
        lines = [f"{md}\t{','.join(names)}\n" for md, names in days.items()]
        (outdir / f"{cc}.txt").write_text("".join(lines), encoding="utf-8")
    (outdir / "convert-report.log").write_text("\n".join(report) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
