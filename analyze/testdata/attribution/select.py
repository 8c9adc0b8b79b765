#!/usr/bin/env python3
"""Chooses the texts of the attribution set from the extraction data in
../shared (fixed seed) and writes dev/sources.json and heldout/sources.json.

usage: python3 select.py [SHARED]        (default: ../shared from the repository root)
       python3 select.py --dev2 [SHARED]  a second development part, dev2/sources.json

Run once, before annotation; the committed sources.json files are its output.
"""
import json, os, random, re, sys

SEED = 20261204
HERE = os.path.dirname(os.path.abspath(__file__))
ARGS = [a for a in sys.argv[1:] if a != '--dev2']
SHARED = ARGS[0] if ARGS else os.path.join(HERE, '..', '..', '..', '..', 'shared')
EXT = os.path.join(SHARED, 'data', 'extraction')

# cues of attribution, only to prefer texts that have something to annotate
CUE = re.compile(r'\b(dpa|AFP|Reuters|AP|Associated Press|epd|KNA|sid|dts|APA|SDA|laut|zufolge|Angaben|'
                 r'mit(geteilt|teilte)|teilte|sagte|hieß es|berichte[tn]?|Bericht|Studie|Prozent|Millionen|'
                 r'according to|said|says|told|reported|report|survey|study|percent|million)\b')

CREDIT = re.compile(r'\((AP|AFP|Reuters|dpa)\)|^\s*(By\s+)?(The\s+)?(Associated Press|Reuters|AFP|Agence France-Presse)\s*$|'
                    r'(Associated Press|Reuters|AFP) contributed|©\s*(AP|AFP|Reuters)\b', re.M)
_cache = {}

def body(c):
    if c['folder'] not in _cache:
        _cache[c['folder']] = load(c['folder'])
    return _cache[c['folder']][c['key']].get('articleBody') or ''

def load(ds):
    with open(os.path.join(EXT, ds, 'truth.json'), encoding='utf-8') as fh:
        return json.load(fh)

def extra(v):
    e = v.get('extra') or {}
    if isinstance(e, str):
        import ast
        e = ast.literal_eval(e)
    return e

def pick(rng, pool, n):
    """about three quarters from the cue-richest third, the rest at random from the others"""
    pool = sorted(pool, key=lambda c: c['key'])
    rng.shuffle(pool)
    pool.sort(key=lambda c: -c['score'])
    n_rich = round(n * 0.75)
    top = pool[:max(n_rich, len(pool) // 3)]
    rich = rng.sample(top, min(n_rich, len(top)))
    rest = [c for c in pool if c not in rich]
    return rich + rng.sample(rest, n - len(rich))

def main():
    rng = random.Random(SEED)
    # German: fundus de/at/ch, whole texts up to 6000 characters
    f = load('fundus')
    de_pool, en_strata = [], {}
    for k, v in sorted(f.items()):
        e, b = extra(v), v['articleBody']
        c = dict(folder='fundus', key=k, date=v.get('date'), score=len(CUE.findall(b)), publisher=e.get('publisher'))
        if e.get('country') in ('de', 'at', 'ch') and len(b) <= 6000:
            de_pool.append(dict(c, lang='de'))
        elif e.get('country') in ('us', 'uk') and len(b) <= 5000:
            en_strata.setdefault('fundus', []).append(dict(c, lang='en'))
    # English: other sets, news-like texts of 800-4000 characters
    for ds in ('l3s-gn1', 'big9', 'scrapinghub', 'dragnet', 'cleanportaleval'):
        for k, v in sorted(load(ds).items()):
            b = v.get('articleBody') or ''
            if not 800 <= len(b) <= 4000:
                continue
            if ds == 'big9' and extra(v).get('site') not in ('bbc.com', 'foxnews.com', 'forbes.com'):
                continue
            if ds == 'scrapinghub' and len(re.findall(r'\b(the|and|of|to)\b', b)) < 20:
                continue  # not English
            c = dict(folder=ds, key=k, lang='en', score=len(CUE.findall(b)))
            if ds == 'big9':
                c['date'] = extra(v).get('year')
            en_strata.setdefault(ds, []).append(c)
    de = pick(rng, de_pool, 29)
    counts = {'fundus': 9, 'l3s-gn1': 8, 'big9': 4, 'scrapinghub': 4, 'dragnet': 3, 'cleanportaleval': 2}
    en = []
    for ds in sorted(counts):
        en += pick(rng, en_strata[ds], counts[ds])
    rng.shuffle(de); rng.shuffle(en)
    parts = {'dev': (de[:19], en[:20]), 'heldout': (de[19:], en[20:])}
    # a further stratum so that agency credits are not too rare: English texts
    # with a dateline or credit line of an agency, drawn with their own seed
    # (the German truth texts carry almost no credit lines)
    taken = {(c['folder'], c['key']) for c in de + en}
    credited = [c for ds in sorted(en_strata) for c in en_strata[ds]
                if (c['folder'], c['key']) not in taken and CREDIT.search(body(c))]
    rng2 = random.Random(SEED + 1)
    more = rng2.sample(sorted(credited, key=lambda c: (c['folder'], c['key'])), 7)
    parts['dev'] = (parts['dev'][0], parts['dev'][1] + more[:4])
    parts['heldout'] = (parts['heldout'][0], parts['heldout'][1] + more[4:])
    for part, (dl, el) in parts.items():
        out = {}
        if part == 'dev':
            out['dev-de-00'] = dict(path='seed/article-de.txt', from_line=2, lang='de', date='2024-06-19')
        for lang, lst in (('de', dl), ('en', el)):
            for i, c in enumerate(lst, 1):
                did = '%s-%s-%02d' % (part, lang, i)
                s = dict(folder=c['folder'], key=c['key'], lang=lang)
                if c.get('date'):
                    s['date'] = c['date']
                out[did] = s
        os.makedirs(os.path.join(HERE, part), exist_ok=True)
        with open(os.path.join(HERE, part, 'sources.json'), 'w', encoding='utf-8') as fh:
            json.dump(out, fh, indent=1, ensure_ascii=False, sort_keys=True)
            fh.write('\n')
        print(part, len(out))

def cut(b, limit):
    """the code-point range of b up to limit, ended at the last paragraph break
    before it (or the whole text when it is short enough)"""
    if len(b) <= limit:
        return None
    end = b.rfind('\n', 0, limit)
    if end < limit // 2:
        end = max(b.rfind('. ', 0, limit) + 1, limit // 2)
    return [0, end]


def main_dev2():
    """dev2: a fresh development part from the same kinds of sources, made
    after dev and heldout, with none of their texts. The German fundus pages
    of up to 6,000 characters are nearly all taken, so longer German pages come
    in cut to their first 4,500 characters (at a paragraph end); English texts
    over 4,000 characters are cut the same way."""
    rng = random.Random(SEED + 2)
    taken = set()
    for part in ('dev', 'heldout'):
        with open(os.path.join(HERE, part, 'sources.json'), encoding='utf-8') as fh:
            taken |= {(s['folder'], s['key']) for s in json.load(fh).values() if 'folder' in s}
    f = load('fundus')
    de_pool, en_strata = [], {}
    for k, v in sorted(f.items()):
        if ('fundus', k) in taken:
            continue
        e, b = extra(v), v['articleBody']
        c = dict(folder='fundus', key=k, date=v.get('date'), score=len(CUE.findall(b)))
        if e.get('country') in ('de', 'at', 'ch') and len(b) >= 800:
            de_pool.append(dict(c, lang='de', excerpt=cut(b, 4500)))
        elif e.get('country') in ('us', 'uk') and len(b) >= 800:
            en_strata.setdefault('fundus', []).append(dict(c, lang='en', excerpt=cut(b, 4000)))
    for ds in ('l3s-gn1', 'big9', 'scrapinghub', 'dragnet', 'cleanportaleval'):
        for k, v in sorted(load(ds).items()):
            b = v.get('articleBody') or ''
            if (ds, k) in taken or not 800 <= len(b) <= 4000:
                continue
            if ds == 'big9' and extra(v).get('site') not in ('bbc.com', 'foxnews.com', 'forbes.com'):
                continue
            if ds == 'scrapinghub' and len(re.findall(r'\b(the|and|of|to)\b', b)) < 20:
                continue
            c = dict(folder=ds, key=k, lang='en', score=len(CUE.findall(b)))
            if ds == 'big9':
                c['date'] = extra(v).get('year')
            en_strata.setdefault(ds, []).append(c)
    de = pick(rng, de_pool, 15)
    counts = {'fundus': 5, 'l3s-gn1': 4, 'big9': 2, 'scrapinghub': 2, 'dragnet': 1, 'cleanportaleval': 1}
    en = []
    for ds in sorted(counts):
        en += pick(rng, en_strata[ds], counts[ds])
    rng.shuffle(de); rng.shuffle(en)
    out = {}
    for lang, lst in (('de', de), ('en', en)):
        for i, c in enumerate(lst, 1):
            s = dict(folder=c['folder'], key=c['key'], lang=lang)
            if c.get('date'):
                s['date'] = c['date']
            if c.get('excerpt'):
                s['excerpt'] = c['excerpt']
            out['dev2-%s-%02d' % (lang, i)] = s
    os.makedirs(os.path.join(HERE, 'dev2'), exist_ok=True)
    with open(os.path.join(HERE, 'dev2', 'sources.json'), 'w', encoding='utf-8') as fh:
        json.dump(out, fh, indent=1, ensure_ascii=False, sort_keys=True)
        fh.write('\n')
    print('dev2', len(out))


if __name__ == '__main__':
    if '--dev2' in sys.argv[1:]:
        main_dev2()
    else:
        main()
