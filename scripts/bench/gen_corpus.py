#!/usr/bin/env python3
"""Deterministic synthetic news corpus for the newsdex benchmarks.

    gen_corpus.py --size 10000 --out /tmp/newsdex-corpus-10000 [--seed 42]

Each article is generated from its own RNG seeded by (seed, number), so the
first 1000 articles of the 10000 corpus are the 1000 corpus. What it imitates:
  - length: log-normal words per article, median 400 (sigma 0.6, 40..4000)
  - vocabulary: Zipf-Mandelbrot over real English news words followed by a long
    tail of made-up words with English endings (the stemmer has work to do)
  - a recurring cast: 400 people and 120 real places with Zipfian popularity,
    named in full, then "Mr/Ms Surname"; datelines and dates in the text
  - formats: 75% .txt with Title:/Date:/Source:/Author: header, 12% .txt with
    only a headline line and a dateline, 13% .md with YAML front matter
A manifest with the cast and date range is written to OUT.manifest.json
(beside the folder, so indexers do not see it).
"""
import argparse
import datetime
import itertools
import json
import math
import os
import random
import sys

# Common English and news words, roughly by frequency; the Zipf head.
HEAD = """the of and to a in that is for on said was with he it as at by from his be have has but
are not an they who this were been had their will which its or after one more would about also
two new first year over than when other into last government people up some there all we out time
years but could told minister president police state she her against week country officials
there world between under city since national security first three just percent public most
month only during before like report company while did market party such economic because them
deal military them these many during talks former what support group day law where court
election health international may new through back leader economy later four five killed price
million billion oil trade rate including workers own well still cent power while attack forces
say even way plan high both political news house time home capital foreign chief water energy
early national spokesman statement percent school border war peace team season match league
cup championship coach players club goal win victory defeat final minister parliament vote
votes voters campaign opposition reform budget tax taxes bank banks inflation growth shares
investors stocks prices exports imports industry factory factories jobs unemployment strike
protest protests protesters crowd rally troops soldiers army navy missile missiles drone
drones ceasefire negotiations agreement treaty summit leaders delegation ambassador embassy
sanctions aid refugees migrants flood floods earthquake storm fire fires wildfire drought
climate emissions scientists research study university hospital doctors patients vaccine
disease outbreak virus hospitals students teachers schools children women men families
residents village villages region regions province capital streets bridge railway airport
flights airline passengers ship ships port coast island islands river mountain museum
festival film music artist album concert award awards director series book author
technology internet software data digital phone phones companies startup chips satellite
space launch rocket mission astronauts court judge trial lawyers charges prison sentence
investigation prosecutors evidence murder arrested suspect victims witnesses journalist
journalists media newspaper television broadcast interview minister's ministry officials
spokeswoman agency agencies committee council commission organisation union unions members
million thousands hundreds dozens several nearly almost about around according announced
reported expected planned agreed rejected warned denied confirmed called added described
increased decreased rising falling record highest lowest largest biggest smaller major
important significant serious recent previous next following final annual quarterly
monday tuesday wednesday thursday friday saturday sunday morning evening night today
yesterday tomorrow""".split()

SUFFIXES = ["", "", "", "s", "ing", "ed", "er", "ers", "ation", "ations", "ment", "ments", "ly", "ness",
            "al", "ive", "ity", "ist", "ists", "ism", "ous", "ful", "less", "able"]
ONSETS = ["b", "br", "c", "ch", "cl", "cr", "d", "dr", "f", "fl", "fr", "g", "gr", "h", "j", "k", "l", "m", "n",
          "p", "pl", "pr", "qu", "r", "s", "sh", "sl", "st", "str", "t", "th", "tr", "v", "w", "wh", "z"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ee", "io", "ou", "oa"]
CODAS = ["", "n", "r", "l", "s", "t", "nd", "nt", "rt", "st", "ck", "m", "ng", "x"]

FIRST = """Anna Maria Elena Sofia Olga Irina Aisha Fatima Leila Amina Priya Mei Yuki Sara Laura Claire
Emma Grace Hannah Julia Nadia Zara Ines Lucia Carmen Ingrid Astrid Noor Dana Ruth John James David
Michael Peter Paul Thomas Daniel Ahmed Omar Ali Hassan Ivan Sergei Dmitri Nikolai Viktor Pavel
Marco Luca Pierre Jean Hans Karl Lars Erik Carlos Diego Juan Rafael Kenji Hiroshi Wei Chen Arjun
Rahul Kwame Kofi Samuel Joseph Ibrahim Yusuf Tomas Jakub Andrzej Mateo""".split()
LAST = """Petrova Ivanov Smirnov Kuznetsov Novak Kowalski Nowak Horvat Kovacs Nagy Muller Schmidt
Schneider Fischer Weber Meyer Wagner Becker Rossi Russo Ferrari Esposito Bianchi Romano Garcia
Fernandez Lopez Martinez Sanchez Perez Gonzalez Rodriguez Dubois Laurent Bernard Moreau Lefebvre
Jansen Visser Bakker Larsen Nielsen Hansen Johansson Lindqvist Andersson Okafor Mensah Osei
Boateng Adeyemi Nkosi Dlamini Haddad Khalil Nasser Rahman Hussain Khan Sharma Gupta Patel Singh
Tanaka Suzuki Takahashi Watanabe Wang Zhang Liu Huang Kim Park Lee Nguyen Tran Silva Santos
Oliveira Costa Pereira Murphy Kelly Walsh Byrne Campbell Stewart Morgan Hughes Price Baker
Bekov Nurlanov Seitkali Abenova""".split()
PLACES = """London Paris Berlin Madrid Rome Lisbon Dublin Brussels Amsterdam Vienna Prague Warsaw
Budapest Bucharest Sofia Athens Istanbul Ankara Kyiv Moscow Minsk Vilnius Riga Tallinn Helsinki
Stockholm Oslo Copenhagen Reykjavik Geneva Zurich Milan Barcelona Munich Hamburg Lyon Marseille
Manchester Edinburgh Glasgow Cardiff Belfast Cairo Lagos Nairobi Accra Addis Ababa Johannesburg
Cape Town Kinshasa Dakar Casablanca Tunis Algiers Khartoum Kampala Dar es Salaam Tehran Baghdad
Damascus Beirut Amman Jerusalem Riyadh Doha Dubai Kabul Islamabad Karachi Delhi Mumbai Kolkata
Dhaka Colombo Kathmandu Bangkok Hanoi Manila Jakarta Singapore Kuala Lumpur Beijing Shanghai
Hong Kong Taipei Seoul Tokyo Osaka Sydney Melbourne Auckland Astana Almaty Tashkent Bishkek
Baku Tbilisi Yerevan Ottawa Toronto Montreal Vancouver Washington New York Chicago Los Angeles
Houston Miami Mexico City Havana Bogota Lima Santiago Buenos Aires Brasilia Sao Paulo Caracas
Quito France Germany Spain Italy Poland Ukraine Russia China India Japan Brazil Kenya Nigeria
Egypt Turkey Iran Iraq Syria Kazakhstan Canada Mexico Argentina Australia""".split("\n")
SOURCES = ["Steppe Wire", "Northern Ledger", "Daily Meridian", "Harbour Times", "Continental Post",
           "Orbit Science Weekly", "The Civic Courier", "Market Signal", "Gallery & Stage", "Field & Goal",
           "Evening Dispatch", "Capital Review", "Coastline Herald", "Global Desk", "Morning Standard"]
SECTIONS = ["world", "politics", "business", "sport", "science", "culture"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
FIRST_DAY = datetime.date(2023, 1, 1)
LAST_DAY = datetime.date(2025, 6, 30)


def split_places():
    names = []
    for line in PLACES:
        # Multi-word names are written with single spaces on one line; split on double meaning:
        # we keep known two-word names together.
        words = line.split()
        i = 0
        while i < len(words):
            two = " ".join(words[i:i + 2])
            three = " ".join(words[i:i + 3])
            if three in ("Dar es Salaam",):
                names.append(three)
                i += 3
            elif two in ("Addis Ababa", "Cape Town", "Kuala Lumpur", "Hong Kong", "New York", "Los Angeles",
                         "Mexico City", "Buenos Aires", "Sao Paulo"):
                names.append(two)
                i += 2
            else:
                names.append(words[i])
                i += 1
    return names


class World:
    """The shared, seed-determined parts: vocabulary, cast, places."""

    def __init__(self, seed, vocabulary_size=60000):
        rng = random.Random(seed)
        head = list(dict.fromkeys(w.lower() for w in HEAD))
        seen = set(head)
        tail = []
        while len(head) + len(tail) < vocabulary_size:
            syllables = rng.choice((1, 2, 2, 2, 2, 3))
            word = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables))
            word += rng.choice(SUFFIXES)
            if word not in seen and len(word) > 2:
                seen.add(word)
                tail.append(word)
        self.vocabulary = head + tail
        # Zipf-Mandelbrot: weight 1 / (rank + 2.7)^1.05
        self.cum_weights = list(itertools.accumulate(1.0 / (r + 2.7) ** 1.05 for r in range(len(self.vocabulary))))
        people = set()
        while len(people) < 400:
            people.add((rng.choice(FIRST), rng.choice(LAST)))
        self.people = sorted(people)
        rng.shuffle(self.people)
        self.places = split_places()
        rng.shuffle(self.places)
        self.people_weights = list(itertools.accumulate(1.0 / (r + 1) for r in range(len(self.people))))
        self.place_weights = list(itertools.accumulate(1.0 / (r + 1) ** 0.9 for r in range(len(self.places))))

    def manifest(self):
        return {"people": [" ".join(p) for p in self.people], "places": self.places,
                "first_day": FIRST_DAY.isoformat(), "last_day": LAST_DAY.isoformat(),
                "sources": SOURCES, "head_words": self.vocabulary[:2000]}


def long_date(day):
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def make_article(world, seed, number):
    rng = random.Random(seed * 1_000_003 + number)
    words = int(min(4000, max(40, rng.lognormvariate(math.log(400), 0.6))))
    day = FIRST_DAY + datetime.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    section = rng.choice(SECTIONS)
    cast = rng.choices(world.people, cum_weights=world.people_weights, k=rng.randint(1, 4))
    places = rng.choices(world.places, cum_weights=world.place_weights, k=rng.randint(1, 3))
    mentioned = set()

    def person():
        first, last = rng.choice(cast)
        if (first, last) in mentioned and rng.random() < 0.6:
            return rng.choice(("Mr", "Ms", "Dr")) + " " + last
        mentioned.add((first, last))
        return f"{first} {last}"

    pool = rng.choices(world.vocabulary, cum_weights=world.cum_weights, k=words + 20)
    sentences = []
    used = 0
    while used < words:
        n = min(rng.randint(8, 30), words - used) or 1
        chunk = pool[used:used + n]
        used += n
        sentence = list(chunk)
        roll = rng.random()
        if roll < 0.25:
            sentence.insert(rng.randrange(len(sentence) + 1), "said " + person())
        elif roll < 0.40:
            sentence.insert(rng.randrange(len(sentence) + 1), "in " + rng.choice(places))
        elif roll < 0.45:
            other = day - datetime.timedelta(days=rng.randrange(1, 60))
            sentence.insert(rng.randrange(len(sentence) + 1), "on " + long_date(other))
        elif roll < 0.50:
            sentence.insert(rng.randrange(len(sentence) + 1), f"{rng.randint(2, 950)} {rng.choice(('million', 'people', 'percent', 'km'))}")
        text = " ".join(sentence)
        sentences.append(text[0].upper() + text[1:] + rng.choice((".", ".", ".", ".", "?", "!")))
    paragraphs, i = [], 0
    while i < len(sentences):
        k = rng.randint(2, 5)
        paragraphs.append(" ".join(sentences[i:i + k]))
        i += k
    title_words = rng.choices(world.vocabulary[:3000], k=rng.randint(5, 10))
    title = " ".join(title_words)
    title = title[0].upper() + title[1:]
    roll = rng.random()
    if roll < 0.5:
        title = f"{cast[0][0]} {cast[0][1]}: {title}" if rng.random() < 0.4 else f"{title} in {places[0]}"
    source = rng.choice(SOURCES)
    author = " ".join(rng.choice(world.people))
    slug = "-".join(title_words[:4]).replace("'", "")
    folder = os.path.join(section, f"{day.year}-{day.month:02d}")

    fmt = rng.random()
    body = "\n\n".join(paragraphs)
    if fmt < 0.75:
        name = f"{slug}-{number}.txt"
        text = f"Title: {title}\nDate: {day.isoformat()}\nSource: {source}\nAuthor: {author}\n\n{body}\n"
    elif fmt < 0.87:
        name = f"{slug}-{number}.txt"
        dateline = f"{places[0].upper()}, {long_date(day)} \u2014 "
        text = f"{title}\n\n{dateline}{body}\n"
    else:
        name = f"{slug}-{number}.md"
        front = [f'title: "{title}"', f"date: {day.isoformat()}", f"source: {source}", f"author: {author}"]
        if rng.random() < 0.5:
            front += ["places:"] + [f"  - {p}" for p in dict.fromkeys(places)]
        text = "---\n" + "\n".join(front) + f"\n---\n\n# {title}\n\n{body}\n"
    return os.path.join(folder, name), text


def generate(size, out, seed=42):
    world = World(seed)
    total = 0
    made = set()
    for number in range(size):
        rel, text = make_article(world, seed, number)
        folder = os.path.join(out, os.path.dirname(rel))
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        data = text.encode("utf-8")
        with open(os.path.join(out, rel), "wb") as f:
            f.write(data)
        total += len(data)
    manifest = world.manifest()
    manifest.update({"size": size, "seed": seed, "bytes": total})
    with open(out.rstrip("/") + ".manifest.json", "w") as f:
        json.dump(manifest, f)
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    if os.path.exists(args.out) and os.listdir(args.out):
        sys.exit(f"gen_corpus: {args.out} exists and is not empty")
    total = generate(args.size, args.out, args.seed)
    print(f"{args.size} articles, {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
