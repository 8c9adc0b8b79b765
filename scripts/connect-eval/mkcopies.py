#!/usr/bin/env python3
"""Generate the copy test of newsdesk's connect package: agency-style copies
of real articles, with hard negatives, as JSONL for `newsdesk import`, and
the ground truth (copy groups and stories) next to it.

    mkcopies.py [--shared DIR] [--out DIR] [--seed N]

--shared  the shared tree (default $NEWSDESK_SHARED or ../shared beside the
          repository); texts come from data/extraction/{fundus,l3s-gn1}.
--out     where to write copies.jsonl and truth.json (default: a new temp
          dir, printed). The source texts may not be redistributed, so the
          output is generated at test time and never committed.
--seed    random seed (default 20080110); the same seed and the same shared
          data give byte-identical output.

Every edit kind and its rate is documented in connect/testdata/copies/README.md;
keep the two in step (RATES below).
"""
import argparse
import collections
import datetime as dt
import hashlib
import json
import math
import os
import random
import re
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))

# Probability that one copy gets each edit (independently). Documented in
# connect/testdata/copies/README.md.
RATES = collections.OrderedDict([
    ('headline', 0.80),       # another headline
    ('dateline', 0.60),       # "BERLIN (dpa) –" / "(Reuters) -" before the lede
    ('credit', 0.50),         # credit line at the end: "AFP/dpa/lem", "(Reporting by ...)"
    ('trim', 0.35),           # trimmed ending: last paragraphs dropped
    ('extend', 0.20),         # extended ending: one closing paragraph added
    ('update', 0.20),         # an update paragraph on top
    ('blurb', 0.30),          # the site's blurb at the top or the bottom
    ('words', 0.60),          # small word edits (about 1 per 150 words, at least 1)
    ('paragraphs', 0.40),     # paragraph merges / splits
])
COPIES_PER_SOURCE = [(1, 0.45), (2, 0.35), (3, 0.20)]
SHARE_WITH_COPIES = 0.70       # of the source articles that get copies
NEIGHBOURS = 30                # same-topic, other-story neighbours added (l3s-gn1)
BRIEF_SHARE = 0.30             # of the trims (texts of >= 5 paragraphs) that cut to a brief

OUTLETS = {
    'en': ['Harbour Herald', 'Midland Courier', 'Valley Ledger', 'Northern Star Online', 'Coast Gazette',
           'Capital Observer', 'Lakeside Tribune', 'Metro Daily', 'Riverside Post', 'Prairie News',
           'Island Times', 'Summit Journal'],
    'de': ['Rhein-Kurier', 'Nordsee-Anzeiger', 'Alpenland Nachrichten', 'Stadtblatt Mitte', 'Elbe-Rundschau',
           'Main-Post Online', 'Donau-Zeitung digital', 'Westfalen-Bote', 'Havel-Echo', 'Bodensee-Welt',
           'Ostsee-Journal', 'Saale-Tageblatt'],
}
DATELINES = {
    'en': ['LONDON (Reuters) - ', 'NEW YORK (AP) — ', 'WASHINGTON (AFP) - ', '(Reuters) - ', 'PARIS (AFP) - ',
           'SYDNEY (AAP) - ', 'BRUSSELS (Reuters) - '],
    'de': ['BERLIN (dpa) – ', 'FRANKFURT/MAIN (dpa) - ', 'WIEN (APA) – ', 'HAMBURG (dpa) – ', '(AFP) – ',
           'ZÜRICH (sda) – ', 'MÜNCHEN (dpa/lby) – ', 'BRÜSSEL (Reuters) – '],
}
CREDITS = {
    'en': ['(Reporting by Anna Miller; Editing by Tom Brown)', '--AFP', 'Copyright The Associated Press. All rights reserved.',
           '(Additional reporting by Paul Grant in London; Writing by Sarah Lee)', 'AFP/Reuters/jm', '— With wire reports'],
    'de': ['AFP/dpa/lem', 'dpa/AFP/sk', 'mit Material von dpa und Reuters', '© dpa-infocom, dpa:{code}',
           'Quelle: dpa', 'AFP/jma'],
}
BLURBS = {
    'en': ['Sign up for our morning newsletter to get the day\'s top stories.',
           'This article originally appeared on {outlet}.',
           'Follow {outlet} for the latest updates on this story.',
           'Have a news tip? Contact the {outlet} newsroom.'],
    'de': ['Diese Meldung wurde automatisch aus dem dpa-Newskanal übernommen.',
           'Lesen Sie auch: Die wichtigsten Nachrichten des Tages im Überblick.',
           'Mehr Nachrichten aus der Region finden Sie bei {outlet}.',
           'Dieser Artikel erschien zuerst bei {outlet}.'],
}
UPDATES = {
    'en': ['UPDATE {time}: This story has been updated with new information.',
           'Update, {time}: Adds detail in paragraph {n}.'],
    'de': ['Update {time} Uhr: Der Artikel wurde aktualisiert.',
           'Aktualisiert um {time} Uhr: Weitere Details ergänzt.'],
}
EXTENDS = {
    'en': ['Further details were not immediately available.',
           'Officials said more information would be released later in the day.',
           'The story is developing and will be updated.'],
    'de': ['Weitere Einzelheiten waren zunächst nicht bekannt.',
           'Die Ermittlungen dauern an.',
           'Eine Stellungnahme lag zunächst nicht vor.'],
}
HEADLINE_PREFIX = {
    'en': ['UPDATE 1-', 'UPDATE 2-', 'Breaking: ', 'WRAPUP-'],
    'de': ['Kurz gemeldet: ', 'Eilmeldung: ', 'Ticker: ', 'Nach Bericht: '],
}
SWAPS = {
    'en': [('said', 'says'), ('percent', 'per cent'), ('about', 'around'), ('more than', 'over'),
           ('however', 'but'), ('told', 'said to'), ('also', 'as well'), ('children', 'kids'),
           ('approximately', 'about'), ('announced', 'said')],
    'de': [('sagte', 'sagt'), ('Prozent', '%'), ('rund', 'etwa'), ('mehr als', 'über'), ('bislang', 'bisher'),
           ('zudem', 'außerdem'), ('jedoch', 'aber'), ('erklärte', 'sagte'), ('derzeit', 'momentan'),
           ('Kinder', 'Kids')],
}
WEEKDAY_BASE = dt.datetime(2008, 1, 10, 8, 0, tzinfo=dt.timezone.utc)


def slug(s, n=8):
    s = s.lower().replace('ä', 'ae').replace('ö', 'oe').replace('ü', 'ue').replace('ß', 'ss')
    w = re.findall(r'[a-z0-9]+', s)
    return '-'.join(w[:n]) or 'artikel'


def host(outlet):
    return re.sub(r'[^a-z0-9]+', '-', outlet.lower()
                  .replace('ä', 'ae').replace('ö', 'oe').replace('ü', 'ue').replace('ß', 'ss')).strip('-') + '.example'


def paragraphs(text):
    return [p.strip() for p in re.split(r'\n+', text or '') if p.strip()]


def sentences(p):
    return [s for s in re.split(r'(?<=[.!?])\s+(?=[A-ZÄÖÜ"„“])', p) if s]


def load(shared):
    base = os.path.join(shared, 'data', 'extraction')
    arts = []
    with open(os.path.join(base, 'fundus', 'truth.json'), encoding='utf-8') as fh:
        fundus = json.load(fh)
    for k in sorted(fundus):
        v = fundus[k]
        extra = v.get('extra') or ''
        m = re.search(r'''["']country["']: ["'](\w+)["']''', extra if isinstance(extra, str) else json.dumps(extra))
        country = m.group(1) if m else ''
        lang = 'de' if country in ('de', 'at', 'ch') else 'en'
        pub = v.get('date') or '2024-01-01'
        arts.append(dict(key='fundus/' + k, set='fundus', lang=lang, title=v.get('title') or '',
                         paras=paragraphs(v.get('articleBody')), url=v.get('url') or '',
                         published=dt.datetime.fromisoformat(pub[:10] + 'T09:00:00+00:00'),
                         outlet=re.sub(r'^https?://(www\.)?([^/]+).*', r'\2', v.get('url') or '')))
    with open(os.path.join(base, 'l3s-gn1', 'truth.json'), encoding='utf-8') as fh:
        l3s = json.load(fh)
    labels_path = os.path.join(TOP, 'connect', 'testdata', 'l3s-gn1', 'labels.json')
    with open(labels_path, encoding='utf-8') as fh:
        labels = json.load(fh)['articles']
    for i, k in enumerate(sorted(l3s)):
        v = l3s[k]
        if k not in labels:
            continue
        # no dates in the set: spread the articles over three weeks of January 2008
        # (a story's articles within 36 hours of each other)
        hs = int(hashlib.sha256(labels[k]['story'].encode()).hexdigest()[:8], 16)
        h = int(hashlib.sha256(k.encode()).hexdigest()[:8], 16)
        arts.append(dict(key='l3s-gn1/' + k, set='l3s-gn1', lang='en', title=v.get('title') or '',
                         paras=paragraphs(v.get('articleBody')), url='',
                         published=WEEKDAY_BASE + dt.timedelta(minutes=hs % (21 * 24 * 60) + h % (36 * 60)),
                         outlet='l3s-site-' + k[:6], story=labels[k]['story'], copy=labels[k]['copy']))
    return arts


def words(a):
    return sum(len(p.split()) for p in a['paras'])


def tfidf(arts):
    toks = {}
    for a in arts:
        t = re.findall(r'\w{3,}', (a['title'] + ' ') * 2 + ' '.join(a['paras']).lower())
        toks[a['key']] = collections.Counter(w.lower() for w in t)
    df = collections.Counter()
    for c in toks.values():
        df.update(c.keys())
    n = len(arts)
    vec = {}
    for k, c in toks.items():
        v = {w: (1 + math.log(x)) * math.log(n / df[w]) for w, x in c.items() if df[w] < n / 4}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1
        vec[k] = {w: x / norm for w, x in v.items()}
    return vec


def cos(a, b):
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


# --- edits -----------------------------------------------------------------

def e_headline(rng, a, c):
    lang = a['lang']
    kind = rng.choice(['prefix', 'lede', 'reorder', 'suffix'])
    t = a['title'] or (a['paras'][0] if a['paras'] else '')
    if kind == 'prefix':
        c['title'] = rng.choice(HEADLINE_PREFIX[lang]) + t
    elif kind == 'lede' and c['paras']:
        w = sentences(c['paras'][0])[0].split()
        c['title'] = ' '.join(w[:rng.randint(6, 11)]).rstrip(',;:')
    elif kind == 'reorder' and ':' in t:
        x, y = t.split(':', 1)
        c['title'] = y.strip() + ' – ' + x.strip()
    else:
        kind = 'suffix'
        c['title'] = t + ' | ' + c['outlet']
    return 'headline:' + kind


def e_dateline(rng, a, c):
    if c['paras']:
        c['paras'][0] = rng.choice(DATELINES[a['lang']]) + c['paras'][0]
    return 'dateline'


def e_credit(rng, a, c):
    line = rng.choice(CREDITS[a['lang']]).format(code='%06d-99-%06d/2' % (rng.randint(100000, 999999), rng.randint(0, 999999)))
    c['paras'].append(line)
    return 'credit'


def e_trim(rng, a, c):
    n = len(c['paras'])
    if n < 3:
        return None
    if n >= 5 and rng.random() < BRIEF_SHARE:
        # a brief: the first 20-35% of the paragraphs, at least 40 words
        keep = max(1, int(n * rng.uniform(0.2, 0.35)))
        while keep < n - 1 and sum(len(p.split()) for p in c['paras'][:keep]) < 40:
            keep += 1
        kind = 'brief'
    else:
        keep = max(2, int(math.ceil(n * rng.uniform(0.5, 0.85))))
        kind = 'trim'
    if keep >= n:
        keep = n - 1
    c['paras'] = c['paras'][:keep]
    return '%s:%d/%d' % (kind, keep, n)


def e_extend(rng, a, c):
    others = a.get('same_story') or []
    if others and rng.random() < 0.5:
        # the site adds one or two paragraphs of another outlet's article on the same story
        o = rng.choice(others)
        ps = o['paras'][1:] or o['paras']
        i = rng.randrange(len(ps))
        c['paras'].extend(ps[i:i + rng.randint(1, 2)])
        return 'extend:other-article'
    c['paras'].append(rng.choice(EXTENDS[a['lang']]))
    return 'extend:closing'


def e_update(rng, a, c):
    t = c['published']
    c['paras'].insert(0, rng.choice(UPDATES[a['lang']]).format(time=t.strftime('%H:%M'), n=rng.randint(2, 5)))
    return 'update'


def e_blurb(rng, a, c):
    b = rng.choice(BLURBS[a['lang']]).format(outlet=c['outlet'])
    if rng.random() < 0.5:
        c['paras'].insert(0, b)
        return 'blurb:top'
    c['paras'].append(b)
    return 'blurb:bottom'


def e_words(rng, a, c):
    total = sum(len(p.split()) for p in c['paras'])
    want = max(1, total // 150)
    done = 0
    swaps = SWAPS[a['lang']][:]
    rng.shuffle(swaps)
    for _ in range(want * 3):
        if done >= want or not c['paras']:
            break
        i = rng.randrange(len(c['paras']))
        p = c['paras'][i]
        r = rng.random()
        if r < 0.6:
            x, y = rng.choice(swaps)
            if rng.random() < 0.5:
                x, y = y, x
            m = list(re.finditer(r'\b' + re.escape(x) + r'\b', p))
            if not m:
                continue
            mm = rng.choice(m)
            p = p[:mm.start()] + y + p[mm.end():]
        elif r < 0.8:
            # typography: quotes and dashes
            if '"' in p:
                p = p.replace('"', '“', 1)
            elif ' - ' in p:
                p = p.replace(' - ', ' – ', 1)
            elif ' – ' in p:
                p = p.replace(' – ', ' - ', 1)
            else:
                continue
        else:
            ws = p.split(' ')
            if len(ws) < 8:
                continue
            j = rng.randrange(1, len(ws) - 1)
            del ws[j]
            p = ' '.join(ws)
        c['paras'][i] = p
        done += 1
    return 'words:%d' % done if done else None


def e_paragraphs(rng, a, c):
    ps = c['paras']
    if len(ps) >= 3 and rng.random() < 0.5:
        i = rng.randrange(len(ps) - 1)
        ps[i:i + 2] = [ps[i] + ' ' + ps[i + 1]]
        return 'merge'
    cands = [i for i, p in enumerate(ps) if len(sentences(p)) >= 2]
    if not cands:
        return None
    i = rng.choice(cands)
    s = sentences(ps[i])
    k = rng.randrange(1, len(s))
    ps[i:i + 1] = [' '.join(s[:k]), ' '.join(s[k:])]
    return 'split'


EDITS = dict(headline=e_headline, dateline=e_dateline, credit=e_credit, trim=e_trim, extend=e_extend,
             update=e_update, blurb=e_blurb, words=e_words, paragraphs=e_paragraphs)
ORDER = ['trim', 'paragraphs', 'words', 'extend', 'dateline', 'headline', 'update', 'blurb', 'credit']


def record(url, title, paras, published, lang, outlet):
    return {'url': url, 'title': title, 'text': '\n\n'.join(paras),
            'published': published.strftime('%Y-%m-%dT%H:%M:%SZ'), 'language': lang, 'outlet': outlet}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--shared', default=os.environ.get('NEWSDESK_SHARED', os.path.join(TOP, '..', 'shared')))
    ap.add_argument('--out', default='')
    ap.add_argument('--seed', type=int, default=20080110)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    arts = [a for a in load(args.shared) if words(a) >= 80 and a['paras']]
    byk = {a['key']: a for a in arts}

    # the pool: every fundus article, every l3s-gn1 article of a non-singleton
    # story (same story, not copies, and the real copies), 60 other l3s-gn1
    # articles, and the nearest other-story neighbours of l3s-gn1 articles.
    pool = [a for a in arts if a['set'] == 'fundus']
    l3s = [a for a in arts if a['set'] == 'l3s-gn1']
    size = collections.Counter(a['story'] for a in l3s)
    multi = [a for a in l3s if size[a['story']] > 1]
    rest = [a for a in l3s if size[a['story']] == 1]
    rng.shuffle(rest)
    pool += multi + rest[:60]
    inpool = {a['key'] for a in pool}
    vec = tfidf(l3s)
    neigh = []
    for a in sorted(l3s, key=lambda x: x['key']):
        best = max(((cos(vec[a['key']], vec[b['key']]), b['key']) for b in l3s
                    if b['story'] != a['story']), default=(0, None))
        if best[1]:
            neigh.append((best[0], a['key'], best[1]))
    neigh.sort(reverse=True)
    added = 0
    for s, x, y in neigh:
        if added >= NEIGHBOURS:
            break
        for k in (x, y):
            if k not in inpool:
                pool.append(byk[k])
                inpool.add(k)
        added += 1

    # cross-language story labels for fundus (the Venezuela pair)
    xl_path = os.path.join(TOP, 'connect', 'testdata', 'crosslang', 'labels.json')
    xl = {}
    if os.path.exists(xl_path):
        with open(xl_path, encoding='utf-8') as fh:
            for k, v in json.load(fh)['articles'].items():
                xl[k] = v['story']

    stories_members = collections.defaultdict(list)
    for a in pool:
        if a.get('story'):
            stories_members[a['story']].append(a)
    for a in pool:
        a['same_story'] = [b for b in stories_members.get(a.get('story'), [])
                           if b['key'] != a['key'] and b.get('copy') != a.get('copy')]

    out_rows, truth = [], {}
    stats = collections.Counter()
    used_outlets = collections.defaultdict(set)
    pool.sort(key=lambda a: a['key'])
    for a in pool:
        lang = a['lang']
        story = a.get('story') or xl.get(a['key']) or 'own-' + a['key']
        group = 'copy-' + (a.get('copy') if a.get('copy') and not a['copy'].startswith('own-') else a['key'])
        if a['set'] == 'fundus':
            url = a['url']
            outlet = a['outlet']
        else:
            outlet = a['outlet']
            url = 'https://%s.example/%s/%s' % (outlet, a['published'].strftime('%Y/%m/%d'), slug(a['title'] or a['paras'][0]))
        out_rows.append(record(url, a['title'], a['paras'], a['published'], lang, outlet))
        truth[url] = {'story': story, 'copy': group, 'kind': 'source', 'source': a['key'], 'edits': []}
        stats['source'] += 1
        if rng.random() >= SHARE_WITH_COPIES:
            continue
        r, n = rng.random(), 1
        for k, p in COPIES_PER_SOURCE:
            if r < p:
                n = k
                break
            r -= p
        outlets = [o for o in OUTLETS[lang]]
        rng.shuffle(outlets)
        for j in range(n):
            o = outlets[j]
            c = {'title': a['title'], 'paras': list(a['paras']), 'outlet': o,
                 'published': a['published'] + dt.timedelta(minutes=rng.randint(10, 8 * 60))}
            edits = []
            chosen = [e for e in ORDER if rng.random() < RATES[e]]
            if not chosen:
                chosen = [rng.choice(ORDER)]
            for e in chosen:
                r2 = EDITS[e](rng, a, c)
                if r2:
                    edits.append(r2)
                    stats['edit:' + e] += 1
            stats['copy'] += 1
            curl = 'https://www.%s/%s/%s-%d' % (host(o), c['published'].strftime('%Y/%m/%d'),
                                               slug(c['title'] or a['title']), stats['copy'])
            out_rows.append(record(curl, c['title'], c['paras'], c['published'], lang, o))
            truth[curl] = {'story': story, 'copy': group, 'kind': 'copy', 'source': a['key'], 'edits': edits}
            used_outlets[o].add(lang)

    out = args.out or tempfile.mkdtemp(prefix='newsdesk-copies-')
    os.makedirs(out, exist_ok=True)
    out_rows.sort(key=lambda r: (r['published'], r['url']))
    with open(os.path.join(out, 'copies.jsonl'), 'w', encoding='utf-8') as fh:
        for r in out_rows:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + '\n')
    with open(os.path.join(out, 'truth.json'), 'w', encoding='utf-8') as fh:
        json.dump({'seed': args.seed, 'articles': truth}, fh, ensure_ascii=False, indent=1, sort_keys=True)
    groups = collections.Counter(v['copy'] for v in truth.values())
    stories = collections.Counter(v['story'] for v in truth.values())
    langs = collections.Counter(r['language'] for r in out_rows)
    print(out)
    print('articles %d (%s), sources %d, copies %d, copy groups >=2: %d, stories >=2: %d, '
          'same-story pairs not copies: %d' % (
              len(out_rows), ', '.join('%s %d' % kv for kv in sorted(langs.items())), stats['source'], stats['copy'],
              sum(1 for c in groups.values() if c > 1), sum(1 for c in stories.values() if c > 1),
              sum(c * (c - 1) // 2 for c in stories.values()) - sum(c * (c - 1) // 2 for c in groups.values())),
          file=sys.stderr)
    for e in ORDER:
        print('  %-10s %3d of %d copies (%.0f%%)' % (e, stats['edit:' + e], stats['copy'],
                                                   100.0 * stats['edit:' + e] / max(1, stats['copy'])), file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
