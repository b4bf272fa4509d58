#!/usr/bin/env python3
"""Accuracy of folio-index --language auto on ../shared/corpora/multilingual: every article is indexed
with its `lang` (and `language`) removed, and the tag the detector stored for it is compared with the
one it had, by primary subtag (zh-Hant counts as zh); for Chinese, the script too. Also times indexing with and without detection.

usage: detect_accuracy.py BUILD_DIR CORPUS_DIR WORK_DIR
Prints one line per language: articles, share detected right, the wrong guesses most made; then the
overall share and the two indexing times.
"""
import collections, json, os, subprocess, sys, time
from nolang import strip_lang

def main():
    build, corpus, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    truth, stripped = {}, []
    for f in sorted(os.listdir(corpus)):
        if not f.endswith(".jsonl"):
            continue
        for line in open(os.path.join(corpus, f), encoding="utf-8"):
            d = json.loads(line)
            truth[str(d["id"])] = d.get("lang") or f[:-len(".jsonl")]
        stripped.append(strip_lang(os.path.join(corpus, f), os.path.join(work, f)))
    times = {}
    for mode in ("english", "auto"):
        db = os.path.join(work, f"detect-{mode}.db")
        subprocess.run(["rm", "-rf", db], check=True)
        t0 = time.time()
        subprocess.run([os.path.join(build, "folio-index"), "-q", "-j", "1", "-l", mode, "-d", db] + stripped,
                       check=True)
        times[mode] = time.time() - t0
    db = os.path.join(work, "detect-auto.db")
    search = os.path.join(build, "folio-search")
    right, total, wrong = collections.Counter(), collections.Counter(), collections.defaultdict(collections.Counter)
    script_right = script_total = 0
    for did, lang in truth.items():
        rec = json.loads(subprocess.run([search, "-d", db, "--get", did, "--format", "json"], check=True,
                                        capture_output=True, text=True).stdout)
        got = rec.get("lang")
        got = got[0] if isinstance(got, list) else got
        want = lang.split("-")[0]
        total[lang] += 1
        if got and got.split("-")[0] == want:
            right[lang] += 1
        else:
            wrong[lang][got or "(none)"] += 1
        if want == "zh":  # and the script: zh-Hant, else Simplified
            script_total += 1
            script_right += got == ("zh-Hant" if lang == "zh-Hant" else "zh-Hans")
    print("%-8s %5s %8s  %s" % ("lang", "docs", "right", "wrong guesses"))
    for lang in sorted(total):
        print("%-8s %5d %7.1f%%  %s" % (lang, total[lang], 100 * right[lang] / total[lang],
                                      ", ".join("%s %d" % kv for kv in wrong[lang].most_common(3))))
    print("all      %5d %7.1f%%" % (sum(total.values()), 100 * sum(right.values()) / sum(total.values())))
    if script_total:
        print("Chinese with the right script (zh-Hans / zh-Hant): %.1f%% of %d" % (100 * script_right / script_total, script_total))
    print("indexing with -j 1: %.1f s with -l auto, %.1f s with -l english" % (times["auto"], times["english"]))
    return 0

if __name__ == "__main__":
    sys.exit(main())
