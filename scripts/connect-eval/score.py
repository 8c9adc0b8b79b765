#!/usr/bin/env python3
"""Score story and copy predictions of newsdesk's connect package.

    score.py --labels LABELS --pred PRED [--split dev|heldout|all] [--json]
    score.py --selftest [--shared DIR]

LABELS  {"articles": {"<key>": {"story": "...", "copy": "...", "split"?: "dev"|"heldout"}}}
        (connect/testdata/l3s-gn1/labels.json, truth.json written by mkcopies.py, or
        connect/testdata/crosslang/labels.json, whose keys are "<set>/<id>")
PRED    either JSON {"<key>": {"story": "...", "copy_of": "<key>"|null}}
        or the JSONL export of newsdesk: one article a line with "url", "story" and
        "copy_of" (copy_of may name the original by its url); the key is the url, or
        the label key that the url contains (e.g. .../<l3s id>).

Reports pairwise precision/recall/F1 (over all pairs of labelled articles) and
B-cubed precision/recall/F1, for stories and for copy groups. An article missing
from the prediction counts as a story and a copy group of its own.

--selftest scores the gold labels as a prediction (all 1.0) and a TF-IDF cosine
baseline on the l3s-gn1 labels (texts from the shared data: --shared, default
$NEWSDESK_SHARED or ../shared beside the repository): connected components of the
article pairs with cosine >= t, t tuned on dev for pairwise F1, reported on dev
and heldout; then the same baseline on the copy test written by mkcopies.py.
Standard library only.
"""
import argparse
import collections
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
L3S_LABELS = os.path.join(TOP, 'connect', 'testdata', 'l3s-gn1', 'labels.json')


# --- reading -----------------------------------------------------------------

def load_labels(path, split='all'):
    with open(path, encoding='utf-8') as fh:
        arts = json.load(fh)['articles']
    if split != 'all':
        arts = {k: v for k, v in arts.items() if v.get('split', split) == split}
    return arts


def load_pred(path):
    """Returns {key: (story or None, copy_of or None)}."""
    with open(path, encoding='utf-8') as fh:
        data = fh.read()
    out = {}
    try:
        obj = json.loads(data)
    except ValueError:
        obj = None
    if isinstance(obj, dict) and isinstance(obj.get('articles'), dict):
        obj = obj['articles']
    if isinstance(obj, dict) and obj and all(isinstance(v, dict) for v in obj.values()):
        for k, v in obj.items():
            out[k] = (v.get('story'), v.get('copy_of'))
        return out
    for line in data.splitlines():
        line = line.strip()
        if not line:
            continue
        r = json.loads(line)
        key = r.get('url') or r.get('key') or r.get('id')
        out[str(key)] = (r.get('story'), r.get('copy_of'))
    return out


def resolve(pred, gold_keys):
    """Maps the prediction's keys (urls or keys) to gold keys."""
    gold = set(gold_keys)
    by_len = sorted(gold, key=len, reverse=True)
    cache = {}

    def key_of(x):
        if x is None:
            return None
        x = str(x)
        if x in cache:
            return cache[x]
        k = x if x in gold else None
        if k is None:
            for g in by_len:
                if g in x:
                    k = g
                    break
        cache[x] = k
        return k

    out = {}
    for x, (story, copy_of) in pred.items():
        k = key_of(x)
        if k is None:
            continue
        out[k] = (story, key_of(copy_of) if copy_of not in (None, '') else None)
    return out


# --- clusters ----------------------------------------------------------------

def clusters_from_labels(labels, field):
    # a label set without copy groups (crosslang) makes every article its own copy group
    return {k: v.get(field) or ('own', k) for k, v in labels.items()}


def clusters_from_pred(pred, keys):
    story, parent = {}, {k: k for k in keys}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for k in keys:
        s, c = pred.get(k, (None, None))
        story[k] = ('p', s) if s not in (None, '') else ('own', k)
        if c is not None and c in parent and c != k:
            parent[find(k)] = find(c)
    copy = {k: find(k) for k in keys}
    return story, copy


def pairs(assign):
    groups = collections.defaultdict(list)
    for k, g in assign.items():
        groups[g].append(k)
    out = set()
    for m in groups.values():
        m.sort()
        for i in range(len(m)):
            for j in range(i + 1, len(m)):
                out.add((m[i], m[j]))
    return out


def prf(p, r):
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def pairwise(gold, pred):
    g, p = pairs(gold), pairs(pred)
    tp = len(g & p)
    prec = tp / len(p) if p else 1.0
    rec = tp / len(g) if g else 1.0
    return prf(prec, rec) + (tp, len(p), len(g))


def bcubed(gold, pred):
    gg, pg = collections.defaultdict(set), collections.defaultdict(set)
    for k in gold:
        gg[gold[k]].add(k)
        pg[pred[k]].add(k)
    P = R = 0.0
    for k in gold:
        a, b = gg[gold[k]], pg[pred[k]]
        inter = len(a & b)
        P += inter / len(b)
        R += inter / len(a)
    n = len(gold) or 1
    return prf(P / n, R / n)


def score(labels, pred):
    keys = sorted(labels)
    ps, pc = clusters_from_pred(pred, keys)
    gs, gc = clusters_from_labels(labels, 'story'), clusters_from_labels(labels, 'copy')
    missing = sum(1 for k in keys if k not in pred)
    res = {'articles': len(keys), 'missing_in_prediction': missing}
    for name, g, p in (('story', gs, ps), ('copy', gc, pc)):
        P, R, F, tp, npred, ngold = pairwise(g, p)
        bP, bR, bF = bcubed(g, p)
        res[name] = {'pairwise': {'precision': P, 'recall': R, 'f1': F, 'true_pairs': tp,
                                  'predicted_pairs': npred, 'gold_pairs': ngold},
                     'bcubed': {'precision': bP, 'recall': bR, 'f1': bF}}
    return res


def report(res, title=''):
    lines = []
    if title:
        lines.append(title)
    lines.append('articles %d (missing in prediction: %d)' % (res['articles'], res['missing_in_prediction']))
    for name in ('story', 'copy'):
        pw, bc = res[name]['pairwise'], res[name]['bcubed']
        lines.append('  %-5s pairwise P %.3f R %.3f F1 %.3f (%d of %d predicted pairs right, %d gold pairs)'
                     '   B-cubed P %.3f R %.3f F1 %.3f' % (
                         name, pw['precision'], pw['recall'], pw['f1'], pw['true_pairs'], pw['predicted_pairs'],
                         pw['gold_pairs'], bc['precision'], bc['recall'], bc['f1']))
    return '\n'.join(lines)


# --- TF-IDF baseline -----------------------------------------------------------

STOP = set('''the a an of to in and or for on at by with from is are was were be been has have had it its this that
as he she they we i you his her their our said says will would could should not but about after over more than
also who which what when where up out new one two into there mr mrs der die das und den dem des ein eine einer
ist sind war wird wurde werden mit von zu im in auf für nicht sich auch es sie er bei nach aus am an als wie
dass hat haben noch nur oder um über vor so'''.split())


def tokens(s):
    return [w for w in re.findall(r'[^\W\d_]{3,}|\d[\d.,]*', s.lower()) if w not in STOP]


def tfidf(docs):
    """docs: {key: (title, text)} -> {key: {term: weight}} (unit length)."""
    tf = {k: collections.Counter(tokens(t) * 2 + tokens(b)) for k, (t, b) in docs.items()}
    df = collections.Counter()
    for c in tf.values():
        df.update(c.keys())
    n = len(docs)
    vec = {}
    for k, c in tf.items():
        v = {w: (1 + math.log(x)) * math.log(n / df[w]) for w, x in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vec[k] = {w: x / norm for w, x in v.items() if x > 0}
    return vec


def cosines(vec, keys):
    post = collections.defaultdict(list)
    for k in keys:
        for w, x in vec[k].items():
            post[w].append((k, x))
    sims = collections.defaultdict(float)
    for lst in post.values():
        if len(lst) > 200:
            continue
        for i in range(len(lst)):
            a, x = lst[i]
            for j in range(i + 1, len(lst)):
                b, y = lst[j]
                sims[(a, b) if a < b else (b, a)] += x * y
    return sims


def components(keys, sims, t):
    parent = {k: k for k in keys}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), s in sims.items():
        if s >= t:
            parent[find(a)] = find(b)
    return {k: find(k) for k in keys}


def baseline_pred(keys, sims, t_story, t_copy):
    st = components(keys, sims, t_story)
    cp = components(keys, sims, t_copy)
    # copy_of: the group's first key (any member works for the scorer)
    first = {}
    for k in sorted(keys):
        first.setdefault(cp[k], k)
    return {k: ('b%s' % st[k], first[cp[k]] if first[cp[k]] != k else None) for k in keys}


GRID = [round(0.02 * i, 2) for i in range(2, 50)]


def tune(labels, sims, field):
    keys = sorted(labels)
    gold = clusters_from_labels(labels, field)
    best = None
    for t in GRID:
        f = pairwise(gold, components(keys, sims, t))[2]
        if best is None or f > best[1] + 1e-12:
            best = (t, f)
    return best[0]


def selftest(shared):
    checks = []
    labels = load_labels(L3S_LABELS)
    gold_pred = {k: (v['story'], None) for k, v in labels.items()}
    # copy_of from the gold copy groups
    first = {}
    for k in sorted(labels):
        first.setdefault(labels[k]['copy'], k)
    gold_pred = {k: (labels[k]['story'], first[labels[k]['copy']] if first[labels[k]['copy']] != k else None)
                 for k in labels}
    res = score(labels, gold_pred)
    print(report(res, 'gold as prediction (l3s-gn1, all):'))
    ok = True
    for name in ('story', 'copy'):
        for m in ('pairwise', 'bcubed'):
            for q in ('precision', 'recall', 'f1'):
                if abs(res[name][m][q] - 1.0) > 1e-9:
                    print('FAIL: gold scores %s %s %s = %.3f' % (name, m, q, res[name][m][q]))
                    ok = False
    checks.append(ok)
    # a JSONL prediction keyed by urls that contain the keys
    with tempfile.NamedTemporaryFile('w', suffix='.jsonl', delete=False, encoding='utf-8') as fh:
        for k, (s, c) in gold_pred.items():
            fh.write(json.dumps({'url': 'https://x.example/l3s/' + k, 'story': s,
                                 'copy_of': ('https://x.example/l3s/' + c) if c else None}) + '\n')
        tmp = fh.name
    res2 = score(labels, resolve(load_pred(tmp), labels))
    os.unlink(tmp)
    ok = not (res2['story']['pairwise']['f1'] != 1.0 or res2['copy']['bcubed']['f1'] != 1.0
              or res2['missing_in_prediction'])
    if not ok:
        print('FAIL: JSONL prediction keyed by url does not score 1.0')
    checks.append(ok)
    # a prediction that joins nothing: precision 1 by convention, recall 0 where gold has pairs
    res3 = score(labels, {})
    ok = res3['story']['pairwise']['recall'] == 0.0 and res3['story']['pairwise']['precision'] == 1.0
    if not ok:
        print('FAIL: empty prediction has story recall %.3f' % res3['story']['pairwise']['recall'])
    checks.append(ok)

    truth_path = os.path.join(shared, 'data', 'extraction', 'l3s-gn1', 'truth.json')
    if not os.path.exists(truth_path):
        print('SKIP baseline: %s not found (set --shared or NEWSDESK_SHARED)' % truth_path)
        print('%d passed, %d failed' % (checks.count(True), checks.count(False)))
        return 0 if all(checks) else 1
    with open(truth_path, encoding='utf-8') as fh:
        truth = json.load(fh)
    docs = {k: (truth[k].get('title') or '', truth[k].get('articleBody') or '') for k in labels}
    vec = tfidf(docs)
    print('\nTF-IDF cosine baseline (title twice + body, idf over the 356 articles, connected components of pairs with cosine >= t):')
    halves = {s: {k: v for k, v in labels.items() if v['split'] == s} for s in ('dev', 'heldout')}
    sims = {s: cosines(vec, sorted(h)) for s, h in halves.items()}
    t_story = tune(halves['dev'], sims['dev'], 'story')
    t_copy = tune(halves['dev'], sims['dev'], 'copy')
    print('thresholds tuned on dev: story t=%.2f, copy t=%.2f' % (t_story, t_copy))
    summary = {}
    for s in ('dev', 'heldout'):
        keys = sorted(halves[s])
        res = score(halves[s], baseline_pred(keys, sims[s], t_story, t_copy))
        summary[s] = res['story']['pairwise']['f1']
        print(report(res, '%s:' % s))
    print('baseline pairwise story F1: dev %.3f, heldout %.3f' % (summary['dev'], summary['heldout']))

    # the copy test
    mk = os.path.join(HERE, 'mkcopies.py')
    out = tempfile.mkdtemp(prefix='newsdesk-copies-')
    r = subprocess.run([sys.executable, mk, '--shared', shared, '--out', out], capture_output=True, text=True)
    checks.append(r.returncode == 0)
    if r.returncode != 0:
        print('FAIL: mkcopies.py: ' + r.stderr.strip())
    else:
        clabels = load_labels(os.path.join(out, 'truth.json'))
        rows = [json.loads(l) for l in open(os.path.join(out, 'copies.jsonl'), encoding='utf-8')]
        cdocs = {x['url']: (x['title'], x['text']) for x in rows}
        cvec = tfidf(cdocs)
        keys = sorted(clabels)
        csims = cosines(cvec, keys)
        res = score(clabels, baseline_pred(keys, csims, t_story, t_copy))
        print(report(res, '\ncopy test (generated by mkcopies.py, seed 20080110; same thresholds):'))
        t_best = tune(clabels, csims, 'copy')
        res_b = score(clabels, baseline_pred(keys, csims, t_story, t_best))
        print('  (oracle copy threshold on this set t=%.2f: copy pairwise F1 %.3f)' % (
            t_best, res_b['copy']['pairwise']['f1']))
    shutil.rmtree(out, ignore_errors=True)
    print('%d passed, %d failed' % (checks.count(True), checks.count(False)))
    return 0 if all(checks) else 1


def main(argv=None):
    ap = argparse.ArgumentParser(description='Score story and copy predictions (pairwise and B-cubed).')
    ap.add_argument('--labels', default=L3S_LABELS)
    ap.add_argument('--pred')
    ap.add_argument('--split', default='all', choices=['dev', 'heldout', 'all'])
    ap.add_argument('--json', action='store_true', help='print the scores as JSON')
    ap.add_argument('--selftest', action='store_true')
    ap.add_argument('--shared', default=os.environ.get('NEWSDESK_SHARED', os.path.join(TOP, '..', 'shared')))
    args = ap.parse_args(argv)
    if args.selftest:
        return selftest(args.shared)
    if not args.pred:
        ap.error('--pred is required (or --selftest)')
    labels = load_labels(args.labels, args.split)
    pred = resolve(load_pred(args.pred), labels)
    res = score(labels, pred)
    if args.json:
        print(json.dumps(res, indent=1))
    else:
        print(report(res, '%s (%s):' % (args.labels, args.split)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
